// What the account and session handlers share: e-mail normalisation, the
// registration lifetime, the sign-in lock-out, and password checks that use
// the hashing done ahead by a route's prepare step when it still applies.
#pragma once

#include "errors.hpp"
#include "handlers/context.hpp"
#include "store/accounts.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sandbox::handlers {

constexpr std::int64_t kRegistrationLifetime = 24 * 3600;  // R3: a registration lapses unactivated after a day
constexpr std::int64_t kSessionLifetime = 12 * 3600;

/// Trimmed and lower-cased: addresses are compared that way everywhere.
std::string normalized_email(const std::string& email);
/// REQUIRED or EMAIL_FORMAT for `field`, appended to `errors`.
void require_email(std::vector<fapiao::FieldError>& errors, const std::string& email, const char* field = "email");
void require_text(std::vector<fapiao::FieldError>& errors, const std::string& value, const char* field);
/// WEAK_PASSWORD naming `field`, with the password rule as its message.
ApiError weak_password(const char* field);

/// An active account, or a pending one whose registration has not lapsed.
bool account_is_live(const store::AccountRow& account, std::int64_t now);
/// The account as the API shows it; UNAUTHENTICATED when it is gone.
fapiao::Account account_of(const Context& ctx, const std::string& account_id);

/// When the account's sign-in lock-out ends (0: not locked): 15 minutes
/// after the 5th wrong password within 15 minutes.
std::int64_t locked_until(Database& db, const std::string& account_id, std::int64_t now);
/// TOO_MANY_ATTEMPTS with Retry-After, when the account is locked now.
void refuse_if_locked(const Context& ctx, const std::string& account_id);
/// Records a wrong password, kept even though the request is refused.
void count_failure(const Context& ctx, const std::string& account_id);

/// Whether `password` matches the stored hash: from the prepare step when
/// it checked exactly this, else checked now.
bool password_matches(const Context& ctx, const std::string& password, const std::string& stored);
/// The hash of a new password: the prepare step's when it hashed exactly this.
std::string fresh_hash(const Context& ctx, const std::string& password);
/// The caller's current password, for a change of e-mail or password:
/// REQUIRED, TOO_MANY_ATTEMPTS, or INCORRECT_PASSWORD naming `field`
/// (counted toward the lock-out: a stolen session is no password oracle).
void check_current_password(const Context& ctx, const std::string& password, const char* field);

/// A mailed password that meets the password rule.
std::string generate_password();

// --- prepare steps' helpers (no lock held, a read-only connection)
/// A string field of the body, or "" (of any other type too: the handler
/// then refuses it properly).
std::string body_text(const Call& call, const char* field);
/// Verifies `password` against `stored` — or, when there is no account
/// (`stored` empty), against the dummy hash at the same cost.
void check_ahead(const PrepareContext& ctx, PasswordWork& work, const std::string& password, const std::string& stored);
/// Hashes a new password ahead, when it meets the rule.
void hash_ahead(const PrepareContext& ctx, PasswordWork& work, const std::string& password);

}  // namespace sandbox::handlers
