// fapiao: money. Amounts are integer fen (1 yuan = 100 fen) in int64; the
// currency is always CNY. Rates are basis points (600 = 6 %). Never float.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fapiao {

/// Formats fen as yuan for people: 123456 -> "¥1,234.56", -5 -> "-¥0.05".
std::string format_yuan(std::int64_t fen);

/// Formats fen as a plain decimal yuan amount: 123456 -> "1234.56".
std::string format_yuan_plain(std::int64_t fen);

/// a + b in fen, or nullopt when the sum does not fit int64 (never wraps
/// around: a wrapped sum of positive amounts would turn negative).
std::optional<std::int64_t> add_fen(std::int64_t a, std::int64_t b) noexcept;
/// The sum of the amounts, or nullopt as soon as a partial sum overflows.
/// Every sum of money in the SDK and the sandbox goes through these two.
std::optional<std::int64_t> sum_fen(const std::vector<std::int64_t>& amounts) noexcept;

/// Parses a yuan amount ("1234.56", "1,234.5", "¥12") into fen; nullopt for
/// malformed text, more than two decimals, or overflow.
std::optional<std::int64_t> parse_yuan(std::string_view text);

}  // namespace fapiao
