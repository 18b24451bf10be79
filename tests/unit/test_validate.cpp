#include "fake_transport.hpp"

#include <fapiao/client.hpp>
#include <fapiao/validate.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace fapiao {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;  // field, code

Pairs pairs(const std::vector<FieldError>& list) {
  Pairs out;
  for (const auto& e : list) out.emplace_back(e.field, e.code);
  return out;
}

Buyer enterprise() {
  Buyer b;
  b.type = BuyerType::organization;
  b.organization_kind = OrganizationKind::enterprise;
  b.name = "上海示例科技有限公司";
  b.taxpayer_id = "91330106673959654P";
  return b;
}

Buyer special_buyer() {
  Buyer b = enterprise();
  b.address = "上海市浦东新区科苑路88号";
  b.phone = "021-28986102";
  b.bank_name = "中国工商银行上海张江支行";
  b.bank_account = "1001 2345 6789 0123";
  return b;
}

Delivery courier() {
  Delivery d;
  d.method = DeliveryMethod::yunda;
  d.recipient = "王小明";
  d.mobile = "+86 138 0013 8000";
  d.province = "上海市";
  d.city = "上海市";
  d.street = "科苑路88号德国中心3号楼657";
  d.postal_code = "201203";
  return d;
}

Delivery email() {
  Delivery d;
  d.method = DeliveryMethod::email;
  d.email = "finance@example.cn";
  return d;
}

InvoiceApplication application(InvoiceKind kind) {
  InvoiceApplication a;
  a.kind = kind;
  a.bill_ids = {"bill_1", "bill_2"};
  a.buyer = is_special(kind) ? special_buyer() : enterprise();
  a.delivery = is_digital(kind) ? email() : courier();
  return a;
}

TEST(ValidateApplication, ValidForEveryKind) {
  for (InvoiceKind kind : {InvoiceKind::vat_ordinary, InvoiceKind::vat_special, InvoiceKind::digital_ordinary,
                           InvoiceKind::digital_special}) {
    const auto r = validate_application(application(kind));
    EXPECT_TRUE(r.ok()) << to_wire(kind) << ": " << (r.errors.empty() ? "" : r.errors[0].field);
    EXPECT_TRUE(r.warnings.empty());
  }
}

TEST(ValidateBuyer, EnterpriseNeedsTaxpayerIdForOrdinary) {
  Buyer b = enterprise();
  b.taxpayer_id.clear();
  EXPECT_EQ(pairs(validate_buyer(InvoiceKind::vat_ordinary, b).errors),
            (Pairs{{"buyer.taxpayer_id", "TAXPAYER_ID_REQUIRED"}}));
  EXPECT_EQ(pairs(validate_buyer(InvoiceKind::digital_ordinary, b).errors),
            (Pairs{{"buyer.taxpayer_id", "TAXPAYER_ID_REQUIRED"}}));
  ValidationOptions loose;
  loose.names_only_ordinary = true;
  EXPECT_TRUE(validate_buyer(InvoiceKind::vat_ordinary, b, loose).ok());
  // The looser 2016 rule never reaches special invoices.
  EXPECT_FALSE(validate_buyer(InvoiceKind::digital_special, b, loose).ok());
}

TEST(ValidateBuyer, NonEnterprisesAndIndividualsNeedOnlyTheName) {
  Buyer gov;
  gov.type = BuyerType::organization;
  gov.organization_kind = OrganizationKind::non_enterprise;
  gov.name = "上海市某区人民政府";
  EXPECT_TRUE(validate_buyer(InvoiceKind::vat_ordinary, gov).ok());
  Buyer person;
  person.type = BuyerType::individual;
  person.name = "张三";
  EXPECT_TRUE(validate_buyer(InvoiceKind::digital_ordinary, person).ok());
}

TEST(ValidateBuyer, VatSpecialListsEveryMissingField) {
  Buyer b = enterprise();
  b.taxpayer_id.clear();
  EXPECT_EQ(pairs(validate_buyer(InvoiceKind::vat_special, b).errors),
            (Pairs{{"buyer.taxpayer_id", "SPECIAL_FIELDS_REQUIRED"},
                   {"buyer.address", "SPECIAL_FIELDS_REQUIRED"},
                   {"buyer.phone", "SPECIAL_FIELDS_REQUIRED"},
                   {"buyer.bank_name", "SPECIAL_FIELDS_REQUIRED"},
                   {"buyer.bank_account", "SPECIAL_FIELDS_REQUIRED"}}));
}

