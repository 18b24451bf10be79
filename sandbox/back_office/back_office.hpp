// The back office: the work the issuer does on its own as the service's
// clock moves — auto-processing open requests (--auto-process) and moving
// due dates when a stock shortage is announced. It runs with the writer
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
    return auto_process_ && (next == 0 || now >= next);
  }
  /// Catches up with the clock at `now`: auto-processing's due steps.
  void tick(Database& db, std::int64_t now);
  /// The clock was moved to `now` (POST /sandbox/clock): due dates follow
  /// the shortages in force, and due steps are taken at once.
  void clock_moved(Database& db, std::int64_t now);
  /// Requests still SUBMITTED take a stock shortage's expected ship date as
  /// their due date when it is later (dates once moved stay moved).
  void apply_shortages(Database& db, std::int64_t now);
  /// A write committed that may have changed a request: the next tick
  /// looks at the open requests again.
  void requests_may_have_changed() noexcept { next_step_at_ = 0; }

 private:
  /// Moves every open request through its due steps; returns the time of
  /// the earliest step still to come.
  std::int64_t auto_process(Database& db, std::int64_t now);

  const bool auto_process_;
  const Mailer& mailer_;
  // The earliest service time at which auto-processing has a step to take;
  // 0 = unknown: look again.
  std::atomic<std::int64_t> next_step_at_{0};
};

}  // namespace sandbox
