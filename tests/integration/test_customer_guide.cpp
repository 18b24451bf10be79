// The customer guide end to end through the C++ client, against the sandbox:
// every flow from registration with an order ID to a shipped request and a
// title change, and every business error surfacing as a typed error.
#include "sandbox_helper.hpp"

#include <gtest/gtest.h>

namespace fapiao {
namespace {

using namespace testing_support;

class CustomerGuide : public ::testing::Test {
 protected:
  SandboxInfo sandbox = shared_sandbox();
  Operator op{sandbox};
  Client client{options_for(sandbox)};
};

Buyer enterprise(const std::string& name = "上海示例科技有限公司") {
  Buyer b;
  b.type = BuyerType::organization;
  b.organization_kind = OrganizationKind::enterprise;
  b.name = name;
  b.taxpayer_id = "91330106673959654P";
  return b;
}

Delivery courier() {
  Delivery d;
  d.method = DeliveryMethod::yunda;
  d.recipient = "王小明";
  d.mobile = "13800138000";
  d.province = "上海市";
  d.city = "上海市";
  d.street = "科苑路88号";
  d.postal_code = "201203";
  return d;
}

TEST_F(CustomerGuide, FromOrderIdToShippedAndATitleChange) {
  TestCustomer c = op.customer({{100000, 10}, {50000, 12}, {8800, 1}});
  // R1, R2: register with the order ID; the activation mail carries the token.
  auto account = client.register_account(c.email, c.password, c.order_ids[0]);
  ASSERT_TRUE(account) << account.error().describe();
  EXPECT_EQ(account->status, AccountStatus::pending_activation);
  auto not_yet = client.sign_in(c.email, c.password);
  EXPECT_EQ(not_yet.error().service_code, "ACCOUNT_NOT_ACTIVE");
  ASSERT_TRUE(client.activate_account(op.mail_field(c.email, "ACTIVATION", "token")));
  auto session = client.sign_in(c.email, c.password);
  ASSERT_TRUE(session) << session.error().describe();
  EXPECT_FALSE(session->must_change_password);

  // R19: subscriptions and their order IDs.
  std::vector<std::string> orders;
  for (const auto& s : client.list_subscriptions(*session)) orders.push_back(s->order_id);
  EXPECT_EQ(orders, c.order_ids);

  // R7: the bill paid yesterday is still syncing.
  std::vector<std::string> bills;
  for (const auto& b : client.list_bills(*session)) bills.push_back(b->id);
  EXPECT_EQ(bills, (std::vector<std::string>{c.bill_ids[0], c.bill_ids[1]}));
  EXPECT_EQ(client.get_bill(*session, c.bill_ids[2]).error().service_code, "BILL_NOT_YET_AVAILABLE");

  // R8, R14: choose kind and buyer, preview, confirm.
  InvoiceApplication app;
  app.kind = InvoiceKind::vat_ordinary;
  app.bill_ids = {c.bill_ids[0]};
  app.buyer = enterprise();
  app.delivery = courier();
  auto preview = client.preview_invoice_request(*session, app);
  ASSERT_TRUE(preview) << preview.error().describe();
  EXPECT_EQ(preview->lines.at(0).net_fen, 94340);
  EXPECT_EQ(preview->tax_fen, 5660);
  EXPECT_TRUE(preview->due_at.has_value());
  EXPECT_TRUE(preview->field_errors.empty());
  auto request = client.create_invoice_request(*session, app);
  ASSERT_TRUE(request) << request.error().describe();
  EXPECT_EQ(request->status, RequestStatus::submitted);
  EXPECT_EQ(client.get_bill(*session, c.bill_ids[0])->state, BillState::reserved);

  // R16: the back office prints and ships; the customer tracks it.
  op.advance(request->id, "PROCESSING");
  op.advance(request->id, "PRINTED");
  op.advance(request->id, "SHIPPED", "YD9876543210123");
  auto operation = client.track_invoice_request(*session, request->id);
  auto shipped = operation.wait_until(RequestStatus::shipped, std::chrono::seconds(10), std::chrono::milliseconds(50));
  ASSERT_TRUE(shipped) << shipped.error().describe();
  EXPECT_EQ(shipped->status_label, "已寄出");
  EXPECT_EQ(shipped->tracking_number, "YD9876543210123");

  // R11: the second application is pre-filled.
  auto profile = client.get_invoice_profile(*session);
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->buyer.name, "上海示例科技有限公司");
  EXPECT_EQ(profile->delivery.method, DeliveryMethod::yunda);
  InvoiceApplication second{profile->kind, {c.bill_ids[1]}, profile->buyer, profile->delivery, {}, {}};
  second.buyer.name = "另一家公司";  // R12: not the payer
  auto second_preview = client.preview_invoice_request(*session, second);
  ASSERT_TRUE(second_preview);
  EXPECT_EQ(second_preview->warnings.at(0).code, "PAYER_MISMATCH");
  ASSERT_TRUE(client.create_invoice_request(*session, second));

