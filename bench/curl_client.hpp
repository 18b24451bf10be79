// The libcurl comparison: one easy handle reused for every request (so its
// connection and TLS session are kept), verifying with the sandbox's CA.
#pragma once

#include <string>

namespace fapiao::bench {

class CurlClient {
 public:
  CurlClient(std::string endpoint, const std::string& ca_file);
  ~CurlClient();
  CurlClient(const CurlClient&) = delete;
  CurlClient& operator=(const CurlClient&) = delete;

  /// GET endpoint+target with the bearer token; the body of a 200, else throws.
  std::string get(const std::string& target, const std::string& token);

 private:
  std::string endpoint_;
  void* handle_;  // CURL*, kept out of this header
  std::string body_;
};

}  // namespace fapiao::bench
