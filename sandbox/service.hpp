// The sandbox service: the customer API and the /sandbox/ operator API over
// one SQLite database. Transport-free: the Beast server hands it Requests.
#pragma once

#include "db.hpp"
#include "errors.hpp"
#include "call.hpp"
#include "http.hpp"
#include "reader_pool.hpp"
#include "middleware/authentication.hpp"
#include "middleware/fault_injection.hpp"
#include "middleware/idempotency.hpp"
#include "middleware/request_journal.hpp"
#include "router/router.hpp"

#include <fapiao/calendar.hpp>
#include <fapiao/generated/sandbox_models.hpp>
#include <fapiao/models.hpp>
#include <fapiao/validate.hpp>

#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sandbox {

struct Options {
  std::filesystem::path data_dir;
  bool virtual_clock = true;
  bool auto_process = false;
  bool strict_uscc = false;
  bool names_only_ordinary = false;
  int pbkdf2_iterations = 120000;
  std::string operator_token;
  bool log_requests = true;
};

class Service {
 public:
  explicit Service(Options options);
  ~Service();  // writes the journal lines still buffered
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  /// Serves one request; safe to call from many threads.
  Outcome serve(const Request& request);
  /// Serves the request at once, on the calling thread (an I/O thread), when
  /// that cannot block: a GET other than a document download, no fault armed,
  /// and the database free this instant. Otherwise nullopt: hand the request
  /// to serve() on a worker. Spares a plain read two thread hand-overs.
  std::optional<Outcome> serve_now_if_quick(const Request& request);
  /// Lets time-driven work (auto-processing) catch up with the clock, and
  /// writes the buffered journal lines; the server calls it every second.
  void tick();
  /// --seed demo: orders, subscriptions and payments; returns the order IDs.
  std::vector<std::string> seed_demo();
  /// The operator token in force.
  const std::string& operator_token() const { return options_.operator_token; }

 private:
  // --- core (service.cpp)
  void create_schema();
  void load_or_create_operator_token();
  void load_or_create_service_secret();
  /// A session token, rebuilt from its reference (see ResponseSecret).
  std::string session_token(const std::string& reference) const;
  /// serve() with mutex_ already held by `lock` (see serve_now_if_quick).
  Outcome serve_locked(const Request& request, std::unique_lock<std::mutex>& lock);
  Response serve_safely(Call& call, const std::string& idem_key, std::int64_t delay_ms,
                        std::unique_lock<std::mutex>& lock);
  Response unavailable(const Call& call) const;
  /// Logs an unexpected failure `when` ("on", "before") the request and answers 503 UNAVAILABLE.
  Response internal_error(const Call& call, const char* when, const std::exception& e) const;
  /// The request's Call with its path and query parsed (no request id yet).
  static Call begin_call(const Request& request);
  static std::string new_request_id();
  std::int64_t now();
  void set_clock(std::int64_t seconds);
  Response execute(Call& call, const std::string& idem_key, std::int64_t delay_ms,
                   std::unique_lock<std::mutex>& lock);
  void finish_response(const Call& call, Response& response) const;
  void log_line(const Call& call, int status, std::chrono::steady_clock::time_point started) const;
  /// The request's fault, if one is armed for it: answered here (503, 429,
  /// a dropped connection) or applied later (a delay, a drop after commit).
  struct FaultEffect {
    std::optional<Outcome> answered;  // the request is not executed
    std::int64_t delay_ms = 0;
    bool drop_after_commit = false;
  };
  FaultEffect apply_fault(const Call& call, const std::string& idem_key);
  /// A GET whose handler only reads, served on a reader connection without
  /// the service's lock (nullopt: not such a request, or faults are armed).
  std::optional<Outcome> serve_read(const Request& request);
  /// Routing, body size, authentication and the body, shared by both paths;
  /// throws ApiError. Returns the route (never nullptr).
  const Route* admit(Call& call, const Router::Match& match, Database& db) const;
  /// The connection of the request running on this thread: its reader for a
  /// read, else the writer. Handlers and their helpers use only this.
  Database& db();
  /// Parses the body into call.body ({} when empty; INVALID_JSON when not JSON).
  static void parse_body(Call& call);
  Response error_response(const Call& call, const ApiError& error) const;

  // --- helpers shared by handlers
  Response json(int status, const boost::json::value& body) const;
  /// {data, has_more} from up to limit + 1 rows fetched (the extra one says there is more).
  Response no_content() const;
  template <typename T>
  Response model(int status, const T& value) const;
  template <typename T>
  Response page(std::vector<T> items, bool has_more) const;
  int list_limit(const Call& call) const;
  fapiao::ValidationOptions validation_options() const;
  void send_mail(const std::string& to, const std::string& kind, const std::string& subject, const std::string& body,
                 const std::string& account_id, const std::string& token, const std::string& password,
                 bool counts_for_resend, const std::string& pdf_attachment = {});

