#include "stats.hpp"

#include <algorithm>
#include <cmath>

namespace fapiao::bench {
namespace {

double percentile(std::vector<double> sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size(), std::max<std::size_t>(rank, 1)) - 1];
}

}  // namespace

Summary Latencies::summarize(double wall_seconds) const {
  std::vector<double> sorted = micros_;
  std::sort(sorted.begin(), sorted.end());
  Summary s;
  s.count = sorted.size();
  s.per_second = wall_seconds > 0 ? static_cast<double>(sorted.size()) / wall_seconds : 0;
  s.p50_us = percentile(sorted, 50);
  s.p99_us = percentile(sorted, 99);
  return s;
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace fapiao::bench
