#include "middleware/authentication.hpp"

#include "crypto.hpp"
#include "errors.hpp"
#include "store/accounts.hpp"

namespace sandbox {

void Authenticator::authenticate(Database& db, Call& call, Auth auth) const {
  if (auth == Auth::none) return;
  const std::string header = call.request.header("authorization");
  const std::string token = header.rfind("Bearer ", 0) == 0 ? header.substr(7) : std::string();
  if (auth == Auth::operator_token) {
    if (token.empty() || !crypto::constant_time_equal(token, operator_token_)) {
      throw ApiError("UNAUTHENTICATED", "The operator API needs Authorization: Bearer <operator token>.");
    }
    return;
  }
  if (token.empty()) throw ApiError("UNAUTHENTICATED", "Sign in first: Authorization: Bearer <session token>.");
  const std::string hash = crypto::sha256_hex(token);
  const auto session = store::session(db, hash);
  if (!session || session->expires_at <= call.now) {
    throw ApiError("UNAUTHENTICATED", "The session is unknown or has expired; sign in again.");
  }
  call.caller = Caller{session->account_id, session->customer_id, hash, session->temp_password};
  if (call.caller.restricted && auth != Auth::customer_restricted_ok) {
    throw ApiError("PASSWORD_CHANGE_REQUIRED", "This session signed in with a mailed password: change the password first.");
  }
}

}  // namespace sandbox
