// The sandbox service: the customer API and the /sandbox/ operator API over
// one SQLite database. Transport-free: the Beast server (server/) hands it
// Requests. A request goes through the middleware (middleware/) to the
// endpoint the route table names (router/routes.cpp), whose handler
// (handlers/) reads and writes through the store (store/); the back office
// (back_office/) does the clock-driven work and the dispatcher (webhooks/)
// delivers events to the customers' endpoints.
#pragma once

#include "back_office/back_office.hpp"
#include "call.hpp"
#include "db.hpp"
#include "handlers/context.hpp"
#include "http.hpp"
#include "mailer.hpp"
#include "middleware/authentication.hpp"
#include "middleware/fault_injection.hpp"
#include "middleware/idempotency.hpp"
#include "middleware/request_journal.hpp"
#include "options.hpp"
#include "reader_pool.hpp"
#include "router/router.hpp"
#include "webhooks/dispatcher.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sandbox {

class Service {
 public:
  explicit Service(Options options);
  ~Service();  // writes the journal lines still buffered
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  /// Serves one request; safe to call from many threads.
  Outcome serve(const Request& request);
  /// Serves the request at once, on the calling thread (an I/O thread), when
  /// that cannot block: a plain read (Effect::read) with no fault armed.
  /// Otherwise nullopt: hand the request to serve() on a worker. Spares a
  /// plain read two thread hand-overs.
  std::optional<Outcome> serve_now_if_quick(const Request& request);
  /// Lets time-driven work (auto-processing) catch up with the clock, and
  /// writes the buffered journal lines; the server calls it every second.
  void tick();
  /// --seed demo: orders, subscriptions and payments; returns the order IDs.
  std::vector<std::string> seed_demo();
  /// The operator token in force.
  const std::string& operator_token() const { return options_.operator_token; }

 private:
  // --- the pipeline, in the order a request meets it (service.cpp)
  /// A GET that only reads: on a reader connection, without the lock
  /// (nullopt: not such a request, faults are armed, or it may not run on
  /// an I/O thread when `on_io_thread`).
  std::optional<Outcome> serve_read(const Request& request, bool on_io_thread);
  /// Every other request, with `lock` (on mutex_) held on entry.
  Outcome serve_locked(const Request& request, std::unique_lock<std::mutex>& lock);
  /// The request's fault, if one is armed for it: answered here (503, 429,
  /// a dropped connection) or applied later (a delay, a drop after commit).
  struct FaultEffect {
    std::optional<Outcome> answered;  // the request is not executed
    std::int64_t delay_ms = 0;
    bool drop_after_commit = false;
  };
  FaultEffect apply_fault(const Call& call, const std::string& idem_key);
  /// execute() with any failure of the database answered 503.
  Response serve_safely(Call& call, const std::string& idem_key, std::int64_t delay_ms,
                        std::unique_lock<std::mutex>& lock);
  /// Routing, authentication, the body, idempotency, the prepare step and
  /// the transaction.
  Response execute(Call& call, const std::string& idem_key, std::int64_t delay_ms,
                   std::unique_lock<std::mutex>& lock);
  /// Routing, body size, authentication and the body, shared by both paths;
  /// throws ApiError. Returns the route (never nullptr).
  const Route* admit(Call& call, const Router::Match& match, Database& db) const;
  /// The route's prepare step, on a reader, without the lock.
  void prepare(Call& call, const Route& route);
  void finish_response(const Call& call, Response& response) const;
  void log_line(const Call& call, int status, std::chrono::steady_clock::time_point started) const;
  /// Logs an unexpected failure `when` ("on", "before") the request and answers 503 UNAVAILABLE.
  Response internal_error(const Call& call, const char* when, const std::exception& e) const;

  // --- set-up and the clock
  void load_or_create_operator_token();
  void load_or_create_service_secret();
  /// The service clock read through `db` (the virtual time is stored).
  std::int64_t now(Database& db) const;

  Options options_;
  std::string service_secret_;       // data_dir/service-secret: keys fingerprints and session tokens
  std::string dummy_password_hash_;  // verified against when there is no account, so both paths cost the same
  Database db_;                      // the one writer
  ReaderPool readers_;               // read-only connections: GETs and prepare steps
  // One write at a time on the writer. A plain mutex: a request takes it
  // once (serve) and hands the lock down; it is given up only where nobody
  // needs the writer (an injected delay, a prepare step). Reads never take it.
  std::mutex mutex_;
  Mailer mailer_;
  BackOffice back_office_;
  // The request's way through, in order (serve_locked and execute):
  FaultTable faults_;             // fault injection, before anything else
  Router router_;                 // method + path → the endpoint (router/routes.cpp)
  Authenticator authenticator_;   // the caller
  Idempotency idempotency_;       // replay, in-flight keys, the stored response
  RequestJournal journal_;        // every request's line
  Env env_;                       // what handlers share
  std::atomic<bool> ticking_{false};  // a tick is running: the next one is skipped, never queued behind it
  // Last: its worker thread stops before anything it uses is destroyed.
  webhooks::Dispatcher dispatcher_;   // webhook deliveries, off the request path
};

}  // namespace sandbox
