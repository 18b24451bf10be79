#include "webhooks/dispatcher.hpp"

#include "crypto.hpp"
#include "store/webhooks.hpp"
#include "util.hpp"
#include "webhooks/schedule.hpp"

#include "core/log_text.hpp"
#include "webhooks/signature.hpp"

#include <fapiao/webhooks.hpp>

#include <algorithm>
#include <iostream>
#include <vector>

namespace sandbox::webhooks {
namespace {

// Deliveries attempted at once: a receiver that hangs for its 10 s holds up
// only its own slot.
constexpr std::size_t kParallelPosts = 8;
// Due deliveries taken per round.
constexpr int kBatch = 64;

struct Attempt {
  store::DueDelivery delivery;
  std::optional<Url> url;
  std::vector<std::string> secrets;  // the live signing secrets, newest first
  PostResult result;
};

}  // namespace

Dispatcher::Dispatcher(WithWriter with_writer, const std::string& service_secret, const std::filesystem::path& extra_ca)
    : with_writer_(std::move(with_writer)), service_secret_(service_secret), poster_(extra_ca) {}

Dispatcher::~Dispatcher() {
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void Dispatcher::start() { worker_ = std::thread([this] { run(); }); }

void Dispatcher::wake() {
  {
    std::lock_guard lock(wake_mutex_);
    woken_ = true;
  }
  wake_cv_.notify_one();
}

void Dispatcher::deliver_due() {
  std::lock_guard round(round_mutex_);
  while (this->round()) {
  }
}

void Dispatcher::run() {
  std::unique_lock lock(wake_mutex_);
  while (!stopping_) {
    wake_cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_ || woken_; });
    if (stopping_) break;
    woken_ = false;
    lock.unlock();
    try {
      deliver_due();
    } catch (const std::exception& e) {  // a full disk: the deliveries stay pending, tried again in a second
      std::clog << "webhook deliveries failed (tried again in a second): " << fapiao::detail::printable(e.what())
                << '\n';
    }
    lock.lock();
  }
}

bool Dispatcher::round() {
  std::vector<Attempt> attempts;
  with_writer_([&](Database& db, std::int64_t now) {
    for (auto& due : store::due_deliveries(db, now, kBatch)) {
      Attempt a;
      a.url = parse_url(due.url);
      for (const auto& reference : store::live_secrets(db, due.endpoint_id, now)) {
        a.secrets.push_back(crypto::webhook_secret(service_secret_, reference));
      }
      a.delivery = std::move(due);
      attempts.push_back(std::move(a));
    }
  });
  if (attempts.empty()) return false;

  for (std::size_t first = 0; first < attempts.size(); first += kParallelPosts) {
    std::vector<std::thread> posts;
    for (std::size_t i = first; i < std::min(attempts.size(), first + kParallelPosts); ++i) {
      posts.emplace_back([this, &a = attempts[i]] {
        if (!a.url) {  // validated when it was set: only a damaged row gets here
          a.result.failure = "the endpoint's URL does not parse";
          return;
        }
        // The signature's time is the real time, not the virtual clock: the
        // receiver checks it against its own clock.
        const std::int64_t t = unix_now();
        const std::vector<std::pair<std::string, std::string>> headers{
            {"Content-Type", "application/json"},
            {"Fapiao-Event-Id", a.delivery.event_id},
            {"Fapiao-Event-Type", a.delivery.event_type},
            {std::string(fapiao::webhooks::kSignatureHeader), fapiao::detail::webhooks::signature_header(t, a.delivery.body, a.secrets)}};
        a.result = poster_.post(*a.url, headers, a.delivery.body, kAttemptTimeout);
      });
    }
    for (auto& p : posts) p.join();
  }

  with_writer_([&](Database& db, std::int64_t now) {
    for (const auto& a : attempts) {
      fapiao::sandbox::WebhookDelivery row;
      row.event_id = a.delivery.event_id;
      row.endpoint_id = a.delivery.endpoint_id;
      row.attempt = a.delivery.attempt;
      row.at = ts(now);
      row.status_code = a.result.status;
      row.duration_ms = a.result.duration_ms;
      const bool ok = a.result.status >= 200 && a.result.status < 300;
      if (ok) {
        row.state = fapiao::DeliveryState::succeeded;
      } else if (a.delivery.attempt >= kMaxAttempts) {
        row.state = fapiao::DeliveryState::failed;
      } else {
        row.state = fapiao::DeliveryState::pending;
        row.next_attempt_at = ts(now + kRetryDelays[static_cast<std::size_t>(a.delivery.attempt - 1)]);
      }
      store::record_attempt(db, row);
    }
  });
  return true;
}

}  // namespace sandbox::webhooks
