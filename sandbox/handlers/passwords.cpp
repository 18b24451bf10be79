#include "handlers/passwords.hpp"

#include "crypto.hpp"
#include "util.hpp"

#include <fapiao/validate.hpp>

#include <algorithm>

namespace sandbox::handlers {
namespace {

constexpr std::int64_t kLockoutWindow = 15 * 60;
constexpr int kLockoutFailures = 5;

}  // namespace

std::string normalized_email(const std::string& email) {
  std::string s = fapiao::trim(email);
  std::transform(s.begin(), s.end(), s.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return s;
}

void require_email(std::vector<fapiao::FieldError>& errors, const std::string& email, const char* field) {
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

bool account_is_live(const store::AccountRow& account, std::int64_t now) {
  return account.status == "ACTIVE" || account.created_at + kRegistrationLifetime > now;
}

fapiao::Account account_of(const Context& ctx, const std::string& account_id) {
  auto account = store::account(ctx.db, account_id);
  if (!account) throw ApiError("UNAUTHENTICATED", "The account no longer exists.");
  return std::move(*account);
}

std::int64_t locked_until(Database& db, const std::string& account_id, std::int64_t now) {
  const auto failures = store::failed_passwords_since(db, account_id, now - 2 * kLockoutWindow);
  std::int64_t until = 0;
  for (std::size_t i = 0; i + kLockoutFailures <= failures.size(); ++i) {
    const std::int64_t fifth = failures[i + kLockoutFailures - 1];
    if (fifth - failures[i] < kLockoutWindow) until = std::max(until, fifth + kLockoutWindow);
  }
  return until;
}

void refuse_if_locked(const Context& ctx, const std::string& account_id) {
  const auto until = locked_until(ctx.db, account_id, ctx.now);
  if (until <= ctx.now) return;
  ApiError e("TOO_MANY_ATTEMPTS", "Too many wrong passwords; try again after the time in Retry-After.");
  e.retry_after = static_cast<int>(until - ctx.now);
  e.details["retry_at"] = rfc3339(until);
  throw e;
}

void count_failure(const Context& ctx, const std::string& account_id) {
  ctx.keep_if_refused([account_id, at = ctx.now](Database& db) { store::record_failed_password(db, account_id, at); });
}

bool password_matches(const Context& ctx, const std::string& password, const std::string& stored) {
  const PasswordWork& w = ctx.passwords;
  if (w.checked && w.checked_password == password && w.checked_hash == stored) return w.matches;
  return crypto::verify_password(password, stored);  // the hash changed meanwhile: check again, in the transaction
}

std::string fresh_hash(const Context& ctx, const std::string& password) {
  const PasswordWork& w = ctx.passwords;
  if (!w.new_hash.empty() && w.new_password == password) return w.new_hash;
  return crypto::hash_password(password, ctx.env.options.pbkdf2_iterations);
}

void check_current_password(const Context& ctx, const std::string& password, const char* field) {
  if (password.empty()) throw invalid_field(field, "REQUIRED", "The current password is required.");
  refuse_if_locked(ctx, ctx.caller.account_id);
  const auto account = store::account_row(ctx.db, ctx.caller.account_id);
  if (!account || account->password_hash.empty() || !password_matches(ctx, password, account->password_hash)) {
    count_failure(ctx, ctx.caller.account_id);
    throw invalid_field(field, "INCORRECT_PASSWORD", "The current password is not correct.");
  }
}

std::string generate_password() { return "Fp" + crypto::random_token(9) + "7"; }

std::string body_text(const Call& call, const char* field) {
  if (!call.body.is_object()) return {};
  const auto* v = call.body.get_object().if_contains(field);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

void check_ahead(const PrepareContext& ctx, PasswordWork& work, const std::string& password,
                 const std::string& stored) {
  // No such account: the same PBKDF2 against a dummy hash, so an unknown
  // e-mail address answers no faster than a wrong password.
  const bool matches = crypto::verify_password(password, stored.empty() ? ctx.env.dummy_password_hash : stored);
  work.checked = true;
  work.checked_password = password;
  work.checked_hash = stored;
  work.matches = matches && !stored.empty();
}

void hash_ahead(const PrepareContext& ctx, PasswordWork& work, const std::string& password) {
  if (password.empty() || !fapiao::validate_password(password).ok()) return;
  work.new_password = password;
  work.new_hash = crypto::hash_password(password, ctx.env.options.pbkdf2_iterations);
}

}  // namespace sandbox::handlers
