// An Event of the service (GET /v1/events, and the body of every webhook
// delivery): written by hand because data.object is one of several models,
// chosen by the event's type (the contract's oneOf). The field lists are
// still generated from api/openapi.yaml (src/generated/json_fields.hpp).
#pragma once

#include <fapiao/models.hpp>

#include <string>
#include <variant>

namespace fapiao {

/// data.object: the object the event is about, as GET would have returned
/// it when the event happened.
struct EventObject {
  using Value = std::variant<std::monostate, Bill, InvoiceRequest, SupportTicket, Announcement>;
  /// The object as compact JSON text, whatever its type: what an event type
  /// this SDK does not know still carries.
  std::string json;
  /// The typed object for the known types; std::monostate for another type.
  Value value;

  const Bill* bill() const noexcept { return std::get_if<Bill>(&value); }
  const InvoiceRequest* invoice_request() const noexcept { return std::get_if<InvoiceRequest>(&value); }
  const SupportTicket* support_ticket() const noexcept { return std::get_if<SupportTicket>(&value); }
  const Announcement* announcement() const noexcept { return std::get_if<Announcement>(&value); }
};

/// What an event carries.
struct EventData {
  EventObject object;
  /// On invoice_request.status_changed, the status before the change.
  OpenEnum<RequestStatus> previous_status;
};

/// Something a customer would want to hear about: a bill became visible, a
/// request was created or moved, a ticket was resolved, an announcement was
/// published. Delivered at least once and in any order: dedupe by `id`.
struct Event {
  std::string id;  // evt_…
  OpenEnum<EventType> type;
  Timestamp created_at;
  std::string account_id;
  EventData data;
};

}  // namespace fapiao
