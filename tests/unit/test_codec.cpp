// The JSON codec against golden wire text for every model: decoding the
// golden text and encoding it again must give the same bytes, which proves
// that every field is both read and written under its contract name.
#include "json/codec.hpp"

#include <fapiao/json.hpp>

#include <gtest/gtest.h>

#include <string>

namespace fapiao {
namespace {

using detail::json::decode;
using detail::json::encode;

using detail::json::Absent;
using detail::json::encode_value;

template <typename T>
void expect_golden_round_trip(const std::string& golden) {
  const auto decoded = decode<T>(golden);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(encode(*decoded), golden);
  // The text encoder (no DOM) writes what the DOM encoder serialises, with
  // absent fields omitted (requests) and as nulls (the sandbox's responses).
  for (const Absent absent : {Absent::omit, Absent::null}) {
    EXPECT_EQ(encode(*decoded, absent), boost::json::serialize(encode_value(*decoded, absent)));
    EXPECT_EQ(encode(T{}, absent), boost::json::serialize(encode_value(T{}, absent)));
  }
  // The public wrappers agree with the private codec.
  const auto via_public = from_json<T>(golden);
  ASSERT_TRUE(via_public);
  EXPECT_EQ(to_json(*via_public), golden);
}

const std::string kAccount =
    R"({"id":"acct_1","email":"财务@example.cn","status":"ACTIVE","created_at":"2026-11-01T09:00:00+08:00",)"
    R"("activated_at":"2026-11-01T09:05:00+08:00"})";
const std::string kSubscription = R"({"id":"sub_1","name":"Azure 标准订阅","order_id":"ORD-2026-0001"})";
const std::string kBill =
    R"({"id":"bill_2","order_id":"ORD-1","subscription_name":"Azure 标准订阅","amount_fen":100000,"currency":"CNY",)"
    R"("paid_at":"2026-11-01T10:00:00+08:00","available_at":"2026-11-04T10:00:00+08:00",)"
    R"("payment_method":"ALIPAY","payer_name":"上海示例科技有限公司","state":"SPLIT","invoice_request_id":"ir_1",)"
    R"("parent_bill_id":"bill_0","child_bill_ids":["bill_3","bill_4"]})";
const std::string kBuyer =
    R"({"type":"ORGANIZATION","organization_kind":"ENTERPRISE","name":"上海示例科技有限公司",)"
    R"("taxpayer_id":"91330106673959654P","address":"上海市浦东新区科苑路88号","phone":"021-28986102",)"
    R"("bank_name":"中国工商银行","bank_account":"1001234567890123"})";
const std::string kDelivery =
    R"({"method":"YUNDA","recipient":"王小明","mobile":"13800138000","province":"上海市","city":"上海市",)"
    R"("district":"浦东新区","street":"科苑路88号","postal_code":"201203","email":"a@example.cn"})";
const std::string kLine =
    R"({"bill_id":"bill_1","description":"*信息技术服务*云服务费","gross_fen":100000,"net_fen":94340,"tax_fen":5660,)"
    R"("tax_rate_bp":600})";
const std::string kHistory = R"({"status":"PRINTED","at":"2026-11-16T15:00:00+08:00","note":"已打印"})";
const std::string kWarning = R"({"code":"PAYER_MISMATCH","message":"付款方不同","field":"buyer.name"})";
const std::string kApplication = R"({"kind":"VAT_SPECIAL","bill_ids":["bill_1","bill_2"],"buyer":)" + kBuyer +
                                 R"(,"delivery":)" + kDelivery +
                                 R"(,"remark":"备注","amounts_fen":{"bill_1":100000,"bill_2":5}})";
const std::string kPreview = R"({"lines":[)" + kLine +
                             R"(],"total_fen":100000,"net_fen":94340,"tax_fen":5660,)"
                             R"("due_at":"2026-11-17T23:59:59+08:00","warnings":[)" + kWarning +
                             R"(],"field_errors":[{"field":"buyer.taxpayer_id","code":"USCC_CHECKSUM","message":"m"}]})";
const std::string kRequest = R"({"id":"ir_1","kind":"VAT_ORDINARY","bill_ids":["bill_1"],"buyer":)" + kBuyer +
                             R"(,"delivery":)" + kDelivery + R"(,"remark":"请尽快","lines":[)" + kLine +
                             R"(],"total_fen":100000,"net_fen":94340,"tax_fen":5660,"status":"SHIPPED",)"
                             R"("status_label":"已寄出","history":[)" + kHistory +
                             R"(],"submitted_at":"2026-11-13T10:00:00+08:00","due_at":"2026-11-17T23:59:59+08:00",)"
                             R"("tracking_number":"YD1234567890","fapiao_number":"12345678","rejection_reason":"r",)"
                             R"("replaces_request_id":"ir_0","replaced_by_request_id":"ir_2","warnings":[)" +
                             kWarning + "]}";
const std::string kProfile = R"({"kind":"VAT_ORDINARY","buyer":)" + kBuyer + R"(,"delivery":)" + kDelivery + "}";
const std::string kAnnouncement =
    R"({"id":"ann_1","category":"STOCK_SHORTAGE","title":"发票票源紧张","body":"预计寄出日期顺延",)"
    R"("affects_kinds":["VAT_SPECIAL","VAT_ORDINARY"],"expected_ship_date":"2026-11-30",)"
    R"("starts_at":"2026-11-20T00:00:00+08:00","ends_at":"2026-11-30T23:59:59+08:00"})";
const std::string kNewTicket =
    R"({"type":"SPLIT_BILL","bill_ids":["bill_1"],"request_id":"ir_1","description":"拆分",)"
    R"("split_amounts_fen":[60000,40000]})";
const std::string kTicket =
    R"({"id":"tk_1","type":"SPLIT_BILL","status":"APPROVED","bill_ids":["bill_1"],"request_id":"ir_1",)"
    R"("description":"拆分","split_amounts_fen":[60000,40000],"resolution_note":"同意",)"
    R"("created_at":"2026-11-20T09:00:00+08:00","resolved_at":"2026-11-21T09:00:00+08:00"})";
const std::string kSession = R"({"token":"tok_secret","expires_at":"2026-11-20T21:00:00+08:00",)"
                             R"("must_change_password":true,"account":)" + kAccount + "}";

TEST(Codec, GoldenRoundTripOfEveryModel) {
  expect_golden_round_trip<Account>(kAccount);
  expect_golden_round_trip<Subscription>(kSubscription);
  expect_golden_round_trip<Bill>(kBill);
  expect_golden_round_trip<Buyer>(kBuyer);
  expect_golden_round_trip<Delivery>(kDelivery);
  expect_golden_round_trip<InvoiceLine>(kLine);
  expect_golden_round_trip<HistoryEntry>(kHistory);
  expect_golden_round_trip<Warning>(kWarning);
  expect_golden_round_trip<InvoiceApplication>(kApplication);
  expect_golden_round_trip<InvoicePreview>(kPreview);
  expect_golden_round_trip<InvoiceRequest>(kRequest);
  expect_golden_round_trip<InvoiceProfile>(kProfile);
  expect_golden_round_trip<Announcement>(kAnnouncement);
  expect_golden_round_trip<NewSupportTicket>(kNewTicket);
  expect_golden_round_trip<SupportTicket>(kTicket);
  expect_golden_round_trip<Session>(kSession);
  expect_golden_round_trip<Page<Bill>>(R"({"data":[)" + kBill + "," + kBill + R"(],"has_more":true})");
}

TEST(Codec, DecodedValuesAreTyped) {
  const auto bill = decode<Bill>(kBill);
  ASSERT_TRUE(bill);
  EXPECT_EQ(bill->amount_fen, 100000);
  EXPECT_EQ(bill->state, BillState::split);
  EXPECT_EQ(bill->payment_method, PaymentMethod::alipay);
  EXPECT_EQ(bill->payer_name, "上海示例科技有限公司");
  EXPECT_EQ(format_rfc3339(bill->paid_at, 0), "2026-11-01T02:00:00Z");
  EXPECT_EQ(bill->child_bill_ids.size(), 2u);
  const auto ann = decode<Announcement>(kAnnouncement);
  ASSERT_TRUE(ann);
  EXPECT_EQ(ann->expected_ship_date, (Date{2026, 11, 30}));
  EXPECT_EQ(ann->affects_kinds.at(0), InvoiceKind::vat_special);
}

TEST(Codec, UnknownFieldsIgnoredUnknownEnumsKept) {
  const auto req = decode<InvoiceRequest>(
      R"({"id":"ir_9","kind":"DIGITAL_PAPER_SPECIAL","status":"RETURNED","new_field":{"x":[1,2]},"bill_ids":[]})");
  ASSERT_TRUE(req) << req.error().message;
  EXPECT_FALSE(req->kind.is_known());
  EXPECT_EQ(req->status.wire(), "RETURNED");
  EXPECT_EQ(encode(*req).find("new_field"), std::string::npos);
  EXPECT_NE(encode(*req).find(R"("status":"RETURNED")"), std::string::npos);
}

TEST(Codec, NullMeansAbsent) {
  const auto bill = decode<Bill>(R"({"id":"b","amount_fen":1,"state":"UNINVOICED","invoice_request_id":null,)"
                                 R"("parent_bill_id":null,"paid_at":null})");
  ASSERT_TRUE(bill) << bill.error().message;
  EXPECT_TRUE(bill->invoice_request_id.empty());
}

TEST(Codec, ExplicitNullModeWritesEveryField) {
  Bill b;
  b.id = "b";
  b.state = BillState::uninvoiced;
  const std::string text = encode(b, detail::json::Absent::null);
  EXPECT_NE(text.find(R"("invoice_request_id":null)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("child_bill_ids":[])"), std::string::npos);
  EXPECT_EQ(encode(b).find("invoice_request_id"), std::string::npos);
}

struct Malformed {
  const char* json;
  const char* field;
  const char* code;
};

template <typename T>
void expect_malformed(const std::vector<Malformed>& cases) {
  for (const auto& c : cases) {
    const auto r = decode<T>(c.json);
    ASSERT_FALSE(r) << c.json;
    EXPECT_EQ(r.error().code, ErrorCode::protocol);
    ASSERT_EQ(r.error().field_errors.size(), 1u) << c.json;
    EXPECT_EQ(r.error().field_errors[0].field, c.field) << c.json;
    EXPECT_EQ(r.error().field_errors[0].code, c.code) << c.json;
    EXPECT_NE(r.error().message.find(c.field), std::string::npos) << r.error().message;
  }
}

TEST(Codec, MalformedInputNamesTheField) {
  expect_malformed<Account>({{R"({"email":"a@b.cn","status":"ACTIVE"})", "id", "REQUIRED"},
                             {R"({"id":"a","status":7})", "status", "INVALID_VALUE"},
                             {R"({"id":"a","status":"ACTIVE","created_at":"yesterday"})", "created_at", "INVALID_VALUE"}});
  expect_malformed<Subscription>({{R"({"name":"x"})", "id", "REQUIRED"}, {R"({"id":1})", "id", "INVALID_VALUE"}});
  expect_malformed<Bill>({{R"({"id":"b","state":"UNINVOICED"})", "amount_fen", "REQUIRED"},
                          {R"({"id":"b","amount_fen":1.5,"state":"UNINVOICED"})", "amount_fen", "INVALID_VALUE"},
                          {R"({"id":"b","amount_fen":"100","state":"UNINVOICED"})", "amount_fen", "INVALID_VALUE"},
                          {R"({"id":"b","amount_fen":1,"state":"UNINVOICED","child_bill_ids":"b2"})", "child_bill_ids",
                           "INVALID_VALUE"},
                          {R"({"id":"b","amount_fen":1,"state":"UNINVOICED","child_bill_ids":["x",3]})",
                           "child_bill_ids[1]", "INVALID_VALUE"},
                          {R"({"id":"b","amount_fen":18446744073709551615,"state":"UNINVOICED"})", "amount_fen",
                           "INVALID_VALUE"}});
  expect_malformed<Buyer>({{R"({"name":["x"]})", "name", "INVALID_VALUE"}});
  expect_malformed<Delivery>({{R"({"method":null,"mobile":13800138000})", "mobile", "INVALID_VALUE"}});
  expect_malformed<InvoiceLine>({{R"({"bill_id":"b","gross_fen":1,"tax_rate_bp":3000000000})", "tax_rate_bp",
                                  "INVALID_VALUE"},
                                 {R"({"gross_fen":1})", "bill_id", "REQUIRED"}});
  expect_malformed<HistoryEntry>({{R"({"status":"PRINTED"})", "at", "REQUIRED"}});
  expect_malformed<Warning>({{R"({"message":"m"})", "code", "REQUIRED"}});
  expect_malformed<InvoiceApplication>({{R"({"bill_ids":"bill_1"})", "bill_ids", "INVALID_VALUE"},
                                        {R"({"amounts_fen":{"bill_1":"all"}})", "amounts_fen.bill_1", "INVALID_VALUE"},
                                        {R"({"buyer":"ACME"})", "buyer", "INVALID_VALUE"},
                                        {R"({"buyer":{"name":1}})", "buyer.name", "INVALID_VALUE"}});
  expect_malformed<InvoicePreview>({{R"({"lines":[{"bill_id":"b","gross_fen":true}]})", "lines[0].gross_fen",
                                     "INVALID_VALUE"},
                                    {R"({"field_errors":[{"field":"x"}]})", "field_errors[0].code", "REQUIRED"}});
  expect_malformed<InvoiceRequest>({{R"({"id":"ir","kind":"VAT_ORDINARY"})", "status", "REQUIRED"},
                                    {R"({"id":"ir","kind":"VAT_ORDINARY","status":"SUBMITTED","history":[{"at":"2026-11-13T10:00:00+08:00"}]})",
                                     "history[0].status", "REQUIRED"},
                                    {R"({"id":"ir","kind":"VAT_ORDINARY","status":"SUBMITTED","delivery":{"postal_code":201203}})",
                                     "delivery.postal_code", "INVALID_VALUE"}});
  expect_malformed<InvoiceProfile>({{R"({"buyer":{}})", "kind", "REQUIRED"}});
  expect_malformed<Announcement>({{R"({"id":"a","category":"OTHER","expected_ship_date":"2026-02-30"})",
                                   "expected_ship_date", "INVALID_VALUE"},
                                  {R"({"id":"a","category":"OTHER","affects_kinds":[1]})", "affects_kinds[0]",
                                   "INVALID_VALUE"}});
  expect_malformed<NewSupportTicket>({{R"({"split_amounts_fen":[1,"2"]})", "split_amounts_fen[1]", "INVALID_VALUE"}});
  expect_malformed<SupportTicket>({{R"({"id":"t","type":"OTHER"})", "status", "REQUIRED"}});
  expect_malformed<Session>({{R"({"expires_at":"2026-11-20T21:00:00+08:00"})", "token", "REQUIRED"},
                             {R"({"token":"t","expires_at":"2026-11-20T21:00:00+08:00","must_change_password":"no"})",
                              "must_change_password", "INVALID_VALUE"}});
  expect_malformed<Page<Bill>>({{R"({"has_more":false})", "data", "REQUIRED"},
                                {R"({"data":[{"id":"b"}]})", "data[0].amount_fen", "REQUIRED"}});
}

TEST(Codec, TopLevelMustBeAnObject) {
  for (const char* text : {"[]", "\"bill\"", "42", "null"}) {
    const auto r = decode<Bill>(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().code, ErrorCode::protocol);
  }
}

TEST(Codec, MalformedTextNeverThrows) {
  for (const char* text : {"", "{", "{\"id\":", "{\"id\":\"b\",}", "nul", "{\"id\":\"\xFF\"}", "{} {}"}) {
    const auto r = decode<Bill>(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().code, ErrorCode::protocol);
  }
}

TEST(Codec, DeepNestingIsRefused) {
  std::string deep = R"({"id":"b","x":)";
  for (int i = 0; i < 10000; ++i) deep += "[";
  const auto r = decode<Bill>(deep);
  EXPECT_FALSE(r);
}

TEST(Codec, ChineseAndEscapesSurviveUnchanged) {
  Buyer b;
  b.name = "北京\"引号\"\\反斜杠\n换行 ｆｕｌｌ 𠀀";  // includes a supplementary-plane character
  const auto back = decode<Buyer>(encode(b));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->name, b.name);
  // \u escapes from other encoders decode to the same text.
  const auto escaped = decode<Buyer>(R"({"name":"\u4e0a\u6d77"})");
  ASSERT_TRUE(escaped);
  EXPECT_EQ(escaped->name, "上海");
}

TEST(Codec, TextEncoderEscapesEveryByteAsBoostJsonDoes) {
  // Every byte value (controls, quote, backslash, DEL, bytes of broken UTF-8)
  // in a name and in a map key: the text must be what Boost.JSON writes.
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte += static_cast<char>(c);
  InvoiceApplication app;
  app.remark = every_byte;
  app.bill_ids = {every_byte, "", "bill_1"};
  app.amounts_fen = {{every_byte, -1}, {"bill_1", 9223372036854775807LL}};
  const std::string text = encode(app, Absent::null);
  EXPECT_EQ(text, boost::json::serialize(encode_value(app, Absent::null)));
  EXPECT_NE(text.find(R"(\u0000\u0001)"), std::string::npos);
  EXPECT_NE(text.find(R"(\b\t\n\u000b\f\r)"), std::string::npos);
  EXPECT_NE(text.find(R"(!\"#)"), std::string::npos);
  EXPECT_NE(text.find(R"([\\])"), std::string::npos);
}

TEST(Session, SerialisesToAStringAndBack) {
  const auto session = decode<Session>(kSession);
  ASSERT_TRUE(session);
  const std::string stored = serialize_session(*session);
  EXPECT_EQ(stored.rfind("fapiao-session-v1:", 0), 0u);
  const auto restored = parse_session(stored);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(restored->token, "tok_secret");
  EXPECT_TRUE(restored->must_change_password);
  EXPECT_EQ(restored->account.email, "财务@example.cn");
  EXPECT_EQ(restored->expires_at, session->expires_at);
}

TEST(Session, CorruptStringsAreRefusedClearly) {
  EXPECT_EQ(parse_session("tok_secret").error().code, ErrorCode::invalid_argument);
  const auto corrupt = parse_session("fapiao-session-v1:{\"token\":1}");
  ASSERT_FALSE(corrupt);
  EXPECT_EQ(corrupt.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(corrupt.error().message.find("token"), std::string::npos);
}

}  // namespace
}  // namespace fapiao
