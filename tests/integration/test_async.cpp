// AsyncClient against a real sandbox: every operation, many calls in flight
// from one thread under injected faults (still exactly once), cancellation
// that closes the connection at once and is never retried, deadlines, backoff on timers (the I/O
// thread keeps serving other calls), coroutines, a completion executor, and
// blocking and asynchronous calls sharing one Client.
#include "sandbox_helper.hpp"

#include <fapiao/async_client.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <set>
#include <thread>

namespace fapiao {
namespace {

using namespace testing_support;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

template <typename T>
T must(Async<T> async) {
  auto result = std::move(async).get();
  if (!result) throw std::runtime_error(result.error().describe());
  return std::move(result).value();
}

void must(Async<void> async) {
  auto result = std::move(async).get();
  if (!result) throw std::runtime_error(result.error().describe());
}

template <typename T>
std::vector<T> all(AsyncPager<T> pager) {
  std::vector<T> items;
  while (pager.has_more()) {
    auto page = must(pager.next_page());
    for (auto& item : page.data) items.push_back(std::move(item));
  }
  return items;
}

class Async_ : public ::testing::Test {
 protected:
  // A sandbox of the suite's own: the ASan run has no shared one.
  static void SetUpTestSuite() { own_ = new OwnSandbox(); }
  static void TearDownTestSuite() {
    delete own_;
    own_ = nullptr;
  }
  static OwnSandbox* own_;

