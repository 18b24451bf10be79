// 5. Codec: Google Benchmark of fapiao's JSON decoding and encoding of a
// 100-bill page and of a full invoice request (every field set), in bytes
// and objects per second; and of verifying a webhook delivery (a status
// change carrying that request) with construct_event, as a receiver does.
#include <benchmark/benchmark.h>

#include <fapiao/json.hpp>
#include <fapiao/webhooks.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace {

using namespace fapiao;

Timestamp at(int day, int hour) {
  // 2026-11-01T00:00:00+08:00 plus days and hours.
  return Timestamp(std::chrono::seconds(1793462400 + day * 86400 + hour * 3600));
}

Page<Bill> hundred_bills() {
  Page<Bill> page;
  for (int i = 0; i < 100; ++i) {
    Bill b;
    b.id = "bill_" + std::to_string(100000 + i) + "a3f9c2";
    b.order_id = "ORD-2026-" + std::to_string(4000 + i % 7);
    b.subscription_name = "Azure 订阅 生产环境";
    b.amount_fen = 150000 + i * 37;
    b.paid_at = at(i % 28, 10);
    b.available_at = at(i % 28 + 3, 10);
    b.payment_method = i % 3 == 0 ? PaymentMethod::alipay : PaymentMethod::unionpay;
    b.payer_name = "上海示例科技有限公司";
    b.state = i % 4 == 0 ? BillState::invoiced : BillState::uninvoiced;
    if (i % 4 == 0) b.invoice_request_id = "ir_" + std::to_string(9000 + i);
    page.data.push_back(std::move(b));
  }
  page.has_more = true;
  return page;
}

InvoiceRequest full_request() {
  InvoiceRequest r;
  r.id = "ir_7f3a9c1e2b4d";
  r.kind = InvoiceKind::vat_special;
  r.buyer.type = BuyerType::organization;
  r.buyer.organization_kind = OrganizationKind::enterprise;
  r.buyer.name = "上海示例科技有限公司";
  r.buyer.taxpayer_id = "91310000MA1FL4CT3X";
  r.buyer.address = "上海市浦东新区世纪大道100号";
  r.buyer.phone = "021-12345678";
  r.buyer.bank_name = "中国工商银行上海分行";
  r.buyer.bank_account = "1001234567890123456";
  r.delivery.method = DeliveryMethod::yunda;
  r.delivery.recipient = "李四";
  r.delivery.mobile = "13800138000";
  r.delivery.province = "上海市";
  r.delivery.city = "上海市";
  r.delivery.district = "浦东新区";
  r.delivery.street = "世纪大道100号 20楼";
  r.delivery.postal_code = "200120";
  r.remark = "2026年11月 云服务费";
  for (int i = 0; i < 5; ++i) {
    const std::string bill = "bill_" + std::to_string(200000 + i);
    r.bill_ids.push_back(bill);
    r.lines.push_back({bill, "*信息技术服务*云服务费", 106000, 100000, 6000, 600});
  }
  r.total_fen = 530000;
  r.net_fen = 500000;
  r.tax_fen = 30000;
  r.status = RequestStatus::shipped;
  r.status_label = "已寄出";
  r.history = {{RequestStatus::submitted, at(1, 9), ""},
               {RequestStatus::processing, at(1, 10), ""},
               {RequestStatus::printed, at(3, 15), "已打印"},
               {RequestStatus::shipped, at(3, 17), "韵达快递 4312345678901"}};
  r.submitted_at = at(1, 9);
  r.due_at = at(4, 0);
  r.tracking_number = "4312345678901";
  r.fapiao_number = "04412345";
  r.warnings = {{"PAYER_MISMATCH", "The buyer differs from the payer of the bills.", "buyer.name"}};
  return r;
}

template <typename T>
void decode(benchmark::State& state, const T& sample, std::int64_t objects) {
  const std::string text = to_json(sample);
  for (auto _ : state) {
    auto decoded = from_json<T>(text);
    if (!decoded) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
  state.SetItemsProcessed(state.iterations() * objects);
}

template <typename T>
void encode(benchmark::State& state, const T& sample, std::int64_t objects) {
  std::size_t size = 0;
  for (auto _ : state) {
    std::string text = to_json(sample);
    size = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(size));
  state.SetItemsProcessed(state.iterations() * objects);
}

/// HMAC over the body with each secret, the constant-time comparison, and
/// the event decoded with its typed object: what a receiver pays per delivery.
void VerifyWebhookDelivery(benchmark::State& state, int secrets) {
  Event event;
  event.id = "evt_5f2a9b0c1d2e3f40";
  event.type = EventType::invoice_request_status_changed;
  event.created_at = at(3, 17);
  event.account_id = "acct_0123456789abcdef";
  event.data.object.json = to_json(full_request());
  event.data.previous_status = RequestStatus::printed;
  const std::string body = to_json(event);
  std::vector<std::string> held;
  for (int i = 0; i < secrets; ++i) held.push_back("whsec_bench_secret_" + std::to_string(i));
  const std::int64_t now = 1793462400;
  const std::string header = webhooks::sign(body, {held.back()}, now);
  webhooks::VerifyOptions options;
  options.now = [now] { return now; };
  for (auto _ : state) {
    auto verified = webhooks::construct_event(body, header, held, options);
    if (!verified) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(verified);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
  state.SetItemsProcessed(state.iterations());
}

void DecodeBillPage100(benchmark::State& s) { decode(s, hundred_bills(), 100); }
void EncodeBillPage100(benchmark::State& s) { encode(s, hundred_bills(), 100); }
void DecodeFullInvoiceRequest(benchmark::State& s) { decode(s, full_request(), 1); }
void EncodeFullInvoiceRequest(benchmark::State& s) { encode(s, full_request(), 1); }

BENCHMARK(DecodeBillPage100);
BENCHMARK(EncodeBillPage100);
BENCHMARK(DecodeFullInvoiceRequest);
BENCHMARK(EncodeFullInvoiceRequest);
BENCHMARK_CAPTURE(VerifyWebhookDelivery, OneSecret, 1);
BENCHMARK_CAPTURE(VerifyWebhookDelivery, TwoSecretsDuringARotation, 2);

}  // namespace

BENCHMARK_MAIN();
