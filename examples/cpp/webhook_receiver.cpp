// A webhook receiver on the SDK's own types: verify, dedupe, acknowledge fast.
//
//   FAPIAO_WEBHOOK_SECRET=whsec_... ./webhook_receiver 8080
//
// Register http://127.0.0.1:8080/fapiao/events as a webhook endpoint (the
// sandbox accepts http:// to loopback; the real service needs https://, so
// put this behind your TLS-terminating proxy), or forward to it with
// `fapiao listen --forward-to http://127.0.0.1:8080/fapiao/events`.
//
// The HTTP part is a few lines of POSIX sockets to keep the example short;
// in a real server it is your framework's. What matters is the order
// (docs/webhooks.md):
//   1. verify the raw body with fapiao::webhooks::construct_event (several
//      secrets, comma-separated in FAPIAO_WEBHOOK_SECRET, during a rotation);
//      anything that fails gets 400 and is not processed;
//   2. dedupe by event id: delivery is at least once;
//   3. answer 200 at once and do the work on another thread, so a slow
//      database never makes the service retry;
//   4. act on the object's status, never on the order events arrive in.
// The secret comes from the environment: argv is visible to every user.
#include <fapiao/fapiao.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <queue>
#include <set>
#include <sstream>
#include <string>
#include <thread>

namespace {

std::vector<std::string> secrets_from_environment() {
  std::vector<std::string> secrets;
  const char* text = std::getenv("FAPIAO_WEBHOOK_SECRET");
  std::stringstream list(text ? text : "");
  for (std::string s; std::getline(list, s, ',');) {
    if (!s.empty()) secrets.push_back(s);
  }
  return secrets;
}

/// Events verified and new, handled one by one off the HTTP thread.
class Worker {
 public:
  Worker() : thread_([this] { run(); }) { thread_.detach(); }
  void push(fapiao::Event event) {
    std::lock_guard lock(mutex_);
    queue_.push(std::move(event));
    ready_.notify_one();
  }

 private:
  void run() {
    for (;;) {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return !queue_.empty(); });
      fapiao::Event e = std::move(queue_.front());
      queue_.pop();
      lock.unlock();
      std::string detail;
      if (const auto* r = e.data.object.invoice_request()) {
        // Keep the latest status you were told of; an older event arriving later changes nothing.
        detail = r->id + " " + std::string(r->status.wire()) + (r->tracking_number.empty() ? "" : " " + r->tracking_number);
      } else if (const auto* b = e.data.object.bill()) {
        detail = b->id + " " + fapiao::format_yuan(b->amount_fen);
      } else if (const auto* t = e.data.object.support_ticket()) {
        detail = t->id;
      } else if (const auto* a = e.data.object.announcement()) {
        detail = a->id;
      } else {
        detail = "(unknown type)";  // a newer service's type: data.object.json still holds it
      }
      std::cout << "event " << e.id << " " << e.type.wire() << " " << detail << std::endl;
    }
  }
  std::mutex mutex_;
  std::condition_variable ready_;
  std::queue<fapiao::Event> queue_;
  std::thread thread_;
};

/// Reads one HTTP request: the Fapiao-Signature header and the body.
bool read_request(int fd, std::string& signature, std::string& body) {
  std::string data;
  char buffer[4096];
  std::size_t header_end = std::string::npos;
  while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0 || data.size() > 65536) return false;
    data.append(buffer, static_cast<std::size_t>(n));
  }
  std::size_t length = 0;
  std::istringstream headers(data.substr(0, header_end));
  for (std::string line; std::getline(headers, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string value = line.substr(line.find_first_not_of(' ', colon + 1));
    if (name == "content-length") length = std::stoul(value);
    if (name == "fapiao-signature") signature = value;
  }
  if (length > (1u << 20)) return false;
  body = data.substr(header_end + 4);
  while (body.size() < length) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return false;
    body.append(buffer, static_cast<std::size_t>(n));
  }
  body.resize(length);
  return true;
}

void answer(int fd, int status) {
  const std::string reply = "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Bad Request") +
                            "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  (void)::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
}

}  // namespace

int main(int argc, char** argv) {
  const auto secrets = secrets_from_environment();
  if (secrets.empty()) {
    std::cerr << "Set FAPIAO_WEBHOOK_SECRET to the endpoint's signing secret (whsec_...).\n";
    return 2;
  }
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(argc > 1 ? std::atoi(argv[1]) : 8080));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(listener, 64) != 0) {
    std::perror("listen");
    return 1;
  }
  socklen_t size = sizeof address;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &size);
  std::cout << "listening on http://127.0.0.1:" << ntohs(address.sin_port) << "/fapiao/events" << std::endl;

  Worker worker;
  std::set<std::string> seen;  // a real receiver keeps these in its database, with the work done
  for (;;) {
    const int fd = ::accept(listener, nullptr, nullptr);
    if (fd < 0) continue;
    std::string signature, body;
    if (!read_request(fd, signature, body)) {
      ::close(fd);
      continue;
    }
    auto event = fapiao::webhooks::construct_event(body, signature, secrets);
    if (!event) {
      answer(fd, 400);
      std::cout << "refused: " << event.error().service_code << std::endl;
    } else if (!seen.insert(event->id).second) {
      answer(fd, 200);
      std::cout << "duplicate " << event->id << std::endl;
    } else {
      answer(fd, 200);  // acknowledged before the work is done
      worker.push(std::move(*event));
    }
    ::close(fd);
  }
}
