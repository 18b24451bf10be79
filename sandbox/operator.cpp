// The /sandbox/ operator API: what the issuer's back office and the payment
// platform do in the real service, plus the clock, faults and the journal.
#include "body.hpp"
#include "crypto.hpp"
#include "store/rows.hpp"
#include "store/bills.hpp"
#include "store/invoice_requests.hpp"
#include "store/mails.hpp"
#include "store/orders.hpp"
#include "store/support.hpp"

#include <fapiao/lifecycle.hpp>

#include <algorithm>
#include <limits>

namespace sandbox {
namespace {

using S = fapiao::RequestStatus;

// The status machine is fapiao/lifecycle.hpp; these read a request through it.
bool allowed(const fapiao::InvoiceRequest& r, S to) {
  return fapiao::can_advance(r.status.value(), to, r.kind.value(), r.delivery.method.value());
}

// The statuses the back office moves on its own (the lifecycle decides which).
std::vector<S> back_office_statuses() {
  std::vector<S> out;
  for (const auto status : fapiao::known_values<S>()) {
    if (fapiao::back_office_moves(status)) out.push_back(status);
  }
  return out;
}

std::string digits(std::size_t n) {
  const std::string hex = crypto::random_hex(n);
  std::string out;
  for (char c : hex) out += static_cast<char>('0' + (c >= 'a' ? c - 'a' + 10 : c - '0') % 10);
  return out.substr(0, n);
}

std::int64_t require_int(const boost::json::object& body, const char* name, bool required, std::int64_t fallback) {
  const auto* v = body.if_contains(name);
  if (v == nullptr || v->is_null()) {
    if (required) throw invalid_field(name, "REQUIRED", std::string(name) + " is required.");
    return fallback;
  }
  if (!v->is_int64()) throw invalid_field(name, "INVALID_VALUE", std::string(name) + " must be an integer.");
  return v->get_int64();
}

}  // namespace

Response Service::op_create_order(Call& call) {
  std::vector<fapiao::FieldError> errors;
  std::map<std::string, std::string> f;
  for (const char* name : {"order_id", "customer_id", "payer_name", "subscription_id", "subscription_name"}) {
    f[name] = fapiao::trim(text_field(call, name));
    if (f[name].empty()) errors.push_back({name, "REQUIRED", std::string(name) + " is required."});
  }
  if (!errors.empty()) throw validation_failed(errors);
  if (!store::insert_order(db(), fapiao::sandbox::Order{f["order_id"], f["customer_id"], f["payer_name"],
                                                        f["subscription_id"], f["subscription_name"]})) {
    throw ApiError("ORDER_ALREADY_EXISTS", "Order " + f["order_id"] + " exists already.");
  }
  boost::json::object out;
  for (const auto& [k, v] : f) out[k] = v;
  return json(201, out);
}

// What POST /sandbox/payments and /sandbox/payments/batch share.
struct Service::PaymentFields {
  std::string order_id;
  std::int64_t amount_fen = 0;
  std::int64_t paid_at = 0;
  std::string method;
};

Service::PaymentFields Service::payment_fields(Call& call) {
  const auto& body = body_object(call);
  PaymentFields p;
  p.order_id = fapiao::trim(text_field(call, "order_id"));
  if (p.order_id.empty()) throw invalid_field("order_id", "REQUIRED", "order_id is required.");
  p.amount_fen = require_int(body, "amount_fen", true, 0);
  if (p.amount_fen <= 0) throw invalid_field("amount_fen", "INVALID_VALUE", "amount_fen must be a positive number of fen.");
  p.paid_at = call.now;
  if (const std::string text = text_field(call, "paid_at"); !text.empty()) {
    const auto t = fapiao::parse_rfc3339(text);
    if (!t) throw invalid_field("paid_at", "INVALID_VALUE", "paid_at must be an RFC 3339 timestamp with offset.");
    p.paid_at = secs(*t);
  }
  p.method = text_field(call, "payment_method");
  if (p.method.empty()) p.method = "ALIPAY";
  if (!fapiao::OpenEnum<fapiao::PaymentMethod>::from_wire(p.method).is_known()) {
    throw invalid_field("payment_method", "INVALID_VALUE", "payment_method is ALIPAY, UNIONPAY or WIRE_TRANSFER.");
  }
  return p;
}

std::string Service::customer_of_order(const std::string& order_id) {
  auto customer = store::order_customer(db(), order_id);
  if (!customer) throw not_found("ORDER_NOT_FOUND", "Order " + order_id);
  return std::move(*customer);
}

std::string Service::insert_bills(const PaymentFields& p, const std::string& customer_id, std::int64_t count) {
  return store::insert_bills(db(), store::NewBills{customer_id, p.order_id, p.amount_fen, p.paid_at, p.method}, count);
}

Response Service::op_create_payment(Call& call) {
  const PaymentFields p = payment_fields(call);
  const std::string customer_id = customer_of_order(p.order_id);
  const std::string id = insert_bills(p, customer_id, 1);
  return model(201, *find_bill(customer_id, id));
}

// Many identical payments in one transaction: a customer with a long bill
// history (paging tests, benchmarks) without one HTTPS call per bill.
Response Service::op_create_payments(Call& call) {
  constexpr std::int64_t kMaxBatch = 200000;
  const std::int64_t count = require_int(body_object(call), "count", true, 0);
  if (count < 1 || count > kMaxBatch) {
    throw invalid_field("count", "INVALID_VALUE", "count must be between 1 and " + std::to_string(kMaxBatch) + ".");
  }
  const PaymentFields p = payment_fields(call);
  insert_bills(p, customer_of_order(p.order_id), count);
  boost::json::object out;
  out["order_id"] = p.order_id;
  out["count"] = count;
  return json(201, out);
}

Response Service::op_outbox(Call& call) {
  const auto to = call.query.count("to") ? call.query.at("to") : std::string();
  std::int64_t limit = 1000;
  if (call.query.count("limit")) limit = list_limit(call);
  // Encoded through the generated Mail model: the field names live in the contract.
  auto found = store::outbox(db(), to, limit);
  return page(std::move(found.mails), found.has_more);
}

Response Service::op_get_clock(Call& call) {
  boost::json::object out;
  out["now"] = rfc3339(call.now);
  out["mode"] = options_.virtual_clock ? "virtual" : "system";
  return json(200, out);
}

Response Service::op_set_clock(Call& call) {
  if (!options_.virtual_clock) {
    throw ApiError("CLOCK_NOT_VIRTUAL", "The sandbox runs on the system clock (--clock system).");
  }
  const auto& body = body_object(call);
  std::int64_t target = call.now;
  if (const std::string text = text_field(call, "now"); !text.empty()) {
    const auto t = fapiao::parse_rfc3339(text);
    if (!t) throw invalid_field("now", "INVALID_VALUE", "now must be an RFC 3339 timestamp with offset.");
    target = secs(*t);
  } else if (body.contains("advance_seconds")) {
    target = call.now + require_int(body, "advance_seconds", true, 0);
  } else {
    throw invalid_field("advance_seconds", "REQUIRED", "Give advance_seconds or now.");
  }
  set_clock(target);
  call.now = target;
  apply_shortages(target);
  if (options_.auto_process) auto_process(target);
  return op_get_clock(call);
}

void Service::advance(fapiao::InvoiceRequest& r, S to, std::int64_t at, const std::string& tracking_number,
                      const std::string& reason) {
  if (!allowed(r, to)) {
    throw ApiError("INVALID_TRANSITION", "A request in " + std::string(r.status.wire()) + " cannot move to " +
                       std::string(fapiao::to_wire(to)) + ".");
  }
  const std::string customer_email = store::request_customer_email(db(), r.id);
  std::string note;
  switch (to) {
    case S::processing: note = "开票中 Being processed"; break;
    case S::printed:
    case S::issued:
      // fapiao::invoices_bills(to) holds for exactly these two.
      r.fapiao_number = fapiao::is_digital(r.kind.value()) ? "2631" + digits(16) : digits(8);
      store::mark_bills_invoiced(db(), r.id);
      note = to == S::printed ? "发票已打印 Printed" : "电子发票已开具 E-invoice issued";
      break;
    case S::shipped:
      r.tracking_number = !tracking_number.empty()
                              ? tracking_number
                              : (r.delivery.method == fapiao::DeliveryMethod::yunda ? "YD" + digits(13)
                                                                                    : "SF" + digits(12));
      note = "已寄出，运单号 " + r.tracking_number;
      break;
    case S::ready_for_pickup: note = "可到上海分公司自取 Ready for pickup"; break;
    case S::picked_up: note = "已自取 Picked up"; break;
    case S::delivered: note = fapiao::is_digital(r.kind.value()) ? "已发送至邮箱 E-mailed" : "已签收 Delivered"; break;
    case S::rejected:
      if (reason.empty()) throw invalid_field("reason", "REQUIRED", "A rejection needs a reason.");
      r.rejection_reason = reason;
      store::release_bills(db(), r.id);
      note = "已驳回: " + reason;
      break;
    default: break;
  }
  set_status(r, to, at, note);
  if (to == S::shipped && !customer_email.empty()) {
    send_mail(customer_email, "REQUEST_SHIPPED", "您的发票已寄出 / Your invoice has shipped",
              "发票申请 " + r.id + " 已寄出，运单号 " + r.tracking_number + "。Tracking number: " + r.tracking_number + "\n",
              {}, {}, {}, false);
  } else if (to == S::ready_for_pickup && !customer_email.empty()) {
    send_mail(customer_email, "READY_FOR_PICKUP", "您的发票可以自取 / Your invoice is ready for pickup",
              "请到上海市浦东新区科苑路88号德国中心 3 号楼 657 自取，电话 021-28986102。Request " + r.id + "\n", {}, {}, {},
              false);
  } else if (to == S::issued) {
    const std::string to_addr = !r.delivery.email.empty() ? r.delivery.email : customer_email;
    send_mail(to_addr, "EINVOICE_ISSUED", "电子发票已开具 / Your e-invoice " + r.fapiao_number,
              "电子发票 " + r.fapiao_number + " 已开具，见附件。Your e-invoice is attached.\n", {}, {}, {}, false,
              render_pdf(r));
  }
}

Response Service::op_advance(Call& call) {
  auto r = load_request("", call.params.at(0));
  const std::string status = text_field(call, "status");
  if (status.empty()) throw invalid_field("status", "REQUIRED", "The target status is required.");
  const auto to = fapiao::OpenEnum<S>::from_wire(status);
  if (!to.is_known()) throw invalid_field("status", "INVALID_VALUE", "Unknown status '" + status + "'.");
  advance(r, to.value(), call.now, text_field(call, "tracking_number"), text_field(call, "reason"));
  save_request(r);
  return model(200, r);
}

Response Service::op_original_returned(Call& call) {
  auto r = load_request("", call.params.at(0));
  if (r.status != S::awaiting_return) {
    throw ApiError("INVALID_TRANSITION", "The request is " + std::string(r.status.wire()) + ", not AWAITING_RETURN.");
  }
  const auto buyer = store::pending_buyer(db(), r.id);
  if (!buyer) throw std::runtime_error("request " + r.id + " awaits its return without a pending title");
  r.replaced_by_request_id = reissue(r, *buyer, call.now);
  set_status(r, S::reversed, call.now, "原发票已寄回并红冲 Original returned and reversed");
  save_request(r);
  return model(200, r);
}

Response Service::op_create_announcement(Call& call) {
  // The id is the service's to give; a placeholder lets the model's decoder
  // (which requires one) check every other field's type.
  boost::json::object input = body_object(call);
  input["id"] = "new";
  Call typed = call;
  typed.body = std::move(input);
  auto a = decode_body<fapiao::Announcement>(typed);
  std::vector<fapiao::FieldError> errors;
  if (!a.category.is_known()) errors.push_back({"category", a.category.empty() ? "REQUIRED" : "INVALID_VALUE",
                                                "category is STOCK_SHORTAGE, HOLIDAY_SCHEDULE, MAINTENANCE or OTHER."});
  if (fapiao::trim(a.title).empty()) errors.push_back({"title", "REQUIRED", "title is required."});
  if (a.category == fapiao::AnnouncementCategory::stock_shortage && !a.expected_ship_date) {
    errors.push_back({"expected_ship_date", "REQUIRED", "A stock shortage needs the expected ship date."});
  }
  for (std::size_t i = 0; i < a.affects_kinds.size(); ++i) {
    if (!a.affects_kinds[i].is_known()) {
      errors.push_back({"affects_kinds[" + std::to_string(i) + "]", "INVALID_VALUE", "Unknown invoice kind."});
    }
  }
  if (!errors.empty()) throw validation_failed(errors);
  a.id = store::new_id("ann");
  if (a.starts_at == fapiao::Timestamp{}) a.starts_at = ts(call.now);
  store::insert_announcement(db(), a);
  apply_shortages(call.now);
  return model(201, a);
}

Response Service::op_delete_announcement(Call& call) {
  if (!store::delete_announcement(db(), call.params.at(0))) {
    throw not_found("ANNOUNCEMENT_NOT_FOUND", "Announcement " + call.params.at(0));
  }
  return no_content();
}

Response Service::op_resolve_ticket(Call& call) {
  const auto& body = body_object(call);
  const auto* approve = body.if_contains("approve");
  if (approve == nullptr || !approve->is_bool()) {
    throw invalid_field("approve", approve ? "INVALID_VALUE" : "REQUIRED", "approve must be true or false.");
  }
  auto owned = store::ticket_by_id(db(), call.params.at(0));
  if (!owned) throw not_found("SUPPORT_TICKET_NOT_FOUND", "Support ticket " + call.params.at(0));
  auto& t = owned->ticket;
  const std::string& customer_id = owned->customer_id;
  if (t.status != fapiao::TicketStatus::open) {
    throw ApiError("INVALID_TRANSITION", "The ticket is already " + std::string(t.status.wire()) + ".");
  }
  if (approve->get_bool() && t.type == fapiao::TicketType::split_bill) {
    const auto parent = find_bill(customer_id, t.bill_ids.at(0));
    if (!parent || parent->state != fapiao::BillState::uninvoiced) {
      throw ApiError("BILL_ALREADY_INVOICED", "The bill is no longer UNINVOICED, so it cannot be split; the ticket stays OPEN.");
    }
    store::split_bill(db(), *parent, customer_id, t.split_amounts_fen);
  }
  t.status = approve->get_bool() ? fapiao::TicketStatus::approved : fapiao::TicketStatus::rejected;
  t.resolution_note = text_field(call, "note");
  t.resolved_at = ts(call.now);
  store::save_ticket(db(), t);
  return model(200, t);
}

Response Service::op_create_fault(Call& call) {
  const auto& body = body_object(call);
  const std::string method = text_field(call, "method");
  const std::string path = text_field(call, "path");
  const std::string action = text_field(call, "action");
  const auto kind = fapiao::OpenEnum<fapiao::FaultAction>::from_wire(action);
  std::vector<fapiao::FieldError> errors;
  if (method.empty()) errors.push_back({"method", "REQUIRED", "method is required (GET, POST, ...)."});
  if (path.empty() || path[0] != '/') errors.push_back({"path", "REQUIRED", "path is required and starts with /."});
  if (!kind.is_known()) {
    std::string names;  // the actions the contract names (FaultAction)
    for (const auto name : fapiao::EnumNames<fapiao::FaultAction>::names) {
      if (!names.empty()) names += ", ";
      names += name;
    }
    errors.push_back({"action", action.empty() ? "REQUIRED" : "INVALID_VALUE", "action is one of " + names + "."});
  }
  if (!errors.empty()) throw validation_failed(errors);
  const fapiao::sandbox::Fault defaults;  // the contract's defaults
  const std::int64_t count = require_int(body, "count", false, defaults.count);
  const std::int64_t retry_after = require_int(body, "retry_after_seconds", false, defaults.retry_after_seconds);
  const std::int64_t delay_ms =
      require_int(body, "delay_ms", false, kind == fapiao::FaultAction::delay ? defaults.delay_ms : 0);
  constexpr std::int64_t kMax = std::numeric_limits<std::int32_t>::max();  // the contract's int32
  if (count < 1 || count > kMax) throw invalid_field("count", "INVALID_VALUE", "count must be from 1 to 2147483647.");
  if (retry_after > kMax) throw invalid_field("retry_after_seconds", "INVALID_VALUE", "retry_after_seconds is too large.");
  if (retry_after < 0 || delay_ms < 0 || delay_ms > 60000) {
    throw invalid_field(delay_ms > 60000 ? "delay_ms" : "retry_after_seconds", "INVALID_VALUE",
                        "Out of range (delay_ms at most 60000).");
  }
  fapiao::sandbox::Fault fault;
  fault.method = method;
  fault.path = path;
  fault.action = kind;
  fault.count = static_cast<std::int32_t>(count);
  fault.retry_after_seconds = static_cast<std::int32_t>(retry_after);
  fault.delay_ms = static_cast<std::int32_t>(delay_ms);
  const std::string id = store::new_id("flt");
  faults_.arm(id, store::next_seq(db(), "faults"), fault);
  boost::json::object out;
  out["id"] = id;
  return json(201, out);
}

Response Service::op_delete_faults(Call&) {
  faults_.clear();
  return no_content();
}

Response Service::op_journal(Call& call) {
  // This very request is not in it yet: it is journaled once it has an answer.
  journal_.flush(true);
  const std::string method = call.query.count("method") ? call.query.at("method") : "";
  std::string path = call.query.count("path") ? call.query.at("path") : "";
  std::int64_t limit = 100000;
  if (call.query.count("limit")) limit = list_limit(call);
  const bool prefix = !path.empty() && path.back() == '*';
  if (prefix) path.pop_back();
  auto st = db().prepare("SELECT method, path, status, idempotency_key, request_id, client_request_id, at FROM trace.journal "
                        "WHERE (?1 = '' OR method = ?1) AND (?2 = '' OR (?3 = 1 AND substr(path, 1, length(?2)) = ?2) "
                        "OR path = ?2) ORDER BY seq LIMIT ?4");
  st.bind(1, method).bind(2, path).bind(3, prefix ? 1 : 0).bind(4, limit + 1);
  std::vector<fapiao::sandbox::JournalEntry> entries;
  while (st.step()) {
    fapiao::sandbox::JournalEntry e;
    e.method = st.text(0);
    e.path = st.text(1);
    e.status = static_cast<std::int32_t>(st.integer(2));
    if (!st.is_null(3)) e.idempotency_key = st.text(3);
    e.request_id = st.text(4);
    if (!st.is_null(5)) e.client_request_id = st.text(5);
    e.at = ts(st.integer(6));
    entries.push_back(std::move(e));
  }
  const bool more = store::trim_to_page(entries, limit);
  return page(std::move(entries), more);
}

void Service::auto_process(std::int64_t at) {
  // Open requests move as a back office would: PROCESSING an hour after
  // submission, PRINTED/ISSUED an hour before due, the next delivery step
  // an hour after that. History carries the scheduled times. Only requests
  // that moved are saved, and the earliest step still to come is kept so
  // that ticks before it do nothing (tick()).
  std::int64_t next_step = std::numeric_limits<std::int64_t>::max();
  for (const auto& [id, customer] : store::requests_in(db(), back_office_statuses())) {
    auto r = load_request(customer, id);
    bool changed = false;
    bool moved = true;
    while (moved) {
      moved = false;
      const std::int64_t last = secs(r.history.back().at);
      const auto step_to = [&](S to, std::int64_t when) {
        if (!allowed(r, to)) return;
        if (when > at) {
          next_step = std::min(next_step, when);
          return;
        }
        advance(r, to, std::max(when, last), {}, {});
        moved = changed = true;
      };
      // The back office takes the next step of the request's path: PROCESSING
      // an hour after submission, PRINTED/ISSUED an hour before due, each
      // step after that an hour later.
      if (!fapiao::back_office_moves(r.status.value())) break;
      const auto next = fapiao::next_status(r.status.value(), r.kind.value(), r.delivery.method.value());
      if (next) {
        std::int64_t when = last + 3600;
        if (*next == S::processing) when = secs(r.submitted_at) + 3600;
        if (fapiao::invoices_bills(*next) && r.due_at) when = secs(*r.due_at) - 3600;
        step_to(*next, when);
      }
    }
    if (changed) save_request(r);
  }
  next_auto_step_at_ = next_step;
}

}  // namespace sandbox
