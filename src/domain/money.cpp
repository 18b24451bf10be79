#include <fapiao/money.hpp>

#include <limits>

namespace fapiao {
namespace {

// Absolute value as unsigned, safe for INT64_MIN.
std::uint64_t magnitude(std::int64_t v) noexcept {
  return v < 0 ? static_cast<std::uint64_t>(-(v + 1)) + 1u : static_cast<std::uint64_t>(v);
}

std::string format(std::int64_t fen, bool symbol, bool grouping) {
  const std::uint64_t abs = magnitude(fen);
  const std::string yuan = std::to_string(abs / 100);
  std::string grouped;
  for (std::size_t i = 0; i < yuan.size(); ++i) {
    if (grouping && i != 0 && (yuan.size() - i) % 3 == 0) grouped += ',';
    grouped += yuan[i];
  }
  const unsigned cents = static_cast<unsigned>(abs % 100);
  std::string out = fen < 0 ? "-" : "";
  if (symbol) out += "\xC2\xA5";  // ¥
  out += grouped;
  out += '.';
  out += static_cast<char>('0' + cents / 10);
  out += static_cast<char>('0' + cents % 10);
  return out;
}

}  // namespace

std::optional<std::int64_t> add_fen(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return std::nullopt;
  return sum;
}

std::optional<std::int64_t> sum_fen(const std::vector<std::int64_t>& amounts) noexcept {
  std::int64_t sum = 0;
  for (const std::int64_t amount : amounts) {
    const auto next = add_fen(sum, amount);
    if (!next) return std::nullopt;
    sum = *next;
  }
  return sum;
}

std::string format_yuan(std::int64_t fen) { return format(fen, true, true); }
std::string format_yuan_plain(std::int64_t fen) { return format(fen, false, false); }

std::optional<std::int64_t> parse_yuan(std::string_view text) {
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  for (std::string_view symbol : {std::string_view("\xC2\xA5"), std::string_view("\xEF\xBF\xA5")}) {
    if (text.substr(0, symbol.size()) == symbol) text.remove_prefix(symbol.size());
  }
  if (text.empty()) return std::nullopt;
  constexpr std::uint64_t kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  std::uint64_t yuan = 0;
  std::size_t pos = 0;
  std::size_t digits = 0;
  for (; pos < text.size() && text[pos] != '.'; ++pos) {
    const char c = text[pos];
    if (c == ',') continue;
    if (c < '0' || c > '9') return std::nullopt;
    yuan = yuan * 10 + static_cast<std::uint64_t>(c - '0');
    if (yuan > kMax / 100) return std::nullopt;
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  std::uint64_t cents = 0;
  if (pos < text.size()) {
    const std::string_view frac = text.substr(pos + 1);
    if (frac.empty() || frac.size() > 2) return std::nullopt;
    for (char c : frac) {
      if (c < '0' || c > '9') return std::nullopt;
    }
    cents = static_cast<std::uint64_t>(frac[0] - '0') * 10 + (frac.size() == 2 ? static_cast<std::uint64_t>(frac[1] - '0') : 0);
  }
  const std::uint64_t total = yuan * 100 + cents;
  if (total > kMax) return std::nullopt;
  const auto value = static_cast<std::int64_t>(total);
  return negative ? -value : value;
}

}  // namespace fapiao
