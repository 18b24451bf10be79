// The bills table (and the orders it joins for a bill's subscription and
// payer): the only code that reads or writes bills. Bill states move here
// only as the handlers and the back office decide (fapiao/lifecycle.hpp).
#pragma once

#include "db.hpp"

#include <fapiao/models.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sandbox::store {

/// A customer's bill, whether or not it has synced yet (the caller compares
/// available_at with its clock). nullopt: no such bill of this customer.
std::optional<fapiao::Bill> find_bill(Database& db, const std::string& customer_id, const std::string& bill_id);
/// A bill of any customer (the back office, a reissue).
std::optional<fapiao::Bill> bill_by_id(Database& db, const std::string& bill_id);

/// One page of a customer's synced bills, newest payment first.
/// A bill is listed once it has synced: kBillSyncDays after its payment.
struct BillQuery {
  std::string customer_id;
  std::int64_t now = 0;                        // the service's clock
  std::optional<std::string> state;            // a BillState wire name
  std::optional<std::string> starting_after;   // the cursor: a bill id
  int limit = 0;
};
struct BillPage {
  bool cursor_found = true;  // false: starting_after names no synced bill of this customer
  std::vector<fapiao::Bill> bills;
  bool has_more = false;
};
BillPage list_bills(Database& db, const BillQuery& query);

/// A payment's bills: `count` UNINVOICED bills alike; returns the last id.
struct NewBills {
  std::string customer_id;
  std::string order_id;
  std::int64_t amount_fen = 0;
  std::int64_t paid_at = 0;
  std::string payment_method;  // a PaymentMethod wire name
};
std::string insert_bills(Database& db, const NewBills& bills, std::int64_t count);
/// Splits an UNINVOICED bill into children of these amounts (same payment),
/// and marks the parent SPLIT.
void split_bill(Database& db, const fapiao::Bill& parent, const std::string& customer_id,
                const std::vector<std::int64_t>& amounts_fen);

/// UNINVOICED → RESERVED for a request. false: the bill was not UNINVOICED
/// (another request took it first), and nothing changed.
bool reserve_bill(Database& db, const std::string& customer_id, const std::string& bill_id,
                  const std::string& request_id);
/// Every bill of a request back to UNINVOICED (a cancel, a failed request).
void release_bills(Database& db, const std::string& request_id);
/// Every bill of a request INVOICED (its invoice was printed or issued).
void mark_bills_invoiced(Database& db, const std::string& request_id);
/// The bills that have synced by `now` and were not announced yet (the
/// bill.available events), now marked announced, oldest payment first.
struct SyncedBill {
  fapiao::Bill bill;
  std::string customer_id;
};
std::vector<SyncedBill> take_newly_synced(Database& db, std::int64_t now);
/// When the next bill not yet announced syncs; nullopt when none waits.
std::optional<std::int64_t> next_sync_at(Database& db);
/// Every bill of one request moves, reserved, to another (a reissue).
void move_bills(Database& db, const std::string& from_request_id, const std::string& to_request_id);

}  // namespace sandbox::store
