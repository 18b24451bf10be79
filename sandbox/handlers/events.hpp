// /v1/events and /v1/webhook-endpoints: what happened to a customer's bills,
// requests and tickets, and the URLs it is delivered to, signed.
#pragma once

#include "handlers/context.hpp"
#include "handlers/results.hpp"
#include "router/inputs.hpp"

#include <fapiao/models.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace sandbox::handlers {

struct EventFilter {
  PageQuery page;
  std::optional<std::string> type;  // an EventType wire name
};
EventFilter read(const Call& call, In<EventFilter>);

/// PATCH /v1/webhook-endpoints/{id}: only the fields the body names change.
struct EndpointChange {
  std::string id;
  std::optional<std::string> url;
  std::optional<std::vector<std::string>> event_types;
  std::optional<std::string> description;
  std::optional<std::string> status;  // a WebhookEndpointStatus wire name
};
EndpointChange read(const Call& call, In<EndpointChange>);

struct SecretRotationInput {
  std::string id;
  std::int64_t previous_secret_expires_in_seconds = 86400;
};
SecretRotationInput read(const Call& call, In<SecretRotationInput>);

namespace events {
/// The account's events, newest first, as they were delivered.
JsonPage list(const Context& ctx, const EventFilter& filter);
JsonText get(const Context& ctx, const ById& event);
}  // namespace events

namespace webhook_endpoints {
/// At most kMaxEndpoints per account.
inline constexpr std::size_t kMaxEndpoints = 16;
/// The answer carries the new signing secret (shown only here and by rotate).
WithSecret<Created<fapiao::WebhookEndpoint>> create(const Context& ctx, const fapiao::NewWebhookEndpoint& input);
fapiao::Page<fapiao::WebhookEndpoint> list(const Context& ctx, const PageQuery& page);
fapiao::WebhookEndpoint get(const Context& ctx, const ById& endpoint);
fapiao::WebhookEndpoint update(const Context& ctx, const EndpointChange& change);
NoContent remove(const Context& ctx, const ById& endpoint);
/// A new secret; the previous one keeps signing for the given seconds.
WithSecret<fapiao::WebhookEndpoint> rotate_secret(const Context& ctx, const SecretRotationInput& input);
}  // namespace webhook_endpoints

}  // namespace sandbox::handlers
