// fapiao: the whole public API. (The sandbox's operator client is apart:
// <fapiao/sandbox.hpp>, library fapiao::sandbox_operator.)
#pragma once

#include <fapiao/async.hpp>
#include <fapiao/async_client.hpp>
#include <fapiao/calendar.hpp>
#include <fapiao/cancellation.hpp>
#include <fapiao/client.hpp>
#include <fapiao/enums.hpp>
#include <fapiao/http.hpp>
#include <fapiao/error.hpp>
#include <fapiao/event.hpp>
#include <fapiao/json.hpp>
#include <fapiao/lifecycle.hpp>
#include <fapiao/models.hpp>
#include <fapiao/money.hpp>
#include <fapiao/open_enum.hpp>
#include <fapiao/operation.hpp>
#include <fapiao/options.hpp>
#include <fapiao/pager.hpp>
#include <fapiao/result.hpp>
#include <fapiao/tax.hpp>
#include <fapiao/time.hpp>
#include <fapiao/validate.hpp>
#include <fapiao/version.hpp>
#include <fapiao/webhooks.hpp>
