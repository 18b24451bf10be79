// fapiao_webhook_construct_event: the C form of webhooks::construct_event.
#include "capi_internal.hpp"

#include <fapiao/webhooks.hpp>

extern "C" int fapiao_webhook_construct_event(fapiao_value** out, const char* payload, size_t payload_len,
                                              const char* signature_header, const char* const* secrets,
                                              size_t secret_count, const fapiao_webhook_options* options) {
  return fapiao::capi::guard([&] {
    if (out == nullptr) return fapiao::capi::null_argument("out");
    *out = nullptr;
    if (payload == nullptr && payload_len != 0) return fapiao::capi::null_argument("payload");
    if (secrets == nullptr && secret_count != 0) return fapiao::capi::null_argument("secrets");
    fapiao::webhooks::VerifyOptions verify;
    if (options != nullptr) {
      if (options->version != FAPIAO_WEBHOOK_OPTIONS_VERSION) {
        return fapiao::capi::set_error(FAPIAO_E_INVALID_ARGUMENT,
                                       "fapiao_webhook_options.version is not FAPIAO_WEBHOOK_OPTIONS_VERSION.");
      }
      if (options->tolerance_seconds < 0) {
        return fapiao::capi::set_error(FAPIAO_E_INVALID_ARGUMENT, "tolerance_seconds cannot be negative.");
      }
      verify.tolerance = std::chrono::seconds(options->tolerance_seconds);
      if (options->now_unix_seconds != 0) {
        const std::int64_t now = options->now_unix_seconds;
        verify.now = [now] { return now; };
      }
    }
    std::vector<std::string> keys;
    keys.reserve(secret_count);
    for (size_t i = 0; i < secret_count; ++i) {
      if (secrets[i] == nullptr) return fapiao::capi::null_argument("secrets[i]");
      keys.emplace_back(secrets[i]);
    }
    return fapiao::capi::deliver(
        out, fapiao::webhooks::construct_event(std::string_view(payload == nullptr ? "" : payload, payload_len),
                                               signature_header == nullptr ? "" : signature_header, keys, verify));
  });
}
