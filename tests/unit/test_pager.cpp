// Pager<T> and InvoiceOperation over a scripted transport.
#include "fake_transport.hpp"

#include <fapiao/client.hpp>
#include <fapiao/operation.hpp>

#include <gtest/gtest.h>

namespace fapiao {
namespace {

using testing_support::FakeTransport;

std::string bills_page(int first, int count, bool more) {
  std::string body = R"({"data":[)";
  for (int i = 0; i < count; ++i) {
    if (i) body += ",";
    body += R"({"id":"bill_)" + std::to_string(first + i) + R"(","amount_fen":1,"state":"UNINVOICED"})";
  }
  return body + R"(],"has_more":)" + (more ? "true" : "false") + "}";
}

ClientOptions quiet() {
  ClientOptions o;
  o.endpoint = "https://fapiao.example";
  o.retry.max_attempts = 1;
  return o;
}

TEST(Pager, IteratesEveryItemAcrossPagesLazily) {
  auto t = std::make_shared<FakeTransport>();
  t->reply(200, bills_page(1, 3, true));
  t->reply(200, bills_page(4, 3, true));
  t->reply(200, bills_page(7, 1, false));
  Client client(quiet(), t);
  Session s{"tok", {}, false, {}};
  BillQuery q;
  q.page_size = 3;
  q.state = BillState::uninvoiced;
  auto pager = client.list_bills(s, q);
  EXPECT_TRUE(t->requests.empty());  // nothing fetched before iteration
  std::vector<std::string> ids;
  for (const auto& bill : pager) ids.push_back(bill->id);
  EXPECT_EQ(ids, (std::vector<std::string>{"bill_1", "bill_2", "bill_3", "bill_4", "bill_5", "bill_6", "bill_7"}));
  ASSERT_EQ(t->requests.size(), 3u);
  EXPECT_EQ(t->requests[0].target, "/v1/bills?limit=3&state=UNINVOICED");
  EXPECT_EQ(t->requests[1].target, "/v1/bills?limit=3&state=UNINVOICED&starting_after=bill_3");
  EXPECT_EQ(t->requests[2].target, "/v1/bills?limit=3&state=UNINVOICED&starting_after=bill_6");
}

TEST(Pager, PageAtATimeWithCursor) {
  auto t = std::make_shared<FakeTransport>();
  t->reply(200, bills_page(1, 2, true));
  t->reply(200, bills_page(3, 2, false));
  Client client(quiet(), t);
  auto pager = client.list_bills(Session{"tok", {}, false, {}});
  auto first = pager.next_page();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->data.size(), 2u);
  EXPECT_EQ(pager.cursor(), "bill_2");
  EXPECT_TRUE(pager.has_more());
  auto second = pager.next_page();
  ASSERT_TRUE(second);
  EXPECT_FALSE(pager.has_more());
  EXPECT_TRUE(pager.next_page()->data.empty());
  EXPECT_EQ(t->requests.size(), 2u);
}

TEST(Pager, AFailedPageEndsIterationWithAnErrorElement) {
  auto t = std::make_shared<FakeTransport>();
  t->reply(200, bills_page(1, 2, true));
  t->reply(401, FakeTransport::error_body("UNAUTHENTICATED"));
  Client client(quiet(), t);
  auto pager = client.list_bills(Session{"tok", {}, false, {}});
  std::vector<std::string> ids;
  std::optional<Error> error;
  for (const auto& bill : pager) {
    if (!bill) {
      error = bill.error();
      continue;
    }
    ids.push_back(bill->id);
  }
  EXPECT_EQ(ids.size(), 2u);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, ErrorCode::unauthenticated);
}

TEST(Pager, EmptyList) {
  auto t = std::make_shared<FakeTransport>();
  t->reply(200, R"({"data":[],"has_more":false})");
  Client client(quiet(), t);
  auto pager = client.list_bills(Session{"tok", {}, false, {}});
  EXPECT_EQ(pager.begin(), pager.end());
}

std::string request_json(const char* status) {
  return std::string(R"({"id":"ir_1","kind":"VAT_ORDINARY","status":")") + status + R"("})";
}

TEST(Pager, AServerThatRepeatsACursorEndsThePagingWithAProtocolError) {
  auto t = std::make_shared<FakeTransport>();
  t->reply(200, bills_page(1, 2, true));
  t->reply(200, bills_page(3, 2, true));
  t->reply(200, bills_page(1, 2, true));  // back to the first page's cursor: a loop
  t->reply(200, bills_page(3, 2, true));
  Client client(quiet(), t);
  std::vector<std::string> ids;
  std::optional<Error> error;
  for (const auto& bill : client.list_bills(Session{"tok", {}, false, {}})) {
    if (!bill) {
      error = bill.error();
      break;
    }
    ids.push_back(bill->id);
  }
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, ErrorCode::protocol);
  EXPECT_NE(error->message.find("bill_2"), std::string::npos) << error->message;
  EXPECT_EQ(ids, (std::vector<std::string>{"bill_1", "bill_2", "bill_3", "bill_4"}));
  EXPECT_EQ(t->requests.size(), 3u);  // it stopped instead of going round
}

