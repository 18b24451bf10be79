// One method per customer operation of the service contract.
#include "client/client_impl.hpp"
#include "client/file_name.hpp"

#include "transport/https_transport.hpp"

#include <fapiao/operation.hpp>
#include <fapiao/validate.hpp>

namespace fapiao {
namespace {

using detail::ApiCall;
namespace fj = detail::json;

// Path segments from callers are escaped, so an id can never change the route.
std::string escape(const std::string& segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : segment) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

ApiCall get(std::string target, const Session* session) { return ApiCall{"GET", std::move(target), {}, session, true}; }

template <typename T>
ApiCall post(std::string target, const T& body, const Session* session) {
  return ApiCall{"POST", std::move(target), fj::encode(body), session, false};
}

ApiCall post_json(std::string target, const boost::json::object& body, const Session* session) {
  return ApiCall{"POST", std::move(target), boost::json::serialize(body), session, false};
}

}  // namespace

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

Result<void> Client::Impl::call_void(const ApiCall& api, const CallOptions& call) const {
  if (setup_error) return *setup_error;
  auto response = pipeline->execute(api, call);
  if (!response) return response.error();
  return {};
}

template <typename T>
Pager<T> Client::Impl::pager(const Session* session, std::string path, std::string query, int page_size,
                             const CallOptions& call, std::function<std::string(const T&)> id_of) const {
  // The session is copied and the client shared: the pager may outlive both
  // the caller's variables and every Client copy.
  auto owned = session ? std::make_shared<Session>(*session) : nullptr;
  auto self = shared_from_this();
  auto fetch = [self, owned, path, query, page_size, call](const std::string& after) -> Result<Page<T>> {
    std::string target = path + "?limit=" + std::to_string(page_size) + query;
    if (!after.empty()) target += "&starting_after=" + escape(after);
    return self->call<Page<T>>(get(target, owned.get()), call);
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
  if (!call.skip_validation) {
    std::vector<FieldError> errors;
    if (!is_valid_email(trim(email))) errors.push_back({"email", "EMAIL_FORMAT", "Not an e-mail address."});
    for (auto& e : validate_password(password).errors) errors.push_back(std::move(e));
    if (trim(order_id).empty()) errors.push_back({"order_id", "REQUIRED", "The order ID is in the order-confirmation mail."});
    if (!errors.empty()) return validation_error(errors);
  }
  boost::json::object body{{"email", email}, {"password", password}, {"order_id", order_id}};
  return impl_->call<Account>(post_json("/v1/accounts", body, nullptr), call);
}

Result<Account> Client::activate_account(const std::string& token, const CallOptions& call) {
  if (!call.skip_validation && trim(token).empty()) {
    return validation_error({{"token", "REQUIRED", "The activation token is in the activation mail."}});
  }
  return impl_->call<Account>(post_json("/v1/accounts/activation", {{"token", token}}, nullptr), call);
}

Result<void> Client::resend_activation(const std::string& email, const CallOptions& call) {
  return impl_->call_void(post_json("/v1/accounts/activation-emails", {{"email", email}}, nullptr), call);
}

Result<Session> Client::sign_in(const std::string& email, const std::string& password, const CallOptions& call) {
  return impl_->call<Session>(post_json("/v1/sessions", {{"email", email}, {"password", password}}, nullptr), call);
}

Result<void> Client::sign_out(const Session& session, const CallOptions& call) {
  return impl_->call_void(ApiCall{"DELETE", "/v1/sessions/current", {}, &session, true}, call);
}

Result<Account> Client::get_account(const Session& session, const CallOptions& call) {
  return impl_->call<Account>(get("/v1/account", &session), call);
}

Result<Account> Client::change_email(const Session& session, const std::string& new_email,
                                     const std::string& current_password, const CallOptions& call) {
  if (!call.skip_validation && !is_valid_email(trim(new_email))) {
    return validation_error({{"email", "EMAIL_FORMAT", "Not an e-mail address."}});
  }
  boost::json::object body{{"email", new_email}, {"current_password", current_password}};
  // PATCH with the same body is safe to repeat: the second one changes nothing.
  return impl_->call<Account>(ApiCall{"PATCH", "/v1/account", boost::json::serialize(body), &session, true}, call);
}

Result<Account> Client::change_password(const Session& session, const std::string& current_password,
                                        const std::string& new_password, const CallOptions& call) {
  if (!call.skip_validation) {
    auto report = validate_password(new_password, "new_password");
    if (!report.ok()) return validation_error(report.errors);
  }
  boost::json::object body{{"current_password", current_password}, {"new_password", new_password}};
  return impl_->call<Account>(post_json("/v1/account/password", body, &session), call);
}

Result<void> Client::reset_password(const std::string& email, const CallOptions& call) {
  return impl_->call_void(post_json("/v1/password-resets", {{"email", email}}, nullptr), call);
}

// ---- Subscriptions and bills -------------------------------------------------

Pager<Subscription> Client::list_subscriptions(const Session& session, const CallOptions& call) {
  return impl_->pager<Subscription>(&session, "/v1/subscriptions", "", 100, call,
                                    [](const Subscription& s) { return s.id; });
}

Pager<Bill> Client::list_bills(const Session& session, const BillQuery& query, const CallOptions& call) {
  const std::string filter = query.state.empty() ? "" : "&state=" + escape(std::string(query.state.wire()));
  return impl_->pager<Bill>(&session, "/v1/bills", filter, query.page_size, call, [](const Bill& b) { return b.id; });
}

Result<Bill> Client::get_bill(const Session& session, const std::string& bill_id, const CallOptions& call) {
  return impl_->call<Bill>(get("/v1/bills/" + escape(bill_id), &session), call);
}

// ---- Invoice requests ------------------------------------------------------

Result<InvoiceProfile> Client::get_invoice_profile(const Session& session, const CallOptions& call) {
  return impl_->call<InvoiceProfile>(get("/v1/invoice-profile", &session), call);
}

Result<InvoicePreview> Client::preview_invoice_request(const Session& session, const InvoiceApplication& application,
                                                       const CallOptions& call) {
  // Preview reports problems in its answer; nothing to refuse locally. The
  // call changes nothing, so it is safe to repeat.
  auto api = post("/v1/invoice-requests/preview", application, &session);
  api.idempotent = true;
  return impl_->call<InvoicePreview>(api, call);
}

Result<InvoiceRequest> Client::create_invoice_request(const Session& session, const InvoiceApplication& application,
                                                      const CallOptions& call) {
  if (!call.skip_validation) {
    auto report = validate_application(application);
    if (!report.ok()) return validation_error(report.errors);
  }
  return impl_->call<InvoiceRequest>(post("/v1/invoice-requests", application, &session), call);
}

Pager<InvoiceRequest> Client::list_invoice_requests(const Session& session, const RequestQuery& query,
                                                    const CallOptions& call) {
  const std::string filter = query.status.empty() ? "" : "&status=" + escape(std::string(query.status.wire()));
  return impl_->pager<InvoiceRequest>(&session, "/v1/invoice-requests", filter, query.page_size, call,
                                      [](const InvoiceRequest& r) { return r.id; });
}

Result<InvoiceRequest> Client::get_invoice_request(const Session& session, const std::string& request_id,
                                                   const CallOptions& call) {
  return impl_->call<InvoiceRequest>(get("/v1/invoice-requests/" + escape(request_id), &session), call);
}

Result<InvoiceRequest> Client::cancel_invoice_request(const Session& session, const std::string& request_id,
                                                      const CallOptions& call) {
  return impl_->call<InvoiceRequest>(
      post_json("/v1/invoice-requests/" + escape(request_id) + "/cancel", {}, &session), call);
}

Result<InvoiceRequest> Client::request_title_change(const Session& session, const std::string& request_id,
                                                    const Buyer& new_buyer, const std::string& note,
                                                    const CallOptions& call) {
  if (!call.skip_validation) {
    // The kind decides the required fields; check what holds for every kind.
    auto report = validate_buyer(InvoiceKind::vat_ordinary, new_buyer);
    if (!report.ok()) return validation_error(report.errors);
  }
  boost::json::object body{{"buyer", fj::encode_value(new_buyer)}};
  if (!note.empty()) body["note"] = note;
  return impl_->call<InvoiceRequest>(
      post_json("/v1/invoice-requests/" + escape(request_id) + "/title-change", body, &session), call);
}

Result<Document> Client::download_invoice_document(const Session& session, const std::string& request_id,
                                                   const CallOptions& call) {
  if (impl_->setup_error) return *impl_->setup_error;
  auto response = impl_->pipeline->execute(get("/v1/invoice-requests/" + escape(request_id) + "/document", &session), call);
  if (!response) return response.error();
  Document doc;
  doc.content_type = response->header("content-type");
  // A base name only, whatever the server says: "../x" or "/etc/x" must not
  // steer where a caller (the CLI, a portal) writes the file.
  doc.file_name = detail::safe_file_name(response->header("content-disposition"), request_id + ".pdf");
  doc.bytes = std::move(response->body);
  return doc;
}

InvoiceOperation Client::track_invoice_request(const Session& session, const std::string& request_id) {
  return InvoiceOperation(*this, session, request_id);
}

// ---- Announcements and support -------------------------------------------

Pager<Announcement> Client::list_announcements(const Session& session, const CallOptions& call) {
  return impl_->pager<Announcement>(&session, "/v1/announcements", "", 100, call,
                                    [](const Announcement& a) { return a.id; });
}

Result<SupportTicket> Client::create_support_ticket(const Session& session, const NewSupportTicket& ticket,
                                                    const CallOptions& call) {
  if (!call.skip_validation) {
    auto report = validate_support_ticket(ticket);
    if (!report.ok()) return validation_error(report.errors);
  }
  return impl_->call<SupportTicket>(post("/v1/support-tickets", ticket, &session), call);
}

Pager<SupportTicket> Client::list_support_tickets(const Session& session, const CallOptions& call) {
  return impl_->pager<SupportTicket>(&session, "/v1/support-tickets", "", 20, call,
                                     [](const SupportTicket& t) { return t.id; });
}

Result<SupportTicket> Client::get_support_ticket(const Session& session, const std::string& ticket_id,
                                                 const CallOptions& call) {
  return impl_->call<SupportTicket>(get("/v1/support-tickets/" + escape(ticket_id), &session), call);
}

// ---- Events and webhook endpoints -------------------------------------------

Pager<Event> Client::list_events(const Session& session, const EventQuery& query, const CallOptions& call) {
  const std::string filter = query.type.empty() ? "" : "&type=" + escape(std::string(query.type.wire()));
  return impl_->pager<Event>(&session, "/v1/events", filter, query.page_size, call, [](const Event& e) { return e.id; });
}

Result<Event> Client::get_event(const Session& session, const std::string& event_id, const CallOptions& call) {
  return impl_->call<Event>(get("/v1/events/" + escape(event_id), &session), call);
}

Result<WebhookEndpoint> Client::create_webhook_endpoint(const Session& session, const NewWebhookEndpoint& endpoint,
                                                        const CallOptions& call) {
  return impl_->call<WebhookEndpoint>(post("/v1/webhook-endpoints", endpoint, &session), call);
}

Pager<WebhookEndpoint> Client::list_webhook_endpoints(const Session& session, const CallOptions& call) {
  return impl_->pager<WebhookEndpoint>(&session, "/v1/webhook-endpoints", "", 20, call,
                                       [](const WebhookEndpoint& e) { return e.id; });
}

Result<WebhookEndpoint> Client::get_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                                                     const CallOptions& call) {
  return impl_->call<WebhookEndpoint>(get("/v1/webhook-endpoints/" + escape(endpoint_id), &session), call);
}

Result<WebhookEndpoint> Client::update_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                                                        const WebhookEndpointUpdate& change, const CallOptions& call) {
  // Empty strings and an unset status are omitted by the encoder; an empty
  // list of event types means "unchanged" too (the service refuses an empty one).
  auto body = fj::encode_value(change).as_object();
  if (change.event_types.empty()) body.erase("event_types");
  // PATCH with the same body is safe to repeat: the second one changes nothing.
  return impl_->call<WebhookEndpoint>(
      ApiCall{"PATCH", "/v1/webhook-endpoints/" + escape(endpoint_id), boost::json::serialize(body), &session, true},
      call);
}

Result<void> Client::delete_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                                             const CallOptions& call) {
  return impl_->call_void(ApiCall{"DELETE", "/v1/webhook-endpoints/" + escape(endpoint_id), {}, &session, true}, call);
}

Result<WebhookEndpoint> Client::rotate_webhook_secret(const Session& session, const std::string& endpoint_id,
                                                      const SecretRotation& rotation, const CallOptions& call) {
  return impl_->call<WebhookEndpoint>(
      post("/v1/webhook-endpoints/" + escape(endpoint_id) + "/rotate-secret", rotation, &session), call);
}

}  // namespace fapiao
