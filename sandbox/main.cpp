// fapiao-sandbox: a local, stateful HTTPS stand-in for the invoicing service.
#include "server/server.hpp"
#include "service.hpp"
#include "server/tls_material.hpp"
#include "util.hpp"

#include "core/private_file.hpp"

#include <fapiao/version.hpp>

#include <csignal>
#include <cstdlib>
#include <sys/stat.h>
#include <fstream>
#include <iostream>
#include <string>

namespace {

constexpr const char* kUsage = R"(fapiao-sandbox: the invoicing service in miniature, over HTTPS on loopback.

Usage: fapiao-sandbox [options]

  --listen HOST:PORT        address to listen on (default 127.0.0.1:8443; port 0 picks a free one)
  --port-file FILE          write the port number there once listening
  --data DIR                SQLite database, outbox and TLS files (default ./fapiao-sandbox-data)
  --operator-token-file F   the token for the /sandbox/ operator API, read from file F (or set
                            FAPIAO_SANDBOX_OPERATOR_TOKEN); default: generated into DIR/operator-token
  --clock virtual|system    virtual (default) starts at the real time and moves only when told
  --auto-process            the back office works requests through as the clock moves
  --activation-url URL      the activation mail's link (the token is appended), e.g. a
                            partner portal's activation page
  --seed demo               create demo customers, orders and bills, and print the order IDs
  --strict-uscc             a USCC check-character mismatch is an error, not a warning
  --names-only-ordinary     ordinary invoices need only the buyer name (the 2016 rule)
  --tls-cert FILE --tls-key FILE   use your own certificate instead of the local CA
  --password-hash-iterations N     PBKDF2 cost (default 120000; tests use less)
  --io-threads N --worker-threads N
  --max-connections N       connections served at once (default 1000); more wait to be accepted
  --quiet                   no per-request log lines
  --version, --help
)";

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "fapiao-sandbox: " << message << "\nRun fapiao-sandbox --help for the options.\n";
  std::exit(2);
}

int to_int(const std::string& flag, const std::string& value) {
  const auto n = sandbox::parse_int(value);
  if (!n || *n < 0 || *n > 100000000) usage_error(flag + " takes a whole number, not '" + value + "'");
  return static_cast<int>(*n);
}

}  // namespace

int main(int argc, char** argv) {
  // Every file the sandbox creates is private to its owner from the start,
  // whatever the caller's umask (the data directory holds keys and tokens).
  ::umask(077);
  // A file-size limit reached (ulimit -f) must fail the write with EFBIG, which
  // the service answers with 503, rather than kill the process.
  std::signal(SIGXFSZ, SIG_IGN);
  sandbox::Options options;
  options.data_dir = "fapiao-sandbox-data";
  sandbox::ServerOptions server_options;
  std::string port_file, seed, tls_cert, tls_key, operator_token_file;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage_error(flag + " needs a value");
      return argv[++i];
    };
    if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (flag == "--version") {
      std::cout << "fapiao-sandbox " << fapiao::version() << '\n';
      return 0;
    } else if (flag == "--listen") {
      const std::string v = value();
      const auto colon = v.rfind(':');
      if (colon == std::string::npos) usage_error("--listen takes HOST:PORT");
      server_options.host = v.substr(0, colon);
      const int port = to_int(flag, v.substr(colon + 1));
      if (port > 65535) usage_error("port out of range");
      server_options.port = static_cast<unsigned short>(port);
    } else if (flag == "--port-file") {
      port_file = value();
    } else if (flag == "--data") {
      options.data_dir = value();
    } else if (flag == "--operator-token") {  // a secret in argv shows in ps: refused with advice
      usage_error("--operator-token is not taken on the command line (ps would show it); use --operator-token-file "
                  "FILE or FAPIAO_SANDBOX_OPERATOR_TOKEN");
    } else if (flag == "--operator-token-file") {
      operator_token_file = value();
    } else if (flag == "--clock") {
      const std::string v = value();
      if (v != "virtual" && v != "system") usage_error("--clock is virtual or system");
      options.virtual_clock = v == "virtual";
    } else if (flag == "--auto-process") {
      options.auto_process = true;
    } else if (flag == "--activation-url") {
      options.activation_url = value();
      if (options.activation_url.rfind("https://", 0) != 0 && options.activation_url.rfind("http://", 0) != 0)
        usage_error("--activation-url is an http:// or https:// URL");
    } else if (flag == "--seed") {
      seed = value();
      if (seed != "demo") usage_error("--seed knows only 'demo'");
    } else if (flag == "--strict-uscc") {
      options.strict_uscc = true;
    } else if (flag == "--names-only-ordinary") {
      options.names_only_ordinary = true;
    } else if (flag == "--tls-cert") {
      tls_cert = value();
    } else if (flag == "--tls-key") {
      tls_key = value();
    } else if (flag == "--password-hash-iterations") {
      options.pbkdf2_iterations = std::max(1, to_int(flag, value()));
    } else if (flag == "--io-threads") {
      server_options.io_threads = std::max(1, to_int(flag, value()));
    } else if (flag == "--worker-threads") {
      server_options.worker_threads = std::max(1, to_int(flag, value()));
    } else if (flag == "--max-connections") {
      server_options.max_connections = std::max(1, to_int(flag, value()));
    } else if (flag == "--quiet") {
      options.log_requests = false;
    } else {
      usage_error("unknown option " + flag);
    }
  }
  if (tls_cert.empty() != tls_key.empty()) usage_error("--tls-cert and --tls-key go together");
  if (!operator_token_file.empty()) {
    std::ifstream in(operator_token_file);
    if (!in || !std::getline(in, options.operator_token) || options.operator_token.empty()) {
      usage_error("cannot read an operator token from " + operator_token_file);
    }
  } else if (const char* token = std::getenv("FAPIAO_SANDBOX_OPERATOR_TOKEN"); token != nullptr && *token != '\0') {
    options.operator_token = token;
  }
  const bool own_operator_token = !options.operator_token.empty();

  try {
    fapiao::detail::ensure_private_directory(options.data_dir, true);
    sandbox::TlsFiles tls{tls_cert, tls_key, {}};
    if (tls_cert.empty()) tls = sandbox::ensure_local_ca(options.data_dir);
    server_options.certificate = tls.certificate;
    server_options.private_key = tls.private_key;

    // The service runs each request through its middleware to the endpoint's
    // handler: router/routes.cpp names the handler of every endpoint.
    sandbox::Service service(options);
    if (seed == "demo") {
      std::cout << "Seeded demo orders (register with one of these order IDs):\n";
      for (const auto& id : service.seed_demo()) std::cout << "  " << id << '\n';
    }
    sandbox::Server server(service, server_options);
    std::cout << "fapiao-sandbox " << fapiao::version() << " listening on https://" << server_options.host << ':'
              << server.port() << "/v1\n";
    if (!tls.ca.empty()) std::cout << "CA certificate (verify the server with it): " << tls.ca.string() << '\n';
    if (!own_operator_token) {
      std::cout << "Operator token: in " << (options.data_dir / "operator-token").string() << '\n';
    }
    std::cout << "Clock: " << (options.virtual_clock ? "virtual" : "system")
              << (options.auto_process ? ", auto-processing requests" : "") << std::endl;
    if (!port_file.empty()) {  // outside the data directory, and no secret: readable as any file the user makes
      fapiao::detail::write_file_atomically(port_file, std::to_string(server.port()) + "\n", 0644);
    }
    server.run();
    std::cout << "fapiao-sandbox stopped." << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "fapiao-sandbox: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
