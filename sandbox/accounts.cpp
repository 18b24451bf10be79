// Accounts, activation, sessions and passwords (R1–R6).
#include "body.hpp"
#include "crypto.hpp"
#include "store/rows.hpp"
#include "store/mails.hpp"
#include "store/orders.hpp"

#include <fapiao/validate.hpp>

#include <algorithm>

namespace sandbox {
namespace {

constexpr std::int64_t kRegistrationLifetime = 24 * 3600;  // R3
constexpr std::int64_t kSessionLifetime = 12 * 3600;
constexpr std::int64_t kLockoutWindow = 15 * 60;
constexpr int kLockoutFailures = 5;
constexpr int kResendsPerHour = 3;
constexpr int kResetsPerHour = 3;  // mailed new passwords per account; more are dropped silently

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return s;
}

std::string normalized_email(const Call& call, const char* field = "email") {
  return lower(fapiao::trim(text_field(call, field)));
}

void require_email(std::vector<fapiao::FieldError>& errors, const std::string& email, const char* field = "email") {
  if (email.empty()) {
    errors.push_back({field, "REQUIRED", "An e-mail address is required."});
  } else if (!fapiao::is_valid_email(email)) {
    errors.push_back({field, "EMAIL_FORMAT", "Not an e-mail address of the form name@example.com."});
  }
}

void require_text(std::vector<fapiao::FieldError>& errors, const std::string& value, const char* field) {
  if (value.empty()) errors.push_back({field, "REQUIRED", std::string(field) + " is required."});
}

ApiError weak_password(const char* field) {
  const auto report = fapiao::validate_password("", field);
  boost::json::object details;
  details["fields"] = field_errors_json(report.errors);
  return ApiError("WEAK_PASSWORD", report.errors.at(0).message, std::move(details));
}

// A mailed password that meets the password rule.
std::string generate_password() { return "Fp" + crypto::random_token(9) + "7"; }

}  // namespace

bool Service::account_is_live(const std::string& status, std::int64_t created_at, std::int64_t at) const {
  return status == "ACTIVE" || created_at + kRegistrationLifetime > at;
}

fapiao::Account Service::load_account(const std::string& account_id) {
  auto st = db().prepare("SELECT id, email, status, created_at, activated_at FROM accounts WHERE id = ?");
  st.bind_all(account_id);
  if (!st.step()) throw ApiError("UNAUTHENTICATED", "The account no longer exists.");
  fapiao::Account a;
  a.id = st.text(0);
  a.email = st.text(1);
  a.status = fapiao::OpenEnum<fapiao::AccountStatus>::from_wire(st.text(2));
  a.created_at = ts(st.integer(3));
  if (!st.is_null(4)) a.activated_at = ts(st.integer(4));
  return a;
}

void Service::check_password(Call& call, const std::string& field) {
  const std::string password = text_field(call, field);
  if (password.empty()) throw invalid_field(field, "REQUIRED", "The current password is required.");
  // Guesses of the current password count toward the sign-in lock-out: a
  // stolen session must not become an unlimited password oracle.
  if (const auto until = locked_until(call.account_id, call.now); until > call.now) throw_locked(until, call.now);
  const std::string stored = password_hash_of(call.account_id);
  if (stored.empty() || !password_matches(call, password, stored)) {
    on_refusal_.push_back([this, account = call.account_id, at = call.now] { record_failed_password(account, at); });
    throw invalid_field(field, "INCORRECT_PASSWORD", "The current password is not correct.");
  }
}

std::optional<Service::SignInAccount> Service::sign_in_account(const std::string& email, std::int64_t now) {
  // The live account of that address, an active one before a pending one.
  auto st = db().prepare("SELECT id, status, created_at, password_hash, temp_password FROM accounts WHERE email = ? "
                        "ORDER BY status = 'ACTIVE' DESC, created_at DESC");
  st.bind_all(email);
  while (st.step()) {
    if (!account_is_live(st.text(1), st.integer(2), now)) continue;
    return SignInAccount{st.text(0), st.text(1), st.text(3), st.integer(4) != 0};
  }
  return std::nullopt;
}

