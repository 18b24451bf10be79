// The error a handler or a middleware throws to refuse a request, and the
// response it becomes: the contract's error body {"error": {code, message, request_id, retryable, details}}.
#pragma once

#include "http.hpp"

#include <fapiao/error.hpp>

#include <boost/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace sandbox {

class ApiError {
 public:
  /// A refusal with one of the contract's codes. Its HTTP status comes from
  /// the error table the SDK maps answers with (src/core/error_table.cpp), so
  /// a code and its status are written in one place only.
  ApiError(std::string error_code, std::string text, boost::json::object extra = {});
  /// The one code the contract answers with two statuses: BILL_NOT_YET_AVAILABLE
  /// is 404 on GET /v1/bills/{id} and 422 (the table's) on create.
  static ApiError with_status(int http_status, std::string error_code, std::string text,
                              boost::json::object extra = {});

  int status;
  std::string code;
  std::string message;
  boost::json::object details;
  int retry_after = 0;  // seconds, for 429/503
};

/// 422 VALIDATION_FAILED listing every field.
ApiError validation_failed(const std::vector<fapiao::FieldError>& fields);
/// 422 VALIDATION_FAILED for one field.
ApiError invalid_field(std::string field, std::string code, std::string message);
/// 404 with a *_NOT_FOUND code.
ApiError not_found(std::string code, std::string what);

boost::json::array field_errors_json(const std::vector<fapiao::FieldError>& fields);

/// The contract's error response for `error`, with its Retry-After on 429 and 503.
Response error_response(const std::string& request_id, const ApiError& error);

}  // namespace sandbox
