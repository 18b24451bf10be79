// The sandbox's own certificate authority: created on first start in the
// data directory so clients verify the server instead of turning checks off.
#pragma once

#include <filesystem>
#include <string>

namespace sandbox {

struct TlsFiles {
  std::filesystem::path certificate;  // server certificate chain (PEM)
  std::filesystem::path private_key;  // server key (PEM)
  std::filesystem::path ca;           // the CA that signed it (PEM), empty for user-supplied certs
};

/// Returns DIR/ca.pem, DIR/server.pem, DIR/server-key.pem, creating a CA (EC
/// P-256, 10 years) and a server certificate for localhost and 127.0.0.1
/// (825 days) if they are missing.
TlsFiles ensure_local_ca(const std::filesystem::path& data_dir);

}  // namespace sandbox
