// --seed demo: a few customers with orders, subscriptions and paid bills,
// some still inside their 3-day sync window. No accounts: registering is
// the first step of the customer guide.
#include "service.hpp"
#include "store/bills.hpp"
#include "store/orders.hpp"

namespace sandbox {
namespace {

struct DemoOrder {
  const char* order_id;
  const char* customer_id;
  const char* payer_name;
  const char* subscription_id;
  const char* subscription_name;
  std::vector<std::pair<std::int64_t, int>> payments;  // amount fen, days ago
};

}  // namespace

std::vector<std::string> Service::seed_demo() {
  const std::vector<DemoOrder> orders = {
      {"DEMO-ORDER-1001", "cus_demo_shanghai", "上海示例科技有限公司", "sub_demo_prod", "Azure 标准订阅（生产环境）",
       {{100000, 40}, {235000, 12}, {88800, 1}}},
      {"DEMO-ORDER-1002", "cus_demo_shanghai", "上海示例科技有限公司", "sub_demo_test", "Azure 开发测试订阅",
       {{12345, 20}}},
      {"DEMO-ORDER-2001", "cus_demo_beijing", "北京云帆信息技术有限公司", "sub_demo_bj", "Azure 标准订阅",
       {{500000, 9}, {66600, 2}}},
      {"DEMO-ORDER-3001", "cus_demo_person", "张伟", "sub_demo_personal", "Azure 即用即付", {{9900, 6}}},
  };
  std::lock_guard lock(mutex_);
  std::vector<std::string> ids;
  if (store::order_customer(db_, orders.front().order_id)) {
    for (const auto& o : orders) ids.emplace_back(o.order_id);
    return ids;  // seeded on an earlier start; the data dir keeps it
  }
  Transaction tx(db_);
  const std::int64_t at = now(db_);
  for (const auto& o : orders) {
    store::insert_order(db_, fapiao::sandbox::Order{o.order_id, o.customer_id, o.payer_name, o.subscription_id,
                                                     o.subscription_name});
    for (const auto& [amount, days_ago] : o.payments) {
      store::insert_bills(db_,
                          store::NewBills{o.customer_id, o.order_id, amount,
                                          at - static_cast<std::int64_t>(days_ago) * 86400,
                                          days_ago % 2 ? "ALIPAY" : "UNIONPAY"},
                          1);
    }
    ids.emplace_back(o.order_id);
  }
  tx.commit();
  return ids;
}

}  // namespace sandbox
