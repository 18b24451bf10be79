#include "errors.hpp"

#include "core/error_table.hpp"
#include "json/codec.hpp"

#include <stdexcept>

namespace sandbox {

ApiError::ApiError(std::string error_code, std::string text, boost::json::object extra)
    : status(fapiao::detail::http_status_for(error_code)),
      code(std::move(error_code)),
      message(std::move(text)),
      details(std::move(extra)) {
  // A code outside the contract's table is a bug in the sandbox: it answers
  // 503 (the service's safety net) and says so in its log, rather than
  // inventing a status.
  if (status == 0) throw std::logic_error("the error code " + code + " is not in the error table");
}

ApiError ApiError::with_status(int http_status, std::string error_code, std::string text, boost::json::object extra) {
  ApiError e(std::move(error_code), std::move(text), std::move(extra));
  e.status = http_status;
  return e;
}

ApiError validation_failed(const std::vector<fapiao::FieldError>& fields) {
  boost::json::object details;
  details["fields"] = field_errors_json(fields);
  std::string message = "The request has invalid fields: ";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) message += ", ";
    message += fields[i].field;
    message += " (";
    message += fields[i].code;
    message += ")";
  }
  return ApiError("VALIDATION_FAILED", message + ".", std::move(details));
}

ApiError invalid_field(std::string field, std::string code, std::string message) {
  return validation_failed({fapiao::FieldError{std::move(field), std::move(code), std::move(message)}});
}

ApiError not_found(std::string code, std::string what) { return ApiError(std::move(code), what + " not found."); }

boost::json::array field_errors_json(const std::vector<fapiao::FieldError>& fields) {
  boost::json::array out;
  for (const auto& f : fields) out.push_back(fapiao::detail::json::encode_value(f));
  return out;
}

Response error_response(const std::string& request_id, const ApiError& error) {
  boost::json::object inner;
  inner["code"] = error.code;
  inner["message"] = error.message;
  inner["request_id"] = request_id;
  inner["retryable"] = fapiao::detail::is_retryable(error.code, error.status);
  inner["details"] = error.details;
  boost::json::object body;
  body["error"] = std::move(inner);
  Response r;
  r.status = error.status;
  r.body = boost::json::serialize(body);
  if (error.status == 429 || error.status == 503) {
    r.headers.emplace_back("Retry-After", std::to_string(error.retry_after > 0 ? error.retry_after : 1));
  }
  return r;
}

}  // namespace sandbox
