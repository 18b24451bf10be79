#include "webhooks/poster.hpp"

#include <fapiao/version.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>

#include <type_traits>

namespace sandbox::webhooks {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Poster::Impl {
  ssl::context tls{ssl::context::tls_client};
};

namespace {

using Request = http::request<http::string_body>;

bool is_ip_address(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

/// How an exchange ended: the HTTP status, or why there was none.
struct Outcome {
  int status = 0;
  std::string failure;
  void fail(const boost::system::error_code& ec, const char* during) {
    failure = std::string(during) + ": " + ec.message();
  }
};

/// Connects, (handshakes,) sends, and reads the status line and headers (the
/// body is not needed: any 2xx is success), each step against the deadline.
/// Plain completion handlers, not coroutines: clang 14 cannot build Asio
/// coroutines under the fuzz preset's instrumentation ("cannot represent a
/// difference across sections"). Everything captured lives until io.run() returns.
template <typename Stream>
void exchange(Stream& stream, beast::tcp_stream& lowest, const tcp::resolver::results_type& endpoints, Request& request,
              Clock::time_point deadline, beast::flat_buffer& buffer, http::response_parser<http::string_body>& parser,
              Outcome& outcome) {
  const auto read_header = [&] {
    lowest.expires_at(deadline);
    http::async_read_header(stream, buffer, parser, [&](const boost::system::error_code& ec, std::size_t) {
      if (ec) return outcome.fail(ec, "reading the answer");
      outcome.status = static_cast<int>(parser.get().result_int());
    });
  };
  const auto send = [&, read_header] {
    lowest.expires_at(deadline);
    http::async_write(stream, request, [&, read_header](const boost::system::error_code& ec, std::size_t) {
      if (ec) return outcome.fail(ec, "sending");
      read_header();
    });
  };
  lowest.expires_at(deadline);
  lowest.async_connect(endpoints, [&, send](const boost::system::error_code& ec, const tcp::endpoint&) {
    if (ec) return outcome.fail(ec, "connecting");
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      send();
    } else {
      lowest.expires_at(deadline);
      stream.async_handshake(ssl::stream_base::client, [&, send](const boost::system::error_code& hs) {
        if (hs) return outcome.fail(hs, "the TLS handshake");
        send();
      });
    }
  });
}

}  // namespace

Poster::Poster(const std::filesystem::path& extra_ca) : impl_(std::make_unique<Impl>()) {
  impl_->tls.set_default_verify_paths();
  std::error_code ec;
  if (!extra_ca.empty() && std::filesystem::exists(extra_ca, ec)) impl_->tls.load_verify_file(extra_ca.string());
  impl_->tls.set_verify_mode(ssl::verify_peer);
  impl_->tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                         ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
}

Poster::~Poster() = default;

PostResult Poster::post(const Url& url, const std::vector<std::pair<std::string, std::string>>& headers,
                        const std::string& body, std::chrono::milliseconds timeout) const {
  const auto started = Clock::now();
  const auto deadline = started + timeout;
  PostResult result;
  Request request{http::verb::post, url.target, 11};
  const bool default_port = url.port == (url.tls ? "443" : "80");
  const std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  request.set(http::field::host, default_port ? host : host + ":" + url.port);
  request.set(http::field::user_agent, std::string("fapiao-sandbox-webhooks/") + fapiao::version());
  request.set(http::field::connection, "close");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();

  asio::io_context io;
  Outcome outcome;
  try {
    tcp::resolver resolver(io);
    const auto endpoints = resolver.resolve(url.host, url.port);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.header_limit(64 * 1024);
    if (url.tls) {
      beast::ssl_stream<beast::tcp_stream> secure(io, impl_->tls);
      if (!is_ip_address(url.host)) SSL_set_tlsext_host_name(secure.native_handle(), url.host.c_str());
      secure.set_verify_callback(ssl::host_name_verification(url.host));
      exchange(secure, beast::get_lowest_layer(secure), endpoints, request, deadline, buffer, parser, outcome);
      io.run();
    } else {
      beast::tcp_stream plain(io);
      exchange(plain, plain, endpoints, request, deadline, buffer, parser, outcome);
      io.run();
    }
  } catch (const std::exception& e) {  // the host does not resolve
    outcome.status = 0;
    outcome.failure = e.what();
  }
  result.status = outcome.status;
  result.failure = outcome.failure;
  result.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  return result;
}

}  // namespace sandbox::webhooks
