// 4 (second half). Invoice-request creation: every create is a committed
// SQLite transaction with synchronous=FULL (an fsync). 8 clients, each with
// its own Client and its own bills, against 1 client in the same run.
#include "sections.hpp"
#include "support/report.hpp"
#include "support/threads.hpp"

#include <memory>
#include <vector>

namespace fapiao::bench {
namespace {

Summary create_from(const Target& t, const Session& session, const std::vector<std::string>& bills, int clients,
                    std::size_t& next_bill) {
  const int per_client = static_cast<int>((bills.size() - next_bill) / static_cast<std::size_t>(clients));
  std::vector<std::unique_ptr<Client>> pool;
  for (int i = 0; i < clients; ++i) pool.push_back(std::make_unique<Client>(client_options(t)));
  const std::size_t first = next_bill;
  next_bill += static_cast<std::size_t>(per_client * clients);
  return run_threads(clients, 0, per_client, [&](int client, int call) {
    const auto& bill = bills[first + static_cast<std::size_t>(client * per_client + call)];
    pool[static_cast<std::size_t>(client)]->create_invoice_request(session, application_for(bill)).value();
  });
}

}  // namespace

void run_creates(const Target& t) {
  const int per_client = t.quick ? 4 : 60;
  // 8 clients share 8 × per_client bills; then 1 client gets 2 × per_client.
  const Customer c = make_customer(t, 8 * per_client + 2 * per_client, false);
  Client lister(client_options(t));
  BillQuery all;
  all.page_size = 100;
  std::vector<std::string> eight, one;
  for (const auto& bill : lister.list_bills(c.session, all)) {
    auto& into = eight.size() < static_cast<std::size_t>(8 * per_client) ? eight : one;
    into.push_back(bill.value().id);
  }
  std::size_t next = 0;
  const Summary single = create_from(t, c.session, one, 1, next);
  next = 0;
  const Summary parallel = create_from(t, c.session, eight, 8, next);
  print(rate_row("4. sandbox, create invoice request", "1 client", single, "creates/s"));
  Row row = rate_row("4. sandbox, create invoice request", "8 clients", parallel, "creates/s");
  row.versus = "1 client";
  row.ratio = format_ratio(parallel.per_second / single.per_second);
  print(row);
}

}  // namespace fapiao::bench
