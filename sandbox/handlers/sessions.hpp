// /v1/sessions: signing in (with the lock-out after wrong passwords) and out.
#pragma once

#include "handlers/context.hpp"
#include "handlers/results.hpp"
#include "router/inputs.hpp"

#include <fapiao/models.hpp>

#include <string>

namespace sandbox::handlers {

struct Credentials {
  std::string email, password;
};
Credentials read(const Call& call, In<Credentials>);

namespace sessions {

/// The new session's token is derived from a reference under the service
/// secret, so an idempotent replay can rebuild it without storing it.
WithSecret<Created<fapiao::Session>> sign_in(const Context& ctx, const Credentials& input);
NoContent sign_out(const Context& ctx);
/// Checks the password ahead of the transaction (against a dummy hash when
/// no account has the address, at the same cost).
PasswordWork prepare_sign_in(const PrepareContext& ctx, const Call& call);

}  // namespace sessions
}  // namespace sandbox::handlers
