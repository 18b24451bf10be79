#include "curl_client.hpp"

#include <curl/curl.h>

#include <stdexcept>

namespace fapiao::bench {
namespace {

std::size_t append(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

}  // namespace

CurlClient::CurlClient(std::string endpoint, const std::string& ca_file)
    : endpoint_(std::move(endpoint)), handle_(curl_easy_init()) {
  if (handle_ == nullptr) throw std::runtime_error("curl_easy_init failed");
  CURL* curl = static_cast<CURL*>(handle_);
  curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body_);
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
}

CurlClient::~CurlClient() { curl_easy_cleanup(static_cast<CURL*>(handle_)); }

std::string CurlClient::get(const std::string& target, const std::string& token) {
  CURL* curl = static_cast<CURL*>(handle_);
  const std::string url = endpoint_ + target;
  const std::string authorization = "Authorization: Bearer " + token;
  curl_slist* headers = curl_slist_append(nullptr, authorization.c_str());
  headers = curl_slist_append(headers, "Accept: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  body_.clear();
  const CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
  if (status != 200) throw std::runtime_error("HTTP " + std::to_string(status));
  return body_;
}

}  // namespace fapiao::bench
