// fapiao: timestamps and dates. Business time is Asia/Shanghai (UTC+08:00,
// no daylight saving since 1991); the wire format is RFC 3339 with offset.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace fapiao {

/// A point in time with one-second resolution (std::chrono::sys_seconds in C++20).
using Timestamp = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

/// Asia/Shanghai's offset from UTC, in minutes.
inline constexpr int kShanghaiOffsetMinutes = 8 * 60;

/// Parses RFC 3339 ("2026-11-13T10:00:00+08:00", "...Z", fractions are
/// truncated). Returns nullopt for anything else, including invalid dates.
std::optional<Timestamp> parse_rfc3339(std::string_view text);

/// Formats as RFC 3339 at the given UTC offset (default Asia/Shanghai):
/// "2026-11-13T10:00:00+08:00"; offset 0 gives "...Z".
std::string format_rfc3339(Timestamp t, int offset_minutes = kShanghaiOffsetMinutes);

/// A calendar date without a time zone ("2026-10-09").
struct Date {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;

  friend bool operator==(const Date& a, const Date& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day;
  }
  friend bool operator!=(const Date& a, const Date& b) { return !(a == b); }
  friend bool operator<(const Date& a, const Date& b) {
    if (a.year != b.year) return a.year < b.year;
    if (a.month != b.month) return a.month < b.month;
    return a.day < b.day;
  }
  friend bool operator<=(const Date& a, const Date& b) { return !(b < a); }
};

/// Parses "YYYY-MM-DD"; nullopt for malformed text or a date that does not exist.
std::optional<Date> parse_date(std::string_view text);
/// "YYYY-MM-DD".
std::string format_date(const Date& date);
/// True when the date exists in the proleptic Gregorian calendar.
bool is_valid_date(int year, unsigned month, unsigned day) noexcept;

/// Days since 1970-01-01 and back.
long long days_from_civil(const Date& date) noexcept;
Date civil_from_days(long long days) noexcept;
/// 0 = Sunday ... 6 = Saturday.
unsigned weekday(const Date& date) noexcept;

/// The Shanghai calendar date of an instant.
Date shanghai_date(Timestamp t) noexcept;
/// The instant of a Shanghai wall-clock time on a date.
Timestamp shanghai_time(const Date& date, int hour, int minute, int second) noexcept;

}  // namespace fapiao
