// fapiao: AsyncClient, every operation of Client without blocking the
// caller: each returns an Async<T> at once (then / future / co_await), and
// the I/O runs on the SDK's I/O thread. It shares its Client's connection
// pool, TLS sessions, retry policy and options; the calls have the same
// deadlines, cancellation, retries (on timers) and idempotency keys.
//
//   fapiao::AsyncClient async(client);
//   async.get_bill(session, "bill_1").then([](fapiao::Result<fapiao::Bill> bill) { ... });
//   auto request = co_await async.create_invoice_request(session, application);
#pragma once

#include <fapiao/async.hpp>
#include <fapiao/client.hpp>

#include <mutex>

namespace fapiao {

/// Every item of a list, a page at a time, without blocking: next_page()
/// returns the next page (an empty one with has_more false after the last).
/// One page at a time: ask for the next when the previous has arrived. The
/// cursor and the end are kept as Pager keeps them.
template <typename T>
class AsyncPager {
 public:
  using Fetch = std::function<Async<Page<T>>(const std::string& starting_after)>;

  AsyncPager(Fetch fetch, std::function<std::string(const T&)> id_of)
      : state_(std::make_shared<State>(std::move(fetch), std::move(id_of))) {}

  Async<Page<T>> next_page() {
    auto out = std::make_shared<detail::AsyncState<Page<T>>>();
    auto state = state_;
    std::string after;
    {
      std::lock_guard lock(state->mutex);
      if (state->in_flight) {
        out->complete(Error(ErrorCode::invalid_argument, "AsyncPager::next_page: the previous page has not "
                                                         "arrived yet; ask for one page at a time."));
        return Async<Page<T>>(out);
      }
      if (state->cursor.done()) {
        out->complete(Page<T>{});
        return Async<Page<T>>(out);
      }
      state->in_flight = true;
      after = state->cursor.cursor();
    }
    state->fetch(after).then([state, out](Result<Page<T>> page) mutable {
      Result<Page<T>> accepted = [&] {
        std::lock_guard lock(state->mutex);
        state->in_flight = false;
        return state->cursor.accept(std::move(page));
      }();
      state.reset();  // the pager (and its client) is the caller's to destroy, not this thread's
      out->complete(std::move(accepted));
    });
    return Async<Page<T>>(out);
  }

  /// The id of the last item fetched, to resume later with start_after().
  std::string cursor() const {
    std::lock_guard lock(state_->mutex);
    return state_->cursor.cursor();
  }
  /// Resumes a list after a stored cursor (before the first fetch).
  void start_after(std::string cursor) {
    std::lock_guard lock(state_->mutex);
    state_->cursor.start_after(std::move(cursor));
  }
  bool has_more() const {
    std::lock_guard lock(state_->mutex);
    return !state_->cursor.done();
  }

 private:
  struct State {
    State(Fetch f, std::function<std::string(const T&)> id_of) : fetch(std::move(f)), cursor(std::move(id_of)) {}
    Fetch fetch;
    mutable std::mutex mutex;
    detail::PageCursor<T> cursor;
    bool in_flight = false;
  };
  std::shared_ptr<State> state_;
};

class AsyncClient {
 public:
  /// Shares `client`'s pool, TLS sessions, retry policy and options; the
  /// first asynchronous call starts the I/O thread (one per Client).
  explicit AsyncClient(const Client& client);

