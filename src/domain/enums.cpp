#include <fapiao/enums.hpp>

namespace fapiao {

bool is_paper(InvoiceKind kind) noexcept {
  return kind == InvoiceKind::vat_ordinary || kind == InvoiceKind::vat_special;
}

bool is_digital(InvoiceKind kind) noexcept {
  return kind == InvoiceKind::digital_ordinary || kind == InvoiceKind::digital_special;
}

bool is_special(InvoiceKind kind) noexcept {
  return kind == InvoiceKind::vat_special || kind == InvoiceKind::digital_special;
}

std::string_view status_label(RequestStatus status) noexcept {
  switch (status) {
    case RequestStatus::submitted: return "已提交";
    case RequestStatus::processing: return "处理中";
    case RequestStatus::printed: return "已打印";
    case RequestStatus::shipped: return "已寄出";
    case RequestStatus::delivered: return "已送达";
    case RequestStatus::ready_for_pickup: return "待自取";
    case RequestStatus::picked_up: return "已自取";
    case RequestStatus::issued: return "已开具";
    case RequestStatus::rejected: return "已驳回";
    case RequestStatus::cancelled: return "已取消";
    case RequestStatus::awaiting_return: return "待寄回";
    case RequestStatus::reversed: return "已红冲";
    case RequestStatus::unknown: break;
  }
  return {};
}

std::string_view kind_label(InvoiceKind kind) noexcept {
  switch (kind) {
    case InvoiceKind::vat_ordinary: return "增值税普通发票";
    case InvoiceKind::vat_special: return "增值税专用发票";
    case InvoiceKind::digital_ordinary: return "电子发票（普通发票）";
    case InvoiceKind::digital_special: return "电子发票（增值税专用发票）";
    case InvoiceKind::unknown: break;
  }
  return {};
}

}  // namespace fapiao
