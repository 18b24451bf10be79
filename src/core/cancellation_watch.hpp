// Being told when a CancellationToken fires, instead of polling it: the
// asynchronous calls close their socket or cancel their backoff timer at once.
#pragma once

#include <fapiao/cancellation.hpp>

#include <chrono>
#include <cstdint>
#include <functional>

namespace fapiao::detail {

/// Runs `on_cancel` once when the token's source is cancelled (at once, on
/// this thread, if it already is), until the returned watch is destroyed or
/// released. `on_cancel` runs on the thread that calls cancel(): keep it short
/// and non-blocking (post work elsewhere). A default token never fires.
class CancellationWatch {
 public:
  CancellationWatch() = default;
  CancellationWatch(const CancellationToken& token, std::function<void()> on_cancel);
  ~CancellationWatch() { release(); }
  CancellationWatch(CancellationWatch&& other) noexcept;
  CancellationWatch& operator=(CancellationWatch&& other) noexcept;
  CancellationWatch(const CancellationWatch&) = delete;
  CancellationWatch& operator=(const CancellationWatch&) = delete;

  /// Stops watching; after it returns, `on_cancel` is not running and will not run.
  void release() noexcept;

 private:
  std::shared_ptr<CancellationState> state_;
  std::uint64_t id_ = 0;
};

/// Sleeps `delay` on this thread, waking within 20 ms of `cancellation` firing.
/// Returns false when it was cancelled. The blocking waits (retry backoff, an
/// operation's poll interval, Transport::async_wait's default) all use it.
bool sleep_unless_cancelled(std::chrono::milliseconds delay, const CancellationToken& cancellation);

}  // namespace fapiao::detail
