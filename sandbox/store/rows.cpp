#include "store/rows.hpp"

#include "crypto.hpp"

namespace sandbox::store {

std::string new_id(const std::string& prefix) { return prefix + "_" + crypto::random_hex(8); }

std::int64_t next_seq(Database& db, const char* table) {
  auto st = db.prepare(std::string("SELECT COALESCE(MAX(seq), 0) + 1 FROM ") + table);
  st.step();
  return st.integer(0);
}

}  // namespace sandbox::store
