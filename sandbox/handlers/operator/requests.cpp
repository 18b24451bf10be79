// POST /sandbox/invoice-requests/{id}/advance and /original-returned: the
// issuer's back office working a request through, step by step.
#include "handlers/operator/operator.hpp"

#include "back_office/issuer.hpp"
#include "handlers/invoice_requests.hpp"
#include "store/invoice_requests.hpp"

#include <stdexcept>

namespace sandbox::handlers {

using S = fapiao::RequestStatus;

Advance read(const Call& call, In<Advance>) {
  return Advance{call.params.at(0), text_field(call, "status"), text_field(call, "tracking_number"),
                 text_field(call, "reason")};
}

namespace operator_api {

fapiao::InvoiceRequest advance(const Context& ctx, const Advance& step) {
  auto r = invoice_requests::load(ctx.db, "", step.request_id);
  if (step.status.empty()) throw invalid_field("status", "REQUIRED", "The target status is required.");
  const auto to = fapiao::OpenEnum<S>::from_wire(step.status);
  if (!to.is_known()) throw invalid_field("status", "INVALID_VALUE", "Unknown status '" + step.status + "'.");
  issuer::advance(ctx.db, ctx.env.mailer, r, to.value(), ctx.now, step.tracking_number, step.reason);
  issuer::save(ctx.db, r, ctx.now);
  return r;
}

fapiao::InvoiceRequest original_returned(const Context& ctx, const ById& request) {
  auto r = invoice_requests::load(ctx.db, "", request.id);
  if (r.status != S::awaiting_return) {
    throw ApiError("INVALID_TRANSITION", "The request is " + std::string(r.status.wire()) + ", not AWAITING_RETURN.");
  }
  const auto buyer = store::pending_buyer(ctx.db, r.id);
  if (!buyer) throw std::runtime_error("request " + r.id + " awaits its return without a pending title");
  r.replaced_by_request_id = issuer::reissue(ctx.db, r, *buyer, ctx.now);
  issuer::set_status(r, S::reversed, ctx.now, "原发票已寄回并红冲 Original returned and reversed");
  issuer::save(ctx.db, r, ctx.now);
  return r;
}

}  // namespace operator_api
}  // namespace sandbox::handlers
