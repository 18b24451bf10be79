// Measures several subjects taking turns: each runs a block of calls, then
// the next, round after round, so drift on a shared machine hits them alike.
#pragma once

#include "stats.hpp"

#include <functional>
#include <vector>

namespace fapiao::bench {

/// `warmup` untimed calls each, then `rounds` rounds of `per_round` timed
/// calls each; one summary per subject, its rate over its own busy time.
std::vector<Summary> take_turns(const std::vector<std::function<void()>>& subjects, int warmup, int rounds,
                                int per_round);

}  // namespace fapiao::bench
