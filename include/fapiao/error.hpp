// fapiao: errors. One table of categories shared by C++, the C ABI and Python
// (docs/errors.md); the service's own stable code travels in `service_code`.
#pragma once

#include <chrono>
#include <exception>
#include <utility>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fapiao {

/// Broad category of a failure. The numeric values are the C ABI's
/// FAPIAO_E_* codes negated; never renumber, only append.
enum class ErrorCode : int {
  ok = 0,
  internal = 1,             ///< A bug or an unexpected state inside the SDK.
  invalid_argument = 2,     ///< Input failed validation (locally or 400/413/422 VALIDATION_FAILED).
  unauthenticated = 3,      ///< 401: missing, unknown or expired session; wrong credentials.
  permission_denied = 4,    ///< 403: account not active, password change required.
  not_found = 5,            ///< 404 or 410: no such object (or another customer's), expired link.
  conflict = 6,             ///< 409: the object's state forbids the action (bill already invoiced...).
  idempotency = 7,          ///< 409: idempotency key reused with another body, or still in use.
  rate_limited = 8,         ///< 429: too many attempts or requests; see retry_after.
  unavailable = 9,          ///< 5xx: the service could not answer.
  transport = 10,           ///< Connection refused, reset or closed; DNS failure; proxy failure.
  tls = 11,                 ///< TLS handshake or certificate verification failed.
  timeout = 12,             ///< The call's deadline passed.
  cancelled = 13,           ///< The caller cancelled the call.
  protocol = 14,            ///< The service's reply could not be understood.
  rejected = 15,            ///< 422: a business rule refused the request (EMPTY_SELECTION...).
};

/// Stable lower-case name of a category ("invalid_argument").
std::string_view to_string(ErrorCode code) noexcept;

/// One problem with one field, as the service reports it in
/// `details.fields` (or preview's `field_errors`), and as local validation
/// reports it before anything is sent.
struct FieldError {
  std::string field;    ///< Path of the field: "buyer.taxpayer_id", "bill_ids[1]".
  std::string code;     ///< Stable code: "USCC_CHECKSUM", "REQUIRED"...
  std::string message;  ///< English, for people.

  friend bool operator==(const FieldError& a, const FieldError& b) {
    return a.field == b.field && a.code == b.code && a.message == b.message;
  }
  friend bool operator!=(const FieldError& a, const FieldError& b) { return !(a == b); }
};

/// A failed call. Thrown by Result<T>::value() for those who prefer exceptions.
class Error : public std::exception {
 public:
  Error() = default;
  Error(ErrorCode category, std::string text) : code(category), message(std::move(text)) {}

  ErrorCode code = ErrorCode::internal;
  std::string message;                    ///< English, for people.
  int http_status = 0;                    ///< 0 when no HTTP response was received.
  std::string service_code;               ///< The service's code: "BILL_ALREADY_INVOICED".
  std::vector<FieldError> field_errors;   ///< Every bad field, for validation failures.
  std::string request_id;                 ///< The service's Request-Id (quote it to support).
  std::string idempotency_key;            ///< The key sent with the call, if any.
  bool retryable = false;                 ///< Whether the same call may succeed if repeated.
  int attempts = 0;                       ///< How many attempts were made.
  std::optional<std::chrono::seconds> retry_after;  ///< From Retry-After, when sent.

  const char* what() const noexcept override { return message.c_str(); }

  /// Everything useful for a log or a support ticket: a first line with the
  /// category, service code, HTTP status and message, then one indented line
  /// each for every field problem, the request id, the idempotency key and
  /// the attempts made (when there were several).
  std::string describe() const;
};

/// Builds a validation error listing every field problem.
Error validation_error(std::vector<FieldError> fields);

}  // namespace fapiao
