#!/usr/bin/env bash
# Runs one libFuzzer target over its seed corpus: a short run normally, 60 s
# with FAPIAO_LONG=1. New inputs go to a scratch corpus, never into the repo.
#   run_fuzzer.sh TARGET SEED_CORPUS SCRATCH_DIR
set -euo pipefail
target=$1 seeds=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
if [ -n "${FAPIAO_LONG:-}" ]; then limit=(-max_total_time=60); else limit=(-runs=3000); fi
exec "$target" "${limit[@]}" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  "$scratch" "$seeds"
