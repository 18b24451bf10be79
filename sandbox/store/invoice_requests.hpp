// The invoice_requests and profiles tables: the only code that reads or
// writes them. A request is kept whole as its model's JSON (`doc`), with its
// status beside it for the filters and the back office's queries.
#pragma once

#include "db.hpp"

#include <fapiao/models.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sandbox::store {

/// A new request of a customer (its history already says SUBMITTED).
void insert_request(Database& db, const fapiao::InvoiceRequest& request, const std::string& customer_id);
/// Writes a request back after a change.
void save_request(Database& db, const fapiao::InvoiceRequest& request);
/// A customer's request (any customer's when `customer_id` is empty).
std::optional<fapiao::InvoiceRequest> find_request(Database& db, const std::string& customer_id, const std::string& id);
/// The stored status of a request (any customer's) and whose it is;
/// nullopt when there is none.
struct StoredStatus {
  std::string status;  // a RequestStatus wire name
  std::string customer_id;
};
std::optional<StoredStatus> stored_status(Database& db, const std::string& id);
/// Whose request it is; nullopt when there is none.
std::optional<std::string> request_customer(Database& db, const std::string& id);
/// The e-mail of the active account of the request's customer ("" if none).
std::string request_customer_email(Database& db, const std::string& id);

/// One page of a customer's requests, newest first.
struct RequestQuery {
  std::string customer_id;
  std::optional<std::string> status;          // a RequestStatus wire name
  std::optional<std::string> starting_after;  // the cursor: a request id
  int limit = 0;
};
struct RequestPage {
  bool cursor_found = true;  // false: starting_after names no request of this customer
  std::vector<fapiao::InvoiceRequest> requests;
  bool has_more = false;
};
RequestPage list_requests(Database& db, const RequestQuery& query);

/// Requests in any of `statuses`, oldest first, as (id, customer id).
std::vector<std::pair<std::string, std::string>> requests_in(Database& db,
                                                             const std::vector<fapiao::RequestStatus>& statuses);

/// The new title a VAT_SPECIAL request waits to be reissued with (AWAITING_RETURN).
void set_pending_buyer(Database& db, const std::string& request_id, const fapiao::Buyer& buyer);
std::optional<fapiao::Buyer> pending_buyer(Database& db, const std::string& request_id);

/// The invoice information kept from a customer's last application.
void save_profile(Database& db, const std::string& customer_id, const fapiao::InvoiceProfile& profile);
/// nullopt before the customer's first application.
std::optional<fapiao::InvoiceProfile> profile(Database& db, const std::string& customer_id);

}  // namespace sandbox::store