  SandboxInfo sandbox = own_->info();
  Operator op{sandbox};
  Client client{options_for(sandbox)};
  AsyncClient async{client};
};

OwnSandbox* Async_::own_ = nullptr;

TEST_F(Async_, EveryOperationCompletesWithTheSameAnswersAsTheBlockingClient) {
  TestCustomer c = op.customer({{100000, 10}, {50000, 11}, {20000, 12}});
  must(async.register_account(c.email, c.password, c.order_ids[0]));
  must(async.resend_activation(c.email));
  EXPECT_EQ(must(async.activate_account(op.mail_field(c.email, "ACTIVATION", "token"))).status,
            AccountStatus::active);
  Session session = must(async.sign_in(c.email, c.password));
  EXPECT_EQ(must(async.get_account(session)).email, c.email);

  EXPECT_EQ(all(async.list_subscriptions(session)).size(), 1u);
  BillQuery one_per_page;
  one_per_page.page_size = 1;
  const auto bills = all(async.list_bills(session, one_per_page));
  ASSERT_EQ(bills.size(), 3u);  // three pages of one, the cursor kept as Pager keeps it
  EXPECT_EQ(must(async.get_bill(session, c.bill_ids[0])).amount_fen, 100000);
  EXPECT_EQ(std::move(async.get_invoice_profile(session)).get().error().service_code, "PROFILE_NOT_FOUND");

  const auto preview = must(async.preview_invoice_request(session, e_invoice_for(c.bill_ids[0])));
  EXPECT_EQ(preview.net_fen + preview.tax_fen, 100000);
  const auto created = must(async.create_invoice_request(session, e_invoice_for(c.bill_ids[0])));
  EXPECT_EQ(created.status, RequestStatus::submitted);
  EXPECT_EQ(must(async.get_invoice_profile(session)).kind, InvoiceKind::digital_ordinary);
  EXPECT_EQ(must(async.get_invoice_request(session, created.id)).id, created.id);
  const auto second = must(async.create_invoice_request(session, e_invoice_for(c.bill_ids[1])));
  EXPECT_EQ(must(async.cancel_invoice_request(session, second.id)).status, RequestStatus::cancelled);
  EXPECT_EQ(all(async.list_invoice_requests(session)).size(), 2u);

  op.advance(created.id, "PROCESSING");
  op.advance(created.id, "ISSUED");
  const auto document = must(async.download_invoice_document(session, created.id));
  EXPECT_EQ(document.bytes.substr(0, 5), "%PDF-");
  EXPECT_FALSE(document.file_name.empty());
  Buyer buyer;
  buyer.type = BuyerType::individual;
  buyer.name = "李四";
  const auto changed = must(async.request_title_change(session, created.id, buyer, "新抬头"));
  EXPECT_FALSE(changed.replaced_by_request_id.empty());

  EXPECT_GE(all(async.list_announcements(session)).size(), 0u);
  NewSupportTicket split;
  split.type = TicketType::split_bill;
  split.bill_ids = {c.bill_ids[2]};
  split.split_amounts_fen = {12000, 8000};
  const auto ticket = must(async.create_support_ticket(session, split));
  EXPECT_EQ(must(async.get_support_ticket(session, ticket.id)).id, ticket.id);
  EXPECT_EQ(all(async.list_support_tickets(session)).size(), 1u);

  const auto events = all(async.list_events(session));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(must(async.get_event(session, events.front().id)).id, events.front().id);

  NewWebhookEndpoint wanted;
  wanted.url = "http://127.0.0.1:9/hook";
  wanted.event_types = {"invoice_request.status_changed"};
  const auto endpoint = must(async.create_webhook_endpoint(session, wanted));
  EXPECT_EQ(all(async.list_webhook_endpoints(session)).size(), 1u);
  EXPECT_EQ(must(async.get_webhook_endpoint(session, endpoint.id)).url, wanted.url);
  WebhookEndpointUpdate update;
  update.description = "async";
  EXPECT_EQ(must(async.update_webhook_endpoint(session, endpoint.id, update)).description, "async");
  EXPECT_NE(must(async.rotate_webhook_secret(session, endpoint.id)).secret, endpoint.secret);
  must(async.delete_webhook_endpoint(session, endpoint.id));

  EXPECT_EQ(must(async.change_email(session, "new." + c.email, c.password)).email, "new." + c.email);
  must(async.change_password(session, c.password, "passw0rd-2"));
  must(async.sign_out(session));
  EXPECT_EQ(std::move(async.get_account(session)).get().error().code, ErrorCode::unauthenticated);
  must(async.reset_password("new." + c.email));
}

TEST_F(Async_, ALocalValidationErrorCompletesAtOnceAndSendsNothing) {
  const auto before = op.journal("POST", "/v1/invoice-requests").size();
  Session nobody{"no-token", {}, false, {}};
  InvoiceApplication empty;
  auto pending = async.create_invoice_request(nobody, empty);
  EXPECT_TRUE(pending.ready());
  const auto result = std::move(pending).get();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::invalid_argument);
  EXPECT_FALSE(result.error().field_errors.empty());
  EXPECT_EQ(op.journal("POST", "/v1/invoice-requests").size(), before);
}

TEST_F(Async_, ManyCallsInFlightFromOneThreadUnderFaultsApplyExactlyOnce) {
  constexpr int kCalls = 48;
  std::vector<std::pair<std::int64_t, int>> payments;
  for (int i = 0; i < kCalls; ++i) payments.emplace_back(100 + i, 10);
  TestCustomer c = op.customer(payments);
  ClientOptions patient = options_for(sandbox);
  patient.retry.max_attempts = 10;
  patient.retry.backoff_base = milliseconds(20);
  patient.retry.backoff_cap = milliseconds(200);
  Client patient_client(patient);
  AsyncClient calls(patient_client);
  Session session = sign_up(patient_client, op, c);

  op.fault("POST", "/v1/invoice-requests", "STATUS_503", 6);
  op.fault("POST", "/v1/invoice-requests", "CLOSE_AFTER_COMMIT", 6);
  op.fault("POST", "/v1/invoice-requests", "CLOSE_BEFORE_COMMIT", 6);
  const auto journal_before = op.journal("POST", "/v1/invoice-requests").size();

  // One thread starts every call, then collects them: nothing blocks in between.
  std::vector<Async<InvoiceRequest>> in_flight;
  const auto started = Clock::now();
  for (const auto& bill : c.bill_ids) in_flight.push_back(calls.create_invoice_request(session, e_invoice_for(bill)));
  const auto starting = Clock::now() - started;
  std::set<std::string> ids;
  for (auto& call : in_flight) {
    auto r = std::move(call).get();
    ASSERT_TRUE(r) << r.error().describe();
    ids.insert(r->id);
  }
  op.clear_faults();
  EXPECT_LT(starting, std::chrono::seconds(2)) << "starting the calls must not wait for them";
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kCalls));

  std::set<std::string> invoiced;
  std::size_t stored = 0;
  RequestQuery q;
  q.page_size = 100;
  for (const auto& r : patient_client.list_invoice_requests(session, q)) {
    ASSERT_TRUE(r);
    ++stored;
    for (const auto& bill : r->bill_ids) EXPECT_TRUE(invoiced.insert(bill).second) << bill << " is in two requests";
  }
  EXPECT_EQ(stored, static_cast<std::size_t>(kCalls));
  const auto attempts = op.journal("POST", "/v1/invoice-requests").size() - journal_before;
  EXPECT_EQ(attempts, static_cast<std::size_t>(kCalls + 18)) << "every fault cost one attempt, retried";
}

