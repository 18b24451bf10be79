#include "router/inputs.hpp"

#include "util.hpp"

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

std::int64_t int_field(const Call& call, const char* name, bool required, std::int64_t fallback) {
  const auto* v = body_object(call).if_contains(name);
  if (v == nullptr || v->is_null()) {
    if (required) throw invalid_field(name, "REQUIRED", std::string(name) + " is required.");
    return fallback;
  }
  if (!v->is_int64()) throw invalid_field(name, "INVALID_VALUE", std::string(name) + " must be an integer.");
  return v->get_int64();
}

std::optional<std::string> query_value(const Call& call, const char* name) {
  const auto it = call.query.find(name);
  if (it == call.query.end()) return std::nullopt;
  return it->second;
}

ById read(const Call& call, In<ById>) { return ById{call.params.at(0)}; }

std::optional<int> optional_limit(const Call& call) {
  const auto text = query_value(call, "limit");
  if (!text) return std::nullopt;
  const auto value = parse_int(*text);
  if (!value || *value < 1 || *value > 100) {
    throw invalid_field("limit", "INVALID_VALUE", "limit must be a whole number from 1 to 100.");
  }
  return static_cast<int>(*value);
}

PageQuery read(const Call& call, In<PageQuery>) {
  return PageQuery{optional_limit(call).value_or(20), query_value(call, "starting_after")};
}

}  // namespace sandbox
