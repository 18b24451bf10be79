#include "store/events.hpp"

#include "store/rows.hpp"

namespace sandbox::store {

void insert_event(Database& db, const EventRow& e) {
  db.prepare("INSERT INTO events(id, seq, account_id, type, created_at, body) VALUES(?, ?, ?, ?, ?, ?)")
      .bind_all(e.id, next_seq(db, "events"), e.account_id, e.type, e.created_at, e.body)
      .run();
}

std::optional<std::string> find_event(Database& db, const std::string& account_id, const std::string& id) {
  auto st = db.prepare("SELECT body FROM events WHERE id = ? AND account_id = ?");
  st.bind_all(id, account_id);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

EventPage list_events(Database& db, const EventQuery& q) {
  EventPage page;
  std::int64_t cursor_seq = 0;
  if (q.starting_after) {
    auto c = db.prepare("SELECT seq FROM events WHERE id = ? AND account_id = ?");
    c.bind_all(*q.starting_after, q.account_id);
    if (!c.step()) {
      page.cursor_found = false;
      return page;
    }
    cursor_seq = c.integer(0);
  }
  std::string sql = "SELECT body FROM events WHERE account_id = ?1";
  if (q.type) sql += " AND type = ?2";
  if (q.starting_after) sql += " AND seq < ?3";
  sql += " ORDER BY seq DESC LIMIT ?4";
  auto st = db.prepare(sql);
  st.bind(1, q.account_id);
  if (q.type) st.bind(2, *q.type);
  if (q.starting_after) st.bind(3, cursor_seq);
  st.bind(4, static_cast<std::int64_t>(q.limit) + 1);
  while (st.step()) page.bodies.push_back(st.text(0));
  page.has_more = trim_to_page(page.bodies, q.limit);
  return page;
}

void delete_events_before(Database& db, std::int64_t before) {
  db.prepare("DELETE FROM webhook_deliveries WHERE event_id IN (SELECT id FROM events WHERE created_at < ?)")
      .bind_all(before)
      .run();
  db.prepare("DELETE FROM events WHERE created_at < ?").bind_all(before).run();
}

}  // namespace sandbox::store
