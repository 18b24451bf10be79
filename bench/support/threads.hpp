// Runs a call from N threads at once and gathers their latencies.
#pragma once

#include "stats.hpp"

#include <functional>

namespace fapiao::bench {

/// Each of `threads` threads makes `warmup` untimed calls, waits for the
/// others, then makes `calls_per_thread` timed calls. The summary's rate is
/// over the wall time from the common start to the last thread's end.
/// `call(thread_index, call_index)` may throw; the first error is rethrown.
Summary run_threads(int threads, int warmup, int calls_per_thread, const std::function<void(int, int)>& call);

}  // namespace fapiao::bench
