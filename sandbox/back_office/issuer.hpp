// The issuer's rules for invoice requests, shared by the customer's
// handlers (create, cancel, title change), the operator's (advance,
// original returned) and the back office's own work: status history, due
// dates, reissues and the effects of each step (numbers, tracking, mails).
// The status machine itself is fapiao/lifecycle.hpp.
#pragma once

#include "db.hpp"
#include "mailer.hpp"

#include <fapiao/models.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace sandbox::issuer {

/// Stores a new request (its history already says SUBMITTED) with its
/// invoice_request.created event, in the caller's transaction.
void insert(Database& db, const fapiao::InvoiceRequest& request, const std::string& customer_id, std::int64_t now);
/// Writes a request back after a change; a change of status is an
/// invoice_request.status_changed event at `now`, in the same transaction.
/// Every write of a request goes through here or insert(), so no move is
/// ever left without its event.
void save(Database& db, const fapiao::InvoiceRequest& request, std::int64_t now);
/// Records a move to `status` in the request's history.
void set_status(fapiao::InvoiceRequest& request, fapiao::RequestStatus status, std::int64_t at,
                const std::string& note);
/// The announcements in force at `at`, newest first.
std::vector<fapiao::Announcement> active_announcements(Database& db, std::int64_t at);
/// When a request of `kind` submitted at `submitted` is due: two working
/// days (fapiao::kDueWorkingDays), or a stock shortage's expected ship date
/// in force at `at` when that is later.
fapiao::Timestamp due_time(Database& db, fapiao::InvoiceKind kind, std::int64_t submitted, std::int64_t at);
/// The PAYER_MISMATCH warning: the bill was paid by someone else.
fapiao::Warning payer_mismatch(const fapiao::Bill& bill, const std::string& buyer_name);
/// A new SUBMITTED request under `buyer` for the bills of `original`, which
/// move to it (a title change); returns its id.
std::string reissue(Database& db, const fapiao::InvoiceRequest& original, const fapiao::Buyer& buyer, std::int64_t at);
/// Moves a request to `to` as the issuer does: refuses a move the lifecycle
/// does not allow (INVALID_TRANSITION), numbers the invoice, invoices or
/// releases its bills, sets the tracking number, and mails the customer.
/// The caller saves the request.
void advance(Database& db, const Mailer& mailer, fapiao::InvoiceRequest& request, fapiao::RequestStatus to,
             std::int64_t at, const std::string& tracking_number, const std::string& reason);

}  // namespace sandbox::issuer
