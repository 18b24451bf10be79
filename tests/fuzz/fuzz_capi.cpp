// Fuzz target: the C ABI's string inputs (JSON bodies, field paths, sessions,
// taxpayer IDs): every call returns a code and leaves fapiao_error_last() valid.
#include <fapiao/fapiao.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);  // NUL-terminated copy
  char* warnings = nullptr;
  const int rc = fapiao_validate_application(&warnings, text.c_str(), 1);
  if ((rc == FAPIAO_OK) != (warnings != nullptr)) std::abort();
  fapiao_string_free(warnings);
  const fapiao_error* e = fapiao_error_last();
  if (e == nullptr || e->message == nullptr || (rc != FAPIAO_OK && e->code != rc)) std::abort();
  for (std::size_t i = 0; i < e->field_error_count; ++i) {
    if (!e->field_errors[i].field || !e->field_errors[i].code) std::abort();
  }
  (void)fapiao_validate_taxpayer_id(text.c_str(), static_cast<int>(size % 2), 0);
  fapiao_session* session = nullptr;
  if (fapiao_session_parse(&session, text.c_str()) == FAPIAO_OK) {
    char* again = nullptr;
    if (fapiao_session_serialize(&again, session) != FAPIAO_OK) std::abort();
    fapiao_string_free(again);
  }
  fapiao_session_free(session);
  return 0;
}
