// Authentication: the caller of an endpoint, from its bearer token — the
// operator token for the operator API, a customer session otherwise.
#pragma once

#include "call.hpp"
#include "db.hpp"
#include "router/router.hpp"

#include <string>

namespace sandbox {

class Authenticator {
 public:
  explicit Authenticator(const std::string& operator_token) : operator_token_(operator_token) {}

  /// Fills call.caller for a customer session; throws ApiError UNAUTHENTICATED (no or a bad token)
  /// or PASSWORD_CHANGE_REQUIRED (a mailed password's session, where `auth`
  /// does not allow one).
  /// `db` is the connection of the request (a reader for a GET).
  void authenticate(Database& db, Call& call, Auth auth) const;

 private:
  const std::string& operator_token_;
};

}  // namespace sandbox
