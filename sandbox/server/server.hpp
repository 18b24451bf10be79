// The HTTPS front of the sandbox (Boost.Beast). This file pair is the only
// sandbox code that sees Beast or Asio; requests go to Service as plain values.
#pragma once

#include "service.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace sandbox {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8443;  // 0 = any free port
  std::filesystem::path certificate;
  std::filesystem::path private_key;
  int io_threads = 2;
  int worker_threads = 8;
  /// Connections served at once; past it the sandbox stops accepting (new
  /// ones wait in the listen backlog) until one closes.
  int max_connections = 1000;
};

class Server {
 public:
  Server(Service& service, ServerOptions options);
  ~Server();
  /// The port actually listened on.
  unsigned short port() const;
  /// Serves until SIGINT or SIGTERM (or stop()), then returns.
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sandbox
