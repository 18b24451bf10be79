// Byte encodings shared by the transport, the document names and the
// sandbox: base64 (RFC 4648) and percent-decoding (RFC 3986).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fapiao::detail {

/// Standard base64 with padding; with `wrap_at` > 0, "\r\n" after every
/// `wrap_at` output characters (MIME bodies use 76).
std::string base64(std::string_view data, std::size_t wrap_at = 0);

/// The value of a hex digit, or -1.
int hex_digit(char c);

/// %XX sequences decoded. `strict`: a malformed % is an error (nullopt);
/// otherwise it is kept as it stands.
std::optional<std::string> percent_decode(std::string_view text, bool strict);

}  // namespace fapiao::detail
