#include "handlers/bills.hpp"

#include "store/bills.hpp"
#include "store/orders.hpp"
#include "util.hpp"

namespace sandbox::handlers {

BillFilter read(const Call& call, In<BillFilter>) {
  auto page = read(call, In<PageQuery>{});
  return BillFilter{std::move(page), enum_filter<fapiao::BillState>(call, "state")};
}

namespace subscriptions {

fapiao::Page<fapiao::Subscription> list(const Context& ctx, const PageQuery& page) {
  // The list is keyed by order, so the cursor is the subscription id of an order.
  return paginate(store::subscriptions_of(ctx.db, ctx.caller.customer_id), page,
                  [](const fapiao::Subscription& s) { return s.id; });
}

}  // namespace subscriptions

namespace bills {

fapiao::Page<fapiao::Bill> list(const Context& ctx, const BillFilter& filter) {
  auto found = store::list_bills(
      ctx.db, store::BillQuery{ctx.caller.customer_id, ctx.now, filter.state, filter.page.starting_after, filter.page.limit});
  if (!found.cursor_found) throw ApiError("INVALID_CURSOR", "starting_after does not name one of your bills.");
  return {std::move(found.bills), found.has_more};
}

fapiao::Bill get(const Context& ctx, const ById& input) {
  auto bill = store::find_bill(ctx.db, ctx.caller.customer_id, input.id);
  if (!bill) throw not_found("BILL_NOT_FOUND", "Bill " + input.id);
  if (secs(bill->available_at) > ctx.now) {
    boost::json::object details;
    details["available_at"] = rfc3339(secs(bill->available_at));
    throw ApiError::with_status(404, "BILL_NOT_YET_AVAILABLE",
                                "Payments take 3 days to sync from the payment platform; this bill appears at " +
                                    rfc3339(secs(bill->available_at)) + ".",
                                std::move(details));
  }
  return std::move(*bill);
}

}  // namespace bills
}  // namespace sandbox::handlers
