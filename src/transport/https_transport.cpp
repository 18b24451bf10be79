#include "transport/https_transport.hpp"

#include "core/cancellation_watch.hpp"
#include "core/encoding.hpp"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace fapiao::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxResponseBody = 64 * 1024 * 1024;
constexpr auto kResolutionLifetime = std::chrono::seconds(60);  // as curl's DNS cache

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_ip_literal(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

std::string env(const char* upper, const char* lower_name) {
  if (const char* v = std::getenv(upper); v && *v) return v;
  if (const char* v = std::getenv(lower_name); v && *v) return v;
  return {};
}

// NO_PROXY: comma-separated hosts or domains; "*" matches everything, a
// leading dot or a bare domain matches its subdomains too. Ports are ignored.
bool no_proxy_matches(const std::string& list, const std::string& host) {
  const std::string h = lower(host);
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto comma = list.find(',', start);
    std::string entry = lower(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    entry.erase(0, entry.find_first_not_of(" \t"));
    entry.erase(entry.find_last_not_of(" \t") + 1);
    if (const auto colon = entry.rfind(':'); colon != std::string::npos && entry.find(':') == colon) {
      entry.erase(colon);
    }
    if (!entry.empty()) {
      if (entry == "*") return true;
      if (entry.front() == '.') entry.erase(0, 1);
      if (h == entry || (h.size() > entry.size() && h.compare(h.size() - entry.size(), entry.size(), entry) == 0 &&
                         h[h.size() - entry.size() - 1] == '.')) {
        return true;
      }
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

Error failure(ErrorCode code, std::string message) { return Error(code, std::move(message)); }

/// One pooled connection.
struct Connection {
  Connection(asio::io_context& io, ssl::context& tls) : stream(io, tls) {}
  beast::ssl_stream<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  bool session_saved = false;  // its TLS session has been kept for resumption
};

/// Owns one SSL_SESSION reference.
struct SessionDeleter {
  void operator()(SSL_SESSION* session) const noexcept { SSL_SESSION_free(session); }
};
using SessionPtr = std::unique_ptr<SSL_SESSION, SessionDeleter>;

/// One attempt in flight: shared by its caller and whichever caller drives the I/O.
///
/// Who may touch `connection`: the coroutine (on the I/O) while it runs, and
/// the caller once `finished` is set (it may hand the connection back to the
/// pool). A close requested from outside the coroutine — the watchdog or a
/// cancellation — runs on the I/O as well and goes through
/// close_if_running(), which does nothing once `io_done` is set, so it can
/// never act on a connection that has moved on to another exchange.
struct Exchange {
  std::unique_ptr<Connection> connection;
  bool reused = false;
  Clock::time_point deadline;
  std::atomic<bool> cancelled{false};
  bool timed_out = false;  // the attempt's deadline passed (the watchdog closed the socket)
  bool io_done = false;    // I/O only: the exchange is over, nothing may close its socket any more
  bool keep_alive = false;
  bool stale = false;  // a reused connection failed before any response byte
  std::optional<Result<HttpResponse>> outcome;
  std::atomic<bool> finished{false};  // outcome is set; written under the transport's lead mutex
  std::condition_variable wake;       // a waiting caller: finished, or its turn to lead
};

/// Closes the exchange's socket if the exchange is still running; a no-op
/// afterwards. Runs only on the I/O (the io_context), like the coroutine.
void close_if_running(Exchange& x) {
  if (x.io_done || !x.connection) return;
  beast::error_code ignored;
  beast::get_lowest_layer(x.connection->stream).socket().close(ignored);
}

/// Sets the name or address the server's certificate must carry, and SNI for
/// a name. Fails (rather than connecting unchecked) when OpenSSL refuses the
/// identity: an IPv6 literal with a zone id, a name too long for SNI.
std::optional<Error> set_peer_identity(SSL* ssl_handle, const std::string& host) {
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl_handle);
  const bool ip = is_ip_literal(host);
  const bool set = ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1
                      : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size()) == 1 &&
                            SSL_set_tlsext_host_name(ssl_handle, host.c_str()) == 1;
  if (set) return std::nullopt;
  return Error(ErrorCode::tls, "Cannot check the server's identity for the host '" + host +
                                   "': it cannot be matched against a certificate" +
                                   (ip && host.find('%') != std::string::npos ? " (an IPv6 zone id is not allowed)" : "") +
                                   "; the connection was not made.");
}
/// The io_context and who drives it. Shared with the I/O thread (when
/// asynchronous calls started one), so the context outlives a transport that
/// is destroyed on that very thread, inside one of its handlers.
struct IoRunner {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  std::mutex lead_mutex;
  bool leading = false;                // a caller (or the I/O thread, for good) is driving io
  bool stopping = false;               // the transport is gone: the I/O thread must not start
  std::vector<Exchange*> followers;    // synchronous callers waiting, oldest first
  std::condition_variable lead_free;   // `leading` became false
  std::thread thread;                  // started by the first asynchronous call
};

/// An asynchronous send: what it needs until `done` has run.
struct AsyncSend {
  HttpRequest request;
  TransportCall call;
  TransportDone done;
};

class HttpsTransport final : public Transport, public std::enable_shared_from_this<HttpsTransport> {
 public:
  HttpsTransport(const ClientOptions& options, Endpoint target, std::optional<Endpoint> proxy,
                 std::shared_ptr<const Logger> logger)
      : options_(options),
        target_(std::move(target)),
        proxy_(std::move(proxy)),
        logger_(std::move(logger)),
        runner_(std::make_shared<IoRunner>()),
        io_(runner_->io),
        tls_(ssl::context::tls_client) {
    SSL_CTX_set_min_proto_version(tls_.native_handle(), TLS1_2_VERSION);
    if (options.insecure_skip_tls_verify) {
      tls_.set_verify_mode(ssl::verify_none);
    } else {
      tls_.set_verify_mode(ssl::verify_peer);
      if (!options.ca_file.empty()) tls_.load_verify_file(options.ca_file);
      if (!options.ca_pem.empty()) tls_.add_certificate_authority(asio::buffer(options.ca_pem));
      if (options.ca_file.empty() && options.ca_pem.empty()) tls_.set_default_verify_paths();
    }
  }

  ~HttpsTransport() override {
    {
      std::lock_guard lock(runner_->lead_mutex);
      runner_->stopping = true;
    }
    runner_->lead_free.notify_all();
    idle_.clear();  // pooled connections belong to the io_context: close them while it runs
    runner_->work.reset();
    runner_->io.stop();
    if (!runner_->thread.joinable()) return;
    if (runner_->thread.get_id() == std::this_thread::get_id()) {
      // The last owner let go inside a completion on the I/O thread: that
      // thread leaves run() when the handler returns, and frees the runner.
      runner_->thread.detach();
    } else {
      runner_->thread.join();
    }
  }

  void async_send(const HttpRequest& request, const TransportCall& call, TransportDone done) override {
    start_io_thread();
    start(std::make_shared<AsyncSend>(AsyncSend{request, call, std::move(done)}), 0);
  }

  void async_wait(std::chrono::milliseconds delay, const CancellationToken& cancellation,
                  std::function<void()> done) override {
    start_io_thread();
    auto timer = std::make_shared<asio::steady_timer>(io_, delay);
    // The watch holds the runner, never the transport: a cancel() that comes
    // after the transport is gone only posts to a context that still exists.
    auto watch = std::make_shared<CancellationWatch>(cancellation, [runner = runner_, timer] {
      asio::post(runner->io, [timer] { timer->cancel(); });
    });
    timer->async_wait([self = shared_from_this(), timer, watch, done = std::move(done)](const beast::error_code&) mutable {
      watch->release();
      auto next = std::move(done);
      self.reset();  // as in start(): the caller's chain holds what it needs
      next();
    });
  }

  Result<HttpResponse> send(const HttpRequest& request, const TransportCall& call) override {
    // A pooled connection the server has meanwhile closed fails before any
    // response byte: replace it once, transparently, with a fresh one.
    for (int round = 0;; ++round) {
      auto exchange = new_exchange(call.deadline);
      run(exchange, request, call.cancellation);
      if (settle(*exchange, round)) continue;
      return std::move(*exchange->outcome);
    }
  }

 private:
  /// After an exchange, for send() and start() alike: true when it met a pooled
  /// connection the server had closed (before any response byte) and should run
  /// once more on a new one; otherwise its connection goes back to the pool if
  /// it may be reused.
  bool settle(Exchange& exchange, int round) {
    if (exchange.stale && round == 0) {
      logger_->log(LogLevel::debug, "pooled connection was closed by the server; retrying on a new connection");
      return true;
    }
    if (exchange.outcome->has_value() && exchange.keep_alive && options_.keep_alive) {
      give_back(std::move(exchange.connection));
    }
    return false;
  }

  std::shared_ptr<Exchange> new_exchange(Clock::time_point deadline) {
    auto exchange = std::make_shared<Exchange>();
    exchange->deadline = deadline;
    exchange->connection = take_idle();
    exchange->reused = exchange->connection != nullptr;
    if (!exchange->reused) exchange->connection = std::make_unique<Connection>(io_, tls_);
    return exchange;
  }

  // The first asynchronous call starts the I/O thread. It waits for a
  // synchronous leader to finish, then drives the io_context for good;
  // synchronous callers from then on wait as followers, and their exchanges
  // run on it too.
  void start_io_thread() {
    std::lock_guard lock(runner_->lead_mutex);
    if (runner_->thread.joinable()) return;
    runner_->thread = std::thread([runner = runner_] {
      {
        std::unique_lock lead(runner->lead_mutex);
        runner->lead_free.wait(lead, [&] { return !runner->leading || runner->stopping; });
        if (runner->stopping) return;
        runner->leading = true;
      }
      runner->io.run();
    });
  }

  // One asynchronous exchange; a pooled connection found closed by the server
  // before any response byte is replaced once, as in send().
  void start(const std::shared_ptr<AsyncSend>& op, int round) {
    auto exchange = new_exchange(op->call.deadline);
    auto watch = std::make_shared<CancellationWatch>(op->call.cancellation, [runner = runner_, exchange] {
      exchange->cancelled = true;
      asio::post(runner->io, [exchange] { close_if_running(*exchange); });
    });
    asio::co_spawn(io_, perform(exchange, op->request),
                   [self = shared_from_this(), op, exchange, watch, round](std::exception_ptr error) mutable {
      exchange->io_done = true;
      watch->release();
      if (error && !exchange->outcome) {
        exchange->outcome = Result<HttpResponse>(failure(ErrorCode::internal, "unexpected failure in the transport"));
      }
      if (self->settle(*exchange, round)) {
        self->start(op, round + 1);
        return;
      }
      auto done = std::move(op->done);
      auto outcome = std::move(*exchange->outcome);
      // Let go of the transport before handing the outcome on: whoever owns
      // the client decides where it is destroyed, never this I/O thread by
      // accident (a destructor here could not join the thread).
      exchange.reset();
      self.reset();
      done(std::move(outcome));
    });
  }

  // Runs one exchange to its end on the calling thread. There is no I/O
  // thread: callers drive the io_context themselves, one at a time (leader
  // and followers). The leader runs every ready handler, its own and other
  // callers'; a follower sleeps until its exchange is finished or the leader,
  // done with its own, hands over. A lone caller never switches threads.
  void run(const std::shared_ptr<Exchange>& exchange, const HttpRequest& request, const CancellationToken& cancel) {
    asio::co_spawn(io_, perform(exchange, request), [this, exchange](std::exception_ptr error) {
      exchange->io_done = true;  // before `finished`: from here on the caller owns the connection
      if (error && !exchange->outcome) {
        exchange->outcome = Result<HttpResponse>(failure(ErrorCode::internal, "unexpected failure in the transport"));
      }
      {
        std::lock_guard lock(runner_->lead_mutex);
        exchange->finished = true;
      }
      exchange->wake.notify_one();
    });
    bool cancel_sent = false;
    const auto watch_cancellation = [&] {
      if (cancel_sent || !cancel.is_cancelled()) return;
      cancel_sent = true;
      exchange->cancelled = true;
      asio::post(io_, [exchange] { close_if_running(*exchange); });
    };
    auto& r = *runner_;
    std::unique_lock lock(r.lead_mutex);
    while (!exchange->finished) {
      if (r.leading) {
        r.followers.push_back(exchange.get());
        exchange->wake.wait_for(lock, std::chrono::milliseconds(20));
        r.followers.erase(std::find(r.followers.begin(), r.followers.end(), exchange.get()));
        watch_cancellation();
        continue;
      }
      r.leading = true;
      lock.unlock();
      while (!exchange->finished) {
        watch_cancellation();
        io_.run_one_for(std::chrono::milliseconds(20));
      }
      lock.lock();
      r.leading = false;
      if (!r.followers.empty()) r.followers.front()->wake.notify_one();  // the next leader
      r.lead_free.notify_all();                                         // or the I/O thread
    }
  }

  // Maps an I/O error to the SDK's categories.
  Error io_error(const Exchange& x, const beast::error_code& ec, const std::string& during) const {
    if (x.cancelled) return failure(ErrorCode::cancelled, "The call was cancelled while " + during + ".");
    if (x.timed_out || ec == beast::error::timeout) {
      return failure(ErrorCode::timeout, "Timed out while " + during + ".");
    }
    return failure(ErrorCode::transport, "Connection to " + target_.host + ":" + target_.port + " failed while " +
                                             during + ": " + ec.message() + ".");
  }

  asio::awaitable<void> perform(std::shared_ptr<Exchange> x, HttpRequest request) {
    auto& stream = x->connection->stream;
    auto& lowest = beast::get_lowest_layer(stream);
    if (x->cancelled) {  // cancelled before its first step: a close posted now would find no socket yet
      x->outcome = Result<HttpResponse>(failure(ErrorCode::cancelled, "The call was cancelled before it was sent."));
      co_return;
    }
    if (!x->reused) {
      if (auto error = co_await connect(*x); error) {
        x->outcome = Result<HttpResponse>(std::move(*error));
        co_return;
      }
    }

    http::request<http::string_body> message;
    message.version(11);
    message.method_string(request.method);
    message.target(request.target);
    message.set(http::field::host, host_authority(target_.host, target_.port, true));
    for (const auto& [name, value] : request.headers) message.set(name, value);
    message.body() = request.body;
    message.keep_alive(options_.keep_alive);
    message.prepare_payload();

    // One timer for the whole exchange rather than Beast's expiry, which
    // re-arms a timer (a timerfd system call, a cancelled handler to run) for
    // every read and write the exchange makes.
    lowest.expires_never();
    asio::steady_timer watchdog(io_, x->deadline);
    watchdog.async_wait([x](const beast::error_code& ec) {
      if (ec || x->io_done) return;  // cancelled, or the exchange ended first
      x->timed_out = true;
      close_if_running(*x);
    });
    struct Disarm {
      Exchange& exchange;
      asio::steady_timer& timer;
      ~Disarm() {
        exchange.io_done = true;
        timer.cancel();
      }
    } disarm{*x, watchdog};

    auto [write_error, written] = co_await http::async_write(stream, message, asio::as_tuple(asio::use_awaitable));
    if (write_error) {
      x->stale = x->reused && !x->cancelled && !x->timed_out;
      x->outcome = Result<HttpResponse>(io_error(*x, write_error, "sending the request"));
      co_return;
    }

    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxResponseBody);
    auto [read_error, read] = co_await http::async_read(stream, x->connection->buffer, parser,
                                                        asio::as_tuple(asio::use_awaitable));
    if (read_error) {
      x->stale = x->reused && read == 0 && !x->cancelled && !x->timed_out;
      x->outcome = Result<HttpResponse>(io_error(*x, read_error, "reading the response"));
      co_return;
    }
    remember_session(*x->connection);
    auto& response = parser.get();
    HttpResponse out;
    out.status = static_cast<int>(response.result_int());
    for (const auto& field : response) out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    out.body = std::move(response.body());
    x->keep_alive = response.keep_alive();
    x->outcome = Result<HttpResponse>(std::move(out));
  }

  // TCP connect (to the proxy, then CONNECT through it, if any) and the TLS
  // handshake with verification of the target's certificate and name.
  asio::awaitable<std::optional<Error>> connect(Exchange& x) {
    auto& stream = x.connection->stream;
    auto& lowest = beast::get_lowest_layer(stream);
    const Endpoint& hop = proxy_ ? *proxy_ : target_;
    lowest.expires_at(std::min(x.deadline, Clock::now() + options_.connect_timeout));
    // The addresses are resolved once and reused for new connections for a
    // minute (a resolution costs a trip through Asio's resolver thread); a
    // failed connect forgets them, so the next attempt resolves afresh.
    std::vector<tcp::endpoint> endpoints = resolved();
    if (endpoints.empty()) {
      tcp::resolver resolver(io_);
      auto [resolve_error, results] =
          co_await resolver.async_resolve(hop.host, hop.port, asio::as_tuple(asio::use_awaitable));
      if (resolve_error) {
        co_return failure(ErrorCode::transport, "Cannot resolve " + hop.host + ": " + resolve_error.message() + ".");
      }
      for (const auto& entry : results) endpoints.push_back(entry.endpoint());
      remember_resolved(endpoints);
    }
    auto [connect_error, endpoint] = co_await lowest.async_connect(endpoints, asio::as_tuple(asio::use_awaitable));
    if (connect_error) {
      remember_resolved({});
      co_return io_error(x, connect_error, "connecting to " + hop.host + ":" + hop.port);
    }
    // A request leaves in several writes (header, body, TLS records): without
    // TCP_NODELAY, Nagle holds the last back until the server's delayed ACK.
    beast::error_code ignored;
    lowest.socket().set_option(tcp::no_delay(true), ignored);
    if (proxy_) {
      const std::string target = host_authority(target_.host, target_.port, false);
      http::request<http::empty_body> tunnel(http::verb::connect, target, 11);
      tunnel.set(http::field::host, target);
      if (!proxy_->credentials.empty()) tunnel.set(http::field::proxy_authorization, "Basic " + proxy_->credentials);
      auto [tunnel_error, sent] = co_await http::async_write(lowest, tunnel, asio::as_tuple(asio::use_awaitable));
      beast::flat_buffer proxy_buffer;
      http::response_parser<http::empty_body> reply;
      reply.skip(true);  // a CONNECT reply has no body
      if (!tunnel_error) {
        auto [reply_error, got] =
            co_await http::async_read_header(lowest, proxy_buffer, reply, asio::as_tuple(asio::use_awaitable));
        tunnel_error = reply_error;
      }
      if (tunnel_error) co_return io_error(x, tunnel_error, "opening a tunnel through the proxy " + hop.host);
      if (reply.get().result_int() != 200) {
        const int status = static_cast<int>(reply.get().result_int());
        co_return failure(ErrorCode::transport,
                          "The proxy " + hop.host + ":" + hop.port + " refused CONNECT " + target + ": HTTP " +
                              std::to_string(status) +
                              (status == 407 || status == 401  // 401: what tinyproxy answers
                                   ? (proxy_->credentials.empty()
                                                    ? " (it wants credentials: http://user:password@host:port)"
                                                    : " (it refused the proxy credentials)")
                                             : std::string()) +
                              ".");
      }
    }

    SSL* ssl_handle = stream.native_handle();
    if (options_.insecure_skip_tls_verify) {
      logger_->log(LogLevel::warning, "TLS verification is OFF for this connection to " + target_.host +
                                          " (insecure_skip_tls_verify): anyone on the path can read and change it.");
    } else if (auto refused = set_peer_identity(ssl_handle, target_.host)) {
      co_return std::move(*refused);
    }
    if (options_.insecure_skip_tls_verify && !is_ip_literal(target_.host)) {
      SSL_set_tlsext_host_name(ssl_handle, target_.host.c_str());  // SNI still picks the server's certificate
    }
    offer_saved_session(ssl_handle);
    auto [handshake_error] = co_await stream.async_handshake(ssl::stream_base::client, asio::as_tuple(asio::use_awaitable));
    if (handshake_error) {
      if (x.cancelled || handshake_error == beast::error::timeout) co_return io_error(x, handshake_error, "the TLS handshake");
      const long verify = SSL_get_verify_result(ssl_handle);
      // A refused certificate or a TLS protocol error is `tls` (not retried);
      // a connection reset or closed during the handshake (a server restarting)
      // is plain `transport`, which a retry may cure.
      if (verify == X509_V_OK && handshake_error.category() != asio::error::get_ssl_category()) {
        co_return io_error(x, handshake_error, "the TLS handshake");
      }
      std::string why = verify != X509_V_OK ? std::string("certificate verification failed: ") +
                                                  X509_verify_cert_error_string(verify)
                                            : handshake_error.message();
      co_return failure(ErrorCode::tls, "TLS handshake with " + target_.host + ":" + target_.port + " failed: " + why +
                                            ".");
    }
    logger_->log(LogLevel::debug, "connected to " + target_.host + ":" + target_.port +
                                      (proxy_ ? " through the proxy " + proxy_->host + ":" + proxy_->port : "") +
                                      " (" + SSL_get_version(ssl_handle) +
                                      (SSL_session_reused(ssl_handle) ? ", TLS session resumed" : "") + ")");
    co_return std::nullopt;
  }

  // TLS session resumption. A TLS 1.3 server sends its tickets after the
  // handshake, so the session becomes resumable only once the first response
  // has been read on a connection: that is when it is saved.
  //
  // Each connection gets its own copy of the saved session, never the saved
  // object itself: OpenSSL reads and replaces a connection's session during
  // the handshake and when tickets arrive, and a shared SSL_SESSION would be
  // touched by several callers' threads at once, kept apart only by its
  // reference count (atomics inside libcrypto that ThreadSanitizer cannot
  // see). The copy is made under session_mutex_, the only lock that guards
  // saved_session_.
  void offer_saved_session(SSL* ssl_handle) {
    if (!options_.tls_session_resumption) return;
    SessionPtr copy;
    {
      std::lock_guard lock(session_mutex_);
      if (saved_session_) copy.reset(SSL_SESSION_dup(saved_session_.get()));
    }
    if (copy) SSL_set_session(ssl_handle, copy.get());  // takes its own reference; ours is released below
  }

  void remember_session(Connection& connection) {
    if (!options_.tls_session_resumption || connection.session_saved) return;
    SSL* ssl_handle = connection.stream.native_handle();
    // A copy: OpenSSL marks a connection's own session unresumable when that
    // connection ends without a TLS shutdown, which pooled connections do.
    const SSL_SESSION* current = SSL_get0_session(ssl_handle);
    if (current == nullptr) return;
    // A TLS 1.3 session is worth keeping only once it carries a ticket.
    const bool usable = SSL_SESSION_get_protocol_version(current) == TLS1_3_VERSION ? SSL_SESSION_has_ticket(current)
                                                                                    : SSL_SESSION_is_resumable(current);
    if (!usable) return;
    SessionPtr session(SSL_SESSION_dup(current));
    if (!session) return;
    connection.session_saved = true;
    std::lock_guard lock(session_mutex_);
    saved_session_ = std::move(session);
  }

  std::vector<tcp::endpoint> resolved() {
    std::lock_guard lock(pool_mutex_);
    if (Clock::now() - resolved_at_ > kResolutionLifetime) resolved_.clear();
    return resolved_;
  }

  void remember_resolved(std::vector<tcp::endpoint> endpoints) {
    std::lock_guard lock(pool_mutex_);
    resolved_ = std::move(endpoints);
    resolved_at_ = Clock::now();
  }

  // An idle connection that holds bytes nobody asked for (a server that
  // answered twice, or sent something while idle) is dropped, never reused:
  // the next call would read them as its own response.
  std::unique_ptr<Connection> take_idle() {
    for (;;) {
      std::unique_ptr<Connection> c;
      {
        std::lock_guard lock(pool_mutex_);
        if (idle_.empty()) return nullptr;
        c = std::move(idle_.back());
        idle_.pop_back();
      }
      if (!has_unread_bytes(*c)) return c;
      logger_->log(LogLevel::debug, "dropped a pooled connection that held unread bytes from the server");
    }
  }

  // Bytes after the response, at any layer: Beast's buffer, OpenSSL's record
  // layer and input BIO, or the socket itself (or a socket in error).
  static bool has_unread_bytes(Connection& connection) {
    if (connection.buffer.size() != 0) return true;
    SSL* ssl_handle = connection.stream.native_handle();
    if (SSL_has_pending(ssl_handle) == 1 || SSL_pending(ssl_handle) > 0) return true;
    if (BIO* input = SSL_get_rbio(ssl_handle); input != nullptr && BIO_ctrl_pending(input) > 0) return true;
    boost::system::error_code ec;
    const std::size_t waiting = beast::get_lowest_layer(connection.stream).socket().available(ec);
    return ec || waiting > 0;
  }

  void give_back(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(pool_mutex_);
    if (static_cast<int>(idle_.size()) < options_.pool_size) idle_.push_back(std::move(connection));
  }

  ClientOptions options_;
  Endpoint target_;
  std::optional<Endpoint> proxy_;
  std::shared_ptr<const Logger> logger_;
  std::shared_ptr<IoRunner> runner_;  // declared first: destroyed after everything bound to its context
  asio::io_context& io_;
  ssl::context tls_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::vector<tcp::endpoint> resolved_;  // the next hop's addresses; empty: resolve again
  Clock::time_point resolved_at_{};
  std::mutex session_mutex_;
  SessionPtr saved_session_;  // the latest resumable session, offered to new connections
};

}  // namespace

