// Async<T> and the cancellation watches under it, without a network: the
// result reaches exactly one taker, whichever comes first — the call or the
// continuation — and a watch fires once, or never after it is released.
#include "core/cancellation_watch.hpp"

#include <fapiao/async.hpp>
#include <fapiao/models.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace fapiao {
namespace {

using State = detail::AsyncState<int>;

TEST(AsyncResult, AContinuationSetBeforeOrAfterCompletionRunsOnce) {
  auto early = std::make_shared<State>();
  int got = 0, calls = 0;
  Async<int>(early).then([&](Result<int> r) {
    got = *r;
    ++calls;
  });
  EXPECT_EQ(calls, 0);
  early->complete(7);
  early->complete(8);  // a second completion is ignored
  EXPECT_EQ(got, 7);
  EXPECT_EQ(calls, 1);

  auto late = std::make_shared<State>();
  late->complete(Error(ErrorCode::timeout, "too slow"));
  Async<int>(late).then([&](Result<int> r) {
    EXPECT_EQ(r.error().code, ErrorCode::timeout);
    ++calls;
  });
  EXPECT_EQ(calls, 2);  // already there: run at once, on this thread
}

TEST(AsyncResult, FutureGetAndReady) {
  auto state = std::make_shared<State>();
  Async<int> pending(state);
  EXPECT_FALSE(pending.ready());
  auto future = std::move(pending).future();
  std::thread([state] { state->complete(42); }).join();
  EXPECT_EQ(*future.get(), 42);

  auto blocking = std::make_shared<State>();
  std::thread finisher([blocking] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    blocking->complete(5);
  });
  Async<int> waited(blocking);
  EXPECT_EQ(*std::move(waited).get(), 5);
  finisher.join();
}

TEST(AsyncResult, TheResultIsTakenOnce) {
  auto state = std::make_shared<State>();
  state->complete(1);
  Async<int> once(state);
  EXPECT_TRUE(once.ready());
  EXPECT_EQ(*std::move(once).get(), 1);
  EXPECT_THROW(std::move(once).get(), std::logic_error);  // NOLINT(bugprone-use-after-move): the point
}

TEST(AsyncResult, VoidResults) {
  auto state = std::make_shared<detail::AsyncState<void>>();
  bool ok = false;
  Async<void>(state).then([&](Result<void> r) { ok = static_cast<bool>(r); });
  state->complete(Result<void>{});
  EXPECT_TRUE(ok);
}

TEST(CancellationWatch, FiresOnceAtCancelOrAtOnceIfAlreadyCancelled) {
  CancellationSource source;
  int fired = 0;
  detail::CancellationWatch watch(source.token(), [&] { ++fired; });
  EXPECT_EQ(fired, 0);
  source.cancel();
  source.cancel();
  EXPECT_EQ(fired, 1);
  detail::CancellationWatch late(source.token(), [&] { ++fired; });
  EXPECT_EQ(fired, 2);  // the token had fired already: run at once
}

TEST(CancellationWatch, AReleasedWatchNeverFiresAndADefaultTokenNever) {
  CancellationSource source;
  int fired = 0;
  {
    detail::CancellationWatch watch(source.token(), [&] { ++fired; });
  }  // released here
  detail::CancellationWatch moved_from(source.token(), [&] { ++fired; });
  detail::CancellationWatch moved_to(std::move(moved_from));
  moved_to.release();
  source.cancel();
  EXPECT_EQ(fired, 0);
  detail::CancellationWatch never(CancellationToken{}, [&] { ++fired; });
  EXPECT_EQ(fired, 0);
}

}  // namespace
}  // namespace fapiao