TEST(ValidateBuyer, DigitalSpecialNeedsNameAndTaxpayerIdOnly) {
  Buyer b = enterprise();
  EXPECT_TRUE(validate_buyer(InvoiceKind::digital_special, b).ok());
  b.taxpayer_id.clear();
  EXPECT_EQ(pairs(validate_buyer(InvoiceKind::digital_special, b).errors),
            (Pairs{{"buyer.taxpayer_id", "SPECIAL_FIELDS_REQUIRED"}}));
}

TEST(ValidateBuyer, NameRules) {
  Buyer b = enterprise();
  b.name = "   ";
  EXPECT_EQ(pairs(validate_buyer(InvoiceKind::vat_ordinary, b).errors), (Pairs{{"buyer.name", "REQUIRED"}}));
  b.name = "<script>公司";
  EXPECT_EQ(pairs(validate_buyer(InvoiceKind::vat_ordinary, b).errors),
            (Pairs{{"buyer.name", "FORBIDDEN_CHARACTER"}}));
  std::string fifty;
  for (int i = 0; i < 50; ++i) fifty += "公";
  b.name = fifty;  // exactly 100 GBK bytes
  EXPECT_TRUE(validate_buyer(InvoiceKind::vat_ordinary, b).ok());
  b.name = fifty + "a";
  EXPECT_EQ(pairs(validate_buyer(InvoiceKind::vat_ordinary, b).errors), (Pairs{{"buyer.name", "TOO_LONG"}}));
  b.name = "开心公司😀";
  EXPECT_EQ(pairs(validate_buyer(InvoiceKind::vat_ordinary, b).errors),
            (Pairs{{"buyer.name", "UNENCODABLE_CHARACTER"}}));
}

TEST(ValidateBuyer, CombinedLengthsNameTheFirstFieldOfThePair) {
  Buyer b = special_buyer();
  b.address = std::string(90, 'a');
  b.phone = "021-28986102";  // 12 → 102 bytes together
  b.bank_name = std::string(80, 'b');
  b.bank_account = std::string(21, '1');  // 101 together
  EXPECT_EQ(pairs(validate_buyer(InvoiceKind::vat_special, b).errors),
            (Pairs{{"buyer.address", "TOO_LONG"}, {"buyer.bank_name", "TOO_LONG"}}));
}

TEST(ValidateBuyer, FormatsOfPhoneAndBankAccount) {
  Buyer b = special_buyer();
  b.phone = "13800138000";
  b.bank_account = "12-34";
  EXPECT_EQ(pairs(validate_buyer(InvoiceKind::vat_special, b).errors),
            (Pairs{{"buyer.phone", "PHONE_FORMAT"}, {"buyer.bank_account", "BANK_ACCOUNT_FORMAT"}}));
}

TEST(ValidateBuyer, TypeAndKindMustBeKnown) {
  Buyer b = enterprise();
  b.type = OpenEnum<BuyerType>::from_wire("ROBOT");
  b.organization_kind = {};
  EXPECT_EQ(pairs(validate_buyer(InvoiceKind::vat_ordinary, b).errors), (Pairs{{"buyer.type", "INVALID_VALUE"}}));
  Buyer org = enterprise();
  org.organization_kind = {};
  org.taxpayer_id.clear();
  EXPECT_EQ(pairs(validate_buyer(InvoiceKind::vat_ordinary, org).errors),
            (Pairs{{"buyer.organization_kind", "REQUIRED"}}));
}

TEST(ValidateBuyer, UsccChecksumWarningByDefaultErrorWhenStrict) {
  Buyer b = enterprise();
  b.taxpayer_id = "91330106673959654Q";
  const auto lenient = validate_buyer(InvoiceKind::vat_ordinary, b);
  EXPECT_TRUE(lenient.ok());
  EXPECT_EQ(pairs(lenient.warnings), (Pairs{{"buyer.taxpayer_id", "USCC_CHECKSUM"}}));
  ValidationOptions strict;
  strict.uscc_mode = UsccMode::strict;
  EXPECT_EQ(pairs(validate_buyer(InvoiceKind::vat_ordinary, b, strict).errors),
            (Pairs{{"buyer.taxpayer_id", "USCC_CHECKSUM"}}));
}

