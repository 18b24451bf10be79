// The Fapiao-Signature header: signing (the sandbox's deliveries, `fapiao
// listen`) and checking (webhooks::construct_event) in one place, so what is
// signed and what is verified cannot drift apart.
//
//   Fapiao-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]
//   <hex> = lower-case HMAC-SHA256(secret, "<t>." + the exact body bytes)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fapiao::detail::webhooks {

/// The hex HMAC-SHA256 of "<timestamp>.<payload>" under `secret`.
std::string signature(std::string_view secret, std::int64_t timestamp, std::string_view payload);
/// The whole header value: one v1= per secret, in the order given.
std::string signature_header(std::int64_t timestamp, std::string_view payload, const std::vector<std::string>& secrets);

/// A header as received. Unknown schemes (v0=, v2=) and stray parts are
/// skipped, so a future scheme does not break today's receivers.
struct ParsedHeader {
  std::int64_t timestamp = 0;
  std::vector<std::string> v1;  // lower-case hex, 64 digits each
};
/// nullopt when there is no valid t= or no well-formed v1=.
std::optional<ParsedHeader> parse_signature_header(std::string_view header);

/// Whether any of `expected` (hex digests) equals any of `received`, each
/// comparison in constant time.
bool any_matches(const std::vector<std::string>& received, const std::vector<std::string>& expected);

}  // namespace fapiao::detail::webhooks
