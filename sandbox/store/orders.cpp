#include "store/orders.hpp"

#include "store/rows.hpp"

namespace sandbox::store {

bool insert_order(Database& db, const fapiao::sandbox::Order& o) {
  if (db.prepare("SELECT 1 FROM orders WHERE order_id = ?").bind_all(o.order_id).step()) return false;
  db.prepare("INSERT INTO orders(order_id, customer_id, payer_name, subscription_id, subscription_name, seq) "
             "VALUES(?, ?, ?, ?, ?, ?)")
      .bind_all(o.order_id, o.customer_id, o.payer_name, o.subscription_id, o.subscription_name, next_seq(db, "orders"))
      .run();
  return true;
}

std::optional<std::string> order_customer(Database& db, const std::string& order_id) {
  auto st = db.prepare("SELECT customer_id FROM orders WHERE order_id = ?");
  st.bind_all(order_id);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

std::vector<fapiao::Subscription> subscriptions_of(Database& db, const std::string& customer_id) {
  std::vector<fapiao::Subscription> out;
  auto st = db.prepare("SELECT subscription_id, subscription_name, order_id FROM orders WHERE customer_id = ? "
                       "ORDER BY seq DESC");
  st.bind_all(customer_id);
  while (st.step()) out.push_back(fapiao::Subscription{st.text(0), st.text(1), st.text(2)});
  return out;
}

}  // namespace sandbox::store
