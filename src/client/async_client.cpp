// AsyncClient: each operation sends the same request as Client's
// (client/requests.hpp) through the pipeline's asynchronous form.
#include "client/client_impl.hpp"

namespace fapiao {

namespace rq = detail::requests;

template <typename T>
AsyncPager<T> Client::Impl::async_pager(const Session& session, rq::List list, const CallOptions& call,
                                        std::function<std::string(const T&)> id_of) const {
  auto self = shared_from_this();
  auto fetch = [self, token = session.token, list, call](const std::string& after) -> Async<Page<T>> {
    std::string target = list.path + "?limit=" + std::to_string(list.page_size) + list.query;
    if (!after.empty()) target += "&starting_after=" + rq::escape(after);
    return self->call_async<Page<T>>(detail::ApiCall{"GET", target, {}, token, true}, call);
  };
  return AsyncPager<T>(std::move(fetch), std::move(id_of));
}

AsyncClient::AsyncClient(const Client& client) : impl_(client.impl_) {}

// ---- Accounts ---------------------------------------------------------------

Async<Account> AsyncClient::register_account(const std::string& email, const std::string& password,
                                             const std::string& order_id, const CallOptions& call) {
  return impl_->call_async<Account>(rq::register_account(email, password, order_id, call), call);
}

Async<Account> AsyncClient::activate_account(const std::string& token, const CallOptions& call) {
  return impl_->call_async<Account>(rq::activate_account(token, call), call);
}

Async<void> AsyncClient::resend_activation(const std::string& email, const CallOptions& call) {
  return impl_->call_async<void>(rq::resend_activation(email), call);
}

Async<Session> AsyncClient::sign_in(const std::string& email, const std::string& password, const CallOptions& call) {
  return impl_->call_async<Session>(rq::sign_in(email, password), call);
}

Async<void> AsyncClient::sign_out(const Session& session, const CallOptions& call) {
  return impl_->call_async<void>(rq::sign_out(session), call);
}

Async<Account> AsyncClient::get_account(const Session& session, const CallOptions& call) {
  return impl_->call_async<Account>(rq::get_account(session), call);
}

Async<Account> AsyncClient::change_email(const Session& session, const std::string& new_email,
                                         const std::string& current_password, const CallOptions& call) {
  return impl_->call_async<Account>(rq::change_email(session, new_email, current_password, call), call);
}

Async<Account> AsyncClient::change_password(const Session& session, const std::string& current_password,
                                            const std::string& new_password, const CallOptions& call) {
  return impl_->call_async<Account>(rq::change_password(session, current_password, new_password, call), call);
}

Async<void> AsyncClient::reset_password(const std::string& email, const CallOptions& call) {
  return impl_->call_async<void>(rq::reset_password(email), call);
}

// ---- Subscriptions and bills -------------------------------------------------

AsyncPager<Subscription> AsyncClient::list_subscriptions(const Session& session, const CallOptions& call) {
  return impl_->async_pager<Subscription>(session, rq::subscriptions(), call,
                                          [](const Subscription& s) { return s.id; });
}

AsyncPager<Bill> AsyncClient::list_bills(const Session& session, const BillQuery& query, const CallOptions& call) {
  return impl_->async_pager<Bill>(session, rq::bills(query), call, [](const Bill& b) { return b.id; });
}

Async<Bill> AsyncClient::get_bill(const Session& session, const std::string& bill_id, const CallOptions& call) {
  return impl_->call_async<Bill>(rq::get_bill(session, bill_id), call);
}

// ---- Invoice requests ------------------------------------------------------

Async<InvoiceProfile> AsyncClient::get_invoice_profile(const Session& session, const CallOptions& call) {
  return impl_->call_async<InvoiceProfile>(rq::get_invoice_profile(session), call);
}

Async<InvoicePreview> AsyncClient::preview_invoice_request(const Session& session,
                                                           const InvoiceApplication& application,
                                                           const CallOptions& call) {
  return impl_->call_async<InvoicePreview>(rq::preview_invoice_request(session, application), call);
}

Async<InvoiceRequest> AsyncClient::create_invoice_request(const Session& session,
                                                          const InvoiceApplication& application,
                                                          const CallOptions& call) {
  return impl_->call_async<InvoiceRequest>(rq::create_invoice_request(session, application, call), call);
}

AsyncPager<InvoiceRequest> AsyncClient::list_invoice_requests(const Session& session, const RequestQuery& query,
                                                              const CallOptions& call) {
  return impl_->async_pager<InvoiceRequest>(session, rq::invoice_requests(query), call,
                                            [](const InvoiceRequest& r) { return r.id; });
}

Async<InvoiceRequest> AsyncClient::get_invoice_request(const Session& session, const std::string& request_id,
                                                       const CallOptions& call) {
  return impl_->call_async<InvoiceRequest>(rq::get_invoice_request(session, request_id), call);
}

Async<InvoiceRequest> AsyncClient::cancel_invoice_request(const Session& session, const std::string& request_id,
                                                          const CallOptions& call) {
  return impl_->call_async<InvoiceRequest>(rq::cancel_invoice_request(session, request_id), call);
}

Async<InvoiceRequest> AsyncClient::request_title_change(const Session& session, const std::string& request_id,
                                                        const Buyer& new_buyer, const std::string& note,
                                                        const CallOptions& call) {
  return impl_->call_async<InvoiceRequest>(rq::request_title_change(session, request_id, new_buyer, note, call),
                                           call);
}

Async<Document> AsyncClient::download_invoice_document(const Session& session, const std::string& request_id,
                                                       const CallOptions& call) {
  return impl_->run_async<Document>(rq::download_invoice_document(session, request_id), call,
                                    [request_id](const detail::ApiCall&, HttpResponse&& response) {
                                      return rq::read_document(std::move(response), request_id);
                                    });
}

// ---- Announcements and support -------------------------------------------

AsyncPager<Announcement> AsyncClient::list_announcements(const Session& session, const CallOptions& call) {
  return impl_->async_pager<Announcement>(session, rq::announcements(), call,
                                          [](const Announcement& a) { return a.id; });
}

Async<SupportTicket> AsyncClient::create_support_ticket(const Session& session, const NewSupportTicket& ticket,
                                                        const CallOptions& call) {
  return impl_->call_async<SupportTicket>(rq::create_support_ticket(session, ticket, call), call);
}

AsyncPager<SupportTicket> AsyncClient::list_support_tickets(const Session& session, const CallOptions& call) {
  return impl_->async_pager<SupportTicket>(session, rq::support_tickets(), call,
                                           [](const SupportTicket& t) { return t.id; });
}

Async<SupportTicket> AsyncClient::get_support_ticket(const Session& session, const std::string& ticket_id,
                                                     const CallOptions& call) {
  return impl_->call_async<SupportTicket>(rq::get_support_ticket(session, ticket_id), call);
}

// ---- Events and webhook endpoints -------------------------------------------

AsyncPager<Event> AsyncClient::list_events(const Session& session, const EventQuery& query, const CallOptions& call) {
  return impl_->async_pager<Event>(session, rq::events(query), call, [](const Event& e) { return e.id; });
}

Async<Event> AsyncClient::get_event(const Session& session, const std::string& event_id, const CallOptions& call) {
  return impl_->call_async<Event>(rq::get_event(session, event_id), call);
}

Async<WebhookEndpoint> AsyncClient::create_webhook_endpoint(const Session& session, const NewWebhookEndpoint& endpoint,
                                                            const CallOptions& call) {
  return impl_->call_async<WebhookEndpoint>(rq::create_webhook_endpoint(session, endpoint), call);
}

AsyncPager<WebhookEndpoint> AsyncClient::list_webhook_endpoints(const Session& session, const CallOptions& call) {
  return impl_->async_pager<WebhookEndpoint>(session, rq::webhook_endpoints(), call,
                                             [](const WebhookEndpoint& e) { return e.id; });
}

Async<WebhookEndpoint> AsyncClient::get_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                                                         const CallOptions& call) {
  return impl_->call_async<WebhookEndpoint>(rq::get_webhook_endpoint(session, endpoint_id), call);
}

Async<WebhookEndpoint> AsyncClient::update_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                                                            const WebhookEndpointUpdate& change,
                                                            const CallOptions& call) {
  return impl_->call_async<WebhookEndpoint>(rq::update_webhook_endpoint(session, endpoint_id, change), call);
}

Async<void> AsyncClient::delete_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                                                 const CallOptions& call) {
  return impl_->call_async<void>(rq::delete_webhook_endpoint(session, endpoint_id), call);
}

Async<WebhookEndpoint> AsyncClient::rotate_webhook_secret(const Session& session, const std::string& endpoint_id,
                                                          const SecretRotation& rotation, const CallOptions& call) {
  return impl_->call_async<WebhookEndpoint>(rq::rotate_webhook_secret(session, endpoint_id, rotation), call);
}

}  // namespace fapiao
