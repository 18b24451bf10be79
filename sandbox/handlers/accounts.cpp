#include "handlers/accounts.hpp"

#include "crypto.hpp"
#include "handlers/passwords.hpp"
#include "store/accounts.hpp"
#include "store/mails.hpp"
#include "store/orders.hpp"
#include "store/rows.hpp"
#include "util.hpp"

#include <fapiao/validate.hpp>

namespace sandbox::handlers {
namespace {

constexpr int kResendsPerHour = 3;
constexpr int kResetsPerHour = 3;  // mailed new passwords per account; more are dropped silently

/// The mail's link: the configured page with the token as the last query parameter.
std::string activation_link(const std::string& page, const std::string& token) {
  return page + (page.find('?') == std::string::npos ? "?token=" : "&token=") + token;
}

void send_activation(const Context& ctx, const std::string& account_id, const std::string& email, bool resend) {
  // A new token replaces every live one: only the newest mail's link works.
  const std::string token = crypto::random_token();
  store::replace_activation_token(ctx.db, account_id, crypto::sha256_hex(token), ctx.now);
  const std::string intro = resend ? "重新发送的激活邮件，之前的链接已失效。A new activation link; earlier links no longer work:\n"
                                   : "请在 24 小时内激活您的账户。Activate your account within 24 hours:\n";
  // Only resends count toward the hourly limit; the registration mail does not.
  ctx.send_mail(OutgoingMail{email, "ACTIVATION", "激活您的发票系统账户 / Activate your invoice account",
                             intro + activation_link(ctx.env.options.activation_url, token) + "\n", account_id, token,
                             {}, resend, {}});
}

/// EMAIL_TAKEN when a live account other than `except` has the address.
void refuse_if_taken(const Context& ctx, const std::string& email, const std::string& except = {}) {
  for (const auto& account : store::accounts_with_email(ctx.db, email)) {
    if (account.id != except && account_is_live(account, ctx.now)) {
      throw ApiError("EMAIL_TAKEN", "An account with this e-mail address already exists.");
    }
  }
}

std::int64_t mails_in_last_hour(const Context& ctx, const std::string& account_id, const char* kind, bool resends_only) {
  return store::mails_since(ctx.db, account_id, kind, resends_only, ctx.now - 3600);
}

}  // namespace

Registration read(const Call& call, In<Registration>) {
  return Registration{text_field(call, "email"), text_field(call, "password"), text_field(call, "order_id")};
}
Activation read(const Call& call, In<Activation>) { return Activation{text_field(call, "token")}; }
EmailAddress read(const Call& call, In<EmailAddress>) { return EmailAddress{text_field(call, "email")}; }
EmailChange read(const Call& call, In<EmailChange>) {
  return EmailChange{text_field(call, "email"), text_field(call, "current_password")};
}
PasswordChange read(const Call& call, In<PasswordChange>) {
  return PasswordChange{text_field(call, "current_password"), text_field(call, "new_password")};
}

namespace accounts {

Created<fapiao::Account> register_account(const Context& ctx, const Registration& input) {
  const std::string email = normalized_email(input.email);
  const std::string order_id = fapiao::trim(input.order_id);
  std::vector<fapiao::FieldError> errors;
  require_email(errors, email);
  require_text(errors, input.password, "password");
  require_text(errors, order_id, "order_id");
  if (!errors.empty()) throw validation_failed(errors);
  if (!fapiao::validate_password(input.password).ok()) throw weak_password("password");

  const auto customer_id = store::order_customer(ctx.db, order_id);
  if (!customer_id) {
    throw ApiError("ORDER_NOT_FOUND", "No paid order has this order ID; it is in the order-confirmation mail (订单确认).");
  }
  for (const auto& existing : store::accounts_of_customer(ctx.db, *customer_id)) {
    if (existing.status == "PENDING_ACTIVATION" && account_is_live(existing, ctx.now)) {
      boost::json::object details;
      details["available_at"] = rfc3339(existing.created_at + kRegistrationLifetime);
      throw ApiError("REGISTRATION_PENDING",
                     "A registration for this customer awaits activation; activate it from its mail, or register "
                     "again after it lapses.",
                     std::move(details));
    }
    if (existing.status == "ACTIVE") {
      throw ApiError("ORDER_ALREADY_REGISTERED", "This customer already has an account; sign in to see all of its orders.");
    }
  }
  refuse_if_taken(ctx, email);

  const std::string account_id = store::new_id("acct");
  store::insert_account(ctx.db, store::NewAccount{account_id, *customer_id, order_id, email,
                                                  fresh_hash(ctx, input.password), ctx.now});
  send_activation(ctx, account_id, email, false);
  return {account_of(ctx, account_id)};
}

fapiao::Account activate(const Context& ctx, const Activation& input) {
  const std::string token = fapiao::trim(input.token);
  if (token.empty()) throw invalid_field("token", "REQUIRED", "The activation token is required.");
  const std::string token_hash = crypto::sha256_hex(token);
  const auto found = store::activation_token(ctx.db, token_hash);
  if (!found || found->state == "SUPERSEDED") {
    throw ApiError("ACTIVATION_TOKEN_INVALID", "This activation link is not valid (a newer activation mail replaces older ones).");
  }
  if (found->account.status == "ACTIVE") throw ApiError("ALREADY_ACTIVE", "This account is already active; sign in.");
  if (found->account.created_at + kRegistrationLifetime <= ctx.now) {
    throw ApiError("ACTIVATION_EXPIRED", "This registration lapsed after 24 hours; register again with the order ID.");
  }
  store::activate_account(ctx.db, found->account.id, ctx.now);
  store::use_activation_token(ctx.db, token_hash);
  return account_of(ctx, found->account.id);
}

Accepted resend_activation(const Context& ctx, const EmailAddress& input) {
  // Always 202, whatever the address, so nobody can probe for accounts.
  const std::string email = normalized_email(input.email);
  for (const auto& account : store::accounts_with_email(ctx.db, email)) {
    if (account.status != "PENDING_ACTIVATION" || !account_is_live(account, ctx.now)) continue;
    if (mails_in_last_hour(ctx, account.id, "ACTIVATION", true) >= kResendsPerHour) break;  // silently
    send_activation(ctx, account.id, email, true);
    break;
  }
  return {};
}

fapiao::Account get(const Context& ctx) { return account_of(ctx, ctx.caller.account_id); }

fapiao::Account change_email(const Context& ctx, const EmailChange& input) {
  const std::string email = normalized_email(input.email);
  std::vector<fapiao::FieldError> errors;
  require_email(errors, email);
  if (!errors.empty()) throw validation_failed(errors);
  check_current_password(ctx, input.current_password, "current_password");
  refuse_if_taken(ctx, email, ctx.caller.account_id);
  store::set_email(ctx.db, ctx.caller.account_id, email);
  return account_of(ctx, ctx.caller.account_id);
}

fapiao::Account change_password(const Context& ctx, const PasswordChange& input) {
  check_current_password(ctx, input.current_password, "current_password");
  if (input.new_password.empty()) throw invalid_field("new_password", "REQUIRED", "The new password is required.");
  if (!fapiao::validate_password(input.new_password).ok()) throw weak_password("new_password");
  store::set_password(ctx.db, ctx.caller.account_id, fresh_hash(ctx, input.new_password), false);
  store::delete_sessions(ctx.db, ctx.caller.account_id, ctx.caller.session_hash);  // every other session ends
  return account_of(ctx, ctx.caller.account_id);
}

Accepted reset_password(const Context& ctx, const EmailAddress& input) {
  // Always 202, whatever the address, so nobody can probe for accounts; at
  // most kResetsPerHour mails per account per hour, the rest dropped
  // silently, so nobody can keep ending a victim's sessions.
  const std::string email = normalized_email(input.email);
  for (const auto& account : store::accounts_with_email(ctx.db, email)) {
    if (account.status != "ACTIVE") continue;
    if (mails_in_last_hour(ctx, account.id, "NEW_PASSWORD", false) < kResetsPerHour) {
      const std::string password =
          ctx.passwords.new_password.empty() ? generate_password() : ctx.passwords.new_password;
      store::set_password(ctx.db, account.id, fresh_hash(ctx, password), true);
      store::delete_sessions(ctx.db, account.id);
      ctx.send_mail(OutgoingMail{email, "NEW_PASSWORD", "您的新密码 / Your new password",
                                 "您的新密码如下，登录后请立即修改。Your new password; change it when you sign in:\n" +
                                     password + "\n",
                                 account.id, {}, password, false, {}});
    }
    break;
  }
  return {};
}

PasswordWork prepare_register(const PrepareContext& ctx, const Call& call) {
  PasswordWork work;
  hash_ahead(ctx, work, body_text(call, "password"));
  return work;
}

PasswordWork prepare_current_password(const PrepareContext& ctx, const Call& call) {
  PasswordWork work;
  if (const std::string password = body_text(call, "current_password"); !password.empty()) {
    const auto account = store::account_row(ctx.db, call.caller.account_id);
    check_ahead(ctx, work, password, account ? account->password_hash : std::string());
  }
  hash_ahead(ctx, work, body_text(call, "new_password"));
  return work;
}

PasswordWork prepare_reset(const PrepareContext& ctx, const Call&) {
  // Always, whatever the address: an unknown e-mail costs what a real one does.
  PasswordWork work;
  work.new_password = generate_password();
  work.new_hash = crypto::hash_password(work.new_password, ctx.env.options.pbkdf2_iterations);
  return work;
}

}  // namespace accounts
}  // namespace sandbox::handlers
