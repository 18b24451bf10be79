// GET /sandbox/webhook-deliveries: every attempt to deliver an event, so
// partners' tests can see what their receiver was sent and answered.
#include "handlers/operator/operator.hpp"

#include "store/webhooks.hpp"

namespace sandbox::handlers {

DeliveryFilter read(const Call& call, In<DeliveryFilter>) {
  return DeliveryFilter{query_value(call, "endpoint_id").value_or(""), query_value(call, "event_id").value_or("")};
}

namespace operator_api {

fapiao::Page<fapiao::sandbox::WebhookDelivery> webhook_deliveries(const Context& ctx, const DeliveryFilter& filter) {
  return {store::attempts(ctx.db, filter.endpoint_id, filter.event_id), false};
}

}  // namespace operator_api
}  // namespace sandbox::handlers
