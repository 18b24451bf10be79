// bench_client: the benchmarks that drive the sandbox through the SDK and its
// comparisons. Run by bench/run_bench.py (./dev.sh bench), which starts the
// sandbox and gathers the printed rows into one table.
//   bench_client ENDPOINT CA_FILE OPERATOR_TOKEN_FILE [--quick] [--only SECTION] [--static-server ID]
// SECTION: overhead, concurrency, creates, paging, first-call, reconnect, async.
#include "sections.hpp"

#include <exception>
#include <iostream>
#include <utility>

int main(int argc, char** argv) {
  const auto target = fapiao::bench::parse_target(argc, argv, "bench_client");
  using namespace fapiao::bench;
  const std::pair<const char*, void (*)(const Target&)> sections[] = {
      {"overhead", run_overhead}, {"concurrency", run_concurrency}, {"creates", run_creates},
      {"paging", run_paging},     {"first-call", run_first_call},   {"reconnect", run_reconnect},
      {"async", run_async}};
  try {
    bool ran = false;
    for (const auto& [name, run] : sections) {
      if (!target.only.empty() && target.only != name) continue;
      run(target);
      ran = true;
    }
    if (!ran) {
      std::cerr << "bench_client: no section named '" << target.only << "'\n";
      return 2;
    }
  } catch (const std::exception& e) {
    std::cerr << "bench_client: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
