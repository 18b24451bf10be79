#include "middleware/authentication.hpp"

#include "crypto.hpp"
#include "errors.hpp"

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
  auto st = db.prepare(
      "SELECT s.account_id, a.customer_id, a.temp_password, s.expires_at FROM sessions s "
      "JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?");
  st.bind_all(hash);
  if (!st.step() || st.integer(3) <= call.now) {
    throw ApiError("UNAUTHENTICATED", "The session is unknown or has expired; sign in again.");
  }
  call.account_id = st.text(0);
  call.customer_id = st.text(1);
  call.restricted = st.integer(2) != 0;
  call.session_hash = hash;
  if (call.restricted && auth != Auth::customer_restricted_ok) {
    throw ApiError("PASSWORD_CHANGE_REQUIRED", "This session signed in with a mailed password: change the password first.");
  }
}

}  // namespace sandbox
