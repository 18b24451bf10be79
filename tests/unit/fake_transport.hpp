// A scripted Transport for unit tests: answers from a queue, records every
// request it was sent.
#pragma once

#include <fapiao/http.hpp>

#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace fapiao::testing_support {

class FakeTransport : public Transport {
 public:
  Result<HttpResponse> send(const HttpRequest& request, const TransportCall& call) override {
    std::lock_guard lock(mutex_);
    requests.push_back(request);
    deadlines.push_back(call.deadline);
    if (script.empty()) return Error(ErrorCode::internal, "FakeTransport: no scripted answer left");
    auto next = script.front();
    script.pop_front();
    return next;
  }

  void reply(int status, std::string body, HttpHeaders headers = {}) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    r.headers.emplace_back("Request-Id", "req_" + std::to_string(script.size() + requests.size()));
    script.emplace_back(std::move(r));
  }
  void fail(ErrorCode code, std::string message = "scripted failure") {
    script.emplace_back(Error(code, std::move(message)));
  }
  static std::string error_body(const std::string& code, bool retryable = false) {
    return R"({"error":{"code":")" + code + R"(","message":"m","request_id":"req_x","retryable":)" +
           (retryable ? "true" : "false") + R"(,"details":{}}})";
  }

  std::deque<Result<HttpResponse>> script;
  std::vector<HttpRequest> requests;
  std::vector<std::chrono::steady_clock::time_point> deadlines;
  std::mutex mutex_;
};

}  // namespace fapiao::testing_support
