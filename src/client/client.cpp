// The blocking Client: each operation sends its request (client/requests.hpp)
// and waits for the answer on the calling thread.
#include "client/client_impl.hpp"

#include "transport/https_transport.hpp"

#include <fapiao/operation.hpp>

namespace fapiao {

namespace rq = detail::requests;

Client::Impl::Impl(ClientOptions opts, std::shared_ptr<Transport> transport, detail::PipelineHooks hooks)
    : logger(std::make_shared<detail::Logger>(opts.log, opts.log_level)), options(std::move(opts)) {
  if (!transport) {
    auto made = detail::make_https_transport(options, logger);
    if (made) {
      transport = std::move(*made);
    } else {
      setup_error = made.error();
    }
  }
  pipeline = std::make_shared<detail::Pipeline>(options, std::move(transport), logger, std::move(hooks));
}

template <typename T>
Pager<T> Client::Impl::pager(const Session& session, rq::List list, const CallOptions& call,
                             std::function<std::string(const T&)> id_of) const {
  // The session's token is copied and the client shared: the pager may
  // outlive both the caller's variables and every Client copy.
  auto self = shared_from_this();
  auto fetch = [self, token = session.token, list, call](const std::string& after) -> Result<Page<T>> {
    std::string target = list.path + "?limit=" + std::to_string(list.page_size) + list.query;
    if (!after.empty()) target += "&starting_after=" + rq::escape(after);
    return self->call<Page<T>>(detail::ApiCall{"GET", target, {}, token, true}, call);
  };
  return Pager<T>(std::move(fetch), std::move(id_of));
}

Client::Client(ClientOptions options) : impl_(std::make_shared<Impl>(std::move(options), nullptr)) {}
Client::Client(ClientOptions options, std::shared_ptr<Transport> transport)
    : impl_(std::make_shared<Impl>(std::move(options), std::move(transport))) {}
Client::~Client() = default;
Client::Client(const Client&) = default;
Client& Client::operator=(const Client&) = default;
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;

const ClientOptions& Client::options() const { return impl_->options; }

// ---- Accounts ---------------------------------------------------------------

Result<Account> Client::register_account(const std::string& email, const std::string& password,
                                         const std::string& order_id, const CallOptions& call) {
  return impl_->call<Account>(rq::register_account(email, password, order_id, call), call);
}

Result<Account> Client::activate_account(const std::string& token, const CallOptions& call) {
  return impl_->call<Account>(rq::activate_account(token, call), call);
}

Result<void> Client::resend_activation(const std::string& email, const CallOptions& call) {
  return impl_->call<void>(rq::resend_activation(email), call);
}

Result<Session> Client::sign_in(const std::string& email, const std::string& password, const CallOptions& call) {
  return impl_->call<Session>(rq::sign_in(email, password), call);
}

Result<void> Client::sign_out(const Session& session, const CallOptions& call) {
  return impl_->call<void>(rq::sign_out(session), call);
}

Result<Account> Client::get_account(const Session& session, const CallOptions& call) {
  return impl_->call<Account>(rq::get_account(session), call);
}

Result<Account> Client::change_email(const Session& session, const std::string& new_email,
                                     const std::string& current_password, const CallOptions& call) {
  return impl_->call<Account>(rq::change_email(session, new_email, current_password, call), call);
}

Result<Account> Client::change_password(const Session& session, const std::string& current_password,
                                        const std::string& new_password, const CallOptions& call) {
  return impl_->call<Account>(rq::change_password(session, current_password, new_password, call), call);
}

Result<void> Client::reset_password(const std::string& email, const CallOptions& call) {
  return impl_->call<void>(rq::reset_password(email), call);
}

// ---- Subscriptions and bills -------------------------------------------------

Pager<Subscription> Client::list_subscriptions(const Session& session, const CallOptions& call) {
  return impl_->pager<Subscription>(session, rq::subscriptions(), call, [](const Subscription& s) { return s.id; });
}

Pager<Bill> Client::list_bills(const Session& session, const BillQuery& query, const CallOptions& call) {
  return impl_->pager<Bill>(session, rq::bills(query), call, [](const Bill& b) { return b.id; });
}

Result<Bill> Client::get_bill(const Session& session, const std::string& bill_id, const CallOptions& call) {
  return impl_->call<Bill>(rq::get_bill(session, bill_id), call);
}

// ---- Invoice requests ------------------------------------------------------

Result<InvoiceProfile> Client::get_invoice_profile(const Session& session, const CallOptions& call) {
  return impl_->call<InvoiceProfile>(rq::get_invoice_profile(session), call);
}

Result<InvoicePreview> Client::preview_invoice_request(const Session& session, const InvoiceApplication& application,
                                                       const CallOptions& call) {
  return impl_->call<InvoicePreview>(rq::preview_invoice_request(session, application), call);
}

Result<InvoiceRequest> Client::create_invoice_request(const Session& session, const InvoiceApplication& application,
                                                      const CallOptions& call) {
  return impl_->call<InvoiceRequest>(rq::create_invoice_request(session, application, call), call);
}

Pager<InvoiceRequest> Client::list_invoice_requests(const Session& session, const RequestQuery& query,
                                                    const CallOptions& call) {
  return impl_->pager<InvoiceRequest>(session, rq::invoice_requests(query), call,
                                      [](const InvoiceRequest& r) { return r.id; });
}

Result<InvoiceRequest> Client::get_invoice_request(const Session& session, const std::string& request_id,
                                                   const CallOptions& call) {
  return impl_->call<InvoiceRequest>(rq::get_invoice_request(session, request_id), call);
}

Result<InvoiceRequest> Client::cancel_invoice_request(const Session& session, const std::string& request_id,
                                                      const CallOptions& call) {
  return impl_->call<InvoiceRequest>(rq::cancel_invoice_request(session, request_id), call);
}

Result<InvoiceRequest> Client::request_title_change(const Session& session, const std::string& request_id,
                                                    const Buyer& new_buyer, const std::string& note,
                                                    const CallOptions& call) {
  return impl_->call<InvoiceRequest>(rq::request_title_change(session, request_id, new_buyer, note, call), call);
}

Result<Document> Client::download_invoice_document(const Session& session, const std::string& request_id,
                                                   const CallOptions& call) {
  return impl_->run<Document>(rq::download_invoice_document(session, request_id), call,
                              [request_id](const detail::ApiCall&, HttpResponse&& response) {
                                return rq::read_document(std::move(response), request_id);
                              });
}

InvoiceOperation Client::track_invoice_request(const Session& session, const std::string& request_id) {
  return InvoiceOperation(*this, session, request_id);
}

// ---- Announcements and support -------------------------------------------

Pager<Announcement> Client::list_announcements(const Session& session, const CallOptions& call) {
  return impl_->pager<Announcement>(session, rq::announcements(), call, [](const Announcement& a) { return a.id; });
}

Result<SupportTicket> Client::create_support_ticket(const Session& session, const NewSupportTicket& ticket,
                                                    const CallOptions& call) {
  return impl_->call<SupportTicket>(rq::create_support_ticket(session, ticket, call), call);
}

Pager<SupportTicket> Client::list_support_tickets(const Session& session, const CallOptions& call) {
  return impl_->pager<SupportTicket>(session, rq::support_tickets(), call, [](const SupportTicket& t) { return t.id; });
}

Result<SupportTicket> Client::get_support_ticket(const Session& session, const std::string& ticket_id,
                                                 const CallOptions& call) {
  return impl_->call<SupportTicket>(rq::get_support_ticket(session, ticket_id), call);
}

// ---- Events and webhook endpoints -------------------------------------------

Pager<Event> Client::list_events(const Session& session, const EventQuery& query, const CallOptions& call) {
  return impl_->pager<Event>(session, rq::events(query), call, [](const Event& e) { return e.id; });
}

Result<Event> Client::get_event(const Session& session, const std::string& event_id, const CallOptions& call) {
  return impl_->call<Event>(rq::get_event(session, event_id), call);
}

Result<WebhookEndpoint> Client::create_webhook_endpoint(const Session& session, const NewWebhookEndpoint& endpoint,
                                                        const CallOptions& call) {
  return impl_->call<WebhookEndpoint>(rq::create_webhook_endpoint(session, endpoint), call);
}

Pager<WebhookEndpoint> Client::list_webhook_endpoints(const Session& session, const CallOptions& call) {
  return impl_->pager<WebhookEndpoint>(session, rq::webhook_endpoints(), call,
                                       [](const WebhookEndpoint& e) { return e.id; });
}

Result<WebhookEndpoint> Client::get_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                                                     const CallOptions& call) {
  return impl_->call<WebhookEndpoint>(rq::get_webhook_endpoint(session, endpoint_id), call);
}

Result<WebhookEndpoint> Client::update_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                                                        const WebhookEndpointUpdate& change, const CallOptions& call) {
  return impl_->call<WebhookEndpoint>(rq::update_webhook_endpoint(session, endpoint_id, change), call);
}

Result<void> Client::delete_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                                             const CallOptions& call) {
  return impl_->call<void>(rq::delete_webhook_endpoint(session, endpoint_id), call);
}

Result<WebhookEndpoint> Client::rotate_webhook_secret(const Session& session, const std::string& endpoint_id,
                                                      const SecretRotation& rotation, const CallOptions& call) {
  return impl_->call<WebhookEndpoint>(rq::rotate_webhook_secret(session, endpoint_id, rotation), call);
}

}  // namespace fapiao
