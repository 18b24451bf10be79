// An event's data.object, decoded into the model its type names (EventType's
// x-event-objects in the contract, generated into event_objects.hpp). The
// object arrives as one of several models (the contract's oneOf); the type,
// not the shape, says which, so an object that does not fit its type is an error.
#include "generated/event_objects.hpp"
#include "json/codec.hpp"

namespace fapiao::detail::json {

void resolve_event_object(Event& event, const Path& path, FailureSlot& f) {
  event.data.object.value = std::monostate{};
  if (event.data.object.json.empty()) return;
  // The text was serialised by Codec<EventObject> from a parsed value: it parses.
  const boost::json::value object = boost::json::parse(event.data.object.json);
  const Path data(path, "data");
  const Path at(data, "object");
  // A type this SDK does not know keeps only the JSON text.
  visit_event_object_model(event.type.value(), [&](auto* tag) {
    using Model = std::remove_pointer_t<decltype(tag)>;
    Model model{};
    Codec<Model>::read(object, model, at, f);
    if (!f) event.data.object.value = std::move(model);
  });
}

}  // namespace fapiao::detail::json
