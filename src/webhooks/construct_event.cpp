// fapiao::webhooks::construct_event: the one implementation behind the C++,
// C and Python receivers (the C ABI and the binding call it).
#include <fapiao/webhooks.hpp>

#include "json/codec.hpp"
#include "webhooks/signature.hpp"

#include <chrono>

namespace fapiao::webhooks {
namespace {

Error refused(ErrorCode category, std::string_view code, std::string message) {
  Error e(category, std::move(message));
  e.service_code = std::string(code);
  return e;
}

std::int64_t system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

Result<Event> construct_event(std::string_view payload, std::string_view signature_header,
                              const std::vector<std::string>& secrets, const VerifyOptions& options) {
  const auto header = detail::webhooks::parse_signature_header(signature_header);
  if (!header) {
    return refused(ErrorCode::unauthenticated, code::signature_missing,
                   signature_header.empty() ? "The delivery has no Fapiao-Signature header."
                                            : "Fapiao-Signature is not t=<unix seconds>,v1=<hex>.");
  }
  const std::int64_t now = options.now ? options.now() : system_now();
  const std::int64_t tolerance = options.tolerance.count();
  const std::int64_t skew = header->timestamp > now ? header->timestamp - now : now - header->timestamp;
  if (skew > tolerance) {
    return refused(ErrorCode::unauthenticated, code::timestamp_outside_tolerance,
                   "The signature's time is " + std::to_string(skew) + " s from now; at most " +
                       std::to_string(tolerance) + " s is accepted (a replayed or delayed delivery, or a wrong clock).");
  }
  std::vector<std::string> expected;
  expected.reserve(secrets.size());
  for (const auto& secret : secrets) {
    if (!secret.empty()) expected.push_back(detail::webhooks::signature(secret, header->timestamp, payload));
  }
  if (expected.empty() || !detail::webhooks::any_matches(header->v1, expected)) {
    return refused(ErrorCode::unauthenticated, code::signature_mismatch,
                   expected.empty() ? "No signing secret was given to verify with."
                                    : "No signature matches the secrets given (a wrong secret, or the body was changed).");
  }
  auto event = detail::json::decode<Event>(payload);
  if (!event) {
    Error e = refused(ErrorCode::protocol, code::payload_malformed,
                      "The delivery is signed but is not an event: " + event.error().message);
    e.field_errors = event.error().field_errors;
    return e;
  }
  return event;
}

std::string sign(std::string_view payload, const std::vector<std::string>& secrets, std::int64_t timestamp) {
  return detail::webhooks::signature_header(timestamp, payload, secrets);
}

}  // namespace fapiao::webhooks
