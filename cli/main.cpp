// fapiao: the command-line client. Every customer operation of the service,
// tables for people and --json for scripts. Exit codes: 0 ok, 1 internal,
// 2 usage, 3 validation, 4 refused by the service, 5 network or TLS.
#include "config.hpp"
#include "event_commands.hpp"
#include "output.hpp"
#include "report.hpp"
#include "secret_input.hpp"

#include "core/private_file.hpp"

#include <fapiao/fapiao.hpp>

#include <CLI/CLI.hpp>

#include <boost/json.hpp>

#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace {

using namespace cli;  // Exit codes, Globals, report(), print_list(), print_one() (report.hpp)

struct BuyerFlags {
  std::string type, organization_kind, name, taxpayer_id, address, phone, bank_name, bank_account;
  void add(CLI::App* app) {
    app->add_option("--buyer-type", type, "ORGANIZATION or INDIVIDUAL");
    app->add_option("--organization-kind", organization_kind, "ENTERPRISE or NON_ENTERPRISE");
    app->add_option("--buyer-name", name, "the invoice title (抬头)");
    app->add_option("--taxpayer-id", taxpayer_id, "USCC or other taxpayer ID (resident ID for individuals)");
    app->add_option("--address", address, "registered address (special invoices)");
    app->add_option("--phone", phone, "registered landline (special invoices)");
    app->add_option("--bank-name", bank_name, "bank (special invoices)");
    app->add_option("--bank-account", bank_account, "bank account (special invoices)");
  }
  void apply_to(fapiao::Buyer& b) const {
    if (!type.empty()) b.type = fapiao::OpenEnum<fapiao::BuyerType>::from_wire(type);
    if (!organization_kind.empty()) b.organization_kind = fapiao::OpenEnum<fapiao::OrganizationKind>::from_wire(organization_kind);
    for (auto [flag, field] : {std::pair{&name, &b.name}, {&taxpayer_id, &b.taxpayer_id}, {&address, &b.address},
                               {&phone, &b.phone}, {&bank_name, &b.bank_name}, {&bank_account, &b.bank_account}}) {
      if (!flag->empty()) *field = *flag;
    }
  }
};

struct ApplicationFlags {
  std::string kind, delivery, recipient, mobile, province, city, district, street, postal_code, email, remark, from_json;
  std::vector<std::string> bills;
  BuyerFlags buyer;
  void add(CLI::App* app) {
    app->add_option("--from-json", from_json, "an application as JSON (api/openapi.yaml); flags override it");
    app->add_option("--kind", kind, "VAT_ORDINARY, VAT_SPECIAL, DIGITAL_ORDINARY or DIGITAL_SPECIAL");
    app->add_option("--bill", bills, "a bill id (repeat for several)");
    buyer.add(app);
    app->add_option("--delivery", delivery, "YUNDA, SF_FREIGHT_COLLECT, SELF_PICKUP or EMAIL");
    app->add_option("--recipient", recipient);
    app->add_option("--mobile", mobile);
    app->add_option("--province", province);
    app->add_option("--city", city);
    app->add_option("--district", district);
    app->add_option("--street", street);
    app->add_option("--postal-code", postal_code);
    app->add_option("--email-to", email, "where an e-invoice is sent (EMAIL delivery)");
    app->add_option("--remark", remark);
  }
  fapiao::InvoiceApplication build() const {
    fapiao::InvoiceApplication app;
    if (!from_json.empty()) {
      std::ifstream in(from_json);
      if (!in) throw CLI::ValidationError("--from-json", "cannot read " + from_json);
      std::stringstream text;
      text << in.rdbuf();
      auto parsed = fapiao::from_json<fapiao::InvoiceApplication>(text.str());
      if (!parsed) {  // the user's file, not the service's answer: a validation problem
        fapiao::Error e = parsed.error();
        e.code = fapiao::ErrorCode::invalid_argument;
        e.message = from_json + ": " + e.message;
        throw e;
      }
      app = std::move(parsed).value();
    }
    if (!kind.empty()) app.kind = fapiao::OpenEnum<fapiao::InvoiceKind>::from_wire(kind);
    if (!bills.empty()) app.bill_ids = bills;
    buyer.apply_to(app.buyer);
    if (!delivery.empty()) app.delivery.method = fapiao::OpenEnum<fapiao::DeliveryMethod>::from_wire(delivery);
    auto& d = app.delivery;
    for (auto [flag, field] : {std::pair{&recipient, &d.recipient}, {&mobile, &d.mobile}, {&province, &d.province},
                               {&city, &d.city}, {&district, &d.district}, {&street, &d.street},
                               {&postal_code, &d.postal_code}, {&email, &d.email}, {&remark, &app.remark}}) {
      if (!flag->empty()) *field = *flag;
    }
    return app;
  }
};

