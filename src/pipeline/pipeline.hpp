// The pipeline every call goes through: headers (auth, idempotency key,
// request ids, user agent), the retry loop with backoff and Retry-After,
// the call's deadline and cancellation, error mapping and logging.
#pragma once

#include "core/logger.hpp"

#include <fapiao/http.hpp>
#include <fapiao/models.hpp>
#include <fapiao/options.hpp>

#include <functional>
#include <memory>
#include <string>

namespace fapiao::detail {

/// One logical API call.
struct ApiCall {
  std::string method;
  std::string target;
  std::string body;                 // JSON, or empty
  const Session* session = nullptr; // acts for this customer
  bool idempotent = false;          // GET, DELETE: safe to repeat as is
};

/// Test seams: time and randomness, so retry tests are exact and instant.
struct PipelineHooks {
  std::function<void(std::chrono::milliseconds)> sleep;  // default: interruptible real sleep
  std::function<double()> jitter;                        // default: uniform [0.5, 1.0]
};

class Pipeline {
 public:
  Pipeline(ClientOptions options, std::shared_ptr<Transport> transport, std::shared_ptr<const Logger> logger,
           PipelineHooks hooks = {});

  /// A 2xx response, or the Error for the last attempt.
  Result<HttpResponse> execute(const ApiCall& call, const CallOptions& options) const;

  const ClientOptions& options() const { return options_; }
  const Logger& logger() const { return *logger_; }

  /// The backoff before retry `retry` (1 = the first retry), before jitter.
  std::chrono::milliseconds backoff(int retry) const;

 private:
  ClientOptions options_;
  std::shared_ptr<Transport> transport_;
  std::shared_ptr<const Logger> logger_;
  PipelineHooks hooks_;
  std::string user_agent_;
};

/// The Error for a non-2xx response (the service's error body, or the status).
Error error_from_response(const HttpResponse& response);

}  // namespace fapiao::detail
