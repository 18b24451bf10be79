// The route table: method + path template → the handler of one endpoint,
// with what the middleware needs to know about it (who may call it, whether
// it honours Idempotency-Key, and its prepare step).
#pragma once

#include "call.hpp"
#include "http.hpp"

#include <string>
#include <vector>

namespace sandbox {

class Service;

/// Who may call an endpoint.
enum class Auth {
  none,                    // anyone (registration, sign-in, resets)
  customer,                // a signed-in customer
  customer_restricted_ok,  // also a customer signed in with a mailed password (to change it)
  operator_token,          // the sandbox operator API
};

struct Route {
  using Handler = Response (Service::*)(Call&);
  /// Slow work of a handler (password hashing) run without the service's
  /// lock, after authentication and the idempotency check, before the transaction.
  using Prepare = void (Service::*)(Call&);

  std::string method;
  std::vector<std::string> segments;  // the template's segments; "{}" captures one
  Handler handler;
  Auth auth;
  bool idempotent_post;  // a POST that honours Idempotency-Key
  Prepare prepare = nullptr;
  /// The handler only reads: it runs on a read-only connection, beside
  /// other reads and the writer, without the service's lock.
  bool read_only = false;
};

class Router {
 public:
  /// `path` is a template: "/v1/bills/{}" captures the id.
  /// A GET only reads, unless marked `serialised`: it then runs under the
  /// service's lock like a write — GET /sandbox/journal (it first writes the
  /// buffered journal lines) and the e-invoice document (cairo draws it, kept
  /// to one thread at a time as before).
  enum class Effect { as_method, serialised };
  void add(const char* method, const char* path, Route::Handler handler, Auth auth, Route::Prepare prepare = nullptr,
           Effect effect = Effect::as_method);

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

}  // namespace sandbox
