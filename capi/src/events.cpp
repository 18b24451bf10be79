// The C entry points for events and webhook endpoints (docs/webhooks.md).
#include "calls.hpp"

using namespace fapiao;
using namespace fapiao::capi;

int fapiao_events_list(fapiao_pager** out, fapiao_client* client, const fapiao_session* session, const char* type,
                       int size, const fapiao_call_options* call) {
  return pager_call(out, {{"client", client}, {"session", session}}, call, [&](const CallOptions& o) {
    auto type_filter = filter<EventType>(type, "type");
    if (!type_filter) return set_error(type_filter.error());
    auto checked_size = page_size(size);
    if (!checked_size) return set_error(checked_size.error());
    EventQuery q;
    q.type = *type_filter;
    q.page_size = *checked_size;
    *out = make_pager(client->client.list_events(session->session, q, o));
    return FAPIAO_OK;
  });
}

int fapiao_event_get(fapiao_value** out, fapiao_client* client, const fapiao_session* session, const char* event_id,
                     const fapiao_call_options* call) {
  return value_call(out, {{"client", client}, {"session", session}, {"event_id", event_id}}, call,
                    [&](const CallOptions& o) { return client->client.get_event(session->session, event_id, o); });
}

int fapiao_webhook_endpoint_create(fapiao_value** out, fapiao_client* client, const fapiao_session* session,
                                   const char* endpoint_json, const fapiao_call_options* call) {
  return value_call(out, {{"client", client}, {"session", session}, {"endpoint_json", endpoint_json}}, call,
                    [&](const CallOptions& o) -> Result<WebhookEndpoint> {
                      auto endpoint = parse_input<NewWebhookEndpoint>(endpoint_json, "endpoint_json");
                      if (!endpoint) return endpoint.error();
                      return client->client.create_webhook_endpoint(session->session, *endpoint, o);
                    });
}

int fapiao_webhook_endpoints_list(fapiao_pager** out, fapiao_client* client, const fapiao_session* session,
                                  const fapiao_call_options* call) {
  return pager_call(out, {{"client", client}, {"session", session}}, call, [&](const CallOptions& o) {
    *out = make_pager(client->client.list_webhook_endpoints(session->session, o));
    return FAPIAO_OK;
  });
}

int fapiao_webhook_endpoint_get(fapiao_value** out, fapiao_client* client, const fapiao_session* session,
                                const char* endpoint_id, const fapiao_call_options* call) {
  return value_call(out, {{"client", client}, {"session", session}, {"endpoint_id", endpoint_id}}, call,
                    [&](const CallOptions& o) {
                      return client->client.get_webhook_endpoint(session->session, endpoint_id, o);
                    });
}

int fapiao_webhook_endpoint_update(fapiao_value** out, fapiao_client* client, const fapiao_session* session,
                                   const char* endpoint_id, const char* change_json, const fapiao_call_options* call) {
  return value_call(out,
                    {{"client", client}, {"session", session}, {"endpoint_id", endpoint_id}, {"change_json", change_json}},
                    call, [&](const CallOptions& o) -> Result<WebhookEndpoint> {
                      auto change = parse_input<WebhookEndpointUpdate>(change_json, "change_json");
                      if (!change) return change.error();
                      return client->client.update_webhook_endpoint(session->session, endpoint_id, *change, o);
                    });
}

int fapiao_webhook_endpoint_delete(fapiao_client* client, const fapiao_session* session, const char* endpoint_id,
                                   const fapiao_call_options* call) {
  return void_call({{"client", client}, {"session", session}, {"endpoint_id", endpoint_id}}, call,
                   [&](const CallOptions& o) {
                     return client->client.delete_webhook_endpoint(session->session, endpoint_id, o);
                   });
}

int fapiao_webhook_endpoint_rotate_secret(fapiao_value** out, fapiao_client* client, const fapiao_session* session,
                                          const char* endpoint_id, int64_t previous_secret_expires_in_seconds,
                                          const fapiao_call_options* call) {
  return value_call(out, {{"client", client}, {"session", session}, {"endpoint_id", endpoint_id}}, call,
                    [&](const CallOptions& o) {
                      SecretRotation rotation;
                      rotation.previous_secret_expires_in_seconds = previous_secret_expires_in_seconds;
                      return client->client.rotate_webhook_secret(session->session, endpoint_id, rotation, o);
                    });
}
