#include "middleware/fault_injection.hpp"

namespace sandbox {
namespace {

bool path_matches(const std::string& pattern, const std::string& path) {
  if (!pattern.empty() && pattern.back() == '*') return path.rfind(pattern.substr(0, pattern.size() - 1), 0) == 0;
  return pattern == path;
}

}  // namespace

void FaultTable::load() { armed_ = db_.prepare("SELECT 1 FROM faults WHERE remaining > 0").step(); }

void FaultTable::arm(const std::string& id, std::int64_t seq, const fapiao::sandbox::Fault& fault) {
  armed_ = true;
  db_.prepare("INSERT INTO faults(id, seq, method, path, action, remaining, retry_after, delay_ms) "
              "VALUES(?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(id, seq, fault.method, fault.path, std::string(fault.action.wire()), fault.count,
                fault.retry_after_seconds, fault.delay_ms)
      .run();
}

void FaultTable::clear() {
  db_.prepare("DELETE FROM faults").run();
  armed_ = false;
}

std::optional<fapiao::sandbox::Fault> FaultTable::take(const std::string& method, const std::string& path) {
  if (!armed_) return std::nullopt;  // the common case: no query at all
  auto st = db_.prepare("SELECT id, method, path, action, retry_after, delay_ms FROM faults "
                        "WHERE remaining > 0 ORDER BY seq");
  while (st.step()) {
    if (st.text(1) != method || !path_matches(st.text(2), path)) continue;
    fapiao::sandbox::Fault fault;
    fault.method = st.text(1);
    fault.path = st.text(2);
    fault.action = fapiao::OpenEnum<fapiao::FaultAction>::from_wire(st.text(3));
    fault.retry_after_seconds = static_cast<std::int32_t>(st.integer(4));
    fault.delay_ms = static_cast<std::int32_t>(st.integer(5));
    db_.prepare("UPDATE faults SET remaining = remaining - 1 WHERE id = ?").bind_all(st.text(0)).run();
    return fault;
  }
  return std::nullopt;
}

}  // namespace sandbox
