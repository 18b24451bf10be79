// The route table's types: method + path template → the endpoint of one
// operation, with what the middleware needs to know about it (who may call
// it, whether it only reads, and its prepare step). The table itself is
// routes.cpp.
#pragma once

#include "call.hpp"
#include "handlers/context.hpp"
#include "http.hpp"

#include <string>
#include <vector>

namespace sandbox {

/// Who may call an endpoint.
enum class Auth {
  none,                    // anyone (registration, sign-in, resets)
  customer,                // a signed-in customer
  customer_restricted_ok,  // also a customer signed in with a mailed password (to change it)
  operator_token,          // the sandbox operator API
};

/// Where a GET runs. Every other method runs on the writer, in a transaction.
enum class Effect {
  read,        // on a read-only connection, beside other reads and the writer; may be served on an I/O thread
  slow_read,   // the same, but never on an I/O thread (drawing a PDF takes milliseconds)
  on_writer,   // under the service's lock like a write (GET /sandbox/journal first writes the buffered lines)
  delivers_due_webhooks,  // a write answered only after the webhook deliveries it made due were attempted
};

struct Route {
  /// Reads the call into the handler's typed input, runs the handler and
  /// writes its result (router/endpoint.hpp).
  using Endpoint = Response (*)(Call&, const Context&);
  /// Slow work of a handler (password hashing) run without the service's
  /// lock, after authentication and the idempotency check, before the transaction.
  using Prepare = PasswordWork (*)(const PrepareContext&, const Call&);

  std::string method;
  std::vector<std::string> segments;  // the template's segments; "{}" captures one
  Endpoint endpoint = nullptr;
  Auth auth = Auth::customer;
  Prepare prepare = nullptr;
  Effect effect = Effect::read;

  bool read_only() const { return method == "GET" && effect != Effect::on_writer; }
  bool may_run_on_io_thread() const { return method == "GET" && effect == Effect::read; }
  /// Every POST honours Idempotency-Key (the contract declares it on each).
  bool idempotent() const { return method == "POST"; }
};

class Router {
 public:
  /// `path` is a template: "/v1/bills/{}" captures the id.
  void add(const char* method, const char* path, Route::Endpoint endpoint, Auth auth,
           Route::Prepare prepare = nullptr, Effect effect = Effect::read);

  /// What a request's method and path resolve to.
  struct Match {
    const Route* route = nullptr;     // nullptr: no endpoint for this method and path
    bool path_known = false;          // the path exists with another method (405, not 404)
    std::vector<std::string> params;  // the {} captures, in order
  };
  Match match(const std::string& method, const std::string& path) const;

 private:
  std::vector<Route> routes_;
};

/// Every endpoint of the contract and its handler (routes.cpp).
Router routes();

}  // namespace sandbox
