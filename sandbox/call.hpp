// One request as the middleware sees it: the parsed target, the caller
// (after authentication), the body, and what the prepare step computed
// outside the lock.
#pragma once

#include "http.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sandbox {

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

/// Who is calling, as authentication found it (empty for the operator API
/// and for endpoints anyone may call).
struct Caller {
  std::string account_id;
  std::string customer_id;
  std::string session_hash;  // SHA-256 of the session token
  bool restricted = false;   // signed in with a mailed password
};

/// One request on its way through the middleware: what its endpoint is
/// called with is read from here (router/endpoint.hpp), never by the handler.
struct Call {
  const Request& request;
  std::string method;
  std::string path;                              // without the query
  std::map<std::string, std::string> query;      // decoded
  std::vector<std::string> params;               // {id} captures of the route
  std::string request_id;
  std::int64_t now = 0;                          // the service clock, seconds
  boost::json::value body;                       // parsed JSON body ({} when empty)
  Caller caller;                                 // set by authentication
  PasswordWork passwords;                        // hashing done outside the lock (prepare step)
  std::optional<ResponseSecret> secret;          // set by a handler whose response carries one
};

}  // namespace sandbox
