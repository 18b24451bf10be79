#!/usr/bin/env bash
# Proves the packaging: install the build tree, then build and run projects
# that use it through find_package, through add_subdirectory, and a C
# program through pkg-config.
#   run.sh SOURCE_DIR BUILD_DIR WORK_DIR
set -euo pipefail
src=$1 build=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)

echo "== find_package(fapiao CONFIG REQUIRED)"
cmake -S "$src/tests/consumer/find_package" -B "$work/installed" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
  "${launcher[@]}" >/dev/null
cmake --build "$work/installed" >/dev/null
"$work/installed/consumer"

echo "== add_subdirectory(fapiao)"
cmake -S "$src/tests/consumer/add_subdirectory" -B "$work/embedded" -G Ninja -DFAPIAO_SOURCE_DIR="$src" \
  -DCMAKE_BUILD_TYPE=Debug "${launcher[@]}" >/dev/null
cmake --build "$work/embedded" --target consumer -- -j2 >/dev/null
"$work/embedded/consumer"

echo "== pkg-config fapiao (the C example)"
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
cc -std=c11 -Wall -Wextra -Werror "$src/examples/c/apply_invoice.c" $(pkg-config --cflags --libs fapiao) -o "$work/apply_invoice"
set +e
LD_LIBRARY_PATH="$work/prefix/lib" "$work/apply_invoice" >/dev/null 2>"$work/usage.txt"
status=$?
set -e
grep -q "usage: apply_invoice" "$work/usage.txt" && [ "$status" -eq 2 ]
echo "pkg-config build links and runs: $(pkg-config --modversion fapiao)"
"$work/prefix/bin/fapiao" --version
echo "packaging ok"
