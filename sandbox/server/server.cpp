#include "server/server.hpp"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <functional>
#include <iostream>
#include <thread>

namespace sandbox {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

constexpr std::size_t kBodyLimit = 1024 * 1024;  // 1 MiB, else 413 BODY_TOO_LARGE
constexpr std::uint64_t kMaxDrain = 16 * 1024 * 1024;  // discarded at most after a 413
constexpr auto kHandshakeTimeout = std::chrono::seconds(15);
constexpr auto kIdleTimeout = std::chrono::seconds(75);
constexpr auto kDrainTimeout = std::chrono::seconds(5);  // for the whole discarded body, however slowly it comes
constexpr auto kAcceptBackoffFirst = std::chrono::milliseconds(10);
constexpr auto kAcceptBackoffMax = std::chrono::seconds(1);

/// Counts live connections against the cap and resumes accepting when one
/// closes. Shared with every Connection, which releases it when destroyed.
struct ConnectionGate {
  std::atomic<int> live{0};
  int max = 1000;
  std::atomic<bool> paused{false};    // accept() stopped at the cap
  std::atomic<bool> stopping{false};  // the server is going down: resume nothing
  std::function<void()> resume;       // posts accept() to the accept strand

  void release() {
    live.fetch_sub(1);
    if (!stopping && paused.exchange(false)) resume();
  }
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, ssl::context& tls, Service& service, asio::thread_pool& workers,
             std::shared_ptr<ConnectionGate> gate)
      : stream_(std::move(socket), tls), service_(service), workers_(workers), gate_(std::move(gate)) {
    gate_->live.fetch_add(1);  // counted once constructed: the destructor is then sure to release it
  }
  ~Connection() { gate_->release(); }

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->handshake(); });
  }

 private:
  void handshake() {
    beast::get_lowest_layer(stream_).expires_after(kHandshakeTimeout);
    stream_.async_handshake(ssl::stream_base::server, [self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->read();
    });
  }

  void read() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    beast::get_lowest_layer(stream_).expires_after(kIdleTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    const bool too_large = ec == http::error::body_limit;
    if (ec && !too_large) return close_abruptly();  // EOF, timeout or garbage: nothing to answer
    beast::get_lowest_layer(stream_).expires_never();
    auto& message = parser_->get();
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request.body_too_large = too_large;
    if (!too_large) request.body = std::move(message.body());
    if (too_large) {
      // The client is still sending the body. Read and discard it after
      // answering 413, so the client finishes writing and reads the answer
      // instead of meeting a reset connection.
      // (The parser stopped inside the header, so read Content-Length from the field itself.)
      std::uint64_t declared = kMaxDrain;
      const auto field = message[http::field::content_length];
      if (!field.empty() && field.find_first_not_of("0123456789") == beast::string_view::npos && field.size() < 19) {
        declared = std::stoull(std::string(field));
      }
      drain_bytes_ = std::min(declared, kMaxDrain);
      buffer_.consume(buffer_.size());
    }
    keep_alive_ = message.keep_alive() && !too_large;  // an unread body leaves the stream unusable
    version_ = message.version();
    // A plain read is answered here when the database is free; anything that
    // may block on SQLite (a write's fsync, a busy lock) goes to the workers.
    if (auto outcome = service_.serve_now_if_quick(request)) return respond(std::move(*outcome));
    asio::post(workers_, [self = shared_from_this(), request = std::move(request)] {
      Outcome outcome;
      try {
        outcome = self->service_.serve(request);  // answers its own failures with 503
      } catch (const std::exception&) {          // out of memory, say: drop this connection, keep serving
        outcome.disposition = Disposition::drop;
      }
      asio::post(self->stream_.get_executor(),
                 [self, outcome = std::move(outcome)]() mutable { self->respond(std::move(outcome)); });
    });
  }

  void respond(Outcome outcome) {
    if (outcome.disposition == Disposition::drop) return close_abruptly();
    response_ = {};
    response_.version(version_);
    response_.result(static_cast<unsigned>(outcome.response.status));
    response_.set(http::field::server, "fapiao-sandbox");
    if (!outcome.response.content_type.empty()) {
      response_.set(http::field::content_type, outcome.response.content_type +
                                                   (outcome.response.content_type == "application/json"
                                                        ? "; charset=utf-8"
                                                        : ""));
    }
    for (const auto& [name, value] : outcome.response.headers) response_.set(name, value);
    response_.body() = std::move(outcome.response.body);
    response_.keep_alive(keep_alive_);
    response_.prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(kIdleTimeout);
    http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close_abruptly();
      if (self->drain_bytes_ > 0) return self->drain();
      if (self->keep_alive_) return self->read();
      self->shutdown();
    });
  }

  // Discards the rest of an oversized body: at most kMaxDrain bytes within
  // kDrainTimeout in all (set once, not per read), so a client trickling
  // bytes cannot hold the connection open.
  void drain() {
    if (!drain_started_) {
      drain_started_ = true;
      beast::get_lowest_layer(stream_).expires_after(kDrainTimeout);
    }
    stream_.async_read_some(asio::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      if (ec || n >= self->drain_bytes_) return self->shutdown();
      self->drain_bytes_ -= n;
      self->drain();
    });
  }

  void shutdown() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) { self->close_abruptly(); });
  }

  // Drops the TCP connection without a TLS close_notify: what a crashed or
  // faulted server looks like to a client.
  void close_abruptly() {
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(stream_).socket().close(ignored);
  }

  beast::ssl_stream<beast::tcp_stream> stream_;
  Service& service_;
  asio::thread_pool& workers_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  bool keep_alive_ = true;
  unsigned version_ = 11;
  std::uint64_t drain_bytes_ = 0;  // an oversized body still to discard
  bool drain_started_ = false;
  std::array<char, 16384> scratch_{};
  std::shared_ptr<ConnectionGate> gate_;
};

}  // namespace

