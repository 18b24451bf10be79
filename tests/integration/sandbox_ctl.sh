#!/usr/bin/env bash
# Starts or stops the sandbox shared by the integration tests (a CTest fixture).
#   sandbox_ctl.sh start DIR SANDBOX_BINARY   |   sandbox_ctl.sh stop DIR
set -euo pipefail
dir=$2
case "$1" in
  start)
    rm -rf "$dir" && mkdir -p "$dir"
    "$3" --data "$dir/data" --listen 127.0.0.1:0 --port-file "$dir/port" --password-hash-iterations 1000 \
      >"$dir/sandbox.log" 2>&1 &
    echo $! >"$dir/pid"
    for _ in $(seq 1 200); do
      [ -s "$dir/port" ] && exit 0
      kill -0 "$(cat "$dir/pid")" 2>/dev/null || { cat "$dir/sandbox.log"; exit 1; }
      sleep 0.05
    done
    echo "sandbox did not start" >&2; exit 1 ;;
  stop)
    [ -f "$dir/pid" ] || exit 0
    pid=$(cat "$dir/pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -9 "$pid" 2>/dev/null || true
    # A sandbox built with a sanitizer (the TSan preset builds its own) logs
    # its reports: any report fails the fixture, so the run fails with it.
    if grep -q -E 'WARNING: ThreadSanitizer|ERROR: AddressSanitizer|runtime error:' "$dir/sandbox.log"; then
      echo "the shared sandbox reported:" >&2
      grep -A 40 -E 'WARNING: ThreadSanitizer|ERROR: AddressSanitizer|runtime error:' "$dir/sandbox.log" | head -200 >&2
      exit 1
    fi ;;
  *) echo "usage: $0 start|stop DIR [BINARY]" >&2; exit 2 ;;
esac
