// Every endpoint of the contract (api/openapi.yaml) and the handler that
// serves it: the one table a newcomer reads to find the code of an endpoint.
// Handlers live in handlers/, one file per resource; each takes a typed
// input and returns a typed result (router/endpoint.hpp adapts them).
#include "router/endpoint.hpp"
#include "router/router.hpp"

#include "handlers/accounts.hpp"
#include "handlers/bills.hpp"
#include "handlers/events.hpp"
#include "handlers/invoice_requests.hpp"
#include "handlers/operator/operator.hpp"
#include "handlers/sessions.hpp"
#include "handlers/support.hpp"

namespace sandbox {

Router routes() {
  using namespace handlers;
  namespace op = handlers::operator_api;
  Router r;
  // Customer API: accounts and sessions (handlers/accounts.cpp, handlers/sessions.cpp)
  r.add("POST", "/v1/accounts", endpoint<accounts::register_account>, Auth::none, accounts::prepare_register);
  r.add("POST", "/v1/accounts/activation", endpoint<accounts::activate>, Auth::none);
  r.add("POST", "/v1/accounts/activation-emails", endpoint<accounts::resend_activation>, Auth::none);
  r.add("POST", "/v1/sessions", endpoint<sessions::sign_in>, Auth::none, sessions::prepare_sign_in);
  r.add("DELETE", "/v1/sessions/current", endpoint<sessions::sign_out>, Auth::customer_restricted_ok);
  r.add("GET", "/v1/account", endpoint<accounts::get>, Auth::customer_restricted_ok);
  r.add("PATCH", "/v1/account", endpoint<accounts::change_email>, Auth::customer, accounts::prepare_current_password);
  r.add("POST", "/v1/account/password", endpoint<accounts::change_password>, Auth::customer_restricted_ok,
        accounts::prepare_current_password);
  r.add("POST", "/v1/password-resets", endpoint<accounts::reset_password>, Auth::none, accounts::prepare_reset);
  // Subscriptions and bills (handlers/bills.cpp)
  r.add("GET", "/v1/subscriptions", endpoint<subscriptions::list>, Auth::customer);
  r.add("GET", "/v1/bills", endpoint<bills::list>, Auth::customer);
  r.add("GET", "/v1/bills/{}", endpoint<bills::get>, Auth::customer);
  // Invoice requests (handlers/invoice_requests.cpp)
  r.add("GET", "/v1/invoice-profile", endpoint<invoice_requests::profile>, Auth::customer);
  r.add("POST", "/v1/invoice-requests/preview", endpoint<invoice_requests::preview>, Auth::customer);
  r.add("POST", "/v1/invoice-requests", endpoint<invoice_requests::create>, Auth::customer);
  r.add("GET", "/v1/invoice-requests", endpoint<invoice_requests::list>, Auth::customer);
  r.add("GET", "/v1/invoice-requests/{}", endpoint<invoice_requests::get>, Auth::customer);
  r.add("POST", "/v1/invoice-requests/{}/cancel", endpoint<invoice_requests::cancel>, Auth::customer);
  r.add("POST", "/v1/invoice-requests/{}/title-change", endpoint<invoice_requests::change_title>, Auth::customer);
  r.add("GET", "/v1/invoice-requests/{}/document", endpoint<invoice_requests::document>, Auth::customer, nullptr,
        Effect::slow_read);
  // Announcements and support tickets (handlers/support.cpp)
  r.add("GET", "/v1/announcements", endpoint<announcements::list>, Auth::customer);
  r.add("POST", "/v1/support-tickets", endpoint<support_tickets::create>, Auth::customer);
  r.add("GET", "/v1/support-tickets", endpoint<support_tickets::list>, Auth::customer);
  r.add("GET", "/v1/support-tickets/{}", endpoint<support_tickets::get>, Auth::customer);
  // Events and webhook endpoints (handlers/events.cpp)
  r.add("GET", "/v1/events", endpoint<events::list>, Auth::customer);
  r.add("GET", "/v1/events/{}", endpoint<events::get>, Auth::customer);
  r.add("POST", "/v1/webhook-endpoints", endpoint<webhook_endpoints::create>, Auth::customer);
  r.add("GET", "/v1/webhook-endpoints", endpoint<webhook_endpoints::list>, Auth::customer);
  r.add("GET", "/v1/webhook-endpoints/{}", endpoint<webhook_endpoints::get>, Auth::customer);
  r.add("PATCH", "/v1/webhook-endpoints/{}", endpoint<webhook_endpoints::update>, Auth::customer);
  r.add("DELETE", "/v1/webhook-endpoints/{}", endpoint<webhook_endpoints::remove>, Auth::customer);
  r.add("POST", "/v1/webhook-endpoints/{}/rotate-secret", endpoint<webhook_endpoints::rotate_secret>, Auth::customer);
  // Operator API (handlers/operator/, one file per resource)
  r.add("POST", "/sandbox/orders", endpoint<op::create_order>, Auth::operator_token);
  r.add("POST", "/sandbox/payments", endpoint<op::create_payment>, Auth::operator_token);
  r.add("POST", "/sandbox/payments/batch", endpoint<op::create_payments>, Auth::operator_token);
  r.add("GET", "/sandbox/outbox", endpoint<op::outbox>, Auth::operator_token);
  r.add("GET", "/sandbox/clock", endpoint<op::get_clock>, Auth::operator_token);
  r.add("POST", "/sandbox/clock", endpoint<op::set_clock>, Auth::operator_token, nullptr,
        Effect::delivers_due_webhooks);
  r.add("POST", "/sandbox/invoice-requests/{}/advance", endpoint<op::advance>, Auth::operator_token);
  r.add("POST", "/sandbox/invoice-requests/{}/original-returned", endpoint<op::original_returned>,
        Auth::operator_token);
  r.add("POST", "/sandbox/announcements", endpoint<op::create_announcement>, Auth::operator_token);
  r.add("DELETE", "/sandbox/announcements/{}", endpoint<op::delete_announcement>, Auth::operator_token);
  r.add("POST", "/sandbox/support-tickets/{}/resolve", endpoint<op::resolve_ticket>, Auth::operator_token);
  r.add("POST", "/sandbox/faults", endpoint<op::create_fault>, Auth::operator_token);
  r.add("DELETE", "/sandbox/faults", endpoint<op::delete_faults>, Auth::operator_token);
  r.add("GET", "/sandbox/journal", endpoint<op::journal>, Auth::operator_token, nullptr, Effect::on_writer);
  r.add("GET", "/sandbox/webhook-deliveries", endpoint<op::webhook_deliveries>, Auth::operator_token);
  return r;
}

}  // namespace sandbox