  // ---- Accounts (R1–R6) ----
  Async<Account> register_account(const std::string& email, const std::string& password,
                                  const std::string& order_id, const CallOptions& call);
  Async<Account> register_account(const std::string& email, const std::string& password,
                                  const std::string& order_id) {
    return register_account(email, password, order_id, no_options());
  }
  Async<Account> activate_account(const std::string& token, const CallOptions& call);
  Async<Account> activate_account(const std::string& token) {
    return activate_account(token, no_options());
  }
  Async<void> resend_activation(const std::string& email, const CallOptions& call);
  Async<void> resend_activation(const std::string& email) {
    return resend_activation(email, no_options());
  }
  Async<Session> sign_in(const std::string& email, const std::string& password, const CallOptions& call);
  Async<Session> sign_in(const std::string& email, const std::string& password) {
    return sign_in(email, password, no_options());
  }
  Async<void> sign_out(const Session& session, const CallOptions& call);
  Async<void> sign_out(const Session& session) {
    return sign_out(session, no_options());
  }
  Async<Account> get_account(const Session& session, const CallOptions& call);
  Async<Account> get_account(const Session& session) {
    return get_account(session, no_options());
  }
  Async<Account> change_email(const Session& session, const std::string& new_email,
                              const std::string& current_password, const CallOptions& call);
  Async<Account> change_email(const Session& session, const std::string& new_email,
                              const std::string& current_password) {
    return change_email(session, new_email, current_password, no_options());
  }
  Async<Account> change_password(const Session& session, const std::string& current_password,
                                 const std::string& new_password, const CallOptions& call);
  Async<Account> change_password(const Session& session, const std::string& current_password,
                                 const std::string& new_password) {
    return change_password(session, current_password, new_password, no_options());
  }
  Async<void> reset_password(const std::string& email, const CallOptions& call);
  Async<void> reset_password(const std::string& email) {
    return reset_password(email, no_options());
  }

  // ---- Subscriptions and bills (R7, R19) ----
  AsyncPager<Subscription> list_subscriptions(const Session& session, const CallOptions& call = {});
  AsyncPager<Bill> list_bills(const Session& session, const BillQuery& query = {}, const CallOptions& call = {});
  Async<Bill> get_bill(const Session& session, const std::string& bill_id, const CallOptions& call);
  Async<Bill> get_bill(const Session& session, const std::string& bill_id) {
    return get_bill(session, bill_id, no_options());
  }

  // ---- Invoice requests (R8–R18) ----
  Async<InvoiceProfile> get_invoice_profile(const Session& session, const CallOptions& call);
  Async<InvoiceProfile> get_invoice_profile(const Session& session) {
    return get_invoice_profile(session, no_options());
  }
  Async<InvoicePreview> preview_invoice_request(const Session& session, const InvoiceApplication& application,
                                                const CallOptions& call);
  Async<InvoicePreview> preview_invoice_request(const Session& session, const InvoiceApplication& application) {
    return preview_invoice_request(session, application, no_options());
  }
  Async<InvoiceRequest> create_invoice_request(const Session& session, const InvoiceApplication& application,
                                               const CallOptions& call);
  Async<InvoiceRequest> create_invoice_request(const Session& session, const InvoiceApplication& application) {
    return create_invoice_request(session, application, no_options());
  }
  AsyncPager<InvoiceRequest> list_invoice_requests(const Session& session, const RequestQuery& query = {},
                                                   const CallOptions& call = {});
  Async<InvoiceRequest> get_invoice_request(const Session& session, const std::string& request_id,
                                            const CallOptions& call);
  Async<InvoiceRequest> get_invoice_request(const Session& session, const std::string& request_id) {
    return get_invoice_request(session, request_id, no_options());
  }
  Async<InvoiceRequest> cancel_invoice_request(const Session& session, const std::string& request_id,
                                               const CallOptions& call);
  Async<InvoiceRequest> cancel_invoice_request(const Session& session, const std::string& request_id) {
    return cancel_invoice_request(session, request_id, no_options());
  }
  Async<InvoiceRequest> request_title_change(const Session& session, const std::string& request_id,
                                             const Buyer& new_buyer, const std::string& note, const CallOptions& call);
  Async<InvoiceRequest> request_title_change(const Session& session, const std::string& request_id,
                                             const Buyer& new_buyer, const std::string& note) {
    return request_title_change(session, request_id, new_buyer, note, no_options());
  }
  Async<InvoiceRequest> request_title_change(const Session& session, const std::string& request_id,
                                             const Buyer& new_buyer) {
    return request_title_change(session, request_id, new_buyer, std::string{}, no_options());
  }
  Async<Document> download_invoice_document(const Session& session, const std::string& request_id,
                                            const CallOptions& call);
  Async<Document> download_invoice_document(const Session& session, const std::string& request_id) {
    return download_invoice_document(session, request_id, no_options());
  }

