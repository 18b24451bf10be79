// fapiao: tracking an invoice request, which takes days (R15, R16).
#pragma once

#include <fapiao/client.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace fapiao {

class InvoiceOperation {
 public:
  InvoiceOperation(Client client, Session session, std::string request_id);

  /// The request id: store it, and resume tracking later with
  /// Client::track_invoice_request(session, token).
  const std::string& resume_token() const { return request_id_; }

  /// Fetches the request once.
  Result<InvoiceRequest> poll(const CallOptions& call = {});
  /// The last state seen by poll() or wait_until().
  const std::optional<InvoiceRequest>& last() const { return last_; }

  /// True when the request can move no further by itself: fapiao::is_final
  /// (lifecycle.hpp) of its status.
  static bool is_final(const InvoiceRequest& request);

  /// Polls every `interval` until `done(request)` holds, the request is
  /// final, `timeout` passes (error `timeout`) or the token is cancelled.
  Result<InvoiceRequest> wait_until(const std::function<bool(const InvoiceRequest&)>& done,
                                    std::chrono::milliseconds timeout,
                                    std::chrono::milliseconds interval = std::chrono::seconds(30),
                                    CancellationToken cancellation = {});
  /// Waits until the request reaches `status` (or is final).
  Result<InvoiceRequest> wait_until(RequestStatus status, std::chrono::milliseconds timeout,
                                    std::chrono::milliseconds interval = std::chrono::seconds(30),
                                    CancellationToken cancellation = {});

 private:
  Client client_;
  Session session_;
  std::string request_id_;
  std::optional<InvoiceRequest> last_;
};

}  // namespace fapiao
