#include <fapiao/money.hpp>
#include <fapiao/tax.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>

namespace fapiao {
namespace {

TEST(Tax, SpecExampleAtSixPercent) {
  const TaxSplit s = split_gross(100000, kCloudServiceRateBp);
  EXPECT_EQ(s.net_fen, 94340);
  EXPECT_EQ(s.tax_fen, 5660);
}

TEST(Tax, NetPlusTaxAlwaysEqualsGross) {
  for (std::int64_t gross = 0; gross < 5000; ++gross) {
    for (std::int32_t rate : {0, 100, 300, 600, 900, 1300}) {
      const TaxSplit s = split_gross(gross, rate);
      ASSERT_EQ(s.net_fen + s.tax_fen, gross) << gross << " at " << rate;
      ASSERT_GE(s.tax_fen, 0);
    }
  }
}

TEST(Tax, TiesRoundHalfUp) {
  // 53 × 10000 / 10600 = 50 exactly .0; find exact halves: gross × 10000 /
  // 10600 has fraction .5 when gross × 10000 ≡ 5300 (mod 10600): gross = 53.
  // 53 × 10000 = 530000 = 50 × 10600 + 0 → not a tie; 159 → 1590000 / 10600 = 150.0.
  // With rate 10000 (100 %), gross 1 → 0.5 → rounds up to 1.
  EXPECT_EQ(split_gross(1, 10000).net_fen, 1);
  EXPECT_EQ(split_gross(3, 10000).net_fen, 2);   // 1.5 → 2
  EXPECT_EQ(split_gross(5, 10000).net_fen, 3);   // 2.5 → 3
  EXPECT_EQ(split_gross(-5, 10000).net_fen, -3); // symmetric for red invoices
  // Just below and above a half at 6 %: 1 fen → 0.943 → 1, net 1 tax 0.
  EXPECT_EQ(split_gross(1, 600).net_fen, 1);
  EXPECT_EQ(split_gross(1, 600).tax_fen, 0);
  // 9 fen → 8.49 → 8 ; 26 fen → 24.528 → 25
  EXPECT_EQ(split_gross(9, 600).net_fen, 8);
  EXPECT_EQ(split_gross(26, 600).net_fen, 25);
}

TEST(Tax, ZeroRateHasNoTax) {
  const TaxSplit s = split_gross(12345, 0);
  EXPECT_EQ(s.net_fen, 12345);
  EXPECT_EQ(s.tax_fen, 0);
}

TEST(Tax, LargeAmountsDoNotOverflow) {
  const std::int64_t gross = std::numeric_limits<std::int64_t>::max() / 2;
  const TaxSplit s = split_gross(gross, 600);
  EXPECT_EQ(s.net_fen + s.tax_fen, gross);
  // net ≈ gross / 1.06
  EXPECT_NEAR(static_cast<double>(s.net_fen) / static_cast<double>(gross), 1 / 1.06, 1e-12);
}

TEST(Tax, TotalsAreSumsOfLinesNotSplitOfTotal) {
  // 100 lines of 9 fen: each 8 net + 1 tax; the total split would be
  // 900 → 849 net + 51 tax. Lines give 800 + 100.
  const std::vector<std::int64_t> lines(100, 9);
  const TaxTotals t = split_lines(lines, 600).value();
  EXPECT_EQ(t.gross_fen, 900);
  EXPECT_EQ(t.net_fen, 800);
  EXPECT_EQ(t.tax_fen, 100);
  EXPECT_NE(t.net_fen, split_gross(900, 600).net_fen);
}

TEST(Tax, EmptySelectionSumsToZero) {
  const TaxTotals t = split_lines({}, 600).value();
  EXPECT_EQ(t.gross_fen, 0);
  EXPECT_EQ(t.net_fen, 0);
  EXPECT_EQ(t.tax_fen, 0);
}

// Four positive amounts near 2^62 wrap int64 to a small or negative sum if
// added blindly: every total must refuse instead.
TEST(Tax, TotalsThatWouldOverflowAreRefusedNotWrapped) {
  const std::int64_t near_2_62 = std::int64_t{1} << 62;
  EXPECT_FALSE(split_lines({near_2_62, near_2_62, near_2_62, near_2_62}, 600));
  EXPECT_FALSE(split_lines({std::numeric_limits<std::int64_t>::max(), 1}, 600));
  EXPECT_FALSE(split_lines({std::numeric_limits<std::int64_t>::min(), -1}, 600));
  const auto fits = split_lines({near_2_62, near_2_62 - 1, near_2_62}, 0);
  ASSERT_FALSE(fits);  // 3 × 2^62 > 2^63 − 1
  const auto largest = split_lines({std::numeric_limits<std::int64_t>::max() - 5, 5}, 600);
  ASSERT_TRUE(largest);
  EXPECT_EQ(largest->gross_fen, std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(largest->net_fen + largest->tax_fen, largest->gross_fen);
}

// Property test over extreme and random values: whenever a total is given,
// it is the exact sum (checked in 128-bit arithmetic), net + tax == gross,
// and for positive lines net and tax are never negative; whenever the exact
// sum does not fit int64, no total is given.
TEST(Tax, PropertiesHoldForExtremeAmounts) {
  __extension__ using Wide = __int128;
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const std::int64_t min = std::numeric_limits<std::int64_t>::min();
  const std::vector<std::int64_t> extremes = {0, 1, -1, 2, 99, 100, 101, max, max - 1, max / 2, max / 2 + 1,
                                              min, min + 1, min / 2, std::int64_t{1} << 62, (std::int64_t{1} << 62) + 1};
  std::mt19937_64 rng(20261201);
  for (int round = 0; round < 20000; ++round) {
    std::vector<std::int64_t> lines;
    const int n = static_cast<int>(rng() % 6);
    for (int i = 0; i < n; ++i) {
      const auto pick = rng() % 3;
      lines.push_back(pick == 0 ? extremes[rng() % extremes.size()]
                                : pick == 1 ? static_cast<std::int64_t>(rng()) : static_cast<std::int64_t>(rng() % 100000000));
    }
    const std::int32_t rate = std::vector<std::int32_t>{0, 300, 600, 900, 1300}[rng() % 5];
    Wide exact = 0;
    bool fits = true;
    for (const auto v : lines) {
      exact += v;
      if (exact > max || exact < min) fits = false;
    }
    const auto totals = split_lines(lines, rate);
    const auto sum = sum_fen(lines);
    if (!fits) {
      EXPECT_FALSE(sum) << "round " << round;
      // A partial sum overflowed: no gross total; (a later line may bring it back
      // into range, which split_lines still refuses, as every partial sum is checked).
      EXPECT_FALSE(totals) << "round " << round;
      continue;
    }
    ASSERT_TRUE(sum) << "round " << round;
    EXPECT_EQ(static_cast<Wide>(*sum), exact);
    const bool all_positive = std::all_of(lines.begin(), lines.end(), [](auto v) { return v > 0; });
    if (!totals) {  // net/tax partial sums may overflow with mixed signs: refused, never wrapped
      EXPECT_FALSE(all_positive) << "round " << round;
      continue;
    }
    EXPECT_EQ(static_cast<Wide>(totals->gross_fen), exact);
    EXPECT_EQ(static_cast<Wide>(totals->net_fen) + totals->tax_fen, exact);
    if (all_positive) {
      EXPECT_GE(totals->net_fen, 0);
      EXPECT_GE(totals->tax_fen, 0);
    }
  }
}

}  // namespace
}  // namespace fapiao
