// The sandbox's clock-driven work, driven in-process: a tick does nothing
// until the earliest scheduled step is due (it used to load and re-save every
// open request every second under the lock), and a tick that finds another
// still running is skipped rather than queued behind it.
#include "service_fixture.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <string>
#include <thread>

namespace {

using Clock = std::chrono::steady_clock;

class Ticks : public sandbox::testing::ServiceTest {
 protected:
  void SetUp() override {
    sandbox::Options options;
    options.auto_process = true;
    start(options);
    ASSERT_EQ(op("POST", "/sandbox/clock", R"({"now":"2026-11-20T10:00:00+08:00"})").status, 200);
    ASSERT_EQ(op("POST", "/sandbox/payments/batch",
                 R"({"order_id":"DEMO-ORDER-1001","amount_fen":100,"paid_at":"2026-11-01T10:00:00+08:00","count":)" +
                     std::to_string(kRequests) + "}")
                  .status,
              201);
    token_ = sign_up("ticks@example.cn");
  }

  /// One pickup request per uninvoiced bill.
  int create_requests() {
    int created = 0;
    std::string after;
    for (;;) {
      const auto page = boost::json::parse(
          call("GET", "/v1/bills?limit=100&state=UNINVOICED" + (after.empty() ? "" : "&starting_after=" + after), "",
               token_)
              .body);
      for (const auto& bill : page.at("data").as_array()) {
        after = std::string(bill.at("id").as_string());
        const std::string body = R"({"kind":"VAT_ORDINARY","bill_ids":[")" + after +
                                 R"("],"buyer":{"type":"INDIVIDUAL","name":"张三"},)"
                                 R"("delivery":{"method":"SELF_PICKUP","recipient":"王小明","mobile":"13800138000"}})";
        created += call("POST", "/v1/invoice-requests", body, token_).status == 201;
      }
      if (!page.at("has_more").as_bool()) return created;
    }
  }

  static double ms_of(const std::function<void()>& action) {
    const auto start = Clock::now();
    action();
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  }

  static constexpr int kRequests = 400;
  std::string token_;
};

TEST_F(Ticks, ATickDoesNothingUntilAStepIsDue) {
  ASSERT_GE(create_requests(), kRequests);
  const double full = ms_of([&] { service_->tick(); });  // requests changed: one pass over all of them
  double idle = 0;
  for (int i = 0; i < 5; ++i) idle = std::max(idle, ms_of([&] { service_->tick(); }));
  std::cout << "first tick " << full << " ms over " << kRequests << " open requests; later ticks at most " << idle
            << " ms\n";
  EXPECT_LT(idle * 5, full) << "ticks with nothing due still walked every open request";

  // Once the step is due, it is taken.
  ASSERT_EQ(op("POST", "/sandbox/clock", R"({"advance_seconds":3700})").status, 200);
  const auto list = boost::json::parse(call("GET", "/v1/invoice-requests?limit=5", "", token_).body);
  for (const auto& r : list.at("data").as_array()) EXPECT_EQ(r.at("status").as_string(), "PROCESSING");
}

TEST_F(Ticks, ATickThatFindsAnotherRunningIsSkippedNotQueued) {
  ASSERT_GE(create_requests(), kRequests);
  const double full = ms_of([&] { service_->tick(); });
  // A change makes the next tick walk every request again; a second tick
  // started meanwhile must return at once instead of waiting for the lock.
  const auto page = boost::json::parse(call("GET", "/v1/invoice-requests?limit=1", "", token_).body);
  const std::string id(page.at("data").as_array().at(0).at("id").as_string());
  ASSERT_EQ(call("POST", "/v1/invoice-requests/" + id + "/cancel", "{}", token_).status, 200);
  auto first = std::async(std::launch::async, [&] { return ms_of([&] { service_->tick(); }); });
  std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(full / 4));
  const double second = ms_of([&] { service_->tick(); });
  const double first_ms = first.get();
  std::cout << "a full tick " << full << " ms; the overlapping one " << second << " ms (the running one " << first_ms
            << " ms)\n";
  EXPECT_LT(second, full / 4) << "the second tick waited behind the first";
}

}  // namespace
