// The field list of every model, walked by both the JSON decoder and the
// encoder (src/json/codec.hpp), so the two cannot disagree. The models' lists
// are generated from api/openapi.yaml; a page's is written here.
#pragma once

#include "generated/json_fields.hpp"

#include <fapiao/event.hpp>
#include <fapiao/models.hpp>

namespace fapiao::detail::json {

template <typename V, typename T>
void fields(V& v, Page<T>& x) {
  v("data", x.data, Need::required);
  v("has_more", x.has_more);
}

}  // namespace fapiao::detail::json
