// The client refuses what it must: an expired certificate and a server that
// only speaks TLS 1.1 (untrusted certificates and wrong host names are in
// test_resilience.cpp), each with a clear TLS error.
#include "sandbox_helper.hpp"

#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fapiao {
namespace {

using namespace testing_support;

// A certificate for localhost signed by the sandbox's own CA, valid only in the past.
void write_expired_certificate(const std::string& data_dir, const std::string& cert_out, const std::string& key_out) {
  auto read_pem = [](const std::string& path, auto reader) {
    FILE* f = std::fopen(path.c_str(), "r");
    auto* object = reader(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    return object;
  };
  X509* ca = read_pem(data_dir + "/ca.pem", PEM_read_X509);
  EVP_PKEY* ca_key = read_pem(data_dir + "/ca-key.pem", PEM_read_PrivateKey);
  ASSERT_TRUE(ca && ca_key);
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 4242);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3 * 24 * 3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), -1 * 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert, X509_get_subject_name(ca));
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, ca, cert, nullptr, nullptr, 0);
  X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
  X509_add_ext(cert, san, -1);
  X509_EXTENSION_free(san);
  ASSERT_GT(X509_sign(cert, ca_key, EVP_sha256()), 0);
  FILE* c = std::fopen(cert_out.c_str(), "w");
  PEM_write_X509(c, cert);
  std::fclose(c);
  FILE* k = std::fopen(key_out.c_str(), "w");
  PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(k);
  X509_free(cert);
  X509_free(ca);
  EVP_PKEY_free(key);
  EVP_PKEY_free(ca_key);
}

TEST(Tls, ExpiredCertificateIsRefused) {
  OwnSandbox first;  // only for its CA
  const std::string dir = first.info().dir;
  write_expired_certificate(dir + "/data", dir + "/expired.pem", dir + "/expired-key.pem");
  OwnSandbox expired({"--tls-cert", dir + "/expired.pem", "--tls-key", dir + "/expired-key.pem"});
  ClientOptions o = options_for(expired.info());
  o.ca_file = first.info().ca_file();  // trusted issuer, but out of date
  auto r = Client(o).resend_activation("a@example.cn");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::tls);
  EXPECT_NE(r.error().message.find("expired"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().attempts, 1);  // a refused certificate is not retried
}

TEST(Tls, ServerOfferingOnlyTls11IsRefused) {
  OwnSandbox sandbox;  // for its certificate and key
  const std::string data = sandbox.info().dir + "/data";
  const int port = free_port();
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string accept = "127.0.0.1:" + std::to_string(port);
    const std::string cert = data + "/server.pem", key = data + "/server-key.pem";
    execlp("openssl", "openssl", "s_server", "-accept", accept.c_str(), "-cert", cert.c_str(), "-key", key.c_str(),
           "-tls1_1", "-cipher", "ALL:@SECLEVEL=0", "-quiet", "-naccept", "4", nullptr);
    _exit(127);
  }
  // s_server counts the probe among its -naccept 4 and drops it: fine.
  ASSERT_TRUE(wait_for_port(port)) << "openssl s_server did not start";
  ClientOptions o = options_for(sandbox.info());
  o.endpoint = "https://localhost:" + std::to_string(port);
  o.retry.max_attempts = 1;
  auto r = Client(o).resend_activation("a@example.cn");
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::tls) << r.error().describe();
  EXPECT_NE(r.error().message.find("TLS handshake"), std::string::npos);
}

}  // namespace
}  // namespace fapiao
