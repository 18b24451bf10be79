// `fapiao listen`'s delivery of an event to the developer's local receiver:
// one POST, signed as the service signs, to an http:// URL (a plain socket)
// or an https:// one (the SDK's own transport).
#pragma once

#include <fapiao/result.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace cli {

struct ForwardTarget {
  std::string url;      // http://host:port/path or https://host:port/path
  std::string ca_file;  // for https: the CA to trust besides the system's ("" = the system's only)
};

/// POSTs `body` with `headers`; the receiver's HTTP status, or a transport error.
fapiao::Result<int> forward(const ForwardTarget& target, const std::vector<std::pair<std::string, std::string>>& headers,
                            const std::string& body, std::chrono::milliseconds timeout);

/// An error naming what is wrong with a --forward-to URL, or ok.
fapiao::Result<void> check_forward_url(const std::string& url);

}  // namespace cli
