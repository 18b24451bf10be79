// The sections of bench_client, each printing its rows of the table.
#pragma once

#include "support/fixture.hpp"

namespace fapiao::bench {

/// 1. fapiao::Client vs raw Boost.Beast vs libcurl over one kept-alive connection.
void run_overhead(const Target& target);
/// 2. 1–64 threads sharing one Client (and one C ABI client).
void run_concurrency(const Target& target);
/// 4. Invoice-request creates per second (synchronous=FULL) from 8 clients vs 1.
void run_creates(const Target& target);
/// 6. Paging 10k and 100k bills: time and peak RSS.
void run_paging(const Target& target);
/// 6. A cold start (new Client, first call) against a warm call.
void run_first_call(const Target& target);
/// 6. A new connection per call, with TLS session resumption and without.
void run_reconnect(const Target& target);
/// 8. One thread with 64 AsyncClient calls in flight vs 64 threads on Client: rate and peak RSS.
void run_async(const Target& target);

}  // namespace fapiao::bench
