// The mails the sandbox sends: a row in the mails table (the operator's
// outbox, GET /sandbox/outbox) and an .eml file in data_dir/outbox.
#pragma once

#include "db.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace sandbox {

struct OutgoingMail {
  std::string to;
  std::string kind;  // a MailKind wire name
  std::string subject;
  std::string body;
  std::string account_id;      // the account it concerns, for the resend limits ("" for none)
  std::string token;           // an activation token, shown in the operator's outbox
  std::string password;        // a mailed password, likewise
  bool counts_for_resend = false;
  std::string pdf_attachment;  // an e-invoice, attached to the .eml
};

class Mailer {
 public:
  explicit Mailer(std::filesystem::path outbox_dir) : dir_(std::move(outbox_dir)) {}

  /// Sends `mail` at service time `at`, in the caller's transaction.
  void send(Database& db, std::int64_t at, const OutgoingMail& mail) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace sandbox
