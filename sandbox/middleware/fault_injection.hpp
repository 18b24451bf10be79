// Fault injection: the faults the operator armed (POST /sandbox/faults), and
// the one, if any, that the next request matching method and path meets.
// Acts before routing, authentication and idempotency (the contract). Every
// call is made with the writer connection (the service's lock held).
#pragma once

#include "db.hpp"

#include <fapiao/generated/sandbox_models.hpp>

#include <atomic>
#include <optional>
#include <string>

namespace sandbox {

class FaultTable {
 public:
  /// Reads whether faults are armed (once the schema exists).
  void load(Database& db);
  /// Whether any fault may be armed: when not, take() costs no query, and a
  /// GET may be served on an I/O thread (a faulted one may be delayed).
  bool armed() const noexcept { return armed_; }
  /// Arms `fault` for its next `count` matching requests.
  void arm(Database& db, const std::string& id, const fapiao::sandbox::Fault& fault);
  /// Disarms every fault.
  void clear(Database& db);
  /// The first armed fault matching the request (a trailing * in its path
  /// matches a prefix), with one use taken from it.
  std::optional<fapiao::sandbox::Fault> take(Database& db, const std::string& method, const std::string& path);

 private:
  std::atomic<bool> armed_{false};  // cleared only by clear(): a spent fault keeps it set, harmlessly
};

}  // namespace sandbox
