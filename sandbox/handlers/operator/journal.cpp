// GET /sandbox/journal: every request the sandbox received, in order, for
// tests that prove what reached the service (retries, faults, cancels).
#include "handlers/operator/operator.hpp"

#include "middleware/request_journal.hpp"
#include "store/journal.hpp"

namespace sandbox::handlers {

JournalFilter read(const Call& call, In<JournalFilter>) {
  return JournalFilter{query_value(call, "method").value_or(""), query_value(call, "path").value_or(""),
                       optional_limit(call)};
}

namespace operator_api {

fapiao::Page<fapiao::sandbox::JournalEntry> journal(const Context& ctx, const JournalFilter& filter) {
  // The buffered lines first (this very request is not among them: it is
  // journaled once it has an answer). The route runs on the writer.
  ctx.env.journal.flush(ctx.db, true);
  std::string path = filter.path;
  const bool prefix = !path.empty() && path.back() == '*';
  if (prefix) path.pop_back();
  auto found = store::journal(ctx.db, store::JournalQuery{filter.method, path, prefix, filter.limit.value_or(100000)});
  return {std::move(found.entries), found.has_more};
}

}  // namespace operator_api
}  // namespace sandbox::handlers
