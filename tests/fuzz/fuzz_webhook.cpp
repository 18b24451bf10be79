// Fuzz target: webhook verification on arbitrary header and payload bytes.
// The input is split at its first newline into the Fapiao-Signature header
// and the body. Properties: no crash or UB; a forged body never verifies;
// and a body signed with the secret always does (then decodes or is
// refused as malformed, never anything else).
#include <fapiao/webhooks.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string_view header = input.substr(0, newline);
  const std::string_view body = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  const std::string secret = "whsec_fuzz";
  constexpr std::int64_t kNow = 1767225600;
  fapiao::webhooks::VerifyOptions options;
  options.now = [] { return kNow; };

  // Arbitrary header: verified only if it really signs this body with the
  // secret, which random bytes never do.
  const auto forged = fapiao::webhooks::construct_event(body, header, {secret}, options);
  if (forged) std::abort();

  // A genuine signature over the same bytes: only the payload may be refused.
  const auto signed_header = fapiao::webhooks::sign(body, {"whsec_other", secret}, kNow);
  const auto genuine = fapiao::webhooks::construct_event(body, signed_header, {secret}, options);
  if (!genuine && genuine.error().service_code != fapiao::webhooks::code::payload_malformed) std::abort();
  if (genuine && genuine->data.object.json.empty()) std::abort();  // an event always carries its object
  return 0;
}
