// The C entry points over fapiao::Client. Each one: checks its arguments,
// reads the call options, calls the C++ client, and hands over the result.
#include "calls.hpp"
#include "capi_internal.hpp"

#include <cstring>
#include <initializer_list>

namespace fapiao::capi {
namespace {

char* copy_string(const std::string& s) {
  auto* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out == nullptr) throw std::bad_alloc();
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  return out;
}

ClientOptions client_options(const fapiao_client_options& c) {
  ClientOptions o;
  o.endpoint = c.endpoint;
  if (c.ca_file) o.ca_file = c.ca_file;
  if (c.ca_pem) o.ca_pem = c.ca_pem;
  o.insecure_skip_tls_verify = c.insecure_skip_tls_verify != 0;
  if (c.connect_timeout_ms > 0) o.connect_timeout = std::chrono::milliseconds(c.connect_timeout_ms);
  if (c.attempt_timeout_ms > 0) o.attempt_timeout = std::chrono::milliseconds(c.attempt_timeout_ms);
  if (c.call_timeout_ms > 0) o.call_timeout = std::chrono::milliseconds(c.call_timeout_ms);
  if (c.max_attempts > 0) o.retry.max_attempts = c.max_attempts;
  if (c.backoff_base_ms > 0) o.retry.backoff_base = std::chrono::milliseconds(c.backoff_base_ms);
  if (c.backoff_cap_ms > 0) o.retry.backoff_cap = std::chrono::milliseconds(c.backoff_cap_ms);
  o.retry.jitter = c.jitter != 0;
  if (c.pool_size > 0) o.pool_size = c.pool_size;
  if (c.proxy) o.proxy = c.proxy;
  o.use_environment_proxy = c.use_environment_proxy != 0;
  if (c.application_id) o.application_id = c.application_id;
  if (c.log_cb) {
    fapiao_log_cb callback = c.log_cb;
    void* payload = c.log_payload;
    o.log = [callback, payload](LogLevel level, std::string_view message) {
      const std::string text(message);
      callback(static_cast<int>(level), text.c_str(), payload);
    };
  }
  o.log_level = static_cast<LogLevel>(c.log_level);
  // A version 1 struct ends before these fields: reading them would read past it.
  if (c.version >= 2) {
    o.keep_alive = c.keep_alive != 0;
    o.tls_session_resumption = c.tls_session_resumption != 0;
  }
  return o;
}

}  // namespace
}  // namespace fapiao::capi

using namespace fapiao;
using namespace fapiao::capi;

