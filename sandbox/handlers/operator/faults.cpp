// POST and DELETE /sandbox/faults: faults armed for the next matching
// requests (applied by middleware/fault_injection, before anything else).
#include "handlers/operator/operator.hpp"

#include "middleware/fault_injection.hpp"
#include "store/rows.hpp"

#include <limits>

namespace sandbox::handlers {

NewFault read(const Call& call, In<NewFault>) {
  const std::string method = text_field(call, "method");
  const std::string path = text_field(call, "path");
  const std::string action = text_field(call, "action");
  const auto kind = fapiao::OpenEnum<fapiao::FaultAction>::from_wire(action);
  std::vector<fapiao::FieldError> errors;
  if (method.empty()) errors.push_back({"method", "REQUIRED", "method is required (GET, POST, ...)."});
  if (path.empty() || path[0] != '/') errors.push_back({"path", "REQUIRED", "path is required and starts with /."});
  if (!kind.is_known()) {
    std::string names;  // the actions the contract names (FaultAction)
    for (const auto name : fapiao::EnumNames<fapiao::FaultAction>::names) {
      if (!names.empty()) names += ", ";
      names += name;
    }
    errors.push_back({"action", action.empty() ? "REQUIRED" : "INVALID_VALUE", "action is one of " + names + "."});
  }
  if (!errors.empty()) throw validation_failed(errors);
  const fapiao::sandbox::Fault defaults;  // the contract's defaults
  const std::int64_t count = int_field(call, "count", false, defaults.count);
  const std::int64_t retry_after = int_field(call, "retry_after_seconds", false, defaults.retry_after_seconds);
  const std::int64_t delay_ms =
      int_field(call, "delay_ms", false, kind == fapiao::FaultAction::delay ? defaults.delay_ms : 0);
  constexpr std::int64_t kMax = std::numeric_limits<std::int32_t>::max();  // the contract's int32
  if (count < 1 || count > kMax) throw invalid_field("count", "INVALID_VALUE", "count must be from 1 to 2147483647.");
  if (retry_after > kMax) throw invalid_field("retry_after_seconds", "INVALID_VALUE", "retry_after_seconds is too large.");
  if (retry_after < 0 || delay_ms < 0 || delay_ms > 60000) {
    throw invalid_field(delay_ms > 60000 ? "delay_ms" : "retry_after_seconds", "INVALID_VALUE",
                        "Out of range (delay_ms at most 60000).");
  }
  NewFault input;
  input.fault.method = method;
  input.fault.path = path;
  input.fault.action = kind;
  input.fault.count = static_cast<std::int32_t>(count);
  input.fault.retry_after_seconds = static_cast<std::int32_t>(retry_after);
  input.fault.delay_ms = static_cast<std::int32_t>(delay_ms);
  return input;
}

namespace operator_api {

Created<fapiao::sandbox::ArmedFault> create_fault(const Context& ctx, const NewFault& input) {
  const std::string id = store::new_id("flt");
  ctx.env.faults.arm(ctx.db, id, input.fault);
  return {fapiao::sandbox::ArmedFault{id}};
}

NoContent delete_faults(const Context& ctx) {
  ctx.env.faults.clear(ctx.db);
  return {};
}

}  // namespace operator_api
}  // namespace sandbox::handlers
