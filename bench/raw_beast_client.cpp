#include "raw_beast_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/x509v3.h>

#include <stdexcept>

namespace fapiao::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct RawBeastClient::Impl {
  Impl(const std::string& host_name, const std::string& port, const std::string& ca_file)
      : tls(asio::ssl::context::tls_client), stream(io, tls), host(host_name + ":" + port) {
    tls.set_verify_mode(asio::ssl::verify_peer);
    tls.load_verify_file(ca_file);
    SSL* ssl = stream.native_handle();
    X509_VERIFY_PARAM_set1_host(SSL_get0_param(ssl), host_name.c_str(), 0);
    SSL_set_tlsext_host_name(ssl, host_name.c_str());
    asio::ip::tcp::resolver resolver(io);
    beast::get_lowest_layer(stream).connect(resolver.resolve(host_name, port));
    beast::get_lowest_layer(stream).socket().set_option(asio::ip::tcp::no_delay(true));
    stream.handshake(asio::ssl::stream_base::client);
  }

  asio::io_context io;
  asio::ssl::context tls;
  beast::ssl_stream<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  std::string host;
};

RawBeastClient::RawBeastClient(const std::string& host, const std::string& port, const std::string& ca_file)
    : impl_(std::make_unique<Impl>(host, port, ca_file)) {}

RawBeastClient::~RawBeastClient() = default;

std::string RawBeastClient::get(const std::string& target, const std::string& token) {
  http::request<http::empty_body> request(http::verb::get, target, 11);
  request.set(http::field::host, impl_->host);
  request.set(http::field::authorization, "Bearer " + token);
  request.set(http::field::accept, "application/json");
  request.keep_alive(true);
  http::write(impl_->stream, request);
  http::response<http::string_body> response;
  http::read(impl_->stream, impl_->buffer, response);
  if (response.result_int() != 200) throw std::runtime_error("HTTP " + std::to_string(response.result_int()));
  return std::move(response.body());
}

}  // namespace fapiao::bench
