// Retries proven with the sandbox's faults and journal; keep-alive, stale
// connections, timeouts, cancellation, TLS refusals, a CONNECT proxy and
// many threads sharing one Client.
#include "sandbox_helper.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fapiao {
namespace {

using namespace testing_support;
using std::chrono::milliseconds;

InvoiceApplication application_for(const TestCustomer& c) {
  InvoiceApplication app;
  app.kind = InvoiceKind::digital_ordinary;
  app.bill_ids = {c.bill_ids.at(0)};
  app.buyer.type = BuyerType::individual;
  app.buyer.name = "张三";
  app.delivery.method = DeliveryMethod::email;
  app.delivery.email = "zhang@example.cn";
  return app;
}

struct LogCapture {
  void attach(ClientOptions& o) {
    o.log_level = LogLevel::debug;
    o.log = [this](LogLevel level, std::string_view m) {
      std::lock_guard lock(mutex);
      lines.emplace_back(std::string(level == LogLevel::warning ? "WARN " : "") + std::string(m));
    };
  }
  int count(const std::string& needle) {
    std::lock_guard lock(mutex);
    int n = 0;
    for (const auto& l : lines) n += l.find(needle) != std::string::npos;
    return n;
  }
  std::mutex mutex;
  std::vector<std::string> lines;
};

class Resilience : public ::testing::Test {
 protected:
  void TearDown() override { op.clear_faults(); }
  SandboxInfo sandbox = shared_sandbox();
  Operator op{sandbox};
};

TEST_F(Resilience, CloseAfterCommitStillCreatesExactlyOnce) {
  Client client(options_for(sandbox));
  TestCustomer c = op.customer({{100000, 10}});
  Session session = sign_up(client, op, c);
  op.fault("POST", "/v1/invoice-requests", "CLOSE_AFTER_COMMIT", 1);
  auto created = client.create_invoice_request(session, application_for(c));
  ASSERT_TRUE(created) << created.error().describe();
  std::vector<std::string> ids;
  for (const auto& r : client.list_invoice_requests(session)) ids.push_back(r->id);
  EXPECT_EQ(ids, std::vector<std::string>{created->id});
  std::vector<int> statuses;
  std::string key;
  for (const auto& e : op.journal("POST", "/v1/invoice-requests")) {
    if (e.at("idempotency_key").is_string() && e.at("request_id").is_string()) {
      statuses.push_back(static_cast<int>(e.at("status").as_int64()));
    }
  }
  ASSERT_GE(statuses.size(), 2u);
  EXPECT_EQ(statuses[statuses.size() - 2], 0);    // dropped after commit
  EXPECT_EQ(statuses.back(), 201);                // the replay
}

TEST_F(Resilience, TwoUnavailableThenSuccessTakesThreeAttemptsWithOneKey) {
  Client client(options_for(sandbox));
  TestCustomer c = op.customer({{100000, 10}});
  Session session = sign_up(client, op, c);
  op.fault("POST", "/v1/invoice-requests", "STATUS_503", 2);
  CallOptions call;
  call.idempotency_key = "it-" + c.order_ids[0];
  auto created = client.create_invoice_request(session, application_for(c), call);
  ASSERT_TRUE(created) << created.error().describe();
  std::vector<int> statuses;
  for (const auto& e : op.journal("POST", "/v1/invoice-requests")) {
    if (e.at("idempotency_key").is_string() && e.at("idempotency_key").as_string() == call.idempotency_key) {
      statuses.push_back(static_cast<int>(e.at("status").as_int64()));
    }
  }
  EXPECT_EQ(statuses, (std::vector<int>{503, 503, 201}));
}

TEST_F(Resilience, CloseBeforeCommitIsRetriedAndExecutesOnce) {
  Client client(options_for(sandbox));
  TestCustomer c = op.customer({{100000, 10}});
  Session session = sign_up(client, op, c);
  op.fault("POST", "/v1/invoice-requests", "CLOSE_BEFORE_COMMIT", 1);
  ASSERT_TRUE(client.create_invoice_request(session, application_for(c)));
  int count = 0;
  for (const auto& r : client.list_invoice_requests(session)) count += r ? 1 : 0;
  EXPECT_EQ(count, 1);
}

TEST_F(Resilience, KeepAliveUsesOneHandshakeForManyCalls) {
  ClientOptions o = options_for(sandbox);
  LogCapture log;
  log.attach(o);
  Client client(o);
  TestCustomer c = op.customer({{100, 10}});
  Session session = sign_up(client, op, c);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(client.get_account(session));
  EXPECT_EQ(log.count("connected to"), 1);
}

TEST_F(Resilience, WithoutKeepAliveEveryCallResumesTheTlsSession) {
  ClientOptions o = options_for(sandbox);
  o.keep_alive = false;
  LogCapture log;
  log.attach(o);
  Client client(o);
  TestCustomer c = op.customer({{100, 10}});
  Session session = sign_up(client, op, c);
  const int before = log.count("connected to");
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(client.get_account(session));
  // A new connection for every call, each one a resumed session.
  EXPECT_EQ(log.count("connected to") - before, 5);
  EXPECT_GE(log.count("TLS session resumed"), 5);
}

TEST_F(Resilience, ResumptionCanBeTurnedOff) {
  ClientOptions o = options_for(sandbox);
  o.keep_alive = false;
  o.tls_session_resumption = false;
  LogCapture log;
  log.attach(o);
  Client client(o);
  TestCustomer c = op.customer({{100, 10}});
  Session session = sign_up(client, op, c);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.get_account(session));
  EXPECT_GE(log.count("connected to"), 3);
  EXPECT_EQ(log.count("TLS session resumed"), 0);
}

