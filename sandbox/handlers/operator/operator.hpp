// The /sandbox/ operator API: what the payment platform and the issuer's
// back office do in the real service (orders, payments, working requests
// through, announcements, tickets), plus the sandbox's own controls (the
// clock, the outbox, faults, the request journal). One file per resource.
#pragma once

#include "handlers/context.hpp"
#include "handlers/results.hpp"
#include "router/inputs.hpp"

#include <fapiao/generated/sandbox_models.hpp>
#include <fapiao/models.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace sandbox::handlers {

/// An order and its payer, every field required (all missing ones named at once).
struct NewOrder {
  fapiao::sandbox::Order order;
};
NewOrder read(const Call& call, In<NewOrder>);

/// A payment on an order (POST /sandbox/payments).
struct Payment {
  std::string order_id;
  std::int64_t amount_fen = 0;
  std::optional<std::int64_t> paid_at;  // default: now
  std::string method;                   // a PaymentMethod wire name
};
Payment read(const Call& call, In<Payment>);

/// `count` identical payments (POST /sandbox/payments/batch).
struct PaymentBatchInput {
  std::int64_t count = 0;
  Payment payment;
};
PaymentBatchInput read(const Call& call, In<PaymentBatchInput>);

/// Moving the virtual clock: to a time, or by some seconds.
struct ClockChange {
  std::optional<std::int64_t> to;
  std::optional<std::int64_t> by_seconds;
};
ClockChange read(const Call& call, In<ClockChange>);

struct OutboxQuery {
  std::string to;              // "" = every address
  std::optional<int> limit;    // default: the first 1000 mails
};
OutboxQuery read(const Call& call, In<OutboxQuery>);

/// A step of a request, as the issuer's back office takes it.
struct Advance {
  std::string request_id;
  std::string status;
  std::string tracking_number;
  std::string reason;
};
Advance read(const Call& call, In<Advance>);

/// An announcement to publish (its id is the service's to give).
struct NewAnnouncement {
  fapiao::Announcement announcement;
};
NewAnnouncement read(const Call& call, In<NewAnnouncement>);

struct TicketResolution {
  std::string ticket_id;
  bool approve = false;
  std::string note;
};
TicketResolution read(const Call& call, In<TicketResolution>);

/// A fault to arm, with the contract's defaults filled in.
struct NewFault {
  fapiao::sandbox::Fault fault;
};
NewFault read(const Call& call, In<NewFault>);

struct JournalFilter {
  std::string method;       // "" = any
  std::string path;         // "" = any; a trailing * matches a prefix
  std::optional<int> limit; // default: the whole journal
};
JournalFilter read(const Call& call, In<JournalFilter>);

/// Which delivery attempts to list ("" = any).
struct DeliveryFilter {
  std::string endpoint_id;
  std::string event_id;
};
DeliveryFilter read(const Call& call, In<DeliveryFilter>);

namespace operator_api {

// orders and payments (orders.cpp)
Created<fapiao::sandbox::Order> create_order(const Context& ctx, const NewOrder& input);
Created<fapiao::Bill> create_payment(const Context& ctx, const Payment& payment);
Created<fapiao::sandbox::PaymentBatch> create_payments(const Context& ctx, const PaymentBatchInput& batch);
// the clock (clock.cpp)
fapiao::sandbox::Clock get_clock(const Context& ctx);
/// Returns once the back office has caught up with the new time.
fapiao::sandbox::Clock set_clock(const Context& ctx, const ClockChange& change);
// the mails sent (outbox.cpp)
fapiao::Page<fapiao::sandbox::Mail> outbox(const Context& ctx, const OutboxQuery& query);
// invoice requests (requests.cpp)
fapiao::InvoiceRequest advance(const Context& ctx, const Advance& step);
/// A VAT_SPECIAL title change: the paper original came back, so it is
/// reversed and reissued under the new title.
fapiao::InvoiceRequest original_returned(const Context& ctx, const ById& request);
// announcements (announcements.cpp)
Created<fapiao::Announcement> create_announcement(const Context& ctx, const NewAnnouncement& input);
NoContent delete_announcement(const Context& ctx, const ById& announcement);
// support tickets (tickets.cpp)
fapiao::SupportTicket resolve_ticket(const Context& ctx, const TicketResolution& resolution);
// faults (faults.cpp)
Created<fapiao::sandbox::ArmedFault> create_fault(const Context& ctx, const NewFault& input);
NoContent delete_faults(const Context& ctx);
// the request journal (journal.cpp)
fapiao::Page<fapiao::sandbox::JournalEntry> journal(const Context& ctx, const JournalFilter& filter);
// webhook delivery attempts (deliveries.cpp)
fapiao::Page<fapiao::sandbox::WebhookDelivery> webhook_deliveries(const Context& ctx, const DeliveryFilter& filter);

}  // namespace operator_api
}  // namespace sandbox::handlers
