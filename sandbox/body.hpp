// Reading request bodies and writing model responses, shared by the handlers.
#pragma once

#include "json/codec.hpp"
#include "service.hpp"
#include "util.hpp"

namespace sandbox {

namespace fj = fapiao::detail::json;

/// The body as an object; anything else is VALIDATION_FAILED.
const boost::json::object& body_object(const Call& call);
/// An optional string field ("" when absent or null); another type is
/// VALIDATION_FAILED naming the field.
std::string text_field(const Call& call, std::string_view name);
/// Decodes the body into a request model; type errors become VALIDATION_FAILED.
template <typename T>
T decode_body(const Call& call) {
  auto decoded = fj::decode_value<T>(call.body);
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


// Responses are written straight to text from the models' field lists (no
// JSON DOM in between): a page of 100 bills spent most of its time there.
template <typename T>
Response Service::model(int status, const T& value) const {
  Response r;
  r.status = status;
  r.body = fj::encode(value, fj::Absent::null);
  return r;
}

template <typename T>
Response Service::page(std::vector<T> items, bool has_more) const {
  return model(200, fapiao::Page<T>{std::move(items), has_more});
}

/// Pages an in-memory list already in order: `starting_after` must name an
/// item (else INVALID_CURSOR), then up to `limit` items follow.
template <typename T, typename IdOf>
std::pair<std::vector<T>, bool> paginate(const std::vector<T>& all, const Call& call, int limit, IdOf id_of) {
  std::size_t start = 0;
  if (const auto it = call.query.find("starting_after"); it != call.query.end()) {
    bool found = false;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (id_of(all[i]) == it->second) {
        start = i + 1;
        found = true;
        break;
      }
    }
    if (!found) throw ApiError("INVALID_CURSOR", "starting_after does not name an item of this list.");
  }
  const std::size_t end = std::min(all.size(), start + static_cast<std::size_t>(limit));
  return {std::vector<T>(all.begin() + static_cast<std::ptrdiff_t>(start), all.begin() + static_cast<std::ptrdiff_t>(end)),
          end < all.size()};
}

}  // namespace sandbox
