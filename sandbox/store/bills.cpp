#include "store/bills.hpp"

#include "store/rows.hpp"

#include <fapiao/lifecycle.hpp>

namespace sandbox::store {
namespace {

constexpr std::int64_t kSyncDelay = fapiao::kBillSyncDays * 24 * 3600;  // R7: a bill appears 3 days after payment
constexpr const char* kBillColumns =
    "b.id, b.order_id, o.subscription_name, b.amount_fen, b.paid_at, b.payment_method, o.payer_name, b.state, "
    "b.invoice_request_id, b.parent_bill_id, b.customer_id FROM bills b JOIN orders o ON o.order_id = b.order_id";
constexpr int kCustomerColumn = 10;  // after the Bill's own columns

fapiao::Bill bill_of_row(Database& db, Statement& row) {
  fapiao::Bill b;
  b.id = row.text(0);
  b.order_id = row.text(1);
  b.subscription_name = row.text(2);
  b.amount_fen = row.integer(3);
  b.paid_at = ts(row.integer(4));
  b.available_at = ts(row.integer(4) + kSyncDelay);
  b.payment_method = fapiao::OpenEnum<fapiao::PaymentMethod>::from_wire(row.text(5));
  b.payer_name = row.text(6);
  b.state = fapiao::OpenEnum<fapiao::BillState>::from_wire(row.text(7));
  b.invoice_request_id = row.text(8);
  b.parent_bill_id = row.text(9);
  // Only a split bill has children (the split marks the parent SPLIT in the
  // same transaction): every other bill of a page is spared a query.
  if (b.state == fapiao::BillState::split) {
    auto children = db.prepare("SELECT id FROM bills WHERE parent_bill_id = ? ORDER BY seq");
    children.bind_all(b.id);
    while (children.step()) b.child_bill_ids.push_back(children.text(0));
  }
  return b;
}

}  // namespace

std::optional<fapiao::Bill> find_bill(Database& db, const std::string& customer_id, const std::string& bill_id) {
  auto st = db.prepare(std::string("SELECT ") + kBillColumns + " WHERE b.id = ? AND b.customer_id = ?");
  st.bind_all(bill_id, customer_id);
  if (!st.step()) return std::nullopt;
  return bill_of_row(db, st);
}

std::optional<fapiao::Bill> bill_by_id(Database& db, const std::string& bill_id) {
  auto st = db.prepare(std::string("SELECT ") + kBillColumns + " WHERE b.id = ?");
  st.bind_all(bill_id);
  if (!st.step()) return std::nullopt;
  return bill_of_row(db, st);
}

BillPage list_bills(Database& db, const BillQuery& q) {
  BillPage page;
  const std::int64_t synced_if_paid_by = q.now - kSyncDelay;
  std::int64_t cursor_paid = 0;
  if (q.starting_after) {
    auto c = db.prepare("SELECT paid_at FROM bills WHERE id = ? AND customer_id = ? AND paid_at <= ?");
    c.bind_all(*q.starting_after, q.customer_id, synced_if_paid_by);
    if (!c.step()) {
      page.cursor_found = false;
      return page;
    }
    cursor_paid = c.integer(0);
  }
  // Each page seeks into the index bills_by_customer at its start bound:
  // the cursor's (paid_at, id) — itself visible — or, on the first page, the
  // sync cut-off. So every page costs the same however long the history (a
  // second bound on paid_at would make SQLite seek on paid_at alone and walk
  // every bill paid in the same second). The state filter applies to the
  // rows the walk meets.
  std::string sql = std::string("SELECT ") + kBillColumns + " WHERE b.customer_id = ?1 AND (?3 IS NULL OR b.state = ?3)";
  sql += q.starting_after ? " AND (b.paid_at, b.id) < (?5, ?4)" : " AND b.paid_at <= ?2";
  sql += " ORDER BY b.paid_at DESC, b.id DESC LIMIT ?6";
  auto st = db.prepare(sql);
  st.bind(1, q.customer_id).bind(3, q.state);
  if (q.starting_after) {
    st.bind(4, *q.starting_after).bind(5, cursor_paid);
  } else {
    st.bind(2, synced_if_paid_by);
  }
  st.bind(6, q.limit + 1);  // one more than the page says whether there is more
  page.bills.reserve(static_cast<std::size_t>(q.limit) + 1);
  while (st.step()) page.bills.push_back(bill_of_row(db, st));
  page.has_more = trim_to_page(page.bills, q.limit);
  return page;
}

std::string insert_bills(Database& db, const NewBills& b, std::int64_t count) {
  auto insert = db.prepare(
      "INSERT INTO bills(id, seq, customer_id, order_id, amount_fen, paid_at, payment_method, state, announced) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, 'UNINVOICED', 0)");
  const std::int64_t first_seq = next_seq(db, "bills");
  std::string id;
  for (std::int64_t i = 0; i < count; ++i) {
    id = new_id("bill");
    insert.reset();
    insert.bind_all(id, first_seq + i, b.customer_id, b.order_id, b.amount_fen, b.paid_at, b.payment_method).run();
  }
  return id;
}

void split_bill(Database& db, const fapiao::Bill& parent, const std::string& customer_id,
                const std::vector<std::int64_t>& amounts_fen) {
  auto row = db.prepare("SELECT paid_at, payment_method FROM bills WHERE id = ?");
  row.bind_all(parent.id);
  if (!row.step()) throw std::runtime_error("bill " + parent.id + " vanished during its split");
  const std::int64_t paid_at = row.integer(0);
  const std::string method = row.text(1);
  for (const std::int64_t amount : amounts_fen) {
    db.prepare("INSERT INTO bills(id, seq, customer_id, order_id, amount_fen, paid_at, payment_method, state, "
               "parent_bill_id, announced) VALUES(?, ?, ?, ?, ?, ?, ?, 'UNINVOICED', ?, 0)")
        .bind_all(new_id("bill"), next_seq(db, "bills"), customer_id, parent.order_id, amount, paid_at, method,
                  parent.id)
        .run();
  }
  db.prepare("UPDATE bills SET state = 'SPLIT' WHERE id = ?").bind_all(parent.id).run();
}

bool reserve_bill(Database& db, const std::string& customer_id, const std::string& bill_id,
                  const std::string& request_id) {
  // The state guard makes "one title per bill" hold even if two creates raced.
  db.prepare("UPDATE bills SET state = 'RESERVED', invoice_request_id = ? "
             "WHERE id = ? AND customer_id = ? AND state = 'UNINVOICED'")
      .bind_all(request_id, bill_id, customer_id)
      .run();
  return db.changes() == 1;
}

void release_bills(Database& db, const std::string& request_id) {
  db.prepare("UPDATE bills SET state = 'UNINVOICED', invoice_request_id = NULL WHERE invoice_request_id = ?")
      .bind_all(request_id)
      .run();
}

void mark_bills_invoiced(Database& db, const std::string& request_id) {
  db.prepare("UPDATE bills SET state = 'INVOICED' WHERE invoice_request_id = ?").bind_all(request_id).run();
}

void move_bills(Database& db, const std::string& from_request_id, const std::string& to_request_id) {
  db.prepare("UPDATE bills SET state = 'RESERVED', invoice_request_id = ? WHERE invoice_request_id = ?")
      .bind_all(to_request_id, from_request_id)
      .run();
}

std::vector<SyncedBill> take_newly_synced(Database& db, std::int64_t now) {
  std::vector<SyncedBill> out;
  auto st = db.prepare(std::string("SELECT ") + kBillColumns + " WHERE b.announced = 0 AND b.paid_at <= ? ORDER BY b.paid_at, b.seq");
  st.bind_all(now - kSyncDelay);
  while (st.step()) out.push_back(SyncedBill{bill_of_row(db, st), st.text(kCustomerColumn)});
  db.prepare("UPDATE bills SET announced = 1 WHERE announced = 0 AND paid_at <= ?").bind_all(now - kSyncDelay).run();
  return out;
}

std::optional<std::int64_t> next_sync_at(Database& db) {
  auto st = db.prepare("SELECT MIN(paid_at) FROM bills WHERE announced = 0");
  if (!st.step() || st.is_null(0)) return std::nullopt;
  return st.integer(0) + kSyncDelay;
}

}  // namespace sandbox::store
