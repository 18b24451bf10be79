#include "store/idempotency.hpp"

namespace sandbox::store {

std::optional<StoredResponse> stored_response(Database& db, const std::string& scope, const std::string& key) {
  auto st = db.prepare("SELECT fingerprint, status, request_id, content_type, body, created_at, secret_ref "
                       "FROM idempotency WHERE scope = ? AND key = ?");
  st.bind_all(scope, key);
  if (!st.step()) return std::nullopt;
  StoredResponse r{st.text(0), static_cast<int>(st.integer(1)), st.text(2), st.text(3), st.text(4), st.integer(5), {}};
  if (!st.is_null(6)) r.secret_reference = st.text(6);
  return r;
}

void store_response(Database& db, const std::string& scope, const std::string& key, const StoredResponse& r) {
  db.prepare("INSERT OR REPLACE INTO idempotency(scope, key, fingerprint, status, request_id, content_type, body, "
             "created_at, secret_ref) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(scope, key, r.fingerprint, r.status, r.request_id, r.content_type, r.body, r.created_at,
                r.secret_reference)
      .run();
}

}  // namespace sandbox::store
