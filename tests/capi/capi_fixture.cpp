// Prepares the shared sandbox for the C tests (which speak only the C ABI)
// and writes what they need as KEY=VALUE lines:
//   capi_fixture OUT_FILE
#include "sandbox_helper.hpp"

#include <fstream>
#include <iostream>

using namespace fapiao;
using namespace fapiao::testing_support;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: capi_fixture OUT_FILE\n";
    return 2;
  }
  try {
    const SandboxInfo sandbox = shared_sandbox();
    Operator op(sandbox);
    Client client(options_for(sandbox));
    std::ofstream out(argv[1]);
    out << "endpoint=" << sandbox.endpoint() << "\nca_file=" << sandbox.ca_file() << "\n";

    // A signed-up customer: three visible bills, one still syncing, one issued e-invoice.
    TestCustomer a = op.customer({{100000, 10}, {50000, 11}, {20000, 12}, {500, 1}, {7000, 13}});
    Session session = sign_up(client, op, a);
    InvoiceApplication app;
    app.kind = InvoiceKind::digital_ordinary;
    app.bill_ids = {a.bill_ids[4]};
    app.buyer.type = BuyerType::individual;
    app.buyer.name = "张三";
    app.delivery.method = DeliveryMethod::email;
    app.delivery.email = "zhang@example.cn";
    auto issued = client.create_invoice_request(session, app).value();
    op.advance(issued.id, "PROCESSING");
    op.advance(issued.id, "ISSUED");
    out << "email=" << a.email << "\npassword=" << a.password << "\norder=" << a.order_ids[0] << "\n";
    for (std::size_t i = 0; i < a.bill_ids.size(); ++i) out << "bill" << i << "=" << a.bill_ids[i] << "\n";
    out << "issued_request=" << issued.id << "\n";

    // An order nobody registered yet, and a pending registration with its token.
    TestCustomer fresh = op.customer({{100, 10}});
    out << "fresh_order=" << fresh.order_ids[0] << "\nfresh_email=" << fresh.email << "\n";
    TestCustomer pending = op.customer({{100, 10}});
    client.register_account(pending.email, pending.password, pending.order_ids[0]).value();
    out << "activation_token=" << op.mail_field(pending.email, "ACTIVATION", "token") << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "capi_fixture: " << e.what() << "\n";
    return 1;
  }
}
