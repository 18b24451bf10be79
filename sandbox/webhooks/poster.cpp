#include "webhooks/poster.hpp"

#include <fapiao/version.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>

#include <exception>
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

/// Connects, sends, and reads the status line and headers (the body is not
/// needed: any 2xx is success).
template <typename Stream, typename Lowest>
asio::awaitable<int> exchange(Stream& stream, Lowest& lowest, const tcp::resolver::results_type& endpoints,
                              Request& request, Clock::time_point deadline, bool tls) {
  lowest.expires_at(deadline);
  co_await lowest.async_connect(endpoints, asio::use_awaitable);
  if constexpr (!std::is_same_v<Stream, Lowest>) {
    if (tls) {
      lowest.expires_at(deadline);
      co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);
    }
  }
  lowest.expires_at(deadline);
  co_await http::async_write(stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.header_limit(64 * 1024);
  lowest.expires_at(deadline);
  co_await http::async_read_header(stream, buffer, parser, asio::use_awaitable);
  co_return static_cast<int>(parser.get().result_int());
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
  std::exception_ptr failure;
  try {
    tcp::resolver resolver(io);
    const auto endpoints = resolver.resolve(url.host, url.port);
    auto done = [&](std::exception_ptr e, int status) {
      failure = e;
      result.status = e ? 0 : status;
    };
    std::unique_ptr<beast::tcp_stream> plain;
    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> secure;
    if (url.tls) {
      secure = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(io, impl_->tls);
      if (!is_ip_address(url.host)) SSL_set_tlsext_host_name(secure->native_handle(), url.host.c_str());
      secure->set_verify_callback(ssl::host_name_verification(url.host));
      asio::co_spawn(io, exchange(*secure, beast::get_lowest_layer(*secure), endpoints, request, deadline, true), done);
    } else {
      plain = std::make_unique<beast::tcp_stream>(io);
      asio::co_spawn(io, exchange(*plain, *plain, endpoints, request, deadline, false), done);
    }
    io.run();
  } catch (const std::exception& e) {
    result.status = 0;
    result.failure = e.what();
  }
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      result.failure = e.what();
    }
  }
  result.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  return result;
}

}  // namespace sandbox::webhooks
