#include <fapiao/money.hpp>
#include <fapiao/tax.hpp>

namespace fapiao {
namespace {

// gross × 10000 can exceed int64 for very large amounts; 128-bit keeps the
// arithmetic exact for every int64 input.
__extension__ using Wide = __int128;

std::int64_t divide_round_half_up(Wide numerator, Wide denominator) noexcept {
  // Rounds half away from zero, so a negative amount mirrors its positive.
  const bool negative = numerator < 0;
  const Wide n = negative ? -numerator : numerator;
  const Wide q = (2 * n + denominator) / (2 * denominator);
  return static_cast<std::int64_t>(negative ? -q : q);
}

}  // namespace

TaxSplit split_gross(std::int64_t gross_fen, std::int32_t rate_bp) noexcept {
  if (rate_bp <= 0) return TaxSplit{gross_fen, 0};
  const std::int64_t net = divide_round_half_up(static_cast<Wide>(gross_fen) * 10000, 10000 + static_cast<Wide>(rate_bp));
  return TaxSplit{net, gross_fen - net};
}

std::optional<TaxTotals> split_lines(const std::vector<std::int64_t>& gross_fen_per_line,
                                     std::int32_t rate_bp) noexcept {
  TaxTotals totals;
  for (const std::int64_t gross : gross_fen_per_line) {
    const TaxSplit line = split_gross(gross, rate_bp);
    const auto g = add_fen(totals.gross_fen, gross);
    const auto n = add_fen(totals.net_fen, line.net_fen);
    const auto t = add_fen(totals.tax_fen, line.tax_fen);
    if (!g || !n || !t) return std::nullopt;
    totals = TaxTotals{*g, *n, *t};
  }
  return totals;
}

}  // namespace fapiao
