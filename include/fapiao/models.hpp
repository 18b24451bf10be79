// fapiao: value types for every object of the service contract, generated
// from api/openapi.yaml (fapiao/generated/models.hpp), and the page of a list.
#pragma once

#include <fapiao/generated/models.hpp>

#include <vector>

namespace fapiao {

/// One page of a list.
template <typename T>
struct Page {
  std::vector<T> data;
  bool has_more = false;
};

}  // namespace fapiao
