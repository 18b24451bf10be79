// Fuzz target: the JSON decoders of every model. Arbitrary bytes must give a
// value or an error naming a field, never a crash, a leak or UB; a decoded
// value must encode and decode again to the same JSON.
#include "json/codec.hpp"

#include <fapiao/json.hpp>
#include <fapiao/sandbox.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

template <typename T>
void round_trip(std::string_view text) {
  auto decoded = fapiao::detail::json::decode<T>(text);
  if (!decoded) {
    if (decoded.error().message.empty()) std::abort();
    return;
  }
  const std::string once = fapiao::detail::json::encode(*decoded);
  auto again = fapiao::detail::json::decode<T>(once);
  if (!again || fapiao::detail::json::encode(*again) != once) std::abort();  // the codec must be stable
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  round_trip<fapiao::Account>(text);
  round_trip<fapiao::Bill>(text);
  round_trip<fapiao::Buyer>(text);
  round_trip<fapiao::InvoiceApplication>(text);
  round_trip<fapiao::InvoicePreview>(text);
  round_trip<fapiao::InvoiceRequest>(text);
  round_trip<fapiao::InvoiceProfile>(text);
  round_trip<fapiao::Announcement>(text);
  round_trip<fapiao::NewSupportTicket>(text);
  round_trip<fapiao::SupportTicket>(text);
  round_trip<fapiao::Session>(text);
  round_trip<fapiao::Page<fapiao::Bill>>(text);
  round_trip<fapiao::sandbox::Mail>(text);
  (void)fapiao::parse_session(text);
  return 0;
}
