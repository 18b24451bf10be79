// fapiao: JSON text for the models, in the service's wire format. For logs,
// storage and scripts (the CLI's --json); the SDK's own HTTP code uses it too.
#pragma once

#include <fapiao/models.hpp>
#include <fapiao/result.hpp>

#include <string>
#include <string_view>

namespace fapiao {

/// Serialises a model to compact JSON; absent fields are omitted.
/// Defined for every model of <fapiao/models.hpp> and Page<T> of them.
template <typename T>
std::string to_json(const T& value);

/// Parses a model from JSON. Unknown fields are ignored and unknown enum
/// values kept; a missing required field or a wrong type gives an error of
/// category `protocol` whose field_errors name the field ("lines[2].gross_fen").
template <typename T>
Result<T> from_json(std::string_view text);

/// A session as an opaque string, for a portal's own session store.
std::string serialize_session(const Session& session);
/// The session back from serialize_session's string.
Result<Session> parse_session(std::string_view text);

}  // namespace fapiao
