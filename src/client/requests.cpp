// The request of each customer operation (requests.hpp). Validation here is
// the SDK's local check; the service checks everything again.
#include "client/requests.hpp"

#include "client/file_name.hpp"
#include "json/codec.hpp"

#include <fapiao/validate.hpp>

namespace fapiao::detail::requests {
namespace {

namespace fj = detail::json;

ApiCall get(std::string target, const Session& session) {
  return ApiCall{"GET", std::move(target), {}, session.token, true};
}

template <typename T>
ApiCall post(std::string target, const T& body, const std::string& bearer) {
  return ApiCall{"POST", std::move(target), fj::encode(body), bearer, false};
}

ApiCall post_json(std::string target, const boost::json::object& body, const std::string& bearer) {
  return ApiCall{"POST", std::move(target), boost::json::serialize(body), bearer, false};
}

std::string filter(const char* name, std::string_view wire) {
  return wire.empty() ? std::string() : std::string("&") + name + "=" + escape(std::string(wire));
}

}  // namespace

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

// ---- Accounts ---------------------------------------------------------------

Call register_account(const std::string& email, const std::string& password, const std::string& order_id,
                      const CallOptions& call) {
  if (!call.skip_validation) {
    std::vector<FieldError> errors;
    if (!is_valid_email(trim(email))) errors.push_back({"email", "EMAIL_FORMAT", "Not an e-mail address."});
    for (auto& e : validate_password(password).errors) errors.push_back(std::move(e));
    if (trim(order_id).empty()) errors.push_back({"order_id", "REQUIRED", "The order ID is in the order-confirmation mail."});
    if (!errors.empty()) return validation_error(errors);
  }
  boost::json::object body{{"email", email}, {"password", password}, {"order_id", order_id}};
  return post_json("/v1/accounts", body, {});
}

Call activate_account(const std::string& token, const CallOptions& call) {
  if (!call.skip_validation && trim(token).empty()) {
    return validation_error({{"token", "REQUIRED", "The activation token is in the activation mail."}});
  }
  return post_json("/v1/accounts/activation", {{"token", token}}, {});
}

Call resend_activation(const std::string& email) {
  return post_json("/v1/accounts/activation-emails", {{"email", email}}, {});
}

Call sign_in(const std::string& email, const std::string& password) {
  return post_json("/v1/sessions", {{"email", email}, {"password", password}}, {});
}

Call sign_out(const Session& session) { return ApiCall{"DELETE", "/v1/sessions/current", {}, session.token, true}; }

Call get_account(const Session& session) { return get("/v1/account", session); }

Call change_email(const Session& session, const std::string& new_email, const std::string& current_password,
                  const CallOptions& call) {
  if (!call.skip_validation && !is_valid_email(trim(new_email))) {
    return validation_error({{"email", "EMAIL_FORMAT", "Not an e-mail address."}});
  }
  boost::json::object body{{"email", new_email}, {"current_password", current_password}};
  // PATCH with the same body is safe to repeat: the second one changes nothing.
  return ApiCall{"PATCH", "/v1/account", boost::json::serialize(body), session.token, true};
}

Call change_password(const Session& session, const std::string& current_password, const std::string& new_password,
                     const CallOptions& call) {
  if (!call.skip_validation) {
    auto report = validate_password(new_password, "new_password");
    if (!report.ok()) return validation_error(report.errors);
  }
  boost::json::object body{{"current_password", current_password}, {"new_password", new_password}};
  return post_json("/v1/account/password", body, session.token);
}

Call reset_password(const std::string& email) { return post_json("/v1/password-resets", {{"email", email}}, {}); }

// ---- Subscriptions and bills -------------------------------------------------

List subscriptions() { return {"/v1/subscriptions", "", 100}; }

List bills(const BillQuery& query) { return {"/v1/bills", filter("state", query.state.wire()), query.page_size}; }

Call get_bill(const Session& session, const std::string& bill_id) { return get("/v1/bills/" + escape(bill_id), session); }

// ---- Invoice requests ------------------------------------------------------

Call get_invoice_profile(const Session& session) { return get("/v1/invoice-profile", session); }

Call preview_invoice_request(const Session& session, const InvoiceApplication& application) {
  // Preview reports problems in its answer; nothing to refuse locally. The
  // call changes nothing, so it is safe to repeat.
  auto api = post("/v1/invoice-requests/preview", application, session.token);
  api.idempotent = true;
  return api;
}

Call create_invoice_request(const Session& session, const InvoiceApplication& application, const CallOptions& call) {
  if (!call.skip_validation) {
    auto report = validate_application(application);
    if (!report.ok()) return validation_error(report.errors);
  }
  return post("/v1/invoice-requests", application, session.token);
}

List invoice_requests(const RequestQuery& query) {
  return {"/v1/invoice-requests", filter("status", query.status.wire()), query.page_size};
}

Call get_invoice_request(const Session& session, const std::string& request_id) {
  return get("/v1/invoice-requests/" + escape(request_id), session);
}

Call cancel_invoice_request(const Session& session, const std::string& request_id) {
  return post_json("/v1/invoice-requests/" + escape(request_id) + "/cancel", {}, session.token);
}

Call request_title_change(const Session& session, const std::string& request_id, const Buyer& new_buyer,
                          const std::string& note, const CallOptions& call) {
  if (!call.skip_validation) {
    // The kind decides the required fields; check what holds for every kind.
    auto report = validate_buyer(InvoiceKind::vat_ordinary, new_buyer);
    if (!report.ok()) return validation_error(report.errors);
  }
  boost::json::object body{{"buyer", fj::encode_value(new_buyer)}};
  if (!note.empty()) body["note"] = note;
  return post_json("/v1/invoice-requests/" + escape(request_id) + "/title-change", body, session.token);
}

Call download_invoice_document(const Session& session, const std::string& request_id) {
  return get("/v1/invoice-requests/" + escape(request_id) + "/document", session);
}

Result<Document> read_document(HttpResponse&& response, const std::string& request_id) {
  Document doc;
  doc.content_type = response.header("content-type");
  // A base name only, whatever the server says: "../x" or "/etc/x" must not
  // steer where a caller (the CLI, a portal) writes the file.
  doc.file_name = detail::safe_file_name(response.header("content-disposition"), request_id + ".pdf");
  doc.bytes = std::move(response.body);
  return doc;
}

// ---- Announcements and support -------------------------------------------

List announcements() { return {"/v1/announcements", "", 100}; }

Call create_support_ticket(const Session& session, const NewSupportTicket& ticket, const CallOptions& call) {
  if (!call.skip_validation) {
    auto report = validate_support_ticket(ticket);
    if (!report.ok()) return validation_error(report.errors);
  }
  return post("/v1/support-tickets", ticket, session.token);
}

List support_tickets() { return {"/v1/support-tickets", "", 20}; }

Call get_support_ticket(const Session& session, const std::string& ticket_id) {
  return get("/v1/support-tickets/" + escape(ticket_id), session);
}

// ---- Events and webhook endpoints -------------------------------------------

List events(const EventQuery& query) { return {"/v1/events", filter("type", query.type.wire()), query.page_size}; }

Call get_event(const Session& session, const std::string& event_id) {
  return get("/v1/events/" + escape(event_id), session);
}

Call create_webhook_endpoint(const Session& session, const NewWebhookEndpoint& endpoint) {
  return post("/v1/webhook-endpoints", endpoint, session.token);
}

List webhook_endpoints() { return {"/v1/webhook-endpoints", "", 20}; }

Call get_webhook_endpoint(const Session& session, const std::string& endpoint_id) {
  return get("/v1/webhook-endpoints/" + escape(endpoint_id), session);
}

Call update_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                             const WebhookEndpointUpdate& change) {
  // Empty strings and an unset status are omitted by the encoder; an empty
  // list of event types means "unchanged" too (the service refuses an empty one).
  auto body = fj::encode_value(change).as_object();
  if (change.event_types.empty()) body.erase("event_types");
  // PATCH with the same body is safe to repeat: the second one changes nothing.
  return ApiCall{"PATCH", "/v1/webhook-endpoints/" + escape(endpoint_id), boost::json::serialize(body), session.token,
                 true};
}

Call delete_webhook_endpoint(const Session& session, const std::string& endpoint_id) {
  return ApiCall{"DELETE", "/v1/webhook-endpoints/" + escape(endpoint_id), {}, session.token, true};
}

Call rotate_webhook_secret(const Session& session, const std::string& endpoint_id, const SecretRotation& rotation) {
  return post("/v1/webhook-endpoints/" + escape(endpoint_id) + "/rotate-secret", rotation, session.token);
}

}  // namespace fapiao::detail::requests
