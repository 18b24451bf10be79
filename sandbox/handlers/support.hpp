// /v1/announcements (R17) and /v1/support-tickets (R18): notices from the
// issuer, and tickets for what a customer cannot do alone (splitting a
// bill, changing a title after the fact).
#pragma once

#include "handlers/context.hpp"
#include "handlers/results.hpp"
#include "router/inputs.hpp"

#include <fapiao/models.hpp>

namespace sandbox::handlers {

namespace announcements {
/// The announcements in force now.
fapiao::Page<fapiao::Announcement> list(const Context& ctx, const PageQuery& page);
}  // namespace announcements

namespace support_tickets {
Created<fapiao::SupportTicket> create(const Context& ctx, const fapiao::NewSupportTicket& input);
fapiao::Page<fapiao::SupportTicket> list(const Context& ctx, const PageQuery& page);
fapiao::SupportTicket get(const Context& ctx, const ById& ticket);
}  // namespace support_tickets

}  // namespace sandbox::handlers
