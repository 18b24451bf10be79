// Handlers are plain functions of a Context and a typed input (ADR 0015):
// driven here with no HTTP, no route and no middleware, against a fresh
// database, they answer typed values and refuse with the contract's codes.
#include "back_office/back_office.hpp"
#include "db.hpp"
#include "errors.hpp"
#include "handlers/bills.hpp"
#include "handlers/events.hpp"
#include "handlers/invoice_requests.hpp"
#include "handlers/operator/operator.hpp"
#include "mailer.hpp"
#include "middleware/fault_injection.hpp"
#include "middleware/request_journal.hpp"
#include "store/accounts.hpp"
#include "store/schema.hpp"
#include "store/webhooks.hpp"
#include "util.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace {

using namespace sandbox;

class Handlers : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/fapiao-handlers-test-XXXXXX";
    dir_ = mkdtemp(pattern);
    std::filesystem::create_directories(dir_ / "outbox");
    options_.data_dir = dir_;
    db_ = std::make_unique<Database>((dir_ / "sandbox.db").string());
    store::create_schema(*db_, dir_ / "trace.db");
    mailer_ = std::make_unique<Mailer>(dir_ / "outbox");
    back_office_ = std::make_unique<BackOffice>(false, *mailer_);
    env_ = std::make_unique<Env>(Env{options_, secret_, dummy_, *mailer_, *back_office_, faults_, journal_});
  }
  void TearDown() override {
    env_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  /// A valid application: an individual's digital invoice for one bill, e-mailed.
  static fapiao::InvoiceApplication e_invoice_for(const std::string& bill_id) {
    fapiao::InvoiceApplication app;
    app.kind = fapiao::InvoiceKind::digital_ordinary;
    app.bill_ids = {bill_id};
    app.buyer.type = fapiao::BuyerType::individual;
    app.buyer.name = "张三";
    app.delivery.method = fapiao::DeliveryMethod::email;
    app.delivery.email = "zhang@example.cn";
    return app;
  }

  /// A context for `caller` at service time `now`.
  Context at(std::int64_t now, const Caller& caller) { return Context{*db_, now, caller, *env_, passwords_, &kept_}; }

  /// The code of the ApiError that `action` throws ("" when it does not).
  template <typename F>
  static std::string refusal(F action) {
    try {
      action();
    } catch (const ApiError& e) {
      return e.code;
    }
    return {};
  }

  std::filesystem::path dir_;
  Options options_;
  std::string secret_ = std::string(64, 'k');
  std::string dummy_;
  PasswordWork passwords_;
  KeptWork kept_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Mailer> mailer_;
  std::unique_ptr<BackOffice> back_office_;
  FaultTable faults_;
  RequestJournal journal_;
  std::unique_ptr<Env> env_;
};

TEST_F(Handlers, AnswerTypedValuesAndRefuseWithTheContractsCodes) {
  const std::int64_t t0 = 1'780'000'000;
  const Caller op;
  const Caller customer{"acct_1", "cus_1", "hash", false};
  handlers::NewOrder order{{"ORD-1", "cus_1", "上海示例科技有限公司", "sub_1", "Azure 订阅"}};
  EXPECT_EQ(handlers::operator_api::create_order(at(t0, op), order).value.order_id, "ORD-1");
  EXPECT_EQ(refusal([&] { handlers::operator_api::create_order(at(t0, op), order); }), "ORDER_ALREADY_EXISTS");

  const auto bill =
      handlers::operator_api::create_payment(at(t0, op), handlers::Payment{"ORD-1", 10000, t0, "ALIPAY"}).value;
  EXPECT_EQ(bill.amount_fen, 10000);
  EXPECT_EQ(bill.state, fapiao::BillState::uninvoiced);

  // Inside its 3-day sync the bill is not yet available; after it, it is; another customer never sees it.
  EXPECT_EQ(refusal([&] { handlers::bills::get(at(t0 + 3600, customer), ById{bill.id}); }), "BILL_NOT_YET_AVAILABLE");
  const std::int64_t later = t0 + 4 * 86400;
  EXPECT_EQ(handlers::bills::get(at(later, customer), ById{bill.id}).id, bill.id);
  EXPECT_EQ(refusal([&] { handlers::bills::get(at(later, Caller{"acct_2", "cus_2", "h", false}), ById{bill.id}); }),
            "BILL_NOT_FOUND");
  const auto page = handlers::bills::list(at(later, customer), handlers::BillFilter{PageQuery{20, {}}, {}});
  ASSERT_EQ(page.data.size(), 1u);
  EXPECT_FALSE(page.has_more);

  // One application reserves the bill; a second one for the same bill is refused.
  const auto app = e_invoice_for(bill.id);
  const auto created = handlers::invoice_requests::create(at(later, customer), app).value;
  EXPECT_EQ(created.status, fapiao::RequestStatus::submitted);
  EXPECT_EQ(created.total_fen, 10000);
  EXPECT_EQ(created.net_fen + created.tax_fen, 10000);
  EXPECT_EQ(refusal([&] { handlers::invoice_requests::create(at(later, customer), app); }), "BILL_ALREADY_INVOICED");
  EXPECT_EQ(handlers::invoice_requests::cancel(at(later, customer), ById{created.id}).status,
            fapiao::RequestStatus::cancelled);
}

