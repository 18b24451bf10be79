// What every store file shares: new ids and sequence numbers for inserted
// rows, and the stored-model codec (some tables keep a model as JSON text).
#pragma once

#include "db.hpp"
#include "json/codec.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace sandbox::store {

/// A new public id: the prefix, "_" and 16 random hex digits ("bill_…", "ir_…").
std::string new_id(const std::string& prefix);
/// The next value of a table's `seq` column (the order lists are sorted by).
/// `table` comes from the code, never from a request.
std::int64_t next_seq(Database& db, const char* table);

/// A model kept as JSON text in a `doc` column. A row that does not decode
/// is a bug or a damaged file, never a client error: it throws.
template <typename T>
T decode_stored(const std::string& doc, const std::string& what) {
  auto decoded = fapiao::detail::json::decode<T>(doc);
  if (!decoded) throw std::runtime_error("stored " + what + " is corrupt: " + decoded.error().message);
  return std::move(decoded).value();
}

}  // namespace sandbox::store
