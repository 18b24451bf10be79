// Every business code of the contract reachable by a customer surfaces from
// the C++ client as a typed Error: category, service code, HTTP status,
// request id.
#include "sandbox_helper.hpp"

#include <gtest/gtest.h>

namespace fapiao {
namespace {

using namespace testing_support;

class ErrorCodes : public ::testing::Test {
 protected:
  void TearDown() override { op.clear_faults(); }

  template <typename T>
  void expect(const Result<T>& r, ErrorCode code, const char* service_code, int status) {
    ASSERT_FALSE(r) << service_code;
    EXPECT_EQ(r.error().code, code) << service_code << ": " << r.error().describe();
    EXPECT_EQ(r.error().service_code, service_code);
    EXPECT_EQ(r.error().http_status, status) << service_code;
    EXPECT_FALSE(r.error().request_id.empty()) << service_code;
  }

  SandboxInfo sandbox = shared_sandbox();
  Operator op{sandbox};
  Client client{options_for(sandbox)};
  CallOptions skip = [] {
    CallOptions c;
    c.skip_validation = true;
    return c;
  }();
};

Buyer person() {
  Buyer b;
  b.type = BuyerType::individual;
  b.name = "张三";
  return b;
}

InvoiceApplication digital(std::vector<std::string> bills) {
  InvoiceApplication app;
  app.kind = InvoiceKind::digital_ordinary;
  app.bill_ids = std::move(bills);
  app.buyer = person();
  app.delivery.method = DeliveryMethod::email;
  app.delivery.email = "a@example.cn";
  return app;
}

TEST_F(ErrorCodes, Registration) {
  TestCustomer c = op.customer({{100, 10}});
  expect(client.register_account(c.email, "password", c.order_ids[0], skip), ErrorCode::invalid_argument,
         "WEAK_PASSWORD", 422);
  ASSERT_TRUE(client.register_account(c.email, c.password, c.order_ids[0]));
  expect(client.register_account("b" + c.email, c.password, c.order_ids[0]), ErrorCode::conflict,
         "REGISTRATION_PENDING", 409);
  const std::string first = op.mail_field(c.email, "ACTIVATION", "token");
  ASSERT_TRUE(client.resend_activation(c.email));
  expect(client.activate_account(first), ErrorCode::not_found, "ACTIVATION_TOKEN_INVALID", 404);
  const std::string second = op.mail_field(c.email, "ACTIVATION", "token");
  ASSERT_TRUE(client.activate_account(second));
  expect(client.activate_account(second), ErrorCode::conflict, "ALREADY_ACTIVE", 409);
  TestCustomer other = op.customer({{100, 10}});
  expect(client.register_account(c.email, c.password, other.order_ids[0]), ErrorCode::conflict, "EMAIL_TAKEN", 409);
  expect(client.sign_in("nobody@example.cn", "passw0rd-1"), ErrorCode::unauthenticated, "INVALID_CREDENTIALS", 401);
}

TEST_F(ErrorCodes, InvoicingRefusals) {
  TestCustomer c = op.customer({{100000, 10}, {500, 1}});
  Session s = sign_up(client, op, c);
  expect(client.get_invoice_profile(s), ErrorCode::not_found, "PROFILE_NOT_FOUND", 404);
  expect(client.get_bill(s, "bill_nope"), ErrorCode::not_found, "BILL_NOT_FOUND", 404);
  expect(client.get_bill(s, c.bill_ids[1]), ErrorCode::not_found, "BILL_NOT_YET_AVAILABLE", 404);
  expect(client.create_invoice_request(s, digital({c.bill_ids[1]})), ErrorCode::rejected, "BILL_NOT_YET_AVAILABLE", 422);
  expect(client.create_invoice_request(s, digital({"bill_nope"})), ErrorCode::not_found, "BILL_NOT_FOUND", 404);
  expect(client.create_invoice_request(s, digital({c.bill_ids[0], c.bill_ids[0]}), skip), ErrorCode::rejected,
         "SPLIT_REQUIRES_SUPPORT", 422);
  InvoiceApplication partial = digital({c.bill_ids[0]});
  partial.amounts_fen[c.bill_ids[0]] = 100;
  expect(client.create_invoice_request(s, partial), ErrorCode::rejected, "SPLIT_REQUIRES_SUPPORT", 422);
  InvoiceApplication paper = digital({c.bill_ids[0]});
  paper.kind = InvoiceKind::vat_ordinary;
  auto refused = client.create_invoice_request(s, paper, skip);
  expect(refused, ErrorCode::invalid_argument, "VALIDATION_FAILED", 422);
  EXPECT_EQ(refused.error().field_errors.at(0).code, "DELIVERY_NOT_ALLOWED");

  CallOptions keyed;
  keyed.idempotency_key = "reuse-" + c.order_ids[0];
  auto created = client.create_invoice_request(s, digital({c.bill_ids[0]}), keyed);
  ASSERT_TRUE(created) << created.error().describe();
  InvoiceApplication changed = digital({c.bill_ids[0]});
  changed.remark = "different body";
  expect(client.create_invoice_request(s, changed, keyed), ErrorCode::idempotency, "IDEMPOTENCY_KEY_REUSED", 409);
  expect(client.create_invoice_request(s, digital({c.bill_ids[0]})), ErrorCode::conflict, "BILL_ALREADY_INVOICED", 409);
  expect(client.request_title_change(s, created->id, person()), ErrorCode::conflict, "INVALID_TRANSITION", 409);
  ASSERT_TRUE(client.cancel_invoice_request(s, created->id));
  expect(client.cancel_invoice_request(s, created->id), ErrorCode::conflict, "INVALID_TRANSITION", 409);
  expect(client.get_invoice_request(s, "ir_nope"), ErrorCode::not_found, "INVOICE_REQUEST_NOT_FOUND", 404);
  expect(client.download_invoice_document(s, created->id), ErrorCode::not_found, "DOCUMENT_NOT_FOUND", 404);
  expect(client.get_support_ticket(s, "tkt_nope"), ErrorCode::not_found, "SUPPORT_TICKET_NOT_FOUND", 404);
  NewSupportTicket split;
  split.type = TicketType::split_bill;
  split.bill_ids = {c.bill_ids[0]};
  split.split_amounts_fen = {1, 2};
  auto bad_split = client.create_support_ticket(s, split);
  expect(bad_split, ErrorCode::invalid_argument, "VALIDATION_FAILED", 422);
  EXPECT_EQ(bad_split.error().field_errors.at(0).field, "split_amounts_fen");
}

TEST_F(ErrorCodes, SessionAndServiceConditions) {
  expect(client.get_account(Session{"forged", {}, false, {}}), ErrorCode::unauthenticated, "UNAUTHENTICATED", 401);
  ClientOptions once = options_for(sandbox);
  once.retry.max_attempts = 1;
  Client no_retry(once);
  op.fault("POST", "/v1/password-resets", "STATUS_429", 1);
  auto limited = no_retry.reset_password("x@example.cn");
  expect(limited, ErrorCode::rate_limited, "RATE_LIMITED", 429);
  EXPECT_TRUE(limited.error().retryable);
  EXPECT_EQ(limited.error().retry_after, std::chrono::seconds(1));
  op.fault("POST", "/v1/password-resets", "STATUS_503", 1);
  expect(no_retry.reset_password("x@example.cn"), ErrorCode::unavailable, "UNAVAILABLE", 503);
}

}  // namespace
}  // namespace fapiao
