// How a partner portal unit-tests its own code with fapiao::testing:
// the Client runs over a MockTransport, so no network and no sandbox.
#include <fapiao/fapiao.hpp>
#include <fapiao/testing/mock_transport.hpp>

#include <gtest/gtest.h>

using fapiao::mocks::MockTransport;
using fapiao::mocks::RequestTo;
using fapiao::mocks::error_response;
using fapiao::mocks::json_response;
using testing::_;
using testing::Return;

// --- the portal's own code under test -------------------------------------

/// What the portal shows on its "invoice me" page: the total of the
/// customer's uninvoiced bills, in yuan, or why it cannot.
std::string uninvoiced_total(fapiao::Client& client, const fapiao::Session& session) {
  fapiao::BillQuery query;
  query.state = fapiao::BillState::uninvoiced;
  std::int64_t total = 0;
  for (const auto& bill : client.list_bills(session, query)) {
    if (!bill) return "unavailable (" + bill.error().service_code + ")";
    const auto sum = fapiao::add_fen(total, bill->amount_fen);  // checked: money never wraps around
    if (!sum) return "unavailable (the total is too large to show)";
    total = *sum;
  }
  return fapiao::format_yuan(total);
}

// --- its tests --------------------------------------------------------------

class UninvoicedTotal : public testing::Test {
 protected:
  fapiao::ClientOptions options() {
    fapiao::ClientOptions o;
    o.endpoint = "https://fapiao.example";
    o.retry.max_attempts = 1;
    return o;
  }
  std::shared_ptr<MockTransport> transport = std::make_shared<MockTransport>();
  fapiao::Session session{"session-token", {}, false, {}};
};

TEST_F(UninvoicedTotal, SumsEveryPage) {
  EXPECT_CALL(*transport, send(RequestTo("GET", "/v1/bills?limit=20&state=UNINVOICED"), _))
      .WillOnce(Return(json_response(200, R"({"data":[{"id":"b1","amount_fen":100000,"state":"UNINVOICED"}],"has_more":true})")));
  EXPECT_CALL(*transport, send(RequestTo("GET", "/v1/bills?limit=20&state=UNINVOICED&starting_after=b1"), _))
      .WillOnce(Return(json_response(200, R"({"data":[{"id":"b2","amount_fen":23456,"state":"UNINVOICED"}],"has_more":false})")));
  fapiao::Client client(options(), transport);
  EXPECT_EQ(uninvoiced_total(client, session), "¥1,234.56");
}

TEST_F(UninvoicedTotal, SaysWhyWhenTheSessionExpired) {
  EXPECT_CALL(*transport, send(_, _)).WillOnce(Return(error_response(401, "UNAUTHENTICATED")));
  fapiao::Client client(options(), transport);
  EXPECT_EQ(uninvoiced_total(client, session), "unavailable (UNAUTHENTICATED)");
}

TEST_F(UninvoicedTotal, SendsTheSessionToken) {
  EXPECT_CALL(*transport, send(testing::Truly([](const fapiao::HttpRequest& r) {
                                 return r.header("Authorization") == "Bearer session-token";
                               }),
                               _))
      .WillOnce(Return(json_response(200, R"({"data":[],"has_more":false})")));
  fapiao::Client client(options(), transport);
  EXPECT_EQ(uninvoiced_total(client, session), "¥0.00");
}
