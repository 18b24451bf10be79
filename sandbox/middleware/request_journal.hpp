// The request journal (GET /sandbox/journal) and the request log line: every
// request, faulted ones too (status 0 for a dropped connection). Journal
// lines are buffered and written in batches, into trace.db without fsync
// (ADR 0006): a GET costs no disk write.
#pragma once

#include "call.hpp"
#include "db.hpp"
#include "store/journal.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace sandbox {

class RequestJournal {
 public:

  /// Buffers the line of one request (from any thread).
  void record(const Call& call, int status, const std::string& idempotency_key);
  /// Whether a batch is waiting: the next holder of the writer should flush().
  bool batch_ready() const;
  /// Writes the buffered lines with the writer connection `db` (the
  /// service's lock held), inside the caller's transaction when
  /// `in_transaction`. A failure (a full disk) keeps the lines buffered,
  /// bounded, for the next flush: the journal is a trace and never fails a request.
  void flush(Database& db, bool in_transaction);

 private:
  mutable std::mutex mutex_;               // guards pending_: reads record lines from many threads
  std::deque<store::JournalLine> pending_;  // a deque: the oldest line is dropped in O(1) when full
};

/// One line on stderr per request: method, path, status, time and request
/// id only (bodies and headers carry secrets and are never logged), with
/// control characters escaped so that no request can forge a line.
void log_request(const Call& call, int status, std::chrono::steady_clock::time_point started);

}  // namespace sandbox
