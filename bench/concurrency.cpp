// 2. Concurrency: 1, 4, 16 and 64 threads sharing one fapiao::Client (pool
// sized to match), and the same through the C ABI, in the same run.
#include "sections.hpp"
#include "support/report.hpp"
#include "support/threads.hpp"

#include <fapiao/fapiao.h>
#include <fapiao/json.hpp>

#include <stdexcept>
#include <string>

namespace fapiao::bench {
namespace {

/// A C ABI client and session, freed on scope exit.
class CClient {
 public:
  CClient(const Target& t, int pool_size, const Session& session) {
    fapiao_client_options options = FAPIAO_CLIENT_OPTIONS_INIT;
    options.endpoint = t.endpoint.c_str();
    options.ca_file = t.ca_file.c_str();
    options.pool_size = pool_size;
    options.use_environment_proxy = 0;
    options.log_level = FAPIAO_LOG_OFF;
    if (fapiao_client_new(&client_, &options) != 0) throw std::runtime_error(fapiao_error_last()->message);
    if (fapiao_session_parse(&session_, serialize_session(session).c_str()) != 0) {
      throw std::runtime_error(fapiao_error_last()->message);
    }
  }
  ~CClient() {
    fapiao_session_free(session_);
    fapiao_client_free(client_);
  }
  CClient(const CClient&) = delete;
  CClient& operator=(const CClient&) = delete;

  void get_invoice_request(const std::string& id) {
    fapiao_value* value = nullptr;
    if (fapiao_invoice_request_get(&value, client_, session_, id.c_str(), nullptr) != 0) {
      throw std::runtime_error(fapiao_error_last()->message);
    }
    fapiao_value_free(value);
  }

 private:
  fapiao_client* client_ = nullptr;
  fapiao_session* session_ = nullptr;
};

}  // namespace

void run_concurrency(const Target& t) {
  const Customer c = make_customer(t, 10, true);
  const int total_calls = t.quick ? 128 : 6400;
  for (const int threads : {1, 4, 16, 64}) {
    const int per_thread = total_calls / threads;
    ClientOptions options = client_options(t);
    options.pool_size = threads;
    Client client(options);
    const Summary cpp = run_threads(threads, 2, per_thread, [&](int, int) {
      client.get_invoice_request(c.session, c.request_id).value();
    });
    CClient c_client(t, threads, c.session);
    const Summary capi = run_threads(threads, 2, per_thread, [&](int, int) {
      c_client.get_invoice_request(c.request_id);
    });
    const std::string suffix = threads == 1 ? " thread" : " threads";
    print(rate_row("2. concurrency, get_invoice_request", "fapiao::Client, " + std::to_string(threads) + suffix, cpp));
    Row row = rate_row("2. concurrency, get_invoice_request", "C ABI, " + std::to_string(threads) + suffix, capi);
    row.versus = "fapiao::Client, same threads";
    row.ratio = format_ratio(capi.per_second / cpp.per_second);
    print(row);
  }
}

}  // namespace fapiao::bench