struct Server::Impl {
  Impl(Service& s, ServerOptions o)
      : service(s),
        options(std::move(o)),
        tls(ssl::context::tls_server),
        accept_strand(asio::make_strand(io)),
        acceptor(accept_strand),
        accept_retry(accept_strand),
        signals(io, SIGINT, SIGTERM),
        workers(static_cast<std::size_t>(options.worker_threads)),
        ticker(io),
        gate(std::make_shared<ConnectionGate>()) {
    gate->max = std::max(1, options.max_connections);
    gate->resume = [this] { asio::post(accept_strand, [this] { accept(); }); };
    SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::single_dh_use);
    // One TLS 1.3 ticket per connection (OpenSSL sends two by default): a
    // client resumes with the latest, and each ticket costs a write.
    SSL_CTX_set_num_tickets(tls.native_handle(), 1);
    tls.use_certificate_chain_file(options.certificate.string());
    tls.use_private_key_file(options.private_key.string(), ssl::context::pem);
    const tcp::endpoint endpoint(asio::ip::make_address(options.host), options.port);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
  }

  // Runs on accept_strand. At the cap it stops until a connection closes
  // (ConnectionGate::release); on an accept error (no file descriptors left,
  // say) it backs off instead of spinning on the same error.
  void accept() {
    if (gate->live.load() >= gate->max) {
      gate->paused = true;
      if (gate->live.load() >= gate->max) return;  // a closing connection will resume us
      if (!gate->paused.exchange(false)) return;    // one already did: its accept() is on its way
    }
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (ec) {
        if (accept_backoff == std::chrono::milliseconds(0)) {
          std::clog << "accepting connections failed (" << ec.message() << "); backing off\n";
        }
        accept_backoff = std::min<std::chrono::milliseconds>(
            kAcceptBackoffMax, std::max<std::chrono::milliseconds>(kAcceptBackoffFirst, accept_backoff * 2));
        accept_retry.expires_after(accept_backoff);
        accept_retry.async_wait([this](beast::error_code wait_error) {
          if (!wait_error) accept();
        });
        return;
      }
      accept_backoff = std::chrono::milliseconds(0);
      // Responses leave in several writes (TLS records, header then body):
      // without TCP_NODELAY, Nagle holds the last one back until the
      // client's delayed ACK, some 40 ms later.
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<Connection>(std::move(socket), tls, service, workers, gate)->start();
      accept();
    });
  }

  void tick() {
    ticker.expires_after(std::chrono::seconds(1));
    ticker.async_wait([this](beast::error_code ec) {
      if (ec) return;
      asio::post(workers, [this] {
        try {
          service.tick();
        } catch (const std::exception& e) {
          std::clog << "auto-process failed: " << e.what() << '\n';
        }
      });
      tick();
    });
  }

  Service& service;
  ServerOptions options;
  asio::io_context io;
  ssl::context tls;
  asio::strand<asio::io_context::executor_type> accept_strand;
  tcp::acceptor acceptor;
  asio::steady_timer accept_retry;
  std::chrono::milliseconds accept_backoff{0};
  asio::signal_set signals;
  asio::thread_pool workers;
  asio::steady_timer ticker;
  std::shared_ptr<ConnectionGate> gate;
};

Server::Server(Service& service, ServerOptions options) : impl_(std::make_unique<Impl>(service, std::move(options))) {}
Server::~Server() = default;

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::run() {
  impl_->signals.async_wait([this](beast::error_code, int) { stop(); });
  asio::post(impl_->accept_strand, [this] { impl_->accept(); });
  impl_->tick();
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.io_threads; ++i) threads.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& t : threads) t.join();
  impl_->gate->stopping = true;
  impl_->workers.join();
}

void Server::stop() {
  impl_->gate->stopping = true;
  asio::post(impl_->accept_strand, [this] {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->accept_retry.cancel();
    impl_->ticker.cancel();
    impl_->io.stop();
  });
}

}  // namespace sandbox
