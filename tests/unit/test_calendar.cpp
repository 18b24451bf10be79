#include <fapiao/calendar.hpp>

#include <gtest/gtest.h>

namespace fapiao {
namespace {

// Submission at 10:00 Shanghai time on a date; the due date it gets.
std::string due(const char* submitted_date, int hour = 10) {
  const Date d = *parse_date(submitted_date);
  const auto r = WorkingCalendar::china().add_working_days(shanghai_time(d, hour, 0, 0), 2);
  return format_rfc3339(r.at);
}

TEST(Calendar, SpecExamples) {
  EXPECT_EQ(due("2026-11-13"), "2026-11-17T23:59:59+08:00");  // Fri -> Tue
  EXPECT_EQ(due("2026-09-30"), "2026-10-09T23:59:59+08:00");  // National Day
  EXPECT_EQ(due("2026-09-18"), "2026-09-21T23:59:59+08:00");  // Sun 20 Sep is a make-up day
}

TEST(Calendar, AroundEach2026Holiday) {
  EXPECT_EQ(due("2025-12-31"), "2026-01-05T23:59:59+08:00");  // Jan 1-3 off, Sun Jan 4 works
  EXPECT_EQ(due("2026-02-12"), "2026-02-14T23:59:59+08:00");  // Sat Feb 14 is a make-up day
  EXPECT_EQ(due("2026-02-13"), "2026-02-24T23:59:59+08:00");  // Spring Festival Feb 15-23
  EXPECT_EQ(due("2026-02-27"), "2026-03-02T23:59:59+08:00");  // Sat Feb 28 works, Sun Mar 1 not
  EXPECT_EQ(due("2026-04-03"), "2026-04-08T23:59:59+08:00");  // Qingming Apr 4-6
  EXPECT_EQ(due("2026-04-30"), "2026-05-07T23:59:59+08:00");  // Labour Day May 1-5
  EXPECT_EQ(due("2026-05-08"), "2026-05-11T23:59:59+08:00");  // Sat May 9 works
  EXPECT_EQ(due("2026-06-18"), "2026-06-23T23:59:59+08:00");  // Dragon Boat Jun 19-21
  EXPECT_EQ(due("2026-09-24"), "2026-09-29T23:59:59+08:00");  // Mid-Autumn Sep 25-27
  EXPECT_EQ(due("2026-10-09"), "2026-10-12T23:59:59+08:00");  // Sat Oct 10 works
}

TEST(Calendar, SubmissionDayNeverCountsEvenWhenOff) {
  EXPECT_EQ(due("2026-10-03"), "2026-10-09T23:59:59+08:00");  // submitted on a holiday
  EXPECT_EQ(due("2026-11-14"), "2026-11-17T23:59:59+08:00");  // submitted on a Saturday
  EXPECT_EQ(due("2026-09-20"), "2026-09-22T23:59:59+08:00");  // submitted on a make-up Sunday
}

TEST(Calendar, UsesTheShanghaiDateNotUtc) {
  // 2026-11-12 23:30 Shanghai is still Thursday there (15:30Z)...
  EXPECT_EQ(due("2026-11-12", 23), "2026-11-16T23:59:59+08:00");
  // ...and 00:30 Friday Shanghai is Thursday 16:30Z in UTC.
  EXPECT_EQ(due("2026-11-13", 0), "2026-11-17T23:59:59+08:00");
}

TEST(Calendar, WorkingDayClassification) {
  const auto& cal = WorkingCalendar::china();
  EXPECT_FALSE(cal.is_working_day(Date{2026, 10, 1}));
  EXPECT_TRUE(cal.is_working_day(Date{2026, 10, 10}));  // Saturday, make-up
  EXPECT_FALSE(cal.is_working_day(Date{2026, 10, 11}));  // plain Sunday
  EXPECT_TRUE(cal.is_working_day(Date{2025, 9, 28}));   // 2025 make-up Sunday
  EXPECT_FALSE(cal.is_working_day(Date{2025, 10, 8}));  // 2025 National Day
  EXPECT_TRUE(cal.covers(2025));
  EXPECT_TRUE(cal.covers(2026));
  EXPECT_FALSE(cal.covers(2027));
}

TEST(Calendar, OutsideLoadedYearsFallsBackToWeekendsAndSaysSo) {
  const auto& cal = WorkingCalendar::china();
  const auto inside = cal.add_working_days(shanghai_time(Date{2026, 11, 13}, 10, 0, 0), 2);
  EXPECT_FALSE(inside.outside_calendar);
  const auto outside = cal.add_working_days(shanghai_time(Date{2027, 3, 1}, 10, 0, 0), 2);
  EXPECT_TRUE(outside.outside_calendar);
  EXPECT_EQ(format_rfc3339(outside.at), "2027-03-03T23:59:59+08:00");
  // Crossing into an unloaded year: 1 Jan 2027 counts as a weekday.
  const auto crossing = cal.add_working_days(shanghai_time(Date{2026, 12, 30}, 10, 0, 0), 2);
  EXPECT_TRUE(crossing.outside_calendar);
  EXPECT_EQ(format_rfc3339(crossing.at), "2027-01-01T23:59:59+08:00");
}

TEST(Calendar, ParsesCustomDataSoANewYearIsADataChange) {
  auto cal = WorkingCalendar::parse("year 2027\noff 2027-01-01\nwork 2027-01-02 # a Saturday\n");
  ASSERT_TRUE(cal) << cal.error().message;
  EXPECT_TRUE(cal->covers(2027));
  EXPECT_FALSE(cal->is_working_day(Date{2027, 1, 1}));
  EXPECT_TRUE(cal->is_working_day(Date{2027, 1, 2}));
}

TEST(Calendar, ParseErrorsNameTheLine) {
  const auto bad_keyword = WorkingCalendar::parse("year 2027\nholiday 2027-01-01\n");
  ASSERT_FALSE(bad_keyword);
  EXPECT_NE(bad_keyword.error().message.find("line 2"), std::string::npos);
  EXPECT_FALSE(WorkingCalendar::parse("year 2027\noff 2027-02-30\n"));
  EXPECT_FALSE(WorkingCalendar::parse("off 2027-01-01\n"));  // year not declared
  EXPECT_FALSE(WorkingCalendar::parse("year 2027\noff 2027-01-05 2027-01-01\n"));
  EXPECT_FALSE(WorkingCalendar::parse("year 2027\noff 2027-01-02\nwork 2027-01-02\n"));
}

}  // namespace
}  // namespace fapiao
