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

/// One logical API call. A value: an asynchronous call keeps it (and the
/// session's token) after the caller's variables are gone.
struct ApiCall {
  std::string method;
  std::string target;
  std::string body;          // JSON, or empty
  std::string bearer;        // the session token it acts with ("" = none)
  bool idempotent = false;   // GET, DELETE: safe to repeat as is
};

/// What a finished asynchronous call hands back: a 2xx response or the Error.
using ExecuteDone = std::function<void(Result<HttpResponse>)>;

/// Test seams: time and randomness, so retry tests are exact and instant.
struct PipelineHooks {
  std::function<void(std::chrono::milliseconds)> sleep;  // default: interruptible real sleep
  std::function<double()> jitter;                        // default: uniform [0.5, 1.0]
};

class Pipeline : public std::enable_shared_from_this<Pipeline> {
 public:
  Pipeline(ClientOptions options, std::shared_ptr<Transport> transport, std::shared_ptr<const Logger> logger,
           PipelineHooks hooks = {});

  /// A 2xx response, or the Error for the last attempt.
  Result<HttpResponse> execute(const ApiCall& call, const CallOptions& options) const;

  /// The same call without blocking: attempts go through Transport::async_send
  /// and the backoff through Transport::async_wait (timers, never a sleep);
  /// `done` runs once, on the transport's thread. The pipeline must be owned
  /// by a shared_ptr. Both forms share one retry policy (next_step below).
  void execute_async(const ApiCall& call, const CallOptions& options, ExecuteDone done) const;

  const ClientOptions& options() const { return options_; }
  const Logger& logger() const { return *logger_; }

  /// The backoff before retry `retry` (1 = the first retry), before jitter.
  std::chrono::milliseconds backoff(int retry) const;

 private:
  struct Attempts;  // one logical call in progress (pipeline.cpp)
  /// What follows an attempt: the call's outcome, or another attempt after `delay`.
  struct Step {
    std::optional<Result<HttpResponse>> outcome;
    std::chrono::milliseconds delay{0};
  };
  Attempts begin(const ApiCall& call, const CallOptions& options) const;
  /// The Error that ends the call before attempt `a.attempt + 1` (cancelled,
  /// deadline passed), or nullopt and the attempt's limits in `limits`.
  std::optional<Error> before_attempt(Attempts& a, TransportCall& limits) const;
  /// The retry policy: whether, and after how long, to try again.
  Step next_step(Attempts& a, Result<HttpResponse> result) const;
  void attempt_async(std::shared_ptr<Attempts> a, ExecuteDone done) const;

  ClientOptions options_;
  std::shared_ptr<Transport> transport_;
  std::shared_ptr<const Logger> logger_;
  PipelineHooks hooks_;
  std::string user_agent_;
};

/// The Error for a non-2xx response (the service's error body, or the status).
Error error_from_response(const HttpResponse& response);

}  // namespace fapiao::detail
