#include <fapiao/time.hpp>

#include <cstdio>

namespace fapiao {
namespace {

bool is_leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int y, unsigned m) noexcept {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29u : kDays[m - 1];
}

// Reads exactly `width` decimal digits at text[pos].
bool read_digits(std::string_view text, std::size_t pos, std::size_t width, int& out) noexcept {
  if (pos + width > text.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

}  // namespace

bool is_valid_date(int year, unsigned month, unsigned day) noexcept {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

// Howard Hinnant's civil-date algorithms (public domain), on plain integers
// so the header stays C++17.
long long days_from_civil(const Date& date) noexcept {
  const long long y = static_cast<long long>(date.year) - (date.month <= 2 ? 1 : 0);
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const long long yoe = y - era * 400;
  const long long m = date.month;
  const long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
  const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(long long z) noexcept {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  const long long d = doy - (153 * mp + 2) / 5 + 1;
  const long long m = mp < 10 ? mp + 3 : mp - 9;
  const long long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return Date{static_cast<int>(y), static_cast<unsigned>(m), static_cast<unsigned>(d)};
}

unsigned weekday(const Date& date) noexcept {
  const long long z = days_from_civil(date);
  return static_cast<unsigned>(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

std::optional<Date> parse_date(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!read_digits(text, 0, 4, y) || !read_digits(text, 5, 2, m) || !read_digits(text, 8, 2, d)) return std::nullopt;
  if (!is_valid_date(y, static_cast<unsigned>(m), static_cast<unsigned>(d))) return std::nullopt;
  return Date{y, static_cast<unsigned>(m), static_cast<unsigned>(d)};
}

std::string format_date(const Date& date) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", date.year, date.month, date.day);
  return buf;
}

std::optional<Timestamp> parse_rfc3339(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
  if (text.size() < 20) return std::nullopt;
  const auto date = parse_date(text.substr(0, 10));
  if (!date) return std::nullopt;
  const char sep = text[10];
  if (sep != 'T' && sep != 't' && sep != ' ') return std::nullopt;
  int hh = 0, mm = 0, ss = 0;
  if (!read_digits(text, 11, 2, hh) || text[13] != ':' || !read_digits(text, 14, 2, mm) || text[16] != ':' ||
      !read_digits(text, 17, 2, ss)) {
    return std::nullopt;
  }
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;  // 60: a leap second, folded below
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  if (pos >= text.size()) return std::nullopt;
  int offset_minutes = 0;
  const char zone = text[pos];
  if (zone == 'Z' || zone == 'z') {
    if (pos + 1 != text.size()) return std::nullopt;
  } else if (zone == '+' || zone == '-') {
    int oh = 0, om = 0;
    if (pos + 6 != text.size() || !read_digits(text, pos + 1, 2, oh) || text[pos + 3] != ':' ||
        !read_digits(text, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_minutes = (oh * 60 + om) * (zone == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  if (ss == 60) ss = 59;
  const long long seconds = days_from_civil(*date) * 86400LL + hh * 3600LL + mm * 60LL + ss - offset_minutes * 60LL;
  return Timestamp(std::chrono::seconds(seconds));
}

std::string format_rfc3339(Timestamp t, int offset_minutes) {
  const long long local = t.time_since_epoch().count() + offset_minutes * 60LL;
  long long days = local / 86400;
  long long secs = local % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  const Date d = civil_from_days(days);
  if (d.year < 0 || d.year > 9999) {  // outside RFC 3339's four digits: the slow general path
    char wide[48];
    const int abs_off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    std::snprintf(wide, sizeof wide, "%04d-%02u-%02uT%02lld:%02lld:%02lld%c%02d:%02d", d.year, d.month, d.day,
                  secs / 3600, secs % 3600 / 60, secs % 60, offset_minutes < 0 ? '-' : '+', abs_off / 60,
                  abs_off % 60);
    return wide;
  }
  // Written digit by digit: snprintf was the largest cost of encoding a page of bills.
  const auto two = [](char* at, unsigned value) {
    at[0] = static_cast<char>('0' + value / 10);
    at[1] = static_cast<char>('0' + value % 10);
  };
  char buf[26] = "0000-00-00T00:00:00+00:00";
  const auto year = static_cast<unsigned>(d.year);
  two(buf, year / 100);
  two(buf + 2, year % 100);
  two(buf + 5, d.month);
  two(buf + 8, d.day);
  two(buf + 11, static_cast<unsigned>(secs / 3600));
  two(buf + 14, static_cast<unsigned>(secs % 3600 / 60));
  two(buf + 17, static_cast<unsigned>(secs % 60));
  if (offset_minutes == 0) {
    buf[19] = 'Z';
    return std::string(buf, 20);
  }
  const unsigned abs_off = static_cast<unsigned>(offset_minutes < 0 ? -offset_minutes : offset_minutes);
  buf[19] = offset_minutes < 0 ? '-' : '+';
  two(buf + 20, abs_off / 60);
  two(buf + 23, abs_off % 60);
  return std::string(buf, 25);
}

Date shanghai_date(Timestamp t) noexcept {
  long long local = t.time_since_epoch().count() + kShanghaiOffsetMinutes * 60LL;
  long long days = local / 86400;
  if (local % 86400 < 0) --days;
  return civil_from_days(days);
}

Timestamp shanghai_time(const Date& date, int hour, int minute, int second) noexcept {
  const long long seconds =
      days_from_civil(date) * 86400LL + hour * 3600LL + minute * 60LL + second - kShanghaiOffsetMinutes * 60LL;
  return Timestamp(std::chrono::seconds(seconds));
}

}  // namespace fapiao
