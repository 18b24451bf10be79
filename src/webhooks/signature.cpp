#include "webhooks/signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <stdexcept>

namespace fapiao::detail::webhooks {
namespace {

constexpr std::size_t kDigestHexLength = 64;
constexpr std::size_t kMaxHeaderLength = 8192;  // a header longer than this is not ours

std::string hex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0xF];
  }
  return out;
}

bool is_lower_hex(std::string_view s) {
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string signature(std::string_view secret, std::int64_t timestamp, std::string_view payload) {
  std::string signed_text = std::to_string(timestamp);
  signed_text += '.';
  signed_text.append(payload.data(), payload.size());
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(), mac, &size) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return hex(mac, size);
}

std::string signature_header(std::int64_t timestamp, std::string_view payload, const std::vector<std::string>& secrets) {
  std::string out = "t=" + std::to_string(timestamp);
  for (const auto& secret : secrets) out += ",v1=" + signature(secret, timestamp, payload);
  return out;
}

std::optional<ParsedHeader> parse_signature_header(std::string_view header) {
  if (header.size() > kMaxHeaderLength) return std::nullopt;
  ParsedHeader parsed;
  bool has_time = false;
  while (!header.empty()) {
    const auto comma = header.find(',');
    const std::string_view part = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = part.substr(0, eq);
    const std::string_view value = part.substr(eq + 1);
    if (key == "t" && !has_time) {
      std::int64_t t = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), t);
      if (error != std::errc() || end != value.data() + value.size() || value.empty() || t < 0) return std::nullopt;
      parsed.timestamp = t;
      has_time = true;
    } else if (key == "v1" && value.size() == kDigestHexLength && is_lower_hex(value)) {
      parsed.v1.emplace_back(value);
    }
  }
  if (!has_time || parsed.v1.empty()) return std::nullopt;
  return parsed;
}

bool any_matches(const std::vector<std::string>& received, const std::vector<std::string>& expected) {
  bool match = false;
  // Every pair is compared, whatever matched first: the time taken tells
  // nothing about which signature, or how much of one, was right.
  for (const auto& r : received) {
    for (const auto& e : expected) {
      if (r.size() == e.size() && CRYPTO_memcmp(r.data(), e.data(), r.size()) == 0) match = true;
    }
  }
  return match;
}

}  // namespace fapiao::detail::webhooks