namespace {

// Splits "host[:port]" or "[IPv6][:port]"; nullopt for an unclosed '['. The
// port is what follows the host's ':' ("" when anything else follows), else
// `default_port`. Callers check that the port is digits.
std::optional<Endpoint> split_host_port(const std::string& text, const char* default_port) {
  Endpoint e;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos) return std::nullopt;
    e.host = text.substr(1, close - 1);
    const std::string after = text.substr(close + 1);
    e.port = after.empty() ? default_port : after.front() == ':' ? after.substr(1) : std::string();
  } else {
    const auto colon = text.rfind(':');
    e.host = text.substr(0, colon);
    e.port = colon == std::string::npos ? default_port : text.substr(colon + 1);
  }
  return e;
}

}  // namespace

// An IPv6 literal goes in brackets (RFC 7230 §5.4, RFC 3986 §3.2.2).
std::string host_authority(const std::string& host, const std::string& port, bool omit_default_port) {
  const std::string name = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return omit_default_port && port == "443" ? name : name + ":" + port;
}

Result<Endpoint> parse_https_endpoint(const std::string& url) {
  const std::string scheme = "https://";
  if (lower(url.substr(0, scheme.size())) != scheme) {
    return Error(ErrorCode::invalid_argument, "The endpoint must start with https:// (got '" + url + "').");
  }
  std::string rest = url.substr(scheme.size());
  if (const auto slash = rest.find('/'); slash != std::string::npos) {
    if (rest.substr(slash) != "/") {
      return Error(ErrorCode::invalid_argument, "The endpoint is scheme, host and port only, without a path: '" + url + "'.");
    }
    rest.erase(slash);
  }
  auto split = split_host_port(rest, "443");
  if (!split) return Error(ErrorCode::invalid_argument, "Unclosed [ in the endpoint '" + url + "'.");
  Endpoint e = std::move(*split);
  if (e.host.empty() || e.port.empty() || e.port.find_first_not_of("0123456789") != std::string::npos) {
    return Error(ErrorCode::invalid_argument, "The endpoint '" + url + "' is not https://host[:port].");
  }
  return e;
}

