#include "store/accounts.hpp"

#include "util.hpp"

namespace sandbox::store {
namespace {

// The columns account_from reads, in its order, of `accounts a` (also when joined).
constexpr const char* kAccountColumns =
    "a.id, a.customer_id, a.email, a.status, a.password_hash, a.created_at, a.temp_password";

AccountRow account_from(const Statement& st, int first = 0) {
  return AccountRow{st.text(first), st.text(first + 1), st.text(first + 2), st.text(first + 3), st.text(first + 4),
                    st.integer(first + 5), st.integer(first + 6) != 0};
}

std::vector<AccountRow> accounts_where(Database& db, const std::string& condition, const std::string& value,
                                       const char* order = "") {
  auto st = db.prepare(std::string("SELECT ") + kAccountColumns + " FROM accounts a WHERE " + condition + order);
  st.bind_all(value);
  std::vector<AccountRow> out;
  while (st.step()) out.push_back(account_from(st));
  return out;
}

}  // namespace

void insert_account(Database& db, const NewAccount& a) {
  db.prepare("INSERT INTO accounts(id, customer_id, order_id, email, password_hash, status, created_at) "
             "VALUES(?, ?, ?, ?, ?, 'PENDING_ACTIVATION', ?)")
      .bind_all(a.id, a.customer_id, a.order_id, a.email, a.password_hash, a.created_at)
      .run();
}

std::optional<fapiao::Account> account(Database& db, const std::string& id) {
  auto st = db.prepare("SELECT id, email, status, created_at, activated_at FROM accounts WHERE id = ?");
  st.bind_all(id);
  if (!st.step()) return std::nullopt;
  fapiao::Account a;
  a.id = st.text(0);
  a.email = st.text(1);
  a.status = fapiao::OpenEnum<fapiao::AccountStatus>::from_wire(st.text(2));
  a.created_at = ts(st.integer(3));
  if (!st.is_null(4)) a.activated_at = ts(st.integer(4));
  return a;
}

std::optional<AccountRow> account_row(Database& db, const std::string& id) {
  auto rows = accounts_where(db, "id = ?", id);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

std::vector<AccountRow> accounts_with_email(Database& db, const std::string& email) {
  return accounts_where(db, "email = ?", email, " ORDER BY status = 'ACTIVE' DESC, created_at DESC");
}

std::vector<AccountRow> accounts_of_customer(Database& db, const std::string& customer_id) {
  return accounts_where(db, "customer_id = ?", customer_id);
}

std::vector<std::string> all_account_ids(Database& db) {
  std::vector<std::string> out;
  auto st = db.prepare("SELECT id FROM accounts ORDER BY created_at, id");
  while (st.step()) out.push_back(st.text(0));
  return out;
}

void activate_account(Database& db, const std::string& id, std::int64_t at) {
  db.prepare("UPDATE accounts SET status = 'ACTIVE', activated_at = ? WHERE id = ?").bind_all(at, id).run();
}

void set_email(Database& db, const std::string& id, const std::string& email) {
  db.prepare("UPDATE accounts SET email = ? WHERE id = ?").bind_all(email, id).run();
}

void set_password(Database& db, const std::string& id, const std::string& password_hash, bool temporary) {
  db.prepare("UPDATE accounts SET password_hash = ?, temp_password = ? WHERE id = ?")
      .bind_all(password_hash, temporary ? 1 : 0, id)
      .run();
}

void replace_activation_token(Database& db, const std::string& account_id, const std::string& token_hash,
                              std::int64_t at) {
  db.prepare("UPDATE activation_tokens SET state = 'SUPERSEDED' WHERE account_id = ? AND state = 'LIVE'")
      .bind_all(account_id)
      .run();
  db.prepare("INSERT INTO activation_tokens(token_hash, account_id, state, created_at) VALUES(?, ?, 'LIVE', ?)")
      .bind_all(token_hash, account_id, at)
      .run();
}

std::optional<ActivationToken> activation_token(Database& db, const std::string& token_hash) {
  auto st = db.prepare(std::string("SELECT t.state, ") + kAccountColumns +
                       " FROM activation_tokens t JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = ?");
  st.bind_all(token_hash);
  if (!st.step()) return std::nullopt;
  return ActivationToken{st.text(0), account_from(st, 1)};
}

void use_activation_token(Database& db, const std::string& token_hash) {
  db.prepare("UPDATE activation_tokens SET state = 'USED' WHERE token_hash = ?").bind_all(token_hash).run();
}

void insert_session(Database& db, const std::string& token_hash, const std::string& account_id,
                    std::int64_t expires_at) {
  db.prepare("INSERT INTO sessions(token_hash, account_id, expires_at) VALUES(?, ?, ?)")
      .bind_all(token_hash, account_id, expires_at)
      .run();
}

std::optional<SessionRow> session(Database& db, const std::string& token_hash) {
  auto st = db.prepare(
      "SELECT s.account_id, a.customer_id, a.temp_password, s.expires_at FROM sessions s "
      "JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?");
  st.bind_all(token_hash);
  if (!st.step()) return std::nullopt;
  return SessionRow{st.text(0), st.text(1), st.integer(2) != 0, st.integer(3)};
}

void delete_session(Database& db, const std::string& token_hash) {
  db.prepare("DELETE FROM sessions WHERE token_hash = ?").bind_all(token_hash).run();
}

void delete_sessions(Database& db, const std::string& account_id, const std::string& keep_hash) {
  db.prepare("DELETE FROM sessions WHERE account_id = ? AND token_hash != ?").bind_all(account_id, keep_hash).run();
}

void record_failed_password(Database& db, const std::string& account_id, std::int64_t at) {
  db.prepare("INSERT INTO sign_in_failures(account_id, at) VALUES(?, ?)").bind_all(account_id, at).run();
}

std::vector<std::int64_t> failed_passwords_since(Database& db, const std::string& account_id, std::int64_t since) {
  std::vector<std::int64_t> out;
  auto st = db.prepare("SELECT at FROM sign_in_failures WHERE account_id = ? AND at > ? ORDER BY at");
  st.bind_all(account_id, since);
  while (st.step()) out.push_back(st.integer(0));
  return out;
}

void clear_failed_passwords(Database& db, const std::string& account_id) {
  db.prepare("DELETE FROM sign_in_failures WHERE account_id = ?").bind_all(account_id).run();
}

}  // namespace sandbox::store
