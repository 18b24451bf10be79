// /v1/subscriptions and /v1/bills: what the customer paid, one bill per
// payment, each listed once it has synced (3 days after payment, R7–R9).
#pragma once

#include "handlers/context.hpp"
#include "router/inputs.hpp"

#include <fapiao/models.hpp>

#include <optional>
#include <string>

namespace sandbox::handlers {

struct BillFilter {
  PageQuery page;
  std::optional<std::string> state;  // a BillState wire name
};
BillFilter read(const Call& call, In<BillFilter>);

namespace subscriptions {
fapiao::Page<fapiao::Subscription> list(const Context& ctx, const PageQuery& page);
}  // namespace subscriptions

namespace bills {
fapiao::Page<fapiao::Bill> list(const Context& ctx, const BillFilter& filter);
/// BILL_NOT_YET_AVAILABLE (404, with available_at) while it syncs.
fapiao::Bill get(const Context& ctx, const ById& bill);
}  // namespace bills

}  // namespace sandbox::handlers
