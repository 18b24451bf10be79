#include <fapiao/money.hpp>

#include <gtest/gtest.h>

#include <limits>

namespace fapiao {
namespace {

TEST(Money, FormatsYuanWithGroupingAndSymbol) {
  EXPECT_EQ(format_yuan(123456), "¥1,234.56");
  EXPECT_EQ(format_yuan(0), "¥0.00");
  EXPECT_EQ(format_yuan(5), "¥0.05");
  EXPECT_EQ(format_yuan(100), "¥1.00");
  EXPECT_EQ(format_yuan(100000000), "¥1,000,000.00");
  EXPECT_EQ(format_yuan(-5), "-¥0.05");
  EXPECT_EQ(format_yuan(-123456), "-¥1,234.56");
}

TEST(Money, FormatsExtremesWithoutOverflow) {
  EXPECT_EQ(format_yuan(std::numeric_limits<std::int64_t>::max()), "¥92,233,720,368,547,758.07");
  EXPECT_EQ(format_yuan(std::numeric_limits<std::int64_t>::min()), "-¥92,233,720,368,547,758.08");
}

TEST(Money, FormatsPlainDecimal) {
  EXPECT_EQ(format_yuan_plain(123456), "1234.56");
  EXPECT_EQ(format_yuan_plain(-7), "-0.07");
}

TEST(Money, ParsesYuan) {
  EXPECT_EQ(parse_yuan("1234.56"), 123456);
  EXPECT_EQ(parse_yuan("1,234.5"), 123450);
  EXPECT_EQ(parse_yuan("¥12"), 1200);
  EXPECT_EQ(parse_yuan("-0.07"), -7);
  EXPECT_EQ(parse_yuan("0.1"), 10);
}

TEST(Money, RejectsMalformedYuan) {
  EXPECT_FALSE(parse_yuan(""));
  EXPECT_FALSE(parse_yuan("1.234"));
  EXPECT_FALSE(parse_yuan("1.2.3"));
  EXPECT_FALSE(parse_yuan("abc"));
  EXPECT_FALSE(parse_yuan("12."));
  EXPECT_FALSE(parse_yuan(".5"));
  EXPECT_FALSE(parse_yuan("99999999999999999999"));
}

}  // namespace
}  // namespace fapiao
