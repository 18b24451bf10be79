#include "store/webhooks.hpp"

#include "store/rows.hpp"

#include <algorithm>

namespace sandbox::store {
namespace fj = fapiao::detail::json;
namespace {

constexpr const char* kEndpointColumns = "id, url, event_types, description, status, created_at";

fapiao::WebhookEndpoint endpoint_from(const Statement& st) {
  fapiao::WebhookEndpoint e;
  e.id = st.text(0);
  e.url = st.text(1);
  e.event_types = decode_stored<std::vector<std::string>>(st.text(2), "event types of " + e.id);
  e.description = st.text(3);
  e.status = fapiao::OpenEnum<fapiao::WebhookEndpointStatus>::from_wire(st.text(4));
  e.created_at = ts(st.integer(5));
  return e;
}

}  // namespace

void insert_endpoint(Database& db, const fapiao::WebhookEndpoint& e, const std::string& account_id) {
  db.prepare("INSERT INTO webhook_endpoints(id, seq, account_id, url, event_types, description, status, created_at) "
             "VALUES(?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(e.id, next_seq(db, "webhook_endpoints"), account_id, e.url, fj::encode(e.event_types), e.description,
                std::string(e.status.wire()), secs(e.created_at))
      .run();
}

void save_endpoint(Database& db, const fapiao::WebhookEndpoint& e) {
  db.prepare("UPDATE webhook_endpoints SET url = ?, event_types = ?, description = ?, status = ? WHERE id = ?")
      .bind_all(e.url, fj::encode(e.event_types), e.description, std::string(e.status.wire()), e.id)
      .run();
}

std::optional<fapiao::WebhookEndpoint> find_endpoint(Database& db, const std::string& account_id, const std::string& id) {
  auto st = db.prepare(std::string("SELECT ") + kEndpointColumns +
                       " FROM webhook_endpoints WHERE id = ? AND account_id = ?");
  st.bind_all(id, account_id);
  if (!st.step()) return std::nullopt;
  return endpoint_from(st);
}

std::vector<fapiao::WebhookEndpoint> endpoints_of(Database& db, const std::string& account_id) {
  std::vector<fapiao::WebhookEndpoint> out;
  auto st = db.prepare(std::string("SELECT ") + kEndpointColumns +
                       " FROM webhook_endpoints WHERE account_id = ? ORDER BY seq DESC");
  st.bind_all(account_id);
  while (st.step()) out.push_back(endpoint_from(st));
  return out;
}

void delete_endpoint(Database& db, const std::string& id) {
  db.prepare("DELETE FROM webhook_deliveries WHERE endpoint_id = ?").bind_all(id).run();
  db.prepare("DELETE FROM webhook_secrets WHERE endpoint_id = ?").bind_all(id).run();
  db.prepare("DELETE FROM webhook_endpoints WHERE id = ?").bind_all(id).run();
}

std::vector<std::string> subscribed_endpoints(Database& db, const std::string& account_id, const std::string& type) {
  std::vector<std::string> out;
  auto st = db.prepare("SELECT id, event_types FROM webhook_endpoints WHERE account_id = ? AND status = 'ENABLED' "
                       "ORDER BY seq");
  st.bind_all(account_id);
  while (st.step()) {
    const auto types = decode_stored<std::vector<std::string>>(st.text(1), "event types");
    if (std::find(types.begin(), types.end(), "*") != types.end() ||
        std::find(types.begin(), types.end(), type) != types.end()) {
      out.push_back(st.text(0));
    }
  }
  return out;
}

void add_secret(Database& db, const std::string& endpoint_id, const std::string& reference) {
  db.prepare("INSERT INTO webhook_secrets(endpoint_id, seq, reference, expires_at) VALUES(?, ?, ?, NULL)")
      .bind_all(endpoint_id, next_seq(db, "webhook_secrets"), reference)
      .run();
}

void expire_current_secret(Database& db, const std::string& endpoint_id, std::int64_t expires_at) {
  db.prepare("UPDATE webhook_secrets SET expires_at = ? WHERE endpoint_id = ? AND expires_at IS NULL")
      .bind_all(expires_at, endpoint_id)
      .run();
}

std::vector<std::string> live_secrets(Database& db, const std::string& endpoint_id, std::int64_t now) {
  std::vector<std::string> out;
  auto st = db.prepare("SELECT reference FROM webhook_secrets WHERE endpoint_id = ? AND "
                       "(expires_at IS NULL OR expires_at > ?) ORDER BY seq DESC");
  st.bind_all(endpoint_id, now);
  while (st.step()) out.push_back(st.text(0));
  return out;
}

void insert_delivery(Database& db, const std::string& event_id, const std::string& endpoint_id, std::int64_t due_at) {
  db.prepare("INSERT INTO webhook_deliveries(event_id, endpoint_id, state, attempts, next_attempt_at) "
             "VALUES(?, ?, 'PENDING', 0, ?)")
      .bind_all(event_id, endpoint_id, due_at)
      .run();
}

std::vector<DueDelivery> due_deliveries(Database& db, std::int64_t now, int limit) {
  std::vector<DueDelivery> out;
  auto st = db.prepare(
      "SELECT d.event_id, d.endpoint_id, e.type, w.url, e.body, d.attempts FROM webhook_deliveries d "
      "JOIN events e ON e.id = d.event_id JOIN webhook_endpoints w ON w.id = d.endpoint_id "
      "WHERE d.state = 'PENDING' AND d.next_attempt_at <= ? AND w.status = 'ENABLED' "
      "ORDER BY d.next_attempt_at, e.seq LIMIT ?");
  st.bind_all(now, static_cast<std::int64_t>(limit));
  while (st.step()) {
    out.push_back(DueDelivery{st.text(0), st.text(1), st.text(2), st.text(3), st.text(4),
                              static_cast<int>(st.integer(5)) + 1});
  }
  return out;
}

std::optional<std::int64_t> next_delivery_due(Database& db) {
  auto st = db.prepare("SELECT MIN(d.next_attempt_at) FROM webhook_deliveries d JOIN webhook_endpoints w "
                       "ON w.id = d.endpoint_id WHERE d.state = 'PENDING' AND w.status = 'ENABLED'");
  if (!st.step() || st.is_null(0)) return std::nullopt;
  return st.integer(0);
}

void record_attempt(Database& db, const fapiao::sandbox::WebhookDelivery& a) {
  auto update = db.prepare("UPDATE webhook_deliveries SET state = ?, attempts = ?, next_attempt_at = ? "
                           "WHERE event_id = ? AND endpoint_id = ?");
  update.bind(1, std::string(a.state.wire())).bind(2, static_cast<std::int64_t>(a.attempt));
  if (a.next_attempt_at) {
    update.bind(3, secs(*a.next_attempt_at));
  } else {
    update.bind(3, nullptr);
  }
  update.bind(4, a.event_id).bind(5, a.endpoint_id);
  update.run();
  if (db.changes() == 0) return;  // the endpoint was deleted during the attempt: nothing more to record
  auto insert = db.prepare("INSERT INTO webhook_attempts(event_id, endpoint_id, attempt, at, status_code, duration_ms, "
                           "state, next_attempt_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, a.event_id).bind(2, a.endpoint_id).bind(3, static_cast<std::int64_t>(a.attempt));
  insert.bind(4, secs(a.at)).bind(5, static_cast<std::int64_t>(a.status_code)).bind(6, a.duration_ms);
  insert.bind(7, std::string(a.state.wire()));
  if (a.next_attempt_at) {
    insert.bind(8, secs(*a.next_attempt_at));
  } else {
    insert.bind(8, nullptr);
  }
  insert.run();
}

std::vector<fapiao::sandbox::WebhookDelivery> attempts(Database& db, const std::string& endpoint_id,
                                                       const std::string& event_id) {
  std::vector<fapiao::sandbox::WebhookDelivery> out;
  auto st = db.prepare("SELECT event_id, endpoint_id, attempt, at, status_code, duration_ms, state, next_attempt_at "
                       "FROM webhook_attempts WHERE (?1 = '' OR endpoint_id = ?1) AND (?2 = '' OR event_id = ?2) "
                       "ORDER BY seq");
  st.bind_all(endpoint_id, event_id);
  while (st.step()) {
    fapiao::sandbox::WebhookDelivery a;
    a.event_id = st.text(0);
    a.endpoint_id = st.text(1);
    a.attempt = static_cast<std::int32_t>(st.integer(2));
    a.at = ts(st.integer(3));
    a.status_code = static_cast<std::int32_t>(st.integer(4));
    a.duration_ms = st.integer(5);
    a.state = fapiao::OpenEnum<fapiao::DeliveryState>::from_wire(st.text(6));
    if (!st.is_null(7)) a.next_attempt_at = ts(st.integer(7));
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace sandbox::store