std::int64_t Service::mails_in_last_hour(const std::string& account_id, const char* kind, bool resends_only,
                                        std::int64_t now) {
  return store::mails_since(db(), account_id, kind, resends_only, now - 3600);
}

std::string Service::password_hash_of(const std::string& account_id) {
  auto st = db().prepare("SELECT password_hash FROM accounts WHERE id = ?");
  st.bind_all(account_id);
  return st.step() ? st.text(0) : std::string();
}

bool Service::password_matches(const Call& call, const std::string& password, const std::string& stored) const {
  const PasswordWork& w = call.passwords;
  if (w.checked && w.checked_password == password && w.checked_hash == stored) return w.matches;
  return crypto::verify_password(password, stored);  // the hash changed meanwhile: check again, under the lock
}

std::string Service::fresh_hash(const Call& call, const std::string& password) const {
  const PasswordWork& w = call.passwords;
  if (!w.new_hash.empty() && w.new_password == password) return w.new_hash;
  return crypto::hash_password(password, options_.pbkdf2_iterations);
}

std::int64_t Service::locked_until(const std::string& account_id, std::int64_t now) {
  // Locked for 15 minutes after the 5th failure within 15 minutes.
  std::vector<std::int64_t> failures;
  auto f = db().prepare("SELECT at FROM sign_in_failures WHERE account_id = ? AND at > ? ORDER BY at");
  f.bind_all(account_id, now - 2 * kLockoutWindow);
  while (f.step()) failures.push_back(f.integer(0));
  std::int64_t until = 0;
  for (std::size_t i = 0; i + kLockoutFailures <= failures.size(); ++i) {
    const std::int64_t fifth = failures[i + kLockoutFailures - 1];
    if (fifth - failures[i] < kLockoutWindow) until = std::max(until, fifth + kLockoutWindow);
  }
  return until;
}

void Service::throw_locked(std::int64_t until, std::int64_t now) const {
  ApiError e("TOO_MANY_ATTEMPTS", "Too many wrong passwords; try again after the time in Retry-After.");
  e.retry_after = static_cast<int>(until - now);
  e.details["retry_at"] = rfc3339(until);
  throw e;
}

void Service::record_failed_password(const std::string& account_id, std::int64_t at) {
  db().prepare("INSERT INTO sign_in_failures(account_id, at) VALUES(?, ?)").bind_all(account_id, at).run();
}

// ---- Password work outside the lock (Route::prepare) -----------------------
// Each runs after authentication and the idempotency check, without the
// service's lock; a read it needs takes the lock briefly. The handler then
// uses the result if it still applies (password_matches, fresh_hash).

namespace {
std::string body_text(const Call& call, const char* field) {
  if (!call.body.is_object()) return {};
  const auto* v = call.body.get_object().if_contains(field);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}
}  // namespace

void Service::check_password_ahead(Call& call, const std::string& password, const std::string& stored) const {
  // No such account: the same PBKDF2 against a dummy hash, so an unknown
  // e-mail address answers no faster than a wrong password.
  const bool matches = crypto::verify_password(password, stored.empty() ? dummy_password_hash_ : stored);
  call.passwords.checked = true;
  call.passwords.checked_password = password;
  call.passwords.checked_hash = stored;
  call.passwords.matches = matches && !stored.empty();
}

void Service::prepare_register(Call& call) {
  const std::string password = body_text(call, "password");
  if (password.empty() || !fapiao::validate_password(password).ok()) return;
  call.passwords.new_password = password;
  call.passwords.new_hash = crypto::hash_password(password, options_.pbkdf2_iterations);
}

