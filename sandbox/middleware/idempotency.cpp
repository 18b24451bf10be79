#include "middleware/idempotency.hpp"

#include "crypto.hpp"
#include "errors.hpp"
#include "store/idempotency.hpp"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

namespace sandbox {
namespace {

// How long a stored response is replayed.
constexpr std::int64_t kLifetimeSeconds = 86400;

// Stands in for a live secret (a session token, a webhook signing secret) in
// a stored response body (ResponseSecret). Both are base64url (the webhook
// secret after "whsec_"), so this text can never be mistaken for one.
constexpr std::string_view kSecretPlaceholder = "[secret: rebuilt from its reference on replay]";

/// `body` with the first `from` replaced by `to` (the body is the service's own JSON).
std::string replace_once(std::string body, std::string_view from, std::string_view to) {
  if (const auto at = body.find(from); at != std::string::npos && !from.empty()) body.replace(at, from.size(), to);
  return body;
}

// Canonical JSON: object keys sorted at every level, so two bodies that
// parse equal have the same fingerprint.
boost::json::value canonical(const boost::json::value& v) {
  if (v.is_object()) {
    std::vector<std::pair<std::string, boost::json::value>> entries;
    for (const auto& e : v.get_object()) entries.emplace_back(std::string(e.key()), canonical(e.value()));
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    boost::json::object out;
    for (auto& [k, val] : entries) out[k] = std::move(val);
    return out;
  }
  if (v.is_array()) {
    boost::json::array out;
    for (const auto& item : v.get_array()) out.push_back(canonical(item));
    return out;
  }
  return v;
}

}  // namespace

Idempotency::Claim::Claim(Claim&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)),
      scope_(std::move(other.scope_)),
      key_(std::move(other.key_)),
      fingerprint_(std::move(other.fingerprint_)) {}

// The in-flight key is released however the request ends, a database error
// included, so a retry with the same key is never stuck IN_USE.
Idempotency::Claim::~Claim() {
  if (owner_ != nullptr) owner_->release(scope_, key_);
}

std::string Idempotency::fingerprint(const Call& call) const {
  return crypto::hmac_sha256_hex(secret_, "fingerprint\n" + call.method + " " + call.path + " " +
                                              boost::json::serialize(canonical(call.body)));
}

std::optional<Response> Idempotency::replay_or_claim(Database& db, const Call& call, const std::string& key,
                                                     Claim& claim) {
  if (key.empty() || key.size() > 255) {
    throw ApiError("INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must have 1 to 255 characters.");
  }
  const std::string scope = call.caller.account_id.empty() ? "path:" + call.path : "account:" + call.caller.account_id;
  const std::string print = fingerprint(call);  // computed once: the replay check and the stored record
  if (const auto stored = sandbox::store::stored_response(db, scope, key); stored && stored->created_at + kLifetimeSeconds > call.now) {
    if (!crypto::constant_time_equal(stored->fingerprint, print)) {
      throw ApiError("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used with a different request; use a new key.");
    }
    Response replay;
    replay.status = stored->status;
    replay.content_type = stored->content_type;
    replay.body = !stored->secret_reference
                      ? stored->body
                      : replace_once(stored->body, kSecretPlaceholder,
                                     crypto::secret_from_reference(secret_, *stored->secret_reference));
    replay.headers.emplace_back("Request-Id", stored->request_id);
    replay.headers.emplace_back("Idempotent-Replayed", "true");
    return replay;
  }
  std::lock_guard inflight(inflight_mutex_);
  if (!inflight_.insert(scope + "\n" + key).second) {
    throw ApiError("IDEMPOTENCY_KEY_IN_USE", "A request with this Idempotency-Key is still executing.");
  }
  claim.owner_ = this;
  claim.scope_ = scope;
  claim.key_ = key;
  claim.fingerprint_ = print;
  return std::nullopt;
}

void Idempotency::store(Database& db, const Claim& claim, const Call& call, const Response& response) {
  if (!claim.active() || response.status >= 500) return;
  const bool secret = call.secret.has_value();
  sandbox::store::store_response(
      db, claim.scope(), claim.key(),
      sandbox::store::StoredResponse{claim.fingerprint(), response.status, call.request_id, response.content_type,
                            secret ? replace_once(response.body, call.secret->value, kSecretPlaceholder) : response.body,
                            call.now, secret ? std::optional<std::string>(call.secret->reference) : std::nullopt});
}

void Idempotency::release(const std::string& scope, const std::string& key) {
  std::lock_guard inflight(inflight_mutex_);
  inflight_.erase(scope + "\n" + key);
}

}  // namespace sandbox
