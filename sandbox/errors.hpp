// The error a handler throws to refuse a request; the service turns it into
// the contract's error body {"error": {code, message, request_id, retryable, details}}.
#pragma once

#include <fapiao/error.hpp>

#include <boost/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace sandbox {

class ApiError {
 public:
  ApiError(int http_status, std::string error_code, std::string text, boost::json::object extra = {})
      : status(http_status), code(std::move(error_code)), message(std::move(text)), details(std::move(extra)) {}

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

}  // namespace sandbox
