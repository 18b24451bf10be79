#include "middleware/request_journal.hpp"

#include "core/log_text.hpp"
#include "util.hpp"

#include <iostream>

namespace sandbox {
namespace {

// Lines kept in memory while they cannot be written (a full disk): beyond
// this the oldest are dropped, so memory stays bounded.
constexpr std::size_t kMaxPending = 100000;
// Lines written in one transaction.
constexpr std::size_t kBatch = 512;

}  // namespace

void RequestJournal::record(const Call& call, int status, const std::string& idempotency_key) {
  store::JournalLine line{call.method, call.path, status, unless_empty(idempotency_key), call.request_id,
            unless_empty(call.request.header("x-client-request-id")), call.now};
  std::lock_guard lock(mutex_);
  if (pending_.size() >= kMaxPending) pending_.pop_front();
  pending_.push_back(std::move(line));
}

bool RequestJournal::batch_ready() const {
  std::lock_guard lock(mutex_);
  return pending_.size() >= kBatch;
}

void RequestJournal::flush(Database& db, bool in_transaction) {
  std::deque<store::JournalLine> lines;
  {
    std::lock_guard lock(mutex_);
    lines.swap(pending_);  // lines recorded meanwhile wait for the next flush
  }
  if (lines.empty()) return;
  try {
    std::optional<Transaction> tx;
    if (!in_transaction) tx.emplace(db);
    store::append_journal(db, lines);
    if (tx) tx->commit();
  } catch (const std::exception& e) {
    std::clog << "could not write " << lines.size()
              << " journal lines (kept for the next attempt): " << fapiao::detail::printable(e.what()) << '\n';
    std::lock_guard lock(mutex_);  // back in front of the newer ones, in order; the oldest go past the bound
    for (auto& line : pending_) lines.push_back(std::move(line));
    while (lines.size() > kMaxPending) lines.pop_front();
    pending_.swap(lines);
  }
}

void log_request(const Call& call, int status, std::chrono::steady_clock::time_point started) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  // The path is percent-decoded: control characters in it are escaped.
  std::clog << fapiao::detail::printable(call.method) << ' ' << fapiao::detail::printable(call.path) << ' ' << status
            << ' ' << ms.count() << "ms " << call.request_id << '\n';
}

}  // namespace sandbox
