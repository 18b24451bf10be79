// What a hostile or broken peer on the network can try against the client:
// a server that answers twice on one connection, an IPv6 zone id that would
// skip the identity check, a proxy that wants credentials (which must be sent
// and never shown).
#include "sandbox_helper.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fapiao {
namespace {

using namespace testing_support;
using std::chrono::milliseconds;

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// tests/support/hostile_server.py in one mode, with the shared sandbox's certificate.
class HostileServer {
 public:
  explicit HostileServer(const std::string& mode) {
    const SandboxInfo sandbox = shared_sandbox();
    dir_ = std::filesystem::temp_directory_path() / ("fapiao-hostile-" + std::to_string(getpid()) + "-" + mode);
    std::filesystem::create_directories(dir_);
    const std::string port_file = (dir_ / "port").string();
    pid_ = fork();
    if (pid_ == 0) {
      const std::string cert = sandbox.dir + "/data/server.pem", key = sandbox.dir + "/data/server-key.pem";
      execl(FAPIAO_PYTHON, FAPIAO_PYTHON, FAPIAO_SOURCE_DIR "/tests/support/hostile_server.py", "--cert", cert.c_str(),
            "--key", key.c_str(), "--port-file", port_file.c_str(), mode.c_str(), nullptr);
      _exit(127);
    }
    for (int i = 0; i < 400 && !std::filesystem::exists(port_file); ++i) std::this_thread::sleep_for(milliseconds(25));
    port_ = std::stoi(slurp(port_file));
  }
  ~HostileServer() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  ClientOptions options() const {
    ClientOptions o = options_for(shared_sandbox());
    o.endpoint = "https://localhost:" + std::to_string(port_);
    o.retry.max_attempts = 1;
    return o;
  }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

TEST(HostileNetwork, APooledConnectionWithUnreadBytesIsNeverReused) {
  HostileServer server("double-answer");
  Client client(server.options());
  const Session session{"tok", {}, false, {}};
  auto first = client.get_account(session);
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_EQ(first->email, "answer1@example.cn");
  // The server sent a second, unasked-for answer on that connection. Reusing it
  // would hand the next call "stale1" as its own response.
  for (int call = 2; call <= 4; ++call) {
    auto next = client.get_account(session);
    ASSERT_TRUE(next) << next.error().describe();
    EXPECT_EQ(next->email, "answer" + std::to_string(call) + "@example.cn") << "a stale answer was read";
  }
}

TEST(HostileNetwork, AnIpv6ZoneIdThatCannotBeVerifiedIsRefused) {
  OwnSandbox own({}, "::1");
  ClientOptions o = options_for(own.info());
  o.retry.max_attempts = 1;
  o.endpoint = "https://[::1]:" + std::to_string(own.info().port);
  ASSERT_TRUE(Client(o).resend_activation("v6@example.cn")) << "the plain IPv6 literal is verified and accepted";
  // A zone id cannot be matched against a certificate: before the fix the
  // identity check was silently skipped and any trusted certificate passed.
  o.endpoint = "https://[::1%1]:" + std::to_string(own.info().port);
  auto r = Client(o).resend_activation("v6@example.cn");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::tls) << r.error().describe();
  EXPECT_NE(r.error().message.find("identity"), std::string::npos) << r.error().message;
}

/// tinyproxy on a port of its own, with extra configuration lines.
class TinyProxy {
 public:
  explicit TinyProxy(const std::string& extra_config) {
    std::string binary;
    for (const char* p : {"/usr/bin/tinyproxy", "/usr/sbin/tinyproxy"}) {
      if (std::filesystem::exists(p)) binary = p;
    }
    if (binary.empty()) throw std::runtime_error("tinyproxy is not installed (./dev.sh installs it)");
    dir_ = std::filesystem::temp_directory_path() / ("fapiao-authproxy-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    port_ = free_port();
    {
      std::ofstream conf(dir_ / "tinyproxy.conf");
      conf << "Port " << port_ << "\nListen 127.0.0.1\nTimeout 30\nAllow 127.0.0.1\nLogLevel Connect\n"
           << "LogFile \"" << (dir_ / "proxy.log").string() << "\"\nPidFile \"" << (dir_ / "proxy.pid").string()
           << "\"\nMaxClients 10\n"
           << extra_config;
    }
    pid_ = fork();
    if (pid_ == 0) {
      execl(binary.c_str(), binary.c_str(), "-d", "-c", (dir_ / "tinyproxy.conf").c_str(), nullptr);
      _exit(127);
    }
    if (!wait_for_port(port_)) throw std::runtime_error("tinyproxy did not start");
  }
  ~TinyProxy() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::string url(const std::string& userinfo) const {
    return "http://" + userinfo + "127.0.0.1:" + std::to_string(port_);
  }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

TEST(HostileNetwork, ProxyCredentialsAreSentAndNeverShown) {
  TinyProxy proxy("BasicAuth fapiao s3cretPass\n");  // tinyproxy takes letters and digits only
  std::vector<std::string> log_lines;
  std::mutex log_mutex;
  const auto options = [&](const std::string& userinfo) {
    ClientOptions o = options_for(shared_sandbox());
    o.proxy = proxy.url(userinfo);
    o.retry.max_attempts = 1;
    o.log_level = LogLevel::debug;
    o.log = [&](LogLevel, std::string_view line) {
      std::lock_guard lock(log_mutex);
      log_lines.emplace_back(line);
    };
    return o;
  };
  // Percent-encoded in the URL, decoded before it is sent.
  auto ok = Client(options("fap%69ao:s3cret%50ass@")).resend_activation("proxy@example.cn");
  EXPECT_TRUE(ok) << ok.error().describe();

  auto wrong = Client(options("fapiao:not-the-password@")).resend_activation("proxy@example.cn");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::transport);
  EXPECT_NE(wrong.error().message.find("refused the proxy credentials"), std::string::npos) << wrong.error().message;
  EXPECT_EQ(wrong.error().message.find("not-the-password"), std::string::npos) << wrong.error().message;

  auto none = Client(options("")).resend_activation("proxy@example.cn");
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("credentials"), std::string::npos) << none.error().message;

  // A malformed proxy URL names the proxy without its password.
  ClientOptions bad = options("fapiao:s3cret%zz@");
  auto refused = Client(bad).resend_activation("proxy@example.cn");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(refused.error().message.find("s3cret"), std::string::npos) << refused.error().message;
  ClientOptions socks = options("fapiao:s3cret@");
  socks.proxy = "socks5://fapiao:s3cret@127.0.0.1:1080";
  auto unsupported = Client(socks).resend_activation("proxy@example.cn");
  ASSERT_FALSE(unsupported);
  EXPECT_EQ(unsupported.error().message.find("s3cret"), std::string::npos) << unsupported.error().message;

  std::lock_guard lock(log_mutex);
  for (const auto& line : log_lines) {
    EXPECT_EQ(line.find("s3cret"), std::string::npos) << line;
    EXPECT_EQ(line.find("not-the-password"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace fapiao
