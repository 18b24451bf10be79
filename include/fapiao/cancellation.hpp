// fapiao: cooperative cancellation of calls and waits.
#pragma once

#include <memory>

namespace fapiao {

namespace detail {
struct CancellationState;
class CancellationWatch;
}

/// Observes a CancellationSource. A default token is never cancelled.
class CancellationToken {
 public:
  CancellationToken() = default;
  bool is_cancelled() const noexcept;

 private:
  friend class CancellationSource;
  friend class detail::CancellationWatch;
  explicit CancellationToken(std::shared_ptr<detail::CancellationState> state) : state_(std::move(state)) {}
  std::shared_ptr<detail::CancellationState> state_;
};

/// Cancels the calls and waits that hold its token, from any thread: a call
/// in flight stops its I/O and returns an error of category `cancelled`.
class CancellationSource {
 public:
  CancellationSource();
  CancellationToken token() const { return CancellationToken(state_); }
  void cancel() noexcept;
  bool is_cancelled() const noexcept;

 private:
  std::shared_ptr<detail::CancellationState> state_;
};

}  // namespace fapiao
