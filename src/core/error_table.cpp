#include "core/error_table.hpp"

#include "generated/error_table.hpp"

#include <array>

namespace fapiao::detail {
namespace {

using Row = ErrorRow;

const Row* find(std::string_view code) noexcept {
  for (const auto& row : kErrorTable) {
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
  if (const Row* row = find(service_code); row != nullptr) {
    if (row->http_status == http_status) return row->category;
    if (row->also_status != 0 && row->also_status == http_status) return row->also_category;
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
