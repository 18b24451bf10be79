#include "events/recorder.hpp"

#include "json/codec.hpp"
#include "store/accounts.hpp"
#include "store/events.hpp"
#include "store/rows.hpp"
#include "store/webhooks.hpp"
#include "util.hpp"

#include <fapiao/event.hpp>

namespace sandbox::events {
namespace fj = fapiao::detail::json;
namespace {

std::atomic<std::uint64_t> g_deliveries_recorded{0};

/// An account and the endpoints of its that hear of one event type.
struct Listener {
  std::string account_id;
  std::vector<std::string> endpoints;
};

std::vector<Listener> listeners(Database& db, const std::vector<std::string>& accounts, fapiao::EventType type) {
  std::vector<Listener> out;
  for (const auto& account : accounts) {
    out.push_back(Listener{account, store::subscribed_endpoints(db, account, std::string(fapiao::to_wire(type)))});
  }
  return out;
}

std::vector<std::string> accounts_of(Database& db, const std::string& customer_id) {
  std::vector<std::string> out;
  for (const auto& account : store::accounts_of_customer(db, customer_id)) out.push_back(account.id);
  return out;
}

void record_for(Database& db, std::int64_t now, const Listener& listener, fapiao::EventType type,
                const std::string& object, fapiao::OpenEnum<fapiao::RequestStatus> previous) {
  const std::string& account_id = listener.account_id;
  fapiao::Event event;
  event.id = store::new_id("evt");
  event.type = type;
  event.created_at = ts(now);
  event.account_id = account_id;
  event.data.object.json = object;
  event.data.previous_status = previous;
  const std::string wire(fapiao::to_wire(type));
  store::insert_event(db, store::EventRow{event.id, account_id, wire, now, fj::encode(event, fj::Absent::null)});
  for (const auto& endpoint : listener.endpoints) {
    store::insert_delivery(db, event.id, endpoint, now);
    g_deliveries_recorded.fetch_add(1, std::memory_order_relaxed);
  }
}

/// A model as its event's data.object: the JSON GET would answer.
template <typename T>
std::string object_json(const T& model) {
  return fj::encode(model, fj::Absent::null);
}

}  // namespace

void record(Database& db, std::int64_t now, const std::string& customer_id, fapiao::EventType type,
            const std::string& object_json, fapiao::OpenEnum<fapiao::RequestStatus> previous_status) {
  for (const auto& listener : listeners(db, accounts_of(db, customer_id), type)) {
    record_for(db, now, listener, type, object_json, previous_status);
  }
}

void record_each(Database& db, std::int64_t now, const std::string& customer_id, fapiao::EventType type,
                 const std::vector<std::string>& object_jsons) {
  const auto who = listeners(db, accounts_of(db, customer_id), type);
  if (who.empty()) return;  // no account yet: nobody to tell
  for (const auto& object : object_jsons) {
    for (const auto& listener : who) record_for(db, now, listener, type, object, {});
  }
}

void record_for_every_account(Database& db, std::int64_t now, fapiao::EventType type, const std::string& object_json) {
  for (const auto& listener : listeners(db, store::all_account_ids(db), type)) {
    record_for(db, now, listener, type, object_json, {});
  }
}

void request_created(Database& db, std::int64_t now, const fapiao::InvoiceRequest& request,
                     const std::string& customer_id) {
  record(db, now, customer_id, fapiao::EventType::invoice_request_created, object_json(request));
}

void request_status_changed(Database& db, std::int64_t now, const fapiao::InvoiceRequest& request,
                            const std::string& customer_id, fapiao::RequestStatus previous) {
  record(db, now, customer_id, fapiao::EventType::invoice_request_status_changed, object_json(request), previous);
}

void bills_available(Database& db, std::int64_t now, const std::vector<fapiao::Bill>& bills,
                     const std::string& customer_id) {
  std::vector<std::string> objects;
  objects.reserve(bills.size());
  for (const auto& bill : bills) objects.push_back(object_json(bill));
  record_each(db, now, customer_id, fapiao::EventType::bill_available, objects);
}

void ticket_resolved(Database& db, std::int64_t now, const fapiao::SupportTicket& ticket,
                     const std::string& customer_id) {
  record(db, now, customer_id, fapiao::EventType::support_ticket_resolved, object_json(ticket));
}

void announcement_published(Database& db, std::int64_t now, const fapiao::Announcement& announcement) {
  record_for_every_account(db, now, fapiao::EventType::announcement_published, object_json(announcement));
}

std::uint64_t deliveries_recorded() noexcept { return g_deliveries_recorded.load(std::memory_order_relaxed); }

}  // namespace sandbox::events
