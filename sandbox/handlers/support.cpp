#include "handlers/support.hpp"

#include "back_office/issuer.hpp"
#include "handlers/invoice_requests.hpp"
#include "store/bills.hpp"
#include "store/rows.hpp"
#include "store/support.hpp"
#include "util.hpp"

#include <fapiao/money.hpp>
#include <fapiao/validate.hpp>

namespace sandbox::handlers {
namespace {

/// A SPLIT_BILL ticket's parts must fit the bill they split.
void check_split(const fapiao::NewSupportTicket& input, const fapiao::Bill& bill) {
  if (bill.state != fapiao::BillState::uninvoiced) {
    throw ApiError("BILL_ALREADY_INVOICED", "Only an UNINVOICED bill can be split; bill " + bill.id + " is " +
                                                std::string(bill.state.wire()) + ".");
  }
  std::vector<fapiao::FieldError> errors;
  for (std::size_t i = 0; i < input.split_amounts_fen.size(); ++i) {
    if (input.split_amounts_fen[i] > bill.amount_fen) {
      errors.push_back({"split_amounts_fen[" + std::to_string(i) + "]", "INVALID_VALUE",
                        "A part cannot be more than the bill's " + std::to_string(bill.amount_fen) + " fen."});
    }
  }
  if (!errors.empty()) throw validation_failed(errors);
  const auto sum = fapiao::sum_fen(input.split_amounts_fen);  // checked by validate_support_ticket
  if (!sum || *sum != bill.amount_fen) {
    throw invalid_field("split_amounts_fen", "INVALID_VALUE",
                        "The amounts add up to " + std::to_string(sum.value_or(0)) + " fen, but the bill is " +
                            std::to_string(bill.amount_fen) + " fen.");
  }
}

}  // namespace

namespace announcements {

fapiao::Page<fapiao::Announcement> list(const Context& ctx, const PageQuery& page) {
  return paginate(issuer::active_announcements(ctx.db, ctx.now), page, [](const fapiao::Announcement& a) { return a.id; });
}

}  // namespace announcements

namespace support_tickets {

Created<fapiao::SupportTicket> create(const Context& ctx, const fapiao::NewSupportTicket& input) {
  const auto report = fapiao::validate_support_ticket(input);  // the SDK runs the same rules before sending
  if (!report.ok()) throw validation_failed(report.errors);
  for (const auto& id : input.bill_ids) {
    const auto bill = store::find_bill(ctx.db, ctx.caller.customer_id, id);
    if (!bill) throw not_found("BILL_NOT_FOUND", "Bill " + id);
    if (input.type == fapiao::TicketType::split_bill) check_split(input, *bill);
  }
  if (!input.request_id.empty()) invoice_requests::load(ctx.db, ctx.caller.customer_id, input.request_id);  // 404 if not theirs

  fapiao::SupportTicket t;
  t.id = store::new_id("tkt");
  t.type = input.type;
  t.status = fapiao::TicketStatus::open;
  t.bill_ids = input.bill_ids;
  t.request_id = input.request_id;
  t.description = input.description;
  t.split_amounts_fen = input.split_amounts_fen;
  t.created_at = ts(ctx.now);
  store::insert_ticket(ctx.db, t, ctx.caller.customer_id);
  return {std::move(t)};
}

fapiao::Page<fapiao::SupportTicket> list(const Context& ctx, const PageQuery& page) {
  return paginate(store::tickets_of(ctx.db, ctx.caller.customer_id), page,
                  [](const fapiao::SupportTicket& t) { return t.id; });
}

fapiao::SupportTicket get(const Context& ctx, const ById& ticket) {
  auto t = store::find_ticket(ctx.db, ctx.caller.customer_id, ticket.id);
  if (!t) throw not_found("SUPPORT_TICKET_NOT_FOUND", "Support ticket " + ticket.id);
  return std::move(*t);
}

}  // namespace support_tickets
}  // namespace sandbox::handlers
