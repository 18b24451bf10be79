// A tour of the client's behaviour that needs no account: options, logging,
// validation before sending, typed service errors, deadlines and cancellation.
//   client_tour https://localhost:8443 /path/to/sandbox/ca.pem
#include <fapiao/fapiao.hpp>

#include <iostream>
#include <thread>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: client_tour ENDPOINT CA_FILE\n";
    return 2;
  }
  fapiao::ClientOptions options;
  options.endpoint = argv[1];
  options.ca_file = argv[2];
  options.application_id = "client-tour/1.0";
  options.log_level = fapiao::LogLevel::info;
  options.log = [](fapiao::LogLevel, std::string_view line) { std::clog << "[fapiao] " << line << "\n"; };
  fapiao::Client client(options);

  // 1. Input that cannot pass is refused locally, every field at once.
  fapiao::InvoiceApplication app;
  app.kind = fapiao::InvoiceKind::vat_special;
  app.buyer.type = fapiao::BuyerType::organization;
  app.buyer.organization_kind = fapiao::OrganizationKind::enterprise;
  app.buyer.name = "上海示例科技有限公司";
  auto refused = client.create_invoice_request(fapiao::Session{"not-signed-in", {}, false, {}}, app);
  std::cout << "Local validation: " << refused.error().field_errors.size() << " problems\n";
  for (const auto& f : refused.error().field_errors) std::cout << "  " << f.field << " " << f.code << "\n";

  // 2. The service's refusals are typed, with the request id to quote.
  auto denied = client.sign_in("nobody@example.cn", "passw0rd-1");
  std::cout << "Sign-in: " << fapiao::to_string(denied.error().code) << " " << denied.error().service_code
            << " (request " << denied.error().request_id << ")\n";

  // 3. Exceptions for those who prefer them.
  try {
    client.get_account(fapiao::Session{"forged-token", {}, false, {}}).value();
  } catch (const fapiao::Error& e) {
    std::cout << "Exception: " << e.service_code << " HTTP " << e.http_status << "\n";
  }

  // 4. A call can be cancelled from another thread.
  fapiao::CancellationSource source;
  source.cancel();
  fapiao::CallOptions call;
  call.cancellation = source.token();
  std::cout << "Cancelled: " << fapiao::to_string(client.resend_activation("a@example.cn", call).error().code) << "\n";

  // 5. Money and time as the service uses them.
  std::cout << "Tax on " << fapiao::format_yuan(100000) << ": "
            << fapiao::format_yuan(fapiao::split_gross(100000, fapiao::kCloudServiceRateBp).tax_fen) << "\n";
  const bool ok = refused.error().field_errors.size() == 7 && denied.error().service_code == "INVALID_CREDENTIALS";
  return ok ? 0 : 1;
}
