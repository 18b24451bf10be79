// quickstart: the customer guide end to end against a sandbox seeded with
// `--seed demo`, saying in plain words what happens at each step.
//   quickstart ENDPOINT CA_FILE OPERATOR_TOKEN_FILE
#include <fapiao/fapiao.hpp>
#include <fapiao/sandbox.hpp>  // the back office: fapiao::sandbox_operator

#include <fstream>
#include <iostream>
#include <string>

namespace {

using fapiao::format_rfc3339;
using fapiao::format_yuan;

int step_number = 0;
void step(const std::string& what) { std::cout << "\n" << ++step_number << ". " << what << "\n"; }
void say(const std::string& what) { std::cout << "   " << what << "\n"; }

template <typename T>
T must(fapiao::Result<T> r, const char* what) {
  if (!r) {
    std::cerr << "\n" << what << " failed:\n" << r.error().describe() << "\n";
    std::exit(1);
  }
  return std::move(r).value();
}

std::string read_token(const std::string& path) {
  std::ifstream in(path);
  std::string token;
  std::getline(in, token);
  return token;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: quickstart ENDPOINT CA_FILE OPERATOR_TOKEN_FILE\n";
    return 2;
  }
  fapiao::ClientOptions options;
  options.endpoint = argv[1];
  options.ca_file = argv[2];
  options.application_id = "quickstart/1.0";
  fapiao::Client client(options);
  // The operator plays the payment platform, the mail server and the back office.
  fapiao::sandbox::Operator back_office(options, read_token(argv[3]));

  const std::string order_id = "DEMO-ORDER-1001";
  const std::string email = "finance@shanghai-demo.example.cn";
  const std::string password = "Quickstart-2026";

  step("Register on the invoice system with the order ID from the order-confirmation mail (R1).");
  auto account = must(client.register_account(email, password, order_id), "Registering");
  say("Account " + account.id + " for " + account.email + " is " + std::string(account.status.wire()) +
      ": it cannot sign in before activation.");

  step("The activation mail arrives (read from the sandbox's outbox) (R2).");
  auto mails = must(back_office.outbox(email), "Reading the outbox");
  const auto& mail = mails.back();
  say("Subject: " + mail.subject);
  must(client.activate_account(mail.token), "Activating");
  say("Activated with the link's token. An unactivated registration would lapse after 24 hours (R3).");

  step("Sign in (R5).");
  auto session = must(client.sign_in(email, password), "Signing in");
  say("Signed in until " + format_rfc3339(session.expires_at) + ".");

  step("My subscriptions and their order IDs (R19).");
  for (const auto& s : client.list_subscriptions(session)) say(s->name + "  ->  order " + s->order_id);

  step("My bills: paid payment batches (R7).");
  int shown = 0;
  for (const auto& bill : client.list_bills(session)) {
    say(bill->id + "  " + format_yuan(bill->amount_fen) + "  paid " + format_rfc3339(bill->paid_at) + "  " +
        std::string(bill->state.wire()));
    ++shown;
  }
  say("A payment made yesterday is not listed: payments appear 3 days after payment.");
  must(back_office.advance_clock(std::chrono::hours(48)), "Moving the clock");
  session = must(client.sign_in(email, password), "Signing in again");
  int now_shown = 0;
  for (const auto& bill : client.list_bills(session)) now_shown += bill ? 1 : 0;
  say("Two days later (the sandbox's virtual clock): " + std::to_string(now_shown) + " bills instead of " +
      std::to_string(shown) + ".");

  step("Apply: choose the invoice kind and the buyer (R8, R9), then the delivery (R13).");
  fapiao::BillQuery oldest_first;
  oldest_first.state = fapiao::BillState::uninvoiced;
  std::vector<fapiao::Bill> bills;
  for (const auto& b : client.list_bills(session, oldest_first)) bills.push_back(b.value());
  fapiao::InvoiceApplication app;
  app.kind = fapiao::InvoiceKind::vat_ordinary;
  app.bill_ids = {bills.back().id};
  app.buyer.type = fapiao::BuyerType::organization;
  app.buyer.organization_kind = fapiao::OrganizationKind::enterprise;
  app.buyer.name = "上海示例科技有限公司";
  app.buyer.taxpayer_id = "91330106673959654P";
  app.delivery.method = fapiao::DeliveryMethod::yunda;
  app.delivery.recipient = "王小明";
  app.delivery.mobile = "13800138000";
  app.delivery.province = "上海市";
  app.delivery.city = "上海市";
  app.delivery.district = "浦东新区";
  app.delivery.street = "科苑路88号";
  app.delivery.postal_code = "201203";
  auto report = fapiao::validate_application(app);
  say("Checked locally first: " + std::to_string(report.errors.size()) + " problems (an enterprise must give its taxpayer ID).");

