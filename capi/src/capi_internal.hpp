// Shared by the C ABI's translation units: the handle types, the
// thread-local last error, and the guard every entry point runs in.
#pragma once

#include "fapiao/fapiao.h"
#include "json/codec.hpp"

#include <fapiao/fapiao.hpp>

#include <functional>
#include <new>
#include <string>

struct fapiao_value {
  boost::json::value value;
  std::string json;
};

struct fapiao_session {
  fapiao::Session session;
};

struct fapiao_client {
  explicit fapiao_client(fapiao::Client c) : client(std::move(c)) {}
  fapiao::Client client;
};

struct fapiao_pager {
  std::function<int(fapiao_value**)> next;
};

struct fapiao_operation {
  explicit fapiao_operation(fapiao::InvoiceOperation op) : operation(std::move(op)) {}
  fapiao::InvoiceOperation operation;
};

struct fapiao_cancel {
  fapiao::CancellationSource source;
};

namespace fapiao::capi {

/// Resets this thread's last error to FAPIAO_OK.
void clear_error() noexcept;
/// Records an SDK error as this thread's last error; returns its C code.
int set_error(const Error& error);
/// Records an error made up here (NULL arguments, bad versions...).
int set_error(int code, const std::string& message, std::vector<FieldError> fields = {});

/// Runs an entry point: clears the last error first, and turns every
/// exception (std::bad_alloc included) into an error code. No C++ exception
/// crosses the C boundary.
template <typename F>
int guard(F&& body) noexcept {
  try {
    clear_error();
    return body();
  } catch (const std::bad_alloc&) {
    return set_error(FAPIAO_E_NOMEM, "Out of memory.");
  } catch (const std::exception& e) {
    return set_error(FAPIAO_E_INTERNAL, std::string("Internal error: ") + e.what());
  } catch (...) {
    return set_error(FAPIAO_E_INTERNAL, "Internal error.");
  }
}

/// FAPIAO_E_INVALID_ARGUMENT naming a NULL argument.
int null_argument(const char* name);

/// A new value handle holding a model in the contract's JSON shape.
template <typename T>
fapiao_value* make_value(const T& model) {
  auto* v = new fapiao_value{detail::json::encode_value(model, detail::json::Absent::null), {}};
  v->json = boost::json::serialize(v->value);
  return v;
}

/// Hands a Result's model to *out (or records its error). *out is NULL on failure.
template <typename T>
int deliver(fapiao_value** out, Result<T>&& result) {
  *out = nullptr;
  if (!result) return set_error(result.error());
  *out = make_value(*result);
  return FAPIAO_OK;
}

/// Parses a JSON input into a model; problems become INVALID_ARGUMENT with fields.
template <typename T>
Result<T> parse_input(const char* json, const char* what) {
  auto decoded = detail::json::decode<T>(json);
  if (!decoded) {
    Error e = decoded.error();
    e.code = ErrorCode::invalid_argument;
    e.message = std::string(what) + " is not valid: " + e.message;
    return e;
  }
  return decoded;
}

/// The call options from C (NULL = defaults); a wrong version is an error.
Result<CallOptions> call_options(const fapiao_call_options* call);

}  // namespace fapiao::capi
