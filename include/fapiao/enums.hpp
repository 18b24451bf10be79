// fapiao: every enumeration of the service contract (spec "Main objects").
// Enumerators are listed in the same order as their wire names below.
#pragma once

#include <fapiao/open_enum.hpp>

namespace fapiao {

enum class AccountStatus { unknown, pending_activation, active };
enum class PaymentMethod { unknown, alipay, unionpay, wire_transfer };
enum class BillState { unknown, uninvoiced, reserved, invoiced, split };
enum class BuyerType { unknown, organization, individual };
enum class OrganizationKind { unknown, enterprise, non_enterprise };
enum class DeliveryMethod { unknown, yunda, sf_freight_collect, self_pickup, email };
/// Paper kinds are mailed or picked up; digital kinds (数电票) are e-mailed.
enum class InvoiceKind { unknown, vat_ordinary, vat_special, digital_ordinary, digital_special };
enum class RequestStatus {
  unknown,
  submitted,
  processing,
  printed,
  shipped,
  delivered,
  ready_for_pickup,
  picked_up,
  issued,
  rejected,
  cancelled,
  awaiting_return,
  reversed,
};
enum class AnnouncementCategory { unknown, stock_shortage, holiday_schedule, maintenance, other };
enum class TicketType { unknown, split_bill, title_change, not_received, progress, other };
enum class TicketStatus { unknown, open, approved, rejected };
enum class MailKind { unknown, activation, new_password, request_shipped, ready_for_pickup, einvoice_issued, other };

template <> struct EnumNames<AccountStatus> {
  static constexpr std::array<std::string_view, 2> names{"PENDING_ACTIVATION", "ACTIVE"};
};
template <> struct EnumNames<PaymentMethod> {
  static constexpr std::array<std::string_view, 3> names{"ALIPAY", "UNIONPAY", "WIRE_TRANSFER"};
};
template <> struct EnumNames<BillState> {
  static constexpr std::array<std::string_view, 4> names{"UNINVOICED", "RESERVED", "INVOICED", "SPLIT"};
};
template <> struct EnumNames<BuyerType> {
  static constexpr std::array<std::string_view, 2> names{"ORGANIZATION", "INDIVIDUAL"};
};
template <> struct EnumNames<OrganizationKind> {
  static constexpr std::array<std::string_view, 2> names{"ENTERPRISE", "NON_ENTERPRISE"};
};
template <> struct EnumNames<DeliveryMethod> {
  static constexpr std::array<std::string_view, 4> names{"YUNDA", "SF_FREIGHT_COLLECT", "SELF_PICKUP", "EMAIL"};
};
template <> struct EnumNames<InvoiceKind> {
  static constexpr std::array<std::string_view, 4> names{"VAT_ORDINARY", "VAT_SPECIAL", "DIGITAL_ORDINARY",
                                                         "DIGITAL_SPECIAL"};
};
template <> struct EnumNames<RequestStatus> {
  static constexpr std::array<std::string_view, 12> names{
      "SUBMITTED", "PROCESSING", "PRINTED",   "SHIPPED",   "DELIVERED",       "READY_FOR_PICKUP",
      "PICKED_UP", "ISSUED",     "REJECTED",  "CANCELLED", "AWAITING_RETURN", "REVERSED"};
};
template <> struct EnumNames<AnnouncementCategory> {
  static constexpr std::array<std::string_view, 4> names{"STOCK_SHORTAGE", "HOLIDAY_SCHEDULE", "MAINTENANCE",
                                                         "OTHER"};
};
template <> struct EnumNames<TicketType> {
  static constexpr std::array<std::string_view, 5> names{"SPLIT_BILL", "TITLE_CHANGE", "NOT_RECEIVED", "PROGRESS",
                                                         "OTHER"};
};
template <> struct EnumNames<TicketStatus> {
  static constexpr std::array<std::string_view, 3> names{"OPEN", "APPROVED", "REJECTED"};
};
template <> struct EnumNames<MailKind> {
  static constexpr std::array<std::string_view, 6> names{"ACTIVATION",      "NEW_PASSWORD",    "REQUEST_SHIPPED",
                                                         "READY_FOR_PICKUP", "EINVOICE_ISSUED", "OTHER"};
};

/// Paper kinds (VAT_ORDINARY, VAT_SPECIAL) are printed and mailed or picked up.
bool is_paper(InvoiceKind kind) noexcept;
/// Digital kinds (数电票) are issued as e-invoices and delivered by e-mail.
bool is_digital(InvoiceKind kind) noexcept;
/// Special kinds (专票) need the buyer's full tax details.
bool is_special(InvoiceKind kind) noexcept;

/// The Chinese label customers see for a status: 已打印 for PRINTED,
/// 已寄出 for SHIPPED... ("" for unknown).
std::string_view status_label(RequestStatus status) noexcept;
/// The Chinese name of an invoice kind: 增值税普通发票...
std::string_view kind_label(InvoiceKind kind) noexcept;

}  // namespace fapiao