TEST_F(Resilience, AStalePooledConnectionIsReplacedTransparently) {
  OwnSandbox own;
  ClientOptions o = options_for(own.info());
  o.retry.max_attempts = 1;  // the replacement is the transport's, not a retry
  LogCapture log;
  log.attach(o);
  Client client(o);
  Operator own_op(own.info());
  TestCustomer c = own_op.customer({{100, 10}});
  Session session = sign_up(client, own_op, c);
  own.stop();
  own.start();  // same port and data: the pooled connection is now dead
  auto account = client.get_account(session);
  ASSERT_TRUE(account) << account.error().describe();
  EXPECT_EQ(log.count("pooled connection was closed"), 1);
}

TEST_F(Resilience, DeadlinesAndCancellationStopACallInFlight) {
  Client client(options_for(sandbox));
  TestCustomer c = op.customer({{100, 10}});
  Session session = sign_up(client, op, c);
  op.fault("GET", "/v1/account", "DELAY", 1, 3000);
  CallOptions quick;
  quick.timeout = milliseconds(400);
  const auto start = std::chrono::steady_clock::now();
  auto late = client.get_account(session, quick);
  EXPECT_EQ(late.error().code, ErrorCode::timeout) << late.error().describe();
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(2500));

  op.fault("GET", "/v1/account", "DELAY", 1, 3000);
  CancellationSource source;
  CallOptions cancellable;
  cancellable.cancellation = source.token();
  std::thread canceller([&] {
    std::this_thread::sleep_for(milliseconds(200));
    source.cancel();
  });
  auto cancelled = client.get_account(session, cancellable);
  canceller.join();
  EXPECT_EQ(cancelled.error().code, ErrorCode::cancelled) << cancelled.error().describe();
}

TEST_F(Resilience, UntrustedCertificateIsRefusedWithAClearTlsError) {
  ClientOptions o = options_for(sandbox);
  o.ca_file.clear();  // system roots do not know the sandbox's CA
  Client client(o);
  auto r = client.resend_activation("x@example.cn");
  EXPECT_EQ(r.error().code, ErrorCode::tls);
  EXPECT_NE(r.error().message.find("certificate verification failed"), std::string::npos) << r.error().message;
}

