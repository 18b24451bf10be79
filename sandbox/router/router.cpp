#include "router/router.hpp"

namespace sandbox {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

}  // namespace

void Router::add(const char* method, const char* path, Route::Endpoint endpoint, Auth auth, Route::Prepare prepare,
                 Effect effect) {
  routes_.push_back(Route{method, split_path(path), endpoint, auth, prepare, effect});
}

Router::Match Router::match(const std::string& method, const std::string& path) const {
  const auto segments = split_path(path);
  Match found;
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::vector<std::string> captured;
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      if (route.segments[i] == "{}") {
        ok = !segments[i].empty();
        captured.push_back(segments[i]);
      } else {
        ok = route.segments[i] == segments[i];
      }
    }
    if (!ok) continue;
    found.path_known = true;
    if (route.method == method) {
      found.route = &route;
      found.params = std::move(captured);
      return found;
    }
  }
  return found;
}

}  // namespace sandbox
