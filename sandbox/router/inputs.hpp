// Reading a request into its handler's typed input: the one place where a
// body, a path or a query string becomes a value. Each input type has a
// `read(const Call&, In<T>)`: the contract's models decode through their
// field lists (below); the other inputs declare theirs beside their handler
// (handlers/*.hpp). Type errors are VALIDATION_FAILED naming the field.
#pragma once

#include "call.hpp"
#include "errors.hpp"
#include "json/codec.hpp"

#include <fapiao/enums.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sandbox {

/// Selects the reader of an input type.
template <typename T>
struct In {};

/// The body as an object; anything else is VALIDATION_FAILED.
const boost::json::object& body_object(const Call& call);
/// An optional string field ("" when absent or null); another type is
/// VALIDATION_FAILED naming the field.
std::string text_field(const Call& call, std::string_view name);
/// An integer field: `fallback` when absent or null (REQUIRED when `required`).
std::int64_t int_field(const Call& call, const char* name, bool required, std::int64_t fallback = 0);
/// A query parameter, if present.
std::optional<std::string> query_value(const Call& call, const char* name);

/// Decodes the body into a request model; type errors become VALIDATION_FAILED.
template <typename T>
T decode_body(const Call& call) {
  auto decoded = fapiao::detail::json::decode_value<T>(call.body);
  if (!decoded) {
    auto fields = decoded.error().field_errors;
    for (auto& f : fields) {
      if (f.field.empty()) f.field = "body";
      if (!f.message.empty() && f.message[0] >= 'a' && f.message[0] <= 'z') f.message[0] = static_cast<char>(f.message[0] - 32);
      f.message += ".";
    }
    throw validation_failed(fields);
  }
  return std::move(decoded).value();
}

/// A body that is one of the contract's models.
template <typename T>
T read(const Call& call, In<T>) {
  return decode_body<T>(call);
}

/// The {id} of the path (/v1/bills/{id}).
struct ById {
  std::string id;
};
ById read(const Call& call, In<ById>);

/// A page of a list: ?limit (1–100, default 20) and ?starting_after.
struct PageQuery {
  int limit = 20;
  std::optional<std::string> starting_after;
};
PageQuery read(const Call& call, In<PageQuery>);
/// ?limit when given (1–100), else nullopt (lists whose default is "all").
std::optional<int> optional_limit(const Call& call);

/// A list filter naming a value of enum E (?state=UNINVOICED): nullopt when
/// absent; an unknown value is VALIDATION_FAILED naming the parameter.
template <typename E>
std::optional<std::string> enum_filter(const Call& call, const char* name) {
  auto value = query_value(call, name);
  if (value && !fapiao::OpenEnum<E>::from_wire(*value).is_known()) {
    throw invalid_field(name, "INVALID_VALUE", "Unknown " + std::string(name) + " '" + *value + "'.");
  }
  return value;
}

/// Pages an in-memory list already in order: `starting_after` must name an
/// item (else INVALID_CURSOR), then up to `limit` items follow.
template <typename T, typename IdOf>
fapiao::Page<T> paginate(const std::vector<T>& all, const PageQuery& page, IdOf id_of) {
  std::size_t start = 0;
  if (page.starting_after) {
    bool found = false;
    for (std::size_t i = 0; i < all.size() && !found; ++i) {
      if (id_of(all[i]) == *page.starting_after) {
        start = i + 1;
        found = true;
      }
    }
    if (!found) throw ApiError("INVALID_CURSOR", "starting_after does not name an item of this list.");
  }
  const std::size_t end = std::min(all.size(), start + static_cast<std::size_t>(page.limit));
  return fapiao::Page<T>{
      std::vector<T>(all.begin() + static_cast<std::ptrdiff_t>(start), all.begin() + static_cast<std::ptrdiff_t>(end)),
      end < all.size()};
}

}  // namespace sandbox
