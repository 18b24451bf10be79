// Exactly once under faults, and across a crash: many creates through one
// Client while the sandbox fails requests in every way it can, or is killed
// with SIGKILL and restarted; every create that succeeded is stored once,
// none twice, and no bill is in two requests.
#include "sandbox_helper.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <set>
#include <thread>

namespace fapiao {
namespace {

using namespace testing_support;
using std::chrono::milliseconds;

ClientOptions patient(const SandboxInfo& sandbox) {
  ClientOptions o = options_for(sandbox);
  o.retry.max_attempts = 30;
  o.retry.backoff_base = milliseconds(20);
  o.retry.backoff_cap = milliseconds(300);
  o.call_timeout = std::chrono::seconds(60);
  o.attempt_timeout = std::chrono::seconds(10);
  return o;
}

struct Outcome {
  std::set<std::string> bills_in_requests;
  std::size_t requests = 0;
  std::size_t duplicated_bills = 0;
};

Outcome stored(Client& client, const Session& session) {
  Outcome o;
  RequestQuery q;
  q.page_size = 100;
  for (const auto& r : client.list_invoice_requests(session, q)) {
    ++o.requests;
    for (const auto& bill : r.value().bill_ids) {
      if (!o.bills_in_requests.insert(bill).second) ++o.duplicated_bills;
    }
  }
  return o;
}

// FAPIAO_LONG=1 runs the full size (./dev.sh test --long).
int creates_wanted(int quick, int full) { return std::getenv("FAPIAO_LONG") ? full : quick; }

TEST(ExactlyOnce, CreatesUnderInjectedFaults) {
  OwnSandbox sandbox;
  Operator op(sandbox.info());
  const int total = creates_wanted(160, 2000);
  std::vector<std::pair<std::int64_t, int>> payments;
  for (int i = 0; i < total; ++i) payments.emplace_back(100 + i, 10);
  TestCustomer c = op.customer(payments);
  Client client(patient(sandbox.info()));
  Session session = sign_up(client, op, c);

  // One create in five arms a fault for the next create request (of any
  // thread, a retry included), cycling through every kind of fault.
  const char* actions[] = {"STATUS_503", "STATUS_429", "CLOSE_BEFORE_COMMIT", "CLOSE_AFTER_COMMIT", "DELAY"};
  std::atomic<int> faults{0}, failing_faults{0}, succeeded{0}, failed{0};
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < 8; ++t) {
    workers.emplace_back([&] {
      for (std::size_t i = next++; i < c.bill_ids.size(); i = next++) {
        if (i % 5 == 0) {
          op.call("POST", "/sandbox/faults",
                  {{"method", "POST"}, {"path", "/v1/invoice-requests"}, {"action", actions[(i / 5) % 5]},
                   {"count", 1}, {"retry_after_seconds", 0}, {"delay_ms", 50}});
          ++faults;
          if ((i / 5) % 5 != 4) ++failing_faults;  // all but DELAY fail the attempt they meet
        }
        auto r = client.create_invoice_request(session, e_invoice_for(c.bill_ids[i]));
        (r ? succeeded : failed)++;
        if (!r) ADD_FAILURE() << r.error().describe();
      }
    });
  }
  for (auto& w : workers) w.join();
  op.clear_faults();

  const auto journal = op.journal("POST", "/v1/invoice-requests");
  int attempts = 0, dropped = 0, refused = 0, replayed_or_created = 0;
  for (const auto& e : journal) {
    ++attempts;
    const auto status = e.at("status").as_int64();
    dropped += status == 0;
    refused += status == 503 || status == 429 || status == 409;
    replayed_or_created += status == 201;
  }
  const Outcome o = stored(client, session);
  std::cout << "creates " << total << ", succeeded " << succeeded << ", attempts " << attempts << ", faults "
            << faults << " (dropped connections " << dropped << ", refused and retried " << refused << ")"
            << ", stored requests " << o.requests << ", duplicates " << o.duplicated_bills << "\n";
  EXPECT_EQ(succeeded, total);
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(o.requests, static_cast<std::size_t>(total));
  EXPECT_EQ(o.duplicated_bills, 0u);
  EXPECT_EQ(o.bills_in_requests, std::set<std::string>(c.bill_ids.begin(), c.bill_ids.end()));
  EXPECT_EQ(dropped + refused, failing_faults);  // every failing fault cost one attempt, and was retried
  EXPECT_EQ(attempts, total + dropped + refused);
}

TEST(ExactlyOnce, CreatesSurviveASandboxCrash) {
  OwnSandbox sandbox;
  Operator op(sandbox.info());
  const int total = creates_wanted(120, 600);
  std::vector<std::pair<std::int64_t, int>> payments;
  for (int i = 0; i < total; ++i) payments.emplace_back(100 + i, 10);
  TestCustomer c = op.customer(payments);
  Client client(patient(sandbox.info()));
  Session session = sign_up(client, op, c);

  std::atomic<int> succeeded{0};
  std::atomic<std::size_t> next{0};
  std::vector<std::string> created(c.bill_ids.size());
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&] {
      for (std::size_t i = next++; i < c.bill_ids.size(); i = next++) {
        auto r = client.create_invoice_request(session, e_invoice_for(c.bill_ids[i]));
        if (r) {
          created[i] = r->id;
          ++succeeded;
        } else {
          ADD_FAILURE() << r.error().describe();
        }
      }
    });
  }
  while (next < c.bill_ids.size() / 3) std::this_thread::sleep_for(milliseconds(5));
  sandbox.crash();  // mid-stream: SIGKILL, no shutdown
  std::this_thread::sleep_for(milliseconds(300));
  sandbox.start();  // same data dir, same port; the clients' retries find it back
  for (auto& w : workers) w.join();

  const Outcome o = stored(client, session);
  std::cout << "creates " << total << ", succeeded " << succeeded << ", stored " << o.requests << ", duplicates "
            << o.duplicated_bills << "\n";
  EXPECT_EQ(succeeded, total);
  EXPECT_EQ(o.requests, static_cast<std::size_t>(total));
  EXPECT_EQ(o.duplicated_bills, 0u);
  std::set<std::string> ids;
  for (const auto& r : client.list_invoice_requests(session, RequestQuery{{}, 100})) ids.insert(r.value().id);
  for (const auto& id : created) EXPECT_EQ(ids.count(id), 1u) << id;  // every success the client saw is stored
  sandbox.stop();
  const std::string check = "sqlite3 '" + sandbox.info().dir + "/data/sandbox.db' 'PRAGMA integrity_check;'";
  FILE* pipe = popen(check.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char line[256] = {};
  ASSERT_NE(fgets(line, sizeof line, pipe), nullptr);
  pclose(pipe);
  EXPECT_EQ(std::string(line), "ok\n");
}

}  // namespace
}  // namespace fapiao
