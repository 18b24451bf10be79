// The back office: the work the issuer does on its own as the service's
// clock moves — auto-processing open requests (--auto-process), moving
// due dates when a stock shortage is announced, announcing bills as they
// pass their 3-day sync (bill.available) and dropping events after 30 days. It runs with the writer
// connection, from the service's tick (every second) and when the operator
// moves the clock or announces a shortage.
#pragma once

#include "db.hpp"
#include "mailer.hpp"

#include <atomic>
#include <cstdint>

namespace sandbox {

class BackOffice {
 public:
  BackOffice(bool auto_process, const Mailer& mailer) : auto_process_(auto_process), mailer_(mailer) {}

  /// Whether tick() has anything to do at `now` (no database needed): the
  /// earliest step still to come is remembered.
  bool has_due_work(std::int64_t now) const noexcept {
    const std::int64_t next = next_step_at_;
    const std::int64_t sync = next_sync_at_;
    return (auto_process_ && (next == 0 || now >= next)) || sync == 0 || now >= sync || now >= next_purge_at_;
  }
  /// Catches up with the clock at `now`: bills that synced, old events,
  /// auto-processing's due steps.
  void tick(Database& db, std::int64_t now);
  /// The clock was moved to `now` (POST /sandbox/clock): due dates follow
  /// the shortages in force, and due steps are taken at once.
  void clock_moved(Database& db, std::int64_t now);
  /// Requests still SUBMITTED take a stock shortage's expected ship date as
  /// their due date when it is later (dates once moved stay moved).
  void apply_shortages(Database& db, std::int64_t now);
  /// Bills that have synced by `now` get their bill.available event (called
  /// also by the writes that add bills, so the event is in their transaction).
  void announce_synced_bills(Database& db, std::int64_t now);
  /// Drops the events older than 30 days (events::kRetentionSeconds), with
  /// their deliveries.
  void drop_old_events(Database& db, std::int64_t now);
  /// A write committed that may have changed a request or added a bill: the
  /// next tick looks again.
  void data_may_have_changed() noexcept {
    next_step_at_ = 0;
    next_sync_at_ = 0;
  }

 private:
  /// Moves every open request through its due steps; returns the time of
  /// the earliest step still to come.
  std::int64_t auto_process(Database& db, std::int64_t now);

  const bool auto_process_;
  const Mailer& mailer_;
  // The earliest service time at which auto-processing has a step to take;
  // 0 = unknown: look again.
  std::atomic<std::int64_t> next_step_at_{0};
  // When the next bill not yet announced syncs; 0 = unknown.
  std::atomic<std::int64_t> next_sync_at_{0};
  // When old events are next dropped (an hourly chore).
  static constexpr std::int64_t kPurgeEverySeconds = 3600;
  std::atomic<std::int64_t> next_purge_at_{0};
};

}  // namespace sandbox
