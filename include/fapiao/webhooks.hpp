// fapiao: receiving webhooks. Verify a delivery before trusting it, then use
// the typed event (docs/webhooks.md):
//
//   auto event = fapiao::webhooks::construct_event(body, request.header("Fapiao-Signature"), {secret});
//   if (!event) return respond(400);            // event.error().service_code says why
//   if (already_seen(event->id)) return respond(200);
//   if (auto* r = event->data.object.invoice_request()) update_status(r->id, r->status);
#pragma once

#include <fapiao/event.hpp>
#include <fapiao/result.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace fapiao::webhooks {

/// The stable codes of a delivery that fails verification, in
/// Error::service_code (the category is unauthenticated, or protocol for a
/// malformed payload). The C ABI and Python report the same strings.
namespace code {
inline constexpr std::string_view signature_missing = "WEBHOOK_SIGNATURE_MISSING";    // no or unparsable Fapiao-Signature
inline constexpr std::string_view signature_mismatch = "WEBHOOK_SIGNATURE_MISMATCH";  // no v1= matches any secret
inline constexpr std::string_view timestamp_outside_tolerance = "WEBHOOK_TIMESTAMP_OUTSIDE_TOLERANCE";
inline constexpr std::string_view payload_malformed = "WEBHOOK_PAYLOAD_MALFORMED";    // signed, but not an Event
}  // namespace code

/// The HTTP header a delivery's signature comes in.
inline constexpr std::string_view kSignatureHeader = "Fapiao-Signature";

/// How far the signature's time may be from now, by default.
inline constexpr std::chrono::seconds kDefaultTolerance{300};

struct VerifyOptions {
  /// A `t` further than this from now (either way) is refused: a captured
  /// delivery cannot be replayed later.
  std::chrono::seconds tolerance = kDefaultTolerance;
  /// The current Unix time in seconds; empty = the system clock (tests inject one).
  std::function<std::int64_t()> now;
};

/// Verifies `signature_header` (Fapiao-Signature) over the raw `payload`
/// bytes with each of `secrets` (several during a rotation: any one that
/// matches passes), compared in constant time; then decodes the Event.
/// Unknown event types and unknown fields are tolerated: the event then has
/// its JSON in data.object.json and no typed object.
Result<Event> construct_event(std::string_view payload, std::string_view signature_header,
                              const std::vector<std::string>& secrets, const VerifyOptions& options = {});

/// The Fapiao-Signature value the service would send for `payload` at Unix
/// time `timestamp`, one v1= per secret: for testing receivers and for
/// forwarding (`fapiao listen`).
std::string sign(std::string_view payload, const std::vector<std::string>& secrets, std::int64_t timestamp);

}  // namespace fapiao::webhooks
