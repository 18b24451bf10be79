// Redaction by allow-list: a JSON body is logged with only the values of
// known-harmless fields; every other string becomes "[redacted]". So a new
// secret field can never leak by default.
#pragma once

#include <string>
#include <string_view>

namespace fapiao::detail {

/// The body with every string value outside the allow-list replaced. A body
/// that is not JSON is summarised by its size only.
std::string redact_json(std::string_view body);

}  // namespace fapiao::detail