std::string when(const std::optional<fapiao::Timestamp>& t) { return t ? fapiao::format_rfc3339(*t) : ""; }

void print_request(const fapiao::InvoiceRequest& r) {
  cli::print_fields(std::cout, {{"Request", r.id},
                                {"Kind", std::string(r.kind.wire()) + " " + std::string(fapiao::kind_label(r.kind.value()))},
                                {"Status", std::string(r.status.wire()) + " " + r.status_label},
                                {"Buyer", r.buyer.name},
                                {"Total", fapiao::format_yuan(r.total_fen) + " (tax " + fapiao::format_yuan(r.tax_fen) + ")"},
                                {"Due", when(r.due_at)},
                                {"Tracking number", r.tracking_number},
                                {"Fapiao number", r.fapiao_number},
                                {"Rejected because", r.rejection_reason},
                                {"Replaces", r.replaces_request_id},
                                {"Replaced by", r.replaced_by_request_id}});
  for (const auto& w : r.warnings) std::cout << "warning " << w.code << ": " << w.message << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"fapiao: Chinese VAT invoices (发票) from the command line"};
  app.require_subcommand(1);
  // The global options (--json, --endpoint...) also work after the
  // subcommand: `fapiao requests --json`. A subcommand's own option of the
  // same name (wait --timeout) wins there.
  app.fallthrough();
  Globals g;
  app.add_option("--endpoint", g.config.endpoint, "the service, https://host:port (env FAPIAO_ENDPOINT)");
  app.add_option("--ca-file", g.config.ca_file, "CA certificate to verify the service (env FAPIAO_CA_FILE)");
  app.add_option("--session-file", g.config.session_file, "where login keeps the session (mode 0600)");
  app.add_flag("--insecure", g.config.insecure, "do not verify TLS certificates (warns on every connection)");
  app.add_flag("--json", g.json, "print JSON for scripts");
  app.add_option("--timeout", g.timeout, "seconds per call (60)");
  app.set_version_flag("--version", std::string("fapiao ") + fapiao::version());

  std::string email, password, order_id, token, state, status, id, until, output, note, current, fresh, type,
      request_id, description, idempotency_key, taxpayer_id;
  std::vector<std::string> ticket_bills;
  std::vector<std::int64_t> split_amounts;
  int page_size = 20;
  double wait_timeout = 3600, interval = 30;
  bool yes = false, individual = false, strict = false;
  ApplicationFlags application;
  BuyerFlags title;

  auto* reg = app.add_subcommand("register", "register with the order ID from the order-confirmation mail");
  // Passwords never come from argv (ps, shell history): a prompt without echo,
  // --password-stdin, or FAPIAO_PASSWORD / FAPIAO_NEW_PASSWORD for scripts.
  cli::SecretSource secrets;
  std::vector<std::string> refused_passwords;
  const auto password_flags = [&](CLI::App* command) {
    command->add_flag("--password-stdin", secrets.from_stdin,
                      "read the password(s) from standard input, one per line");
    command->add_option("--password,--current,--new", refused_passwords)->group("");  // hidden: refused with advice
  };
  reg->add_option("--email", email)->required();
  password_flags(reg);
  reg->add_option("--order-id", order_id)->required();
  auto* activate = app.add_subcommand("activate", "activate the account with the token from the activation mail");
  activate->add_option("token", token)->required();
  auto* resend = app.add_subcommand("resend-activation", "send the activation mail again");
  resend->add_option("--email", email)->required();
  auto* login = app.add_subcommand("login", "sign in and keep the session in the session file");
  login->add_option("--email", email)->required();
  password_flags(login);
  auto* logout = app.add_subcommand("logout", "sign out and forget the session");
  auto* whoami = app.add_subcommand("whoami", "the signed-in account");
  auto* subscriptions = app.add_subcommand("subscriptions", "subscriptions and their order IDs");
  auto* bills = app.add_subcommand("bills", "my bills (paid batches, visible 3 days after payment)");
  bills->add_option("--state", state, "UNINVOICED, RESERVED, INVOICED or SPLIT");
  bills->add_option("--page-size", page_size, "items per request (1-100)");
  auto* profile = app.add_subcommand("profile", "the last used invoice information");
  auto* preview = app.add_subcommand("preview", "what an application would produce: lines, tax, due date");
  application.add(preview);
  auto* apply = app.add_subcommand("apply", "apply for an invoice (shows the preview first)");
  application.add(apply);
  apply->add_flag("--yes,-y", yes, "do not ask for confirmation");
  apply->add_option("--idempotency-key", idempotency_key, "makes re-running the same command safe");
  auto* requests = app.add_subcommand("requests", "my invoice requests");
  requests->add_option("--status", status);
  auto* show = app.add_subcommand("show", "one invoice request");
  show->add_option("id", id)->required();
  auto* wait = app.add_subcommand("wait", "wait until a request reaches a status");
  wait->add_option("id", id)->required();
  wait->add_option("--until", until, "the status to wait for, e.g. SHIPPED")->required();
  wait->add_option("--timeout", wait_timeout, "seconds (3600)");
  wait->add_option("--interval", interval, "seconds between polls (30)");
  auto* cancel = app.add_subcommand("cancel", "cancel a request while SUBMITTED");
  cancel->add_option("id", id)->required();
  auto* title_change = app.add_subcommand("title-change", "change the title of an issued invoice");
  title_change->add_option("id", id)->required();
  title.add(title_change);
  title_change->add_option("--note", note);
  auto* download = app.add_subcommand("download", "download the e-invoice file of a digital request");
  download->add_option("id", id)->required();
  download->add_option("--output,-o", output, "file to write (default: the document's name)");
  auto* announcements = app.add_subcommand("announcements", "active announcements");
  auto* ticket = app.add_subcommand("ticket", "support tickets");
  ticket->require_subcommand(1);
  auto* ticket_create = ticket->add_subcommand("create", "file a support ticket");
  ticket_create->add_option("--type", type, "SPLIT_BILL, TITLE_CHANGE, NOT_RECEIVED, PROGRESS or OTHER")->required();
  ticket_create->add_option("--bill", ticket_bills);
  ticket_create->add_option("--request", request_id);
  ticket_create->add_option("--description", description);
  ticket_create->add_option("--split-amount", split_amounts, "fen, for SPLIT_BILL (repeat)");
  auto* ticket_list = ticket->add_subcommand("list", "my support tickets");
  auto* ticket_show = ticket->add_subcommand("show", "one support ticket");
  ticket_show->add_option("id", id)->required();
  auto* reset = app.add_subcommand("reset-password", "mail a new password");
  reset->add_option("--email", email)->required();
  auto* change = app.add_subcommand("change-password", "change the password (asks for the current and the new one)");
  password_flags(change);
  auto* validate = app.add_subcommand("validate", "check an application or a taxpayer ID locally, without a network");
  application.add(validate);
  validate->add_option("--check-taxpayer-id", taxpayer_id, "only this taxpayer ID");
  validate->add_flag("--individual", individual, "the taxpayer ID is a person's");
  validate->add_flag("--strict-uscc", strict, "a USCC check-character mismatch is an error");
  EventCommands event_commands;  // events, listen, webhooks (event_commands.cpp)
  event_commands.add(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  }
  if (!refused_passwords.empty()) {
    std::cerr << "error: passwords are not taken on the command line (ps and the shell history would show them): "
                 "type it at the prompt, pipe it with --password-stdin, or set FAPIAO_PASSWORD "
                 "(FAPIAO_NEW_PASSWORD for the new one)\n";
    return kUsage;
  }

  try {
    if (validate->parsed()) {
      fapiao::ValidationReport r;
      if (!taxpayer_id.empty()) {
        r = fapiao::validate_taxpayer_id(taxpayer_id, individual ? fapiao::BuyerType::individual : fapiao::BuyerType::organization,
                                         strict ? fapiao::UsccMode::strict : fapiao::UsccMode::lenient);
      } else {
        fapiao::ValidationOptions o;
        o.uscc_mode = strict ? fapiao::UsccMode::strict : fapiao::UsccMode::lenient;
        r = fapiao::validate_application(application.build(), o);
      }
      cli::Table table({"", "FIELD", "CODE", "MESSAGE"});
      for (const auto& e : r.errors) table.add({"error", e.field, e.code, e.message});
      for (const auto& w : r.warnings) table.add({"warning", w.field, w.code, w.message});
      if (g.json) {
        std::cout << R"({"ok":)" << (r.ok() ? "true" : "false") << R"(,"errors":[)";
        for (std::size_t i = 0; i < r.errors.size(); ++i) std::cout << (i ? "," : "") << fapiao::to_json(r.errors[i]);
        std::cout << R"(],"warnings":[)";
        for (std::size_t i = 0; i < r.warnings.size(); ++i) std::cout << (i ? "," : "") << fapiao::to_json(r.warnings[i]);
        std::cout << "]}\n";
      } else if (r.errors.empty() && r.warnings.empty()) {
        std::cout << "Valid.\n";
      } else {
        table.print(std::cout);
      }
      return r.ok() ? kOk : kValidation;
    }

    g.config = cli::resolve(g.config);
    if (g.config.endpoint.empty()) {
      std::cerr << "error: no endpoint: pass --endpoint, set FAPIAO_ENDPOINT, or put endpoint=... in the config file\n";
      return kUsage;
    }
    fapiao::ClientOptions options;
    options.endpoint = g.config.endpoint;
    options.ca_file = g.config.ca_file;
    options.insecure_skip_tls_verify = g.config.insecure;
    options.call_timeout = std::chrono::milliseconds(static_cast<long long>(g.timeout * 1000));
    options.application_id = "fapiao-cli";
    options.log = [](fapiao::LogLevel level, std::string_view m) {
      if (level >= fapiao::LogLevel::warning) std::cerr << "warning: " << m << "\n";
    };
    fapiao::Client client(options);

    if (reg->parsed()) {
      password = cli::read_secret(secrets, "FAPIAO_PASSWORD", "Password", true);
      return print_one(client.register_account(email, password, order_id), g, [](const fapiao::Account& a) {
        std::cout << "Registered " << a.email << " (" << a.status.wire() << "). Activate it with the link in the "
                     "activation mail within 24 hours.\n";
      });
    }
    if (activate->parsed()) {
      return print_one(client.activate_account(token), g,
                       [](const fapiao::Account& a) { std::cout << "Activated " << a.email << ".\n"; });
    }
    if (resend->parsed()) {
      auto r = client.resend_activation(email);
      if (!r) return report(r.error(), g);
      std::cout << (g.json ? "{}\n" : "If the account awaits activation, a new activation mail is on its way.\n");
      return kOk;
    }
    if (reset->parsed()) {
      auto r = client.reset_password(email);
      if (!r) return report(r.error(), g);
      std::cout << (g.json ? "{}\n" : "If the account exists, a new password is on its way by mail.\n");
      return kOk;
    }
    if (login->parsed()) {
      password = cli::read_secret(secrets, "FAPIAO_PASSWORD", "Password", false);
      auto s = client.sign_in(email, password);
      if (!s) return report(s.error(), g);
      cli::save_session(g.config.session_file, fapiao::serialize_session(*s));
      if (g.json) {
        std::cout << R"({"account":)" << fapiao::to_json(s->account) << R"(,"must_change_password":)"
                  << (s->must_change_password ? "true" : "false") << "}\n";
      } else {
        std::cout << "Signed in as " << s->account.email << " until " << fapiao::format_rfc3339(s->expires_at) << ".\n";
        if (s->must_change_password) std::cout << "Change the mailed password now: fapiao change-password.\n";
      }
      return kOk;
    }

    // Everything else acts for the stored session.
    const auto stored = cli::load_session(g.config.session_file);
    if (!stored) {
      std::cerr << "error: not signed in: run fapiao login first\n";
      return kUsage;
    }
    auto parsed = fapiao::parse_session(*stored);
    if (!parsed) return report(parsed.error(), g);
    const fapiao::Session session = *parsed;

    if (auto done = event_commands.run(client, session, g)) return *done;
    if (logout->parsed()) {
      auto r = client.sign_out(session);
      cli::forget_session(g.config.session_file);
      if (!r && r.error().code != fapiao::ErrorCode::unauthenticated) return report(r.error(), g);
      std::cout << (g.json ? "{}\n" : "Signed out.\n");
      return kOk;
    }
    if (whoami->parsed()) {
      return print_one(client.get_account(session), g, [](const fapiao::Account& a) {
        cli::print_fields(std::cout, {{"Account", a.id}, {"E-mail", a.email}, {"Status", std::string(a.status.wire())}});
      });
    }
    if (change->parsed()) {
      current = cli::read_secret(secrets, "FAPIAO_PASSWORD", "Current password", false);
      fresh = cli::read_secret(secrets, "FAPIAO_NEW_PASSWORD", "New password", true);
      return print_one(client.change_password(session, current, fresh), g,
                       [](const fapiao::Account&) { std::cout << "Password changed; other sessions ended.\n"; });
    }
    if (subscriptions->parsed()) {
      return print_list(client.list_subscriptions(session), g, {"SUBSCRIPTION", "NAME", "ORDER ID"},
                        [](const fapiao::Subscription& s) { return std::vector<std::string>{s.id, s.name, s.order_id}; });
    }
    if (bills->parsed()) {
      fapiao::BillQuery q;
      if (!state.empty()) q.state = fapiao::OpenEnum<fapiao::BillState>::from_wire(state);
      q.page_size = page_size;
      return print_list(client.list_bills(session, q), g, {"BILL", "ORDER", "SUBSCRIPTION", "AMOUNT", "PAID", "STATE", "PAYER"},
                        [](const fapiao::Bill& b) {
                          return std::vector<std::string>{b.id, b.order_id, b.subscription_name,
                                                          fapiao::format_yuan(b.amount_fen),
                                                          fapiao::format_rfc3339(b.paid_at).substr(0, 10),
                                                          std::string(b.state.wire()), b.payer_name};
                        });
    }
    if (profile->parsed()) {
      return print_one(client.get_invoice_profile(session), g, [](const fapiao::InvoiceProfile& p) {
        cli::print_fields(std::cout, {{"Kind", std::string(p.kind.wire())}, {"Buyer", p.buyer.name},
                                      {"Taxpayer ID", p.buyer.taxpayer_id},
                                      {"Delivery", std::string(p.delivery.method.wire())},
                                      {"Recipient", p.delivery.recipient}, {"E-mail", p.delivery.email}});
      });
    }
    const auto show_preview = [](const fapiao::InvoicePreview& p) {
      cli::Table table({"BILL", "DESCRIPTION", "AMOUNT", "NET", "TAX", "RATE"});
      for (const auto& l : p.lines) {
        table.add({l.bill_id, l.description, fapiao::format_yuan(l.gross_fen), fapiao::format_yuan(l.net_fen),
                   fapiao::format_yuan(l.tax_fen), std::to_string(l.tax_rate_bp / 100) + "%"});
      }
      table.print(std::cout);
      cli::print_fields(std::cout, {{"Total", fapiao::format_yuan(p.total_fen)}, {"Due", when(p.due_at)}});
      for (const auto& w : p.warnings) std::cout << "warning " << w.code << ": " << w.message << "\n";
      for (const auto& e : p.field_errors) std::cout << "problem " << e.field << " " << e.code << ": " << e.message << "\n";
    };
    if (preview->parsed()) {
      // Sent as it is (never refused locally, as in C++, C and Python); the
      // problems it lists make the exit code 3, so scripts can tell.
      const auto p = client.preview_invoice_request(session, application.build());
      const int rc = print_one(p, g, show_preview);
      return rc == kOk && !p->field_errors.empty() ? kValidation : rc;
    }
    if (apply->parsed()) {
      const auto app_body = application.build();
      const auto report_local = fapiao::validate_application(app_body);
      if (!report_local.ok()) return report(fapiao::validation_error(report_local.errors), g);
      if (!yes) {
        auto p = client.preview_invoice_request(session, app_body);
        if (!p) return report(p.error(), g);
        show_preview(*p);
        if (!p->field_errors.empty()) return kValidation;
        if (!isatty(STDIN_FILENO)) {
          std::cerr << "error: confirm with --yes when not at a terminal\n";
          return kUsage;
        }
        std::cout << "Submit this application? [y/N] " << std::flush;
        std::string answer;
        std::getline(std::cin, answer);
        if (answer != "y" && answer != "Y" && answer != "yes") {
          std::cout << "Not submitted.\n";
          return kOk;
        }
      }
      fapiao::CallOptions call;
      call.idempotency_key = idempotency_key;
      return print_one(client.create_invoice_request(session, app_body, call), g, print_request);
    }
    if (requests->parsed()) {
      fapiao::RequestQuery q;
      if (!status.empty()) q.status = fapiao::OpenEnum<fapiao::RequestStatus>::from_wire(status);
      return print_list(client.list_invoice_requests(session, q), g, {"REQUEST", "KIND", "STATUS", "", "TOTAL", "BUYER", "DUE"},
                        [](const fapiao::InvoiceRequest& r) {
                          return std::vector<std::string>{r.id, std::string(r.kind.wire()), std::string(r.status.wire()),
                                                          r.status_label, fapiao::format_yuan(r.total_fen), r.buyer.name,
                                                          when(r.due_at).substr(0, 10)};
                        });
    }
    if (show->parsed()) return print_one(client.get_invoice_request(session, id), g, print_request);
    if (wait->parsed()) {
      const auto target = fapiao::OpenEnum<fapiao::RequestStatus>::from_wire(until);
      if (!target.is_known()) {
        std::cerr << "error: unknown status " << until << "\n";
        return kUsage;
      }
      auto op = client.track_invoice_request(session, id);
      // Each status change is reported as it is seen (on stderr, so --json
      // output stays one document): a wait can last an hour.
      std::string seen;
      const auto report_change = [&](const fapiao::InvoiceRequest& r) {
        if (r.status.wire() == seen) return;
        seen = std::string(r.status.wire());
        std::cerr << fapiao::format_rfc3339(std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now())) << "  " << seen << " " << r.status_label
                  << (r.tracking_number.empty() ? "" : "  tracking " + r.tracking_number) << "\n";
      };
      return print_one(op.wait_until(
                           [&](const fapiao::InvoiceRequest& r) {
                             report_change(r);
                             return r.status == target.value();
                           },
                           std::chrono::milliseconds(static_cast<long long>(wait_timeout * 1000)),
                           std::chrono::milliseconds(static_cast<long long>(interval * 1000))),
                       g, print_request);
    }
    if (cancel->parsed()) return print_one(client.cancel_invoice_request(session, id), g, print_request);
    if (title_change->parsed()) {
      fapiao::Buyer buyer;
      title.apply_to(buyer);
      return print_one(client.request_title_change(session, id, buyer, note), g, print_request);
    }
    if (download->parsed()) {
      auto doc = client.download_invoice_document(session, id);
      if (!doc) return report(doc.error(), g);
      // file_name is a safe base name (the SDK strips directories from the
      // server's Content-Disposition), so it lands in the working directory.
      const std::string path = output.empty() ? doc->file_name : output;
      try {
        fapiao::detail::write_file_atomically(path, doc->bytes, 0644);
      } catch (const std::system_error& e) {
        std::cerr << "error: the document was not saved: " << e.what() << "\n";
        return kInternal;
      }
      if (g.json) {
        std::cout << R"({"file":")" << path << R"(","bytes":)" << doc->bytes.size() << "}\n";
      } else {
        std::cout << "Saved " << path << " (" << doc->bytes.size() << " bytes, " << doc->content_type << ").\n";
      }
      return kOk;
    }
    if (announcements->parsed()) {
      return print_list(client.list_announcements(session), g, {"ANNOUNCEMENT", "CATEGORY", "TITLE", "SHIP BY"},
                        [](const fapiao::Announcement& a) {
                          return std::vector<std::string>{a.id, std::string(a.category.wire()), a.title,
                                                          a.expected_ship_date ? fapiao::format_date(*a.expected_ship_date) : ""};
                        });
    }
    const auto ticket_row = [](const fapiao::SupportTicket& t) {
      return std::vector<std::string>{t.id, std::string(t.type.wire()), std::string(t.status.wire()), t.description};
    };
    if (ticket_create->parsed()) {
      fapiao::NewSupportTicket t;
      t.type = fapiao::OpenEnum<fapiao::TicketType>::from_wire(type);
      t.bill_ids = ticket_bills;
      t.request_id = request_id;
      t.description = description;
      t.split_amounts_fen = split_amounts;
      return print_one(client.create_support_ticket(session, t), g, [&](const fapiao::SupportTicket& s) {
        std::cout << "Filed " << s.id << " (" << s.status.wire() << ").\n";
      });
    }
    if (ticket_list->parsed()) {
      return print_list(client.list_support_tickets(session), g, {"TICKET", "TYPE", "STATUS", "DESCRIPTION"}, ticket_row);
    }
    if (ticket_show->parsed()) {
      return print_one(client.get_support_ticket(session, id), g, [&](const fapiao::SupportTicket& t) {
        cli::print_fields(std::cout, {{"Ticket", t.id}, {"Type", std::string(t.type.wire())},
                                      {"Status", std::string(t.status.wire())}, {"Description", t.description},
                                      {"Resolution", t.resolution_note}});
      });
    }
  } catch (const fapiao::Error& e) {
    return report(e, g);
  } catch (const CLI::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kUsage;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kInternal;
  }
  return kInternal;
}
