// fapiao: options of a Client and of a single call. Every default is
// written next to its field and in docs/client.md.
#pragma once

#include <fapiao/cancellation.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace fapiao {

enum class LogLevel { debug = 0, info = 1, warning = 2, error = 3, off = 4 };

/// Receives the SDK's log lines (already redacted: no passwords, tokens,
/// Authorization values, taxpayer or ID numbers). Called from one of the
/// threads making calls, or from the I/O thread for asynchronous calls; must
/// be thread-safe and quick.
using LogCallback = std::function<void(LogLevel level, std::string_view message)>;

struct RetryOptions {
  /// Attempts per call, the first included. 1 disables retries.
  int max_attempts = 4;
  /// Backoff before retry n is min(cap, base × 2^(n-1)), then jittered.
  std::chrono::milliseconds backoff_base{500};
  std::chrono::milliseconds backoff_cap{20000};
  /// Multiply each backoff by a random factor in [0.5, 1.0] so clients that
  /// failed together do not retry together.
  bool jitter = true;
};

struct ClientOptions {
  /// The service: "https://host[:port]". HTTPS only.
  std::string endpoint;
  /// Trust anchors: a PEM file, or PEM text; both empty = the system's roots.
  std::string ca_file;
  std::string ca_pem;
  /// Turns certificate and host-name verification off. For experiments only:
  /// every new connection logs a warning while it is set.
  bool insecure_skip_tls_verify = false;

  std::chrono::milliseconds connect_timeout{10000};  ///< TCP connect + TLS handshake
  std::chrono::milliseconds attempt_timeout{30000};  ///< one attempt, from send to full response
  std::chrono::milliseconds call_timeout{60000};     ///< a whole call, retries and backoff included

  RetryOptions retry;

  /// Idle keep-alive connections kept per Client (shared by all its threads).
  int pool_size = 8;
  /// Keep connections open between calls. false: a new connection for every
  /// attempt, each request sent with "Connection: close".
  bool keep_alive = true;
  /// Resume the last TLS session (TLS 1.3 ticket or 1.2 session) on new
  /// connections, which skips the certificate exchange of a full handshake.
  /// The session is kept in memory per Client, never written anywhere.
  bool tls_session_resumption = true;

  /// HTTP CONNECT proxy "http://host:port". Empty: HTTPS_PROXY / https_proxy
  /// from the environment (honouring NO_PROXY / no_proxy) when use_environment_proxy.
  std::string proxy;
  bool use_environment_proxy = true;

  /// Added to the User-Agent: "fapiao-cpp/0.1.0 <application_id>".
  std::string application_id;

  LogCallback log;
  LogLevel log_level = LogLevel::info;
  /// Where AsyncClient's completions run (Async::then continuations,
  /// coroutine resumptions): given each completion as a function, it runs it
  /// on a thread of yours (post it to your event loop). Empty: they run on
  /// the SDK's I/O thread, which must then not be blocked. The I/O itself
  /// always runs on that one thread, started by the first asynchronous call.
  std::function<void(std::function<void()>)> completion_executor;
};

/// Options of one call; all optional.
struct CallOptions {
  /// Overrides ClientOptions::call_timeout for this call.
  std::optional<std::chrono::milliseconds> timeout;
  CancellationToken cancellation;
  /// Sent as Idempotency-Key on every attempt. Empty: the SDK generates one
  /// per logical call for every POST, so retries can never double-apply.
  std::string idempotency_key;
  /// Sent as X-Client-Request-Id (generated when empty) and echoed by the service.
  std::string client_request_id;
  /// Skip the local validation that otherwise runs before sending.
  bool skip_validation = false;
};

}  // namespace fapiao
