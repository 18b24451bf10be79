#include "handlers/sessions.hpp"

#include "crypto.hpp"
#include "handlers/passwords.hpp"
#include "store/accounts.hpp"
#include "util.hpp"

namespace sandbox::handlers {
namespace {

/// The live account an address signs in to: an active one before a pending one.
std::optional<store::AccountRow> sign_in_account(Database& db, const std::string& email, std::int64_t now) {
  for (auto& account : store::accounts_with_email(db, email)) {
    if (account_is_live(account, now)) return std::move(account);
  }
  return std::nullopt;
}

}  // namespace

Credentials read(const Call& call, In<Credentials>) {
  return Credentials{text_field(call, "email"), text_field(call, "password")};
}

namespace sessions {

WithSecret<Created<fapiao::Session>> sign_in(const Context& ctx, const Credentials& input) {
  const std::string email = normalized_email(input.email);
  std::vector<fapiao::FieldError> errors;
  require_text(errors, email, "email");
  require_text(errors, input.password, "password");
  if (!errors.empty()) throw validation_failed(errors);

  const ApiError invalid("INVALID_CREDENTIALS", "The e-mail address or the password is not correct.");
  const auto account = sign_in_account(ctx.db, email, ctx.now);
  if (!account) {
    if (!ctx.passwords.checked) crypto::verify_password(input.password, ctx.env.dummy_password_hash);  // same cost
    throw invalid;
  }
  refuse_if_locked(ctx, account->id);
  if (!password_matches(ctx, input.password, account->password_hash)) {
    count_failure(ctx, account->id);
    throw invalid;
  }
  if (account->status != "ACTIVE") {
    throw ApiError("ACCOUNT_NOT_ACTIVE", "Activate the account from its activation mail before signing in.");
  }
  store::clear_failed_passwords(ctx.db, account->id);
  const std::string reference = crypto::random_hex(32);
  const std::string token = crypto::session_token(ctx.env.service_secret, reference);
  const std::int64_t expires = ctx.now + kSessionLifetime;
  store::insert_session(ctx.db, crypto::sha256_hex(token), account->id, expires);
  fapiao::Session session;
  session.token = token;
  session.expires_at = ts(expires);
  session.must_change_password = account->temp_password;
  session.account = account_of(ctx, account->id);
  return {{std::move(session)}, ResponseSecret{token, reference}};
}

NoContent sign_out(const Context& ctx) {
  store::delete_session(ctx.db, ctx.caller.session_hash);
  return {};
}

PasswordWork prepare_sign_in(const PrepareContext& ctx, const Call& call) {
  PasswordWork work;
  const std::string email = normalized_email(body_text(call, "email"));
  const std::string password = body_text(call, "password");
  if (email.empty() || password.empty()) return work;
  const auto account = sign_in_account(ctx.db, email, ctx.now);
  check_ahead(ctx, work, password, account ? account->password_hash : std::string());
  return work;
}

}  // namespace sessions
}  // namespace sandbox::handlers
