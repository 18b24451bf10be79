// fapiao: price–tax separation (价税分离) in integer fen.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace fapiao {

/// VAT rate for cloud (modern IT) services: 6 %, in basis points.
inline constexpr std::int32_t kCloudServiceRateBp = 600;

struct TaxSplit {
  std::int64_t net_fen = 0;
  std::int64_t tax_fen = 0;
};

/// Splits a tax-inclusive amount: net = round_half_up(gross × 10000 /
/// (10000 + rate_bp)), tax = gross − net, so net + tax == gross exactly.
/// Negative amounts (red invoices) round symmetrically. rate_bp must be ≥ 0.
TaxSplit split_gross(std::int64_t gross_fen, std::int32_t rate_bp) noexcept;

struct TaxTotals {
  std::int64_t gross_fen = 0;
  std::int64_t net_fen = 0;
  std::int64_t tax_fen = 0;
};

/// Splits each line on its own and sums the lines; an invoice's totals are
/// never a split of the total (that could differ by a fen per line).
/// nullopt when a total does not fit int64 fen (sums are checked, never wrapped).
std::optional<TaxTotals> split_lines(const std::vector<std::int64_t>& gross_fen_per_line,
                                     std::int32_t rate_bp) noexcept;

}  // namespace fapiao
