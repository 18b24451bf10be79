// POST /sandbox/orders, /sandbox/payments and /sandbox/payments/batch: what
// the payment platform tells the invoice service.
#include "handlers/operator/operator.hpp"

#include "back_office/back_office.hpp"
#include "store/bills.hpp"
#include "store/orders.hpp"
#include "util.hpp"

#include <fapiao/validate.hpp>

namespace sandbox::handlers {
namespace {

constexpr std::int64_t kMaxBatch = 200000;

std::string customer_of_order(const Context& ctx, const std::string& order_id) {
  auto customer = store::order_customer(ctx.db, order_id);
  if (!customer) throw not_found("ORDER_NOT_FOUND", "Order " + order_id);
  return std::move(*customer);
}

store::NewBills bills_of(const Context& ctx, const Payment& p, const std::string& customer_id) {
  return store::NewBills{customer_id, p.order_id, p.amount_fen, p.paid_at.value_or(ctx.now), p.method};
}

}  // namespace

NewOrder read(const Call& call, In<NewOrder>) {
  NewOrder input;
  auto& o = input.order;
  std::vector<fapiao::FieldError> errors;
  const std::pair<const char*, std::string*> fields[] = {{"order_id", &o.order_id},
                                                         {"customer_id", &o.customer_id},
                                                         {"payer_name", &o.payer_name},
                                                         {"subscription_id", &o.subscription_id},
                                                         {"subscription_name", &o.subscription_name}};
  for (const auto& [name, value] : fields) {
    *value = fapiao::trim(text_field(call, name));
    if (value->empty()) errors.push_back({name, "REQUIRED", std::string(name) + " is required."});
  }
  if (!errors.empty()) throw validation_failed(errors);
  return input;
}

Payment read(const Call& call, In<Payment>) {
  Payment p;
  p.order_id = fapiao::trim(text_field(call, "order_id"));
  if (p.order_id.empty()) throw invalid_field("order_id", "REQUIRED", "order_id is required.");
  p.amount_fen = int_field(call, "amount_fen", true);
  if (p.amount_fen <= 0) throw invalid_field("amount_fen", "INVALID_VALUE", "amount_fen must be a positive number of fen.");
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

PaymentBatchInput read(const Call& call, In<PaymentBatchInput>) {
  const std::int64_t count = int_field(call, "count", true);
  if (count < 1 || count > kMaxBatch) {
    throw invalid_field("count", "INVALID_VALUE", "count must be between 1 and " + std::to_string(kMaxBatch) + ".");
  }
  return PaymentBatchInput{count, read(call, In<Payment>{})};
}

namespace operator_api {

Created<fapiao::sandbox::Order> create_order(const Context& ctx, const NewOrder& input) {
  if (!store::insert_order(ctx.db, input.order)) {
    throw ApiError("ORDER_ALREADY_EXISTS", "Order " + input.order.order_id + " exists already.");
  }
  return {input.order};
}

Created<fapiao::Bill> create_payment(const Context& ctx, const Payment& payment) {
  const std::string customer_id = customer_of_order(ctx, payment.order_id);
  const std::string id = store::insert_bills(ctx.db, bills_of(ctx, payment, customer_id), 1);
  ctx.env.back_office.announce_synced_bills(ctx.db, ctx.now);  // paid 3 days ago or more: bill.available now
  return {*store::find_bill(ctx.db, customer_id, id)};
}

// Many identical payments in one transaction: a customer with a long bill
// history (paging tests, benchmarks) without one HTTPS call per bill.
Created<fapiao::sandbox::PaymentBatch> create_payments(const Context& ctx, const PaymentBatchInput& batch) {
  const std::string customer_id = customer_of_order(ctx, batch.payment.order_id);
  store::insert_bills(ctx.db, bills_of(ctx, batch.payment, customer_id), batch.count);
  ctx.env.back_office.announce_synced_bills(ctx.db, ctx.now);
  return {fapiao::sandbox::PaymentBatch{batch.payment.order_id, batch.count}};
}

}  // namespace operator_api
}  // namespace sandbox::handlers
