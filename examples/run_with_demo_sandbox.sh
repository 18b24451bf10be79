#!/usr/bin/env bash
# Starts fapiao-sandbox with a fresh data dir and --seed demo on a free
# loopback port, runs a program against it, and stops the sandbox when the
# program ends or on Ctrl-C.
#   run_with_demo_sandbox.sh SANDBOX_BINARY PROGRAM   (PROGRAM gets ENDPOINT CA_FILE OPERATOR_TOKEN_FILE)
set -euo pipefail
sandbox=$1
program=$2
data=$(mktemp -d -t fapiao-demo-XXXXXX)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$data"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
"$sandbox" --data "$data/data" --listen 127.0.0.1:0 --port-file "$data/port" --seed demo --quiet >"$data/sandbox.log" 2>&1 &
pid=$!
for _ in $(seq 1 200); do
  [ -s "$data/port" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$data/sandbox.log" >&2; exit 1; }
  sleep 0.05
done
[ -s "$data/port" ] || { echo "the sandbox did not start" >&2; exit 1; }
echo "Sandbox: https://localhost:$(cat "$data/port") (CA $data/data/ca.pem), seeded with demo orders:"
sed -n 's/^  \(DEMO-ORDER-.*\)/  \1/p' "$data/sandbox.log"
"$program" "https://localhost:$(cat "$data/port")" "$data/data/ca.pem" "$data/data/operator-token"
