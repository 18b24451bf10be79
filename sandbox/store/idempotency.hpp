// The idempotency table: the stored first response of each keyed POST. The
// only code that reads or writes it; the rules are middleware/idempotency.
#pragma once

#include "db.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace sandbox::store {

struct StoredResponse {
  std::string fingerprint;  // HMAC of the request it answered
  int status = 0;
  std::string request_id;
  std::string content_type;
  std::string body;         // with a live secret replaced by a placeholder (ADR 0011)
  std::int64_t created_at = 0;
  std::optional<std::string> secret_reference;
};
std::optional<StoredResponse> stored_response(Database& db, const std::string& scope, const std::string& key);
/// Stores (or replaces) the response of (scope, key).
void store_response(Database& db, const std::string& scope, const std::string& key, const StoredResponse& response);

}  // namespace sandbox::store