Result<std::optional<Endpoint>> choose_proxy(const ClientOptions& options, const std::string& host) {
  std::string proxy = options.proxy;
  if (proxy.empty() && options.use_environment_proxy) {
    if (no_proxy_matches(env("NO_PROXY", "no_proxy"), host)) return std::optional<Endpoint>();
    proxy = env("HTTPS_PROXY", "https_proxy");
  }
  if (proxy.empty()) return std::optional<Endpoint>();
  std::string rest = proxy;
  std::string scheme = "http";
  if (const auto end = rest.find("://"); end != std::string::npos) {
    scheme = lower(rest.substr(0, end));
    rest.erase(0, end + 3);
  }
  if (const auto slash = rest.find('/'); slash != std::string::npos) rest.erase(slash);
  std::string userinfo;
  if (const auto at = rest.rfind('@'); at != std::string::npos) {
    userinfo = rest.substr(0, at);
    rest.erase(0, at + 1);
  }
  // Every message names the proxy by host and port only: the URL may hold a password.
  const std::string shown = scheme + "://" + (userinfo.empty() ? "" : "***@") + rest;
  if (scheme != "http") {
    return Error(ErrorCode::invalid_argument, "Only http:// CONNECT proxies are supported (got '" + shown + "').");
  }
  auto split = split_host_port(rest, "80");
  if (!split) return Error(ErrorCode::invalid_argument, "Unclosed [ in the proxy '" + shown + "'.");
  Endpoint e = std::move(*split);
  if (e.host.empty()) return Error(ErrorCode::invalid_argument, "The proxy '" + shown + "' has no host.");
  if (e.port.empty() || e.port.find_first_not_of("0123456789") != std::string::npos) {
    return Error(ErrorCode::invalid_argument, "The proxy '" + shown + "' has no valid port.");
  }
  if (!userinfo.empty()) {
    const auto colon = userinfo.find(':');
    const auto user = percent_decode(userinfo.substr(0, colon), true);
    const auto password =
        colon == std::string::npos ? std::optional<std::string>("") : percent_decode(userinfo.substr(colon + 1), true);
    if (!user || !password) {
      return Error(ErrorCode::invalid_argument,
                   "The credentials in the proxy URL '" + shown + "' are not percent-encoded correctly.");
    }
    if (user->find(':') != std::string::npos || user->find_first_of("\r\n", 0) != std::string::npos ||
        password->find_first_of("\r\n", 0) != std::string::npos) {
      return Error(ErrorCode::invalid_argument, "The proxy user name in '" + shown +
                                                    "' may not contain ':' or line breaks (RFC 7617).");
    }
    e.credentials = base64(*user + ":" + *password);
  }
  return std::optional<Endpoint>(e);
}

Result<std::shared_ptr<Transport>> make_https_transport(const ClientOptions& options,
                                                        std::shared_ptr<const Logger> logger) {
  auto target = parse_https_endpoint(options.endpoint);
  if (!target) return target.error();
  auto proxy = choose_proxy(options, target->host);
  if (!proxy) return proxy.error();
  try {
    return std::shared_ptr<Transport>(std::make_shared<HttpsTransport>(options, *target, *proxy, std::move(logger)));
  } catch (const boost::system::system_error& e) {
    return Error(ErrorCode::tls, "Cannot load the trust anchors (ca_file / ca_pem): " + std::string(e.what()) + ".");
  }
}

}  // namespace fapiao::detail