void Service::prepare_sign_in(Call& call) {
  const std::string email = lower(fapiao::trim(body_text(call, "email")));
  const std::string password = body_text(call, "password");
  if (email.empty() || password.empty()) return;
  std::string stored;
  {
    std::lock_guard lock(mutex_);
    if (const auto account = sign_in_account(email, call.now)) stored = account->password_hash;
  }
  check_password_ahead(call, password, stored);
}

void Service::prepare_current_password(Call& call) {
  const std::string password = body_text(call, "current_password");
  if (!password.empty()) {
    std::string stored;
    {
      std::lock_guard lock(mutex_);
      stored = password_hash_of(call.account_id);
    }
    check_password_ahead(call, password, stored);
  }
  const std::string next = body_text(call, "new_password");
  if (!next.empty() && fapiao::validate_password(next).ok()) {
    call.passwords.new_password = next;
    call.passwords.new_hash = crypto::hash_password(next, options_.pbkdf2_iterations);
  }
}

void Service::prepare_reset(Call& call) {
  // Always, whatever the address: an unknown e-mail costs what a real one does.
  call.passwords.new_password = generate_password();
  call.passwords.new_hash = crypto::hash_password(call.passwords.new_password, options_.pbkdf2_iterations);
}

void Service::send_activation(const std::string& account_id, const std::string& email, std::int64_t at,
                              bool resend) {
  // A new token replaces every live one: only the newest mail's link works.
  db().prepare("UPDATE activation_tokens SET state = 'SUPERSEDED' WHERE account_id = ? AND state = 'LIVE'")
      .bind_all(account_id)
      .run();
  const std::string token = crypto::random_token();
  db().prepare("INSERT INTO activation_tokens(token_hash, account_id, state, created_at) VALUES(?, ?, 'LIVE', ?)")
      .bind_all(crypto::sha256_hex(token), account_id, at)
      .run();
  const std::string intro = resend ? "重新发送的激活邮件，之前的链接已失效。A new activation link; earlier links no longer work:\n"
                                   : "请在 24 小时内激活您的账户。Activate your account within 24 hours:\n";
  // Only resends count toward the hourly limit; the registration mail does not.
  send_mail(email, "ACTIVATION", "激活您的发票系统账户 / Activate your invoice account",
            intro + "https://fapiao.sandbox.invalid/activate?token=" + token + "\n", account_id, token, {}, resend);
}

Response Service::register_account(Call& call) {
  const std::string email = normalized_email(call);
  const std::string password = text_field(call, "password");
  const std::string order_id = fapiao::trim(text_field(call, "order_id"));
  std::vector<fapiao::FieldError> errors;
  require_email(errors, email);
  require_text(errors, password, "password");
  require_text(errors, order_id, "order_id");
  if (!errors.empty()) throw validation_failed(errors);
  if (!fapiao::validate_password(password).ok()) throw weak_password("password");

  const auto order_customer = store::order_customer(db(), order_id);
  if (!order_customer) {
    throw ApiError("ORDER_NOT_FOUND", "No paid order has this order ID; it is in the order-confirmation mail (订单确认).");
  }
  const std::string customer_id = *order_customer;

  auto existing = db().prepare("SELECT status, created_at FROM accounts WHERE customer_id = ?");
  existing.bind_all(customer_id);
  while (existing.step()) {
    const std::string status = existing.text(0);
    const std::int64_t created = existing.integer(1);
    if (status == "PENDING_ACTIVATION" && account_is_live(status, created, call.now)) {
      boost::json::object details;
      details["available_at"] = rfc3339(created + kRegistrationLifetime);
      throw ApiError("REGISTRATION_PENDING", "A registration for this customer awaits activation; activate it from its mail, or register "
                     "again after it lapses.",
                     std::move(details));
    }
    if (status == "ACTIVE") {
      throw ApiError("ORDER_ALREADY_REGISTERED", "This customer already has an account; sign in to see all of its orders.");
    }
  }
  auto taken = db().prepare("SELECT status, created_at FROM accounts WHERE email = ?");
  taken.bind_all(email);
  while (taken.step()) {
    if (account_is_live(taken.text(0), taken.integer(1), call.now)) {
      throw ApiError("EMAIL_TAKEN", "An account with this e-mail address already exists.");
    }
  }

  const std::string account_id = store::new_id("acct");
  db().prepare("INSERT INTO accounts(id, customer_id, order_id, email, password_hash, status, created_at) "
              "VALUES(?, ?, ?, ?, ?, 'PENDING_ACTIVATION', ?)")
      .bind_all(account_id, customer_id, order_id, email, fresh_hash(call, password), call.now)
      .run();
  send_activation(account_id, email, call.now, false);
  return model(201, load_account(account_id));
}

