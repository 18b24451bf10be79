// fapiao: the invoice request's status machine, as data (spec "Invoice
// request status machine" and "Status paths").
//
// The one place that says which status may follow which, when a request is
// final, when its title may change and when it has an e-invoice file, and the
// business constants that go with them. The sandbox enforces these rules, the
// client's InvoiceOperation and the C and Python bindings answer from them:
// nothing else restates them.
#pragma once

#include <fapiao/enums.hpp>
#include <fapiao/models.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace fapiao {

/// A request is due this many working days after submission (R14, "2 个工作日").
inline constexpr int kDueWorkingDays = 2;
/// A payment appears as a bill this many days after it was paid (R7).
inline constexpr int kBillSyncDays = 3;

/// Where self-pickup (SELF_PICKUP) invoices are collected (R13): the issuer's
/// Shanghai branch, and whom to call there. Shown on a delivery form and in
/// the ready-for-pickup mail.
inline constexpr std::string_view kPickupAddress = "上海市浦东新区科苑路88号德国中心 3 号楼 657";
inline constexpr std::string_view kPickupContact = "朱琴琴";
inline constexpr std::string_view kPickupPhone = "021-28986102";

/// Paper invoices sent by a courier (Yunda, or SF freight collect).
bool is_courier(DeliveryMethod method) noexcept;

/// The steps a request of this kind and delivery takes when all goes well,
/// from SUBMITTED to its final status; empty for an unknown kind or a
/// delivery the kind does not allow.
std::vector<RequestStatus> status_path(InvoiceKind kind, DeliveryMethod method);

/// The next step on status_path() after `from`, if any: what the back
/// office does next (nullopt at the end of the path or off it).
std::optional<RequestStatus> next_status(RequestStatus from, InvoiceKind kind, DeliveryMethod method) noexcept;

/// Whether the issuer's back office takes the next step from `status` by
/// itself (SUBMITTED, PROCESSING, PRINTED, ISSUED). SHIPPED and
/// READY_FOR_PICKUP wait for the courier or the customer.
bool back_office_moves(RequestStatus status) noexcept;

/// True when the issuer (the operator API, or auto-processing) may move a
/// request from `from` to `to`: the next step of its path, or REJECTED from
/// SUBMITTED or PROCESSING. Cancel, title change and the original's return
/// are their own transitions (can_cancel, can_change_title, AWAITING_RETURN).
bool can_advance(RequestStatus from, RequestStatus to, InvoiceKind kind, DeliveryMethod method) noexcept;

/// The customer may cancel only a request still SUBMITTED.
bool can_cancel(RequestStatus status) noexcept;

/// A title change needs an issued invoice: PRINTED, SHIPPED, READY_FOR_PICKUP,
/// PICKED_UP or DELIVERED for paper kinds; ISSUED or DELIVERED for digital.
bool can_change_title(RequestStatus status, InvoiceKind kind) noexcept;

/// Whether a title change from this status waits for the paper original to
/// come back (AWAITING_RETURN) rather than reversing at once (digital kinds).
bool title_change_awaits_return(InvoiceKind kind) noexcept;

/// An e-invoice file exists for digital kinds once ISSUED (and stays when
/// DELIVERED or REVERSED).
bool has_document(RequestStatus status, InvoiceKind kind) noexcept;

/// The request moves no further by itself: DELIVERED, PICKED_UP, REJECTED,
/// CANCELLED or REVERSED. (A title change can still start from DELIVERED or
/// PICKED_UP; that is the customer's act, not progress.)
bool is_final(RequestStatus status) noexcept;

/// Every status for which is_final() holds, in declaration order.
std::vector<RequestStatus> final_statuses();

/// The bills of a request become INVOICED at this status (PRINTED, ISSUED).
bool invoices_bills(RequestStatus status) noexcept;

/// Whether an announcement concerns requests of this kind (an empty
/// affects_kinds means every kind). A STOCK_SHORTAGE one that does delays
/// their due date to its expected ship date and warns in the preview (R17).
bool announcement_affects(const Announcement& announcement, InvoiceKind kind) noexcept;

}  // namespace fapiao
