#include "handlers/invoice_requests.hpp"

#include "back_office/issuer.hpp"
#include "pdf.hpp"
#include "store/bills.hpp"
#include "store/invoice_requests.hpp"
#include "store/rows.hpp"
#include "util.hpp"

#include <fapiao/lifecycle.hpp>
#include <fapiao/tax.hpp>
#include <fapiao/validate.hpp>

#include <set>

namespace sandbox::handlers {
namespace {

using S = fapiao::RequestStatus;

/// An application checked against the rules and the customer's bills.
struct Assessment {
  fapiao::InvoiceApplication app;                    // normalised
  std::vector<fapiao::FieldError> field_errors;      // fields other than the selection
  std::vector<fapiao::FieldError> selection_errors;  // EMPTY_SELECTION, a bill listed twice
  std::vector<fapiao::FieldError> bill_errors;       // bill_ids[i]: the bill's own problem
  std::optional<ApiError> first_bill_error;
  std::vector<fapiao::InvoiceLine> lines;
  std::int64_t total_fen = 0, net_fen = 0, tax_fen = 0;
  std::optional<fapiao::Timestamp> due_at;
  std::vector<fapiao::Warning> warnings;
};

/// Why one selected bill cannot be invoiced, if it cannot.
std::optional<ApiError> bill_problem(const Context& ctx, const fapiao::InvoiceApplication& app, const std::string& id,
                                     const std::optional<fapiao::Bill>& bill) {
  if (!bill) return ApiError("BILL_NOT_FOUND", "Bill " + id + " not found.");
  if (secs(bill->available_at) > ctx.now) {
    boost::json::object details;
    details["available_at"] = rfc3339(secs(bill->available_at));
    return ApiError("BILL_NOT_YET_AVAILABLE", "Bill " + id + " is still syncing from the payment platform; it can be invoiced from " +
                        rfc3339(secs(bill->available_at)) + ".",
                    std::move(details));
  }
  if (bill->state != fapiao::BillState::uninvoiced) {
    return ApiError("BILL_ALREADY_INVOICED", "Bill " + id + " is already " + std::string(bill->state.wire()) +
                        ": one payment is invoiced under one title, once. To split it or change its title, file a "
                        "SPLIT_BILL or TITLE_CHANGE support ticket.");
  }
  if (const auto amount = app.amounts_fen.find(id); amount != app.amounts_fen.end() && amount->second != bill->amount_fen) {
    return ApiError("SPLIT_REQUIRES_SUPPORT", "Bill " + id + " can only be invoiced in full (" + std::to_string(bill->amount_fen) +
                        " fen); to invoice part of it, file a SPLIT_BILL support ticket.");
  }
  return std::nullopt;
}

Assessment assess(const Context& ctx, const fapiao::InvoiceApplication& input) {
  Assessment a;
  a.app = input;
  a.app.buyer = fapiao::normalized(input.buyer);
  a.app.delivery = fapiao::normalized(input.delivery);
  a.app.remark = fapiao::trim(input.remark);
  const auto report = fapiao::validate_application(a.app, ctx.env.options.validation());
  for (const auto& e : report.errors) (e.field == "bill_ids" ? a.selection_errors : a.field_errors).push_back(e);
  for (const auto& w : report.warnings) a.warnings.push_back(fapiao::Warning{w.code, w.message, w.field});

  std::vector<fapiao::Bill> bills;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < a.app.bill_ids.size(); ++i) {
    const std::string& id = a.app.bill_ids[i];
    if (id.empty() || !seen.insert(id).second) continue;
    auto bill = store::find_bill(ctx.db, ctx.caller.customer_id, id);
    if (auto problem = bill_problem(ctx, a.app, id, bill)) {
      a.bill_errors.push_back(fapiao::FieldError{"bill_ids[" + std::to_string(i) + "]", problem->code, problem->message});
      if (!a.first_bill_error) a.first_bill_error = std::move(problem);
      continue;
    }
    bills.push_back(std::move(*bill));
  }

