// fapiao: value types for every object of the service contract.
// Field names match the JSON wire names one to one. A string field that is
// empty was absent on the wire (and is omitted when sent).
#pragma once

#include <fapiao/enums.hpp>
#include <fapiao/error.hpp>
#include <fapiao/time.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fapiao {

/// A customer's login on the invoice system (R1, R2).
struct Account {
  std::string id;
  std::string email;
  OpenEnum<AccountStatus> status;
  Timestamp created_at{};
  std::optional<Timestamp> activated_at;
};

/// A subscription and the order ID the customer registers with (R19).
struct Subscription {
  std::string id;
  std::string name;
  std::string order_id;
};

/// One paid payment batch (批次), visible 3 days after payment (R7).
struct Bill {
  std::string id;
  std::string order_id;
  std::string subscription_name;
  std::int64_t amount_fen = 0;
  std::string currency = "CNY";
  Timestamp paid_at{};
  Timestamp available_at{};  ///< paid_at + 3 days
  OpenEnum<PaymentMethod> payment_method;
  std::string payer_name;
  OpenEnum<BillState> state;
  std::string invoice_request_id;  ///< the active request holding the bill, if any
  std::string parent_bill_id;      ///< set on the children of a split bill
  std::vector<std::string> child_bill_ids;
};

/// The invoice title (抬头) (R9).
struct Buyer {
  OpenEnum<BuyerType> type;
  OpenEnum<OrganizationKind> organization_kind;  ///< for ORGANIZATION buyers
  std::string name;
  std::string taxpayer_id;   ///< USCC or other taxpayer ID; resident ID for individuals
  std::string address;       ///< registered address (special invoices)
  std::string phone;         ///< registered landline (special invoices)
  std::string bank_name;
  std::string bank_account;
};

/// Where the invoice goes (R13): a courier, self-pickup, or e-mail.
struct Delivery {
  OpenEnum<DeliveryMethod> method;
  std::string recipient;
  std::string mobile;
  std::string province;
  std::string city;
  std::string district;
  std::string street;
  std::string postal_code;
  std::string email;
};

/// One line of an invoice: one bill, price and tax separated.
struct InvoiceLine {
  std::string bill_id;
  std::string description;
  std::int64_t gross_fen = 0;  ///< tax included
  std::int64_t net_fen = 0;
  std::int64_t tax_fen = 0;
  std::int32_t tax_rate_bp = 0;
};

/// One step in a request's history.
struct HistoryEntry {
  OpenEnum<RequestStatus> status;
  Timestamp at{};
  std::string note;
};

/// A non-blocking remark on a request: PAYER_MISMATCH, STOCK_SHORTAGE, USCC_CHECKSUM.
struct Warning {
  std::string code;
  std::string message;
  std::string field;  ///< "" when it concerns the whole request
};

/// What the customer confirms (R8, R14): the body of preview and create.
struct InvoiceApplication {
  OpenEnum<InvoiceKind> kind;
  std::vector<std::string> bill_ids;
  Buyer buyer;
  Delivery delivery;
  std::string remark;
  /// Only to state an amount per bill; anything but the full amount is
  /// refused with SPLIT_REQUIRES_SUPPORT (R10).
  std::map<std::string, std::int64_t> amounts_fen;
};

/// The confirm page: what create would produce, with nothing changed.
struct InvoicePreview {
  std::vector<InvoiceLine> lines;
  std::int64_t total_fen = 0;
  std::int64_t net_fen = 0;
  std::int64_t tax_fen = 0;
  std::optional<Timestamp> due_at;
  std::vector<Warning> warnings;
  std::vector<FieldError> field_errors;
};

/// An application for an invoice and its progress (R14–R18).
struct InvoiceRequest {
  std::string id;
  OpenEnum<InvoiceKind> kind;
  std::vector<std::string> bill_ids;
  Buyer buyer;
  Delivery delivery;
  std::string remark;
  std::vector<InvoiceLine> lines;
  std::int64_t total_fen = 0;
  std::int64_t net_fen = 0;
  std::int64_t tax_fen = 0;
  OpenEnum<RequestStatus> status;
  std::string status_label;  ///< Chinese, e.g. 已打印
  std::vector<HistoryEntry> history;
  Timestamp submitted_at{};
  std::optional<Timestamp> due_at;
  std::string tracking_number;
  std::string fapiao_number;
  std::string rejection_reason;
  std::string replaces_request_id;
  std::string replaced_by_request_id;
  std::vector<Warning> warnings;
};

/// The last used invoice information, to pre-fill the next application (R11).
struct InvoiceProfile {
  OpenEnum<InvoiceKind> kind;
  Buyer buyer;
  Delivery delivery;
};

/// A notice from the issuer, e.g. invoice stock is short (R17).
struct Announcement {
  std::string id;
  OpenEnum<AnnouncementCategory> category;
  std::string title;
  std::string body;
  std::vector<OpenEnum<InvoiceKind>> affects_kinds;  ///< empty = every kind
  std::optional<Date> expected_ship_date;
  Timestamp starts_at{};
  std::optional<Timestamp> ends_at;
};

/// What a customer files with support (R18).
struct NewSupportTicket {
  OpenEnum<TicketType> type;
  std::vector<std::string> bill_ids;
  std::string request_id;
  std::string description;
  std::vector<std::int64_t> split_amounts_fen;  ///< SPLIT_BILL of one bill; sums to its amount
};

/// A support request and its outcome (R18).
struct SupportTicket {
  std::string id;
  OpenEnum<TicketType> type;
  OpenEnum<TicketStatus> status;
  std::vector<std::string> bill_ids;
  std::string request_id;
  std::string description;
  std::vector<std::int64_t> split_amounts_fen;
  std::string resolution_note;
  Timestamp created_at{};
  std::optional<Timestamp> resolved_at;
};

/// A signed-in customer. A value: a portal may store it and use it later
/// with any Client (see serialize_session / parse_session).
struct Session {
  std::string token;
  Timestamp expires_at{};
  bool must_change_password = false;
  Account account;
};

/// One page of a list.
template <typename T>
struct Page {
  std::vector<T> data;
  bool has_more = false;
};

}  // namespace fapiao
