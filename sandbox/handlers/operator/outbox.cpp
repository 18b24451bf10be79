// GET /sandbox/outbox: every mail the sandbox sent, for tests to read
// activation tokens and mailed passwords from.
#include "handlers/operator/operator.hpp"

#include "store/mails.hpp"

namespace sandbox::handlers {

OutboxQuery read(const Call& call, In<OutboxQuery>) {
  return OutboxQuery{query_value(call, "to").value_or(""), optional_limit(call)};
}

namespace operator_api {

fapiao::Page<fapiao::sandbox::Mail> outbox(const Context& ctx, const OutboxQuery& query) {
  auto found = store::outbox(ctx.db, query.to, query.limit.value_or(1000));
  return {std::move(found.mails), found.has_more};
}

}  // namespace operator_api
}  // namespace sandbox::handlers
