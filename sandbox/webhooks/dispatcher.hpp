// The delivery worker: sends each pending delivery (store/webhooks.hpp) to
// its endpoint, signed with every live secret, off the request path, and
// records each attempt and the retry it schedules (webhooks/schedule.hpp).
// Deliveries are rows written with their event, so they survive a restart
// or a kill: the worker picks them up again wherever they were.
#pragma once

#include "db.hpp"
#include "webhooks/poster.hpp"

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace sandbox::webhooks {

class Dispatcher {
 public:
  /// Runs `work` on the service's writer connection, in one transaction,
  /// with the service's clock.
  using WithWriter = std::function<void(const std::function<void(Database&, std::int64_t now)>& work)>;

  Dispatcher(WithWriter with_writer, const std::string& service_secret, const std::filesystem::path& extra_ca);
  ~Dispatcher();  // stops the worker
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  /// Starts the worker thread, which looks for due deliveries every second
  /// and whenever wake() is called.
  void start();
  /// Something may have become due (a write recorded deliveries).
  void wake();
  /// Attempts every delivery due now and returns when each was attempted
  /// (POST /sandbox/clock answers after this, so partners' tests are
  /// deterministic). Waits for a round the worker has under way.
  void deliver_due();

 private:
  void run();
  /// One batch of due deliveries, attempted concurrently; false when none was due.
  bool round();

  WithWriter with_writer_;
  const std::string& service_secret_;
  Poster poster_;
  std::mutex round_mutex_;  // one round at a time, worker or deliver_due()
  std::mutex wake_mutex_;
  std::condition_variable wake_cv_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace sandbox::webhooks
