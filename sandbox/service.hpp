// The sandbox service: the customer API and the /sandbox/ operator API over
// one SQLite database. Transport-free: the Beast server hands it Requests.
#pragma once

#include "db.hpp"
#include "errors.hpp"
#include "http.hpp"

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

/// Password work done before the request takes the service's lock (PBKDF2
/// costs tens of milliseconds; under the lock it would stall every other
/// request). The handler uses these results when they still apply.
struct PasswordWork {
  bool checked = false;        // verify(checked_password, checked_hash) ran
  std::string checked_password;
  std::string checked_hash;    // the stored hash it was checked against ("" = a dummy, same cost)
  bool matches = false;
  std::string new_password;    // hashed ahead: new_hash = hash_password(new_password)
  std::string new_hash;
};

/// A live secret in a response body (a session token). The idempotency
/// record stores the body with the secret replaced by a placeholder and
/// keeps only `reference`, from which the service can rebuild it for a
/// replay; the secret itself is never stored (docs/adr/0011).
struct ResponseSecret {
  std::string value;
  std::string reference;
};

/// Everything one request's handler needs.
struct Call {
  const Request& request;
  std::string method;
  std::string path;                              // without the query
  std::map<std::string, std::string> query;      // decoded
  std::vector<std::string> params;               // {id} captures of the route
  std::string request_id;
  std::int64_t now = 0;                          // the service clock, seconds
  boost::json::value body;                       // parsed JSON body ({} when empty)
  std::string account_id;                        // set for signed-in calls
  std::string customer_id;
  std::string session_hash;
  bool restricted = false;                       // signed in with a mailed password
  PasswordWork passwords;                        // hashing done outside the lock (prepare step)
  std::optional<ResponseSecret> secret;          // set by a handler whose response carries one
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
  enum class Auth { none, customer, customer_restricted_ok, operator_token };
  using Handler = Response (Service::*)(Call&);
  /// Slow work of a handler (password hashing) run without the lock, after
  /// authentication and the idempotency check, before the transaction.
  using Prepare = void (Service::*)(Call&);
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{}" captures
    Handler handler;
    Auth auth;
    bool idempotent_post;  // a POST that honours Idempotency-Key
    Prepare prepare = nullptr;
  };

  // --- core (service.cpp)
  void create_schema();
  void load_or_create_operator_token();
  void load_or_create_service_secret();
  /// HMAC of method, path and canonical body under the service secret: a
  /// copy of the database alone allows no offline guessing of what was sent.
  std::string fingerprint(const Call& call) const;
  /// A session token, rebuilt from its reference (see ResponseSecret).
  std::string session_token(const std::string& reference) const;
  /// serve() with mutex_ already held by `lock` (see serve_now_if_quick).
  Outcome serve_locked(const Request& request, std::unique_lock<std::mutex>& lock);
  Response serve_safely(Call& call, const std::string& idem_key, std::int64_t delay_ms,
                        std::unique_lock<std::mutex>& lock);
  Response unavailable(const Call& call) const;
  std::int64_t now();
  void set_clock(std::int64_t seconds);
  const Route* match(const std::string& method, const std::string& path, std::vector<std::string>& params,
                     bool& path_known) const;
  Response execute(Call& call, const std::string& idem_key, std::int64_t delay_ms,
                   std::unique_lock<std::mutex>& lock);
  void finish_response(const Call& call, Response& response) const;
  void log_line(const Call& call, int status, std::chrono::steady_clock::time_point started) const;
  void authenticate(Call& call, Auth auth);
  void journal(const Call& call, int status, const std::string& idem_key);
  /// Writes the buffered journal lines (inside the caller's transaction, if any).
  void flush_journal(bool in_transaction);
  std::optional<fapiao::sandbox::Fault> take_fault(const std::string& method, const std::string& path);
  Response error_response(const Call& call, const ApiError& error) const;
  std::string new_id(const std::string& prefix);
  std::int64_t next_seq(const char* table);

  // --- helpers shared by handlers
  Response json(int status, const boost::json::value& body) const;
  /// {data, has_more} from up to limit + 1 rows fetched (the extra one says there is more).
  Response no_content() const;
  template <typename T>
  Response model(int status, const T& value) const;
  template <typename T>
  Response page(const std::vector<T>& items, bool has_more) const;
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
  fapiao::Bill load_bill_row(Statement& row);
  fapiao::InvoiceRequest load_request(const std::string& customer_id, const std::string& id);
  void save_request(const fapiao::InvoiceRequest& request);
  std::string request_customer(const std::string& id);
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
  Database db_;
  // One request at a time on the one SQLite connection. A plain mutex: a
  // request takes it once (serve or serve_now_if_quick) and hands the lock
  // down; prepare steps and ticks take it on their own, never while held.
  std::mutex mutex_;
  std::vector<Route> routes_;
  // Work to keep even when the handler refuses (a failed sign-in counts
  // toward the lockout although its transaction rolls back).
  std::vector<std::function<void()>> on_refusal_;
  std::mutex inflight_mutex_;
  std::set<std::string> inflight_keys_;  // idempotency keys executing now
  // Journal lines not yet written (guarded by mutex_): written in batches
  // rather than one transaction per request (docs/adr/0006).
  struct JournalLine {
    std::string method, path;
    int status = 0;
    std::optional<std::string> idempotency_key;
    std::string request_id;
    std::optional<std::string> client_request_id;
    std::int64_t at = 0;
  };
  std::deque<JournalLine> pending_journal_;  // a deque: the oldest line is dropped in O(1) when full
  // Set while any fault may be armed (cleared only by DELETE /sandbox/faults):
  // a faulted GET may be delayed, which must not happen on an I/O thread.
  std::atomic<bool> faults_armed_{false};
  std::atomic<bool> ticking_{false};  // a tick is running: the next one is skipped, never queued behind it
  // The earliest service time at which auto-processing has a step to take
  // (guarded by mutex_); 0 = unknown: a request changed, look again.
  std::int64_t next_auto_step_at_ = 0;
};

}  // namespace sandbox