TEST(Pager, TheSameCursorOnTheNextPageIsAProtocolError) {
  auto t = std::make_shared<FakeTransport>();
  t->reply(200, bills_page(1, 2, true));
  t->reply(200, bills_page(1, 2, true));
  Client client(quiet(), t);
  auto pager = client.list_bills(Session{"tok", {}, false, {}});
  ASSERT_TRUE(pager.next_page());
  auto again = pager.next_page();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::protocol);
  EXPECT_FALSE(pager.has_more());
}

TEST(Operation, WaitsUntilTheStatusArrives) {
  auto t = std::make_shared<FakeTransport>();
  t->reply(200, request_json("SUBMITTED"));
  t->reply(200, request_json("PROCESSING"));
  t->reply(200, request_json("PRINTED"));
  Client client(quiet(), t);
  auto op = client.track_invoice_request(Session{"tok", {}, false, {}}, "ir_1");
  EXPECT_EQ(op.resume_token(), "ir_1");
  auto r = op.wait_until(RequestStatus::printed, std::chrono::seconds(5), std::chrono::milliseconds(1));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, RequestStatus::printed);
  EXPECT_EQ(t->requests.size(), 3u);
  EXPECT_EQ(t->requests[0].target, "/v1/invoice-requests/ir_1");
  EXPECT_EQ(op.last()->status, RequestStatus::printed);
}

TEST(Operation, StopsAtAFinalStatus) {
  auto t = std::make_shared<FakeTransport>();
  t->reply(200, request_json("REJECTED"));
  Client client(quiet(), t);
  auto op = client.track_invoice_request(Session{"tok", {}, false, {}}, "ir_1");
  auto r = op.wait_until(RequestStatus::shipped, std::chrono::seconds(5), std::chrono::milliseconds(1));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, RequestStatus::rejected);
}

TEST(Operation, TimesOutAndCanBeCancelled) {
  auto t = std::make_shared<FakeTransport>();
  for (int i = 0; i < 50; ++i) t->reply(200, request_json("SUBMITTED"));
  Client client(quiet(), t);
  auto op = client.track_invoice_request(Session{"tok", {}, false, {}}, "ir_1");
  auto r = op.wait_until(RequestStatus::shipped, std::chrono::milliseconds(30), std::chrono::milliseconds(10));
  EXPECT_EQ(r.error().code, ErrorCode::timeout);
  CancellationSource source;
  source.cancel();
  auto c = op.wait_until(RequestStatus::shipped, std::chrono::seconds(10), std::chrono::milliseconds(500), source.token());
  EXPECT_EQ(c.error().code, ErrorCode::cancelled);
}

TEST(ClientValidation, InvalidInputNeverTouchesTheNetwork) {
  auto t = std::make_shared<FakeTransport>();
  Client client(quiet(), t);
  InvoiceApplication app;
  app.kind = InvoiceKind::vat_special;
  auto r = client.create_invoice_request(Session{"tok", {}, false, {}}, app);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_GE(r.error().field_errors.size(), 3u);  // every problem at once
  EXPECT_TRUE(t->requests.empty());
  auto reg = client.register_account("no", "short", "");
  EXPECT_EQ(reg.error().field_errors.size(), 3u);
  EXPECT_TRUE(t->requests.empty());
  // The per-call switch sends it anyway (the service checks again).
  t->reply(422, FakeTransport::error_body("VALIDATION_FAILED"));
  CallOptions skip;
  skip.skip_validation = true;
  EXPECT_EQ(client.create_invoice_request(Session{"tok", {}, false, {}}, app, skip).error().http_status, 422);
  EXPECT_EQ(t->requests.size(), 1u);
}

TEST(ClientSetup, BadEndpointIsReportedByEveryCall) {
  ClientOptions o;
  o.endpoint = "http://plain.example";
  Client client(o);
  auto r = client.get_account(Session{"tok", {}, false, {}});
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(r.error().message.find("https://"), std::string::npos);
}

TEST(ClientRequests, IdsAreEscapedIntoThePath) {
  auto t = std::make_shared<FakeTransport>();
  t->reply(404, FakeTransport::error_body("BILL_NOT_FOUND"));
  Client client(quiet(), t);
  (void)client.get_bill(Session{"tok", {}, false, {}}, "../sandbox/clock?x=1");
  EXPECT_EQ(t->requests[0].target, "/v1/bills/..%2Fsandbox%2Fclock%3Fx%3D1");
}

}  // namespace
}  // namespace fapiao
