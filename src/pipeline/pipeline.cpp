#include "pipeline/pipeline.hpp"

#include "core/cancellation_watch.hpp"
#include "core/error_table.hpp"
#include "core/random.hpp"
#include "json/codec.hpp"
#include "pipeline/redact.hpp"

#include <fapiao/version.hpp>

#include <algorithm>
#include <random>

namespace fapiao::detail {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Jitter only: it needs spread, not secrecy. Keys come from random_key().
std::mt19937_64& rng() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

std::optional<std::chrono::seconds> retry_after(const HttpResponse& response) {
  const std::string value = response.header("retry-after");
  if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos || value.size() > 6) {
    return std::nullopt;  // HTTP-date form: fall back on the backoff
  }
  return std::chrono::seconds(std::stoll(value));
}

std::string describe_failure(const Result<HttpResponse>& r) {
  if (!r) return std::string(to_string(r.error().code)) + ": " + r.error().message;
  const Error e = error_from_response(*r);
  return std::to_string(r->status) + (e.service_code.empty() ? "" : " " + e.service_code);
}

}  // namespace

Error error_from_response(const HttpResponse& response) {
  Error error(category_for("", response.status), "The service answered HTTP " + std::to_string(response.status) + ".");
  error.http_status = response.status;
  error.request_id = response.header("request-id");
  error.retryable = is_retryable("", response.status);
  error.retry_after = retry_after(response);
  auto parsed = json::parse_text(response.body);
  if (!parsed || !parsed->is_object()) return error;  // no verdict of the service's: the status decides
  const auto* inner = parsed->get_object().if_contains("error");
  if (inner == nullptr || !inner->is_object()) return error;
  const auto& e = inner->get_object();
  if (const auto* code = e.if_contains("code"); code && code->is_string()) {
    error.service_code = std::string(code->get_string());
    error.code = category_for(error.service_code, response.status);
    error.retryable = is_retryable(error.service_code, response.status);
  }
  if (const auto* message = e.if_contains("message"); message && message->is_string() && !message->get_string().empty()) {
    error.message = std::string(message->get_string());
  } else if (!error.service_code.empty()) {
    // A service that names its code but says nothing still gets a sentence:
    // an Error always says what happened (the fuzzer found an empty one).
    error.message = "The service answered HTTP " + std::to_string(response.status) + " " + error.service_code +
                    " without a message.";
  }
  if (const auto* retryable = e.if_contains("retryable"); retryable && retryable->is_bool()) {
    error.retryable = retryable->get_bool();  // the service's own verdict wins
  }
  if (error.request_id.empty()) {
    if (const auto* id = e.if_contains("request_id"); id && id->is_string()) error.request_id = std::string(id->get_string());
  }
  if (const auto* details = e.if_contains("details"); details && details->is_object()) {
    if (const auto* fields = details->get_object().if_contains("fields")) {
      if (auto decoded = json::decode_value<std::vector<FieldError>>(*fields)) error.field_errors = std::move(*decoded);
    }
  }
  return error;
}

Pipeline::Pipeline(ClientOptions options, std::shared_ptr<Transport> transport, std::shared_ptr<const Logger> logger,
                   PipelineHooks hooks)
    : options_(std::move(options)), transport_(std::move(transport)), logger_(std::move(logger)), hooks_(std::move(hooks)) {
  user_agent_ = std::string("fapiao-cpp/") + version();
  if (!options_.application_id.empty()) user_agent_ += " " + options_.application_id;
  if (!hooks_.jitter) {
    hooks_.jitter = [] { return std::uniform_real_distribution<double>(0.5, 1.0)(rng()); };
  }
}

milliseconds Pipeline::backoff(int retry) const {
  const auto base = options_.retry.backoff_base.count();
  const auto cap = options_.retry.backoff_cap.count();
  long long delay = base;
  for (int i = 1; i < retry && delay < cap; ++i) delay *= 2;
  return milliseconds(std::min<long long>(delay, cap));
}

/// One logical call in progress: the request every attempt sends (one
/// idempotency key for all of them), the deadline, and the attempt count.
struct Pipeline::Attempts {
  HttpRequest request;
  CallOptions options;
  std::string what;  // "POST /v1/invoice-requests", for the log and messages
  std::string key;
  Clock::time_point deadline;
  bool may_retry = false;
  int attempt = 0;  // attempts made so far

  Result<HttpResponse> finish(Error error) const {
    error.attempts = attempt;
    if (error.idempotency_key.empty()) error.idempotency_key = key;
    return Result<HttpResponse>(std::move(error));
  }
};

