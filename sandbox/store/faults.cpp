#include "store/faults.hpp"

#include "store/rows.hpp"

namespace sandbox::store {

bool any_fault_armed(Database& db) { return db.prepare("SELECT 1 FROM faults WHERE remaining > 0").step(); }

void insert_fault(Database& db, const std::string& id, const fapiao::sandbox::Fault& f) {
  db.prepare("INSERT INTO faults(id, seq, method, path, action, remaining, retry_after, delay_ms) "
             "VALUES(?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(id, next_seq(db, "faults"), f.method, f.path, std::string(f.action.wire()), f.count,
                f.retry_after_seconds, f.delay_ms)
      .run();
}

void delete_faults(Database& db) { db.prepare("DELETE FROM faults").run(); }

std::vector<ArmedFault> armed_faults(Database& db) {
  auto st = db.prepare("SELECT id, method, path, action, remaining, retry_after, delay_ms FROM faults "
                       "WHERE remaining > 0 ORDER BY seq");
  std::vector<ArmedFault> out;
  while (st.step()) {
    fapiao::sandbox::Fault f;
    f.method = st.text(1);
    f.path = st.text(2);
    f.action = fapiao::OpenEnum<fapiao::FaultAction>::from_wire(st.text(3));
    f.count = static_cast<std::int32_t>(st.integer(4));
    f.retry_after_seconds = static_cast<std::int32_t>(st.integer(5));
    f.delay_ms = static_cast<std::int32_t>(st.integer(6));
    out.push_back(ArmedFault{st.text(0), std::move(f)});
  }
  return out;
}

void use_fault(Database& db, const std::string& id) {
  db.prepare("UPDATE faults SET remaining = remaining - 1 WHERE id = ?").bind_all(id).run();
}

}  // namespace sandbox::store
