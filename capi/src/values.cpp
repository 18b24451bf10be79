// fapiao_value: models read by field path; fapiao_cancel.
#include "capi_internal.hpp"

namespace fapiao::capi {
namespace {

// Walks "buyer.name", "lines[2].tax_fen"; nullptr when a step is missing.
// A malformed path is reported through `bad`.
// name ( "[" digits "]" )* ( "." name ( "[" digits "]" )* )*
bool well_formed(std::string_view path) {
  bool expect_name = true;
  for (std::size_t i = 0; i < path.size();) {
    if (expect_name) {
      const std::size_t start = i;
      while (i < path.size() && path[i] != '.' && path[i] != '[' && path[i] != ']') ++i;
      if (i == start) return false;
      expect_name = false;
    } else if (path[i] == '[') {
      const std::size_t start = ++i;
      while (i < path.size() && path[i] >= '0' && path[i] <= '9') ++i;
      if (i == start || i >= path.size() || path[i] != ']') return false;
      ++i;
    } else if (path[i] == '.') {
      ++i;
      expect_name = true;
    } else {
      return false;
    }
  }
  return !path.empty() && !expect_name;
}

const boost::json::value* walk(const boost::json::value& root, const char* path, bool& bad) {
  const boost::json::value* node = &root;
  std::string_view rest(path);
  bad = !well_formed(rest);
  if (bad) return nullptr;
  while (!rest.empty() && node != nullptr) {
    if (rest.front() == '[') {
      const auto close = rest.find(']');
      if (close == std::string_view::npos || close == 1) {
        bad = true;
        return nullptr;
      }
      std::size_t index = 0;
      for (char c : rest.substr(1, close - 1)) {
        if (c < '0' || c > '9') {
          bad = true;
          return nullptr;
        }
        index = index * 10 + static_cast<std::size_t>(c - '0');
      }
      const auto* array = node->if_array();
      node = array && index < array->size() ? &(*array)[index] : nullptr;
      rest.remove_prefix(close + 1);
      if (!rest.empty() && rest.front() == '.') rest.remove_prefix(1);
      continue;
    }
    const auto end = rest.find_first_of(".[");
    const std::string_view key = rest.substr(0, end);
    if (key.empty()) {
      bad = true;
      return nullptr;
    }
    const auto* object = node->if_object();
    node = object ? object->if_contains(boost::json::string_view(key.data(), key.size())) : nullptr;
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
    if (!rest.empty() && rest.front() == '.') rest.remove_prefix(1);
  }
  return node;
}

int bad_path(const char* path) {
  return set_error(FAPIAO_E_INVALID_ARGUMENT, std::string("Malformed field path '") + path +
                                                  "' (expected names joined by dots, with [n] for array items).");
}

int wrong_type(const char* path, const char* expected) {
  return set_error(FAPIAO_E_INVALID_ARGUMENT, std::string("The field '") + path + "' is not " + expected + ".");
}

int absent(const char* path) {
  return set_error(FAPIAO_E_NOT_FOUND, std::string("The field '") + path + "' is absent.");
}

/// The checks every getter shares (NULL arguments, the path's syntax), then
/// body(node) with the field's node, or nullptr when it is absent.
template <typename Out, typename Body>
int read_field(Out* out, const fapiao_value* value, const char* path, Body&& body) {
  return guard([&] {
    if (!out) return null_argument("out");
    *out = Out{};
    if (!value) return null_argument("value");
    if (!path) return null_argument("path");
    bool bad = false;
    const auto* node = walk(value->value, path, bad);
    if (bad) return bad_path(path);
    return body(node);
  });
}

}  // namespace
}  // namespace fapiao::capi

using namespace fapiao::capi;

extern "C" {

void fapiao_value_free(fapiao_value* value) { delete value; }

const char* fapiao_value_json(const fapiao_value* value) { return value ? value->json.c_str() : ""; }

int fapiao_value_get_string(const char** out, const fapiao_value* value, const char* path) {
  return read_field(out, value, path, [&](const boost::json::value* node) {
    if (node == nullptr || node->is_null()) return FAPIAO_OK;
    if (!node->is_string()) return wrong_type(path, "a string");
    *out = node->get_string().c_str();
    return FAPIAO_OK;
  });
}

int fapiao_value_get_int(int64_t* out, const fapiao_value* value, const char* path) {
  return read_field(out, value, path, [&](const boost::json::value* node) {
    if (node == nullptr || node->is_null()) return absent(path);
    if (!node->is_int64()) return wrong_type(path, "an integer");
    *out = node->get_int64();
    return FAPIAO_OK;
  });
}

int fapiao_value_get_bool(int* out, const fapiao_value* value, const char* path) {
  return read_field(out, value, path, [&](const boost::json::value* node) {
    if (node == nullptr || node->is_null()) return absent(path);
    if (!node->is_bool()) return wrong_type(path, "a boolean");
    *out = node->get_bool() ? 1 : 0;
    return FAPIAO_OK;
  });
}

int fapiao_value_count(size_t* out, const fapiao_value* value, const char* path) {
  return read_field(out, value, path, [&](const boost::json::value* node) {
    if (node == nullptr || node->is_null()) return FAPIAO_OK;
    if (!node->is_array()) return wrong_type(path, "an array");
    *out = node->get_array().size();
    return FAPIAO_OK;
  });
}

int fapiao_cancel_new(fapiao_cancel** out) {
  return guard([&] {
    if (!out) return null_argument("out");
    *out = new fapiao_cancel();
    return FAPIAO_OK;
  });
}

void fapiao_cancel_trigger(fapiao_cancel* cancel) {
  if (cancel) cancel->source.cancel();
}

void fapiao_cancel_free(fapiao_cancel* cancel) { delete cancel; }

}  // extern "C"
