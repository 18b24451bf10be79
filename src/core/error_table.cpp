#include "core/error_table.hpp"

#include <array>

namespace fapiao::detail {
namespace {

struct Row {
  std::string_view service_code;
  int http_status;
  ErrorCode category;
  bool retryable = false;  // the service's `retryable` for this code; the SDK retries on it
};

// Every error code of the contract (spec "Precise semantics").
constexpr std::array<Row, 38> kTable{{
    {"INVALID_JSON", 400, ErrorCode::invalid_argument},
    {"INVALID_CURSOR", 400, ErrorCode::invalid_argument},
    {"INVALID_IDEMPOTENCY_KEY", 400, ErrorCode::invalid_argument},
    {"UNAUTHENTICATED", 401, ErrorCode::unauthenticated},
    {"INVALID_CREDENTIALS", 401, ErrorCode::unauthenticated},
    {"ACCOUNT_NOT_ACTIVE", 403, ErrorCode::permission_denied},
    {"PASSWORD_CHANGE_REQUIRED", 403, ErrorCode::permission_denied},
    {"FORBIDDEN", 403, ErrorCode::permission_denied},
    {"NOT_FOUND", 404, ErrorCode::not_found},
    {"ANNOUNCEMENT_NOT_FOUND", 404, ErrorCode::not_found},
    {"METHOD_NOT_ALLOWED", 405, ErrorCode::invalid_argument},
    {"ORDER_NOT_FOUND", 404, ErrorCode::not_found},
    {"BILL_NOT_FOUND", 404, ErrorCode::not_found},
    {"INVOICE_REQUEST_NOT_FOUND", 404, ErrorCode::not_found},
    {"SUPPORT_TICKET_NOT_FOUND", 404, ErrorCode::not_found},
    {"DOCUMENT_NOT_FOUND", 404, ErrorCode::not_found},
    {"PROFILE_NOT_FOUND", 404, ErrorCode::not_found},
    {"ACTIVATION_TOKEN_INVALID", 404, ErrorCode::not_found},
    {"ACTIVATION_EXPIRED", 410, ErrorCode::not_found},
    {"ORDER_ALREADY_REGISTERED", 409, ErrorCode::conflict},
    {"REGISTRATION_PENDING", 409, ErrorCode::conflict},
    {"EMAIL_TAKEN", 409, ErrorCode::conflict},
    {"ALREADY_ACTIVE", 409, ErrorCode::conflict},
    {"BILL_ALREADY_INVOICED", 409, ErrorCode::conflict},
    {"INVALID_TRANSITION", 409, ErrorCode::conflict},
    {"ORDER_ALREADY_EXISTS", 409, ErrorCode::conflict},
    {"CLOCK_NOT_VIRTUAL", 409, ErrorCode::conflict},
    {"IDEMPOTENCY_KEY_REUSED", 409, ErrorCode::idempotency},
    {"IDEMPOTENCY_KEY_IN_USE", 409, ErrorCode::idempotency, true},
    {"BODY_TOO_LARGE", 413, ErrorCode::invalid_argument},
    {"VALIDATION_FAILED", 422, ErrorCode::invalid_argument},
    {"WEAK_PASSWORD", 422, ErrorCode::invalid_argument},
    {"EMPTY_SELECTION", 422, ErrorCode::rejected},
    {"SPLIT_REQUIRES_SUPPORT", 422, ErrorCode::rejected},
    {"BILL_NOT_YET_AVAILABLE", 422, ErrorCode::rejected},
    {"TOO_MANY_ATTEMPTS", 429, ErrorCode::rate_limited, true},
    {"RATE_LIMITED", 429, ErrorCode::rate_limited, true},
    {"UNAVAILABLE", 503, ErrorCode::unavailable, true},
}};

const Row* find(std::string_view code) noexcept {
  for (const auto& row : kTable) {
    if (row.service_code == code) return &row;
  }
  return nullptr;
}

ErrorCode category_for_status(int status) noexcept {
  switch (status) {
    case 400: case 405: case 413: case 422: return ErrorCode::invalid_argument;
    case 401: return ErrorCode::unauthenticated;
    case 403: return ErrorCode::permission_denied;
    case 404: case 410: return ErrorCode::not_found;
    case 408: return ErrorCode::timeout;
    case 409: return ErrorCode::conflict;
    case 429: return ErrorCode::rate_limited;
    default: break;
  }
  if (status >= 500) return ErrorCode::unavailable;
  return ErrorCode::protocol;  // a status the contract never sends
}

}  // namespace

ErrorCode category_for(std::string_view service_code, int http_status) noexcept {
  // A 404 BILL_NOT_YET_AVAILABLE (GET /v1/bills/{id}) is a lookup miss, the
  // 422 one (create) a business refusal: the status decides between them.
  if (const Row* row = find(service_code); row != nullptr && row->http_status == http_status) {
    return row->category;
  }
  return category_for_status(http_status);
}

int http_status_for(std::string_view service_code) noexcept {
  const Row* row = find(service_code);
  return row ? row->http_status : 0;
}

bool is_retryable_status(int http_status) noexcept {
  // Answers that carry no verdict of the service's own (a proxy's 502, a
  // gateway's 504, a bare 408) and may succeed when repeated.
  switch (http_status) {
    case 408: case 429: case 500: case 502: case 503: case 504: return true;
    default: return false;
  }
}

bool is_retryable(std::string_view service_code, int http_status) noexcept {
  if (const Row* row = find(service_code); row != nullptr && row->http_status == http_status) return row->retryable;
  return is_retryable_status(http_status);
}

}  // namespace fapiao::detail