TEST_F(Resilience, WrongHostNameIsRefused) {
  OwnSandbox other({}, "127.0.0.2");  // its certificate names localhost, 127.0.0.1 and ::1 only
  ClientOptions o = options_for(other.info());
  o.endpoint = "https://127.0.0.2:" + std::to_string(other.info().port);
  Client client(o);
  auto r = client.resend_activation("x@example.cn");
  EXPECT_EQ(r.error().code, ErrorCode::tls);
  EXPECT_NE(r.error().message.find("mismatch"), std::string::npos) << r.error().message;
}

TEST_F(Resilience, InsecureSwitchWorksOnlyWhenSetAndWarns) {
  ClientOptions o = options_for(sandbox);
  o.ca_file.clear();
  o.insecure_skip_tls_verify = true;
  LogCapture log;
  log.attach(o);
  Client client(o);
  ASSERT_TRUE(client.resend_activation("x@example.cn"));
  EXPECT_EQ(log.count("WARN TLS verification is OFF"), 1);
}

TEST_F(Resilience, ThroughAConnectProxy) {
  const char* candidates[] = {"/usr/bin/tinyproxy", "/usr/sbin/tinyproxy"};
  std::string tinyproxy;
  for (const char* p : candidates) {
    if (std::filesystem::exists(p)) tinyproxy = p;
  }
  ASSERT_FALSE(tinyproxy.empty()) << "tinyproxy is not installed (./dev.sh installs it)";
  const auto dir = std::filesystem::temp_directory_path() / ("fapiao-proxy-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const int port = free_port();
  {
    std::ofstream conf(dir / "tinyproxy.conf");
    conf << "Port " << port << "\nListen 127.0.0.1\nTimeout 30\nAllow 127.0.0.1\nLogLevel Connect\n"
         << "LogFile \"" << (dir / "proxy.log").string() << "\"\nPidFile \"" << (dir / "proxy.pid").string() << "\"\n"
         << "MaxClients 10\n";
  }
  const pid_t pid = fork();
  if (pid == 0) {
    execl(tinyproxy.c_str(), tinyproxy.c_str(), "-d", "-c", (dir / "tinyproxy.conf").c_str(), nullptr);
    _exit(127);
  }
  ASSERT_TRUE(wait_for_port(port)) << "tinyproxy did not start";
  ClientOptions o = options_for(sandbox);
  o.proxy = "http://127.0.0.1:" + std::to_string(port);
  Client client(o);
  auto r = client.resend_activation("proxy@example.cn");
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  std::ifstream logfile(dir / "proxy.log");
  const std::string proxy_log((std::istreambuf_iterator<char>(logfile)), std::istreambuf_iterator<char>());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_NE(proxy_log.find("CONNECT"), std::string::npos) << proxy_log;

  ClientOptions dead = options_for(sandbox);
  dead.proxy = "http://127.0.0.1:9";  // nothing listens there
  dead.retry.max_attempts = 1;
  EXPECT_EQ(Client(dead).resend_activation("x@example.cn").error().code, ErrorCode::transport);
}

TEST_F(Resilience, EightThreadsShareOneClient) {
  ClientOptions o = options_for(sandbox);
  o.pool_size = 8;
  Client client(o);
  std::vector<TestCustomer> customers;
  std::vector<Session> sessions;
  for (int i = 0; i < 8; ++i) {
    customers.push_back(op.customer({{100 + i, 10}}));
    sessions.push_back(sign_up(client, op, customers.back()));
  }
  std::atomic<int> ok{0}, wrong{0};
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        auto bill = client.get_bill(sessions[t], customers[t].bill_ids[0]);
        (bill && bill->amount_fen == 100 + static_cast<std::int64_t>(t) ? ok : wrong)++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 1600);
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace fapiao