TEST(ValidateDelivery, MethodsAllowedPerKind) {
  EXPECT_EQ(pairs(validate_delivery(InvoiceKind::vat_ordinary, email()).errors),
            (Pairs{{"delivery.method", "DELIVERY_NOT_ALLOWED"}}));
  for (DeliveryMethod m : {DeliveryMethod::yunda, DeliveryMethod::sf_freight_collect, DeliveryMethod::self_pickup}) {
    Delivery d = courier();
    d.method = m;
    EXPECT_TRUE(validate_delivery(InvoiceKind::vat_special, d).ok()) << to_wire(m);
    EXPECT_EQ(pairs(validate_delivery(InvoiceKind::digital_ordinary, d).errors),
              (Pairs{{"delivery.method", "DELIVERY_NOT_ALLOWED"}}))
        << to_wire(m);
  }
}

TEST(ValidateDelivery, CourierNeedsEveryAddressPartButDistrict) {
  Delivery d;
  d.method = DeliveryMethod::sf_freight_collect;
  EXPECT_EQ(pairs(validate_delivery(InvoiceKind::vat_ordinary, d).errors),
            (Pairs{{"delivery.recipient", "ADDRESS_REQUIRED"},
                   {"delivery.mobile", "ADDRESS_REQUIRED"},
                   {"delivery.province", "ADDRESS_REQUIRED"},
                   {"delivery.city", "ADDRESS_REQUIRED"},
                   {"delivery.street", "ADDRESS_REQUIRED"},
                   {"delivery.postal_code", "ADDRESS_REQUIRED"}}));
}

TEST(ValidateDelivery, PickupAndEmailNeeds) {
  Delivery pickup;
  pickup.method = DeliveryMethod::self_pickup;
  EXPECT_EQ(pairs(validate_delivery(InvoiceKind::vat_ordinary, pickup).errors),
            (Pairs{{"delivery.recipient", "ADDRESS_REQUIRED"}, {"delivery.mobile", "ADDRESS_REQUIRED"}}));
  Delivery mail;
  mail.method = DeliveryMethod::email;
  EXPECT_EQ(pairs(validate_delivery(InvoiceKind::digital_special, mail).errors),
            (Pairs{{"delivery.email", "ADDRESS_REQUIRED"}}));
  mail.email = "not-an-email";
  EXPECT_EQ(pairs(validate_delivery(InvoiceKind::digital_special, mail).errors),
            (Pairs{{"delivery.email", "EMAIL_FORMAT"}}));
}

TEST(ValidateDelivery, Formats) {
  Delivery d = courier();
  d.mobile = "12345";
  d.postal_code = "2012";
  EXPECT_EQ(pairs(validate_delivery(InvoiceKind::vat_ordinary, d).errors),
            (Pairs{{"delivery.mobile", "MOBILE_FORMAT"}, {"delivery.postal_code", "POSTAL_CODE_FORMAT"}}));
}

TEST(ValidateApplication, ReportsEveryProblemAtOnce) {
  InvoiceApplication a;
  a.kind = InvoiceKind::vat_special;
  a.bill_ids = {"bill_1", "bill_1"};
  a.buyer.type = BuyerType::organization;
  a.buyer.organization_kind = OrganizationKind::enterprise;
  a.buyer.name = "公司<>";
  a.buyer.taxpayer_id = "123";
  a.delivery.method = DeliveryMethod::email;
  a.remark = "😀";
  const auto r = validate_application(a);
  EXPECT_EQ(pairs(r.errors), (Pairs{{"bill_ids", "SPLIT_REQUIRES_SUPPORT"},
                                    {"buyer.name", "FORBIDDEN_CHARACTER"},
                                    {"buyer.taxpayer_id", "TAXPAYER_ID_FORMAT"},
                                    {"buyer.address", "SPECIAL_FIELDS_REQUIRED"},
                                    {"buyer.phone", "SPECIAL_FIELDS_REQUIRED"},
                                    {"buyer.bank_name", "SPECIAL_FIELDS_REQUIRED"},
                                    {"buyer.bank_account", "SPECIAL_FIELDS_REQUIRED"},
                                    {"delivery.method", "DELIVERY_NOT_ALLOWED"},
                                    {"remark", "UNENCODABLE_CHARACTER"}}));
  for (const auto& e : r.errors) EXPECT_FALSE(e.message.empty()) << e.field;
}

TEST(ValidateApplication, SelectionAndKind) {
  InvoiceApplication a = application(InvoiceKind::vat_ordinary);
  a.bill_ids.clear();
  a.kind = {};
  EXPECT_EQ(pairs(validate_application(a).errors),
            (Pairs{{"kind", "REQUIRED"}, {"bill_ids", "EMPTY_SELECTION"}}));
  a.kind = OpenEnum<InvoiceKind>::from_wire("VAT_FANCY");
  a.bill_ids = {"bill_1", ""};
  EXPECT_EQ(pairs(validate_application(a).errors), (Pairs{{"kind", "INVALID_VALUE"}, {"bill_ids[1]", "REQUIRED"}}));
}

