// 8. Asynchronous calls: one thread keeping 64 get_invoice_request calls in
// flight through AsyncClient, against 64 threads sharing the blocking Client,
// in the same run — the rate of each and the peak memory each adds.
#include "sections.hpp"
#include "support/report.hpp"
#include "support/threads.hpp"

#include <fapiao/async_client.hpp>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>

namespace fapiao::bench {
namespace {

constexpr int kInFlight = 64;

struct Measured {
  Summary summary;
  double peak_growth_bytes = 0;
};

Measured blocking_threads(const Target& t, const Customer& c, int total) {
  ClientOptions options = client_options(t);
  options.pool_size = kInFlight;
  Client client(options);
  client.get_invoice_request(c.session, c.request_id).value();  // connect before measuring memory
  reset_peak_rss();
  const double before = current_rss_bytes();
  Measured m;
  m.summary = run_threads(kInFlight, 2, total / kInFlight, [&](int, int) {
    client.get_invoice_request(c.session, c.request_id).value();
  });
  m.peak_growth_bytes = peak_rss_bytes() - before;
  return m;
}

/// One thread starts kInFlight calls and starts the next one from each
/// completion (on the I/O thread) until `total` have finished.
Measured one_thread_in_flight(const Target& t, const Customer& c, int total) {
  ClientOptions options = client_options(t);
  options.pool_size = kInFlight;
  Client client(options);
  AsyncClient async(client);
  std::move(async.get_invoice_request(c.session, c.request_id)).get().value();  // starts the I/O thread
  reset_peak_rss();
  const double before = current_rss_bytes();

  std::mutex mutex;
  std::condition_variable all_done;
  int started = 0, finished = 0;
  std::string failure;
  Latencies latencies;  // written by the I/O thread only
  std::function<void()> start_one = [&] {
    const auto sent = Clock::now();
    async.get_invoice_request(c.session, c.request_id).then([&, sent](Result<InvoiceRequest> r) {
      latencies.add(Clock::now() - sent);
      bool again = false;
      {
        std::lock_guard lock(mutex);
        ++finished;
        if (!r && failure.empty()) failure = r.error().describe();
        if (started < total) {
          ++started;
          again = true;
        }
      }
      if (again) {
        start_one();
      } else {
        all_done.notify_one();
      }
    });
  };
  const auto start = Clock::now();
  {
    std::lock_guard lock(mutex);
    started = std::min(kInFlight, total);
  }
  for (int i = 0; i < std::min(kInFlight, total); ++i) start_one();
  std::unique_lock lock(mutex);
  all_done.wait(lock, [&] { return finished == total; });
  const double seconds = seconds_since(start);
  if (!failure.empty()) throw std::runtime_error(failure);
  Measured m;
  m.summary = latencies.summarize(seconds);
  m.peak_growth_bytes = peak_rss_bytes() - before;
  return m;
}

}  // namespace

void run_async(const Target& t) {
  const Customer c = make_customer(t, 10, true);
  const int total = t.quick ? 256 : 12800;
  const Measured threads = blocking_threads(t, c, total);
  const Measured async = one_thread_in_flight(t, c, total);
  Row blocking_row = rate_row("8. asynchronous, get_invoice_request", "fapiao::Client, 64 threads", threads.summary);
  blocking_row.result += ", peak RSS +" + format_mib(std::max(0.0, threads.peak_growth_bytes));
  print(blocking_row);
  Row row = rate_row("8. asynchronous, get_invoice_request", "AsyncClient, 1 thread, 64 in flight", async.summary);
  row.result += ", peak RSS +" + format_mib(std::max(0.0, async.peak_growth_bytes));
  row.versus = "fapiao::Client, 64 threads";
  row.ratio = format_ratio(async.summary.per_second / threads.summary.per_second);
  print(row);
}

}  // namespace fapiao::bench
