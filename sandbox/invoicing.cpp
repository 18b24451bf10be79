// Subscriptions, bills, preview and create, invoice requests, title change
// and the e-invoice document (R7–R16, R18, R19).
#include "body.hpp"

#include <fapiao/lifecycle.hpp>
#include <fapiao/tax.hpp>

#include <algorithm>
#include <set>

namespace sandbox {
namespace {

constexpr std::int64_t kSyncDelay = fapiao::kBillSyncDays * 24 * 3600;  // R7
constexpr const char* kBillColumns =
    "b.id, b.order_id, o.subscription_name, b.amount_fen, b.paid_at, b.payment_method, o.payer_name, b.state, "
    "b.invoice_request_id, b.parent_bill_id FROM bills b JOIN orders o ON o.order_id = b.order_id";

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

fapiao::Bill Service::load_bill_row(Statement& row) {
  fapiao::Bill b;
  b.id = row.text(0);
  b.order_id = row.text(1);
  b.subscription_name = row.text(2);
  b.amount_fen = row.integer(3);
  b.paid_at = ts(row.integer(4));
  b.available_at = ts(row.integer(4) + kSyncDelay);
  b.payment_method = fapiao::OpenEnum<fapiao::PaymentMethod>::from_wire(row.text(5));
  b.payer_name = row.text(6);
  b.state = fapiao::OpenEnum<fapiao::BillState>::from_wire(row.text(7));
  b.invoice_request_id = row.text(8);
  b.parent_bill_id = row.text(9);
  // Only a split bill has children (the split marks the parent SPLIT in the
  // same transaction): every other bill of a page is spared a query.
  if (b.state == fapiao::BillState::split) {
    auto children = db().prepare("SELECT id FROM bills WHERE parent_bill_id = ? ORDER BY seq");
    children.bind_all(b.id);
    while (children.step()) b.child_bill_ids.push_back(children.text(0));
  }
  return b;
}

std::optional<fapiao::Bill> Service::find_bill(const std::string& customer_id, const std::string& bill_id) {
  auto st = db().prepare(std::string("SELECT ") + kBillColumns + " WHERE b.id = ? AND b.customer_id = ?");
  st.bind_all(bill_id, customer_id);
  if (!st.step()) return std::nullopt;
  return load_bill_row(st);
}

Response Service::list_subscriptions(Call& call) {
  const int limit = list_limit(call);
  std::vector<fapiao::Subscription> all;
  auto st = db().prepare("SELECT subscription_id, subscription_name, order_id FROM orders WHERE customer_id = ? "
                        "ORDER BY seq DESC");
  st.bind_all(call.customer_id);
  while (st.step()) all.push_back(fapiao::Subscription{st.text(0), st.text(1), st.text(2)});
  // The list is keyed by order, so the cursor is the subscription id of an order.
  auto [items, more] = paginate(all, call, limit, [](const fapiao::Subscription& s) { return s.id; });
  return page(std::move(items), more);
}

Response Service::list_bills(Call& call) {
  const int limit = list_limit(call);
  check_filter<fapiao::BillState>(call, "state");
  const auto state = query_value(call, "state");
  const std::int64_t visible_before = call.now - kSyncDelay;  // paid at least 3 days ago
  std::int64_t cursor_paid = 0;
  std::string cursor_id;
  if (const auto after = query_value(call, "starting_after")) {
    auto c = db().prepare("SELECT paid_at FROM bills WHERE id = ? AND customer_id = ? AND paid_at <= ?");
    c.bind_all(*after, call.customer_id, visible_before);
    if (!c.step()) throw ApiError("INVALID_CURSOR", "starting_after does not name one of your bills.");
    cursor_paid = c.integer(0);
    cursor_id = *after;
  }
  // Each page seeks into the index bills_by_customer at its start bound:
  // the cursor's (paid_at, id) — itself visible — or, on the first page, the
  // sync cut-off. So every page costs the same however long the history (a
  // second bound on paid_at would make SQLite seek on paid_at alone and walk
  // every bill paid in the same second). The state filter applies to the
  // rows the walk meets.
  std::string sql = std::string("SELECT ") + kBillColumns + " WHERE b.customer_id = ?1 AND (?3 IS NULL OR b.state = ?3)";
  sql += cursor_id.empty() ? " AND b.paid_at <= ?2" : " AND (b.paid_at, b.id) < (?5, ?4)";
  sql += " ORDER BY b.paid_at DESC, b.id DESC LIMIT ?6";
  auto st = db().prepare(sql);
  st.bind(1, call.customer_id).bind(3, state);
  if (cursor_id.empty()) {
    st.bind(2, visible_before);
  } else {
    st.bind(4, cursor_id).bind(5, cursor_paid);
  }
  st.bind(6, limit + 1);
  std::vector<fapiao::Bill> bills;
  while (st.step()) bills.push_back(load_bill_row(st));
  const bool more = bills.size() > static_cast<std::size_t>(limit);
  if (more) bills.pop_back();
  return page(std::move(bills), more);
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
  auto st = db().prepare("SELECT doc FROM profiles WHERE customer_id = ?");
  st.bind_all(call.customer_id);
  if (!st.step()) {
    throw ApiError("PROFILE_NOT_FOUND", "No invoice information yet; it is kept from the first application.");
  }
  Response r;
  r.body = st.text(0);
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
  r.id = new_id("ir");
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
    // The state guard makes "one title per bill" hold even if two creates raced.
    auto st = db().prepare("UPDATE bills SET state = 'RESERVED', invoice_request_id = ? "
                          "WHERE id = ? AND customer_id = ? AND state = 'UNINVOICED'");
    st.bind_all(r.id, id, call.customer_id).run();
    if (db().changes() != 1) {
      throw ApiError("BILL_ALREADY_INVOICED", "Bill " + id + " was invoiced by another request just now.");
    }
  }
  fapiao::InvoiceProfile profile{r.kind, r.buyer, r.delivery};
  db().prepare("INSERT INTO profiles(customer_id, doc) VALUES(?, ?) "
              "ON CONFLICT(customer_id) DO UPDATE SET doc = excluded.doc")
      .bind_all(call.customer_id, fj::encode(profile, fj::Absent::null))
      .run();
  return model(201, r);
}

void Service::set_status(fapiao::InvoiceRequest& request, fapiao::RequestStatus status, std::int64_t at,
                         const std::string& note) {
  request.status = status;
  request.status_label = std::string(fapiao::status_label(status));
  request.history.push_back(fapiao::HistoryEntry{status, ts(at), note});
}

void Service::insert_request(const fapiao::InvoiceRequest& request, const std::string& customer_id) {
  db().prepare("INSERT INTO invoice_requests(id, seq, customer_id, status, doc) VALUES(?, ?, ?, '', '')")
      .bind_all(request.id, next_seq("invoice_requests"), customer_id)
      .run();
  save_request(request);
}

void Service::save_request(const fapiao::InvoiceRequest& request) {
  next_auto_step_at_ = 0;  // a request changed: auto-processing looks again at the next tick
  db().prepare("UPDATE invoice_requests SET status = ?, doc = ? WHERE id = ?")
      .bind_all(std::string(request.status.wire()), fj::encode(request), request.id)
      .run();
}

fapiao::InvoiceRequest Service::load_request(const std::string& customer_id, const std::string& id) {
  auto st = db().prepare("SELECT doc FROM invoice_requests WHERE id = ? AND (? = '' OR customer_id = ?)");
  st.bind_all(id, customer_id, customer_id);
  if (!st.step()) throw not_found("INVOICE_REQUEST_NOT_FOUND", "Invoice request " + id);
  auto decoded = fj::decode<fapiao::InvoiceRequest>(st.text(0));
  if (!decoded) throw std::runtime_error("stored request " + id + " is corrupt: " + decoded.error().message);
  return std::move(decoded).value();
}

std::string Service::request_customer(const std::string& id) {
  auto st = db().prepare("SELECT customer_id FROM invoice_requests WHERE id = ?");
  st.bind_all(id);
  if (!st.step()) throw not_found("INVOICE_REQUEST_NOT_FOUND", "Invoice request " + id);
  return st.text(0);
}

Response Service::list_requests(Call& call) {
  const int limit = list_limit(call);
  check_filter<fapiao::RequestStatus>(call, "status");
  const auto status = query_value(call, "status");
  std::int64_t cursor = INT64_MAX;
  if (const auto after = query_value(call, "starting_after")) {
    auto c = db().prepare("SELECT seq FROM invoice_requests WHERE id = ? AND customer_id = ?");
    c.bind_all(*after, call.customer_id);
    if (!c.step()) throw ApiError("INVALID_CURSOR", "starting_after does not name one of your requests.");
    cursor = c.integer(0);
  }
  auto st = db().prepare("SELECT doc FROM invoice_requests WHERE customer_id = ?1 AND (?2 IS NULL OR status = ?2) "
                        "AND seq < ?3 ORDER BY seq DESC LIMIT ?4");
  st.bind(1, call.customer_id).bind(2, status).bind(3, cursor).bind(4, limit + 1);
  std::vector<fapiao::InvoiceRequest> items;
  while (st.step()) {
    auto decoded = fj::decode<fapiao::InvoiceRequest>(st.text(0));
    if (!decoded) throw std::runtime_error("stored request is corrupt: " + decoded.error().message);
    items.push_back(std::move(decoded).value());
  }
  const bool more = items.size() > static_cast<std::size_t>(limit);
  if (more) items.pop_back();
  return page(std::move(items), more);
}

Response Service::get_request(Call& call) { return model(200, load_request(call.customer_id, call.params.at(0))); }

Response Service::cancel_request(Call& call) {
  auto r = load_request(call.customer_id, call.params.at(0));
  if (!fapiao::can_cancel(r.status.value())) {
    throw ApiError("INVALID_TRANSITION", "Only a SUBMITTED request can be cancelled; this one is " + std::string(r.status.wire()) + ".");
  }
  set_status(r, fapiao::RequestStatus::cancelled, call.now, "客户取消 Cancelled by the customer");
  save_request(r);
  db().prepare("UPDATE bills SET state = 'UNINVOICED', invoice_request_id = NULL WHERE invoice_request_id = ?")
      .bind_all(r.id)
      .run();
  return model(200, r);
}

std::string Service::reissue(const fapiao::InvoiceRequest& original, const fapiao::Buyer& buyer, std::int64_t at) {
  fapiao::InvoiceRequest r;
  r.id = new_id("ir");
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
    auto st = db().prepare(std::string("SELECT ") + kBillColumns + " WHERE b.id = ?");
    st.bind_all(id);
    if (st.step()) {
      const auto bill = load_bill_row(st);
      if (bill.payer_name != r.buyer.name) r.warnings.push_back(payer_mismatch(bill, r.buyer.name));
    }
  }
  set_status(r, fapiao::RequestStatus::submitted, at, "更换抬头后重新开具 Reissued with the new title");
  insert_request(r, request_customer(original.id));
  db().prepare("UPDATE bills SET state = 'RESERVED', invoice_request_id = ? WHERE invoice_request_id = ?")
      .bind_all(r.id, original.id)
      .run();
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
  const std::string buyer_text = fj::encode(fapiao::normalized(*decoded));
  if (fapiao::title_change_awaits_return(kind)) {
    set_status(r, S::awaiting_return, call.now,
               "等待寄回原发票 Awaiting the original paper invoice" + (note.empty() ? "" : ": " + note));
    save_request(r);
    db().prepare("UPDATE invoice_requests SET pending_buyer = ? WHERE id = ?").bind_all(buyer_text, r.id).run();
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
