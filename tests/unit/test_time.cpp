#include <fapiao/time.hpp>

#include <gtest/gtest.h>

namespace fapiao {
namespace {

TEST(Time, ParsesOffsetsAndZulu) {
  const auto a = parse_rfc3339("2026-11-13T10:00:00+08:00");
  const auto b = parse_rfc3339("2026-11-13T02:00:00Z");
  const auto c = parse_rfc3339("2026-11-12T21:00:00-05:00");
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(*a, *c);
  EXPECT_EQ(a->time_since_epoch().count(), 1794535200);
}

TEST(Time, TruncatesFractions) {
  EXPECT_EQ(parse_rfc3339("2026-11-13T02:00:00.999Z"), parse_rfc3339("2026-11-13T02:00:00Z"));
}

TEST(Time, RejectsMalformed) {
  for (const char* bad : {"", "2026-11-13", "2026-11-13T10:00:00", "2026-13-01T00:00:00Z",
                          "2026-02-29T00:00:00Z", "2026-11-13T24:00:00Z", "2026-11-13T10:00:00+0800",
                          "2026-11-13T10:00:00.Z", "2026-11-13T10:00:00Zjunk", "x026-11-13T10:00:00Z"}) {
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
  }
}

TEST(Time, FormatsInShanghaiByDefault) {
  const Timestamp t(std::chrono::seconds(1794535200));
  EXPECT_EQ(format_rfc3339(t), "2026-11-13T10:00:00+08:00");
  EXPECT_EQ(format_rfc3339(t, 0), "2026-11-13T02:00:00Z");
  EXPECT_EQ(format_rfc3339(t, -330), "2026-11-12T20:30:00-05:30");
}

TEST(Time, RoundTripsAcrossDayBoundaries) {
  for (long long s : {0LL, -1LL, 86399LL, 951782400LL, 1794535200LL, 4102444799LL}) {
    const Timestamp t{std::chrono::seconds(s)};
    EXPECT_EQ(parse_rfc3339(format_rfc3339(t)), t) << s;
    EXPECT_EQ(parse_rfc3339(format_rfc3339(t, 0)), t) << s;
  }
}

TEST(Time, ShanghaiDateCrossesMidnightEightHoursEarly) {
  const auto late_utc = *parse_rfc3339("2026-09-30T16:30:00Z");  // 00:30 on 1 Oct in Shanghai
  EXPECT_EQ(shanghai_date(late_utc), (Date{2026, 10, 1}));
  EXPECT_EQ(format_rfc3339(shanghai_time(Date{2026, 10, 9}, 23, 59, 59)), "2026-10-09T23:59:59+08:00");
}

TEST(Time, DatesParseFormatAndWeekday) {
  EXPECT_EQ(parse_date("2026-11-13"), (Date{2026, 11, 13}));
  EXPECT_FALSE(parse_date("2026-11-31"));
  EXPECT_FALSE(parse_date("2026-1-13"));
  EXPECT_TRUE(parse_date("2024-02-29"));
  EXPECT_FALSE(parse_date("2100-02-29"));
  EXPECT_EQ(format_date(Date{2026, 1, 4}), "2026-01-04");
  EXPECT_EQ(weekday(Date{2026, 11, 13}), 5u);  // Friday
  EXPECT_EQ(weekday(Date{2026, 9, 20}), 0u);   // Sunday
  EXPECT_EQ(weekday(Date{1970, 1, 1}), 4u);    // Thursday
  EXPECT_EQ(civil_from_days(days_from_civil(Date{1969, 12, 31})), (Date{1969, 12, 31}));
}

}  // namespace
}  // namespace fapiao
