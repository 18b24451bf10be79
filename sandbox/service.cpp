// The service: builds the route table, owns the database, the lock and the
// middleware (middleware/, router/), and runs each request through them in
// serve_locked(). Endpoint handlers live in accounts.cpp, invoicing.cpp,
// support.cpp and operator.cpp.
#include "service.hpp"

#include "crypto.hpp"
#include "store/clock.hpp"
#include "store/mails.hpp"
#include "store/rows.hpp"
#include "core/error_table.hpp"
#include "core/log_text.hpp"
#include "core/private_file.hpp"
#include "json/codec.hpp"
#include "util.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

namespace sandbox {
namespace fj = fapiao::detail::json;

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

// The reader connection of the read running on this thread (db()), if any.
thread_local Database* t_reader = nullptr;

/// Binds a reader to this thread for one read.
struct ReaderScope {
  explicit ReaderScope(Database& db) { t_reader = &db; }
  ~ReaderScope() { t_reader = nullptr; }
  ReaderScope(const ReaderScope&) = delete;
  ReaderScope& operator=(const ReaderScope&) = delete;
};

}  // namespace

Database& Service::db() { return t_reader != nullptr ? *t_reader : db_; }

ApiError validation_failed(const std::vector<fapiao::FieldError>& fields) {
  boost::json::object details;
  details["fields"] = field_errors_json(fields);
  std::string message = "The request has invalid fields: ";
  for (std::size_t i = 0; i < fields.size(); ++i) message += (i ? ", " : "") + fields[i].field + " (" + fields[i].code + ")";
  return ApiError("VALIDATION_FAILED", message + ".", std::move(details));
}

ApiError invalid_field(std::string field, std::string code, std::string message) {
  return validation_failed({fapiao::FieldError{std::move(field), std::move(code), std::move(message)}});
}

ApiError not_found(std::string code, std::string what) { return ApiError(std::move(code), what + " not found."); }

ApiError::ApiError(std::string error_code, std::string text, boost::json::object extra)
    : status(fapiao::detail::http_status_for(error_code)),
      code(std::move(error_code)),
      message(std::move(text)),
      details(std::move(extra)) {
  // A code outside the contract's table is a bug in the sandbox: it answers
  // 503 (serve_safely) and says so in its log, rather than inventing a status.
  if (status == 0) throw std::logic_error("the error code " + code + " is not in the error table");
}

ApiError ApiError::with_status(int http_status, std::string error_code, std::string text, boost::json::object extra) {
  ApiError e(std::move(error_code), std::move(text), std::move(extra));
  e.status = http_status;
  return e;
}

boost::json::array field_errors_json(const std::vector<fapiao::FieldError>& fields) {
  boost::json::array out;
  for (const auto& f : fields) out.push_back(fj::encode_value(f));
  return out;
}

std::string Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return v;
  }
  return {};
}

bool Request::has_header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return true;
  }
  return false;
}

