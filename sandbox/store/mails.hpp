// The mails table: every mail the sandbox sent (the operator's outbox), and
// the counts the resend limits are taken from.
#pragma once

#include "db.hpp"

#include <fapiao/generated/sandbox_models.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sandbox::store {

struct NewMail {
  std::string id;
  std::string to;
  std::string kind;  // a MailKind wire name
  std::string subject;
  std::string body;
  std::int64_t sent_at = 0;
  std::optional<std::string> token;     // an activation token, for the operator's outbox
  std::optional<std::string> password;  // a temporary password, likewise
  std::string account_id;
  bool counts_for_resend = false;
};
void insert_mail(Database& db, const NewMail& mail);

/// Mails of `kind` sent to an account after `since` (only those that count
/// toward the resend limit, with `resends_only`).
std::int64_t mails_since(Database& db, const std::string& account_id, const char* kind, bool resends_only,
                         std::int64_t since);

/// The outbox in sending order, to one address or to all (`to` empty);
/// up to `limit` mails, and whether there are more.
struct MailPage {
  std::vector<fapiao::sandbox::Mail> mails;
  bool has_more = false;
};
MailPage outbox(Database& db, const std::string& to, std::int64_t limit);

}  // namespace sandbox::store
