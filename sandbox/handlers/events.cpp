#include "handlers/events.hpp"

#include "crypto.hpp"
#include "store/events.hpp"
#include "store/rows.hpp"
#include "store/webhooks.hpp"
#include "util.hpp"
#include "webhooks/url.hpp"

#include <fapiao/generated/field_codes.hpp>
#include <fapiao/validate.hpp>


namespace sandbox::handlers {
namespace fc = fapiao::field_code;
namespace {

using Problems = std::vector<fapiao::FieldError>;

constexpr std::int64_t kMaxSecretOverlapSeconds = 7 * 24 * 3600;
constexpr std::size_t kMaxDescriptionBytes = 200;  // GBK bytes, like the other free texts

void check_url(const std::string& url, Problems& problems) {
  const auto parsed = webhooks::parse_url(url);
  if (!parsed) {
    problems.push_back({"url", std::string(fc::url_format), "url must be an absolute https:// URL with a host."});
  } else if (!parsed->tls && !webhooks::is_loopback(*parsed)) {
    problems.push_back({"url", std::string(fc::url_not_https),
                        "url must use https:// (the sandbox accepts http:// only to a loopback host)."});
  }
}

void check_event_types(const std::vector<std::string>& types, Problems& problems) {
  if (types.empty()) {
    problems.push_back({"event_types", std::string(fc::required), "Name at least one event type, or \"*\" for all."});
  }
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (types[i] == "*" || fapiao::OpenEnum<fapiao::EventType>::from_wire(types[i]).is_known()) continue;
    problems.push_back({"event_types[" + std::to_string(i) + "]", std::string(fc::invalid_value),
                        "Unknown event type '" + types[i] + "'."});
  }
}

void check_description(const std::string& description, Problems& problems) {
  const auto bytes = fapiao::gbk_length(description);
  if (!bytes) {
    problems.push_back({"description", std::string(fc::unencodable_character),
                        "description has a character GBK cannot encode."});
  } else if (*bytes > kMaxDescriptionBytes) {
    problems.push_back({"description", std::string(fc::too_long), "description is at most 200 GBK bytes."});
  }
}

fapiao::WebhookEndpoint load(const Context& ctx, const std::string& id) {
  auto endpoint = store::find_endpoint(ctx.db, ctx.caller.account_id, id);
  if (!endpoint) throw not_found("WEBHOOK_ENDPOINT_NOT_FOUND", "Webhook endpoint " + id);
  return std::move(*endpoint);
}

/// A new current secret for the endpoint, and the response secret that the
/// idempotency record keeps only as its reference.
ResponseSecret new_secret(const Context& ctx, const std::string& endpoint_id) {
  const std::string reference = crypto::new_webhook_secret_reference();
  store::add_secret(ctx.db, endpoint_id, reference);
  return ResponseSecret{crypto::webhook_secret(ctx.env.service_secret, reference), reference};
}

std::vector<std::string> string_list(const boost::json::value& v, const char* name) {
  if (!v.is_array()) throw invalid_field(name, "INVALID_VALUE", std::string(name) + " must be a list of strings.");
  std::vector<std::string> out;
  for (const auto& item : v.get_array()) {
    if (!item.is_string()) throw invalid_field(name, "INVALID_VALUE", std::string(name) + " must be a list of strings.");
    out.emplace_back(item.get_string());
  }
  return out;
}

}  // namespace

EventFilter read(const Call& call, In<EventFilter>) {
  return EventFilter{read(call, In<PageQuery>{}), enum_filter<fapiao::EventType>(call, "type")};
}

EndpointChange read(const Call& call, In<EndpointChange>) {
  const auto& body = body_object(call);
  EndpointChange change;
  change.id = call.params.at(0);
  if (const auto* v = body.if_contains("url"); v && !v->is_null()) change.url = text_field(call, "url");
  if (const auto* v = body.if_contains("event_types"); v && !v->is_null()) change.event_types = string_list(*v, "event_types");
  if (const auto* v = body.if_contains("description"); v) change.description = text_field(call, "description");
  if (const auto* v = body.if_contains("status"); v && !v->is_null()) change.status = text_field(call, "status");
  return change;
}

SecretRotationInput read(const Call& call, In<SecretRotationInput>) {
  SecretRotationInput input;
  input.id = call.params.at(0);
  input.previous_secret_expires_in_seconds =
      int_field(call, "previous_secret_expires_in_seconds", false, input.previous_secret_expires_in_seconds);
  return input;
}

