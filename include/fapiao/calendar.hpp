// fapiao: China's working-day calendar (R15): weekends, public holidays and
// make-up working days (调休), in Asia/Shanghai.
#pragma once

#include <fapiao/result.hpp>
#include <fapiao/time.hpp>

#include <set>
#include <string>
#include <string_view>

namespace fapiao {

/// The answer of a working-day computation, and whether the loaded calendar
/// covered every day it looked at. When it did not, weekends alone decided.
struct WorkingDayResult {
  Timestamp at{};
  bool outside_calendar = false;
};

class WorkingCalendar {
 public:
  /// The calendar shipped with the SDK (data/cn-working-calendar.txt,
  /// State Council notices for 2025 and 2026).
  static const WorkingCalendar& china();

  /// Reads the text format of data/cn-working-calendar.txt:
  ///   year 2026
  ///   off 2026-02-15 2026-02-23     (a holiday range, inclusive)
  ///   work 2026-02-14               (a make-up working day)
  /// '#' starts a comment. Errors name the line.
  static Result<WorkingCalendar> parse(std::string_view text);

  /// True when the year's holidays are loaded.
  bool covers(int year) const { return years_.count(year) != 0; }
  /// Working day: a make-up day, or a weekday that is not a holiday.
  bool is_working_day(const Date& date) const;

  /// Due time of a request submitted at `submitted` (R15): 23:59:59 Shanghai
  /// time at the end of the `n`-th working day after the submission day; the
  /// submission day itself never counts.
  WorkingDayResult add_working_days(Timestamp submitted, int n) const;

 private:
  std::set<int> years_;
  std::set<long long> off_days_;   // days since epoch
  std::set<long long> work_days_;  // make-up working days
};

}  // namespace fapiao
