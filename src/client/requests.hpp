// Every customer operation as the request it sends: local validation first
// (an Error naming each bad field), then the ApiCall. The blocking Client and
// the AsyncClient both send these, so an operation is written once.
#pragma once

#include "pipeline/pipeline.hpp"

#include <fapiao/client.hpp>

#include <string>

namespace fapiao::detail::requests {

using Call = Result<ApiCall>;

/// A list: its path, the filter's query string ("&state=…") and the page size.
struct List {
  std::string path;
  std::string query;
  int page_size = 20;
};

/// A path segment from a caller, escaped so an id can never change the route.
std::string escape(const std::string& segment);

Call register_account(const std::string& email, const std::string& password, const std::string& order_id,
                      const CallOptions& call);
Call activate_account(const std::string& token, const CallOptions& call);
Call resend_activation(const std::string& email);
Call sign_in(const std::string& email, const std::string& password);
Call sign_out(const Session& session);
Call get_account(const Session& session);
Call change_email(const Session& session, const std::string& new_email, const std::string& current_password,
                  const CallOptions& call);
Call change_password(const Session& session, const std::string& current_password, const std::string& new_password,
                     const CallOptions& call);
Call reset_password(const std::string& email);

List subscriptions();
List bills(const BillQuery& query);
Call get_bill(const Session& session, const std::string& bill_id);

Call get_invoice_profile(const Session& session);
Call preview_invoice_request(const Session& session, const InvoiceApplication& application);
Call create_invoice_request(const Session& session, const InvoiceApplication& application, const CallOptions& call);
List invoice_requests(const RequestQuery& query);
Call get_invoice_request(const Session& session, const std::string& request_id);
Call cancel_invoice_request(const Session& session, const std::string& request_id);
Call request_title_change(const Session& session, const std::string& request_id, const Buyer& new_buyer,
                          const std::string& note, const CallOptions& call);
Call download_invoice_document(const Session& session, const std::string& request_id);
/// The document in a download's response; `request_id` names it when the server does not.
Result<Document> read_document(HttpResponse&& response, const std::string& request_id);

List announcements();
Call create_support_ticket(const Session& session, const NewSupportTicket& ticket, const CallOptions& call);
List support_tickets();
Call get_support_ticket(const Session& session, const std::string& ticket_id);

List events(const EventQuery& query);
Call get_event(const Session& session, const std::string& event_id);
Call create_webhook_endpoint(const Session& session, const NewWebhookEndpoint& endpoint);
List webhook_endpoints();
Call get_webhook_endpoint(const Session& session, const std::string& endpoint_id);
Call update_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                             const WebhookEndpointUpdate& change);
Call delete_webhook_endpoint(const Session& session, const std::string& endpoint_id);
Call rotate_webhook_secret(const Session& session, const std::string& endpoint_id, const SecretRotation& rotation);

}  // namespace fapiao::detail::requests
