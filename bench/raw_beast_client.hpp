// The comparison for the client-overhead benchmark: the least a careful
// engineer would hand-write with Boost.Beast — one verified TLS connection
// kept alive, a GET with the bearer token, the body as a string. No retries,
// no deadlines, no pool, no logging.
#pragma once

#include <memory>
#include <string>

namespace fapiao::bench {

class RawBeastClient {
 public:
  RawBeastClient(const std::string& host, const std::string& port, const std::string& ca_file);
  ~RawBeastClient();
  RawBeastClient(const RawBeastClient&) = delete;
  RawBeastClient& operator=(const RawBeastClient&) = delete;

  /// GET target with "Authorization: Bearer token"; the body of a 200, else throws.
  std::string get(const std::string& target, const std::string& token);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fapiao::bench
