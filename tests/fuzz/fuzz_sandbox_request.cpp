// Fuzz target: the sandbox's request handling — the target's path and query,
// the headers, and the JSON body — through Service::serve, signed in or not.
// Every input gets an answer with a status, never a crash or UB.
#include "service.hpp"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

struct Fixture {
  sandbox::Service* service;
  std::string session_token;
};

Fixture& fixture() {
  static Fixture f = [] {
    char pattern[] = "/tmp/fapiao-fuzz-XXXXXX";
    sandbox::Options options;
    options.data_dir = mkdtemp(pattern);
    options.pbkdf2_iterations = 1;
    options.log_requests = false;
    options.operator_token = "fuzz-operator-token";
    auto* service = new sandbox::Service(options);
    service->seed_demo();
    const auto call = [&](const std::string& method, const std::string& target, const std::string& body,
                          const std::string& token = {}) {
      sandbox::Request r{method, target, {}, body};
      if (!token.empty()) r.headers.emplace_back("authorization", "Bearer " + token);
      return service->serve(r).response;
    };
    call("POST", "/v1/accounts", R"({"email":"fuzz@example.cn","password":"passw0rd-1","order_id":"DEMO-ORDER-1001"})");
    const auto outbox = call("GET", "/sandbox/outbox?to=fuzz@example.cn", "", "fuzz-operator-token").body;
    const auto at = outbox.find("\"token\":\"");
    const std::string token = outbox.substr(at + 9, outbox.find('"', at + 9) - at - 9);
    call("POST", "/v1/accounts/activation", "{\"token\":\"" + token + "\"}");
    const auto session = call("POST", "/v1/sessions", R"({"email":"fuzz@example.cn","password":"passw0rd-1"})").body;
    const auto t = session.find("\"token\":\"");
    return Fixture{service, session.substr(t + 9, session.find('"', t + 9) - t - 9)};
  }();
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  static const char* kMethods[] = {"GET", "POST", "PATCH", "DELETE", "PUT"};
  Fixture& f = fixture();
  sandbox::Request request;
  request.method = kMethods[data[0] % 5];
  const std::string rest(reinterpret_cast<const char*>(data + 2), size - 2);
  const auto newline = rest.find('\n');
  request.target = "/v1/" + rest.substr(0, newline);
  request.body = newline == std::string::npos ? "" : rest.substr(newline + 1);
  if (data[1] % 4 != 0) request.headers.emplace_back("authorization", "Bearer " + f.session_token);
  if (data[1] % 3 == 0) request.headers.emplace_back("idempotency-key", rest.substr(0, 40));
  const sandbox::Outcome outcome = f.service->serve(request);
  if (outcome.disposition == sandbox::Disposition::respond &&
      (outcome.response.status < 200 || outcome.response.status >= 600)) {
    std::abort();
  }
  return 0;
}