Service::Service(Options options)
    : options_(std::move(options)),
      db_(private_database(options_.data_dir)),
      readers_((options_.data_dir / "sandbox.db").string()),
      faults_(db_),
      authenticator_(options_.operator_token),
      idempotency_(db_, service_secret_),
      journal_(db_) {
  fapiao::detail::ensure_private_directory(options_.data_dir / "outbox", true);
  // The request journal is a diagnostic trace of every request: it lives in
  // its own file without fsync (synchronous=OFF), written in batches, so a GET
  // costs no disk write; a crash can lose its last second (ADR 0006). The
  // business data keeps synchronous=FULL.
  db_.prepare("ATTACH DATABASE ? AS trace").bind_all((options_.data_dir / "trace.db").string()).run();
  db_.exec("PRAGMA trace.journal_mode=WAL");
  db_.exec("PRAGMA trace.synchronous=OFF");
  create_schema();
  load_or_create_operator_token();
  load_or_create_service_secret();
  // Checked against when no account matches, so a wrong e-mail address costs
  // what a wrong password does: timing tells nobody which accounts exist.
  dummy_password_hash_ = crypto::hash_password(crypto::random_token(), options_.pbkdf2_iterations);
  faults_.load();
  if (!options_.virtual_clock) {
    store::clear_virtual_now(db_);
  } else if (!store::virtual_now(db_)) {
    set_clock(unix_now());  // the virtual clock starts at the real time
  }

  const auto add = [this](const char* method, const char* path, Route::Handler h, Auth auth,
                          Route::Prepare prepare = nullptr, Router::Effect effect = Router::Effect::as_method) {
    router_.add(method, path, h, auth, prepare, effect);
  };
  // Customer API
  add("POST", "/v1/accounts", &Service::register_account, Auth::none, &Service::prepare_register);
  add("POST", "/v1/accounts/activation", &Service::activate_account, Auth::none);
  add("POST", "/v1/accounts/activation-emails", &Service::resend_activation, Auth::none);
  add("POST", "/v1/sessions", &Service::sign_in, Auth::none, &Service::prepare_sign_in);
  add("DELETE", "/v1/sessions/current", &Service::sign_out, Auth::customer_restricted_ok);
  add("GET", "/v1/account", &Service::get_account, Auth::customer_restricted_ok);
  add("PATCH", "/v1/account", &Service::change_email, Auth::customer, &Service::prepare_current_password);
  add("POST", "/v1/account/password", &Service::change_password, Auth::customer_restricted_ok,
      &Service::prepare_current_password);
  add("POST", "/v1/password-resets", &Service::reset_password, Auth::none, &Service::prepare_reset);
  add("GET", "/v1/subscriptions", &Service::list_subscriptions, Auth::customer);
  add("GET", "/v1/bills", &Service::list_bills, Auth::customer);
  add("GET", "/v1/bills/{}", &Service::get_bill, Auth::customer);
  add("GET", "/v1/invoice-profile", &Service::get_profile, Auth::customer);
  add("POST", "/v1/invoice-requests/preview", &Service::preview_request, Auth::customer);
  add("POST", "/v1/invoice-requests", &Service::create_request, Auth::customer);
  add("GET", "/v1/invoice-requests", &Service::list_requests, Auth::customer);
  add("GET", "/v1/invoice-requests/{}", &Service::get_request, Auth::customer);
  add("POST", "/v1/invoice-requests/{}/cancel", &Service::cancel_request, Auth::customer);
  add("POST", "/v1/invoice-requests/{}/title-change", &Service::title_change, Auth::customer);
  add("GET", "/v1/invoice-requests/{}/document", &Service::get_document, Auth::customer, nullptr,
      Router::Effect::serialised);
  add("GET", "/v1/announcements", &Service::list_announcements, Auth::customer);
  add("POST", "/v1/support-tickets", &Service::create_ticket, Auth::customer);
  add("GET", "/v1/support-tickets", &Service::list_tickets, Auth::customer);
  add("GET", "/v1/support-tickets/{}", &Service::get_ticket, Auth::customer);
  // Operator API
  add("POST", "/sandbox/orders", &Service::op_create_order, Auth::operator_token);
  add("POST", "/sandbox/payments", &Service::op_create_payment, Auth::operator_token);
  add("POST", "/sandbox/payments/batch", &Service::op_create_payments, Auth::operator_token);
  add("GET", "/sandbox/outbox", &Service::op_outbox, Auth::operator_token);
  add("GET", "/sandbox/clock", &Service::op_get_clock, Auth::operator_token);
  add("POST", "/sandbox/clock", &Service::op_set_clock, Auth::operator_token);
  add("POST", "/sandbox/invoice-requests/{}/advance", &Service::op_advance, Auth::operator_token);
  add("POST", "/sandbox/invoice-requests/{}/original-returned", &Service::op_original_returned,
      Auth::operator_token);
  add("POST", "/sandbox/announcements", &Service::op_create_announcement, Auth::operator_token);
  add("DELETE", "/sandbox/announcements/{}", &Service::op_delete_announcement, Auth::operator_token);
  add("POST", "/sandbox/support-tickets/{}/resolve", &Service::op_resolve_ticket, Auth::operator_token);
  add("POST", "/sandbox/faults", &Service::op_create_fault, Auth::operator_token);
  add("DELETE", "/sandbox/faults", &Service::op_delete_faults, Auth::operator_token);
  add("GET", "/sandbox/journal", &Service::op_journal, Auth::operator_token, nullptr, Router::Effect::serialised);
}

