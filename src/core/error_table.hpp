// The service's error codes and the SDK's categories and retry rule. The
// table itself is generated from api/openapi.yaml (ErrorCode's x-codes) into
// src/generated/error_table.hpp, and so is its twin in docs/errors.md.
#pragma once

#include <fapiao/error.hpp>

#include <string_view>

namespace fapiao::detail {

/// Category of a service error: by its stable code when known, else by the
/// HTTP status (so a code added by a newer service still lands sensibly).
ErrorCode category_for(std::string_view service_code, int http_status) noexcept;

/// The HTTP status the service answers with for a code (0 when unknown).
int http_status_for(std::string_view service_code) noexcept;

/// The one retry rule. A known service code decides by its row of the table
/// (the service marks 429, 503 and IDEMPOTENCY_KEY_IN_USE retryable, and the
/// sandbox takes its `retryable` from here); an unknown code or a bare
/// status decides by is_retryable_status().
bool is_retryable(std::string_view service_code, int http_status) noexcept;

/// Statuses worth repeating when the answer carries no verdict of its own:
/// 408, 429, 500, 502, 503, 504. The only list of them in the SDK.
bool is_retryable_status(int http_status) noexcept;

}  // namespace fapiao::detail