  step("Review before confirming: lines, price-tax separation, due date (R14, R15).");
  auto preview = must(client.preview_invoice_request(session, app), "Previewing");
  for (const auto& line : preview.lines) {
    say(line.description + ": " + format_yuan(line.gross_fen) + " = " + format_yuan(line.net_fen) + " + tax " +
        format_yuan(line.tax_fen) + " (" + std::to_string(line.tax_rate_bp / 100) + "%)");
  }
  say("Total " + format_yuan(preview.total_fen) + "; due " + format_rfc3339(*preview.due_at) +
      " (2 working days on China's calendar, holidays and make-up days counted).");
  for (const auto& w : preview.warnings) say("Warning " + w.code + ": " + w.message);

  step("Confirm (R14).");
  auto request = must(client.create_invoice_request(session, app), "Applying");
  say("Request " + request.id + ": " + request.status_label + " (" + std::string(request.status.wire()) + ").");

  step("The issuer's back office prints and ships it; the customer follows the progress (R16).");
  auto operation = client.track_invoice_request(session, request.id);
  must(back_office.advance_request(request.id, fapiao::RequestStatus::processing), "Processing");
  must(back_office.advance_request(request.id, fapiao::RequestStatus::printed), "Printing");
  auto printed = must(operation.poll(), "Tracking");
  say(printed.status_label + " - fapiao number " + printed.fapiao_number);
  must(back_office.advance_request(request.id, fapiao::RequestStatus::shipped), "Shipping");
  auto shipped = must(operation.wait_until(fapiao::RequestStatus::shipped, std::chrono::seconds(10),
                                           std::chrono::milliseconds(100)),
                      "Tracking");
  say(shipped.status_label + " - Yunda tracking number " + shipped.tracking_number);

  step("The second application is pre-filled with the last invoice information (R11).");
  auto profile = must(client.get_invoice_profile(session), "Reading the profile");
  say("Pre-filled: " + std::string(profile.kind.wire()) + ", " + profile.buyer.name + ", " +
      std::string(profile.delivery.method.wire()) + " to " + profile.delivery.recipient);
  fapiao::InvoiceApplication second{profile.kind, {bills.front().id}, profile.buyer, profile.delivery, {}, {}};
  auto second_request = must(client.create_invoice_request(session, second), "Applying again");
  say("Request " + second_request.id + " for " + format_yuan(second_request.total_fen) + ": " +
      second_request.status_label);

  step("A title change: the paper invoice is sent back, then reissued (R18).");
  fapiao::Buyer new_title = app.buyer;
  new_title.name = "上海示例云计算有限公司";
  auto changing = must(client.request_title_change(session, request.id, new_title, "公司更名"), "Changing the title");
  say(request.id + " is " + changing.status_label + " (" + std::string(changing.status.wire()) + ").");
  auto reversed = must(back_office.original_returned(request.id), "Returning the original");
  auto reissued = must(client.get_invoice_request(session, reversed.replaced_by_request_id), "Reading the new request");
  say("The original is " + reversed.status_label + "; " + reissued.id + " reissues it to " + reissued.buyer.name +
      " (" + reissued.status_label + ").");

  std::cout << "\nDone: the whole customer guide ran against the sandbox.\n\n"
               "The same flow with the fapiao CLI (build/release/cli/fapiao, or `cmake --install`),\n"
               "against a sandbox of your own (this one stops now):\n"
               "  build/release/sandbox/fapiao-sandbox --data /tmp/fapiao --seed demo --listen 127.0.0.1:8443 &\n"
               "  export FAPIAO_ENDPOINT=https://localhost:8443 FAPIAO_CA_FILE=/tmp/fapiao/ca.pem\n"
               "  fapiao register --email you@example.cn --order-id DEMO-ORDER-2001   # asks for a password\n"
               "  fapiao activate TOKEN        # from the activation mail (GET /sandbox/outbox)\n"
               "  fapiao login --email you@example.cn\n"
               "  fapiao subscriptions && fapiao bills --state UNINVOICED\n"
               "  fapiao apply --kind VAT_ORDINARY --bill BILL_ID --buyer-type ORGANIZATION \\\n"
               "      --organization-kind ENTERPRISE --buyer-name 北京云帆信息技术有限公司 --taxpayer-id 91110000802100433B \\\n"
               "      --delivery SELF_PICKUP --recipient 王小明 --mobile 13800138000\n"
               "  fapiao requests && fapiao wait REQUEST_ID --until SHIPPED\n"
               "From Python: docs/python.md; from C: examples/c/apply_invoice.c.\n";
  return 0;
}
