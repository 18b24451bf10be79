// The working-day calendar shipped with the SDK, embedded at build time from
// data/cn-working-calendar.txt so that a new year is a data change.
#pragma once

#include <string_view>

namespace fapiao::detail {

std::string_view shipped_calendar_text() noexcept;

}  // namespace fapiao::detail
