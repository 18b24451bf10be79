// The service: owns the database, the lock and the middleware, and runs each
// request through them — serve_read() for a read, serve_locked() and
// execute() for the rest. What each endpoint does is its handler's
// (router/routes.cpp names them).
#include "service.hpp"

#include "crypto.hpp"
#include "errors.hpp"
#include "middleware/transaction.hpp"
#include "events/recorder.hpp"
#include "store/clock.hpp"
#include "store/schema.hpp"
#include "core/log_text.hpp"
#include "core/private_file.hpp"
#include "json/codec.hpp"
#include "util.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <thread>

namespace sandbox {
namespace {

/// The data directory, private to this user (created 0700; refused when
/// another user owns it), and the database files in it created 0600 before
/// SQLite opens them (SQLite gives -wal and -shm the database file's mode).
std::string private_database(const std::filesystem::path& dir) {
  fapiao::detail::ensure_private_directory(dir, true);
  for (const char* name : {"sandbox.db", "trace.db"}) {
    const auto file = dir / name;
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot create " + file.string());
    ::close(fd);
  }
  return (dir / "sandbox.db").string();
}

/// The request's Call with its path and query parsed (no request id yet).
Call begin_call(const Request& request) {
  Call call{request, request.method, {}, {}, {}, {}, 0, {}, {}, {}, {}};
  split_target(request.target, call.path, call.query);
  return call;
}

/// "req_" and 24 hex digits, unique across the sandbox's runs: a random
/// prefix drawn once per process, then a counter. An id names a request in
/// logs and error bodies; it is no secret, so it need not cost a draw from
/// the CSPRNG per request (that draw was 5% of a GET's time).
std::string new_request_id() {
  static const std::string prefix = "req_" + crypto::random_hex(6);
  static std::atomic<std::uint64_t> next{0};
  static constexpr char kDigits[] = "0123456789abcdef";
  std::uint64_t n = next.fetch_add(1, std::memory_order_relaxed);
  std::string id = prefix + "000000000000";
  for (std::size_t i = id.size(); i-- > prefix.size() && n != 0; n >>= 4) id[i] = kDigits[n & 0xF];
  return id;
}

/// Parses the body into call.body ({} when empty; INVALID_JSON when not JSON).
void parse_body(Call& call) {
  if (call.request.body.empty()) {
    call.body = boost::json::object();
    return;
  }
  auto parsed = fapiao::detail::json::parse_text(call.request.body);
  if (!parsed) throw ApiError("INVALID_JSON", "The body is not valid JSON in UTF-8: " + parsed.error().message);
  call.body = std::move(*parsed);
}

}  // namespace

Service::Service(Options options)
    : options_(std::move(options)),
      db_(private_database(options_.data_dir)),
      readers_((options_.data_dir / "sandbox.db").string()),
      mailer_(options_.data_dir / "outbox"),
      back_office_(options_.auto_process, mailer_),
      router_(routes()),
      authenticator_(options_.operator_token),
      idempotency_(service_secret_),
      env_{options_, service_secret_, dummy_password_hash_, mailer_, back_office_, faults_, journal_},
      dispatcher_(
          [this](const std::function<void(Database&, std::int64_t)>& work) {
            std::lock_guard lock(mutex_);
            Transaction tx(db_);
            work(db_, now(db_));
            tx.commit();
          },
          service_secret_, options_.data_dir / "ca.pem") {
  fapiao::detail::ensure_private_directory(options_.data_dir / "outbox", true);
  store::create_schema(db_, options_.data_dir / "trace.db");
  load_or_create_operator_token();
  load_or_create_service_secret();
  // Checked against when no account matches, so a wrong e-mail address costs
  // what a wrong password does: timing tells nobody which accounts exist.
  dummy_password_hash_ = crypto::hash_password(crypto::random_token(), options_.pbkdf2_iterations);
  faults_.load(db_);
  if (!options_.virtual_clock) {
    store::clear_virtual_now(db_);
  } else if (!store::virtual_now(db_)) {
    store::set_virtual_now(db_, unix_now());  // the virtual clock starts at the real time
  }
  dispatcher_.start();  // deliveries left pending by the last run (or a kill) go out now
}

Service::~Service() {
  try {
    std::lock_guard lock(mutex_);
    journal_.flush(db_, false);
  } catch (const std::exception& e) {  // a destructor cannot do more than say so
    std::clog << "could not write the last journal lines: " << e.what() << '\n';
  }
}

void Service::load_or_create_service_secret() {
  // Kept beside the database, not in it: a copy of sandbox.db alone holds
  // neither live tokens nor fingerprints that can be checked offline.
  const auto file = options_.data_dir / "service-secret";
  if (std::ifstream in(file); in) {
    std::getline(in, service_secret_);
    if (service_secret_.size() >= 32) return;
  }
  service_secret_ = crypto::random_hex(32);
  fapiao::detail::write_file_atomically(file, service_secret_ + "\n", 0600);
}

void Service::load_or_create_operator_token() {
  const auto file = options_.data_dir / "operator-token";
  if (!options_.operator_token.empty()) return;
  if (std::ifstream in(file); in) {
    std::getline(in, options_.operator_token);
    if (!options_.operator_token.empty()) return;
  }
  options_.operator_token = crypto::random_token(24);
  fapiao::detail::write_file_atomically(file, options_.operator_token + "\n", 0600);
}

std::int64_t Service::now(Database& db) const {
  if (!options_.virtual_clock) return unix_now();
  return store::virtual_now(db).value_or(unix_now());
}

// ---- reads --------------------------------------------------------------

std::optional<Outcome> Service::serve_now_if_quick(const Request& request) { return serve_read(request, true); }

Outcome Service::serve(const Request& request) {
  if (auto outcome = serve_read(request, false)) return std::move(*outcome);
  std::unique_lock lock(mutex_);
  return serve_locked(request, lock);
}

std::optional<Outcome> Service::serve_read(const Request& request, bool on_io_thread) {
  if (request.method != "GET" || faults_.armed()) return std::nullopt;  // a fault may delay or drop: the full path
  const auto started = std::chrono::steady_clock::now();
  Call call = begin_call(request);
  const Router::Match match = router_.match(call.method, call.path);
  if (match.route == nullptr || !match.route->read_only()) return std::nullopt;
  if (on_io_thread && !match.route->may_run_on_io_thread()) return std::nullopt;
  call.request_id = new_request_id();

  Outcome outcome;
  try {
    auto reader = readers_.lease();
    Transaction snapshot(reader.db(), Transaction::Kind::read);  // every statement sees the same commit
    call.now = now(reader.db());
    try {
      const Route* route = admit(call, match, reader.db());
      const Context ctx{reader.db(), call.now, call.caller, env_, call.passwords, nullptr};
      outcome.response = route->endpoint(call, ctx);
    } catch (const ApiError& e) {
      outcome.response = error_response(call.request_id, e);
    }
    snapshot.commit();
  } catch (const std::exception& e) {  // the database could not be read
    outcome.response = internal_error(call, "on", e);
  }
  journal_.record(call, outcome.response.status, request.header("idempotency-key"));
  if (journal_.batch_ready()) {  // written by whoever holds the writer: here only if it is free
    std::unique_lock writer(mutex_, std::try_to_lock);
    if (writer) journal_.flush(db_, false);
  }
  finish_response(call, outcome.response);
  log_line(call, outcome.response.status, started);
  return outcome;
}

// ---- everything else, on the writer ---------------------------------------

// The request's way through the service, top to bottom: a request id and the
// clock; fault injection; then execute() (routing, authentication, the body,
// idempotency, the prepare step, the handler in its transaction); then the
// journal line, the protocol headers and the log line.
Outcome Service::serve_locked(const Request& request, std::unique_lock<std::mutex>& lock) {
  const auto started = std::chrono::steady_clock::now();
  Call call = begin_call(request);
  call.request_id = new_request_id();
  const std::string idem_key = request.header("idempotency-key");

  Outcome outcome;
  FaultEffect fault;
  try {
    call.now = now(db_);
    fault = apply_fault(call, idem_key);
  } catch (const std::exception& e) {  // the clock or the fault table could not be read
    fault.answered = Outcome{internal_error(call, "before", e), Disposition::respond};
  }
  if (fault.answered) {  // not executed
    outcome = std::move(*fault.answered);
  } else {
    outcome.response = serve_safely(call, idem_key, fault.delay_ms, lock);
    if (fault.drop_after_commit) outcome.disposition = Disposition::drop;
    journal_.record(call, fault.drop_after_commit ? 0 : outcome.response.status, idem_key);
  }
  if (journal_.batch_ready()) journal_.flush(db_, false);
  lock.unlock();
  finish_response(call, outcome.response);
  log_line(call, outcome.disposition == Disposition::drop ? 0 : outcome.response.status, started);
  return outcome;
}

Service::FaultEffect Service::apply_fault(const Call& call, const std::string& idem_key) {
  FaultEffect effect;
  const auto fault = faults_.take(db_, call.method, call.path);
  if (!fault) return effect;
  using A = fapiao::FaultAction;
  switch (fault->action.value()) {
    case A::status_503:
    case A::status_429: {
      ApiError e = fault->action == A::status_503
                       ? ApiError("UNAVAILABLE", "The service is unavailable (injected fault); retry later.")
                       : ApiError("RATE_LIMITED", "Too many requests (injected fault); retry later.");
      e.retry_after = fault->retry_after_seconds;
      effect.answered = Outcome{error_response(call.request_id, e), Disposition::respond};
      journal_.record(call, effect.answered->response.status, idem_key);
      break;
    }
    case A::close_before_commit:
      effect.answered = Outcome{Response{}, Disposition::drop};
      journal_.record(call, 0, idem_key);
      break;
    case A::delay: effect.delay_ms = fault->delay_ms; break;
    case A::close_after_commit: effect.drop_after_commit = true; break;
    case A::unknown: break;  // refused when armed (handlers/operator/faults.cpp): never stored
  }
  return effect;
}

// Any failure of the database (a full disk, an I/O error) anywhere in a
// request — authentication, the idempotency lookup, the handler, the refusal
// transaction — becomes 503 UNAVAILABLE (retryable). The transaction rolls
// back, so nothing is half-written, and the service keeps serving.
Response Service::serve_safely(Call& call, const std::string& idem_key, std::int64_t delay_ms,
                               std::unique_lock<std::mutex>& lock) {
  try {
    return execute(call, idem_key, delay_ms, lock);
  } catch (const std::exception& e) {
    if (!lock.owns_lock()) lock.lock();  // a failure while it was given up (the prepare step)
    return internal_error(call, "on", e);
  }
}

const Route* Service::admit(Call& call, const Router::Match& match, Database& db) const {
  if (call.request.body_too_large) throw ApiError("BODY_TOO_LARGE", "The request body is larger than 1 MiB.");
  if (match.route == nullptr) {
    if (match.path_known) throw ApiError("METHOD_NOT_ALLOWED", call.method + " is not allowed on " + call.path + ".");
    throw ApiError("NOT_FOUND", "No such endpoint: " + call.method + " " + call.path + ".");
  }
  call.params = match.params;
  authenticator_.authenticate(db, call, match.route->auth);
  parse_body(call);
  return match.route;
}

void Service::prepare(Call& call, const Route& route) {
  auto reader = readers_.lease();
  Transaction snapshot(reader.db(), Transaction::Kind::read);
  call.passwords = route.prepare(PrepareContext{reader.db(), call.now, env_}, call);
  snapshot.commit();
}

Response Service::execute(Call& call, const std::string& idem_key, std::int64_t delay_ms,
                          std::unique_lock<std::mutex>& lock) {
  const Router::Match match = router_.match(call.method, call.path);
  const Route* route = nullptr;
  Idempotency::Claim claim;  // releases the in-flight key however the request ends
  try {
    route = admit(call, match, db_);
    if (route->idempotent() && call.request.has_header("idempotency-key")) {
      if (auto replay = idempotency_.replay_or_claim(db_, call, idem_key, claim)) return std::move(*replay);
    }
  } catch (const ApiError& e) {
    return error_response(call.request_id, e);
  }

  if (delay_ms > 0 || route->prepare != nullptr) {
    // The request has been accepted (its key is in flight, so a concurrent
    // retry sees IDEMPOTENCY_KEY_IN_USE). Without the lock: an injected
    // DELAY waits, and slow password hashing runs, holding up nobody else.
    lock.unlock();
    if (delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    if (route->prepare != nullptr) prepare(call, *route);
    lock.lock();
    if (delay_ms > 0) call.now = now(db_);
  }

  const std::uint64_t deliveries_before = events::deliveries_recorded();
  Response response = run_in_transaction(db_, idempotency_, claim, call, [&](KeptWork& kept) {
    const Context ctx{db_, call.now, call.caller, env_, call.passwords, &kept};
    return route->endpoint(call, ctx);
  });
  back_office_.data_may_have_changed();  // a write may have moved a request or added a bill: the next tick looks again
  if (events::deliveries_recorded() != deliveries_before) dispatcher_.wake();
  if (route->effect == Effect::delivers_due_webhooks && response.status < 300) {
    // POST /sandbox/clock answers once the deliveries the new time made due
    // were attempted. The worker needs the writer for that: give it up.
    lock.unlock();
    dispatcher_.deliver_due();
    lock.lock();
  }
  return response;
}

void Service::finish_response(const Call& call, Response& response) const {
  bool has_request_id = false;
  for (const auto& [k, v] : response.headers) has_request_id = has_request_id || k == "Request-Id";
  if (!has_request_id) response.headers.emplace_back("Request-Id", call.request_id);
  const std::string client_id = call.request.header("x-client-request-id");
  if (!client_id.empty()) response.headers.emplace_back("X-Client-Request-Id", client_id);
}

void Service::log_line(const Call& call, int status, std::chrono::steady_clock::time_point started) const {
  if (options_.log_requests) log_request(call, status, started);
}

Response Service::internal_error(const Call& call, const char* when, const std::exception& e) const {
  std::clog << "internal error " << when << ' ' << call.method << ' ' << fapiao::detail::printable(call.path) << ": "
            << fapiao::detail::printable(e.what()) << '\n';
  return error_response(call.request_id, ApiError("UNAVAILABLE", "The service hit an internal problem; retry later."));
}

// ---- the clock's work -------------------------------------------------------

void Service::tick() {
  // Ticks come every second; one that finds the last still running is
  // skipped rather than queued, so slow ticks can never pile up.
  if (ticking_.exchange(true)) return;
  struct Done {
    std::atomic<bool>& flag;
    ~Done() { flag = false; }
  } done{ticking_};
  try {
    std::lock_guard lock(mutex_);
    journal_.flush(db_, false);
    const std::int64_t at = now(db_);
    if (!back_office_.has_due_work(at)) return;
    Transaction tx(db_);
    back_office_.tick(db_, at);
    tx.commit();
  } catch (const std::exception& e) {  // a full disk: try again at the next tick
    back_office_.data_may_have_changed();
    std::clog << "auto-processing failed (tried again in a second): " << fapiao::detail::printable(e.what()) << '\n';
  }
}

}  // namespace sandbox
