// Reads beside the writer (ADR 0013), in-process: four threads read invoice
// requests and a bill through the read path while another thread creates
// requests one by one through the write path. Every read answers 200 and never
// sees more requests than can exist; after each create, the bills reserved and
// the requests listed agree.
#include "service_fixture.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace {

class ConcurrentReads : public sandbox::testing::ServiceTest {
 protected:
  void SetUp() override {
    start({});
    ASSERT_EQ(op("POST", "/sandbox/payments/batch",
                 R"({"order_id":"DEMO-ORDER-1001","amount_fen":100,"paid_at":"2020-01-01T10:00:00+08:00","count":60})")
                  .status,
              201);
    token_ = sign_up("reads@example.cn");
  }

  /// The ids of the customer's UNINVOICED bills paid on 2020-01-01 (the batch).
  std::vector<std::string> uninvoiced_batch_bills() {
    std::vector<std::string> ids;
    std::string after;
    for (;;) {
      const auto page = boost::json::parse(
          call("GET", "/v1/bills?limit=100&state=UNINVOICED" + (after.empty() ? "" : "&starting_after=" + after), "",
               token_).body);
      for (const auto& bill : page.at("data").as_array()) {
        after = std::string(bill.at("id").as_string());
        if (bill.at("paid_at").as_string().starts_with("2020-01-01")) ids.push_back(after);
      }
      if (!page.at("has_more").as_bool()) return ids;
    }
  }

  std::string token_;
};

TEST_F(ConcurrentReads, ReadsAnswerBesideWritesAndSeeWholeCommits) {
  const auto bills = uninvoiced_batch_bills();
  ASSERT_EQ(bills.size(), 60u);
  std::atomic<bool> writing{true};
  std::atomic<int> failures{0}, torn{0}, reads{0};

  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      while (writing) {
        // One read transaction: the requests and the bills they hold, together.
        const auto r = call("GET", "/v1/invoice-requests?limit=100", "", token_);
        if (r.status != 200) {
          ++failures;
          continue;
        }
        const auto requests = boost::json::parse(r.body).at("data").as_array().size();
        const auto page = call("GET", "/v1/bills/" + bills.front(), "", token_);
        if (page.status != 200) ++failures;
        ++reads;
        if (requests > bills.size()) ++torn;
      }
    });
  }
  int created = 0;
  for (const auto& id : bills) {
    const std::string body = R"({"kind":"VAT_ORDINARY","bill_ids":[")" + id +
                             R"("],"buyer":{"type":"INDIVIDUAL","name":"张三"},)"
                             R"("delivery":{"method":"SELF_PICKUP","recipient":"王小明","mobile":"13800138000"}})";
    created += call("POST", "/v1/invoice-requests", body, token_).status == 201;
    // Between two creates, a snapshot of bills and requests agrees: as many
    // batch bills are reserved as there are requests.
    const auto reserved = bills.size() - uninvoiced_batch_bills().size();
    const auto requests =
        boost::json::parse(call("GET", "/v1/invoice-requests?limit=100", "", token_).body).at("data").as_array().size();
    EXPECT_EQ(reserved, requests);
  }
  writing = false;
  for (auto& t : readers) t.join();
  EXPECT_EQ(created, 60);
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(torn, 0);
  EXPECT_GT(reads, 0);
}

}  // namespace