void Service::create_schema() {
  db_.exec(R"sql(
    CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS orders(order_id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, payer_name TEXT NOT NULL,
      subscription_id TEXT NOT NULL, subscription_name TEXT NOT NULL, seq INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS bills(id TEXT PRIMARY KEY, seq INTEGER NOT NULL, customer_id TEXT NOT NULL,
      order_id TEXT NOT NULL, amount_fen INTEGER NOT NULL, paid_at INTEGER NOT NULL, payment_method TEXT NOT NULL,
      state TEXT NOT NULL, invoice_request_id TEXT, parent_bill_id TEXT);
    CREATE INDEX IF NOT EXISTS bills_by_customer ON bills(customer_id, paid_at DESC, id DESC);
    CREATE INDEX IF NOT EXISTS bills_by_parent ON bills(parent_bill_id, seq);
    CREATE TABLE IF NOT EXISTS accounts(id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, order_id TEXT NOT NULL,
      email TEXT NOT NULL, password_hash TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL,
      activated_at INTEGER, temp_password INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE IF NOT EXISTS activation_tokens(token_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL,
      state TEXT NOT NULL, created_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS sessions(token_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL,
      expires_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS sign_in_failures(account_id TEXT NOT NULL, at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS mails(seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, to_addr TEXT NOT NULL,
      kind TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, sent_at INTEGER NOT NULL, token TEXT,
      password TEXT, account_id TEXT, counts_for_resend INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE IF NOT EXISTS invoice_requests(id TEXT PRIMARY KEY, seq INTEGER NOT NULL, customer_id TEXT NOT NULL,
      status TEXT NOT NULL, doc TEXT NOT NULL, pending_buyer TEXT);
    CREATE TABLE IF NOT EXISTS profiles(customer_id TEXT PRIMARY KEY, doc TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS announcements(id TEXT PRIMARY KEY, seq INTEGER NOT NULL, doc TEXT NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE IF NOT EXISTS tickets(id TEXT PRIMARY KEY, seq INTEGER NOT NULL, customer_id TEXT NOT NULL,
      doc TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS idempotency(scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
      status INTEGER NOT NULL, request_id TEXT NOT NULL, content_type TEXT NOT NULL, body BLOB NOT NULL,
      created_at INTEGER NOT NULL, secret_ref TEXT, PRIMARY KEY(scope, key));
    CREATE TABLE IF NOT EXISTS faults(id TEXT PRIMARY KEY, seq INTEGER NOT NULL, method TEXT NOT NULL,
      path TEXT NOT NULL, action TEXT NOT NULL, remaining INTEGER NOT NULL, retry_after INTEGER NOT NULL,
      delay_ms INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS trace.journal(seq INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT NOT NULL,
      path TEXT NOT NULL, status INTEGER NOT NULL, idempotency_key TEXT, request_id TEXT NOT NULL,
      client_request_id TEXT, at INTEGER NOT NULL);
  )sql");
  // Data directories from before secret_ref existed gain the column.
  bool has_secret_ref = false;
  auto columns = db_.prepare("SELECT name FROM pragma_table_info('idempotency')");
  while (columns.step()) has_secret_ref = has_secret_ref || columns.text(0) == "secret_ref";
  if (!has_secret_ref) db_.exec("ALTER TABLE idempotency ADD COLUMN secret_ref TEXT");
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

std::string Service::session_token(const std::string& reference) const {
  return Idempotency::session_token(service_secret_, reference);
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

std::int64_t Service::now() {
  if (!options_.virtual_clock) return unix_now();
  return store::virtual_now(db()).value_or(unix_now());
}

void Service::set_clock(std::int64_t seconds) {
  store::set_virtual_now(db_, seconds);
}

Response Service::json(int status, const boost::json::value& body) const {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(body);
  return r;
}

Response Service::no_content() const {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response Service::error_response(const Call& call, const ApiError& error) const {
  boost::json::object inner;
  inner["code"] = error.code;
  inner["message"] = error.message;
  inner["request_id"] = call.request_id;
  inner["retryable"] = fapiao::detail::is_retryable(error.code, error.status);
  inner["details"] = error.details;
  boost::json::object body;
  body["error"] = std::move(inner);
  Response r = json(error.status, body);
  if (error.status == 429 || error.status == 503) {
    r.headers.emplace_back("Retry-After", std::to_string(error.retry_after > 0 ? error.retry_after : 1));
  }
  return r;
}

int Service::list_limit(const Call& call) const {
  const auto it = call.query.find("limit");
  if (it == call.query.end()) return 20;
  const auto value = parse_int(it->second);
  if (!value || *value < 1 || *value > 100) {
    throw invalid_field("limit", "INVALID_VALUE", "limit must be a whole number from 1 to 100.");
  }
  return static_cast<int>(*value);
}

fapiao::ValidationOptions Service::validation_options() const {
  fapiao::ValidationOptions o;
  o.uscc_mode = options_.strict_uscc ? fapiao::UsccMode::strict : fapiao::UsccMode::lenient;
  o.names_only_ordinary = options_.names_only_ordinary;
  return o;
}

Service::~Service() {
  try {
    std::lock_guard lock(mutex_);
    journal_.flush(false);
  } catch (const std::exception& e) {  // a destructor cannot do more than say so
    std::clog << "could not write the last journal lines: " << e.what() << '\n';
  }
}

void Service::send_mail(const std::string& to, const std::string& kind, const std::string& subject,
                        const std::string& body, const std::string& account_id, const std::string& token,
                        const std::string& password, bool counts_for_resend, const std::string& pdf_attachment) {
  const std::string id = store::new_id("mail");
  const std::int64_t at = now();
  store::insert_mail(db_, store::NewMail{id, to, kind, subject, body, at, unless_empty(token), unless_empty(password),
                                         account_id, counts_for_resend});
  // The .eml copy is written now; if the transaction rolls back, a stray
  // file in the outbox folder is harmless and the JSON outbox stays exact.
  write_eml(options_.data_dir / "outbox" / (id + ".eml"), to, subject, body, at, pdf_attachment);
}

std::optional<Outcome> Service::serve_now_if_quick(const Request& request) {
  if (request.method != "GET" || faults_.armed() || request.target.find("/document") != std::string::npos) {
    return std::nullopt;
  }
  // A read never waits for the writer; another GET (the journal) only when
  // the writer is free this instant.
  if (auto outcome = serve_read(request)) return outcome;
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock) return std::nullopt;
  return serve_locked(request, lock);
}

Outcome Service::serve(const Request& request) {
  if (auto outcome = serve_read(request)) return std::move(*outcome);
  std::unique_lock lock(mutex_);
  return serve_locked(request, lock);
}

std::optional<Outcome> Service::serve_read(const Request& request) {
  if (request.method != "GET" || faults_.armed()) return std::nullopt;  // a fault may delay or drop: the full path
  const auto started = std::chrono::steady_clock::now();
  Call call = begin_call(request);
  const Router::Match match = router_.match(call.method, call.path);
  if (match.route == nullptr || !match.route->read_only) return std::nullopt;
  call.request_id = new_request_id();

  Outcome outcome;
  try {
    auto reader = readers_.lease();
    ReaderScope scope(reader.db());
    Transaction snapshot(reader.db(), Transaction::Kind::read);  // every statement sees the same commit
    call.now = now();
    try {
      const Route* route = admit(call, match, reader.db());
      outcome.response = (this->*(route->handler))(call);
    } catch (const ApiError& e) {
      outcome.response = error_response(call, e);
    }
    snapshot.commit();
  } catch (const std::exception& e) {  // the database could not be read
    outcome.response = internal_error(call, "on", e);
  }
  journal_.record(call, outcome.response.status, request.header("idempotency-key"));
  if (journal_.batch_ready()) {  // written by whoever holds the writer: here only if it is free
    std::unique_lock writer(mutex_, std::try_to_lock);
    if (writer) journal_.flush(false);
  }
  finish_response(call, outcome.response);
  log_line(call, outcome.response.status, started);
  return outcome;
}

// The request's way through the service, top to bottom: a request id and the
// clock; fault injection; then execute() (routing, authentication, the body,
// idempotency, the prepare step, the handler in its transaction); then the
// journal line, the protocol headers and the log line. Runs with `lock` (on
// mutex_) held on entry; it is given up only where nobody needs the database
// (an injected delay, password hashing) and at the end.
Outcome Service::serve_locked(const Request& request, std::unique_lock<std::mutex>& lock) {
  const auto started = std::chrono::steady_clock::now();
  Call call = begin_call(request);
  call.request_id = new_request_id();
  const std::string idem_key = request.header("idempotency-key");

  Outcome outcome;
  FaultEffect fault;
  try {
    call.now = now();
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
  if (journal_.batch_ready()) journal_.flush(false);
  lock.unlock();
  finish_response(call, outcome.response);
  log_line(call, outcome.disposition == Disposition::drop ? 0 : outcome.response.status, started);
  return outcome;
}

Service::FaultEffect Service::apply_fault(const Call& call, const std::string& idem_key) {
  FaultEffect effect;
  const auto fault = faults_.take(call.method, call.path);
  if (!fault) return effect;
  using A = fapiao::FaultAction;
  switch (fault->action.value()) {
    case A::status_503:
    case A::status_429: {
      ApiError e = fault->action == A::status_503
                       ? ApiError("UNAVAILABLE", "The service is unavailable (injected fault); retry later.")
                       : ApiError("RATE_LIMITED", "Too many requests (injected fault); retry later.");
      e.retry_after = fault->retry_after_seconds;
      effect.answered = Outcome{error_response(call, e), Disposition::respond};
      journal_.record(call, effect.answered->response.status, idem_key);
      break;
    }
    case A::close_before_commit:
      effect.answered = Outcome{Response{}, Disposition::drop};
      journal_.record(call, 0, idem_key);
      break;
    case A::delay: effect.delay_ms = fault->delay_ms; break;
    case A::close_after_commit: effect.drop_after_commit = true; break;
    case A::unknown: break;  // refused when armed (op_create_fault): never stored
  }
  return effect;
}

Response Service::unavailable(const Call& call) const {
  return error_response(call, ApiError("UNAVAILABLE", "The service hit an internal problem; retry later."));
}

Response Service::internal_error(const Call& call, const char* when, const std::exception& e) const {
  std::clog << "internal error " << when << ' ' << call.method << ' ' << fapiao::detail::printable(call.path) << ": "
            << fapiao::detail::printable(e.what()) << '\n';
  return unavailable(call);
}

Call Service::begin_call(const Request& request) {
  Call call{request, request.method, {}, {}, {}, {}, 0, {}, {}, {}, {}, false, {}, {}};
  split_target(request.target, call.path, call.query);
  return call;
}

std::string Service::new_request_id() { return "req_" + crypto::random_hex(12); }

// Any failure of the database (a full disk, an I/O error) anywhere in a
// request — authentication, the idempotency lookup, the handler, the refusal
// transaction — becomes 503 UNAVAILABLE (retryable). The transaction rolls
// back, so nothing is half-written, and the service keeps serving.
Response Service::serve_safely(Call& call, const std::string& idem_key, std::int64_t delay_ms,
                               std::unique_lock<std::mutex>& lock) {
  try {
    return execute(call, idem_key, delay_ms, lock);
  } catch (const std::exception& e) {
    if (!lock.owns_lock()) lock.lock();  // a failure while it was given up (password hashing)
    return internal_error(call, "on", e);
  }
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

void Service::parse_body(Call& call) {
  if (call.request.body.empty()) {
    call.body = boost::json::object();
    return;
  }
  auto parsed = fj::parse_text(call.request.body);
  if (!parsed) throw ApiError("INVALID_JSON", "The body is not valid JSON in UTF-8: " + parsed.error().message);
  call.body = std::move(*parsed);
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

Response Service::execute(Call& call, const std::string& idem_key, std::int64_t delay_ms,
                          std::unique_lock<std::mutex>& lock) {
  const Router::Match match = router_.match(call.method, call.path);
  const Route* route = nullptr;
  Idempotency::Claim claim;  // releases the in-flight key however the request ends
  try {
    route = admit(call, match, db_);
    if (route->idempotent_post && call.request.has_header("idempotency-key")) {
      if (auto replay = idempotency_.replay_or_claim(call, idem_key, claim)) return std::move(*replay);
    }
  } catch (const ApiError& e) {
    return error_response(call, e);
  }

  if (delay_ms > 0 || route->prepare != nullptr) {
    // The request has been accepted (its key is in flight, so a concurrent
    // retry sees IDEMPOTENCY_KEY_IN_USE). Without the lock: an injected
    // DELAY waits, and slow password hashing runs, holding up nobody else.
    lock.unlock();
    if (delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    if (route->prepare != nullptr) (this->*(route->prepare))(call);
    lock.lock();
    if (delay_ms > 0) call.now = now();
  }

  // The transaction boundary. A database error in either transaction
  // propagates to serve_safely() (503); the Transaction's destructor rolls
  // back what was begun.
  Response response;
  on_refusal_.clear();
  try {
    Transaction tx(db_);
    response = (this->*(route->handler))(call);
    idempotency_.store(claim, call, response);
    tx.commit();
  } catch (const ApiError& e) {
    response = error_response(call, e);
    // Refusals after execution began are part of the key's history too
    // (but not 401 or 429, which may be retried with the same key).
    Transaction tx(db_);
    for (const auto& action : on_refusal_) action();
    if (e.status != 401 && e.status != 429) idempotency_.store(claim, call, response);
    tx.commit();
  }
  return response;
}

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
    journal_.flush(false);
    if (!options_.auto_process) return;
    const std::int64_t at = now();
    if (next_auto_step_at_ != 0 && at < next_auto_step_at_) return;  // nothing is due yet
    Transaction tx(db_);
    auto_process(at);
    tx.commit();
  } catch (const std::exception& e) {  // a full disk: try again at the next tick
    next_auto_step_at_ = 0;
    std::clog << "auto-processing failed (tried again in a second): " << fapiao::detail::printable(e.what()) << '\n';
  }
}

}  // namespace sandbox
