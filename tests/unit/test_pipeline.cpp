// The retry pipeline against a scripted transport: which failures are
// retried, with which key, after how long, and within which deadline.
#include "fake_transport.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/redact.hpp"

#include <gtest/gtest.h>

namespace fapiao {
namespace {

using detail::ApiCall;
using detail::Pipeline;
using std::chrono::milliseconds;
using testing_support::FakeTransport;

struct Harness {
  explicit Harness(ClientOptions options = {}) {
    options.retry.jitter = false;
    options.log = [this](LogLevel, std::string_view m) { log.emplace_back(m); };
    options.log_level = LogLevel::debug;
    detail::PipelineHooks hooks;
    hooks.sleep = [this](milliseconds d) { sleeps.push_back(d); };
    pipeline = std::make_shared<Pipeline>(options, transport,
                                          std::make_shared<detail::Logger>(options.log, options.log_level), hooks);
  }
  std::shared_ptr<FakeTransport> transport = std::make_shared<FakeTransport>();
  std::shared_ptr<Pipeline> pipeline;  // shared: execute_async keeps it alive
  std::vector<milliseconds> sleeps;
  std::vector<std::string> log;
};

const Session kSession{"tok_secret_value", {}, false, {}};
const ApiCall kCreate{"POST", "/v1/invoice-requests", R"({"kind":"VAT_ORDINARY","buyer":{"name":"上海某公司","taxpayer_id":"91330106673959654P"}})", kSession.token, false};
const ApiCall kGet{"GET", "/v1/bills", {}, kSession.token, true};

TEST(Pipeline, PostGetsOneKeyReusedOnEveryAttempt) {
  Harness h;
  h.transport->reply(503, FakeTransport::error_body("UNAVAILABLE", true));
  h.transport->fail(ErrorCode::transport, "connection reset");
  h.transport->reply(201, "{}");
  auto r = h.pipeline->execute(kCreate, {});
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(h.transport->requests.size(), 3u);
  const std::string key = h.transport->requests[0].header("Idempotency-Key");
  EXPECT_EQ(key.size(), 32u);  // 128 bits from the OS CSPRNG, as hex (core/random.hpp)
  EXPECT_NE(key, h.transport->requests[0].header("X-Client-Request-Id"));
  for (const auto& req : h.transport->requests) {
    EXPECT_EQ(req.header("Idempotency-Key"), key);
    EXPECT_EQ(req.header("X-Client-Request-Id"), h.transport->requests[0].header("X-Client-Request-Id"));
    EXPECT_EQ(req.header("Authorization"), "Bearer tok_secret_value");
  }
  EXPECT_EQ(h.sleeps, (std::vector<milliseconds>{milliseconds(500), milliseconds(1000)}));
}

// The asynchronous form runs the same policy: the same attempts, key and
// backoffs for the same script (the fake transport's async_send is the
// default one, which completes on the calling thread).
TEST(Pipeline, TheAsynchronousFormRetriesExactlyAsTheBlockingOne) {
  const auto script = [](FakeTransport& t) {
    t.reply(503, FakeTransport::error_body("UNAVAILABLE", true));
    t.fail(ErrorCode::transport, "connection reset");
    t.reply(429, FakeTransport::error_body("RATE_LIMITED", true));
    t.reply(201, "{}");
  };
  Harness blocking, async;
  script(*blocking.transport);
  script(*async.transport);
  ASSERT_TRUE(blocking.pipeline->execute(kCreate, {}));
  int completions = 0;
  async.pipeline->execute_async(kCreate, {}, [&](Result<HttpResponse> r) {
    ++completions;
    EXPECT_TRUE(r) << r.error().message;
  });
  EXPECT_EQ(completions, 1);
  EXPECT_EQ(async.sleeps, blocking.sleeps);
  ASSERT_EQ(async.transport->requests.size(), 4u);
  const std::string key = async.transport->requests[0].header("Idempotency-Key");
  for (const auto& req : async.transport->requests) EXPECT_EQ(req.header("Idempotency-Key"), key);

  // And the same refusal: a 422 is not retried, whichever form sends it.
  Harness refused;
  refused.transport->reply(422, FakeTransport::error_body("VALIDATION_FAILED", false));
  std::optional<Error> error;
  refused.pipeline->execute_async(kCreate, {}, [&](Result<HttpResponse> r) { error = r.error(); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, ErrorCode::invalid_argument);
  EXPECT_EQ(error->attempts, 1);
  EXPECT_EQ(refused.transport->requests.size(), 1u);
}

TEST(Pipeline, UserKeyWins) {
  Harness h;
  h.transport->reply(201, "{}");
  CallOptions call;
  call.idempotency_key = "order-2026-0001";
  ASSERT_TRUE(h.pipeline->execute(kCreate, call));
  EXPECT_EQ(h.transport->requests[0].header("Idempotency-Key"), "order-2026-0001");
}

TEST(Pipeline, EachLogicalCallGetsItsOwnKey) {
  Harness h;
  h.transport->reply(201, "{}");
  h.transport->reply(201, "{}");
  ASSERT_TRUE(h.pipeline->execute(kCreate, {}));
  ASSERT_TRUE(h.pipeline->execute(kCreate, {}));
  EXPECT_NE(h.transport->requests[0].header("Idempotency-Key"), h.transport->requests[1].header("Idempotency-Key"));
}

TEST(Pipeline, RetriesOnlyRetryableFailures) {
  for (int status : {408, 429, 500, 502, 503, 504}) {
    Harness h;
    h.transport->reply(status, "{}");
    h.transport->reply(200, "{}");
    EXPECT_TRUE(h.pipeline->execute(kGet, {})) << status;
    EXPECT_EQ(h.transport->requests.size(), 2u) << status;
  }
  for (int status : {400, 401, 403, 404, 409, 410, 413, 422}) {
    Harness h;
    h.transport->reply(status, FakeTransport::error_body("SOMETHING"));
    auto r = h.pipeline->execute(kGet, {});
    EXPECT_FALSE(r) << status;
    EXPECT_EQ(h.transport->requests.size(), 1u) << status;
    EXPECT_EQ(r.error().http_status, status);
    EXPECT_EQ(r.error().attempts, 1);
  }
  Harness tls;
  tls.transport->fail(ErrorCode::tls, "certificate verify failed");
  EXPECT_EQ(tls.pipeline->execute(kGet, {}).error().code, ErrorCode::tls);
  EXPECT_EQ(tls.transport->requests.size(), 1u);
}

TEST(Pipeline, IdempotencyKeyInUseIsRetried) {
  Harness h;
  h.transport->reply(409, FakeTransport::error_body("IDEMPOTENCY_KEY_IN_USE", true));
  h.transport->reply(201, "{}");
  EXPECT_TRUE(h.pipeline->execute(kCreate, {}));
  Harness other;
  other.transport->reply(409, FakeTransport::error_body("BILL_ALREADY_INVOICED"));
  auto r = other.pipeline->execute(kCreate, {});
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
  EXPECT_EQ(r.error().service_code, "BILL_ALREADY_INVOICED");
  EXPECT_EQ(other.transport->requests.size(), 1u);
}

TEST(Pipeline, UnkeyedNonIdempotentCallsAreNotRetried) {
  Harness h;
  h.transport->fail(ErrorCode::transport, "reset");
  ApiCall patch{"PATCH", "/v1/thing", "{}", kSession.token, false};
  auto r = h.pipeline->execute(patch, {});
  EXPECT_EQ(r.error().code, ErrorCode::transport);
  EXPECT_EQ(h.transport->requests.size(), 1u);
  EXPECT_NE(h.log.back().find("neither idempotent nor keyed"), std::string::npos) << h.log.back();
}

// One rule decides and reports: the final Error's `retryable` is the verdict
// the pipeline retried on (it used to say false for a 502 it had retried).
TEST(Pipeline, AnErrorThatWasRetriedSaysRetryable) {
  Harness h;
  for (int i = 0; i < 4; ++i) h.transport->reply(502, "<html>bad gateway</html>");  // a proxy's: no verdict
  auto r = h.pipeline->execute(kGet, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().attempts, 4);
  EXPECT_TRUE(r.error().retryable);
  Harness t;
  for (int i = 0; i < 4; ++i) t.transport->fail(ErrorCode::transport, "connection reset");
  auto failed = t.pipeline->execute(kGet, {});
  EXPECT_EQ(failed.error().attempts, 4);
  EXPECT_TRUE(failed.error().retryable);
}

TEST(Pipeline, TheServicesOwnRetryableVerdictDecides) {
  Harness h;
  h.transport->reply(503, FakeTransport::error_body("UNAVAILABLE", false));  // the service says: do not repeat
  auto r = h.pipeline->execute(kGet, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(h.transport->requests.size(), 1u);
  EXPECT_FALSE(r.error().retryable);
  Harness k;
  k.transport->reply(409, FakeTransport::error_body("SOMETHING_NEW", true));  // a code this SDK does not know
  k.transport->reply(200, "{}");
  EXPECT_TRUE(k.pipeline->execute(kGet, {}));
  EXPECT_EQ(k.transport->requests.size(), 2u);
  Harness n;
  n.transport->reply(422, FakeTransport::error_body("VALIDATION_FAILED", false));
  auto refused = n.pipeline->execute(kCreate, {});
  EXPECT_FALSE(refused.error().retryable);
  EXPECT_EQ(n.transport->requests.size(), 1u);
}

TEST(Pipeline, GivesUpAfterMaxAttemptsWithTheLastError) {
  Harness h;
  for (int i = 0; i < 4; ++i) h.transport->reply(503, FakeTransport::error_body("UNAVAILABLE", true));
  auto r = h.pipeline->execute(kCreate, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);
  EXPECT_EQ(r.error().attempts, 4);
  EXPECT_TRUE(r.error().retryable);
  EXPECT_EQ(r.error().idempotency_key, h.transport->requests[0].header("Idempotency-Key"));
  EXPECT_EQ(h.sleeps.size(), 3u);
}

TEST(Pipeline, BackoffDoublesUpToTheCap) {
  ClientOptions o;
  o.retry.backoff_base = milliseconds(100);
  o.retry.backoff_cap = milliseconds(350);
  Harness h(o);
  EXPECT_EQ(h.pipeline->backoff(1), milliseconds(100));
  EXPECT_EQ(h.pipeline->backoff(2), milliseconds(200));
  EXPECT_EQ(h.pipeline->backoff(3), milliseconds(350));
  EXPECT_EQ(h.pipeline->backoff(30), milliseconds(350));
}

TEST(Pipeline, JitterStaysWithinHalfToFull) {
  ClientOptions o;
  Harness base(o);
  o.retry.jitter = true;
  auto transport = std::make_shared<FakeTransport>();
  std::vector<milliseconds> sleeps;
  detail::PipelineHooks hooks;
  hooks.sleep = [&](milliseconds d) { sleeps.push_back(d); };
  Pipeline p(o, transport, std::make_shared<detail::Logger>(nullptr, LogLevel::off), hooks);
  for (int i = 0; i < 3; ++i) transport->reply(503, "{}");
  transport->reply(200, "{}");
  ASSERT_TRUE(p.execute(kGet, {}));
  ASSERT_EQ(sleeps.size(), 3u);
  for (std::size_t i = 0; i < sleeps.size(); ++i) {
    const auto full = p.backoff(static_cast<int>(i) + 1);
    EXPECT_GE(sleeps[i].count(), full.count() / 2);
    EXPECT_LE(sleeps[i].count(), full.count());
  }
}

TEST(Pipeline, RetryAfterIsHonoured) {
  Harness h;
  h.transport->reply(429, FakeTransport::error_body("RATE_LIMITED", true), {{"Retry-After", "7"}});
  h.transport->reply(200, "{}");
  ASSERT_TRUE(h.pipeline->execute(kGet, {}));
  EXPECT_EQ(h.sleeps, std::vector<milliseconds>{milliseconds(7000)});
}

TEST(Pipeline, NoRetryThatWouldEndPastTheDeadline) {
  Harness h;
  h.transport->reply(503, FakeTransport::error_body("UNAVAILABLE", true), {{"Retry-After", "120"}});
  CallOptions call;
  call.timeout = milliseconds(5000);
  auto r = h.pipeline->execute(kCreate, call);
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);
  EXPECT_EQ(r.error().retry_after, std::chrono::seconds(120));
  EXPECT_TRUE(h.sleeps.empty());
  EXPECT_EQ(h.transport->requests.size(), 1u);
  EXPECT_NE(h.log.back().find("deadline"), std::string::npos);
}

TEST(Pipeline, AttemptDeadlineIsTheEarlierOfCallAndAttemptTimeouts) {
  ClientOptions o;
  o.attempt_timeout = milliseconds(30000);
  Harness h(o);
  h.transport->reply(200, "{}");
  CallOptions call;
  call.timeout = milliseconds(1000);
  const auto before = std::chrono::steady_clock::now();
  ASSERT_TRUE(h.pipeline->execute(kGet, call));
  EXPECT_LE(h.transport->deadlines[0] - before, milliseconds(1000) + milliseconds(50));
}

TEST(Pipeline, CancelledBeforeSendingSendsNothing) {
  Harness h;
  CancellationSource source;
  source.cancel();
  CallOptions call;
  call.cancellation = source.token();
  auto r = h.pipeline->execute(kGet, call);
  EXPECT_EQ(r.error().code, ErrorCode::cancelled);
  EXPECT_TRUE(h.transport->requests.empty());
}

TEST(Pipeline, ServiceErrorsAreMappedWithEveryDetail) {
  Harness h;
  h.transport->reply(422, R"({"error":{"code":"VALIDATION_FAILED","message":"bad","request_id":"req_9","retryable":false,)"
                          R"("details":{"fields":[{"field":"buyer.taxpayer_id","code":"USCC_CHECKSUM","message":"x"}]}}})",
                     {{"Request-Id", "req_9"}});
  auto r = h.pipeline->execute(kCreate, {});
  const Error& e = r.error();
  EXPECT_EQ(e.code, ErrorCode::invalid_argument);
  EXPECT_EQ(e.service_code, "VALIDATION_FAILED");
  EXPECT_EQ(e.message, "bad");
  EXPECT_EQ(e.request_id, "req_9");
  ASSERT_EQ(e.field_errors.size(), 1u);
  EXPECT_EQ(e.field_errors[0].field, "buyer.taxpayer_id");
  EXPECT_FALSE(e.idempotency_key.empty());
}

TEST(Pipeline, NonJsonErrorBodiesStillGiveACategory) {
  Harness h;
  h.transport->reply(502, "<html>bad gateway</html>");
  h.transport->reply(502, "<html>bad gateway</html>");
  h.transport->reply(502, "<html>bad gateway</html>");
  h.transport->reply(502, "<html>bad gateway</html>");
  auto r = h.pipeline->execute(kGet, {});
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);
  EXPECT_EQ(r.error().http_status, 502);
}

TEST(Pipeline, LogsNeverCarrySecrets) {
  Harness h;
  h.transport->reply(503, FakeTransport::error_body("UNAVAILABLE", true));
  h.transport->reply(201, "{}");
  ASSERT_TRUE(h.pipeline->execute(kCreate, {}));
  ASSERT_FALSE(h.log.empty());
  for (const auto& line : h.log) {
    EXPECT_EQ(line.find("tok_secret_value"), std::string::npos) << line;
    EXPECT_EQ(line.find("91330106673959654P"), std::string::npos) << line;
    EXPECT_EQ(line.find("上海某公司"), std::string::npos) << line;
    EXPECT_EQ(line.find("Bearer"), std::string::npos) << line;
  }
  bool said_why = false;
  for (const auto& line : h.log) said_why = said_why || line.find("retrying in 500 ms") != std::string::npos;
  EXPECT_TRUE(said_why);
}

TEST(Redact, KeepsOnlyAllowListedValues) {
  const std::string out = detail::redact_json(
      R"({"kind":"VAT_SPECIAL","bill_ids":["bill_1"],"password":"hunter2x","buyer":{"name":"张三","taxpayer_id":"11010519491231002X","type":"INDIVIDUAL"},"token":"abc","amount_fen":100})");
  EXPECT_EQ(out, R"({"kind":"VAT_SPECIAL","bill_ids":["bill_1"],"password":"[redacted]","buyer":{"name":"[redacted]","taxpayer_id":"[redacted]","type":"INDIVIDUAL"},"token":"[redacted]","amount_fen":100})");
  EXPECT_EQ(detail::redact_json("not json secret"), "(15 bytes)");
}

}  // namespace
}  // namespace fapiao
