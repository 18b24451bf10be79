// Small public types: cancellation (and its watches), the Transport's
// default asynchronous forms, and HTTP header lookup.
#include "core/cancellation_watch.hpp"

#include <fapiao/cancellation.hpp>
#include <fapiao/http.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

namespace fapiao {

namespace detail {
struct CancellationState {
  std::atomic<bool> cancelled{false};
  std::mutex mutex;  // guards watches, and is held while one runs
  std::uint64_t next_id = 1;
  std::map<std::uint64_t, std::function<void()>> watches;
};

CancellationWatch::CancellationWatch(const CancellationToken& token, std::function<void()> on_cancel)
    : state_(token.state_) {
  if (!state_) return;
  std::unique_lock lock(state_->mutex);
  if (state_->cancelled) {
    lock.unlock();
    state_.reset();
    on_cancel();
    return;
  }
  id_ = state_->next_id++;
  state_->watches.emplace(id_, std::move(on_cancel));
}

CancellationWatch::CancellationWatch(CancellationWatch&& other) noexcept
    : state_(std::move(other.state_)), id_(other.id_) {
  other.id_ = 0;
}

CancellationWatch& CancellationWatch::operator=(CancellationWatch&& other) noexcept {
  if (this != &other) {
    release();
    state_ = std::move(other.state_);
    id_ = other.id_;
    other.id_ = 0;
  }
  return *this;
}

bool sleep_unless_cancelled(std::chrono::milliseconds delay, const CancellationToken& cancellation) {
  using Clock = std::chrono::steady_clock;
  const auto wake = Clock::now() + delay;
  while (Clock::now() < wake) {
    if (cancellation.is_cancelled()) return false;
    std::this_thread::sleep_for(std::min<Clock::duration>(wake - Clock::now(), std::chrono::milliseconds(20)));
  }
  return !cancellation.is_cancelled();
}

void CancellationWatch::release() noexcept {
  if (!state_) return;
  std::lock_guard lock(state_->mutex);  // waits for a watch that is running now
  state_->watches.erase(id_);
  state_.reset();
}
}  // namespace detail

CancellationSource::CancellationSource() : state_(std::make_shared<detail::CancellationState>()) {}
void CancellationSource::cancel() noexcept {
  std::lock_guard lock(state_->mutex);
  if (state_->cancelled.exchange(true)) return;
  for (auto& [id, watch] : state_->watches) watch();
  state_->watches.clear();
}
bool CancellationSource::is_cancelled() const noexcept { return state_->cancelled; }
bool CancellationToken::is_cancelled() const noexcept { return state_ && state_->cancelled; }

// ---- The Transport's asynchronous forms, for transports that have only send() --

void Transport::async_send(const HttpRequest& request, const TransportCall& call, TransportDone done) {
  done(send(request, call));
}

void Transport::async_wait(std::chrono::milliseconds delay, const CancellationToken& cancellation,
                           std::function<void()> done) {
  detail::sleep_unless_cancelled(delay, cancellation);
  done();
}

namespace {
std::string find_header(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (k.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < k.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(k[i])) == std::tolower(static_cast<unsigned char>(name[i]));
    }
    if (same) return v;
  }
  return {};
}
}  // namespace

std::string HttpRequest::header(std::string_view name) const { return find_header(headers, name); }
std::string HttpResponse::header(std::string_view name) const { return find_header(headers, name); }

}  // namespace fapiao
