#include "sandbox_helper.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace fapiao::testing_support {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

std::string unique(const std::string& prefix) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return prefix + std::to_string(rng() % 1000000000000ULL);
}

}  // namespace

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t size = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

bool wait_for_port(int port, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool up = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    if (fd >= 0) ::close(fd);
    if (up) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

std::string SandboxInfo::operator_token() const { return read_file(dir + "/data/operator-token"); }

SandboxInfo shared_sandbox() {
  const char* dir = std::getenv("FAPIAO_TEST_SANDBOX_DIR");
  if (dir == nullptr) throw std::runtime_error("FAPIAO_TEST_SANDBOX_DIR is not set (run through ctest)");
  return SandboxInfo{dir, std::stoi(read_file(std::string(dir) + "/port"))};
}

OwnSandbox::OwnSandbox(std::vector<std::string> extra_flags, std::string listen_host, bool request_log)
    : flags_(std::move(extra_flags)), host_(std::move(listen_host)), request_log_(request_log) {
  info_.dir = std::filesystem::temp_directory_path() / unique("fapiao-it-");
  std::filesystem::create_directories(info_.dir);
  start();
}

OwnSandbox::~OwnSandbox() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(info_.dir, ignored);
}

void OwnSandbox::start() {
  const std::string port_file = info_.dir + "/port";
  std::filesystem::remove(port_file);
  const std::string listen = host_ + ":" + std::to_string(info_.port);
  std::vector<std::string> args{FAPIAO_SANDBOX_BIN, "--data", info_.dir + "/data", "--listen", listen, "--port-file",
                                port_file, "--password-hash-iterations", "1000"};
  if (!request_log_) args.emplace_back("--quiet");
  args.insert(args.end(), flags_.begin(), flags_.end());
  pid_ = fork();
  if (pid_ == 0) {
    const int log = open(log_file().c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (log >= 0) {
      dup2(log, 1);
      dup2(log, 2);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  for (int i = 0; i < 400 && !std::filesystem::exists(port_file); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  info_.port = std::stoi(read_file(port_file));
}

void OwnSandbox::crash() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  expect_no_sanitizer_report();
}

void OwnSandbox::stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  expect_no_sanitizer_report();
}

// A sandbox built with a sanitizer (the TSan preset builds its own) prints
// its reports to its log, which no test reads otherwise: any report fails
// the test that ran the sandbox, with the report in the failure.
void OwnSandbox::expect_no_sanitizer_report() const {
  const std::string log = read_file(log_file());
  for (const char* marker : {"WARNING: ThreadSanitizer", "ERROR: AddressSanitizer", "runtime error:"}) {
    const auto at = log.find(marker);
    if (at != std::string::npos) ADD_FAILURE() << "the sandbox reported: " << log.substr(at, 4000);
  }
}

ClientOptions options_for(const SandboxInfo& sandbox) {
  ClientOptions o;
  o.endpoint = sandbox.endpoint();
  o.ca_file = sandbox.ca_file();
  o.use_environment_proxy = false;
  o.retry.backoff_base = std::chrono::milliseconds(20);
  o.retry.backoff_cap = std::chrono::milliseconds(200);
  return o;
}

Operator::Operator(const SandboxInfo& sandbox) : sandbox_(sandbox) {
  auto made = detail::make_https_transport(options_for(sandbox),
                                           std::make_shared<detail::Logger>(nullptr, LogLevel::off));
  if (!made) throw std::runtime_error(made.error().message);
  transport_ = *made;
}

boost::json::value Operator::call(const std::string& method, const std::string& path,
                                  const boost::json::object& body) {
  HttpRequest request{method, path,
                      {{"Authorization", "Bearer " + sandbox_.operator_token()}, {"Content-Type", "application/json"}},
                      method == "GET" || method == "DELETE" ? "" : boost::json::serialize(body)};
  auto r = transport_->send(request, TransportCall{std::chrono::steady_clock::now() + std::chrono::seconds(30), {}});
  if (!r) throw std::runtime_error("operator call failed: " + r.error().message);
  if (r->status >= 300) throw std::runtime_error("operator " + method + " " + path + " -> " + r->body);
  return r->body.empty() ? boost::json::value() : boost::json::parse(r->body);
}

TestCustomer Operator::customer(const std::vector<std::pair<std::int64_t, int>>& payments, const std::string& payer) {
  TestCustomer c;
  const std::string id = unique("");
  const std::string order = "ORD-IT-" + id;
  c.email = "it" + id + "@example.cn";
  call("POST", "/sandbox/orders", {{"order_id", order}, {"customer_id", "cus_" + id}, {"payer_name", payer},
                                   {"subscription_id", "sub_" + id}, {"subscription_name", "Azure 订阅"}});
  c.order_ids.push_back(order);
  const auto now = parse_rfc3339(std::string(call("GET", "/sandbox/clock").at("now").as_string()));
  for (const auto& [amount, days_ago] : payments) {
    const auto paid = *now - std::chrono::hours(24 * days_ago);
    auto bill = call("POST", "/sandbox/payments",
                     {{"order_id", order}, {"amount_fen", amount}, {"paid_at", format_rfc3339(paid)}});
    c.bill_ids.emplace_back(bill.at("id").as_string());
  }
  return c;
}

std::string Operator::mail_field(const std::string& to, const std::string& kind, const std::string& field) {
  auto mails = call("GET", "/sandbox/outbox?to=" + to).at("data").as_array();
  for (auto it = mails.rbegin(); it != mails.rend(); ++it) {
    if (it->at("kind").as_string() == kind) return std::string(it->at(field).as_string());
  }
  throw std::runtime_error("no " + kind + " mail to " + to);
}

InvoiceRequest Operator::advance(const std::string& request_id, const std::string& status,
                                 const std::string& tracking) {
  boost::json::object body{{"status", status}};
  if (!tracking.empty()) body["tracking_number"] = tracking;
  auto v = call("POST", "/sandbox/invoice-requests/" + request_id + "/advance", body);
  return detail::json::decode_value<InvoiceRequest>(v).value();
}

void Operator::fault(const std::string& method, const std::string& path, const std::string& action, int count,
                     int delay_ms) {
  boost::json::object body{{"method", method}, {"path", path}, {"action", action}, {"count", count}};
  if (delay_ms) body["delay_ms"] = delay_ms;
  call("POST", "/sandbox/faults", body);
}

void Operator::clear_faults() { call("DELETE", "/sandbox/faults"); }

std::vector<boost::json::object> Operator::journal(const std::string& method, const std::string& path) {
  std::vector<boost::json::object> out;
  const auto journal = call("GET", "/sandbox/journal?method=" + method + "&path=" + path);  // keep it alive
  for (const auto& e : journal.at("data").as_array()) {
    out.push_back(e.as_object());
  }
  return out;
}

Session sign_up(Client& client, Operator& op, TestCustomer& c) {
  auto account = client.register_account(c.email, c.password, c.order_ids.at(0));
  if (!account) throw std::runtime_error(account.error().describe());
  if (!client.activate_account(op.mail_field(c.email, "ACTIVATION", "token"))) throw std::runtime_error("activation");
  return client.sign_in(c.email, c.password).value();
}

InvoiceApplication e_invoice_for(const std::string& bill_id) {
  InvoiceApplication app;
  app.kind = InvoiceKind::digital_ordinary;
  app.bill_ids = {bill_id};
  app.buyer.type = BuyerType::individual;
  app.buyer.name = "张三";
  app.delivery.method = DeliveryMethod::email;
  app.delivery.email = "zhang@example.cn";
  return app;
}

}  // namespace fapiao::testing_support