TEST(ValidateApplication, AmountsMustNameSelectedBills) {
  InvoiceApplication a = application(InvoiceKind::vat_ordinary);
  a.amounts_fen = {{"bill_1", 100}, {"bill_9", 100}, {"bill_2", 0}};
  EXPECT_EQ(pairs(validate_application(a).errors),
            (Pairs{{"amounts_fen.bill_2", "INVALID_VALUE"}, {"amounts_fen.bill_9", "INVALID_VALUE"}}));
}

TEST(Normalized, StoresWhatTheServiceStores) {
  Buyer b = special_buyer();
  b.taxpayer_id = " ９１３３０１０６６７３９５９６５４ｐ";
  b.phone = " ０２１－２８９８６１０２ ";
  const Buyer n = normalized(b);
  EXPECT_EQ(n.taxpayer_id, "91330106673959654P");
  EXPECT_EQ(n.phone, "021-28986102");
  EXPECT_EQ(n.bank_account, "1001234567890123");
  const Delivery d = normalized(courier());
  EXPECT_EQ(d.mobile, "13800138000");
}

NewSupportTicket split_ticket(std::vector<std::int64_t> amounts) {
  NewSupportTicket t;
  t.type = TicketType::split_bill;
  t.bill_ids = {"bill_1"};
  t.split_amounts_fen = std::move(amounts);
  return t;
}

TEST(ValidateTicket, ASplitNeedsOneBillAndTwoPartsOfAtLeastOneFen) {
  EXPECT_TRUE(validate_support_ticket(split_ticket({60000, 40000})).ok());
  auto r = validate_support_ticket(split_ticket({0, -5, 10}));
  EXPECT_EQ(pairs(r.errors), (Pairs{{"split_amounts_fen[0]", "INVALID_VALUE"}, {"split_amounts_fen[1]", "INVALID_VALUE"}}));
  auto one = split_ticket({100});
  one.bill_ids = {"a", "b"};
  EXPECT_EQ(pairs(validate_support_ticket(one).errors),
            (Pairs{{"bill_ids", "INVALID_VALUE"}, {"split_amounts_fen", "REQUIRED"}}));
}

// The defect: four positive parts near 2^62 wrapped int64 to the bill's amount.
TEST(ValidateTicket, PartsWhoseSumWouldOverflowAreRefused) {
  const std::int64_t part = std::int64_t{1} << 62;
  auto r = validate_support_ticket(split_ticket({part, part, part, part}));
  EXPECT_EQ(pairs(r.errors), (Pairs{{"split_amounts_fen", "INVALID_VALUE"}}));
  EXPECT_TRUE(validate_support_ticket(split_ticket({part, part - 1})).ok());  // exactly INT64_MAX
}

TEST(ValidateTicket, TypeAndDescription) {
  NewSupportTicket t;
  EXPECT_EQ(pairs(validate_support_ticket(t).errors), (Pairs{{"type", "REQUIRED"}}));
  t.type = OpenEnum<TicketType>::from_wire("REFUND_ME");
  EXPECT_EQ(pairs(validate_support_ticket(t).errors), (Pairs{{"type", "INVALID_VALUE"}}));
  t.type = TicketType::other;
  t.description = std::string(2001, 'x');
  EXPECT_EQ(pairs(validate_support_ticket(t).errors), (Pairs{{"description", "TOO_LONG"}}));
  t.description = "\xF0\x9F\x98\x80";  // an emoji: no GBK encoding
  EXPECT_EQ(pairs(validate_support_ticket(t).errors), (Pairs{{"description", "UNENCODABLE_CHARACTER"}}));
}

TEST(ValidateTicket, TheClientRefusesTheSameInputsBeforeSending) {
  ClientOptions o;
  o.endpoint = "https://fapiao.example";
  auto transport = std::make_shared<testing_support::FakeTransport>();
  Client client(o, transport);
  const std::int64_t part = std::int64_t{1} << 62;
  auto r = client.create_support_ticket(Session{"tok", {}, false, {}}, split_ticket({part, part, part, part}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(pairs(r.error().field_errors), (Pairs{{"split_amounts_fen", "INVALID_VALUE"}}));
  EXPECT_TRUE(transport->requests.empty());
}

}  // namespace
}  // namespace fapiao
