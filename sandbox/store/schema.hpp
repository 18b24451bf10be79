// The database's tables, created when missing (a new data directory) and
// brought up to date (an older one). Every other store file uses them.
#pragma once

#include "db.hpp"

#include <filesystem>

namespace sandbox::store {

/// Attaches the request journal's own file (trace.db, written without fsync:
/// ADR 0006) and creates every table that is missing.
void create_schema(Database& db, const std::filesystem::path& trace_file);

}  // namespace sandbox::store
