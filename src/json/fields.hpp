// The field list of every model, written once and walked by both the JSON
// decoder and the encoder (src/json/codec.hpp), so the two cannot disagree.
#pragma once

#include <fapiao/models.hpp>

namespace fapiao::detail::json {

enum class Need { optional, required };

template <typename V>
void fields(V& v, Account& x) {
  v("id", x.id, Need::required);
  v("email", x.email);
  v("status", x.status, Need::required);
  v("created_at", x.created_at);
  v("activated_at", x.activated_at);
}

template <typename V>
void fields(V& v, Subscription& x) {
  v("id", x.id, Need::required);
  v("name", x.name);
  v("order_id", x.order_id);
}

template <typename V>
void fields(V& v, Bill& x) {
  v("id", x.id, Need::required);
  v("order_id", x.order_id);
  v("subscription_name", x.subscription_name);
  v("amount_fen", x.amount_fen, Need::required);
  v("currency", x.currency);
  v("paid_at", x.paid_at);
  v("available_at", x.available_at);
  v("payment_method", x.payment_method);
  v("payer_name", x.payer_name);
  v("state", x.state, Need::required);
  v("invoice_request_id", x.invoice_request_id);
  v("parent_bill_id", x.parent_bill_id);
  v("child_bill_ids", x.child_bill_ids);
}

template <typename V>
void fields(V& v, Buyer& x) {
  v("type", x.type);
  v("organization_kind", x.organization_kind);
  v("name", x.name);
  v("taxpayer_id", x.taxpayer_id);
  v("address", x.address);
  v("phone", x.phone);
  v("bank_name", x.bank_name);
  v("bank_account", x.bank_account);
}

template <typename V>
void fields(V& v, Delivery& x) {
  v("method", x.method);
  v("recipient", x.recipient);
  v("mobile", x.mobile);
  v("province", x.province);
  v("city", x.city);
  v("district", x.district);
  v("street", x.street);
  v("postal_code", x.postal_code);
  v("email", x.email);
}

template <typename V>
void fields(V& v, InvoiceLine& x) {
  v("bill_id", x.bill_id, Need::required);
  v("description", x.description);
  v("gross_fen", x.gross_fen, Need::required);
  v("net_fen", x.net_fen);
  v("tax_fen", x.tax_fen);
  v("tax_rate_bp", x.tax_rate_bp);
}

template <typename V>
void fields(V& v, HistoryEntry& x) {
  v("status", x.status, Need::required);
  v("at", x.at, Need::required);
  v("note", x.note);
}

template <typename V>
void fields(V& v, Warning& x) {
  v("code", x.code, Need::required);
  v("message", x.message);
  v("field", x.field);
}

template <typename V>
void fields(V& v, FieldError& x) {
  v("field", x.field, Need::required);
  v("code", x.code, Need::required);
  v("message", x.message);
}

template <typename V>
void fields(V& v, InvoiceApplication& x) {
  v("kind", x.kind);
  v("bill_ids", x.bill_ids);
  v("buyer", x.buyer);
  v("delivery", x.delivery);
  v("remark", x.remark);
  v("amounts_fen", x.amounts_fen);
}

template <typename V>
void fields(V& v, InvoicePreview& x) {
  v("lines", x.lines);
  v("total_fen", x.total_fen);
  v("net_fen", x.net_fen);
  v("tax_fen", x.tax_fen);
  v("due_at", x.due_at);
  v("warnings", x.warnings);
  v("field_errors", x.field_errors);
}

template <typename V>
void fields(V& v, InvoiceRequest& x) {
  v("id", x.id, Need::required);
  v("kind", x.kind, Need::required);
  v("bill_ids", x.bill_ids);
  v("buyer", x.buyer);
  v("delivery", x.delivery);
  v("remark", x.remark);
  v("lines", x.lines);
  v("total_fen", x.total_fen);
  v("net_fen", x.net_fen);
  v("tax_fen", x.tax_fen);
  v("status", x.status, Need::required);
  v("status_label", x.status_label);
  v("history", x.history);
  v("submitted_at", x.submitted_at);
  v("due_at", x.due_at);
  v("tracking_number", x.tracking_number);
  v("fapiao_number", x.fapiao_number);
  v("rejection_reason", x.rejection_reason);
  v("replaces_request_id", x.replaces_request_id);
  v("replaced_by_request_id", x.replaced_by_request_id);
  v("warnings", x.warnings);
}

template <typename V>
void fields(V& v, InvoiceProfile& x) {
  v("kind", x.kind, Need::required);
  v("buyer", x.buyer);
  v("delivery", x.delivery);
}

template <typename V>
void fields(V& v, Announcement& x) {
  v("id", x.id, Need::required);
  v("category", x.category, Need::required);
  v("title", x.title);
  v("body", x.body);
  v("affects_kinds", x.affects_kinds);
  v("expected_ship_date", x.expected_ship_date);
  v("starts_at", x.starts_at);
  v("ends_at", x.ends_at);
}

template <typename V>
void fields(V& v, NewSupportTicket& x) {
  v("type", x.type);
  v("bill_ids", x.bill_ids);
  v("request_id", x.request_id);
  v("description", x.description);
  v("split_amounts_fen", x.split_amounts_fen);
}

template <typename V>
void fields(V& v, SupportTicket& x) {
  v("id", x.id, Need::required);
  v("type", x.type, Need::required);
  v("status", x.status, Need::required);
  v("bill_ids", x.bill_ids);
  v("request_id", x.request_id);
  v("description", x.description);
  v("split_amounts_fen", x.split_amounts_fen);
  v("resolution_note", x.resolution_note);
  v("created_at", x.created_at);
  v("resolved_at", x.resolved_at);
}

template <typename V>
void fields(V& v, Session& x) {
  v("token", x.token, Need::required);
  v("expires_at", x.expires_at, Need::required);
  v("must_change_password", x.must_change_password);
  v("account", x.account);
}

template <typename V, typename T>
void fields(V& v, Page<T>& x) {
  v("data", x.data, Need::required);
  v("has_more", x.has_more);
}

}  // namespace fapiao::detail::json

#include <fapiao/sandbox.hpp>

namespace fapiao::detail::json {

template <typename V>
void fields(V& v, sandbox::Mail& x) {
  v("id", x.id, Need::required);
  v("to", x.to);
  v("kind", x.kind);
  v("subject", x.subject);
  v("body", x.body);
  v("sent_at", x.sent_at);
  v("token", x.token);
  v("password", x.password);
}

template <typename V>
void fields(V& v, sandbox::JournalEntry& x) {
  v("method", x.method, Need::required);
  v("path", x.path, Need::required);
  v("status", x.status);
  v("idempotency_key", x.idempotency_key);
  v("request_id", x.request_id);
  v("client_request_id", x.client_request_id);
  v("at", x.at);
}

template <typename V>
void fields(V& v, sandbox::Order& x) {
  v("order_id", x.order_id, Need::required);
  v("customer_id", x.customer_id);
  v("payer_name", x.payer_name);
  v("subscription_id", x.subscription_id);
  v("subscription_name", x.subscription_name);
}

}  // namespace fapiao::detail::json