Response Service::activate_account(Call& call) {
  const std::string token = fapiao::trim(text_field(call, "token"));
  if (token.empty()) throw invalid_field("token", "REQUIRED", "The activation token is required.");
  auto st = db().prepare("SELECT t.state, t.account_id, a.status, a.created_at FROM activation_tokens t "
                        "JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = ?");
  st.bind_all(crypto::sha256_hex(token));
  if (!st.step() || st.text(0) == "SUPERSEDED") {
    throw ApiError("ACTIVATION_TOKEN_INVALID", "This activation link is not valid (a newer activation mail replaces older ones).");
  }
  const std::string account_id = st.text(1);
  if (st.text(2) == "ACTIVE") throw ApiError("ALREADY_ACTIVE", "This account is already active; sign in.");
  if (st.integer(3) + kRegistrationLifetime <= call.now) {
    throw ApiError("ACTIVATION_EXPIRED", "This registration lapsed after 24 hours; register again with the order ID.");
  }
  db().prepare("UPDATE accounts SET status = 'ACTIVE', activated_at = ? WHERE id = ?")
      .bind_all(call.now, account_id)
      .run();
  db().prepare("UPDATE activation_tokens SET state = 'USED' WHERE token_hash = ?")
      .bind_all(crypto::sha256_hex(token))
      .run();
  return model(200, load_account(account_id));
}

Response Service::resend_activation(Call& call) {
  // Always 202, whatever the address, so nobody can probe for accounts.
  const std::string email = normalized_email(call);
  auto st = db().prepare("SELECT id, created_at FROM accounts WHERE email = ? AND status = 'PENDING_ACTIVATION'");
  st.bind_all(email);
  while (st.step()) {
    const std::string account_id = st.text(0);
    if (!account_is_live("PENDING_ACTIVATION", st.integer(1), call.now)) continue;
    if (mails_in_last_hour(account_id, "ACTIVATION", true, call.now) >= kResendsPerHour) break;  // silently
    send_activation(account_id, email, call.now, true);
    break;
  }
  return json(202, boost::json::object());
}

Response Service::sign_in(Call& call) {
  const std::string email = normalized_email(call);
  const std::string password = text_field(call, "password");
  std::vector<fapiao::FieldError> errors;
  require_text(errors, email, "email");
  require_text(errors, password, "password");
  if (!errors.empty()) throw validation_failed(errors);

  const auto account = sign_in_account(email, call.now);
  const std::string account_id = account ? account->id : std::string();
  const std::string status = account ? account->status : std::string();
  const std::string hash = account ? account->password_hash : std::string();
  const bool temp = account && account->temp_password;
  const ApiError invalid("INVALID_CREDENTIALS", "The e-mail address or the password is not correct.");
  if (account_id.empty()) {
    if (!call.passwords.checked) crypto::verify_password(password, dummy_password_hash_);  // same cost as a wrong password
    throw invalid;
  }

  if (const auto until = locked_until(account_id, call.now); until > call.now) throw_locked(until, call.now);

  if (!password_matches(call, password, hash)) {
    on_refusal_.push_back([this, account_id, at = call.now] { record_failed_password(account_id, at); });
    throw invalid;
  }
  if (status != "ACTIVE") {
    throw ApiError("ACCOUNT_NOT_ACTIVE", "Activate the account from its activation mail before signing in.");
  }
  db().prepare("DELETE FROM sign_in_failures WHERE account_id = ?").bind_all(account_id).run();
  // The token is derived from a reference under the service secret, so an
  // idempotent replay can rebuild it without the token ever being stored.
  const std::string reference = crypto::random_hex(32);
  const std::string token = session_token(reference);
  const std::int64_t expires = call.now + kSessionLifetime;
  db().prepare("INSERT INTO sessions(token_hash, account_id, expires_at) VALUES(?, ?, ?)")
      .bind_all(crypto::sha256_hex(token), account_id, expires)
      .run();
  call.secret = ResponseSecret{token, reference};
  fapiao::Session session;
  session.token = token;
  session.expires_at = ts(expires);
  session.must_change_password = temp;
  session.account = load_account(account_id);
  return model(201, session);
}