  // ---- Announcements and support ----
  AsyncPager<Announcement> list_announcements(const Session& session, const CallOptions& call = {});
  Async<SupportTicket> create_support_ticket(const Session& session, const NewSupportTicket& ticket,
                                             const CallOptions& call);
  Async<SupportTicket> create_support_ticket(const Session& session, const NewSupportTicket& ticket) {
    return create_support_ticket(session, ticket, no_options());
  }
  AsyncPager<SupportTicket> list_support_tickets(const Session& session, const CallOptions& call = {});
  Async<SupportTicket> get_support_ticket(const Session& session, const std::string& ticket_id,
                                          const CallOptions& call);
  Async<SupportTicket> get_support_ticket(const Session& session, const std::string& ticket_id) {
    return get_support_ticket(session, ticket_id, no_options());
  }

  // ---- Events and webhook endpoints (docs/webhooks.md) ----
  AsyncPager<Event> list_events(const Session& session, const EventQuery& query = {}, const CallOptions& call = {});
  Async<Event> get_event(const Session& session, const std::string& event_id, const CallOptions& call);
  Async<Event> get_event(const Session& session, const std::string& event_id) {
    return get_event(session, event_id, no_options());
  }
  Async<WebhookEndpoint> create_webhook_endpoint(const Session& session, const NewWebhookEndpoint& endpoint,
                                                 const CallOptions& call);
  Async<WebhookEndpoint> create_webhook_endpoint(const Session& session, const NewWebhookEndpoint& endpoint) {
    return create_webhook_endpoint(session, endpoint, no_options());
  }
  AsyncPager<WebhookEndpoint> list_webhook_endpoints(const Session& session, const CallOptions& call = {});
  Async<WebhookEndpoint> get_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                                              const CallOptions& call);
  Async<WebhookEndpoint> get_webhook_endpoint(const Session& session, const std::string& endpoint_id) {
    return get_webhook_endpoint(session, endpoint_id, no_options());
  }
  Async<WebhookEndpoint> update_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                                                 const WebhookEndpointUpdate& change, const CallOptions& call);
  Async<WebhookEndpoint> update_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                                                 const WebhookEndpointUpdate& change) {
    return update_webhook_endpoint(session, endpoint_id, change, no_options());
  }
  Async<void> delete_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                                      const CallOptions& call);
  Async<void> delete_webhook_endpoint(const Session& session, const std::string& endpoint_id) {
    return delete_webhook_endpoint(session, endpoint_id, no_options());
  }
  Async<WebhookEndpoint> rotate_webhook_secret(const Session& session, const std::string& endpoint_id,
                                               const SecretRotation& rotation, const CallOptions& call);
  Async<WebhookEndpoint> rotate_webhook_secret(const Session& session, const std::string& endpoint_id,
                                               const SecretRotation& rotation) {
    return rotate_webhook_secret(session, endpoint_id, rotation, no_options());
  }
  Async<WebhookEndpoint> rotate_webhook_secret(const Session& session, const std::string& endpoint_id) {
    return rotate_webhook_secret(session, endpoint_id, SecretRotation{}, no_options());
  }

 private:
  // Overloads instead of default arguments: GCC 12 destroys a defaulted
  // aggregate argument twice when the call is the operand of co_await.
  static const CallOptions& no_options() {
    static const CallOptions none;
    return none;
  }

  std::shared_ptr<Client::Impl> impl_;
};

}  // namespace fapiao
