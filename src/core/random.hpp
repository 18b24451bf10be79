// Unpredictable identifiers for idempotency keys and client request ids.
#pragma once

#include <string>

namespace fapiao::detail {

/// 128 bits from the operating system's CSPRNG (getrandom(2)), as 32
/// lower-case hex digits. Nothing is kept in the process, so a fork()ed
/// child can never repeat its parent's keys (a seeded PRNG copied by fork
/// would: docs/adr/0011). Throws std::system_error if the kernel cannot
/// supply randomness, which never happens on a supported Linux.
std::string random_key();

}  // namespace fapiao::detail
