// The request journal (trace.journal, in its own unsynced file: ADR 0006):
// the only code that reads or writes it.
#pragma once

#include "db.hpp"

#include <fapiao/generated/sandbox_models.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace sandbox::store {

/// One request's line, as the journal buffers it until it is written.
struct JournalLine {
  std::string method, path;
  int status = 0;  // 0: the connection was dropped (a fault)
  std::optional<std::string> idempotency_key;
  std::string request_id;
  std::optional<std::string> client_request_id;
  std::int64_t at = 0;
};
/// Appends the lines, in order (in the caller's transaction).
void append_journal(Database& db, const std::deque<JournalLine>& lines);

struct JournalQuery {
  std::string method;       // "" = any
  std::string path;         // "" = any; with `prefix`, the paths that start with it
  bool prefix = false;
  std::int64_t limit = 0;
};
struct JournalPage {
  std::vector<fapiao::sandbox::JournalEntry> entries;  // oldest first
  bool has_more = false;
};
JournalPage journal(Database& db, const JournalQuery& query);

}  // namespace sandbox::store
