// 6. Scale: paging a long bill history (time and peak RSS, which must not
// grow with the count), a cold start against a warm call, and reconnecting
// with TLS session resumption against a full handshake.
#include "sections.hpp"
#include "support/report.hpp"
#include "support/turns.hpp"

#include <algorithm>
#include <mutex>
#include <string_view>

namespace fapiao::bench {
namespace {

struct PagingResult {
  Summary pages;
  double bills_per_second = 0;
  double seconds = 0;
  double peak_growth_bytes = 0;
};

PagingResult page_through(const Target& t, const Customer& c, std::int64_t expected) {
  Client client(client_options(t));
  BillQuery query;
  query.page_size = 100;
  auto pager = client.list_bills(c.session, query);
  reset_peak_rss();
  const double before = current_rss_bytes();
  Latencies per_page;
  std::int64_t seen = 0;
  const auto start = Clock::now();
  for (;;) {
    Page<Bill> page;
    timed(per_page, [&] { page = pager.next_page().value(); });
    seen += static_cast<std::int64_t>(page.data.size());
    if (!page.has_more) break;
  }
  PagingResult r;
  r.seconds = seconds_since(start);
  r.pages = per_page.summarize(r.seconds);
  r.bills_per_second = static_cast<double>(seen) / r.seconds;
  r.peak_growth_bytes = peak_rss_bytes() - before;
  if (seen != expected) throw std::runtime_error("paged " + std::to_string(seen) + " bills, expected " +
                                                 std::to_string(expected));
  return r;
}

}  // namespace

void run_paging(const Target& t) {
  const std::int64_t small = t.quick ? 1000 : 10000;
  const std::int64_t large = t.quick ? 10000 : 100000;
  const PagingResult a = page_through(t, make_customer(t, small, false), small);
  const PagingResult b = page_through(t, make_customer(t, large, false), large);
  for (const auto& [count, r] : {std::pair{small, a}, std::pair{large, b}}) {
    Row row;
    row.benchmark = "6. page through bills (100 a page)";
    row.subject = std::to_string(count) + " bills";
    row.result = format_rate(r.bills_per_second, "bills/s") + ", " + std::to_string(r.seconds).substr(0, 5) +
                 " s, peak RSS +" + format_mib(std::max(0.0, r.peak_growth_bytes));
    row.p50 = format_micros(r.pages.p50_us) + " a page";
    row.p99 = format_micros(r.pages.p99_us) + " a page";
    if (count == large) {
      row.versus = std::to_string(small) + " bills";
      row.ratio = "peak RSS +" + format_mib(std::max(0.0, r.peak_growth_bytes)) + " vs +" +
                  format_mib(std::max(0.0, a.peak_growth_bytes));
    }
    print(row);
  }
}

void run_first_call(const Target& t) {
  const Customer c = make_customer(t, 1, true);
  const int cold_runs = t.quick ? 5 : 40;
  Latencies cold;
  for (int i = 0; i < cold_runs; ++i) {
    timed(cold, [&] {
      Client fresh(client_options(t));  // new context, CA load, connect, full handshake
      fresh.get_invoice_request(c.session, c.request_id).value();
    });
  }
  Client warm_client(client_options(t));
  warm_client.get_invoice_request(c.session, c.request_id).value();
  Latencies warm;
  for (int i = 0; i < cold_runs * 10; ++i) {
    timed(warm, [&] { warm_client.get_invoice_request(c.session, c.request_id).value(); });
  }
  const Summary cs = cold.summarize(0);
  const Summary ws = warm.summarize(0);
  Row cold_row{"6. first call", "cold: new Client, first call (TLS handshake)", "—", format_micros(cs.p50_us),
               format_micros(cs.p99_us), "warm call", format_ratio(cs.p50_us / ws.p50_us) + " the time"};
  Row warm_row{"6. first call", "warm: kept-alive connection", "—", format_micros(ws.p50_us), format_micros(ws.p99_us),
               "—", "—"};
  print(cold_row);
  print(warm_row);
}

namespace {

/// Counts the log lines that say a connection resumed its TLS session.
struct ResumptionCounter {
  void attach(ClientOptions& o) {
    o.log_level = LogLevel::debug;
    o.log = [this](LogLevel, std::string_view m) {
      if (m.find("connected to") == std::string_view::npos) return;
      std::lock_guard lock(mutex);
      ++connections;
      resumed += m.find("TLS session resumed") != std::string_view::npos;
    };
  }
  std::mutex mutex;
  int connections = 0;
  int resumed = 0;
};

}  // namespace

void run_reconnect(const Target& t) {
  Customer c;
  std::string benchmark = "6. reconnect (a new connection per call)";
  if (t.static_request.empty()) {
    c = make_customer(t, 1, true);
  } else {  // nginx: the same exchange, with a server whose handshake is quick
    c.session.token = "unused";
    c.request_id = t.static_request;
    benchmark = "6. reconnect, nginx serving the same JSON";
  }
  const int rounds = t.quick ? 2 : 5;
  const int per_round = t.quick ? 10 : 150;
  ResumptionCounter with_count, without_count;
  ClientOptions with = client_options(t);
  with.keep_alive = false;  // a new connection for every call
  with_count.attach(with);
  ClientOptions without = with;
  without.tls_session_resumption = false;
  without_count.attach(without);
  Client resuming(with), full(without);
  // One warm-up call each: the resuming client obtains its first ticket.
  const std::vector<Summary> s = take_turns(
      {[&] { resuming.get_invoice_request(c.session, c.request_id).value(); },
       [&] { full.get_invoice_request(c.session, c.request_id).value(); }},
      1, rounds, per_round);
  const Summary& as = s[0];
  const Summary& bs = s[1];
  Row resumed = rate_row(benchmark,
                         "TLS session resumed (" + std::to_string(with_count.resumed) + " of " +
                             std::to_string(with_count.connections) + " connections)",
                         as);
  resumed.versus = "full handshake";
  resumed.ratio = format_ratio(as.per_second / bs.per_second);
  print(resumed);
  print(rate_row(benchmark,
                 "full handshake (" + std::to_string(without_count.resumed) + " resumed)", bs));
}


}  // namespace fapiao::bench
