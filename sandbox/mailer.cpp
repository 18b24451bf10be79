#include "mailer.hpp"

#include "store/mails.hpp"
#include "store/rows.hpp"
#include "util.hpp"

namespace sandbox {

void Mailer::send(Database& db, std::int64_t at, const OutgoingMail& m) const {
  const std::string id = store::new_id("mail");
  store::insert_mail(db, store::NewMail{id, m.to, m.kind, m.subject, m.body, at, unless_empty(m.token),
                                        unless_empty(m.password), m.account_id, m.counts_for_resend});
  // The .eml copy is written now; if the transaction rolls back, a stray
  // file in the outbox folder is harmless and the JSON outbox stays exact.
  write_eml(dir_ / (id + ".eml"), m.to, m.subject, m.body, at, m.pdf_attachment);
}

}  // namespace sandbox
