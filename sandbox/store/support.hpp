// The announcements and tickets tables: the only code that reads or writes
// them. Both keep their model whole as JSON (`doc`).
#pragma once

#include "db.hpp"

#include <fapiao/models.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sandbox::store {

/// Every announcement not deleted, newest first (the caller picks the active ones).
std::vector<fapiao::Announcement> announcements(Database& db);
void insert_announcement(Database& db, const fapiao::Announcement& announcement);
/// false: there is no such announcement, or it was deleted already.
bool delete_announcement(Database& db, const std::string& id);

void insert_ticket(Database& db, const fapiao::SupportTicket& ticket, const std::string& customer_id);
void save_ticket(Database& db, const fapiao::SupportTicket& ticket);
/// A customer's tickets, newest first.
std::vector<fapiao::SupportTicket> tickets_of(Database& db, const std::string& customer_id);
/// A customer's ticket; nullopt when it is not theirs or does not exist.
std::optional<fapiao::SupportTicket> find_ticket(Database& db, const std::string& customer_id, const std::string& id);
/// Any customer's ticket (the operator resolves it), with whose it is.
struct OwnedTicket {
  fapiao::SupportTicket ticket;
  std::string customer_id;
};
std::optional<OwnedTicket> ticket_by_id(Database& db, const std::string& id);

}  // namespace sandbox::store
