// One HTTP(S) POST of a delivery, with a deadline: the only sandbox code
// besides server/ that sees Beast or Asio (one translation unit).
#pragma once

#include "webhooks/url.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace sandbox::webhooks {

struct PostResult {
  int status = 0;  // the HTTP status; 0 when there was no HTTP answer
  std::int64_t duration_ms = 0;
  std::string failure;  // why there was no answer, for the log
};

class Poster {
 public:
  /// HTTPS peers are verified against the system's roots and, when the file
  /// exists, `extra_ca` (the sandbox's own CA, so a receiver may use a
  /// certificate it issued).
  explicit Poster(const std::filesystem::path& extra_ca);
  ~Poster();
  Poster(const Poster&) = delete;
  Poster& operator=(const Poster&) = delete;

  /// POSTs `body` to `url`; the whole exchange up to the response's status
  /// line and headers must finish within `timeout`. Safe from many threads.
  PostResult post(const Url& url, const std::vector<std::pair<std::string, std::string>>& headers,
                  const std::string& body, std::chrono::milliseconds timeout) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sandbox::webhooks
