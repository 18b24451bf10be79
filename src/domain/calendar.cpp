#include <fapiao/calendar.hpp>

#include "domain/calendar_data.hpp"

#include <cstdlib>
#include <sstream>

namespace fapiao {
namespace {

Error line_error(std::size_t line_number, const std::string& what) {
  return Error(ErrorCode::invalid_argument,
               "working calendar, line " + std::to_string(line_number) + ": " + what);
}

}  // namespace

Result<WorkingCalendar> WorkingCalendar::parse(std::string_view text) {
  WorkingCalendar calendar;
  std::istringstream in{std::string(text)};
  std::string raw;
  std::size_t line_number = 0;
  while (std::getline(in, raw)) {
    ++line_number;
    if (const auto hash = raw.find('#'); hash != std::string::npos) raw.erase(hash);
    std::istringstream words(raw);
    std::string keyword, first, last, extra;
    if (!(words >> keyword)) continue;  // blank or comment
    words >> first >> last >> extra;
    if (!extra.empty()) return line_error(line_number, "too many words");
    if (keyword == "year") {
      char* end = nullptr;
      const long year = std::strtol(first.c_str(), &end, 10);
      if (first.size() != 4 || *end != '\0') return line_error(line_number, "expected `year YYYY`");
      calendar.years_.insert(static_cast<int>(year));
      continue;
    }
    if (keyword != "off" && keyword != "work") {
      return line_error(line_number, "unknown keyword `" + keyword + "` (expected year, off or work)");
    }
    const auto from = parse_date(first);
    if (!from) return line_error(line_number, "expected a date YYYY-MM-DD, got `" + first + "`");
    auto to = from;
    if (!last.empty()) {
      if (keyword == "work") return line_error(line_number, "`work` takes one date");
      to = parse_date(last);
      if (!to || *to < *from) return line_error(line_number, "invalid end of range `" + last + "`");
    }
    if (calendar.years_.count(from->year) == 0 || calendar.years_.count(to->year) == 0) {
      return line_error(line_number, "date outside a declared `year`");
    }
    auto& days = keyword == "off" ? calendar.off_days_ : calendar.work_days_;
    for (long long d = days_from_civil(*from); d <= days_from_civil(*to); ++d) days.insert(d);
  }
  for (const long long d : calendar.work_days_) {
    if (calendar.off_days_.count(d) != 0) {
      return Error(ErrorCode::invalid_argument,
                   "working calendar: " + format_date(civil_from_days(d)) + " is both `off` and `work`");
    }
  }
  return calendar;
}

const WorkingCalendar& WorkingCalendar::china() {
  static const WorkingCalendar calendar = [] {
    auto parsed = parse(detail::shipped_calendar_text());
    if (!parsed) std::abort();  // the shipped file is checked by the unit tests
    return std::move(parsed).value();
  }();
  return calendar;
}

bool WorkingCalendar::is_working_day(const Date& date) const {
  const long long day = days_from_civil(date);
  if (work_days_.count(day) != 0) return true;
  if (off_days_.count(day) != 0) return false;
  const unsigned wd = weekday(date);
  return wd != 0 && wd != 6;
}

WorkingDayResult WorkingCalendar::add_working_days(Timestamp submitted, int n) const {
  WorkingDayResult result;
  Date day = shanghai_date(submitted);
  for (int counted = 0; counted < n;) {
    day = civil_from_days(days_from_civil(day) + 1);
    if (!covers(day.year)) result.outside_calendar = true;
    if (is_working_day(day)) ++counted;
  }
  result.at = shanghai_time(day, 23, 59, 59);
  return result;
}

}  // namespace fapiao
