// What every store file shares: new ids and sequence numbers for inserted
// rows, and the stored-model codec (some tables keep a model as JSON text).
#pragma once

#include "db.hpp"
#include "json/codec.hpp"
#include "util.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace sandbox::store {

/// A new public id: the prefix, "_" and 16 random hex digits ("bill_…", "ir_…").
std::string new_id(const std::string& prefix);
/// The next value of a table's `seq` column (the order lists are sorted by).
/// `table` comes from the code, never from a request.
std::int64_t next_seq(Database& db, const char* table);

/// The rows of a page were fetched with LIMIT limit + 1: the extra row, if
/// it came, only says there is more. Drops it; returns has_more.
template <typename T, typename Limit>
bool trim_to_page(std::vector<T>& rows, Limit limit) {
  const bool more = rows.size() > static_cast<std::size_t>(limit);
  if (more) rows.pop_back();
  return more;
}

/// A model kept as JSON text in a `doc` column. A row that does not decode
/// is a bug or a damaged file, never a client error: it throws.
template <typename T>
T decode_stored(const std::string& doc, const std::string& what) {
  auto decoded = fapiao::detail::json::decode<T>(doc);
  if (!decoded) throw std::runtime_error("stored " + what + " is corrupt: " + decoded.error().message);
  return std::move(decoded).value();
}

}  // namespace sandbox::store