Response Service::sign_out(Call& call) {
  db().prepare("DELETE FROM sessions WHERE token_hash = ?").bind_all(call.session_hash).run();
  return no_content();
}

Response Service::get_account(Call& call) { return model(200, load_account(call.account_id)); }

Response Service::change_email(Call& call) {
  const std::string email = normalized_email(call);
  std::vector<fapiao::FieldError> errors;
  require_email(errors, email);
  if (!errors.empty()) throw validation_failed(errors);
  check_password(call, "current_password");
  auto taken = db().prepare("SELECT status, created_at FROM accounts WHERE email = ? AND id != ?");
  taken.bind_all(email, call.account_id);
  while (taken.step()) {
    if (account_is_live(taken.text(0), taken.integer(1), call.now)) {
      throw ApiError("EMAIL_TAKEN", "An account with this e-mail address already exists.");
    }
  }
  db().prepare("UPDATE accounts SET email = ? WHERE id = ?").bind_all(email, call.account_id).run();
  return model(200, load_account(call.account_id));
}

Response Service::change_password(Call& call) {
  check_password(call, "current_password");
  const std::string next = text_field(call, "new_password");
  if (next.empty()) throw invalid_field("new_password", "REQUIRED", "The new password is required.");
  if (!fapiao::validate_password(next).ok()) throw weak_password("new_password");
  db().prepare("UPDATE accounts SET password_hash = ?, temp_password = 0 WHERE id = ?")
      .bind_all(fresh_hash(call, next), call.account_id)
      .run();
  db().prepare("DELETE FROM sessions WHERE account_id = ? AND token_hash != ?")
      .bind_all(call.account_id, call.session_hash)
      .run();
  return model(200, load_account(call.account_id));
}

Response Service::reset_password(Call& call) {
  // Always 202, whatever the address, so nobody can probe for accounts; at
  // most kResetsPerHour mails per account per hour, the rest dropped
  // silently, so nobody can keep ending a victim's sessions.
  const std::string email = normalized_email(call);
  auto st = db().prepare("SELECT id FROM accounts WHERE email = ? AND status = 'ACTIVE'");
  st.bind_all(email);
  if (st.step()) {
    const std::string account_id = st.text(0);
    if (mails_in_last_hour(account_id, "NEW_PASSWORD", false, call.now) < kResetsPerHour) {
      const std::string password = call.passwords.new_password.empty() ? generate_password() : call.passwords.new_password;
      db().prepare("UPDATE accounts SET password_hash = ?, temp_password = 1 WHERE id = ?")
          .bind_all(fresh_hash(call, password), account_id)
          .run();
      db().prepare("DELETE FROM sessions WHERE account_id = ?").bind_all(account_id).run();
      send_mail(email, "NEW_PASSWORD", "您的新密码 / Your new password",
                "您的新密码如下，登录后请立即修改。Your new password; change it when you sign in:\n" + password + "\n",
                account_id, {}, password, false);
    }
  }
  return json(202, boost::json::object());
}

}  // namespace sandbox
