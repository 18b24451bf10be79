#include "forwarder.hpp"

#include "core/logger.hpp"
#include "transport/https_transport.hpp"

#include <fapiao/options.hpp>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace cli {
namespace {

struct Url {
  bool tls = false;
  std::string host, port, target;
};

fapiao::Result<Url> parse(const std::string& url) {
  Url u;
  std::string rest;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("https://", 0) == 0) {
    u.tls = true;
    rest = url.substr(8);
  } else {
    return fapiao::Error(fapiao::ErrorCode::invalid_argument,
                         "--forward-to takes an http:// or https:// URL, such as http://127.0.0.1:8080/fapiao/events.");
  }
  const auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  u.target = slash == std::string::npos ? "/" : rest.substr(slash);
  if (authority.empty() || authority.find('@') != std::string::npos) {
    return fapiao::Error(fapiao::ErrorCode::invalid_argument, "--forward-to needs a host (and no user name).");
  }
  const auto colon = authority.rfind(':');
  if (colon != std::string::npos && authority.back() != ']') {
    u.port = authority.substr(colon + 1);
    authority = authority.substr(0, colon);
  } else {
    u.port = u.tls ? "443" : "80";
  }
  if (authority.size() > 2 && authority.front() == '[') authority = authority.substr(1, authority.size() - 2);
  u.host = authority;
  return u;
}

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

/// Waits for `events` on `fd` until the deadline; false on timeout.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  pollfd p{fd, events, 0};
  for (;;) {
    const int n = ::poll(&p, 1, remaining_ms(deadline));
    if (n > 0) return true;
    if (n == 0 || errno != EINTR) return false;
  }
}

fapiao::Error failed(const std::string& what) { return fapiao::Error(fapiao::ErrorCode::transport, what); }

/// Plain HTTP/1.1: connect, send, read up to the status line.
fapiao::Result<int> post_http(const Url& u, const std::string& request, Clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(u.host.c_str(), u.port.c_str(), &hints, &found) != 0 || found == nullptr) {
    return failed("Cannot resolve " + u.host + ".");
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, &::freeaddrinfo);
  int fd = -1;
  for (const addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
      ::close(fd);
      fd = -1;
      continue;
    }
    int error = 0;
    socklen_t len = sizeof error;
    if (!wait_for(fd, POLLOUT, deadline) || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0 || error != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  if (fd < 0) return failed("Cannot connect to " + u.host + ":" + u.port + " (is the receiver running?).");
  std::unique_ptr<int, void (*)(int*)> closer(&fd, [](int* f) { ::close(*f); });
  for (std::size_t sent = 0; sent < request.size();) {
    if (!wait_for(fd, POLLOUT, deadline)) return failed("Timed out sending to the receiver.");
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN && errno != EINTR) return failed(std::string("Sending failed: ") + std::strerror(errno));
    if (n > 0) sent += static_cast<std::size_t>(n);
  }
  std::string answer;
  while (answer.find("\r\n") == std::string::npos && answer.size() < 8192) {
    if (!wait_for(fd, POLLIN, deadline)) return failed("Timed out waiting for the receiver's answer.");
    char buffer[1024];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return failed(std::string("Reading failed: ") + std::strerror(errno));
    }
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  // "HTTP/1.1 200 OK"
  if (answer.rfind("HTTP/1.", 0) != 0 || answer.size() < 12) return failed("The receiver did not answer HTTP.");
  return std::atoi(answer.substr(9, 3).c_str());
}

}  // namespace

fapiao::Result<void> check_forward_url(const std::string& url) {
  auto parsed = parse(url);
  if (!parsed) return parsed.error();
  return {};
}

fapiao::Result<int> forward(const ForwardTarget& target, const std::vector<std::pair<std::string, std::string>>& headers,
                            const std::string& body, std::chrono::milliseconds timeout) {
  auto u = parse(target.url);
  if (!u) return u.error();
  const auto deadline = Clock::now() + timeout;
  if (u->tls) {
    fapiao::ClientOptions options;
    options.endpoint = "https://" + fapiao::detail::host_authority(u->host, u->port, true);
    options.ca_file = target.ca_file;
    options.use_environment_proxy = false;
    auto transport = fapiao::detail::make_https_transport(options, std::make_shared<fapiao::detail::Logger>(options.log,
                                                                                                          options.log_level));
    if (!transport) return transport.error();
    fapiao::HttpRequest request{"POST", u->target, headers, body};
    auto response = (*transport)->send(request, fapiao::TransportCall{deadline, {}});
    if (!response) return response.error();
    return response->status;
  }
  std::string request = "POST " + u->target + " HTTP/1.1\r\nHost: " + fapiao::detail::host_authority(u->host, u->port, false) +
                        "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "\r\n" + body;
  return post_http(*u, request, deadline);
}

}  // namespace cli
