// The transaction boundary of a request that may write: the handler's work
// and the storing of its response for an Idempotency-Key commit together,
// or not at all.
#pragma once

#include "call.hpp"
#include "db.hpp"
#include "handlers/context.hpp"
#include "http.hpp"
#include "middleware/idempotency.hpp"

#include <functional>

namespace sandbox {

/// Runs `handler` in one write transaction on the writer `db` and stores its
/// response for the claimed key (if any) in the same transaction. When the
/// handler refuses (ApiError), its work rolls back; then, in a second
/// transaction, the work it asked to keep (KeptWork) is done and the refusal
/// is stored for the key too (but not a 401 or 429, which may be retried
/// with the same key). A database error propagates (the service answers 503).
Response run_in_transaction(Database& db, Idempotency& idempotency, const Idempotency::Claim& claim, Call& call,
                            const std::function<Response(KeptWork&)>& handler);

}  // namespace sandbox
