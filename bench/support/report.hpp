// The benchmarks' output: Markdown table rows that bench/run_bench.py gathers
// into the one table `./dev.sh bench` prints. Columns:
// | Benchmark | Subject | Result | p50 | p99 | Compared with | Ratio |
#pragma once

#include "stats.hpp"

#include <string>

namespace fapiao::bench {

struct Row {
  std::string benchmark;
  std::string subject;
  std::string result;
  std::string p50 = "—";
  std::string p99 = "—";
  std::string versus = "—";
  std::string ratio = "—";
};

void print(const Row& row);

/// A row for a rate with its latencies.
Row rate_row(std::string benchmark, std::string subject, const Summary& s, const char* unit = "req/s");

std::string format_rate(double per_second, const char* unit = "req/s");
std::string format_micros(double micros);
std::string format_ratio(double ratio);
std::string format_mib(double bytes);

/// Peak resident memory (VmHWM) in bytes, and a reset of that peak to the
/// current size, so a phase's own peak can be read.
double peak_rss_bytes();
double current_rss_bytes();
void reset_peak_rss();

}  // namespace fapiao::bench
