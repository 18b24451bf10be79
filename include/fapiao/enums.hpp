// fapiao: every enumeration of the service contract, and what the SDK knows
// about their values. The enums themselves are generated from api/openapi.yaml
// (fapiao/generated/enums.hpp); the helpers below are written by hand.
#pragma once

#include <fapiao/generated/enums.hpp>

#include <string_view>

namespace fapiao {

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
