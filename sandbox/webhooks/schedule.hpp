// The delivery rules of the contract (service.md, "Delivery"): the one place
// the sandbox keeps them.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>

namespace sandbox::webhooks {

/// Any 2xx within this time is success.
inline constexpr std::chrono::seconds kAttemptTimeout{10};
/// After a failed attempt n (1-based), the next one comes kRetryDelays[n-1]
/// seconds later on the service's clock: 1 min, 5 min, 30 min, 2 h, 5 h,
/// 10 h, 24 h, 24 h. After the ninth failure the delivery is FAILED.
inline constexpr std::array<std::int64_t, 8> kRetryDelays{60, 300, 1800, 7200, 18000, 36000, 86400, 86400};
inline constexpr int kMaxAttempts = static_cast<int>(kRetryDelays.size()) + 1;

}  // namespace sandbox::webhooks
