#include "turns.hpp"

namespace fapiao::bench {

std::vector<Summary> take_turns(const std::vector<std::function<void()>>& subjects, int warmup, int rounds,
                                int per_round) {
  std::vector<Latencies> latencies(subjects.size());
  std::vector<double> busy_seconds(subjects.size(), 0.0);
  for (const auto& call : subjects) {
    for (int i = 0; i < warmup; ++i) call();
  }
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t s = 0; s < subjects.size(); ++s) {
      const auto start = Clock::now();
      for (int i = 0; i < per_round; ++i) timed(latencies[s], subjects[s]);
      busy_seconds[s] += seconds_since(start);
    }
  }
  std::vector<Summary> summaries;
  for (std::size_t s = 0; s < subjects.size(); ++s) summaries.push_back(latencies[s].summarize(busy_seconds[s]));
  return summaries;
}

}  // namespace fapiao::bench
