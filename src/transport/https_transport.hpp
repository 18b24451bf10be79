// The default Transport: HTTPS/1.1 over Boost.Beast, driven by the calling threads,
// with a keep-alive pool, TLS verification, CONNECT proxies, deadlines and
// cancellation. The only code of the SDK that sees Asio, Beast or OpenSSL.
#pragma once

#include "core/logger.hpp"

#include <fapiao/http.hpp>
#include <fapiao/options.hpp>

#include <memory>

namespace fapiao::detail {

struct Endpoint {
  std::string host;
  std::string port;
  /// A proxy's "user:password" from its URL, base64-encoded for
  /// Proxy-Authorization: Basic (RFC 7617); empty when none was given.
  std::string credentials;
};

/// Parses "https://host[:port][/]"; an error names what is wrong.
Result<Endpoint> parse_https_endpoint(const std::string& url);
/// The proxy to use for `host`: options.proxy, else HTTPS_PROXY unless NO_PROXY matches.
/// Credentials in the URL (http://user:password@host:port, percent-encoded)
/// are sent as Proxy-Authorization and never appear in a message.
Result<std::optional<Endpoint>> choose_proxy(const ClientOptions& options, const std::string& host);

/// "host:port" for a Host header or a CONNECT target, an IPv6 literal in
/// brackets; with `omit_default_port`, port 443 is left out.
std::string host_authority(const std::string& host, const std::string& port, bool omit_default_port);

Result<std::shared_ptr<Transport>> make_https_transport(const ClientOptions& options,
                                                        std::shared_ptr<const Logger> logger);

}  // namespace fapiao::detail
