// A webhook endpoint's URL, parsed once for both its validation (the
// endpoint handlers) and its delivery (the poster): scheme, host, port and
// the request target.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sandbox::webhooks {

struct Url {
  bool tls = true;     // https
  std::string host;    // a name, an IPv4 address, or an IPv6 address without its brackets
  std::string port;    // "443" or "80" when the URL names none
  std::string target;  // path and query, "/" when empty
};

/// The URL, or nullopt when it is not an absolute http(s) URL with a host
/// (user information, spaces and control characters are refused too).
std::optional<Url> parse_url(std::string_view text);
/// localhost, 127.0.0.0/8 or ::1: where the sandbox also delivers over plain HTTP.
bool is_loopback(const Url& url);

}  // namespace sandbox::webhooks
