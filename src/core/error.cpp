#include <fapiao/error.hpp>
#include <fapiao/version.hpp>

#include <array>

namespace fapiao {

std::string_view to_string(ErrorCode code) noexcept {
  static constexpr std::array<std::string_view, 16> kNames{
      "ok",        "internal", "invalid_argument", "unauthenticated", "permission_denied", "not_found",
      "conflict",  "idempotency", "rate_limited",  "unavailable",     "transport",         "tls",
      "timeout",   "cancelled", "protocol",        "rejected"};
  const auto index = static_cast<std::size_t>(code);
  return index < kNames.size() ? kNames[index] : std::string_view("unknown");
}

std::string Error::describe() const {
  std::string out(to_string(code));
  if (!service_code.empty()) out += " " + service_code;
  if (http_status != 0) out += " (HTTP " + std::to_string(http_status) + ")";
  out += ": " + message;
  for (const auto& f : field_errors) out += "\n  " + f.field + ": " + f.code + " - " + f.message;
  if (!request_id.empty()) out += "\n  request id: " + request_id;
  if (!idempotency_key.empty()) out += "\n  idempotency key: " + idempotency_key;
  if (attempts > 1) out += "\n  attempts: " + std::to_string(attempts);
  return out;
}

Error validation_error(std::vector<FieldError> fields) {
  std::string message = "The request is invalid: ";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i != 0) message += "; ";
    message += fields[i].field + " (" + fields[i].code + ")";
  }
  Error error(ErrorCode::invalid_argument, std::move(message));
  error.service_code = "VALIDATION_FAILED";
  error.field_errors = std::move(fields);
  return error;
}

const char* version() noexcept { return FAPIAO_VERSION_STRING; }

}  // namespace fapiao
