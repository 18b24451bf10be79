// 1. Client overhead: the same GET through fapiao::Client, a minimal
// hand-written Beast client and libcurl, each over one kept-alive TLS
// connection, each decoding the body with fapiao::from_json into the same
// model, so the difference is the client machinery alone. Subjects take
// turns in rounds so that drift on a shared machine hits them alike.
#include "curl_client.hpp"
#include "raw_beast_client.hpp"
#include "sections.hpp"
#include "support/report.hpp"
#include "support/turns.hpp"

#include <fapiao/json.hpp>

#include <functional>
#include <stdexcept>
#include <vector>

namespace fapiao::bench {
namespace {

struct Subject {
  std::string name;
  std::function<void()> call;
};

template <typename T>
void decode_or_throw(const std::string& body) {
  if (!from_json<T>(body)) throw std::runtime_error("undecodable body");
}

// Rows for each subject; the second (raw Beast) is the one compared with.
void compare(const std::string& benchmark, const std::vector<Subject>& subjects, int rounds, int per_round) {
  std::vector<std::function<void()>> calls;
  for (const auto& s : subjects) calls.push_back(s.call);
  const std::vector<Summary> summaries = take_turns(calls, 20, rounds, per_round);  // warm-up: connection, caches
  for (std::size_t i = 0; i < subjects.size(); ++i) {
    Row row = rate_row(benchmark, subjects[i].name, summaries[i]);
    if (i != 1) {
      row.versus = subjects[1].name;
      row.ratio = format_ratio(summaries[i].per_second / summaries[1].per_second);
    }
    print(row);
  }
}

}  // namespace

void run_overhead(const Target& t) {
  const Customer c = make_customer(t, 100, true);
  Client client(client_options(t));
  RawBeastClient raw(t.host, t.port, t.ca_file);
  CurlClient curl(t.endpoint, t.ca_file);
  const int rounds = t.quick ? 2 : 5;
  const int per_round = t.quick ? 25 : 1000;
  const std::string& token = c.session.token;

  const std::string request_target = "/v1/invoice-requests/" + c.request_id;
  std::vector<Subject> get_request{
      {"fapiao::Client", [&] { client.get_invoice_request(c.session, c.request_id).value(); }},
      {"raw Boost.Beast", [&] { decode_or_throw<InvoiceRequest>(raw.get(request_target, token)); }},
      {"libcurl (one easy handle)", [&] { decode_or_throw<InvoiceRequest>(curl.get(request_target, token)); }},
  };
  compare("1. get_invoice_request", get_request, rounds, per_round);

  BillQuery page_query;  // one page of the default 20
  const std::string bills_target = "/v1/bills?limit=20";
  std::vector<Subject> list_bills{
      {"fapiao::Client", [&] { client.list_bills(c.session, page_query).next_page().value(); }},
      {"raw Boost.Beast", [&] { decode_or_throw<Page<Bill>>(raw.get(bills_target, token)); }},
      {"libcurl (one easy handle)", [&] { decode_or_throw<Page<Bill>>(curl.get(bills_target, token)); }},
  };
  compare("1. list_bills, one page of 20", list_bills, rounds, per_round);
}

}  // namespace fapiao::bench
