#include <fapiao/tax.hpp>

#include <gtest/gtest.h>

#include <limits>

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
  const TaxTotals t = split_lines(lines, 600);
  EXPECT_EQ(t.gross_fen, 900);
  EXPECT_EQ(t.net_fen, 800);
  EXPECT_EQ(t.tax_fen, 100);
  EXPECT_NE(t.net_fen, split_gross(900, 600).net_fen);
}

TEST(Tax, EmptySelectionSumsToZero) {
  const TaxTotals t = split_lines({}, 600);
  EXPECT_EQ(t.gross_fen, 0);
  EXPECT_EQ(t.net_fen, 0);
  EXPECT_EQ(t.tax_fen, 0);
}

}  // namespace
}  // namespace fapiao
