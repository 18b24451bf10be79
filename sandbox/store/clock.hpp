// The service's virtual clock, kept in the meta table so it survives a restart.
#pragma once

#include "db.hpp"

#include <cstdint>
#include <optional>

namespace sandbox::store {

/// The virtual time in seconds since the epoch; nullopt when none is set.
std::optional<std::int64_t> virtual_now(Database& db);
void set_virtual_now(Database& db, std::int64_t seconds);
/// Back to the real clock (the sandbox started without the virtual clock).
void clear_virtual_now(Database& db);

}  // namespace sandbox::store
