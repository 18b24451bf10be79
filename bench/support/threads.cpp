#include "threads.hpp"

#include <exception>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

namespace fapiao::bench {

Summary run_threads(int threads, int warmup, int calls_per_thread, const std::function<void(int, int)>& call) {
  std::vector<Latencies> latencies(static_cast<std::size_t>(threads));
  std::latch warmed(threads + 1);
  std::latch go(1);
  std::mutex error_mutex;
  std::exception_ptr first_error;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      bool counted = false;
      try {
        for (int i = 0; i < warmup; ++i) call(t, -1 - i);
        warmed.count_down();
        counted = true;
        go.wait();
        for (int i = 0; i < calls_per_thread; ++i) timed(latencies[static_cast<std::size_t>(t)], [&] { call(t, i); });
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        if (!counted) warmed.count_down();
      }
    });
  }
  warmed.arrive_and_wait();
  const auto start = Clock::now();
  go.count_down();
  for (auto& thread : pool) thread.join();
  const double wall = seconds_since(start);
  if (first_error) std::rethrow_exception(first_error);
  Latencies all;
  for (const auto& l : latencies) all.merge(l);
  return all.summarize(wall);
}

}  // namespace fapiao::bench
