// The orders table: an order, its payer and its subscription (operator data).
#pragma once

#include "db.hpp"

#include <fapiao/generated/sandbox_models.hpp>
#include <fapiao/models.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sandbox::store {

/// false: an order with this id exists already, and nothing changed.
bool insert_order(Database& db, const fapiao::sandbox::Order& order);
/// The customer an order belongs to; nullopt when there is no such order.
std::optional<std::string> order_customer(Database& db, const std::string& order_id);
/// A customer's subscriptions, one per order, newest order first.
std::vector<fapiao::Subscription> subscriptions_of(Database& db, const std::string& customer_id);

}  // namespace sandbox::store
