#include "fixture.hpp"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <stdexcept>

namespace fapiao::bench {
namespace {

[[noreturn]] void usage(const char* program) {
  std::cerr << "usage: " << program
            << " ENDPOINT CA_FILE OPERATOR_TOKEN_FILE [--quick] [--only SECTION] [--static-server REQUEST_ID]\n";
  std::exit(2);
}

template <typename T>
T must(Result<T> r, const char* what) {
  if (!r) throw std::runtime_error(std::string(what) + ": " + r.error().describe());
  return std::move(*r);
}

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  static const auto seed = std::random_device{}();
  return std::to_string(seed % 100000) + "-" + std::to_string(counter++);
}

}  // namespace

Target parse_target(int argc, char** argv, const char* program) {
  if (argc < 4) usage(program);
  Target t;
  t.endpoint = argv[1];
  t.ca_file = argv[2];
  std::ifstream token_file(argv[3]);
  std::getline(token_file, t.operator_token);
  for (int i = 4; i < argc; ++i) {
    if (std::string(argv[i]) == "--quick") {
      t.quick = true;
    } else if (std::string(argv[i]) == "--only" && i + 1 < argc) {
      t.only = argv[++i];
    } else if (std::string(argv[i]) == "--static-server" && i + 1 < argc) {
      t.static_request = argv[++i];
      t.only = "reconnect";
    } else {
      usage(program);
    }
  }
  if (t.operator_token.empty() && t.static_request.empty()) usage(program);
  const std::string rest = t.endpoint.substr(t.endpoint.find("://") + 3);
  t.host = rest.substr(0, rest.rfind(':'));
  t.port = rest.substr(rest.rfind(':') + 1);
  return t;
}

ClientOptions client_options(const Target& target) {
  ClientOptions o;
  o.endpoint = target.endpoint;
  o.ca_file = target.ca_file;
  o.use_environment_proxy = false;
  o.log_level = LogLevel::off;
  return o;
}

InvoiceApplication application_for(const std::string& bill_id) {
  InvoiceApplication app;
  app.kind = InvoiceKind::digital_ordinary;
  app.bill_ids = {bill_id};
  app.buyer.type = BuyerType::individual;
  app.buyer.name = "张三";
  app.delivery.method = DeliveryMethod::email;
  app.delivery.email = "zhang@example.cn";
  return app;
}

Customer make_customer(const Target& target, std::int64_t bills, bool with_request) {
  sandbox::Operator op(client_options(target), target.operator_token);
  Client client(client_options(target));
  const std::string id = unique_suffix();
  const std::string order_id = "ORD-BENCH-" + id;
  const std::string email = "bench" + id + "@example.cn";
  const std::string password = "bench-passw0rd";
  must(op.create_order({order_id, "cus_bench_" + id, "上海示例科技有限公司", "sub_bench_" + id, "Azure 订阅"}),
       "create order");
  const Timestamp paid = must(op.now(), "read the clock") - std::chrono::hours(24 * 5);
  must(op.create_payments(order_id, 1500, bills, paid), "create payments");
  must(client.register_account(email, password, order_id), "register");
  std::string token;
  for (const auto& mail : must(op.outbox(email), "read the outbox")) {
    if (mail.kind == MailKind::activation) token = mail.token;
  }
  must(client.activate_account(token), "activate");
  Customer c;
  c.session = must(client.sign_in(email, password), "sign in");
  BillQuery first;
  first.page_size = 1;
  auto page = must(client.list_bills(c.session, first).next_page(), "list bills");
  if (page.data.empty()) throw std::runtime_error("the new customer has no bills");
  c.first_bill_id = page.data.front().id;
  if (with_request) {
    c.request_id = must(client.create_invoice_request(c.session, application_for(c.first_bill_id)), "create").id;
  }
  return c;
}

}  // namespace fapiao::bench