Pipeline::Attempts Pipeline::begin(const ApiCall& call, const CallOptions& options) const {
  Attempts a;
  a.options = options;
  a.deadline = Clock::now() + options.timeout.value_or(options_.call_timeout);
  const bool post = call.method == "POST";
  // One key per logical call, sent on every attempt; the caller's key wins.
  a.key = !options.idempotency_key.empty() ? options.idempotency_key : (post ? random_key() : "");
  const std::string client_request_id = !options.client_request_id.empty() ? options.client_request_id : random_key();
  a.may_retry = call.idempotent || !a.key.empty();

  HttpRequest& request = a.request;
  request.method = call.method;
  request.target = call.target;
  request.body = call.body;
  request.headers = {{"Accept", "application/json"}, {"User-Agent", user_agent_},
                     {"X-Client-Request-Id", client_request_id}};
  if (!call.body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  if (!a.key.empty()) request.headers.emplace_back("Idempotency-Key", a.key);
  if (!call.bearer.empty()) request.headers.emplace_back("Authorization", "Bearer " + call.bearer);

  a.what = call.method + " " + call.target.substr(0, call.target.find('?'));
  if (logger_->enabled(LogLevel::debug) && !call.body.empty()) {
    logger_->log(LogLevel::debug, a.what + " body " + redact_json(call.body));
  }
  return a;
}

std::optional<Error> Pipeline::before_attempt(Attempts& a, TransportCall& limits) const {
  ++a.attempt;  // counted as before: an attempt the deadline stops still counts
  if (a.options.cancellation.is_cancelled()) return a.finish(Error(ErrorCode::cancelled, "The call was cancelled.")).error();
  const auto now = Clock::now();
  if (now >= a.deadline) {
    return a.finish(Error(ErrorCode::timeout,
                          a.what + " did not finish within its " +
                              std::to_string(a.options.timeout.value_or(options_.call_timeout).count()) +
                              " ms deadline."))
        .error();
  }
  limits = TransportCall{std::min(a.deadline, now + options_.attempt_timeout), a.options.cancellation};
  return std::nullopt;
}

Pipeline::Step Pipeline::next_step(Attempts& a, Result<HttpResponse> result) const {
  const int attempt = a.attempt;
  if (result && result->status < 400) {
    if (logger_->enabled(LogLevel::debug)) {
      logger_->log(LogLevel::debug, a.what + " -> " + std::to_string(result->status) + " (attempt " +
                                        std::to_string(attempt) + ", request id " + result->header("request-id") + ")");
    }
    return Step{std::move(result), {}};
  }

  // Decide whether to try again, and say why in the log either way. The
  // failure's own verdict (`retryable`) is the one the caller gets in the
  // final Error too, so an error never says "not retryable" after the SDK
  // retried it.
  Error failure = result ? error_from_response(*result) : result.error();
  if (!result) failure.retryable = failure.code == ErrorCode::transport || failure.code == ErrorCode::timeout;
  bool retry = failure.retryable && (failure.code != ErrorCode::timeout || Clock::now() < a.deadline);
  const std::optional<std::chrono::seconds> server_delay = failure.retry_after;
  const int max_attempts = std::max(1, options_.retry.max_attempts);
  std::string reason;
  if (!retry) {
    reason = "not retryable";
  } else if (!a.may_retry) {
    retry = false;
    reason = "not retried: the call is neither idempotent nor keyed";
  } else if (attempt >= max_attempts) {
    retry = false;
    reason = "no attempts left (" + std::to_string(max_attempts) + ")";
  }
  milliseconds delay{0};
  if (retry) {
    delay = backoff(attempt);
    if (options_.retry.jitter) delay = milliseconds(static_cast<long long>(static_cast<double>(delay.count()) * hooks_.jitter()));
    if (server_delay) delay = std::max<milliseconds>(delay, *server_delay);
    if (Clock::now() + delay >= a.deadline) {
      retry = false;
      reason = "the next attempt would start after the call's deadline";
    }
  }
  logger_->log(retry ? LogLevel::info : LogLevel::debug,
               a.what + " attempt " + std::to_string(attempt) + " failed (" + describe_failure(result) + "); " +
                   (retry ? "retrying in " + std::to_string(delay.count()) + " ms" : reason));
  if (!retry) return Step{a.finish(std::move(failure)), {}};
  return Step{std::nullopt, delay};
}

Result<HttpResponse> Pipeline::execute(const ApiCall& call, const CallOptions& options) const {
  Attempts a = begin(call, options);
  for (;;) {
    TransportCall limits;
    if (auto stop = before_attempt(a, limits)) return *stop;
    Step step = next_step(a, transport_->send(a.request, limits));
    if (step.outcome) return std::move(*step.outcome);
    if (hooks_.sleep) {
      hooks_.sleep(step.delay);
    } else {
      sleep_unless_cancelled(step.delay, options.cancellation);  // a cancel ends the call at the next check
    }
  }
}

void Pipeline::execute_async(const ApiCall& call, const CallOptions& options, ExecuteDone done) const {
  attempt_async(std::make_shared<Attempts>(begin(call, options)), std::move(done));
}

void Pipeline::attempt_async(std::shared_ptr<Attempts> a, ExecuteDone done) const {
  TransportCall limits;
  if (auto stop = before_attempt(*a, limits)) return done(std::move(*stop));
  auto self = shared_from_this();  // the call keeps the pipeline (and its transport) alive
  const HttpRequest& request = a->request;
  transport_->async_send(request, limits, [self, a, done = std::move(done)](Result<HttpResponse> result) mutable {
    Step step = self->next_step(*a, std::move(result));
    if (step.outcome) {
      auto finished = std::move(done);
      a.reset();
      self.reset();  // let go of the pipeline before the caller sees the outcome (see the transport)
      return finished(std::move(*step.outcome));
    }
    if (self->hooks_.sleep) {  // tests: instant and counted
      self->hooks_.sleep(step.delay);
      return self->attempt_async(a, std::move(done));
    }
    const CancellationToken cancellation = a->options.cancellation;
    self->transport_->async_wait(step.delay, cancellation, [self, a, done = std::move(done)]() mutable {
      self->attempt_async(a, std::move(done));
    });
  });
}

}  // namespace fapiao::detail
