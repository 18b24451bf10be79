#include "json/codec.hpp"

#include <fapiao/json.hpp>

namespace fapiao::detail::json {

void append_quoted(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t plain = 0;  // start of the run of characters copied as they are
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    out += '\\';
    switch (c) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '\b': out += 'b'; break;
      case '\f': out += 'f'; break;
      case '\n': out += 'n'; break;
      case '\r': out += 'r'; break;
      case '\t': out += 't'; break;
      default:
        out += "u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out += '"';
}

Result<boost::json::value> parse_text(std::string_view text) {
  boost::json::parse_options options;
  options.max_depth = 64;  // hostile nesting ends here, not in a stack overflow
  boost::system::error_code ec;
  // A parsed document is read once and dropped: one arena for all its nodes
  // (freed with the value) instead of a malloc and free per string and object.
  boost::json::value value =
      boost::json::parse(boost::json::string_view(text.data(), text.size()), ec,
                         boost::json::make_shared_resource<boost::json::monotonic_resource>(), options);
  if (ec) return Error(ErrorCode::protocol, "Malformed JSON: " + ec.message() + ".");
  return value;
}

}  // namespace fapiao::detail::json

namespace fapiao {

template <typename T>
std::string to_json(const T& value) {
  return detail::json::encode(value);
}

template <typename T>
Result<T> from_json(std::string_view text) {
  return detail::json::decode<T>(text);
}

#define FAPIAO_JSON_MODEL(T)                                 \
  template std::string to_json<T>(const T&);                 \
  template Result<T> from_json<T>(std::string_view);         \
  template std::string to_json<Page<T>>(const Page<T>&);     \
  template Result<Page<T>> from_json<Page<T>>(std::string_view);

FAPIAO_JSON_MODEL(Account)
FAPIAO_JSON_MODEL(Subscription)
FAPIAO_JSON_MODEL(Bill)
FAPIAO_JSON_MODEL(Buyer)
FAPIAO_JSON_MODEL(Delivery)
FAPIAO_JSON_MODEL(InvoiceLine)
FAPIAO_JSON_MODEL(HistoryEntry)
FAPIAO_JSON_MODEL(Warning)
FAPIAO_JSON_MODEL(FieldError)
FAPIAO_JSON_MODEL(InvoiceApplication)
FAPIAO_JSON_MODEL(InvoicePreview)
FAPIAO_JSON_MODEL(InvoiceRequest)
FAPIAO_JSON_MODEL(InvoiceProfile)
FAPIAO_JSON_MODEL(Announcement)
FAPIAO_JSON_MODEL(NewSupportTicket)
FAPIAO_JSON_MODEL(SupportTicket)
FAPIAO_JSON_MODEL(Session)
FAPIAO_JSON_MODEL(Event)
FAPIAO_JSON_MODEL(WebhookEndpoint)
FAPIAO_JSON_MODEL(NewWebhookEndpoint)
FAPIAO_JSON_MODEL(WebhookEndpointUpdate)
FAPIAO_JSON_MODEL(SecretRotation)

#undef FAPIAO_JSON_MODEL

namespace {
// Versioned so a later SDK can still read sessions stored by this one.
constexpr std::string_view kSessionPrefix = "fapiao-session-v1:";
}  // namespace

std::string serialize_session(const Session& session) {
  return std::string(kSessionPrefix) + detail::json::encode(session);
}

Result<Session> parse_session(std::string_view text) {
  if (text.substr(0, kSessionPrefix.size()) != kSessionPrefix) {
    return Error(ErrorCode::invalid_argument, "Not a serialised fapiao session (expected the prefix fapiao-session-v1:).");
  }
  auto session = detail::json::decode<Session>(text.substr(kSessionPrefix.size()));
  if (!session) {
    Error error = session.error();
    error.code = ErrorCode::invalid_argument;
    error.message = "Corrupt serialised session: " + error.message;
    return error;
  }
  return session;
}

}  // namespace fapiao
