// What a handler works with: the request's connection and clock, the
// caller, and the service-wide parts (Env). A handler never sees the HTTP
// request, faults, idempotency or the journal line: it takes a typed input
// and returns a typed result (router/endpoint.hpp does the rest).
#pragma once

#include "call.hpp"
#include "db.hpp"
#include "mailer.hpp"
#include "options.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sandbox {

class BackOffice;
class FaultTable;
class RequestJournal;

/// The parts of the service every handler may use; one per Service.
struct Env {
  const Options& options;
  const std::string& service_secret;       // keys session tokens (derived, never stored)
  const std::string& dummy_password_hash;  // verified against when there is no account
  const Mailer& mailer;
  BackOffice& back_office;
  FaultTable& faults;       // the operator's /sandbox/faults resource
  RequestJournal& journal;  // the operator's /sandbox/journal resource
};

/// Work kept even when the handler then refuses the request (its
/// transaction rolls back): a wrong password still counts toward the lock-out.
using KeptWork = std::vector<std::function<void(Database&)>>;

/// One request as its handler sees it.
struct Context {
  Database& db;                   // this request's connection: a read-only one for a read
  std::int64_t now;               // the service clock, seconds
  const Caller& caller;
  Env& env;
  const PasswordWork& passwords;  // hashing done before the transaction (the route's prepare step)
  KeptWork* kept_on_refusal;      // nullptr for a read

  void keep_if_refused(std::function<void(Database&)> work) const {
    if (kept_on_refusal != nullptr) kept_on_refusal->push_back(std::move(work));
  }
  /// Sends a mail now, in this request's transaction.
  void send_mail(const OutgoingMail& mail) const { env.mailer.send(db, now, mail); }
};

/// The context of a route's prepare step: slow work (password hashing) done
/// after authentication and the idempotency check, before the transaction,
/// holding no lock. `db` is a read-only connection.
struct PrepareContext {
  Database& db;
  std::int64_t now;
  const Env& env;
};

}  // namespace sandbox
