#include "back_office/back_office.hpp"

#include "back_office/issuer.hpp"
#include "events/recorder.hpp"
#include "store/bills.hpp"
#include "store/events.hpp"
#include "store/invoice_requests.hpp"
#include "util.hpp"

#include <fapiao/lifecycle.hpp>

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>

namespace sandbox {
namespace {

using S = fapiao::RequestStatus;

// The statuses the back office moves on its own (the lifecycle decides which).
std::vector<S> back_office_statuses() {
  std::vector<S> out;
  for (const auto status : fapiao::known_values<S>()) {
    if (fapiao::back_office_moves(status)) out.push_back(status);
  }
  return out;
}

fapiao::InvoiceRequest load(Database& db, const std::string& id) {
  auto r = store::find_request(db, "", id);
  if (!r) throw std::runtime_error("request " + id + " vanished while the back office worked on it");
  return std::move(*r);
}

}  // namespace

void BackOffice::tick(Database& db, std::int64_t now) {
  if (!has_due_work(now)) return;
  try {
    announce_synced_bills(db, now);
    if (now >= next_purge_at_) drop_old_events(db, now);
    const std::int64_t next_step = next_step_at_;
    if (auto_process_ && (next_step == 0 || now >= next_step)) next_step_at_ = auto_process(db, now);
  } catch (...) {
    data_may_have_changed();  // look again at the next tick
    throw;
  }
}

void BackOffice::clock_moved(Database& db, std::int64_t now) {
  announce_synced_bills(db, now);
  drop_old_events(db, now);
  apply_shortages(db, now);
  if (auto_process_) next_step_at_ = auto_process(db, now);
}

void BackOffice::drop_old_events(Database& db, std::int64_t now) {
  store::delete_events_before(db, now - events::kRetentionSeconds);
  next_purge_at_ = now + kPurgeEverySeconds;
}

void BackOffice::announce_synced_bills(Database& db, std::int64_t now) {
  // Grouped by customer, so a batch of payments looks up its accounts once.
  std::map<std::string, std::vector<fapiao::Bill>> by_customer;
  for (auto& synced : store::take_newly_synced(db, now)) by_customer[synced.customer_id].push_back(std::move(synced.bill));
  for (const auto& [customer, bills] : by_customer) events::bills_available(db, now, bills, customer);
  next_sync_at_ = store::next_sync_at(db).value_or(std::numeric_limits<std::int64_t>::max());
}

void BackOffice::apply_shortages(Database& db, std::int64_t now) {
  for (const auto& [id, customer] : store::requests_in(db, {S::submitted})) {
    auto r = load(db, id);
    const auto due = issuer::due_time(db, r.kind.value(), secs(r.submitted_at), now);
    if (!r.due_at || due > *r.due_at) {
      r.due_at = due;
      issuer::save(db, r, now);
    }
  }
}

std::int64_t BackOffice::auto_process(Database& db, std::int64_t now) {
  // Open requests move as a back office would: PROCESSING an hour after
  // submission, PRINTED/ISSUED an hour before due, each step after that an
  // hour later. History carries the scheduled times. Only requests that
  // moved are saved.
  std::int64_t next_step = std::numeric_limits<std::int64_t>::max();
  for (const auto& [id, customer] : store::requests_in(db, back_office_statuses())) {
    auto r = load(db, id);
    for (;;) {
      if (!fapiao::back_office_moves(r.status.value())) break;
      const auto next = fapiao::next_status(r.status.value(), r.kind.value(), r.delivery.method.value());
      if (!next || !fapiao::can_advance(r.status.value(), *next, r.kind.value(), r.delivery.method.value())) break;
      const std::int64_t last = secs(r.history.back().at);
      std::int64_t when = last + 3600;
      if (*next == S::processing) when = secs(r.submitted_at) + 3600;
      if (fapiao::invoices_bills(*next) && r.due_at) when = secs(*r.due_at) - 3600;
      if (when > now) {
        next_step = std::min(next_step, when);
        break;
      }
      const std::int64_t at = std::max(when, last);
      issuer::advance(db, mailer_, r, *next, at, {}, {});
      issuer::save(db, r, at);  // each step its own status_changed event, at the step's time
    }
  }
  return next_step;
}

}  // namespace sandbox
