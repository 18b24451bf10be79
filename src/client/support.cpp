// Small public types: cancellation and HTTP header lookup.
#include <fapiao/cancellation.hpp>
#include <fapiao/http.hpp>

#include <atomic>

namespace fapiao {

namespace detail {
struct CancellationState {
  std::atomic<bool> cancelled{false};
};
}  // namespace detail

CancellationSource::CancellationSource() : state_(std::make_shared<detail::CancellationState>()) {}
void CancellationSource::cancel() noexcept { state_->cancelled = true; }
bool CancellationSource::is_cancelled() const noexcept { return state_->cancelled; }
bool CancellationToken::is_cancelled() const noexcept { return state_ && state_->cancelled; }

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
