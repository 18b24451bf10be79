// Secrets never reach a log: the SDK's debug log and the sandbox's request
// log, captured through a whole flow, hold no password, session or
// activation token, Authorization value, or full taxpayer or ID number.
#include "sandbox_helper.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <mutex>
#include <sstream>

namespace fapiao {
namespace {

using namespace testing_support;

TEST(Secrets, NeitherLogHoldsOne) {
  OwnSandbox sandbox({}, "127.0.0.1", /*request_log=*/true);
  Operator op(sandbox.info());
  std::mutex mutex;
  std::string sdk_log;
  ClientOptions options = options_for(sandbox.info());
  options.log_level = LogLevel::debug;
  options.log = [&](LogLevel, std::string_view line) {
    std::lock_guard lock(mutex);
    sdk_log.append(line).append("\n");
  };
  Client client(options);

  TestCustomer c = op.customer({{100000, 10}});
  c.password = "Secret-Passw0rd-42";
  ASSERT_TRUE(client.register_account(c.email, c.password, c.order_ids[0]));
  const std::string activation_token = op.mail_field(c.email, "ACTIVATION", "token");
  ASSERT_TRUE(client.activate_account(activation_token));
  auto session = client.sign_in(c.email, c.password).value();
  InvoiceApplication app;
  app.kind = InvoiceKind::vat_special;
  app.bill_ids = {c.bill_ids[0]};
  app.buyer.type = BuyerType::organization;
  app.buyer.organization_kind = OrganizationKind::enterprise;
  app.buyer.name = "保密测试有限公司";
  app.buyer.taxpayer_id = "91330106673959654P";
  app.buyer.address = "上海市浦东新区科苑路88号";
  app.buyer.phone = "021-28986102";
  app.buyer.bank_name = "中国工商银行";
  app.buyer.bank_account = "6222021001234567890";
  app.delivery.method = DeliveryMethod::self_pickup;
  app.delivery.recipient = "王小明";
  app.delivery.mobile = "13912345678";
  ASSERT_TRUE(client.create_invoice_request(session, app));
  Buyer person;
  person.type = BuyerType::individual;
  person.name = "李四";
  person.taxpayer_id = "11010519491231002X";
  (void)client.preview_invoice_request(session, InvoiceApplication{InvoiceKind::digital_ordinary, {c.bill_ids[0]},
                                                                    person, {}, {}, {}});
  ASSERT_TRUE(client.reset_password(c.email));
  const std::string mailed = op.mail_field(c.email, "NEW_PASSWORD", "password");
  auto temporary = client.sign_in(c.email, mailed).value();
  ASSERT_TRUE(client.change_password(temporary, mailed, "Another-Passw0rd-7"));
  (void)client.sign_in(c.email, "Wrong-Passw0rd-1");  // a failure is logged too
  ASSERT_TRUE(client.sign_out(temporary));
  sandbox.stop();

  std::ifstream in(sandbox.log_file());
  std::stringstream sandbox_log;
  sandbox_log << in.rdbuf();
  ASSERT_NE(sdk_log.find("POST /v1/invoice-requests"), std::string::npos);          // the SDK did log the flow
  ASSERT_NE(sandbox_log.str().find("POST /v1/invoice-requests 201"), std::string::npos);  // so did the sandbox
  const std::vector<std::string> secrets{c.password,        "Another-Passw0rd-7", "Wrong-Passw0rd-1", mailed,
                                         activation_token,  session.token,        temporary.token,    "Bearer",
                                         "91330106673959654P", "11010519491231002X", "6222021001234567890",
                                         "13912345678",     sandbox.info().operator_token()};
  for (const auto& secret : secrets) {
    EXPECT_EQ(sdk_log.find(secret), std::string::npos) << "the SDK log holds " << secret;
    EXPECT_EQ(sandbox_log.str().find(secret), std::string::npos) << "the sandbox log holds " << secret;
  }
}

}  // namespace
}  // namespace fapiao
