// fapiao: the client. One Client (options, connection pool, TLS sessions)
// serves many signed-in customers: every customer call takes the Session
// it acts for. Thread-safe; copies share the same connection pool.
#pragma once

#include <fapiao/event.hpp>
#include <fapiao/http.hpp>
#include <fapiao/models.hpp>
#include <fapiao/options.hpp>
#include <fapiao/pager.hpp>
#include <fapiao/result.hpp>

#include <memory>
#include <string>

namespace fapiao {

class InvoiceOperation;

/// Filters of GET /v1/bills.
struct BillQuery {
  OpenEnum<BillState> state;  ///< unset = every state
  int page_size = 20;         ///< 1–100
};

/// Filters of GET /v1/invoice-requests.
struct RequestQuery {
  OpenEnum<RequestStatus> status;
  int page_size = 20;
};

/// Filters of GET /v1/events.
struct EventQuery {
  OpenEnum<EventType> type;  ///< unset = every type
  int page_size = 20;        ///< 1–100
};

/// The issued e-invoice file.
struct Document {
  std::string content_type;  ///< "application/pdf"
  std::string file_name;     ///< A safe base name (no directories, no leading dots) from Content-Disposition
  std::string bytes;
};

class AsyncClient;

class Client {
 public:
  /// HTTPS to options.endpoint through the SDK's transport.
  explicit Client(ClientOptions options);
  /// Through a transport of your own (a mock in tests, a custom stack).
  Client(ClientOptions options, std::shared_ptr<Transport> transport);
  ~Client();
  Client(const Client&);
  Client& operator=(const Client&);
  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;

  const ClientOptions& options() const;

  // ---- Accounts (R1–R6) ----
  Result<Account> register_account(const std::string& email, const std::string& password,
                                   const std::string& order_id, const CallOptions& call = {});
  Result<Account> activate_account(const std::string& token, const CallOptions& call = {});
  Result<void> resend_activation(const std::string& email, const CallOptions& call = {});
  Result<Session> sign_in(const std::string& email, const std::string& password, const CallOptions& call = {});
  Result<void> sign_out(const Session& session, const CallOptions& call = {});
  Result<Account> get_account(const Session& session, const CallOptions& call = {});
  Result<Account> change_email(const Session& session, const std::string& new_email,
                               const std::string& current_password, const CallOptions& call = {});
  Result<Account> change_password(const Session& session, const std::string& current_password,
                                  const std::string& new_password, const CallOptions& call = {});
  Result<void> reset_password(const std::string& email, const CallOptions& call = {});

  // ---- Subscriptions and bills (R7, R19) ----
  Pager<Subscription> list_subscriptions(const Session& session, const CallOptions& call = {});
  Pager<Bill> list_bills(const Session& session, const BillQuery& query = {}, const CallOptions& call = {});
  Result<Bill> get_bill(const Session& session, const std::string& bill_id, const CallOptions& call = {});

  // ---- Invoice requests (R8–R18) ----
  Result<InvoiceProfile> get_invoice_profile(const Session& session, const CallOptions& call = {});
  Result<InvoicePreview> preview_invoice_request(const Session& session, const InvoiceApplication& application,
                                                 const CallOptions& call = {});
  Result<InvoiceRequest> create_invoice_request(const Session& session, const InvoiceApplication& application,
                                                const CallOptions& call = {});
  Pager<InvoiceRequest> list_invoice_requests(const Session& session, const RequestQuery& query = {},
                                              const CallOptions& call = {});
  Result<InvoiceRequest> get_invoice_request(const Session& session, const std::string& request_id,
                                             const CallOptions& call = {});
  Result<InvoiceRequest> cancel_invoice_request(const Session& session, const std::string& request_id,
                                                const CallOptions& call = {});
  Result<InvoiceRequest> request_title_change(const Session& session, const std::string& request_id,
                                              const Buyer& new_buyer, const std::string& note = {},
                                              const CallOptions& call = {});
  Result<Document> download_invoice_document(const Session& session, const std::string& request_id,
                                             const CallOptions& call = {});
  /// Tracks a request; `request_id` is also the resume token of a stored operation.
  InvoiceOperation track_invoice_request(const Session& session, const std::string& request_id);

  // ---- Announcements and support (R17, R18) ----
  Pager<Announcement> list_announcements(const Session& session, const CallOptions& call = {});
  Result<SupportTicket> create_support_ticket(const Session& session, const NewSupportTicket& ticket,
                                              const CallOptions& call = {});
  Pager<SupportTicket> list_support_tickets(const Session& session, const CallOptions& call = {});
  Result<SupportTicket> get_support_ticket(const Session& session, const std::string& ticket_id,
                                           const CallOptions& call = {});

  // ---- Events and webhook endpoints (docs/webhooks.md) ----
  /// The account's events, newest first (kept 30 days): reconcile with these after missed deliveries.
  Pager<Event> list_events(const Session& session, const EventQuery& query = {}, const CallOptions& call = {});
  Result<Event> get_event(const Session& session, const std::string& event_id, const CallOptions& call = {});
  /// Registers a URL for the account's events; the answer's `secret` is shown only here: keep it.
  Result<WebhookEndpoint> create_webhook_endpoint(const Session& session, const NewWebhookEndpoint& endpoint,
                                                  const CallOptions& call = {});
  Pager<WebhookEndpoint> list_webhook_endpoints(const Session& session, const CallOptions& call = {});
  Result<WebhookEndpoint> get_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                                               const CallOptions& call = {});
  /// Changes the fields that are set (an empty string or list, an unset status: unchanged).
  Result<WebhookEndpoint> update_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                                                  const WebhookEndpointUpdate& change, const CallOptions& call = {});
  /// Removes the endpoint; deliveries still pending to it stop.
  Result<void> delete_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                                       const CallOptions& call = {});
  /// A new signing secret (in the answer's `secret`); the previous one keeps
  /// signing for rotation.previous_secret_expires_in_seconds (default 24 h).
  Result<WebhookEndpoint> rotate_webhook_secret(const Session& session, const std::string& endpoint_id,
                                                const SecretRotation& rotation = {}, const CallOptions& call = {});

  struct Impl;  // private; public only so the implementation files can name it

 private:
  friend class AsyncClient;  // shares impl_: the same pool, TLS sessions and retry policy
  std::shared_ptr<Impl> impl_;
};

}  // namespace fapiao
