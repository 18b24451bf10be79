#include "back_office/back_office.hpp"

#include "back_office/issuer.hpp"
#include "store/invoice_requests.hpp"
#include "util.hpp"

#include <fapiao/lifecycle.hpp>

#include <algorithm>
#include <limits>
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
    next_step_at_ = auto_process(db, now);
  } catch (...) {
    next_step_at_ = 0;  // look again at the next tick
    throw;
  }
}

void BackOffice::clock_moved(Database& db, std::int64_t now) {
  apply_shortages(db, now);
  if (auto_process_) next_step_at_ = auto_process(db, now);
}

void BackOffice::apply_shortages(Database& db, std::int64_t now) {
  for (const auto& [id, customer] : store::requests_in(db, {S::submitted})) {
    auto r = load(db, id);
    const auto due = issuer::due_time(db, r.kind.value(), secs(r.submitted_at), now);
    if (!r.due_at || due > *r.due_at) {
      r.due_at = due;
      store::save_request(db, r);
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
    bool changed = false;
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
      issuer::advance(db, mailer_, r, *next, std::max(when, last), {}, {});
      changed = true;
    }
    if (changed) store::save_request(db, r);
  }
  return next_step;
}

}  // namespace sandbox
