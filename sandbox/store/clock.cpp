#include "store/clock.hpp"

#include <string>

namespace sandbox::store {

std::optional<std::int64_t> virtual_now(Database& db) {
  auto st = db.prepare("SELECT value FROM meta WHERE key = 'virtual_now'");
  if (!st.step()) return std::nullopt;
  return std::stoll(st.text(0));
}

void set_virtual_now(Database& db, std::int64_t seconds) {
  db.prepare("INSERT INTO meta(key, value) VALUES('virtual_now', ?) "
             "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .bind_all(std::to_string(seconds))
      .run();
}

void clear_virtual_now(Database& db) { db.prepare("DELETE FROM meta WHERE key = 'virtual_now'").run(); }

}  // namespace sandbox::store
