// GET and POST /sandbox/clock: the service's virtual clock, which moves only
// when told; moving it lets the back office catch up before it answers.
#include "handlers/operator/operator.hpp"

#include "back_office/back_office.hpp"
#include "store/clock.hpp"
#include "util.hpp"

namespace sandbox::handlers {
namespace {

fapiao::sandbox::Clock clock_at(const Context& ctx, std::int64_t now) {
  return fapiao::sandbox::Clock{ts(now), ctx.env.options.virtual_clock ? fapiao::ClockMode::virtual_
                                                                        : fapiao::ClockMode::system};
}

}  // namespace

ClockChange read(const Call& call, In<ClockChange>) {
  ClockChange change;
  if (const std::string text = text_field(call, "now"); !text.empty()) {
    const auto t = fapiao::parse_rfc3339(text);
    if (!t) throw invalid_field("now", "INVALID_VALUE", "now must be an RFC 3339 timestamp with offset.");
    change.to = secs(*t);
  } else if (body_object(call).contains("advance_seconds")) {
    change.by_seconds = int_field(call, "advance_seconds", true);
  } else {
    throw invalid_field("advance_seconds", "REQUIRED", "Give advance_seconds or now.");
  }
  return change;
}

namespace operator_api {

fapiao::sandbox::Clock get_clock(const Context& ctx) { return clock_at(ctx, ctx.now); }

fapiao::sandbox::Clock set_clock(const Context& ctx, const ClockChange& change) {
  if (!ctx.env.options.virtual_clock) {
    throw ApiError("CLOCK_NOT_VIRTUAL", "The sandbox runs on the system clock (--clock system).");
  }
  const std::int64_t target = change.to ? *change.to : ctx.now + change.by_seconds.value_or(0);
  store::set_virtual_now(ctx.db, target);
  ctx.env.back_office.clock_moved(ctx.db, target);
  return clock_at(ctx, target);
}

}  // namespace operator_api
}  // namespace sandbox::handlers
