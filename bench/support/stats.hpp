// Latency samples and their summary (rate, p50, p99) for the benchmarks.
#pragma once

#include <chrono>
#include <cstddef>
#include <vector>

namespace fapiao::bench {

using Clock = std::chrono::steady_clock;

struct Summary {
  std::size_t count = 0;
  double per_second = 0;  ///< count / wall time
  double p50_us = 0;
  double p99_us = 0;
};

/// Latencies in microseconds, gathered by one thread (merge() joins several).
class Latencies {
 public:
  void add(Clock::duration d) { micros_.push_back(std::chrono::duration<double, std::micro>(d).count()); }
  void merge(const Latencies& other) { micros_.insert(micros_.end(), other.micros_.begin(), other.micros_.end()); }
  std::size_t size() const { return micros_.size(); }
  /// The summary over `wall_seconds` of elapsed time.
  Summary summarize(double wall_seconds) const;

 private:
  std::vector<double> micros_;
};

/// Times `call` once and adds the duration to `into`.
template <typename F>
void timed(Latencies& into, F&& call) {
  const auto start = Clock::now();
  call();
  into.add(Clock::now() - start);
}

double seconds_since(Clock::time_point start);

}  // namespace fapiao::bench