namespace events {

JsonPage list(const Context& ctx, const EventFilter& filter) {
  auto found = store::list_events(ctx.db, store::EventQuery{ctx.caller.account_id, filter.type,
                                                            filter.page.starting_after, filter.page.limit});
  if (!found.cursor_found) throw ApiError("INVALID_CURSOR", "starting_after does not name one of your events.");
  return JsonPage{std::move(found.bodies), found.has_more};
}

JsonText get(const Context& ctx, const ById& event) {
  auto body = store::find_event(ctx.db, ctx.caller.account_id, event.id);
  if (!body) throw not_found("EVENT_NOT_FOUND", "Event " + event.id);
  return JsonText{std::move(*body)};
}

}  // namespace events

namespace webhook_endpoints {

WithSecret<Created<fapiao::WebhookEndpoint>> create(const Context& ctx, const fapiao::NewWebhookEndpoint& input) {
  Problems problems;
  check_url(input.url, problems);
  check_event_types(input.event_types, problems);
  check_description(input.description, problems);
  if (store::endpoints_of(ctx.db, ctx.caller.account_id).size() >= kMaxEndpoints) {
    problems.push_back({"url", std::string(fc::too_many_endpoints),
                        "An account has at most 16 webhook endpoints; delete one first."});
  }
  if (!problems.empty()) throw validation_failed(problems);
  fapiao::WebhookEndpoint e;
  e.id = store::new_id("we");
  e.url = input.url;
  e.event_types = input.event_types;
  e.description = input.description;
  e.status = fapiao::WebhookEndpointStatus::enabled;
  e.created_at = ts(ctx.now);
  store::insert_endpoint(ctx.db, e, ctx.caller.account_id);
  auto secret = new_secret(ctx, e.id);
  e.secret = secret.value;
  return {{std::move(e)}, std::move(secret)};
}

fapiao::Page<fapiao::WebhookEndpoint> list(const Context& ctx, const PageQuery& page) {
  return paginate(store::endpoints_of(ctx.db, ctx.caller.account_id), page,
                  [](const fapiao::WebhookEndpoint& e) { return e.id; });
}

fapiao::WebhookEndpoint get(const Context& ctx, const ById& endpoint) { return load(ctx, endpoint.id); }

fapiao::WebhookEndpoint update(const Context& ctx, const EndpointChange& change) {
  auto e = load(ctx, change.id);
  Problems problems;
  if (change.url) check_url(*change.url, problems);
  if (change.event_types) check_event_types(*change.event_types, problems);
  if (change.description) check_description(*change.description, problems);
  fapiao::OpenEnum<fapiao::WebhookEndpointStatus> status = e.status;
  if (change.status) {
    status = fapiao::OpenEnum<fapiao::WebhookEndpointStatus>::from_wire(*change.status);
    if (!status.is_known()) {
      problems.push_back({"status", std::string(fc::invalid_value), "status is ENABLED or DISABLED."});
    }
  }
  if (!problems.empty()) throw validation_failed(problems);
  if (change.url) e.url = *change.url;
  if (change.event_types) e.event_types = *change.event_types;
  if (change.description) e.description = *change.description;
  e.status = status;
  store::save_endpoint(ctx.db, e);
  return e;
}

NoContent remove(const Context& ctx, const ById& endpoint) {
  load(ctx, endpoint.id);  // 404 when it is not theirs
  store::delete_endpoint(ctx.db, endpoint.id);
  return {};
}

WithSecret<fapiao::WebhookEndpoint> rotate_secret(const Context& ctx, const SecretRotationInput& input) {
  auto e = load(ctx, input.id);
  const std::int64_t overlap = input.previous_secret_expires_in_seconds;
  if (overlap < 0 || overlap > kMaxSecretOverlapSeconds) {
    throw invalid_field("previous_secret_expires_in_seconds", "INVALID_VALUE",
                        "previous_secret_expires_in_seconds is 0 to 604800 (7 days).");
  }
  store::expire_current_secret(ctx.db, e.id, ctx.now + overlap);
  auto secret = new_secret(ctx, e.id);
  e.secret = secret.value;
  return {std::move(e), std::move(secret)};
}

}  // namespace webhook_endpoints
}  // namespace sandbox::handlers
