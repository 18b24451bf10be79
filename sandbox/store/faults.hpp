// The faults table: what the operator armed (POST /sandbox/faults) and how
// many uses each has left. The only code that reads or writes it.
#pragma once

#include "db.hpp"

#include <fapiao/generated/sandbox_models.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace sandbox::store {

/// Whether any fault has a use left.
bool any_fault_armed(Database& db);
void insert_fault(Database& db, const std::string& id, const fapiao::sandbox::Fault& fault);
void delete_faults(Database& db);
/// The faults with uses left, in the order they were armed (`count` is the uses left).
struct ArmedFault {
  std::string id;
  fapiao::sandbox::Fault fault;
};
std::vector<ArmedFault> armed_faults(Database& db);
/// Takes one use from a fault.
void use_fault(Database& db, const std::string& id);

}  // namespace sandbox::store
