#!/usr/bin/env bash
# fapiao developer entry point. On a fresh Debian 12 machine, as root:
#   ./dev.sh demo     install what is missing, build (Release), start a sandbox
#                     seeded with demo orders and walk the customer guide against it
#   ./dev.sh test     install what is missing, build, run every test suite
#                     (then the C++ and C suites again under ASan + UBSan, the
#                     unit, sandbox and client integration tests under TSan, and the fuzzers)
#   ./dev.sh test --long   the same with the full-size fault and crash runs
#   ./dev.sh bench    build in Release and print the benchmark table (docs/performance.md);
#                     --quick: tiny counts, to prove the benchmarks run (the tests do this)
#   ./dev.sh portal   build, then start a demo sandbox (auto-processing) and the partner
#                     portal (examples/portal) on loopback; Ctrl-C stops both
#   ./dev.sh build    install what is missing and build (Debug, preset "dev")
#   ./dev.sh clean    remove the build trees
# A second run with nothing changed takes seconds: packages are only looked
# up, configuration is reused and ccache serves unchanged objects.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the build and the tests need. Boost comes as the 1.81
# packages (Debian's default 1.74 has no Boost.JSON); never libboost-all-dev.
PACKAGES=(
  cmake ninja-build g++ ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libsqlite3-dev libcairo2-dev fonts-wqy-microhei libcli11-dev
  googletest libgtest-dev libgmock-dev clang libclang-rt-14-dev
  python3 python3-dev python3-pytest python3-jsonschema python3-yaml python3-setuptools python3-pip
  pybind11-dev poppler-utils tinyproxy sqlite3 mypy
  libcurl4-openssl-dev libbenchmark-dev wrk nginx python3-requests python3-httpx
  python3-flask chromium python3-aiohttp
)
# Redocly's CLI lints api/openapi.yaml; it comes from the npm registry into
# build/tools (1.34.20: later 1.x releases do not install here).
REDOCLY_VERSION=1.34.20
# playwright-core drives Debian's chromium in the portal's browser test.
PLAYWRIGHT_VERSION=1.64.1

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_missing_packages() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
  fi
  if [ ${#missing[@]} -eq 0 ]; then
    return
  fi
  log "Installing missing Debian packages: ${missing[*]}"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

install_tools() {
  local redocly=build/tools/node_modules/.bin/redocly
  if ! { [ -x "$redocly" ] && "$redocly" --version 2>/dev/null | grep -qx "$REDOCLY_VERSION"; }; then
    log "Installing @redocly/cli@$REDOCLY_VERSION into build/tools"
    mkdir -p build/tools
    npm install --prefix build/tools --no-audit --no-fund --loglevel=error "@redocly/cli@$REDOCLY_VERSION"
  fi
  local playwright=build/tools/node_modules/playwright-core/package.json
  if ! grep -q "\"version\": \"$PLAYWRIGHT_VERSION\"" "$playwright" 2>/dev/null; then
    # playwright-core only: it drives Debian's chromium and never downloads a browser.
    log "Installing playwright-core@$PLAYWRIGHT_VERSION into build/tools"
    mkdir -p build/tools
    npm install --prefix build/tools --no-audit --no-fund --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION"
  fi
}

# Configures a preset once; later builds re-run CMake by themselves when a
# CMakeLists.txt changes. An optional second name is the build preset (a
# subset of targets of the same configuration).
build_preset() {
  local preset=$1 build=${2:-$1}
  if [ ! -f "build/$preset/build.ninja" ]; then
    log "Configuring ($preset)"
    cmake --preset "$preset"
  fi
  log "Building ($build)"
  cmake --build --preset "$build"
}

cmd_build() {
  install_missing_packages
  build_preset dev
}

cmd_test() {
  if [ "${1:-}" = "--long" ]; then
    export FAPIAO_LONG=1  # full-size fault and crash runs (2000 creates)
    shift
  fi
  install_missing_packages
  install_tools
  build_preset dev
  log "Running every test suite (dev)"
  ctest --preset dev
  build_preset asan
  log "Running the C++ and C suites under AddressSanitizer + UndefinedBehaviorSanitizer"
  ctest --preset asan
  build_preset tsan
  log "Running the unit, sandbox and client integration tests under ThreadSanitizer (sandbox included)"
  ctest --preset tsan
  build_preset fuzz
  log "Running the libFuzzer targets over their corpora (60 s each with --long)"
  ctest --preset fuzz
  cmd_bench --quick
  log "All test suites passed"
}

cmd_bench() {
  local quick=()
  if [ "${1:-}" = "--quick" ]; then
    quick=(--quick)
    shift
  fi
  install_missing_packages
  build_preset release bench
  log "Running the benchmarks${quick:+ (quick: tiny counts, numbers not meaningful)}"
  /usr/bin/python3 bench/run_bench.py --build-dir build/release "${quick[@]}" --out build/release/bench/latest.md
  log "The table is also in build/release/bench/latest.md"
}

cmd_demo() {
  install_missing_packages
  build_preset release
  log "Starting a sandbox with demo orders and running examples/cpp/quickstart against it"
  examples/run_with_demo_sandbox.sh build/release/sandbox/fapiao-sandbox build/release/examples/quickstart
}

cmd_portal() {
  install_missing_packages
  build_preset dev
  log "Starting a demo sandbox and the partner portal (examples/portal); Ctrl-C stops both"
  PYTHONPATH=build/dev/bindings/python/stage exec /usr/bin/python3 examples/portal/run_portal.py \
    --sandbox build/dev/sandbox/fapiao-sandbox "$@"
}

cmd_clean() {
  rm -rf build
}

usage() {
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
}

case "${1:-help}" in
  demo) shift; cmd_demo "$@" ;;
  test) shift; cmd_test "$@" ;;
  bench) shift; cmd_bench "$@" ;;
  build) shift; cmd_build "$@" ;;
  portal) shift; cmd_portal "$@" ;;
  clean) cmd_clean ;;
  help|-h|--help) usage ;;
  *) printf 'Unknown command: %s\n\n' "$1" >&2; usage >&2; exit 2 ;;
esac
