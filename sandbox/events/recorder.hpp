// Recording events: the one place an Event is made. Each is written, with a
// pending delivery to every ENABLED endpoint of its account subscribed to
// its type, in the transaction of the change that caused it, so a committed
// change never loses its event and a rolled-back one never had one.
#pragma once

#include "db.hpp"

#include <fapiao/models.hpp>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace sandbox::events {

/// How long events are kept (and readable through GET /v1/events).
inline constexpr std::int64_t kRetentionSeconds = 30 * 24 * 3600;

/// An event about a customer's object, for each account of that customer.
void record(Database& db, std::int64_t now, const std::string& customer_id, fapiao::EventType type,
            const std::string& object_json, fapiao::OpenEnum<fapiao::RequestStatus> previous_status = {});
/// The same for many objects of one customer at once (a batch of payments):
/// its accounts and their endpoints are looked up once.
void record_each(Database& db, std::int64_t now, const std::string& customer_id, fapiao::EventType type,
                 const std::vector<std::string>& object_jsons);
/// An event for every account (an announcement concerns everyone).
void record_for_every_account(Database& db, std::int64_t now, fapiao::EventType type, const std::string& object_json);

void request_created(Database& db, std::int64_t now, const fapiao::InvoiceRequest& request,
                     const std::string& customer_id);
void request_status_changed(Database& db, std::int64_t now, const fapiao::InvoiceRequest& request,
                            const std::string& customer_id, fapiao::RequestStatus previous);
/// bill.available for bills of one customer.
void bills_available(Database& db, std::int64_t now, const std::vector<fapiao::Bill>& bills,
                     const std::string& customer_id);
void ticket_resolved(Database& db, std::int64_t now, const fapiao::SupportTicket& ticket,
                     const std::string& customer_id);
void announcement_published(Database& db, std::int64_t now, const fapiao::Announcement& announcement);

/// Counts the deliveries recorded (committed or not): the delivery worker
/// looks for due work when it has moved, instead of polling the database.
std::uint64_t deliveries_recorded() noexcept;

}  // namespace sandbox::events
