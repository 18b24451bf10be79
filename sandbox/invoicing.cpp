// Subscriptions, bills, preview and create, invoice requests, title change
// and the e-invoice document (R7–R16, R18, R19).
#include "body.hpp"
#include "store/bills.hpp"
#include "store/invoice_requests.hpp"
#include "store/orders.hpp"
#include "store/rows.hpp"

#include <fapiao/lifecycle.hpp>
#include <fapiao/tax.hpp>

#include <algorithm>
#include <set>

namespace sandbox {
namespace {


template <typename E>
void check_filter(const Call& call, const char* name) {
  const auto it = call.query.find(name);
  if (it == call.query.end()) return;
  if (!fapiao::OpenEnum<E>::from_wire(it->second).is_known()) {
    throw invalid_field(name, "INVALID_VALUE", "Unknown " + std::string(name) + " '" + it->second + "'.");
  }
}

std::optional<std::string> query_value(const Call& call, const char* name) {
  const auto it = call.query.find(name);
  if (it == call.query.end()) return std::nullopt;
  return it->second;
}

fapiao::Warning payer_mismatch(const fapiao::Bill& bill, const std::string& buyer_name) {
  return fapiao::Warning{"PAYER_MISMATCH",
                         "Bill " + bill.id + " was paid by " + bill.payer_name + ", not by " + buyer_name +
                             ": for purchase proof or a refund the invoiced company must be the payer.",
                         "buyer.name"};
}

}  // namespace

struct Service::Assessment {
  fapiao::InvoiceApplication app;
  std::vector<fapiao::FieldError> field_errors;      // fields other than the selection
  std::vector<fapiao::FieldError> selection_errors;  // EMPTY_SELECTION, a bill listed twice
  std::vector<fapiao::FieldError> bill_errors;       // bill_ids[i]: the bill's own problem
  std::optional<ApiError> first_bill_error;
  std::vector<fapiao::Bill> bills;
  std::vector<fapiao::InvoiceLine> lines;
  std::int64_t total_fen = 0, net_fen = 0, tax_fen = 0;
  std::optional<fapiao::Timestamp> due_at;
  std::vector<fapiao::Warning> warnings;
};

std::optional<fapiao::Bill> Service::find_bill(const std::string& customer_id, const std::string& bill_id) {
  return store::find_bill(db(), customer_id, bill_id);
}

Response Service::list_subscriptions(Call& call) {
  const int limit = list_limit(call);
  const auto all = store::subscriptions_of(db(), call.customer_id);
  // The list is keyed by order, so the cursor is the subscription id of an order.
  auto [items, more] = paginate(all, call, limit, [](const fapiao::Subscription& s) { return s.id; });
  return page(std::move(items), more);
}

Response Service::list_bills(Call& call) {
  const int limit = list_limit(call);
  check_filter<fapiao::BillState>(call, "state");
  auto found = store::list_bills(db(), store::BillQuery{call.customer_id, call.now, query_value(call, "state"),
                                                      query_value(call, "starting_after"), limit});
  if (!found.cursor_found) throw ApiError("INVALID_CURSOR", "starting_after does not name one of your bills.");
  return page(std::move(found.bills), found.has_more);
}

Response Service::get_bill(Call& call) {
  const auto bill = find_bill(call.customer_id, call.params.at(0));
  if (!bill) throw not_found("BILL_NOT_FOUND", "Bill " + call.params.at(0));
  if (secs(bill->available_at) > call.now) {
    boost::json::object details;
    details["available_at"] = rfc3339(secs(bill->available_at));
    throw ApiError::with_status(404, "BILL_NOT_YET_AVAILABLE", "Payments take 3 days to sync from the payment platform; this bill appears at " +
                       rfc3339(secs(bill->available_at)) + ".",
                   std::move(details));
  }
  return model(200, *bill);
}

Response Service::get_profile(Call& call) {
  auto stored = store::profile_text(db(), call.customer_id);
  if (!stored) throw ApiError("PROFILE_NOT_FOUND", "No invoice information yet; it is kept from the first application.");
  Response r;
  r.body = std::move(*stored);
  return r;
}

fapiao::Timestamp Service::due_time(fapiao::InvoiceKind kind, std::int64_t submitted, std::int64_t at) {
  fapiao::Timestamp due = fapiao::WorkingCalendar::china().add_working_days(ts(submitted), fapiao::kDueWorkingDays).at;
  for (const auto& a : active_announcements(at)) {
    if (a.category != fapiao::AnnouncementCategory::stock_shortage || !a.expected_ship_date) continue;
    if (fapiao::announcement_affects(a, kind)) due = std::max(due, fapiao::shanghai_time(*a.expected_ship_date, 23, 59, 59));
  }
  return due;
}

Service::Assessment Service::assess(Call& call, const fapiao::InvoiceApplication& input) {
  Assessment a;
  a.app = input;
  a.app.buyer = fapiao::normalized(input.buyer);
  a.app.delivery = fapiao::normalized(input.delivery);
  a.app.remark = fapiao::trim(input.remark);
  const auto report = fapiao::validate_application(a.app, validation_options());
  for (const auto& e : report.errors) {
    (e.field == "bill_ids" ? a.selection_errors : a.field_errors).push_back(e);
  }
  for (const auto& w : report.warnings) a.warnings.push_back(fapiao::Warning{w.code, w.message, w.field});

  std::set<std::string> seen;
  for (std::size_t i = 0; i < a.app.bill_ids.size(); ++i) {
    const std::string& id = a.app.bill_ids[i];
    if (id.empty() || !seen.insert(id).second) continue;
    const std::string field = "bill_ids[" + std::to_string(i) + "]";
    const auto refuse = [&](ApiError error) {
      a.bill_errors.push_back(fapiao::FieldError{field, error.code, error.message});
      if (!a.first_bill_error) a.first_bill_error = std::move(error);
    };
    const auto bill = find_bill(call.customer_id, id);
    if (!bill) {
      refuse(ApiError("BILL_NOT_FOUND", "Bill " + id + " not found."));
      continue;
    }
    if (secs(bill->available_at) > call.now) {
      boost::json::object details;
      details["available_at"] = rfc3339(secs(bill->available_at));
      refuse(ApiError("BILL_NOT_YET_AVAILABLE", "Bill " + id + " is still syncing from the payment platform; it can be invoiced from " +
                          rfc3339(secs(bill->available_at)) + ".",
                      std::move(details)));
      continue;
    }
    if (bill->state != fapiao::BillState::uninvoiced) {
      refuse(ApiError("BILL_ALREADY_INVOICED", "Bill " + id + " is already " + std::string(bill->state.wire()) +
                          ": one payment is invoiced under one title, once. To split it or change its title, file a "
                          "SPLIT_BILL or TITLE_CHANGE support ticket."));
      continue;
    }
    if (const auto amount = a.app.amounts_fen.find(id); amount != a.app.amounts_fen.end() &&
                                                        amount->second != bill->amount_fen) {
      refuse(ApiError("SPLIT_REQUIRES_SUPPORT", "Bill " + id + " can only be invoiced in full (" + std::to_string(bill->amount_fen) +
                          " fen); to invoice part of it, file a SPLIT_BILL support ticket."));
      continue;
    }
    a.bills.push_back(*bill);
  }

  std::vector<std::int64_t> gross;
  for (const auto& bill : a.bills) {
    const auto split = fapiao::split_gross(bill.amount_fen, fapiao::kCloudServiceRateBp);
    a.lines.push_back(fapiao::InvoiceLine{bill.id, "*信息技术服务*" + bill.subscription_name, bill.amount_fen,
                                          split.net_fen, split.tax_fen, fapiao::kCloudServiceRateBp});
    gross.push_back(bill.amount_fen);
    if (!a.app.buyer.name.empty() && bill.payer_name != a.app.buyer.name) {
      a.warnings.push_back(payer_mismatch(bill, a.app.buyer.name));
    }
  }
  // Totals are checked sums: bills whose amounts would wrap int64 are refused, never added blindly.
  if (const auto totals = fapiao::split_lines(gross, fapiao::kCloudServiceRateBp)) {
    a.total_fen = totals->gross_fen;
    a.net_fen = totals->net_fen;
    a.tax_fen = totals->tax_fen;
  } else {
    a.field_errors.push_back(fapiao::FieldError{
        "bill_ids", "INVALID_VALUE",
        "The selected bills add up to more than one request can carry; apply for them in several requests."});
    a.lines.clear();
  }

  if (a.app.kind.is_known()) {
    const auto kind = a.app.kind.value();
    a.due_at = due_time(kind, call.now, call.now);
    for (const auto& ann : active_announcements(call.now)) {
      if (ann.category != fapiao::AnnouncementCategory::stock_shortage) continue;
      if (!fapiao::announcement_affects(ann, kind)) continue;
      a.warnings.push_back(fapiao::Warning{
          "STOCK_SHORTAGE",
          ann.title + (ann.expected_ship_date ? " (expected to ship by " + fapiao::format_date(*ann.expected_ship_date) + ")" : ""),
          ""});
    }
  }
  return a;
}

Response Service::preview_request(Call& call) {
  const auto app = decode_body<fapiao::InvoiceApplication>(call);
  const Assessment a = assess(call, app);
  fapiao::InvoicePreview preview;
  preview.lines = a.lines;
  preview.total_fen = a.total_fen;
  preview.net_fen = a.net_fen;
  preview.tax_fen = a.tax_fen;
  preview.due_at = a.due_at;
  preview.warnings = a.warnings;
  preview.field_errors = a.field_errors;
  preview.field_errors.insert(preview.field_errors.end(), a.selection_errors.begin(), a.selection_errors.end());
  preview.field_errors.insert(preview.field_errors.end(), a.bill_errors.begin(), a.bill_errors.end());
  return model(200, preview);
}

Response Service::create_request(Call& call) {
  const auto app = decode_body<fapiao::InvoiceApplication>(call);
  const Assessment a = assess(call, app);
  if (!a.field_errors.empty()) {
    auto all = a.selection_errors;
    all.insert(all.end(), a.field_errors.begin(), a.field_errors.end());
    throw validation_failed(all);
  }
  if (!a.selection_errors.empty()) {
    const auto& first = a.selection_errors.front();
    boost::json::object details;
    details["fields"] = field_errors_json(a.selection_errors);
    throw ApiError(first.code, first.message, std::move(details));
  }
  if (a.first_bill_error) {
    ApiError error = *a.first_bill_error;
    error.details["fields"] = field_errors_json(a.bill_errors);
    throw error;
  }

  fapiao::InvoiceRequest r;
  r.id = store::new_id("ir");
  r.kind = a.app.kind;
  r.bill_ids = a.app.bill_ids;
  r.buyer = a.app.buyer;
  r.delivery = a.app.delivery;
  r.remark = a.app.remark;
  r.lines = a.lines;
  r.total_fen = a.total_fen;
  r.net_fen = a.net_fen;
  r.tax_fen = a.tax_fen;
  r.submitted_at = ts(call.now);
  r.due_at = a.due_at;
  r.warnings = a.warnings;
  set_status(r, fapiao::RequestStatus::submitted, call.now, "申请已提交 Application submitted");
  insert_request(r, call.customer_id);
  for (const auto& id : r.bill_ids) {
    if (!store::reserve_bill(db(), call.customer_id, id, r.id)) {
      throw ApiError("BILL_ALREADY_INVOICED", "Bill " + id + " was invoiced by another request just now.");
    }
  }
  store::save_profile(db(), call.customer_id, fapiao::InvoiceProfile{r.kind, r.buyer, r.delivery});
  return model(201, r);
}

void Service::set_status(fapiao::InvoiceRequest& request, fapiao::RequestStatus status, std::int64_t at,
                         const std::string& note) {
  request.status = status;
  request.status_label = std::string(fapiao::status_label(status));
  request.history.push_back(fapiao::HistoryEntry{status, ts(at), note});
}

void Service::insert_request(const fapiao::InvoiceRequest& request, const std::string& customer_id) {
  next_auto_step_at_ = 0;  // a request changed: auto-processing looks again at the next tick
  store::insert_request(db(), request, customer_id);
}

void Service::save_request(const fapiao::InvoiceRequest& request) {
  next_auto_step_at_ = 0;  // a request changed: auto-processing looks again at the next tick
  store::save_request(db(), request);
}

fapiao::InvoiceRequest Service::load_request(const std::string& customer_id, const std::string& id) {
  auto found = store::find_request(db(), customer_id, id);
  if (!found) throw not_found("INVOICE_REQUEST_NOT_FOUND", "Invoice request " + id);
  return std::move(*found);
}

Response Service::list_requests(Call& call) {
  const int limit = list_limit(call);
  check_filter<fapiao::RequestStatus>(call, "status");
  auto found = store::list_requests(
      db(), store::RequestQuery{call.customer_id, query_value(call, "status"), query_value(call, "starting_after"), limit});
  if (!found.cursor_found) throw ApiError("INVALID_CURSOR", "starting_after does not name one of your requests.");
  return page(std::move(found.requests), found.has_more);
}

Response Service::get_request(Call& call) { return model(200, load_request(call.customer_id, call.params.at(0))); }

Response Service::cancel_request(Call& call) {
  auto r = load_request(call.customer_id, call.params.at(0));
  if (!fapiao::can_cancel(r.status.value())) {
    throw ApiError("INVALID_TRANSITION", "Only a SUBMITTED request can be cancelled; this one is " + std::string(r.status.wire()) + ".");
  }
  set_status(r, fapiao::RequestStatus::cancelled, call.now, "客户取消 Cancelled by the customer");
  save_request(r);
  store::release_bills(db(), r.id);
  return model(200, r);
}

std::string Service::reissue(const fapiao::InvoiceRequest& original, const fapiao::Buyer& buyer, std::int64_t at) {
  fapiao::InvoiceRequest r;
  r.id = store::new_id("ir");
  r.kind = original.kind;
  r.bill_ids = original.bill_ids;
  r.buyer = fapiao::normalized(buyer);
  r.delivery = original.delivery;
  r.remark = original.remark;
  r.lines = original.lines;
  r.total_fen = original.total_fen;
  r.net_fen = original.net_fen;
  r.tax_fen = original.tax_fen;
  r.submitted_at = ts(at);
  r.due_at = due_time(original.kind.value(), at, at);
  r.replaces_request_id = original.id;
  for (const auto& id : r.bill_ids) {
    const auto bill = store::bill_by_id(db(), id);
    if (bill && bill->payer_name != r.buyer.name) r.warnings.push_back(payer_mismatch(*bill, r.buyer.name));
  }
  set_status(r, fapiao::RequestStatus::submitted, at, "更换抬头后重新开具 Reissued with the new title");
  const auto customer = store::request_customer(db(), original.id);
  if (!customer) throw not_found("INVOICE_REQUEST_NOT_FOUND", "Invoice request " + original.id);
  insert_request(r, *customer);
  store::move_bills(db(), original.id, r.id);
  return r.id;
}

Response Service::title_change(Call& call) {
  auto r = load_request(call.customer_id, call.params.at(0));
  const auto& body = body_object(call);
  const auto* buyer_json = body.if_contains("buyer");
  if (buyer_json == nullptr || buyer_json->is_null()) throw invalid_field("buyer", "REQUIRED", "The new title is required.");
  auto decoded = fj::decode_value<fapiao::Buyer>(*buyer_json);
  if (!decoded) {
    auto fields = decoded.error().field_errors;
    for (auto& f : fields) f.field = f.field.empty() ? "buyer" : "buyer." + f.field;
    throw validation_failed(fields);
  }
  const std::string note = text_field(call, "note");
  const auto kind = r.kind.value();
  const auto report = fapiao::validate_buyer(kind, *decoded, validation_options());
  if (!report.ok()) throw validation_failed(report.errors);

  using S = fapiao::RequestStatus;
  const S status = r.status.value();
  if (!fapiao::can_change_title(status, kind)) {
    throw ApiError("INVALID_TRANSITION", "A title change needs an issued invoice; this request is " + std::string(r.status.wire()) +
                       (status == S::submitted ? " (cancel it and apply again instead)." : "."));
  }
  if (fapiao::title_change_awaits_return(kind)) {
    set_status(r, S::awaiting_return, call.now,
               "等待寄回原发票 Awaiting the original paper invoice" + (note.empty() ? "" : ": " + note));
    save_request(r);
    store::set_pending_buyer(db(), r.id, fapiao::normalized(*decoded));
  } else {
    r.replaced_by_request_id = reissue(r, fapiao::normalized(*decoded), call.now);
    set_status(r, S::reversed, call.now, "已红冲，按新抬头重开 Reversed for a title change" + (note.empty() ? "" : ": " + note));
    save_request(r);
  }
  return model(200, r);
}

Response Service::get_document(Call& call) {
  const auto r = load_request(call.customer_id, call.params.at(0));
  if (!fapiao::has_document(r.status.value(), r.kind.value()) || r.fapiao_number.empty()) {
    throw ApiError("DOCUMENT_NOT_FOUND", fapiao::is_digital(r.kind.value())
                       ? "The e-invoice file exists once the request is ISSUED."
                       : "Paper invoices (VAT_ORDINARY, VAT_SPECIAL) have no e-invoice file.");
  }
  Response response;
  response.content_type = "application/pdf";
  response.body = render_pdf(r);
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + r.fapiao_number + ".pdf\"");
  return response;
}

}  // namespace sandbox
