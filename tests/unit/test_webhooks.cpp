// Webhook verification: the shared vectors (tests/webhooks/vectors.tsv, also
// read by the C and Python tests), then what a receiver notices beyond them.
#include <fapiao/webhooks.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace fapiao {
namespace {

struct Vector {
  std::string name, verdict;
  std::int64_t now = 0, tolerance = 0;
  std::string type, object_id, payload, header;
  std::vector<std::string> secrets;
};

std::vector<std::string> split(const std::string& line, char by) {
  std::vector<std::string> out(1);
  for (const char c : line) {
    if (c == by) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

std::vector<Vector> vectors() {
  std::ifstream in(FAPIAO_WEBHOOK_VECTORS);
  std::vector<Vector> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto f = split(line, '\t');
    EXPECT_EQ(f.size(), 9u) << line;
    if (f.size() != 9) continue;
    Vector v{f[0], f[1], std::stoll(f[2]), std::stoll(f[3]), f[4], f[5], f[6], f[7], {}};
    if (!f[8].empty()) v.secrets = split(f[8], ',');
    out.push_back(std::move(v));
  }
  return out;
}

TEST(WebhookVectors, EveryCaseGetsItsVerdict) {
  const auto cases = vectors();
  ASSERT_GE(cases.size(), 15u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    webhooks::VerifyOptions options;
    options.now = [now = c.now] { return now; };
    options.tolerance = std::chrono::seconds(c.tolerance);
    const auto event = webhooks::construct_event(c.payload, c.header, c.secrets, options);
    if (c.verdict == "ok") {
      ASSERT_TRUE(event) << event.error().describe();
      EXPECT_EQ(event->id, "evt_0123456789abcdef");
      EXPECT_EQ(event->type.wire(), c.type);
      EXPECT_FALSE(event->data.object.json.empty());
      if (c.object_id == "-") {
        EXPECT_TRUE(std::holds_alternative<std::monostate>(event->data.object.value));
      } else if (const auto* r = event->data.object.invoice_request()) {
        EXPECT_EQ(r->id, c.object_id);
        EXPECT_EQ(r->status, RequestStatus::shipped);
        EXPECT_EQ(event->data.previous_status, RequestStatus::printed);
      } else {
        ASSERT_NE(event->data.object.bill(), nullptr);
        EXPECT_EQ(event->data.object.bill()->id, c.object_id);
      }
    } else {
      ASSERT_FALSE(event);
      EXPECT_EQ(event.error().service_code, c.verdict);
      EXPECT_EQ(event.error().code,
                c.verdict == webhooks::code::payload_malformed ? ErrorCode::protocol : ErrorCode::unauthenticated);
    }
  }
}

TEST(Webhooks, SignThenVerifyRoundTripsWithTheSystemClock) {
  const std::string body = R"({"id":"evt_1","type":"support_ticket.resolved","created_at":"2026-01-01T08:00:00+08:00",)"
                           R"("account_id":"acct_1","data":{"object":{"id":"tkt_1","type":"OTHER","status":"APPROVED"},)"
                           R"("previous_status":null}})";
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string header = webhooks::sign(body, {"whsec_a", "whsec_b"}, now);
  EXPECT_EQ(header.rfind("t=" + std::to_string(now) + ",v1=", 0), 0u);
  const auto event = webhooks::construct_event(body, header, {"whsec_b"});
  ASSERT_TRUE(event) << event.error().describe();
  ASSERT_NE(event->data.object.support_ticket(), nullptr);
  EXPECT_EQ(event->data.object.support_ticket()->status, TicketStatus::approved);
  // The object's JSON is kept as sent, for types and fields this SDK does not know.
  EXPECT_EQ(event->data.object.json, R"({"id":"tkt_1","type":"OTHER","status":"APPROVED"})");
}

TEST(Webhooks, ErrorsSayWhatToCheck) {
  const auto missing = webhooks::construct_event("{}", "", {"whsec_a"});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("Fapiao-Signature"), std::string::npos);
  webhooks::VerifyOptions late;
  late.now = [] { return std::int64_t{2000}; };
  const auto stale = webhooks::construct_event("{}", webhooks::sign("{}", {"whsec_a"}, 1000), {"whsec_a"}, late);
  ASSERT_FALSE(stale);
  EXPECT_NE(stale.error().message.find("1000 s from now"), std::string::npos);
}

}  // namespace
}  // namespace fapiao
