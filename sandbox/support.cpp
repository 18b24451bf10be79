// Announcements (R17) and support tickets (R18), including bill splits.
#include "body.hpp"
#include "store/rows.hpp"
#include "store/invoice_requests.hpp"
#include "store/support.hpp"

#include <fapiao/money.hpp>
#include <fapiao/validate.hpp>

#include <algorithm>
#include <numeric>

namespace sandbox {

std::vector<fapiao::Announcement> Service::active_announcements(std::int64_t at) {
  std::vector<fapiao::Announcement> out;
  for (auto& a : store::announcements(db())) {
    if (secs(a.starts_at) <= at && (!a.ends_at || secs(*a.ends_at) > at)) out.push_back(std::move(a));
  }
  return out;
}

void Service::apply_shortages(std::int64_t at) {
  // Requests still SUBMITTED take a shortage's expected ship date as their
  // due date when it is later; moved dates stay when the shortage ends.
  for (const auto& [id, customer] : store::requests_in(db(), {fapiao::RequestStatus::submitted})) {
    auto r = load_request(customer, id);
    const auto due = due_time(r.kind.value(), secs(r.submitted_at), at);
    if (!r.due_at || due > *r.due_at) {
      r.due_at = due;
      save_request(r);
    }
  }
}

Response Service::list_announcements(Call& call) {
  const int limit = list_limit(call);
  const auto all = active_announcements(call.now);
  auto [items, more] = paginate(all, call, limit, [](const fapiao::Announcement& a) { return a.id; });
  return page(std::move(items), more);
}

Response Service::create_ticket(Call& call) {
  const auto input = decode_body<fapiao::NewSupportTicket>(call);
  const auto report = fapiao::validate_support_ticket(input);  // the SDK runs the same rules before sending
  if (!report.ok()) throw validation_failed(report.errors);
  const bool split = input.type == fapiao::TicketType::split_bill;

  for (const auto& id : input.bill_ids) {
    const auto bill = find_bill(call.customer_id, id);
    if (!bill) throw not_found("BILL_NOT_FOUND", "Bill " + id);
    if (split) {
      if (bill->state != fapiao::BillState::uninvoiced) {
        throw ApiError("BILL_ALREADY_INVOICED", "Only an UNINVOICED bill can be split; bill " + id + " is " + std::string(bill->state.wire()) +
                           ".");
      }
      std::vector<fapiao::FieldError> errors;
      for (std::size_t i = 0; i < input.split_amounts_fen.size(); ++i) {
        if (input.split_amounts_fen[i] > bill->amount_fen) {
          errors.push_back({"split_amounts_fen[" + std::to_string(i) + "]", "INVALID_VALUE",
                            "A part cannot be more than the bill's " + std::to_string(bill->amount_fen) + " fen."});
        }
      }
      if (!errors.empty()) throw validation_failed(errors);
      const auto sum = fapiao::sum_fen(input.split_amounts_fen);  // checked by validate_support_ticket
      if (!sum || *sum != bill->amount_fen) {
        throw invalid_field("split_amounts_fen", "INVALID_VALUE",
                            "The amounts add up to " + std::to_string(sum.value_or(0)) + " fen, but the bill is " +
                                std::to_string(bill->amount_fen) + " fen.");
      }
    }
  }
  if (!input.request_id.empty()) load_request(call.customer_id, input.request_id);  // 404 if not theirs

  fapiao::SupportTicket t;
  t.id = store::new_id("tkt");
  t.type = input.type;
  t.status = fapiao::TicketStatus::open;
  t.bill_ids = input.bill_ids;
  t.request_id = input.request_id;
  t.description = input.description;
  t.split_amounts_fen = input.split_amounts_fen;
  t.created_at = ts(call.now);
  store::insert_ticket(db(), t, call.customer_id);
  return model(201, t);
}

Response Service::list_tickets(Call& call) {
  const int limit = list_limit(call);
  const auto all = store::tickets_of(db(), call.customer_id);
  auto [items, more] = paginate(all, call, limit, [](const fapiao::SupportTicket& t) { return t.id; });
  return page(std::move(items), more);
}

Response Service::get_ticket(Call& call) {
  const auto t = store::find_ticket(db(), call.customer_id, call.params.at(0));
  if (!t) throw not_found("SUPPORT_TICKET_NOT_FOUND", "Support ticket " + call.params.at(0));
  return model(200, *t);
}

}  // namespace sandbox