  std::vector<std::int64_t> gross;
  for (const auto& bill : bills) {
    const auto split = fapiao::split_gross(bill.amount_fen, fapiao::kCloudServiceRateBp);
    a.lines.push_back(fapiao::InvoiceLine{bill.id, "*信息技术服务*" + bill.subscription_name, bill.amount_fen,
                                          split.net_fen, split.tax_fen, fapiao::kCloudServiceRateBp});
    gross.push_back(bill.amount_fen);
    if (!a.app.buyer.name.empty() && bill.payer_name != a.app.buyer.name) {
      a.warnings.push_back(issuer::payer_mismatch(bill, a.app.buyer.name));
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
    a.due_at = issuer::due_time(ctx.db, kind, ctx.now, ctx.now);
    for (const auto& ann : issuer::active_announcements(ctx.db, ctx.now)) {
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

/// The first refusal of an assessment with problems, in the contract's
/// order: field errors, then the selection, then the first bad bill.
void refuse_if_any(const Assessment& a) {
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
}

}  // namespace

RequestFilter read(const Call& call, In<RequestFilter>) {
  auto page = read(call, In<PageQuery>{});
  return RequestFilter{std::move(page), enum_filter<fapiao::RequestStatus>(call, "status")};
}

TitleChange read(const Call& call, In<TitleChange>) {
  const auto& body = body_object(call);
  const auto* buyer_json = body.if_contains("buyer");
  if (buyer_json == nullptr || buyer_json->is_null()) throw invalid_field("buyer", "REQUIRED", "The new title is required.");
  auto decoded = fapiao::detail::json::decode_value<fapiao::Buyer>(*buyer_json);
  if (!decoded) {
    auto fields = decoded.error().field_errors;
    for (auto& f : fields) f.field = f.field.empty() ? "buyer" : "buyer." + f.field;
    throw validation_failed(fields);
  }
  return TitleChange{call.params.at(0), std::move(*decoded), text_field(call, "note")};
}

namespace invoice_requests {

fapiao::InvoiceRequest load(Database& db, const std::string& customer_id, const std::string& id) {
  auto found = store::find_request(db, customer_id, id);
  if (!found) throw not_found("INVOICE_REQUEST_NOT_FOUND", "Invoice request " + id);
  return std::move(*found);
}

fapiao::InvoicePreview preview(const Context& ctx, const fapiao::InvoiceApplication& application) {
  Assessment a = assess(ctx, application);
  fapiao::InvoicePreview preview;
  preview.lines = std::move(a.lines);
  preview.total_fen = a.total_fen;
  preview.net_fen = a.net_fen;
  preview.tax_fen = a.tax_fen;
  preview.due_at = a.due_at;
  preview.warnings = std::move(a.warnings);
  preview.field_errors = std::move(a.field_errors);
  preview.field_errors.insert(preview.field_errors.end(), a.selection_errors.begin(), a.selection_errors.end());
  preview.field_errors.insert(preview.field_errors.end(), a.bill_errors.begin(), a.bill_errors.end());
  return preview;
}

Created<fapiao::InvoiceRequest> create(const Context& ctx, const fapiao::InvoiceApplication& application) {
  Assessment a = assess(ctx, application);
  refuse_if_any(a);

  fapiao::InvoiceRequest r;
  r.id = store::new_id("ir");
  r.kind = a.app.kind;
  r.bill_ids = a.app.bill_ids;
  r.buyer = a.app.buyer;
  r.delivery = a.app.delivery;
  r.remark = a.app.remark;
  r.lines = std::move(a.lines);
  r.total_fen = a.total_fen;
  r.net_fen = a.net_fen;
  r.tax_fen = a.tax_fen;
  r.submitted_at = ts(ctx.now);
  r.due_at = a.due_at;
  r.warnings = std::move(a.warnings);
  issuer::set_status(r, S::submitted, ctx.now, "申请已提交 Application submitted");
  issuer::insert(ctx.db, r, ctx.caller.customer_id, ctx.now);
  for (const auto& id : r.bill_ids) {
    if (!store::reserve_bill(ctx.db, ctx.caller.customer_id, id, r.id)) {
      throw ApiError("BILL_ALREADY_INVOICED", "Bill " + id + " was invoiced by another request just now.");
    }
  }
  store::save_profile(ctx.db, ctx.caller.customer_id, fapiao::InvoiceProfile{r.kind, r.buyer, r.delivery});
  return {std::move(r)};
}

fapiao::Page<fapiao::InvoiceRequest> list(const Context& ctx, const RequestFilter& filter) {
  auto found = store::list_requests(ctx.db, store::RequestQuery{ctx.caller.customer_id, filter.status,
                                                                filter.page.starting_after, filter.page.limit});
  if (!found.cursor_found) throw ApiError("INVALID_CURSOR", "starting_after does not name one of your requests.");
  return {std::move(found.requests), found.has_more};
}

fapiao::InvoiceRequest get(const Context& ctx, const ById& request) {
  return load(ctx.db, ctx.caller.customer_id, request.id);
}

fapiao::InvoiceRequest cancel(const Context& ctx, const ById& request) {
  auto r = load(ctx.db, ctx.caller.customer_id, request.id);
  if (!fapiao::can_cancel(r.status.value())) {
    throw ApiError("INVALID_TRANSITION", "Only a SUBMITTED request can be cancelled; this one is " + std::string(r.status.wire()) + ".");
  }
  issuer::set_status(r, S::cancelled, ctx.now, "客户取消 Cancelled by the customer");
  issuer::save(ctx.db, r, ctx.now);
  store::release_bills(ctx.db, r.id);
  return r;
}

fapiao::InvoiceRequest change_title(const Context& ctx, const TitleChange& input) {
  auto r = load(ctx.db, ctx.caller.customer_id, input.request_id);
  const auto kind = r.kind.value();
  const auto report = fapiao::validate_buyer(kind, input.buyer, ctx.env.options.validation());
  if (!report.ok()) throw validation_failed(report.errors);

  const S status = r.status.value();
  if (!fapiao::can_change_title(status, kind)) {
    throw ApiError("INVALID_TRANSITION", "A title change needs an issued invoice; this request is " + std::string(r.status.wire()) +
                       (status == S::submitted ? " (cancel it and apply again instead)." : "."));
  }
  const std::string note = input.note.empty() ? std::string() : ": " + input.note;
  if (fapiao::title_change_awaits_return(kind)) {
    issuer::set_status(r, S::awaiting_return, ctx.now, "等待寄回原发票 Awaiting the original paper invoice" + note);
    issuer::save(ctx.db, r, ctx.now);
    store::set_pending_buyer(ctx.db, r.id, fapiao::normalized(input.buyer));
  } else {
    r.replaced_by_request_id = issuer::reissue(ctx.db, r, fapiao::normalized(input.buyer), ctx.now);
    issuer::set_status(r, S::reversed, ctx.now, "已红冲，按新抬头重开 Reversed for a title change" + note);
    issuer::save(ctx.db, r, ctx.now);
  }
  return r;
}

Download document(const Context& ctx, const ById& request) {
  const auto r = load(ctx.db, ctx.caller.customer_id, request.id);
  if (!fapiao::has_document(r.status.value(), r.kind.value()) || r.fapiao_number.empty()) {
    throw ApiError("DOCUMENT_NOT_FOUND", fapiao::is_digital(r.kind.value())
                                             ? "The e-invoice file exists once the request is ISSUED."
                                             : "Paper invoices (VAT_ORDINARY, VAT_SPECIAL) have no e-invoice file.");
  }
  return Download{"application/pdf", r.fapiao_number + ".pdf", render_pdf(r)};
}

fapiao::InvoiceProfile profile(const Context& ctx) {
  auto stored = store::profile(ctx.db, ctx.caller.customer_id);
  if (!stored) throw ApiError("PROFILE_NOT_FOUND", "No invoice information yet; it is kept from the first application.");
  return std::move(*stored);
}

}  // namespace invoice_requests
}  // namespace sandbox::handlers
