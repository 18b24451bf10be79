// An in-process sandbox Service on a temporary data directory, with a
// signed-in customer of the demo seed: shared by the sandbox's own tests.
#pragma once

#include "service.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace sandbox::testing {

class ServiceTest : public ::testing::Test {
 protected:
  /// Starts the service (seeded with the demo orders) with `options`'s
  /// switches; the data dir, token and fast hashing are set here.
  void start(Options options) {
    char pattern[] = "/tmp/fapiao-sandbox-test-XXXXXX";
    dir_ = mkdtemp(pattern);
    options.data_dir = dir_;
    options.pbkdf2_iterations = 1;
    options.log_requests = false;
    options.operator_token = "op-token";
    service_ = std::make_unique<Service>(options);
    service_->seed_demo();
  }
  void TearDown() override {
    service_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  Response call(const std::string& method, const std::string& target, const std::string& body,
                const std::string& token = {}) {
    Request r{method, target, {}, body};
    if (!token.empty()) r.headers.emplace_back("authorization", "Bearer " + token);
    return service_->serve(r).response;
  }
  Response op(const std::string& method, const std::string& target, const std::string& body) {
    return call(method, target, body, "op-token");
  }

  /// Registers `email` on the demo order, activates it from the outbox and
  /// signs in: the session token.
  std::string sign_up(const std::string& email) {
    call("POST", "/v1/accounts", R"({"email":")" + email + R"(","password":"passw0rd-1","order_id":"DEMO-ORDER-1001"})");
    const auto outbox = boost::json::parse(op("GET", "/sandbox/outbox?to=" + email, "").body);
    const std::string activation(outbox.at("data").as_array().back().at("token").as_string());
    call("POST", "/v1/accounts/activation", R"({"token":")" + activation + "\"}");
    const auto session =
        boost::json::parse(call("POST", "/v1/sessions", R"({"email":")" + email + R"(","password":"passw0rd-1"})").body);
    return std::string(session.at("token").as_string());
  }

  std::filesystem::path dir_;
  std::unique_ptr<Service> service_;
};

}  // namespace sandbox::testing
