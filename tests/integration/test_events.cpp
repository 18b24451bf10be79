// Events and webhook endpoints through the C++ client: typed events that
// page like every list, endpoints created, changed, rotated and removed,
// and a delivery received and verified with construct_event.
#include "sandbox_helper.hpp"

#include <fapiao/webhooks.hpp>

#include <gtest/gtest.h>

namespace fapiao {
namespace {

using namespace testing_support;

class Events : public ::testing::Test {
 protected:
  SandboxInfo sandbox = shared_sandbox();
  Operator op{sandbox};
  Client client{options_for(sandbox)};

  Session signed_in(const TestCustomer& c) {
    EXPECT_TRUE(client.register_account(c.email, c.password, c.order_ids[0]));
    EXPECT_TRUE(client.activate_account(op.mail_field(c.email, "ACTIVATION", "token")));
    return client.sign_in(c.email, c.password).value();
  }
};

InvoiceApplication pickup_application(const std::string& bill) {
  InvoiceApplication a;
  a.kind = InvoiceKind::vat_ordinary;
  a.bill_ids = {bill};
  a.buyer.type = BuyerType::organization;
  a.buyer.organization_kind = OrganizationKind::enterprise;
  a.buyer.name = "上海示例科技有限公司";
  a.buyer.taxpayer_id = "91330106673959654P";
  a.delivery.method = DeliveryMethod::self_pickup;
  a.delivery.recipient = "王小明";
  a.delivery.mobile = "13800138000";
  return a;
}

TEST_F(Events, StatusChangesArriveTypedAndPageNewestFirst) {
  const TestCustomer c = op.customer({{100000, 10}});
  const Session session = signed_in(c);
  auto request = client.create_invoice_request(session, pickup_application(c.bill_ids[0]));
  ASSERT_TRUE(request) << request.error().describe();
  op.advance(request->id, "PROCESSING");
  op.advance(request->id, "PRINTED");

  EventQuery q;
  q.type = EventType::invoice_request_status_changed;
  q.page_size = 1;  // two pages of one
  std::vector<Event> changes;
  for (auto& e : client.list_events(session, q)) {
    ASSERT_TRUE(e) << e.error().describe();
    changes.push_back(*e);
  }
  ASSERT_EQ(changes.size(), 2u);
  const auto* printed = changes[0].data.object.invoice_request();
  ASSERT_NE(printed, nullptr);
  EXPECT_EQ(printed->id, request->id);
  EXPECT_EQ(printed->status, RequestStatus::printed);
  EXPECT_EQ(changes[0].data.previous_status, RequestStatus::processing);
  auto again = client.get_event(session, changes[1].id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->data.object.invoice_request()->status, RequestStatus::processing);
  EXPECT_EQ(client.get_event(session, "evt_nope").error().service_code, "EVENT_NOT_FOUND");
}

TEST_F(Events, EndpointsAreCreatedChangedRotatedAndRemoved) {
  const Session session = signed_in(op.customer({{100000, 10}}));
  NewWebhookEndpoint wanted;
  wanted.url = "https://partner.example.cn/fapiao";
  wanted.event_types = {"invoice_request.status_changed"};
  wanted.description = "生产环境";
  auto made = client.create_webhook_endpoint(session, wanted);
  ASSERT_TRUE(made) << made.error().describe();
  EXPECT_EQ(made->secret.rfind("whsec_", 0), 0u);
  EXPECT_EQ(made->status, WebhookEndpointStatus::enabled);
  EXPECT_TRUE(client.get_webhook_endpoint(session, made->id)->secret.empty());  // shown only once

  WebhookEndpointUpdate change;
  change.status = WebhookEndpointStatus::disabled;
  auto changed = client.update_webhook_endpoint(session, made->id, change);
  ASSERT_TRUE(changed) << changed.error().describe();
  EXPECT_EQ(changed->status, WebhookEndpointStatus::disabled);
  EXPECT_EQ(changed->event_types, wanted.event_types);  // unchanged: the empty list was not sent

  SecretRotation rotation;
  rotation.previous_secret_expires_in_seconds = 3600;
  auto rotated = client.rotate_webhook_secret(session, made->id, rotation);
  ASSERT_TRUE(rotated);
  EXPECT_NE(rotated->secret, made->secret);

  int listed = 0;
  for (const auto& e : client.list_webhook_endpoints(session)) listed += e && e->id == made->id;
  EXPECT_EQ(listed, 1);
  ASSERT_TRUE(client.delete_webhook_endpoint(session, made->id));
  EXPECT_EQ(client.get_webhook_endpoint(session, made->id).error().service_code, "WEBHOOK_ENDPOINT_NOT_FOUND");

  wanted.url = "http://partner.example.cn/";
  auto refused = client.create_webhook_endpoint(session, wanted);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
  ASSERT_EQ(refused.error().field_errors.size(), 1u);
  EXPECT_EQ(refused.error().field_errors[0].code, "URL_NOT_HTTPS");
}

TEST_F(Events, AStoredEventVerifiesAsADeliveryWouldAndATamperedOneDoesNot) {
  const TestCustomer c = op.customer({{100000, 10}});
  const Session session = signed_in(c);
  ASSERT_TRUE(client.create_invoice_request(session, pickup_application(c.bill_ids[0])));
  auto page = client.list_events(session).next_page();
  ASSERT_TRUE(page && !page->data.empty());
  const std::string body = to_json(page->data[0]);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string header = webhooks::sign(body, {"whsec_test"}, now);
  auto event = webhooks::construct_event(body, header, {"whsec_test"});
  ASSERT_TRUE(event) << event.error().describe();
  EXPECT_EQ(event->id, page->data[0].id);
  ASSERT_NE(event->data.object.invoice_request(), nullptr);
  auto tampered = webhooks::construct_event(body.substr(0, body.size() - 1) + " }", header, {"whsec_test"});
  EXPECT_EQ(tampered.error().service_code, webhooks::code::signature_mismatch);
}

}  // namespace
}  // namespace fapiao