TEST_F(Handlers, EventsAndTheirDeliveriesAreWrittenWithTheChangeThatCausedThem) {
  const std::int64_t t0 = 1'780'000'000;
  const Caller op;
  const Caller customer{"acct_1", "cus_1", "hash", false};
  handlers::operator_api::create_order(at(t0, op), {{"ORD-1", "cus_1", "上海示例科技有限公司", "sub_1", "Azure 订阅"}});
  const auto bill =
      handlers::operator_api::create_payment(at(t0, op), handlers::Payment{"ORD-1", 10000, t0 - 5 * 86400, "ALIPAY"}).value;
  store::insert_account(*db_, store::NewAccount{"acct_1", "cus_1", "ORD-1", "a@example.cn", "x", t0});

  fapiao::NewWebhookEndpoint wanted;
  wanted.url = "http://127.0.0.1:9/hook";
  wanted.event_types = {"invoice_request.created"};
  const auto made = handlers::webhook_endpoints::create(at(t0, customer), wanted);
  EXPECT_EQ(made.result.value.secret, made.secret.value);
  EXPECT_EQ(made.secret.value.rfind("whsec_", 0), 0u);
  EXPECT_EQ(made.secret.reference.rfind("whsec:", 0), 0u);  // what the idempotency record keeps
  wanted.url = "ftp://nowhere";
  EXPECT_EQ(refusal([&] { handlers::webhook_endpoints::create(at(t0, customer), wanted); }), "VALIDATION_FAILED");

  const auto app = e_invoice_for(bill.id);
  const auto created = handlers::invoice_requests::create(at(t0, customer), app).value;
  handlers::invoice_requests::cancel(at(t0 + 60, customer), ById{created.id});

  // Both changes are events; only the subscribed type waits to be delivered.
  const auto events = handlers::events::list(at(t0 + 60, customer), handlers::EventFilter{PageQuery{20, {}}, {}});
  ASSERT_EQ(events.items.size(), 2u);
  EXPECT_NE(events.items[0].find("\"previous_status\":\"SUBMITTED\""), std::string::npos);
  const auto due = store::due_deliveries(*db_, t0 + 60, 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].event_type, "invoice_request.created");
  EXPECT_EQ(due[0].attempt, 1);
  EXPECT_NE(due[0].body.find(created.id), std::string::npos);
  // Another account sees none of it; deleting the endpoint stops its delivery.
  const Caller other{"acct_2", "cus_2", "h", false};
  EXPECT_TRUE(handlers::events::list(at(t0, other), handlers::EventFilter{PageQuery{20, {}}, {}}).items.empty());
  EXPECT_EQ(refusal([&] { handlers::webhook_endpoints::remove(at(t0, other), ById{made.result.value.id}); }),
            "WEBHOOK_ENDPOINT_NOT_FOUND");
  handlers::webhook_endpoints::remove(at(t0 + 60, customer), ById{made.result.value.id});
  EXPECT_TRUE(store::due_deliveries(*db_, t0 + 60, 10).empty());
}

}  // namespace
