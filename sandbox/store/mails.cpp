#include "store/mails.hpp"

#include "store/rows.hpp"

namespace sandbox::store {

void insert_mail(Database& db, const NewMail& m) {
  db.prepare("INSERT INTO mails(id, to_addr, kind, subject, body, sent_at, token, password, account_id, "
             "counts_for_resend) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(m.id, m.to, m.kind, m.subject, m.body, m.sent_at, m.token, m.password, m.account_id,
                m.counts_for_resend ? 1 : 0)
      .run();
}

std::int64_t mails_since(Database& db, const std::string& account_id, const char* kind, bool resends_only,
                         std::int64_t since) {
  auto sent = db.prepare("SELECT COUNT(*) FROM mails WHERE account_id = ? AND kind = ? "
                         "AND (? = 0 OR counts_for_resend = 1) AND sent_at > ?");
  sent.bind_all(account_id, kind, resends_only ? 1 : 0, since);
  sent.step();
  return sent.integer(0);
}

MailPage outbox(Database& db, const std::string& to, std::int64_t limit) {
  auto st = db.prepare("SELECT id, to_addr, kind, subject, body, sent_at, token, password FROM mails "
                       "WHERE (?1 = '' OR to_addr = lower(?1)) ORDER BY seq LIMIT ?2");
  st.bind(1, to).bind(2, limit + 1);
  MailPage page;
  while (st.step()) {
    fapiao::sandbox::Mail m;
    m.id = st.text(0);
    m.to = st.text(1);
    m.kind = fapiao::OpenEnum<fapiao::MailKind>::from_wire(st.text(2));
    m.subject = st.text(3);
    m.body = st.text(4);
    m.sent_at = ts(st.integer(5));
    if (!st.is_null(6)) m.token = st.text(6);
    if (!st.is_null(7)) m.password = st.text(7);
    page.mails.push_back(std::move(m));
  }
  page.has_more = trim_to_page(page.mails, limit);
  return page;
}

}  // namespace sandbox::store
