// fapiao: money. Amounts are integer fen (1 yuan = 100 fen) in int64; the
// currency is always CNY. Rates are basis points (600 = 6 %). Never float.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fapiao {

/// Formats fen as yuan for people: 123456 -> "¥1,234.56", -5 -> "-¥0.05".
std::string format_yuan(std::int64_t fen);

/// Formats fen as a plain decimal yuan amount: 123456 -> "1234.56".
std::string format_yuan_plain(std::int64_t fen);

/// Parses a yuan amount ("1234.56", "1,234.5", "¥12") into fen; nullopt for
/// malformed text, more than two decimals, or overflow.
std::optional<std::int64_t> parse_yuan(std::string_view text);

}  // namespace fapiao
