// An event's data.object, decoded into the model its type names. The object
// arrives as one of several models (the contract's oneOf); the type, not the
// shape, says which, so an object that does not fit its type is an error.
#include "json/codec.hpp"

namespace fapiao::detail::json {
namespace {

template <typename Model>
void decode_as(Event& event, const boost::json::value& object, const Path& at, FailureSlot& f) {
  Model model{};
  Codec<Model>::read(object, model, at, f);
  if (!f) event.data.object.value = std::move(model);
}

}  // namespace

void resolve_event_object(Event& event, const Path& path, FailureSlot& f) {
  event.data.object.value = std::monostate{};
  if (event.data.object.json.empty()) return;
  // The text was serialised by Codec<EventObject> from a parsed value: it parses.
  const boost::json::value object = boost::json::parse(event.data.object.json);
  const Path data(path, "data");
  const Path at(data, "object");
  switch (event.type.value()) {
    case EventType::bill_available: return decode_as<Bill>(event, object, at, f);
    case EventType::invoice_request_created:
    case EventType::invoice_request_status_changed: return decode_as<InvoiceRequest>(event, object, at, f);
    case EventType::support_ticket_resolved: return decode_as<SupportTicket>(event, object, at, f);
    case EventType::announcement_published: return decode_as<Announcement>(event, object, at, f);
    case EventType::unknown: return;  // a type this SDK does not know: the JSON text only
  }
}

}  // namespace fapiao::detail::json
