// The webhook tables: endpoints, their signing secrets (kept only as
// references the secrets are derived from, ADR 0016), the deliveries still
// to make and every attempt made. The only code that reads or writes them.
#pragma once

#include "db.hpp"

#include <fapiao/generated/sandbox_models.hpp>
#include <fapiao/models.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sandbox::store {

// ---- endpoints (their `secret` is never stored: it is left empty here)
void insert_endpoint(Database& db, const fapiao::WebhookEndpoint& endpoint, const std::string& account_id);
void save_endpoint(Database& db, const fapiao::WebhookEndpoint& endpoint);
/// An account's endpoint; nullopt when it is not theirs or does not exist.
std::optional<fapiao::WebhookEndpoint> find_endpoint(Database& db, const std::string& account_id, const std::string& id);
/// An account's endpoints, newest first.
std::vector<fapiao::WebhookEndpoint> endpoints_of(Database& db, const std::string& account_id);
/// Removes an endpoint, its secrets and its pending deliveries (the attempts
/// made stay for /sandbox/webhook-deliveries).
void delete_endpoint(Database& db, const std::string& id);
/// The ENABLED endpoints of an account subscribed to `type` (or to "*").
std::vector<std::string> subscribed_endpoints(Database& db, const std::string& account_id, const std::string& type);

// ---- secrets: the current one (no expiry) and those still signing after a rotation
void add_secret(Database& db, const std::string& endpoint_id, const std::string& reference);
/// The current secret keeps signing until `expires_at`, then stops.
void expire_current_secret(Database& db, const std::string& endpoint_id, std::int64_t expires_at);
/// The references of the secrets that sign at `now`, newest first.
std::vector<std::string> live_secrets(Database& db, const std::string& endpoint_id, std::int64_t now);

// ---- deliveries
void insert_delivery(Database& db, const std::string& event_id, const std::string& endpoint_id, std::int64_t due_at);
/// A delivery whose next attempt is due.
struct DueDelivery {
  std::string event_id;
  std::string endpoint_id;
  std::string event_type;
  std::string url;
  std::string body;
  int attempt = 1;  // the number of the attempt to make
};
/// Pending deliveries to ENABLED endpoints due at `now`, oldest due first.
std::vector<DueDelivery> due_deliveries(Database& db, std::int64_t now, int limit);
/// When the earliest pending delivery to an ENABLED endpoint is due.
std::optional<std::int64_t> next_delivery_due(Database& db);
/// Records an attempt and the delivery's state after it.
void record_attempt(Database& db, const fapiao::sandbox::WebhookDelivery& attempt);
/// Every attempt, oldest first; "" matches any endpoint or event.
std::vector<fapiao::sandbox::WebhookDelivery> attempts(Database& db, const std::string& endpoint_id,
                                                       const std::string& event_id);

}  // namespace sandbox::store
