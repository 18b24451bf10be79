// Fuzz target: the client's handling of whatever a server sends back — any
// status, headers and body — through the real pipeline and decoders.
#include <fapiao/fapiao.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

class ScriptedTransport : public fapiao::Transport {
 public:
  explicit ScriptedTransport(fapiao::HttpResponse response) : response_(std::move(response)) {}
  fapiao::Result<fapiao::HttpResponse> send(const fapiao::HttpRequest&, const fapiao::TransportCall&) override {
    return response_;
  }

 private:
  fapiao::HttpResponse response_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  fapiao::HttpResponse response;
  response.status = 100 + (data[0] * 256 + data[1]) % 500;
  const std::string rest(reinterpret_cast<const char*>(data + 3), size - 3);
  const auto cut = rest.find('\n');
  response.headers = {{"Retry-After", cut == std::string::npos ? "" : rest.substr(0, cut)}, {"Request-Id", "req_f"}};
  response.body = cut == std::string::npos ? rest : rest.substr(cut + 1);
  fapiao::ClientOptions options;
  options.endpoint = "https://fuzz.example";
  options.retry.max_attempts = 1 + data[2] % 2;
  options.retry.backoff_base = std::chrono::milliseconds(0);
  options.retry.backoff_cap = std::chrono::milliseconds(0);
  options.call_timeout = std::chrono::milliseconds(50);
  fapiao::Client client(options, std::make_shared<ScriptedTransport>(response));
  const fapiao::Session session{"token", {}, false, {}};
  auto bill = client.get_bill(session, "bill_1");
  if (!bill && bill.error().message.empty()) std::abort();
  auto request = client.get_invoice_request(session, "ir_1");
  if (!request && request.error().code == fapiao::ErrorCode::ok) std::abort();
  for (const auto& b : client.list_bills(session)) {
    if (!b) break;
  }
  (void)client.sign_in("a@example.cn", "passw0rd-1");
  (void)client.download_invoice_document(session, "ir_1");
  return 0;
}
