// The thread-local last error of the C ABI: never NULL, always set or cleared.
#include "capi_internal.hpp"

namespace fapiao::capi {
namespace {

struct LastError {
  fapiao_error view{};
  std::string message, service_code, request_id, idempotency_key;
  std::vector<FieldError> fields;
  std::vector<fapiao_field_error> field_views;

  void publish(int code, int http_status, bool retryable, int attempts, int retry_after) {
    field_views.clear();
    for (const auto& f : fields) field_views.push_back({f.field.c_str(), f.code.c_str(), f.message.c_str()});
    view = fapiao_error{code,
                        message.c_str(),
                        http_status,
                        service_code.c_str(),
                        request_id.c_str(),
                        idempotency_key.c_str(),
                        retryable ? 1 : 0,
                        attempts,
                        retry_after,
                        field_views.size(),
                        field_views.empty() ? nullptr : field_views.data()};
  }
};

LastError& last() {
  thread_local LastError state = [] {
    LastError s;
    s.publish(FAPIAO_OK, 0, false, 0, -1);
    return s;
  }();
  return state;
}

}  // namespace

void clear_error() noexcept {
  LastError& s = last();
  s.message.clear();
  s.service_code.clear();
  s.request_id.clear();
  s.idempotency_key.clear();
  s.fields.clear();
  s.publish(FAPIAO_OK, 0, false, 0, -1);
}

int set_error(const Error& error) {
  LastError& s = last();
  s.message = error.message;
  s.service_code = error.service_code;
  s.request_id = error.request_id;
  s.idempotency_key = error.idempotency_key;
  s.fields = error.field_errors;
  const int code = error.code == ErrorCode::ok ? FAPIAO_E_INTERNAL : -static_cast<int>(error.code);
  s.publish(code, error.http_status, error.retryable, error.attempts,
            error.retry_after ? static_cast<int>(error.retry_after->count()) : -1);
  return code;
}

int set_error(int code, const std::string& message, std::vector<FieldError> fields) {
  LastError& s = last();
  s.message = message;
  s.service_code = fields.empty() ? "" : "VALIDATION_FAILED";
  s.request_id.clear();
  s.idempotency_key.clear();
  s.fields = std::move(fields);
  s.publish(code, 0, false, 0, -1);
  return code;
}

int null_argument(const char* name) {
  return set_error(FAPIAO_E_INVALID_ARGUMENT, std::string("The argument `") + name + "` must not be NULL.");
}

Result<CallOptions> call_options(const fapiao_call_options* call) {
  CallOptions o;
  if (call == nullptr) return o;
  if (call->version != FAPIAO_CALL_OPTIONS_VERSION) {
    return Error(ErrorCode::invalid_argument, "fapiao_call_options.version is " + std::to_string(call->version) +
                                                  "; this library knows version " +
                                                  std::to_string(FAPIAO_CALL_OPTIONS_VERSION) +
                                                  " (initialise with FAPIAO_CALL_OPTIONS_INIT).");
  }
  if (call->timeout_ms < 0) return Error(ErrorCode::invalid_argument, "fapiao_call_options.timeout_ms is negative.");
  if (call->timeout_ms > 0) o.timeout = std::chrono::milliseconds(call->timeout_ms);
  if (call->idempotency_key) o.idempotency_key = call->idempotency_key;
  if (call->client_request_id) o.client_request_id = call->client_request_id;
  o.skip_validation = call->skip_validation != 0;
  if (call->cancel) o.cancellation = call->cancel->source.token();
  return o;
}

}  // namespace fapiao::capi

extern "C" {

const fapiao_error* fapiao_error_last(void) { return &fapiao::capi::last().view; }
void fapiao_error_clear(void) { fapiao::capi::clear_error(); }
const char* fapiao_version(void) { return fapiao::version(); }
void fapiao_string_free(char* string) { std::free(string); }

}  // extern "C"
