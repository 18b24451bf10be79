// What every benchmark needs from a running sandbox: where it is, and
// customers with as many bills as a benchmark asks for, signed in.
#pragma once

#include <fapiao/client.hpp>
#include <fapiao/sandbox.hpp>

#include <cstdint>
#include <string>

namespace fapiao::bench {

struct Target {
  std::string endpoint;  ///< https://localhost:PORT
  std::string host;      ///< localhost
  std::string port;
  std::string ca_file;
  std::string operator_token;
  bool quick = false;  ///< --quick: small counts, so the run only proves it works
  std::string only;    ///< --only SECTION: run just that section (for profiling)
  /// --static-server REQUEST_ID: the endpoint is a plain HTTPS server (nginx)
  /// serving that request's JSON at /v1/invoice-requests/REQUEST_ID; no
  /// operator API, no customer. Only the reconnect section runs against it.
  std::string static_request;
};

/// argv: ENDPOINT CA_FILE OPERATOR_TOKEN_FILE [--quick] [--only SECTION] [--static-server REQUEST_ID].
/// Exits with usage on error.
Target parse_target(int argc, char** argv, const char* program);

/// Client options for the benchmarks: the sandbox's CA, no environment proxy.
ClientOptions client_options(const Target& target);

struct Customer {
  Session session;
  std::string first_bill_id;
  std::string request_id;  ///< an invoice request, when asked for
};

/// A new customer whose order has `bills` paid bills (visible now), signed
/// in; with `with_request`, one invoice request for the newest bill.
Customer make_customer(const Target& target, std::int64_t bills, bool with_request);

/// An application for one bill, as the benchmarks create it.
InvoiceApplication application_for(const std::string& bill_id);

}  // namespace fapiao::bench
