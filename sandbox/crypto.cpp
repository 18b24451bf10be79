#include "crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>
#include <vector>

namespace sandbox::crypto {
namespace {

std::string to_hex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0x0F];
  }
  return out;
}

std::vector<unsigned char> random_bytes(std::size_t size) {
  std::vector<unsigned char> bytes(size);
  if (RAND_bytes(bytes.data(), static_cast<int>(size)) != 1) throw std::runtime_error("RAND_bytes failed");
  return bytes;
}

std::string pbkdf2_hex(std::string_view password, std::string_view salt_hex, int iterations) {
  unsigned char out[32];
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt_hex.data()), static_cast<int>(salt_hex.size()),
                        iterations, EVP_sha256(), sizeof out, out) != 1) {
    throw std::runtime_error("PBKDF2 failed");
  }
  return to_hex(out, sizeof out);
}

}  // namespace

std::string random_hex(std::size_t bytes) {
  const auto b = random_bytes(bytes);
  return to_hex(b.data(), b.size());
}

std::string random_token(std::size_t bytes) {
  // A token that starts with '-' reads as an option on a command line
  // (`fapiao activate -x...`); draw again in that rare case.
  std::string token;
  do {
    token = random_base64url(bytes);
  } while (token.front() == '-');
  return token;
}

std::string random_base64url(std::size_t bytes) { return base64url(random_bytes(bytes)); }

std::string base64url(const std::vector<unsigned char>& b) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : b) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3F];
  return out;
}

std::vector<unsigned char> hmac_sha256(std::string_view key, std::string_view data) {
  std::vector<unsigned char> out(EVP_MAX_MD_SIZE);
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
           data.size(), out.data(), &size) == nullptr) {
    throw std::runtime_error("HMAC failed");
  }
  out.resize(size);
  return out;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  const auto mac = hmac_sha256(key, data);
  return to_hex(mac.data(), mac.size());
}

std::string sha256_hex(std::string_view data) {
  // Fetched once: the one-shot SHA256() looks the algorithm up in the
  // provider store (under its lock) on every call, and every request hashes
  // its session token.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (sha256 == nullptr || EVP_Digest(data.data(), data.size(), digest, &size, sha256, nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return to_hex(digest, size);
}

std::string hash_password(std::string_view password, int iterations) {
  const std::string salt = random_hex(16);
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + salt + "$" + pbkdf2_hex(password, salt, iterations);
}

bool verify_password(std::string_view password, std::string_view stored) {
  // pbkdf2-sha256$<iterations>$<salt>$<hash>
  const auto p1 = stored.find('$');
  const auto p2 = stored.find('$', p1 + 1);
  const auto p3 = stored.find('$', p2 + 1);
  if (p1 == std::string_view::npos || p2 == std::string_view::npos || p3 == std::string_view::npos) return false;
  const std::string count(stored.substr(p1 + 1, p2 - p1 - 1));
  if (count.empty() || count.size() > 9 || count.find_first_not_of("0123456789") != std::string::npos) return false;
  const int iterations = std::stoi(count);
  const std::string_view salt = stored.substr(p2 + 1, p3 - p2 - 1);
  return constant_time_equal(pbkdf2_hex(password, salt, iterations), stored.substr(p3 + 1));
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string session_token(std::string_view service_secret, std::string_view reference) {
  return base64url(hmac_sha256(service_secret, "session-token\n" + std::string(reference)));
}

namespace {
constexpr std::string_view kWebhookReferencePrefix = "whsec:";
}  // namespace

std::string webhook_secret(std::string_view service_secret, std::string_view reference) {
  return "whsec_" + base64url(hmac_sha256(service_secret, "webhook-secret\n" + std::string(reference)));
}

std::string new_webhook_secret_reference() { return std::string(kWebhookReferencePrefix) + random_hex(32); }

std::string secret_from_reference(std::string_view service_secret, std::string_view reference) {
  if (reference.substr(0, kWebhookReferencePrefix.size()) == kWebhookReferencePrefix) {
    return webhook_secret(service_secret, reference);
  }
  return session_token(service_secret, reference);
}

}  // namespace sandbox::crypto
