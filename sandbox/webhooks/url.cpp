#include "webhooks/url.hpp"

#include "util.hpp"

#include <algorithm>
#include <cctype>

namespace sandbox::webhooks {
namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

bool plain_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
}

}  // namespace

std::optional<Url> parse_url(std::string_view text) {
  if (text.size() > 2048) return std::nullopt;
  for (const char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return std::nullopt;
  }
  Url url;
  if (starts_with_nocase(text, "https://")) {
    text.remove_prefix(8);
  } else if (starts_with_nocase(text, "http://")) {
    url.tls = false;
    text.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  const std::size_t end = std::min(text.find_first_of("/?#"), text.size());
  std::string_view authority = text.substr(0, end);
  std::string_view rest = text.substr(end);
  if (authority.find('@') != std::string_view::npos) return std::nullopt;  // no credentials in a URL
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    url.host = std::string(authority.substr(1, close - 1));
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port = after.substr(1);
    }
    if (url.host.empty() || url.host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string::npos) {
      return std::nullopt;
    }
  } else {
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      authority = authority.substr(0, colon);
    }
    if (authority.empty() || !std::all_of(authority.begin(), authority.end(), plain_host_char)) return std::nullopt;
    url.host = std::string(authority);
  }
  if (!port.empty() || authority.size() != text.substr(0, end).size()) {
    const auto n = parse_int(port);
    if (!n || *n < 1 || *n > 65535) return std::nullopt;
    url.port = std::to_string(*n);
  } else {
    url.port = url.tls ? "443" : "80";
  }
  if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  url.target = rest.empty() || rest.front() == '?' ? "/" + std::string(rest) : std::string(rest);
  return url;
}

bool is_loopback(const Url& url) {
  if (iequals(url.host, "localhost") || url.host == "::1") return true;
  return url.host.rfind("127.", 0) == 0 && url.host.find_first_not_of("0123456789.") == std::string::npos;
}

}  // namespace sandbox::webhooks
