#include "core/cancellation_watch.hpp"

#include <fapiao/operation.hpp>

#include <fapiao/lifecycle.hpp>


namespace fapiao {

InvoiceOperation::InvoiceOperation(Client client, Session session, std::string request_id)
    : client_(std::move(client)), session_(std::move(session)), request_id_(std::move(request_id)) {}

Result<InvoiceRequest> InvoiceOperation::poll(const CallOptions& call) {
  auto r = client_.get_invoice_request(session_, request_id_, call);
  if (r) last_ = *r;
  return r;
}

bool InvoiceOperation::is_final(const InvoiceRequest& request) { return fapiao::is_final(request.status.value()); }

Result<InvoiceRequest> InvoiceOperation::wait_until(const std::function<bool(const InvoiceRequest&)>& done,
                                                    std::chrono::milliseconds timeout,
                                                    std::chrono::milliseconds interval,
                                                    CancellationToken cancellation) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + timeout;
  CallOptions call;
  call.cancellation = cancellation;
  while (true) {
    auto r = poll(call);
    if (!r) return r;
    if (done(*r) || is_final(*r)) return r;
    if (Clock::now() + interval > deadline) {
      Error e(ErrorCode::timeout, "Request " + request_id_ + " is still " + std::string(r->status.wire()) +
                                      " after waiting " + std::to_string(timeout.count()) + " ms.");
      return e;
    }
    if (!detail::sleep_unless_cancelled(interval, cancellation)) {
      return Error(ErrorCode::cancelled, "Waiting was cancelled.");
    }
  }
}

Result<InvoiceRequest> InvoiceOperation::wait_until(RequestStatus status, std::chrono::milliseconds timeout,
                                                    std::chrono::milliseconds interval,
                                                    CancellationToken cancellation) {
  return wait_until([status](const InvoiceRequest& r) { return r.status == status; }, timeout, interval,
                    std::move(cancellation));
}

}  // namespace fapiao
