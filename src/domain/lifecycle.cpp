#include <fapiao/lifecycle.hpp>

namespace fapiao {
namespace {

using S = RequestStatus;

bool delivery_fits(InvoiceKind kind, DeliveryMethod method) noexcept {
  if (is_digital(kind)) return method == DeliveryMethod::email;
  if (is_paper(kind)) return is_courier(method) || method == DeliveryMethod::self_pickup;
  return false;
}

}  // namespace

bool is_courier(DeliveryMethod method) noexcept {
  return method == DeliveryMethod::yunda || method == DeliveryMethod::sf_freight_collect;
}

std::vector<RequestStatus> status_path(InvoiceKind kind, DeliveryMethod method) {
  if (!delivery_fits(kind, method)) return {};
  if (is_digital(kind)) return {S::submitted, S::processing, S::issued, S::delivered};
  if (is_courier(method)) return {S::submitted, S::processing, S::printed, S::shipped, S::delivered};
  return {S::submitted, S::processing, S::printed, S::ready_for_pickup, S::picked_up};
}

std::optional<RequestStatus> next_status(RequestStatus from, InvoiceKind kind, DeliveryMethod method) noexcept {
  // Written out rather than searched in status_path() so that the back
  // office's tick allocates nothing. A status off the request's path (ISSUED
  // for paper, SHIPPED for self-pickup...) has no next step.
  if (!delivery_fits(kind, method)) return std::nullopt;
  const bool digital = is_digital(kind);
  const bool courier = is_courier(method);
  switch (from) {
    case S::submitted: return S::processing;
    case S::processing: return digital ? S::issued : S::printed;
    case S::printed:
      if (digital) return std::nullopt;
      return courier ? S::shipped : S::ready_for_pickup;
    case S::shipped:
      if (digital || !courier) return std::nullopt;
      return S::delivered;
    case S::ready_for_pickup:
      if (digital || courier) return std::nullopt;
      return S::picked_up;
    case S::issued:
      if (!digital) return std::nullopt;
      return S::delivered;
    default: return std::nullopt;
  }
}

bool can_advance(RequestStatus from, RequestStatus to, InvoiceKind kind, DeliveryMethod method) noexcept {
  if (to == S::rejected) return from == S::submitted || from == S::processing;
  const auto next = next_status(from, kind, method);
  return next.has_value() && *next == to;
}

bool back_office_moves(RequestStatus status) noexcept {
  return status == S::submitted || status == S::processing || status == S::printed || status == S::issued;
}

bool can_cancel(RequestStatus status) noexcept { return status == S::submitted; }

bool can_change_title(RequestStatus status, InvoiceKind kind) noexcept {
  if (is_paper(kind)) {
    return status == S::printed || status == S::shipped || status == S::ready_for_pickup ||
           status == S::picked_up || status == S::delivered;
  }
  if (is_digital(kind)) return status == S::issued || status == S::delivered;
  return false;
}

bool title_change_awaits_return(InvoiceKind kind) noexcept { return is_paper(kind); }

bool has_document(RequestStatus status, InvoiceKind kind) noexcept {
  return is_digital(kind) && (status == S::issued || status == S::delivered || status == S::reversed);
}

bool is_final(RequestStatus status) noexcept {
  switch (status) {
    case S::delivered:
    case S::picked_up:
    case S::rejected:
    case S::cancelled:
    case S::reversed: return true;
    default: return false;
  }
}

std::vector<RequestStatus> final_statuses() {
  std::vector<RequestStatus> out;
  for (const auto status : known_values<RequestStatus>()) {
    if (is_final(status)) out.push_back(status);
  }
  return out;
}

bool invoices_bills(RequestStatus status) noexcept { return status == S::printed || status == S::issued; }

bool announcement_affects(const Announcement& announcement, InvoiceKind kind) noexcept {
  if (announcement.affects_kinds.empty()) return true;
  for (const auto& k : announcement.affects_kinds) {
    if (k == kind) return true;
  }
  return false;
}

}  // namespace fapiao