TEST_F(Async_, CancellingACallInFlightStopsItOnTheWire) {
  TestCustomer c = op.customer({{100000, 10}});
  Session session = sign_up(client, op, c);
  const std::string path = "/v1/bills/" + c.bill_ids[0];
  op.fault("GET", path, "DELAY", 1, 5000);
  CancellationSource source;
  CallOptions call;
  call.cancellation = source.token();
  const auto started = Clock::now();
  auto pending = async.get_bill(session, c.bill_ids[0], call);
  std::this_thread::sleep_for(milliseconds(300));  // the request is at the sandbox, held by the fault
  EXPECT_FALSE(pending.ready());
  source.cancel();
  const auto result = std::move(pending).get();
  const auto took = Clock::now() - started;
  op.clear_faults();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::cancelled);
  EXPECT_LT(took, milliseconds(2500)) << "cancel closes the connection at once, not after the delay";
  // On the wire: the one attempt reached the sandbox, and nothing followed it,
  // though the delay has passed (a cancelled call is never retried).
  std::this_thread::sleep_for(milliseconds(5200) - (Clock::now() - started));
  EXPECT_EQ(op.journal("GET", path).size(), 1u);
}

TEST_F(Async_, ADeadlineEndsTheCallWithTimeout) {
  TestCustomer c = op.customer({{100000, 10}});
  Session session = sign_up(client, op, c);
  op.fault("GET", "/v1/bills/" + c.bill_ids[0], "DELAY", 4, 3000);
  CallOptions call;
  call.timeout = milliseconds(600);
  const auto started = Clock::now();
  const auto result = std::move(async.get_bill(session, c.bill_ids[0], call)).get();
  const auto took = Clock::now() - started;
  op.clear_faults();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::timeout);
  EXPECT_LT(took, milliseconds(2000));
}

TEST_F(Async_, BackoffIsATimerTheIoThreadServesOtherCallsMeanwhile) {
  TestCustomer c = op.customer({{100000, 10}, {50000, 11}});
  Session session = sign_up(client, op, c);
  // The first GET of this bill answers 503 with Retry-After: 1 s.
  op.call("POST", "/sandbox/faults",
          {{"method", "GET"}, {"path", "/v1/bills/" + c.bill_ids[0]}, {"action", "STATUS_503"}, {"count", 1},
           {"retry_after_seconds", 1}});
  const auto started = Clock::now();
  std::atomic<int> order{0};
  std::promise<int> slow_done, quick_done;
  async.get_bill(session, c.bill_ids[0]).then([&](Result<Bill> r) {
    EXPECT_TRUE(r) << r.error().describe();
    slow_done.set_value(++order);
  });
  std::this_thread::sleep_for(milliseconds(200));  // the slow one is backing off now
  async.get_bill(session, c.bill_ids[1]).then([&](Result<Bill> r) {
    EXPECT_TRUE(r);
    quick_done.set_value(++order);
  });
  EXPECT_EQ(quick_done.get_future().get(), 1) << "the other call finished while the first waited";
  EXPECT_EQ(slow_done.get_future().get(), 2);
  EXPECT_GE(Clock::now() - started, milliseconds(950)) << "Retry-After was honoured";
  op.clear_faults();
}

