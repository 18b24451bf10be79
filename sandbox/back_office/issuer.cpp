#include "back_office/issuer.hpp"

#include "crypto.hpp"
#include "events/recorder.hpp"
#include "errors.hpp"
#include "pdf.hpp"
#include "store/bills.hpp"
#include "store/invoice_requests.hpp"
#include "store/rows.hpp"
#include "store/support.hpp"
#include "util.hpp"

#include <fapiao/calendar.hpp>
#include <fapiao/lifecycle.hpp>
#include <fapiao/validate.hpp>

#include <algorithm>

namespace sandbox::issuer {
namespace {

using S = fapiao::RequestStatus;

std::string digits(std::size_t n) {
  const std::string hex = crypto::random_hex(n);
  std::string out;
  for (char c : hex) out += static_cast<char>('0' + (c >= 'a' ? c - 'a' + 10 : c - '0') % 10);
  return out.substr(0, n);
}

}  // namespace

void insert(Database& db, const fapiao::InvoiceRequest& request, const std::string& customer_id, std::int64_t now) {
  store::insert_request(db, request, customer_id);
  events::request_created(db, now, request, customer_id);
}

void save(Database& db, const fapiao::InvoiceRequest& request, std::int64_t now) {
  const auto before = store::stored_status(db, request.id);
  if (!before) throw std::runtime_error("request " + request.id + " is saved but was never stored");
  store::save_request(db, request);
  const auto previous = fapiao::OpenEnum<S>::from_wire(before->status);
  if (previous != request.status) {
    events::request_status_changed(db, now, request, before->customer_id, previous.value());
  }
}

void set_status(fapiao::InvoiceRequest& request, S status, std::int64_t at, const std::string& note) {
  request.status = status;
  request.status_label = std::string(fapiao::status_label(status));
  request.history.push_back(fapiao::HistoryEntry{status, ts(at), note});
}

std::vector<fapiao::Announcement> active_announcements(Database& db, std::int64_t at) {
  std::vector<fapiao::Announcement> out;
  for (auto& a : store::announcements(db)) {
    if (secs(a.starts_at) <= at && (!a.ends_at || secs(*a.ends_at) > at)) out.push_back(std::move(a));
  }
  return out;
}

fapiao::Timestamp due_time(Database& db, fapiao::InvoiceKind kind, std::int64_t submitted, std::int64_t at) {
  fapiao::Timestamp due = fapiao::WorkingCalendar::china().add_working_days(ts(submitted), fapiao::kDueWorkingDays).at;
  for (const auto& a : active_announcements(db, at)) {
    if (a.category != fapiao::AnnouncementCategory::stock_shortage || !a.expected_ship_date) continue;
    if (fapiao::announcement_affects(a, kind)) due = std::max(due, fapiao::shanghai_time(*a.expected_ship_date, 23, 59, 59));
  }
  return due;
}

fapiao::Warning payer_mismatch(const fapiao::Bill& bill, const std::string& buyer_name) {
  return fapiao::Warning{"PAYER_MISMATCH",
                         "Bill " + bill.id + " was paid by " + bill.payer_name + ", not by " + buyer_name +
                             ": for purchase proof or a refund the invoiced company must be the payer.",
                         "buyer.name"};
}

std::string reissue(Database& db, const fapiao::InvoiceRequest& original, const fapiao::Buyer& buyer, std::int64_t at) {
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
  r.due_at = due_time(db, original.kind.value(), at, at);
  r.replaces_request_id = original.id;
  for (const auto& id : r.bill_ids) {
    const auto bill = store::bill_by_id(db, id);
    if (bill && bill->payer_name != r.buyer.name) r.warnings.push_back(payer_mismatch(*bill, r.buyer.name));
  }
  set_status(r, S::submitted, at, "更换抬头后重新开具 Reissued with the new title");
  const auto customer = store::request_customer(db, original.id);
  if (!customer) throw not_found("INVOICE_REQUEST_NOT_FOUND", "Invoice request " + original.id);
  insert(db, r, *customer, at);
  store::move_bills(db, original.id, r.id);
  return r.id;
}

void advance(Database& db, const Mailer& mailer, fapiao::InvoiceRequest& r, S to, std::int64_t at,
             const std::string& tracking_number, const std::string& reason) {
  if (!fapiao::can_advance(r.status.value(), to, r.kind.value(), r.delivery.method.value())) {
    throw ApiError("INVALID_TRANSITION", "A request in " + std::string(r.status.wire()) + " cannot move to " +
                       std::string(fapiao::to_wire(to)) + ".");
  }
  const std::string customer_email = store::request_customer_email(db, r.id);
  std::string note;
  switch (to) {
    case S::processing: note = "开票中 Being processed"; break;
    case S::printed:
    case S::issued:
      // fapiao::invoices_bills(to) holds for exactly these two.
      r.fapiao_number = fapiao::is_digital(r.kind.value()) ? "2631" + digits(16) : digits(8);
      store::mark_bills_invoiced(db, r.id);
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
      store::release_bills(db, r.id);
      note = "已驳回: " + reason;
      break;
    default: break;
  }
  set_status(r, to, at, note);
  if (to == S::shipped && !customer_email.empty()) {
    mailer.send(db, at,
                OutgoingMail{customer_email, "REQUEST_SHIPPED", "您的发票已寄出 / Your invoice has shipped",
                             "发票申请 " + r.id + " 已寄出，运单号 " + r.tracking_number + "。Tracking number: " +
                                 r.tracking_number + "\n",
                             {}, {}, {}, false, {}});
  } else if (to == S::ready_for_pickup && !customer_email.empty()) {
    mailer.send(db, at,
                OutgoingMail{customer_email, "READY_FOR_PICKUP", "您的发票可以自取 / Your invoice is ready for pickup",
                             "请到" + std::string(fapiao::kPickupAddress) + " 自取，电话 " + std::string(fapiao::kPickupPhone) +
                                 "。Request " + r.id + "\n",
                             {}, {}, {}, false, {}});
  } else if (to == S::issued) {
    const std::string to_addr = !r.delivery.email.empty() ? r.delivery.email : customer_email;
    mailer.send(db, at,
                OutgoingMail{to_addr, "EINVOICE_ISSUED", "电子发票已开具 / Your e-invoice " + r.fapiao_number,
                             "电子发票 " + r.fapiao_number + " 已开具，见附件。Your e-invoice is attached.\n", {}, {}, {},
                             false, render_pdf(r)});
  }
}

}  // namespace sandbox::issuer
