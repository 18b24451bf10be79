#include "middleware/transaction.hpp"

#include "errors.hpp"

namespace sandbox {

Response run_in_transaction(Database& db, Idempotency& idempotency, const Idempotency::Claim& claim, Call& call,
                            const std::function<Response(KeptWork&)>& handler) {
  KeptWork kept;
  try {
    Transaction tx(db);
    Response response = handler(kept);
    idempotency.store(db, claim, call, response);
    tx.commit();
    return response;
  } catch (const ApiError& e) {  // the handler's transaction has rolled back
    Response response = error_response(call.request_id, e);
    Transaction tx(db);
    for (const auto& work : kept) work(db);
    if (e.status != 401 && e.status != 429) idempotency.store(db, claim, call, response);
    tx.commit();
    return response;
  }
}

}  // namespace sandbox
