// The accounts, activation_tokens, sessions and sign_in_failures tables: the
// only code that reads or writes them. The rules (who may sign in, the
// lock-out, the lifetimes) are the handlers'; these only fetch and keep rows.
#pragma once

#include "db.hpp"

#include <fapiao/models.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sandbox::store {

/// An account as stored (the password hash never leaves the sandbox).
struct AccountRow {
  std::string id;
  std::string customer_id;
  std::string email;
  std::string status;  // an AccountStatus wire name
  std::string password_hash;
  std::int64_t created_at = 0;
  bool temp_password = false;  // signed in with a mailed password: it must be changed
};

struct NewAccount {
  std::string id;
  std::string customer_id;
  std::string order_id;
  std::string email;
  std::string password_hash;
  std::int64_t created_at = 0;
};
void insert_account(Database& db, const NewAccount& account);
/// The account as the API shows it; nullopt when there is none.
std::optional<fapiao::Account> account(Database& db, const std::string& id);
std::optional<AccountRow> account_row(Database& db, const std::string& id);
/// Every account of an e-mail address, an active one first, then newest first.
std::vector<AccountRow> accounts_with_email(Database& db, const std::string& email);
/// Every account of a customer (of any of its orders).
std::vector<AccountRow> accounts_of_customer(Database& db, const std::string& customer_id);
/// Every account's id (an announcement's event goes to all of them).
std::vector<std::string> all_account_ids(Database& db);
void activate_account(Database& db, const std::string& id, std::int64_t at);
void set_email(Database& db, const std::string& id, const std::string& email);
/// A new password hash; `temporary` when it is a mailed one.
void set_password(Database& db, const std::string& id, const std::string& password_hash, bool temporary);

// --- activation tokens (kept as their SHA-256 only)
/// Supersedes every live token of the account, then stores the new one.
void replace_activation_token(Database& db, const std::string& account_id, const std::string& token_hash,
                              std::int64_t at);
struct ActivationToken {
  std::string state;  // LIVE, USED or SUPERSEDED
  AccountRow account;
};
std::optional<ActivationToken> activation_token(Database& db, const std::string& token_hash);
void use_activation_token(Database& db, const std::string& token_hash);

// --- sessions (kept as their token's SHA-256 only)
void insert_session(Database& db, const std::string& token_hash, const std::string& account_id,
                    std::int64_t expires_at);
struct SessionRow {
  std::string account_id;
  std::string customer_id;
  bool temp_password = false;
  std::int64_t expires_at = 0;
};
std::optional<SessionRow> session(Database& db, const std::string& token_hash);
void delete_session(Database& db, const std::string& token_hash);
/// Ends every session of the account except `keep_hash` ("" ends them all).
void delete_sessions(Database& db, const std::string& account_id, const std::string& keep_hash = {});

// --- failed passwords (the sign-in lock-out)
void record_failed_password(Database& db, const std::string& account_id, std::int64_t at);
/// The times of the account's failures after `since`, oldest first.
std::vector<std::int64_t> failed_passwords_since(Database& db, const std::string& account_id, std::int64_t since);
void clear_failed_passwords(Database& db, const std::string& account_id);

}  // namespace sandbox::store
