// Secrets: CSPRNG tokens, SHA-256 for stored token hashes, PBKDF2 for passwords.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sandbox::crypto {

/// `bytes` random bytes from OpenSSL's CSPRNG, hex-encoded.
std::string random_hex(std::size_t bytes);
/// A URL-safe random token with about `bytes` of entropy (base64url, no
/// padding), never starting with '-'.
std::string random_token(std::size_t bytes = 32);
/// `bytes` random bytes as base64url, no padding.
std::string random_base64url(std::size_t bytes);
/// Bytes as base64url, no padding.
std::string base64url(const std::vector<unsigned char>& bytes);
/// HMAC-SHA256 of `data` under `key` (raw bytes).
std::vector<unsigned char> hmac_sha256(std::string_view key, std::string_view data);
/// The same, as lower-case hex.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
/// Lower-case hex SHA-256; tokens are stored only as this.
std::string sha256_hex(std::string_view data);
/// "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>" with a fresh 16-byte salt.
std::string hash_password(std::string_view password, int iterations);
/// Checks a password against hash_password's output in constant time.
bool verify_password(std::string_view password, std::string_view stored);
/// A session token, derived from a random reference under the service
/// secret: what is stored (the token's hash, an idempotent replay's
/// reference) never holds the token itself (ADR 0011).
std::string session_token(std::string_view service_secret, std::string_view reference);
/// A webhook endpoint's signing secret ("whsec_…"), derived the same way
/// from a reference that starts "whsec:" (what the database keeps).
std::string webhook_secret(std::string_view service_secret, std::string_view reference);
/// A fresh reference for webhook_secret.
std::string new_webhook_secret_reference();
/// The secret a reference stands for: a webhook secret for a "whsec:"
/// reference, else a session token (an idempotent replay rebuilds either).
std::string secret_from_reference(std::string_view service_secret, std::string_view reference);
/// Constant-time comparison of equal-length strings (false on length mismatch).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace sandbox::crypto
