// Idempotency-Key (the contract's "Idempotency"): the first response of
// status < 500 to a keyed POST is stored, with the transaction that made it,
// for 24 hours per scope ((account, key), or (path, key) without a session),
// and replayed byte for byte; the same key with another request is
// IDEMPOTENCY_KEY_REUSED, and while the first still runs, IDEMPOTENCY_KEY_IN_USE.
#pragma once

#include "call.hpp"
#include "db.hpp"
#include "http.hpp"

#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace sandbox {

class Idempotency {
 public:
  explicit Idempotency(const std::string& service_secret) : secret_(service_secret) {}

  /// One keyed request on its way through: replay() found nothing stored,
  /// so it claimed the key (in flight until this ends) and will store().
  class Claim {
   public:
    Claim() = default;
    Claim(Claim&& other) noexcept;
    Claim& operator=(Claim&&) = delete;
    ~Claim();
    bool active() const { return owner_ != nullptr; }
    const std::string& scope() const { return scope_; }
    const std::string& key() const { return key_; }
    const std::string& fingerprint() const { return fingerprint_; }

   private:
    friend class Idempotency;
    Idempotency* owner_ = nullptr;
    std::string scope_, key_, fingerprint_;
  };

  /// For a POST that sent Idempotency-Key (`key`, validated here:
  /// INVALID_IDEMPOTENCY_KEY): the stored response to replay, if any (or
  /// IDEMPOTENCY_KEY_REUSED for another request); else `claim` takes the key
  /// (or IDEMPOTENCY_KEY_IN_USE while another request holds it).
  /// `db` is the writer connection (the service's lock held).
  std::optional<Response> replay_or_claim(Database& db, const Call& call, const std::string& key, Claim& claim);

  /// Stores the response of a claimed key (not 5xx), in the caller's
  /// transaction. A live secret in the body (call.secret) is stored as its
  /// reference only, and rebuilt on replay (ADR 0011).
  void store(Database& db, const Claim& claim, const Call& call, const Response& response);

 private:
  /// HMAC of method, path and canonical body under the service secret: a
  /// copy of the database alone allows no offline guessing of what was sent.
  std::string fingerprint(const Call& call) const;
  void release(const std::string& scope, const std::string& key);

  const std::string& secret_;
  std::mutex inflight_mutex_;
  std::set<std::string> inflight_;  // scope + "\n" + key of the keyed requests executing now
};

}  // namespace sandbox
