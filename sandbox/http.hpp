// Plain HTTP request/response values passed between the Beast server
// (server/server.cpp, the only sandbox file that sees Beast) and the service.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sandbox {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET"
  std::string target;  // "/v1/bills?limit=5"
  Headers headers;     // names lower-cased
  std::string body;
  bool body_too_large = false;  // the server stopped reading past 1 MiB

  /// The header's value, or "" (names are matched case-insensitively).
  std::string header(std::string_view name) const;
  /// Whether the header was sent at all.
  bool has_header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  Headers headers;
  std::string body;
};

/// What the server does with the connection besides answering.
enum class Disposition {
  respond,       // write the response
  drop,          // close without a response (CLOSE_BEFORE_COMMIT / CLOSE_AFTER_COMMIT)
};

struct Outcome {
  Response response;
  Disposition disposition = Disposition::respond;
};

}  // namespace sandbox