// A coroutine type just big enough for the test: runs eagerly, signals a promise at the end.
struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

Task walk(AsyncClient& async, Session session, std::string bill, std::promise<std::string>& out) {
  auto fetched = co_await async.get_bill(session, bill);
  if (!fetched) {
    out.set_value("error: " + fetched.error().describe());
    co_return;
  }
  auto created = co_await async.create_invoice_request(session, e_invoice_for(fetched->id));
  out.set_value(created ? std::string(created->status.wire()) : "error: " + created.error().describe());
}

TEST_F(Async_, CoroutinesAwaitCalls) {
  TestCustomer c = op.customer({{100000, 10}});
  Session session = sign_up(client, op, c);
  std::promise<std::string> out;
  walk(async, session, c.bill_ids[0], out);  // co_await on the calls themselves, without named temporaries
  EXPECT_EQ(out.get_future().get(), "SUBMITTED");
}

TEST_F(Async_, ACompletionExecutorRunsEveryContinuationOnTheCallersThread) {
  // An event loop of the test's own: a queue this thread drains.
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<std::function<void()>> queue;
  ClientOptions o = options_for(sandbox);
  o.completion_executor = [&](std::function<void()> work) {
    {
      std::lock_guard lock(mutex);
      queue.push_back(std::move(work));
    }
    ready.notify_one();
  };
  Client looped(o);
  AsyncClient calls(looped);
  TestCustomer c = op.customer({{100000, 10}});
  Session session = sign_up(looped, op, c);

  const auto loop_thread = std::this_thread::get_id();
  int finished = 0;
  for (int i = 0; i < 5; ++i) {
    calls.get_bill(session, c.bill_ids[0]).then([&](Result<Bill> r) {
      EXPECT_TRUE(r);
      EXPECT_EQ(std::this_thread::get_id(), loop_thread);
      ++finished;
    });
  }
  while (finished < 5) {
    std::function<void()> work;
    {
      std::unique_lock lock(mutex);
      ASSERT_TRUE(ready.wait_for(lock, std::chrono::seconds(20), [&] { return !queue.empty(); }));
      work = std::move(queue.front());
      queue.pop_front();
    }
    work();
  }
  EXPECT_EQ(finished, 5);
}

TEST_F(Async_, BlockingAndAsynchronousCallsShareOneClient) {
  TestCustomer c = op.customer({{100000, 10}});
  Session session = sign_up(client, op, c);
  std::atomic<int> failures{0};
  std::vector<std::thread> blocking;
  for (int t = 0; t < 4; ++t) {
    blocking.emplace_back([&] {
      for (int i = 0; i < 20; ++i) failures += !client.get_bill(session, c.bill_ids[0]);
    });
  }
  std::vector<std::future<Result<Bill>>> futures;
  for (int i = 0; i < 80; ++i) futures.push_back(async.get_bill(session, c.bill_ids[0]).future());
  for (auto& f : futures) failures += !f.get();
  for (auto& t : blocking) t.join();
  EXPECT_EQ(failures, 0);
}

TEST_F(Async_, APagerFetchesOnePageAtATime) {
  TestCustomer c = op.customer({{100000, 10}, {50000, 11}});
  Session session = sign_up(client, op, c);
  BillQuery q;
  q.page_size = 1;
  auto pager = async.list_bills(session, q);
  auto first = pager.next_page();
  auto overlapping = std::move(pager.next_page()).get();
  ASSERT_FALSE(overlapping);
  EXPECT_EQ(overlapping.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(must(std::move(first)).data.size(), 1u);
  EXPECT_EQ(pager.cursor(), c.bill_ids[0]);
  EXPECT_EQ(must(pager.next_page()).data.at(0).id, c.bill_ids[1]);
  EXPECT_TRUE(must(pager.next_page()).data.empty());
  EXPECT_FALSE(pager.has_more());
}

}  // namespace
}  // namespace fapiao
