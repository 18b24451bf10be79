// /v1/accounts, /v1/account and /v1/password-resets: registration with an
// order ID, activation, e-mail and password changes, resets (R1–R6).
#pragma once

#include "handlers/context.hpp"
#include "handlers/results.hpp"
#include "router/inputs.hpp"

#include <fapiao/models.hpp>

#include <string>

namespace sandbox::handlers {

struct Registration {
  std::string email, password, order_id;
};
Registration read(const Call& call, In<Registration>);

struct Activation {
  std::string token;
};
Activation read(const Call& call, In<Activation>);

/// An e-mail address (activation resends, password resets).
struct EmailAddress {
  std::string email;
};
EmailAddress read(const Call& call, In<EmailAddress>);

struct EmailChange {
  std::string email, current_password;
};
EmailChange read(const Call& call, In<EmailChange>);

struct PasswordChange {
  std::string current_password, new_password;
};
PasswordChange read(const Call& call, In<PasswordChange>);

namespace accounts {

Created<fapiao::Account> register_account(const Context& ctx, const Registration& input);
fapiao::Account activate(const Context& ctx, const Activation& input);
Accepted resend_activation(const Context& ctx, const EmailAddress& input);
fapiao::Account get(const Context& ctx);
fapiao::Account change_email(const Context& ctx, const EmailChange& input);
fapiao::Account change_password(const Context& ctx, const PasswordChange& input);
Accepted reset_password(const Context& ctx, const EmailAddress& input);

// Prepare steps: the password hashing of the calls above, ahead of the transaction.
PasswordWork prepare_register(const PrepareContext& ctx, const Call& call);
PasswordWork prepare_current_password(const PrepareContext& ctx, const Call& call);
PasswordWork prepare_reset(const PrepareContext& ctx, const Call& call);

}  // namespace accounts
}  // namespace sandbox::handlers
