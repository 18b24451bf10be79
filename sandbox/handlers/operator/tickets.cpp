// POST /sandbox/support-tickets/{id}/resolve: support approves or rejects a
// ticket; an approved SPLIT_BILL splits the bill into the asked parts.
#include "handlers/operator/operator.hpp"

#include "back_office/back_office.hpp"
#include "events/recorder.hpp"
#include "store/bills.hpp"
#include "store/support.hpp"
#include "util.hpp"

namespace sandbox::handlers {

TicketResolution read(const Call& call, In<TicketResolution>) {
  const auto* approve = body_object(call).if_contains("approve");
  if (approve == nullptr || !approve->is_bool()) {
    throw invalid_field("approve", approve ? "INVALID_VALUE" : "REQUIRED", "approve must be true or false.");
  }
  return TicketResolution{call.params.at(0), approve->get_bool(), text_field(call, "note")};
}

namespace operator_api {

fapiao::SupportTicket resolve_ticket(const Context& ctx, const TicketResolution& resolution) {
  auto owned = store::ticket_by_id(ctx.db, resolution.ticket_id);
  if (!owned) throw not_found("SUPPORT_TICKET_NOT_FOUND", "Support ticket " + resolution.ticket_id);
  auto& t = owned->ticket;
  if (t.status != fapiao::TicketStatus::open) {
    throw ApiError("INVALID_TRANSITION", "The ticket is already " + std::string(t.status.wire()) + ".");
  }
  if (resolution.approve && t.type == fapiao::TicketType::split_bill) {
    const auto parent = store::find_bill(ctx.db, owned->customer_id, t.bill_ids.at(0));
    if (!parent || parent->state != fapiao::BillState::uninvoiced) {
      throw ApiError("BILL_ALREADY_INVOICED", "The bill is no longer UNINVOICED, so it cannot be split; the ticket stays OPEN.");
    }
    store::split_bill(ctx.db, *parent, owned->customer_id, t.split_amounts_fen);
    ctx.env.back_office.announce_synced_bills(ctx.db, ctx.now);  // the child bills: bill.available
  }
  t.status = resolution.approve ? fapiao::TicketStatus::approved : fapiao::TicketStatus::rejected;
  t.resolution_note = resolution.note;
  t.resolved_at = ts(ctx.now);
  store::save_ticket(ctx.db, t);
  events::ticket_resolved(ctx.db, ctx.now, t, owned->customer_id);
  return std::move(t);
}

}  // namespace operator_api
}  // namespace sandbox::handlers
