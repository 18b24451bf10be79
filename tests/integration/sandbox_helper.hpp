// Test support: the shared sandbox (started by the CTest fixture), sandboxes
// of a test's own, and the operator API (orders, payments, outbox, faults,
// journal, advancing requests) spoken through the SDK's own transport.
#pragma once

#include "json/codec.hpp"
#include "transport/https_transport.hpp"

#include <fapiao/fapiao.hpp>
#include <fapiao/sandbox.hpp>

#include <boost/json.hpp>

#include <chrono>

#include <string>
#include <vector>

namespace fapiao::testing_support {

struct SandboxInfo {
  std::string dir;  // holds data/, port
  int port = 0;
  std::string endpoint() const { return "https://localhost:" + std::to_string(port); }
  std::string ca_file() const { return dir + "/data/ca.pem"; }
  std::string operator_token() const;
};

/// The sandbox of the CTest fixture (FAPIAO_TEST_SANDBOX_DIR).
SandboxInfo shared_sandbox();

/// A sandbox of the test's own, stopped when it goes out of scope.
class OwnSandbox {
 public:
  /// `request_log`: keep the sandbox's per-request log lines (in log_file()).
  explicit OwnSandbox(std::vector<std::string> extra_flags = {}, std::string listen_host = "127.0.0.1",
                      bool request_log = false);
  ~OwnSandbox();
  void stop();
  /// SIGKILL: a crash, with no chance to flush or close anything.
  void crash();
  void start();  // again, on the same data dir and port
  const SandboxInfo& info() const { return info_; }
  /// Everything the sandbox printed (stdout and stderr).
  std::string log_file() const { return info_.dir + "/sandbox.log"; }

 private:
  void expect_no_sanitizer_report() const;

  SandboxInfo info_;
  std::vector<std::string> flags_;
  std::string host_;
  bool request_log_ = false;
  int pid_ = -1;
};

ClientOptions options_for(const SandboxInfo& sandbox);

/// A loopback TCP port that was free a moment ago (bound to 0, then released),
/// for a helper server (tinyproxy, openssl s_server) that needs one on its command line.
int free_port();
/// Waits until something accepts TCP connections on 127.0.0.1:port; false
/// after `timeout`. Helper servers start at their own pace on a loaded machine:
/// tests wait for them rather than sleep a fixed time.
bool wait_for_port(int port, std::chrono::milliseconds timeout = std::chrono::seconds(15));

struct TestCustomer {
  std::vector<std::string> order_ids;
  std::vector<std::string> bill_ids;  // newest payment first
  std::string email;
  std::string password = "passw0rd-1";
};

class Operator {
 public:
  explicit Operator(const SandboxInfo& sandbox);
  boost::json::value call(const std::string& method, const std::string& path, const boost::json::object& body = {});

  /// A customer with one order and payments of (amount fen, days ago).
  TestCustomer customer(const std::vector<std::pair<std::int64_t, int>>& payments, const std::string& payer = "上海示例科技有限公司");
  /// The token or password of the newest mail of that kind to `to`.
  std::string mail_field(const std::string& to, const std::string& kind, const std::string& field);
  InvoiceRequest advance(const std::string& request_id, const std::string& status, const std::string& tracking = {});
  void fault(const std::string& method, const std::string& path, const std::string& action, int count,
             int delay_ms = 0);
  void clear_faults();
  /// Journal entries for method + path (exact).
  std::vector<boost::json::object> journal(const std::string& method, const std::string& path);

 private:
  SandboxInfo sandbox_;
  std::shared_ptr<Transport> transport_;
};

/// Registers, activates and signs in the customer.
Session sign_up(Client& client, Operator& op, TestCustomer& customer);

/// A valid application for one bill: an individual's e-invoice, e-mailed.
InvoiceApplication e_invoice_for(const std::string& bill_id);

}  // namespace fapiao::testing_support
