#include "store/journal.hpp"

#include "store/rows.hpp"

namespace sandbox::store {

void append_journal(Database& db, const std::deque<JournalLine>& lines) {
  auto insert = db.prepare(
      "INSERT INTO trace.journal(method, path, status, idempotency_key, request_id, client_request_id, at) "
      "VALUES(?, ?, ?, ?, ?, ?, ?)");
  for (const auto& line : lines) {
    insert.reset();
    insert.bind_all(line.method, line.path, line.status, line.idempotency_key, line.request_id,
                    line.client_request_id, line.at)
        .run();
  }
}

JournalPage journal(Database& db, const JournalQuery& q) {
  auto st = db.prepare(
      "SELECT method, path, status, idempotency_key, request_id, client_request_id, at FROM trace.journal "
      "WHERE (?1 = '' OR method = ?1) AND (?2 = '' OR (?3 = 1 AND substr(path, 1, length(?2)) = ?2) "
      "OR path = ?2) ORDER BY seq LIMIT ?4");
  st.bind(1, q.method).bind(2, q.path).bind(3, q.prefix ? 1 : 0).bind(4, q.limit + 1);
  JournalPage page;
  while (st.step()) {
    fapiao::sandbox::JournalEntry e;
    e.method = st.text(0);
    e.path = st.text(1);
    e.status = static_cast<std::int32_t>(st.integer(2));
    if (!st.is_null(3)) e.idempotency_key = st.text(3);
    e.request_id = st.text(4);
    if (!st.is_null(5)) e.client_request_id = st.text(5);
    e.at = ts(st.integer(6));
    page.entries.push_back(std::move(e));
  }
  page.has_more = trim_to_page(page.entries, q.limit);
  return page;
}

}  // namespace sandbox::store
