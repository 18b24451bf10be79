// The events table: the only code that reads or writes it. An event is kept
// as the exact JSON text that is delivered and signed (its `body`), with its
// account, type and time beside it for the lists and the 30-day expiry.
#pragma once

#include "db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sandbox::store {

struct EventRow {
  std::string id;
  std::string account_id;
  std::string type;  // an EventType wire name
  std::int64_t created_at = 0;
  std::string body;  // the Event's JSON
};
void insert_event(Database& db, const EventRow& event);
/// An account's event's body; nullopt when it is not theirs or has expired.
std::optional<std::string> find_event(Database& db, const std::string& account_id, const std::string& id);

/// One page of an account's events, newest first.
struct EventQuery {
  std::string account_id;
  std::optional<std::string> type;
  std::optional<std::string> starting_after;  // the cursor: an event id
  int limit = 0;
};
struct EventPage {
  bool cursor_found = true;
  std::vector<std::string> bodies;
  bool has_more = false;
};
EventPage list_events(Database& db, const EventQuery& query);

/// Drops events created before `before`, with their deliveries (kept 30 days).
void delete_events_before(Database& db, std::int64_t before);

}  // namespace sandbox::store