  // --- accounts (accounts.cpp)
  Response register_account(Call& call);
  Response activate_account(Call& call);
  Response resend_activation(Call& call);
  Response sign_in(Call& call);
  Response sign_out(Call& call);
  Response get_account(Call& call);
  Response change_email(Call& call);
  Response change_password(Call& call);
  Response reset_password(Call& call);
  fapiao::Account load_account(const std::string& account_id);
  bool account_is_live(const std::string& status, std::int64_t created_at, std::int64_t now) const;
  void check_password(Call& call, const std::string& field);
  struct SignInAccount {
    std::string id, status, password_hash;
    bool temp_password = false;
  };
  /// The account an e-mail address signs in to, if any is live.
  std::optional<SignInAccount> sign_in_account(const std::string& email, std::int64_t now);
  /// The stored password hash of an account ("" when there is none).
  std::string password_hash_of(const std::string& account_id);
  /// Whether `password` matches `stored`, from the prepare step when it checked exactly this.
  bool password_matches(const Call& call, const std::string& password, const std::string& stored) const;
  /// hash_password(password), from the prepare step when it hashed exactly this.
  std::string fresh_hash(const Call& call, const std::string& password) const;
  /// When the account's sign-in lock-out ends (0: not locked).
  std::int64_t locked_until(const std::string& account_id, std::int64_t now);
  [[noreturn]] void throw_locked(std::int64_t until, std::int64_t now) const;
  void record_failed_password(const std::string& account_id, std::int64_t at);
  /// Verifies `password` against `stored` (or, when empty, against the dummy
  /// hash at the same cost) and records the verdict in call.passwords.
  void check_password_ahead(Call& call, const std::string& password, const std::string& stored) const;
  /// Mails of `kind` sent to an account within the last hour of service time
  /// (only those that count toward the resend limit, with `resends_only`).
  std::int64_t mails_in_last_hour(const std::string& account_id, const char* kind, bool resends_only, std::int64_t now);
  void prepare_register(Call& call);
  void prepare_sign_in(Call& call);
  void prepare_current_password(Call& call);
  void prepare_reset(Call& call);
  void send_activation(const std::string& account_id, const std::string& email, std::int64_t at, bool resend);
  void insert_request(const fapiao::InvoiceRequest& request, const std::string& customer_id);

  // --- bills and invoice requests (invoicing.cpp)
  Response list_subscriptions(Call& call);
  Response list_bills(Call& call);
  Response get_bill(Call& call);
  Response get_profile(Call& call);
  Response preview_request(Call& call);
  Response create_request(Call& call);
  Response list_requests(Call& call);
  Response get_request(Call& call);
  Response cancel_request(Call& call);
  Response title_change(Call& call);
  Response get_document(Call& call);

  struct PaymentFields;  // the body of a payment (operator.cpp)
  PaymentFields payment_fields(Call& call);
  std::string customer_of_order(const std::string& order_id);
  /// `count` UNINVOICED bills of one payment; returns the id of the last.
  std::string insert_bills(const PaymentFields& p, const std::string& customer_id, std::int64_t count);

  struct Assessment;  // preview/create computation (invoicing.cpp)
  Assessment assess(Call& call, const fapiao::InvoiceApplication& application);
  std::optional<fapiao::Bill> find_bill(const std::string& customer_id, const std::string& bill_id);
  fapiao::InvoiceRequest load_request(const std::string& customer_id, const std::string& id);
  void save_request(const fapiao::InvoiceRequest& request);
  void set_status(fapiao::InvoiceRequest& request, fapiao::RequestStatus status, std::int64_t at,
                  const std::string& note);
  fapiao::Timestamp due_time(fapiao::InvoiceKind kind, std::int64_t submitted, std::int64_t now);
  std::string reissue(const fapiao::InvoiceRequest& original, const fapiao::Buyer& buyer, std::int64_t now);
  std::string render_pdf(const fapiao::InvoiceRequest& request);

  // --- announcements and support tickets (support.cpp)
  Response list_announcements(Call& call);
  Response create_ticket(Call& call);
  Response list_tickets(Call& call);
  Response get_ticket(Call& call);
  std::vector<fapiao::Announcement> active_announcements(std::int64_t now);
  void apply_shortages(std::int64_t now);

  // --- operator API (operator.cpp)
  Response op_create_order(Call& call);
  Response op_create_payment(Call& call);
  Response op_create_payments(Call& call);
  Response op_outbox(Call& call);
  Response op_get_clock(Call& call);
  Response op_set_clock(Call& call);
  Response op_advance(Call& call);
  Response op_original_returned(Call& call);
  Response op_create_announcement(Call& call);
  Response op_delete_announcement(Call& call);
  Response op_resolve_ticket(Call& call);
  Response op_create_fault(Call& call);
  Response op_delete_faults(Call& call);
  Response op_journal(Call& call);
  void advance(fapiao::InvoiceRequest& request, fapiao::RequestStatus to, std::int64_t at,
               const std::string& tracking_number, const std::string& reason);
  void auto_process(std::int64_t now);

  Options options_;
  std::string service_secret_;      // data_dir/service-secret: keys fingerprints and session tokens
  std::string dummy_password_hash_;  // verified against when there is no account, so both paths cost the same
  Database db_;             // the one writer
  ReaderPool readers_;      // read-only connections for GETs  // One request at a time on the one SQLite connection. A plain mutex: a
  // request takes it once (serve or serve_now_if_quick) and hands the lock
  // down; prepare steps and ticks take it on their own, never while held.
  std::mutex mutex_;
  // The request's way through, in order (serve_locked and execute):
  FaultTable faults_;             // fault injection, before anything else
  Router router_;                 // method + path → the endpoint's handler
  Authenticator authenticator_;   // the caller
  Idempotency idempotency_;       // replay, in-flight keys, the stored response
  RequestJournal journal_;        // every request's line (guarded by mutex_)
  // Work to keep even when the handler refuses (a failed sign-in counts
  // toward the lockout although its transaction rolls back).
  std::vector<std::function<void()>> on_refusal_;
  std::atomic<bool> ticking_{false};  // a tick is running: the next one is skipped, never queued behind it
  // The earliest service time at which auto-processing has a step to take
  // (guarded by mutex_); 0 = unknown: a request changed, look again.
  std::int64_t next_auto_step_at_ = 0;
};

}  // namespace sandbox
