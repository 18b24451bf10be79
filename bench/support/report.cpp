#include "report.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace fapiao::bench {

void print(const Row& r) {
  std::cout << "| " << r.benchmark << " | " << r.subject << " | " << r.result << " | " << r.p50 << " | " << r.p99
            << " | " << r.versus << " | " << r.ratio << " |" << std::endl;
}

Row rate_row(std::string benchmark, std::string subject, const Summary& s, const char* unit) {
  Row r;
  r.benchmark = std::move(benchmark);
  r.subject = std::move(subject);
  r.result = format_rate(s.per_second, unit);
  r.p50 = format_micros(s.p50_us);
  r.p99 = format_micros(s.p99_us);
  return r;
}

std::string format_rate(double per_second, const char* unit) {
  char text[64];
  std::snprintf(text, sizeof text, per_second >= 100 ? "%.0f %s" : "%.1f %s", per_second, unit);
  return text;
}

std::string format_micros(double micros) {
  char text[64];
  if (micros >= 10000) {
    std::snprintf(text, sizeof text, "%.1f ms", micros / 1000);
  } else {
    std::snprintf(text, sizeof text, "%.0f µs", micros);
  }
  return text;
}

std::string format_ratio(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f×", ratio);
  return text;
}

std::string format_mib(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", bytes / (1024.0 * 1024.0));
  return text;
}

namespace {
double status_kib(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      std::istringstream in(line.substr(field.size() + 1));
      double kib = 0;
      in >> kib;
      return kib * 1024.0;
    }
  }
  return 0;
}
}  // namespace

double peak_rss_bytes() { return status_kib("VmHWM"); }
double current_rss_bytes() { return status_kib("VmRSS"); }

void reset_peak_rss() {
  // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0).
  std::ofstream("/proc/self/clear_refs") << "5";
}

}  // namespace fapiao::bench