  // R18: title change of the shipped paper invoice waits for the original.
  auto changed = client.request_title_change(*session, request->id, enterprise("新抬头有限公司"), "更名");
  ASSERT_TRUE(changed) << changed.error().describe();
  EXPECT_EQ(changed->status, RequestStatus::awaiting_return);
  auto returned = op.call("POST", "/sandbox/invoice-requests/" + request->id + "/original-returned");
  const std::string replacement(returned.at("replaced_by_request_id").as_string());
  auto reissued = client.get_invoice_request(*session, replacement);
  ASSERT_TRUE(reissued);
  EXPECT_EQ(reissued->replaces_request_id, request->id);
  EXPECT_EQ(reissued->buyer.name, "新抬头有限公司");

  std::vector<std::string> requests;
  for (const auto& r : client.list_invoice_requests(*session)) requests.push_back(r->id);
  EXPECT_EQ(requests.size(), 3u);

  ASSERT_TRUE(client.sign_out(*session));
  EXPECT_EQ(client.get_account(*session).error().code, ErrorCode::unauthenticated);
}

TEST_F(CustomerGuide, DigitalInvoiceDocumentAndSupportTickets) {
  TestCustomer c = op.customer({{100000, 10}, {30000, 11}});
  Session session = sign_up(client, op, c);
  InvoiceApplication app;
  app.kind = InvoiceKind::digital_ordinary;
  app.bill_ids = {c.bill_ids[0]};
  app.buyer = enterprise();
  app.delivery.method = DeliveryMethod::email;
  app.delivery.email = "einvoice@example.cn";
  auto request = client.create_invoice_request(session, app);
  ASSERT_TRUE(request) << request.error().describe();
  EXPECT_EQ(client.download_invoice_document(session, request->id).error().service_code, "DOCUMENT_NOT_FOUND");
  op.advance(request->id, "PROCESSING");
  op.advance(request->id, "ISSUED");
  auto doc = client.download_invoice_document(session, request->id);
  ASSERT_TRUE(doc) << doc.error().describe();
  EXPECT_EQ(doc->content_type, "application/pdf");
  EXPECT_EQ(doc->bytes.substr(0, 5), "%PDF-");

  NewSupportTicket split;
  split.type = TicketType::split_bill;
  split.bill_ids = {c.bill_ids[1]};
  split.split_amounts_fen = {10000, 20000};
  auto ticket = client.create_support_ticket(session, split);
  ASSERT_TRUE(ticket) << ticket.error().describe();
  EXPECT_EQ(ticket->status, TicketStatus::open);
  EXPECT_EQ(client.get_support_ticket(session, ticket->id)->split_amounts_fen.size(), 2u);
  int count = 0;
  for (const auto& t : client.list_support_tickets(session)) count += t ? 1 : 0;
  EXPECT_EQ(count, 1);
  int announcements = 0;
  for (const auto& a : client.list_announcements(session)) announcements += a ? 1 : 0;
  EXPECT_GE(announcements, 0);
}

TEST_F(CustomerGuide, AccountChangesAndPasswordReset) {
  TestCustomer c = op.customer({{100, 10}});
  Session session = sign_up(client, op, c);
  auto wrong = client.change_email(session, "new" + c.email, "not-the-password1");
  EXPECT_EQ(wrong.error().field_errors.at(0).code, "INCORRECT_PASSWORD");
  auto moved = client.change_email(session, "new" + c.email, c.password);
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->email, "new" + c.email);
  ASSERT_TRUE(client.reset_password("new" + c.email));
  const std::string mailed = op.mail_field("new" + c.email, "NEW_PASSWORD", "password");
  auto temp = client.sign_in("new" + c.email, mailed);
  ASSERT_TRUE(temp);
  EXPECT_TRUE(temp->must_change_password);
  auto bills = client.list_bills(*temp).next_page();
  EXPECT_EQ(bills.error().code, ErrorCode::permission_denied);
  EXPECT_EQ(bills.error().service_code, "PASSWORD_CHANGE_REQUIRED");
  ASSERT_TRUE(client.change_password(*temp, mailed, "brand-new-pass1"));
  EXPECT_TRUE(client.list_bills(*temp).next_page());
  ASSERT_TRUE(client.resend_activation("nobody@example.cn"));
}

