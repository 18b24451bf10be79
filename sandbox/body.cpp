#include "body.hpp"

namespace sandbox {

const boost::json::object& body_object(const Call& call) {
  if (!call.body.is_object()) throw invalid_field("body", "INVALID_VALUE", "The body must be a JSON object.");
  return call.body.get_object();
}

std::string text_field(const Call& call, std::string_view name) {
  const auto* v = body_object(call).if_contains(name);
  if (v == nullptr || v->is_null()) return {};
  if (!v->is_string()) throw invalid_field(std::string(name), "INVALID_VALUE", "Expected a string.");
  return std::string(v->get_string());
}

}  // namespace sandbox
