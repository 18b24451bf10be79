// fapiao: Async<T>, the eventual Result<T> of an asynchronous call
// (AsyncClient, docs/client.md "Asynchronous calls"). Take the result in one
// of three ways: a continuation (then), a std::future (future), or, with
// C++20 coroutines, co_await. Standard library only.
#pragma once

#include <fapiao/result.hpp>

#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

#if defined(__cpp_impl_coroutine) && __has_include(<coroutine>)
#include <coroutine>
#define FAPIAO_HAS_COROUTINES 1
#endif

namespace fapiao {

namespace detail {

/// The shared state between an asynchronous call and its Async: completed
/// once; the result goes to the continuation if one is set, else it waits.
template <typename T>
class AsyncState {
 public:
  void complete(Result<T> result) {
    std::function<void(Result<T>)> next;
    {
      std::lock_guard lock(mutex_);
      if (done_) return;
      done_ = true;
      if (continuation_) {
        next = std::move(continuation_);
      } else {
        result_.emplace(std::move(result));
      }
    }
    if (next) {
      next(std::move(result));
    } else {
      ready_.notify_all();
    }
  }

  /// Sets the continuation, or returns the result when it is already there
  /// (then the continuation is not kept).
  std::optional<Result<T>> then_or_take(std::function<void(Result<T>)> continuation) {
    std::lock_guard lock(mutex_);
    if (result_) return take_locked();
    continuation_ = std::move(continuation);
    return std::nullopt;
  }

  Result<T> wait() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [this] { return result_.has_value(); });
    return *take_locked();
  }

  bool done() const {
    std::lock_guard lock(mutex_);
    return done_;
  }

 private:
  std::optional<Result<T>> take_locked() {
    std::optional<Result<T>> out(std::move(result_));
    result_.reset();
    return out;
  }

  mutable std::mutex mutex_;
  std::condition_variable ready_;
  bool done_ = false;
  std::optional<Result<T>> result_;
  std::function<void(Result<T>)> continuation_;
};

}  // namespace detail

/// The eventual Result<T> of an asynchronous call. The call is already on
/// its way when you hold this; nothing blocks until you ask with get(). Take
/// the result once: then(), future(), get() and co_await each consume it.
template <typename T>
class [[nodiscard]] Async {
 public:
  explicit Async(std::shared_ptr<detail::AsyncState<T>> state) : state_(std::move(state)) {}

  /// Calls `done` with the result, once: right here if the call has already
  /// finished, else on the thread that finishes it (the SDK's I/O thread, or
  /// ClientOptions::completion_executor). Keep `done` short on the I/O thread.
  void then(std::function<void(Result<T>)> done) && {
    auto state = take();
    if (auto ready = state->then_or_take(done)) done(std::move(*ready));
  }

  /// The result as a std::future (for code that already waits on futures).
  std::future<Result<T>> future() && {
    auto promise = std::make_shared<std::promise<Result<T>>>();
    auto future = promise->get_future();
    std::move(*this).then([promise](Result<T> result) { promise->set_value(std::move(result)); });
    return future;
  }

  /// Blocks this thread until the result is there.
  Result<T> get() && { return take()->wait(); }

  /// Whether the call has finished (its result may already be taken).
  bool ready() const { return state_ && state_->done(); }

#if FAPIAO_HAS_COROUTINES
  /// `auto bill = co_await async_client.get_bill(session, id);` The coroutine
  /// resumes on the thread that finishes the call (see then()).
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> awaiting) {
    auto state = take();
    auto ready = state->then_or_take([this, awaiting](Result<T> result) {
      awaited_.emplace(std::move(result));
      awaiting.resume();
    });
    if (!ready) return true;  // suspended: the continuation resumes it
    awaited_.emplace(std::move(*ready));
    return false;  // finished already: carry on without suspending
  }
  Result<T> await_resume() { return std::move(*awaited_); }
#endif

 private:
  std::shared_ptr<detail::AsyncState<T>> take() {
    if (!state_) throw std::logic_error("fapiao::Async: the result was already taken");
    return std::move(state_);
  }

  std::shared_ptr<detail::AsyncState<T>> state_;
#if FAPIAO_HAS_COROUTINES
  std::optional<Result<T>> awaited_;
#endif
};

}  // namespace fapiao
