// fapiao: the HTTP exchange under the client, as plain values, and the
// Transport interface. The default transport is HTTPS over Boost.Beast;
// tests and portals may supply their own (see fapiao/testing/).
#pragma once

#include <fapiao/cancellation.hpp>
#include <fapiao/result.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fapiao {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  ///< "GET", "POST", "PATCH", "DELETE"
  std::string target;  ///< path and query: "/v1/bills?limit=20"
  HttpHeaders headers;
  std::string body;

  /// The header's value, or "" (names compare case-insensitively).
  std::string header(std::string_view name) const;
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;

  std::string header(std::string_view name) const;
};

/// Limits for one attempt.
struct TransportCall {
  std::chrono::steady_clock::time_point deadline;  ///< the attempt fails with `timeout` past this
  CancellationToken cancellation;
};

/// Receives the outcome of Transport::async_send, exactly once.
using TransportDone = std::function<void(Result<HttpResponse>)>;

/// Sends one request and returns the response, or an error of category
/// transport, tls, timeout or cancelled. Implementations are thread-safe.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<HttpResponse> send(const HttpRequest& request, const TransportCall& call) = 0;

  /// Sends without blocking the caller; `done` runs once with the outcome, on
  /// a thread of the transport's own (the HTTPS transport's I/O thread). The
  /// default, for a transport that has only send() (a test's mock), runs
  /// send() on the calling thread and then `done`.
  virtual void async_send(const HttpRequest& request, const TransportCall& call, TransportDone done);

  /// Runs `done` once after `delay`, or sooner when `cancellation` fires,
  /// without blocking the caller: the backoff between asynchronous retries.
  /// The default sleeps on the calling thread.
  virtual void async_wait(std::chrono::milliseconds delay, const CancellationToken& cancellation,
                          std::function<void()> done);
};

}  // namespace fapiao