TEST_F(CustomerGuide, BusinessErrorsAreTyped) {
  TestCustomer c = op.customer({{100000, 10}});
  auto missing = client.register_account(c.email, c.password, "ORD-NOPE");
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  EXPECT_EQ(missing.error().service_code, "ORDER_NOT_FOUND");
  EXPECT_EQ(missing.error().http_status, 404);
  EXPECT_FALSE(missing.error().request_id.empty());
  Session session = sign_up(client, op, c);
  auto again = client.register_account("x" + c.email, c.password, c.order_ids[0]);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_EQ(again.error().service_code, "ORDER_ALREADY_REGISTERED");

  InvoiceApplication app;
  app.kind = InvoiceKind::vat_ordinary;
  app.bill_ids = {c.bill_ids[0]};
  app.buyer = enterprise();
  app.delivery = courier();
  ASSERT_TRUE(client.create_invoice_request(session, app));
  auto twice = client.create_invoice_request(session, app);
  EXPECT_EQ(twice.error().code, ErrorCode::conflict);
  EXPECT_EQ(twice.error().service_code, "BILL_ALREADY_INVOICED");
  EXPECT_FALSE(twice.error().idempotency_key.empty());

  app.buyer.taxpayer_id.clear();
  CallOptions skip;
  skip.skip_validation = true;
  auto invalid = client.create_invoice_request(session, app, skip);
  EXPECT_EQ(invalid.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(invalid.error().service_code, "VALIDATION_FAILED");
  ASSERT_EQ(invalid.error().field_errors.size(), 1u);
  EXPECT_EQ(invalid.error().field_errors[0].code, "TAXPAYER_ID_REQUIRED");

  InvoiceApplication empty = app;
  empty.bill_ids.clear();
  empty.buyer = enterprise();
  auto none = client.create_invoice_request(session, empty, skip);
  EXPECT_EQ(none.error().code, ErrorCode::rejected);
  EXPECT_EQ(none.error().service_code, "EMPTY_SELECTION");

  EXPECT_EQ(client.get_invoice_request(session, "ir_nope").error().service_code, "INVOICE_REQUEST_NOT_FOUND");
  auto bad_login = client.sign_in(c.email, "wrong-password1");
  EXPECT_EQ(bad_login.error().code, ErrorCode::unauthenticated);
  EXPECT_EQ(bad_login.error().service_code, "INVALID_CREDENTIALS");
  for (int i = 0; i < 4; ++i) (void)client.sign_in(c.email, "wrong-password1");
  auto locked = client.sign_in(c.email, c.password);
  EXPECT_EQ(locked.error().code, ErrorCode::rate_limited);
  EXPECT_EQ(locked.error().service_code, "TOO_MANY_ATTEMPTS");
  EXPECT_TRUE(locked.error().retry_after.has_value());
  EXPECT_EQ(locked.error().attempts, 1);  // Retry-After is minutes away: past the deadline, not retried
}

TEST_F(CustomerGuide, PagingThroughManyBills) {
  std::vector<std::pair<std::int64_t, int>> payments;
  for (int i = 0; i < 45; ++i) payments.emplace_back(100 + i, 5 + i);
  TestCustomer c = op.customer(payments);
  Session session = sign_up(client, op, c);
  BillQuery q;
  q.page_size = 10;
  std::vector<std::string> seen;
  for (const auto& bill : client.list_bills(session, q)) seen.push_back(bill.value().id);
  EXPECT_EQ(seen, c.bill_ids);
  EXPECT_EQ(op.journal("GET", "/v1/bills").size() >= 5, true);
}

TEST_F(CustomerGuide, SessionsSerialiseAndWorkFromAnotherClient) {
  TestCustomer c = op.customer({{100, 10}});
  Session session = sign_up(client, op, c);
  const std::string stored = serialize_session(session);
  Client other(options_for(sandbox));
  auto restored = parse_session(stored);
  ASSERT_TRUE(restored);
  auto account = other.get_account(*restored);
  ASSERT_TRUE(account) << account.error().describe();
  EXPECT_EQ(account->email, c.email);
}

}  // namespace
}  // namespace fapiao
