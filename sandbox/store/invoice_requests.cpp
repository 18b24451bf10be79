#include "store/invoice_requests.hpp"

#include "store/rows.hpp"

namespace sandbox::store {
namespace fj = fapiao::detail::json;

void insert_request(Database& db, const fapiao::InvoiceRequest& request, const std::string& customer_id) {
  db.prepare("INSERT INTO invoice_requests(id, seq, customer_id, status, doc) VALUES(?, ?, ?, '', '')")
      .bind_all(request.id, next_seq(db, "invoice_requests"), customer_id)
      .run();
  save_request(db, request);
}

void save_request(Database& db, const fapiao::InvoiceRequest& request) {
  db.prepare("UPDATE invoice_requests SET status = ?, doc = ? WHERE id = ?")
      .bind_all(std::string(request.status.wire()), fj::encode(request), request.id)
      .run();
}

std::optional<StoredStatus> stored_status(Database& db, const std::string& id) {
  auto st = db.prepare("SELECT status, customer_id FROM invoice_requests WHERE id = ?");
  st.bind_all(id);
  if (!st.step()) return std::nullopt;
  return StoredStatus{st.text(0), st.text(1)};
}

std::optional<fapiao::InvoiceRequest> find_request(Database& db, const std::string& customer_id, const std::string& id) {
  auto st = db.prepare("SELECT doc FROM invoice_requests WHERE id = ? AND (? = '' OR customer_id = ?)");
  st.bind_all(id, customer_id, customer_id);
  if (!st.step()) return std::nullopt;
  return decode_stored<fapiao::InvoiceRequest>(st.text(0), "request " + id);
}

std::optional<std::string> request_customer(Database& db, const std::string& id) {
  auto st = db.prepare("SELECT customer_id FROM invoice_requests WHERE id = ?");
  st.bind_all(id);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

std::string request_customer_email(Database& db, const std::string& id) {
  auto st = db.prepare("SELECT a.email FROM accounts a JOIN invoice_requests r ON r.customer_id = a.customer_id "
                       "WHERE r.id = ? AND a.status = 'ACTIVE'");
  st.bind_all(id);
  return st.step() ? st.text(0) : std::string();
}

RequestPage list_requests(Database& db, const RequestQuery& q) {
  RequestPage page;
  std::int64_t cursor = INT64_MAX;
  if (q.starting_after) {
    auto c = db.prepare("SELECT seq FROM invoice_requests WHERE id = ? AND customer_id = ?");
    c.bind_all(*q.starting_after, q.customer_id);
    if (!c.step()) {
      page.cursor_found = false;
      return page;
    }
    cursor = c.integer(0);
  }
  auto st = db.prepare("SELECT doc FROM invoice_requests WHERE customer_id = ?1 AND (?2 IS NULL OR status = ?2) "
                       "AND seq < ?3 ORDER BY seq DESC LIMIT ?4");
  st.bind(1, q.customer_id).bind(2, q.status).bind(3, cursor).bind(4, q.limit + 1);
  while (st.step()) page.requests.push_back(decode_stored<fapiao::InvoiceRequest>(st.text(0), "request"));
  page.has_more = trim_to_page(page.requests, q.limit);
  return page;
}

std::vector<std::pair<std::string, std::string>> requests_in(Database& db,
                                                             const std::vector<fapiao::RequestStatus>& statuses) {
  // The IN list is built from enum wire names (constants of the code), never from input.
  std::string list;
  for (const auto status : statuses) {
    list += list.empty() ? "'" : ", '";
    list += fapiao::to_wire(status);
    list += "'";
  }
  std::vector<std::pair<std::string, std::string>> out;
  if (list.empty()) return out;
  auto st = db.prepare("SELECT id, customer_id FROM invoice_requests WHERE status IN (" + list + ") ORDER BY seq");
  while (st.step()) out.emplace_back(st.text(0), st.text(1));
  return out;
}

void set_pending_buyer(Database& db, const std::string& request_id, const fapiao::Buyer& buyer) {
  db.prepare("UPDATE invoice_requests SET pending_buyer = ? WHERE id = ?").bind_all(fj::encode(buyer), request_id).run();
}

std::optional<fapiao::Buyer> pending_buyer(Database& db, const std::string& request_id) {
  auto st = db.prepare("SELECT pending_buyer FROM invoice_requests WHERE id = ? AND pending_buyer IS NOT NULL");
  st.bind_all(request_id);
  if (!st.step()) return std::nullopt;
  return decode_stored<fapiao::Buyer>(st.text(0), "pending title of " + request_id);
}

void save_profile(Database& db, const std::string& customer_id, const fapiao::InvoiceProfile& profile) {
  db.prepare("INSERT INTO profiles(customer_id, doc) VALUES(?, ?) "
             "ON CONFLICT(customer_id) DO UPDATE SET doc = excluded.doc")
      .bind_all(customer_id, fj::encode(profile, fj::Absent::null))
      .run();
}

std::optional<fapiao::InvoiceProfile> profile(Database& db, const std::string& customer_id) {
  auto st = db.prepare("SELECT doc FROM profiles WHERE customer_id = ?");
  st.bind_all(customer_id);
  if (!st.step()) return std::nullopt;
  return decode_stored<fapiao::InvoiceProfile>(st.text(0), "invoice profile of " + customer_id);
}

}  // namespace sandbox::store