extern "C" {

// ---- Client and sessions ---------------------------------------------------------

int fapiao_client_new(fapiao_client** out, const fapiao_client_options* options) {
  return guard([&] {
    if (!out) return null_argument("out");
    *out = nullptr;
    if (!options) return null_argument("options");
    if (options->version < 1 || options->version > FAPIAO_CLIENT_OPTIONS_VERSION) {
      return set_error(FAPIAO_E_INVALID_ARGUMENT,
                       "fapiao_client_options.version is " + std::to_string(options->version) +
                           "; this library knows versions 1 to " + std::to_string(FAPIAO_CLIENT_OPTIONS_VERSION) +
                           " (initialise with FAPIAO_CLIENT_OPTIONS_INIT).");
    }
    if (!options->endpoint) return null_argument("options->endpoint");
    if (options->log_level < FAPIAO_LOG_DEBUG || options->log_level > FAPIAO_LOG_OFF) {
      return set_error(FAPIAO_E_INVALID_ARGUMENT, "fapiao_client_options.log_level is not a fapiao_log_level.");
    }
    const ClientOptions o = client_options(*options);
    // An endpoint that is not https:// is refused here. Every other setup
    // problem (an unreadable CA file, a malformed endpoint) is kept by the
    // Client and returned by its first call, as in C++.
    if (!o.endpoint.empty() && o.endpoint.rfind("https://", 0) != 0) {
      return set_error(FAPIAO_E_INVALID_ARGUMENT, "The endpoint must start with https:// (got '" + o.endpoint + "').");
    }
    *out = new fapiao_client(Client(o));
    return FAPIAO_OK;
  });
}

void fapiao_client_free(fapiao_client* client) { delete client; }

int fapiao_sign_in(fapiao_session** out, fapiao_client* client, const char* email, const char* password,
                   const fapiao_call_options* call) {
  return guard([&] {
    if (!out) return null_argument("out");
    *out = nullptr;
    if (int rc = require({{"client", client}, {"email", email}, {"password", password}}); rc) return rc;
    auto options = call_options(call);
    if (!options) return set_error(options.error());
    auto session = client->client.sign_in(email, password, *options);
    if (!session) return set_error(session.error());
    *out = new fapiao_session{std::move(session).value()};
    return FAPIAO_OK;
  });
}

int fapiao_sign_out(fapiao_client* client, const fapiao_session* session, const fapiao_call_options* call) {
  return void_call({{"client", client}, {"session", session}}, call,
                   [&](const CallOptions& o) { return client->client.sign_out(session->session, o); });
}

int fapiao_session_serialize(char** out, const fapiao_session* session) {
  return guard([&] {
    if (!out) return null_argument("out");
    *out = nullptr;
    if (!session) return null_argument("session");
    *out = copy_string(serialize_session(session->session));
    return FAPIAO_OK;
  });
}

int fapiao_session_parse(fapiao_session** out, const char* text) {
  return guard([&] {
    if (!out) return null_argument("out");
    *out = nullptr;
    if (!text) return null_argument("text");
    auto session = parse_session(text);
    if (!session) return set_error(session.error());
    *out = new fapiao_session{std::move(session).value()};
    return FAPIAO_OK;
  });
}

int fapiao_session_must_change_password(const fapiao_session* session) {
  return session && session->session.must_change_password ? 1 : 0;
}

int64_t fapiao_session_expires_at(const fapiao_session* session) {
  return session ? session->session.expires_at.time_since_epoch().count() : 0;
}

void fapiao_session_free(fapiao_session* session) { delete session; }

// ---- Accounts ------------------------------------------------------------------

int fapiao_account_register(fapiao_value** out, fapiao_client* client, const char* email, const char* password,
                            const char* order_id, const fapiao_call_options* call) {
  return value_call(out, {{"client", client}, {"email", email}, {"password", password}, {"order_id", order_id}}, call,
                    [&](const CallOptions& o) { return client->client.register_account(email, password, order_id, o); });
}

int fapiao_account_activate(fapiao_value** out, fapiao_client* client, const char* token,
                            const fapiao_call_options* call) {
  return value_call(out, {{"client", client}, {"token", token}}, call,
                    [&](const CallOptions& o) { return client->client.activate_account(token, o); });
}

int fapiao_account_resend_activation(fapiao_client* client, const char* email, const fapiao_call_options* call) {
  return void_call({{"client", client}, {"email", email}}, call,
                   [&](const CallOptions& o) { return client->client.resend_activation(email, o); });
}

int fapiao_account_get(fapiao_value** out, fapiao_client* client, const fapiao_session* session,
                       const fapiao_call_options* call) {
  return value_call(out, {{"client", client}, {"session", session}}, call,
                    [&](const CallOptions& o) { return client->client.get_account(session->session, o); });
}

int fapiao_account_change_email(fapiao_value** out, fapiao_client* client, const fapiao_session* session,
                                const char* new_email, const char* current_password, const fapiao_call_options* call) {
  return value_call(out,
                    {{"client", client}, {"session", session}, {"new_email", new_email},
                     {"current_password", current_password}},
                    call, [&](const CallOptions& o) {
                      return client->client.change_email(session->session, new_email, current_password, o);
                    });
}

int fapiao_account_change_password(fapiao_value** out, fapiao_client* client, const fapiao_session* session,
                                   const char* current_password, const char* new_password,
                                   const fapiao_call_options* call) {
  return value_call(out,
                    {{"client", client}, {"session", session}, {"current_password", current_password},
                     {"new_password", new_password}},
                    call, [&](const CallOptions& o) {
                      return client->client.change_password(session->session, current_password, new_password, o);
                    });
}

int fapiao_password_reset(fapiao_client* client, const char* email, const fapiao_call_options* call) {
  return void_call({{"client", client}, {"email", email}}, call,
                   [&](const CallOptions& o) { return client->client.reset_password(email, o); });
}

// ---- Lists -------------------------------------------------------------------

int fapiao_pager_next(fapiao_value** out, fapiao_pager* pager) {
  return guard([&] {
    if (!out) return null_argument("out");
    *out = nullptr;
    if (!pager) return null_argument("pager");
    return pager->next(out);
  });
}

void fapiao_pager_free(fapiao_pager* pager) { delete pager; }

int fapiao_subscriptions_list(fapiao_pager** out, fapiao_client* client, const fapiao_session* session,
                              const fapiao_call_options* call) {
  return pager_call(out, {{"client", client}, {"session", session}}, call, [&](const CallOptions& o) {
    *out = make_pager(client->client.list_subscriptions(session->session, o));
    return FAPIAO_OK;
  });
}

int fapiao_bills_list(fapiao_pager** out, fapiao_client* client, const fapiao_session* session, const char* state,
                      int size, const fapiao_call_options* call) {
  return pager_call(out, {{"client", client}, {"session", session}}, call, [&](const CallOptions& o) {
    auto state_filter = filter<BillState>(state, "state");
    if (!state_filter) return set_error(state_filter.error());
    auto checked_size = page_size(size);
    if (!checked_size) return set_error(checked_size.error());
    BillQuery q;
    q.state = *state_filter;
    q.page_size = *checked_size;
    *out = make_pager(client->client.list_bills(session->session, q, o));
    return FAPIAO_OK;
  });
}

int fapiao_bill_get(fapiao_value** out, fapiao_client* client, const fapiao_session* session, const char* bill_id,
                    const fapiao_call_options* call) {
  return value_call(out, {{"client", client}, {"session", session}, {"bill_id", bill_id}}, call,
                    [&](const CallOptions& o) { return client->client.get_bill(session->session, bill_id, o); });
}

int fapiao_invoice_requests_list(fapiao_pager** out, fapiao_client* client, const fapiao_session* session,
                                 const char* status, int size, const fapiao_call_options* call) {
  return pager_call(out, {{"client", client}, {"session", session}}, call, [&](const CallOptions& o) {
    auto status_filter = filter<RequestStatus>(status, "status");
    if (!status_filter) return set_error(status_filter.error());
    auto checked_size = page_size(size);
    if (!checked_size) return set_error(checked_size.error());
    RequestQuery q;
    q.status = *status_filter;
    q.page_size = *checked_size;
    *out = make_pager(client->client.list_invoice_requests(session->session, q, o));
    return FAPIAO_OK;
  });
}

int fapiao_announcements_list(fapiao_pager** out, fapiao_client* client, const fapiao_session* session,
                              const fapiao_call_options* call) {
  return pager_call(out, {{"client", client}, {"session", session}}, call, [&](const CallOptions& o) {
    *out = make_pager(client->client.list_announcements(session->session, o));
    return FAPIAO_OK;
  });
}

int fapiao_support_tickets_list(fapiao_pager** out, fapiao_client* client, const fapiao_session* session,
                                const fapiao_call_options* call) {
  return pager_call(out, {{"client", client}, {"session", session}}, call, [&](const CallOptions& o) {
    *out = make_pager(client->client.list_support_tickets(session->session, o));
    return FAPIAO_OK;
  });
}

// ---- Invoice requests --------------------------------------------------------

int fapiao_invoice_profile_get(fapiao_value** out, fapiao_client* client, const fapiao_session* session,
                               const fapiao_call_options* call) {
  return value_call(out, {{"client", client}, {"session", session}}, call,
                    [&](const CallOptions& o) { return client->client.get_invoice_profile(session->session, o); });
}

int fapiao_invoice_request_preview(fapiao_value** out, fapiao_client* client, const fapiao_session* session,
                                   const char* application_json, const fapiao_call_options* call) {
  return value_call(out, {{"client", client}, {"session", session}, {"application_json", application_json}}, call,
                    [&](const CallOptions& o) -> Result<InvoicePreview> {
                      auto app = parse_input<InvoiceApplication>(application_json, "application_json");
                      if (!app) return app.error();
                      return client->client.preview_invoice_request(session->session, *app, o);
                    });
}

int fapiao_invoice_request_create(fapiao_value** out, fapiao_client* client, const fapiao_session* session,
                                  const char* application_json, const fapiao_call_options* call) {
  return value_call(out, {{"client", client}, {"session", session}, {"application_json", application_json}}, call,
                    [&](const CallOptions& o) -> Result<InvoiceRequest> {
                      auto app = parse_input<InvoiceApplication>(application_json, "application_json");
                      if (!app) return app.error();
                      return client->client.create_invoice_request(session->session, *app, o);
                    });
}

int fapiao_invoice_request_get(fapiao_value** out, fapiao_client* client, const fapiao_session* session,
                               const char* request_id, const fapiao_call_options* call) {
  return value_call(out, {{"client", client}, {"session", session}, {"request_id", request_id}}, call,
                    [&](const CallOptions& o) { return client->client.get_invoice_request(session->session, request_id, o); });
}

int fapiao_invoice_request_cancel(fapiao_value** out, fapiao_client* client, const fapiao_session* session,
                                  const char* request_id, const fapiao_call_options* call) {
  return value_call(out, {{"client", client}, {"session", session}, {"request_id", request_id}}, call,
                    [&](const CallOptions& o) {
                      return client->client.cancel_invoice_request(session->session, request_id, o);
                    });
}

int fapiao_invoice_request_title_change(fapiao_value** out, fapiao_client* client, const fapiao_session* session,
                                        const char* request_id, const char* buyer_json, const char* note,
                                        const fapiao_call_options* call) {
  return value_call(out,
                    {{"client", client}, {"session", session}, {"request_id", request_id}, {"buyer_json", buyer_json}},
                    call, [&](const CallOptions& o) -> Result<InvoiceRequest> {
                      auto buyer = parse_input<Buyer>(buyer_json, "buyer_json");
                      if (!buyer) return buyer.error();
                      return client->client.request_title_change(session->session, request_id, *buyer,
                                                                 note ? note : "", o);
                    });
}

int fapiao_invoice_document_download(char** out_bytes, size_t* out_size, char** out_content_type,
                                     fapiao_client* client, const fapiao_session* session, const char* request_id,
                                     const fapiao_call_options* call) {
  return guard([&] {
    if (int rc = require({{"out_bytes", out_bytes}, {"out_size", out_size}, {"out_content_type", out_content_type}}); rc) {
      return rc;
    }
    *out_bytes = nullptr;
    *out_size = 0;
    *out_content_type = nullptr;
    if (int rc = require({{"client", client}, {"session", session}, {"request_id", request_id}}); rc) return rc;
    auto options = call_options(call);
    if (!options) return set_error(options.error());
    auto doc = client->client.download_invoice_document(session->session, request_id, *options);
    if (!doc) return set_error(doc.error());
    char* bytes = copy_string(doc->bytes);
    char* type = nullptr;
    try {
      type = copy_string(doc->content_type);
    } catch (...) {
      std::free(bytes);
      throw;
    }
    *out_bytes = bytes;
    *out_size = doc->bytes.size();
    *out_content_type = type;
    return FAPIAO_OK;
  });
}

// ---- Tracking -------------------------------------------------------------------

int fapiao_operation_new(fapiao_operation** out, fapiao_client* client, const fapiao_session* session,
                         const char* request_id) {
  return guard([&] {
    if (!out) return null_argument("out");
    *out = nullptr;
    if (int rc = require({{"client", client}, {"session", session}, {"request_id", request_id}}); rc) return rc;
    *out = new fapiao_operation(client->client.track_invoice_request(session->session, request_id));
    return FAPIAO_OK;
  });
}

int fapiao_operation_poll(fapiao_value** out, fapiao_operation* operation, const fapiao_call_options* call) {
  return value_call(out, {{"operation", operation}}, call,
                    [&](const CallOptions& o) { return operation->operation.poll(o); });
}

int fapiao_operation_wait_until(fapiao_value** out, fapiao_operation* operation, const char* status,
                                int timeout_ms, int interval_ms, fapiao_cancel* cancel) {
  return value_call(out, {{"operation", operation}, {"status", status}}, nullptr,
                    [&](const CallOptions&) -> Result<InvoiceRequest> {
                      auto target = filter<RequestStatus>(status, "status");
                      if (!target) return target.error();
                      if (timeout_ms < 0 || interval_ms <= 0) {
                        return validation_error({{"interval_ms", "INVALID_VALUE",
                                                  "timeout_ms must be at least 0 and interval_ms above 0."}});
                      }
                      return operation->operation.wait_until(
                          target->value(), std::chrono::milliseconds(timeout_ms), std::chrono::milliseconds(interval_ms),
                          cancel ? cancel->source.token() : CancellationToken());
                    });
}

void fapiao_operation_free(fapiao_operation* operation) { delete operation; }

// ---- Support -------------------------------------------------------------------

int fapiao_support_ticket_create(fapiao_value** out, fapiao_client* client, const fapiao_session* session,
                                 const char* ticket_json, const fapiao_call_options* call) {
  return value_call(out, {{"client", client}, {"session", session}, {"ticket_json", ticket_json}}, call,
                    [&](const CallOptions& o) -> Result<SupportTicket> {
                      auto ticket = parse_input<NewSupportTicket>(ticket_json, "ticket_json");
                      if (!ticket) return ticket.error();
                      return client->client.create_support_ticket(session->session, *ticket, o);
                    });
}

int fapiao_support_ticket_get(fapiao_value** out, fapiao_client* client, const fapiao_session* session,
                              const char* ticket_id, const fapiao_call_options* call) {
  return value_call(out, {{"client", client}, {"session", session}, {"ticket_id", ticket_id}}, call,
                    [&](const CallOptions& o) { return client->client.get_support_ticket(session->session, ticket_id, o); });
}

// ---- Validation --------------------------------------------------------------------

int fapiao_validate_application(char** out_warnings, const char* application_json, int strict_uscc) {
  return guard([&] {
    if (!out_warnings) return null_argument("out_warnings");
    *out_warnings = nullptr;
    if (!application_json) return null_argument("application_json");
    auto app = parse_input<InvoiceApplication>(application_json, "application_json");
    if (!app) return set_error(app.error());
    ValidationOptions options;
    options.uscc_mode = strict_uscc ? UsccMode::strict : UsccMode::lenient;
    const auto report = validate_application(*app, options);
    if (!report.ok()) return set_error(validation_error(report.errors));
    *out_warnings = copy_string(boost::json::serialize(detail::json::encode_value(report.warnings)));
    return FAPIAO_OK;
  });
}

int fapiao_validate_taxpayer_id(const char* taxpayer_id, int individual, int strict_uscc) {
  return guard([&] {
    if (!taxpayer_id) return null_argument("taxpayer_id");
    const auto report = validate_taxpayer_id(taxpayer_id, individual ? BuyerType::individual : BuyerType::organization,
                                             strict_uscc ? UsccMode::strict : UsccMode::lenient);
    if (!report.ok()) return set_error(validation_error(report.errors));
    return FAPIAO_OK;
  });
}

}  // extern "C"
