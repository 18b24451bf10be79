#include "middleware/fault_injection.hpp"

#include "store/faults.hpp"

namespace sandbox {
namespace {

bool path_matches(const std::string& pattern, const std::string& path) {
  if (!pattern.empty() && pattern.back() == '*') return path.rfind(pattern.substr(0, pattern.size() - 1), 0) == 0;
  return pattern == path;
}

}  // namespace

void FaultTable::load(Database& db) { armed_ = store::any_fault_armed(db); }

void FaultTable::arm(Database& db, const std::string& id, const fapiao::sandbox::Fault& fault) {
  armed_ = true;
  store::insert_fault(db, id, fault);
}

void FaultTable::clear(Database& db) {
  store::delete_faults(db);
  armed_ = false;
}

std::optional<fapiao::sandbox::Fault> FaultTable::take(Database& db, const std::string& method, const std::string& path) {
  if (!armed_) return std::nullopt;  // the common case: no query at all
  for (auto& armed : store::armed_faults(db)) {
    if (armed.fault.method != method || !path_matches(armed.fault.path, path)) continue;
    store::use_fault(db, armed.id);
    return std::move(armed.fault);
  }
  return std::nullopt;
}

}  // namespace sandbox
