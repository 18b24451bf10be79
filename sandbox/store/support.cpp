#include "store/support.hpp"

#include "store/rows.hpp"

namespace sandbox::store {
namespace fj = fapiao::detail::json;

std::vector<fapiao::Announcement> announcements(Database& db) {
  std::vector<fapiao::Announcement> out;
  auto st = db.prepare("SELECT doc FROM announcements WHERE deleted = 0 ORDER BY seq DESC");
  while (st.step()) out.push_back(decode_stored<fapiao::Announcement>(st.text(0), "announcement"));
  return out;
}

void insert_announcement(Database& db, const fapiao::Announcement& a) {
  db.prepare("INSERT INTO announcements(id, seq, doc) VALUES(?, ?, ?)")
      .bind_all(a.id, next_seq(db, "announcements"), fj::encode(a))
      .run();
}

bool delete_announcement(Database& db, const std::string& id) {
  db.prepare("UPDATE announcements SET deleted = 1 WHERE id = ? AND deleted = 0").bind_all(id).run();
  return db.changes() == 1;
}

void insert_ticket(Database& db, const fapiao::SupportTicket& t, const std::string& customer_id) {
  db.prepare("INSERT INTO tickets(id, seq, customer_id, doc) VALUES(?, ?, ?, ?)")
      .bind_all(t.id, next_seq(db, "tickets"), customer_id, fj::encode(t))
      .run();
}

void save_ticket(Database& db, const fapiao::SupportTicket& t) {
  db.prepare("UPDATE tickets SET doc = ? WHERE id = ?").bind_all(fj::encode(t), t.id).run();
}

std::vector<fapiao::SupportTicket> tickets_of(Database& db, const std::string& customer_id) {
  std::vector<fapiao::SupportTicket> out;
  auto st = db.prepare("SELECT doc FROM tickets WHERE customer_id = ? ORDER BY seq DESC");
  st.bind_all(customer_id);
  while (st.step()) out.push_back(decode_stored<fapiao::SupportTicket>(st.text(0), "ticket"));
  return out;
}

std::optional<fapiao::SupportTicket> find_ticket(Database& db, const std::string& customer_id, const std::string& id) {
  auto st = db.prepare("SELECT doc FROM tickets WHERE id = ? AND customer_id = ?");
  st.bind_all(id, customer_id);
  if (!st.step()) return std::nullopt;
  return decode_stored<fapiao::SupportTicket>(st.text(0), "ticket " + id);
}

std::optional<OwnedTicket> ticket_by_id(Database& db, const std::string& id) {
  auto st = db.prepare("SELECT doc, customer_id FROM tickets WHERE id = ?");
  st.bind_all(id);
  if (!st.step()) return std::nullopt;
  return OwnedTicket{decode_stored<fapiao::SupportTicket>(st.text(0), "ticket " + id), st.text(1)};
}

}  // namespace sandbox::store
