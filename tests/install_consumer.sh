#!/usr/bin/env bash
# Installs the build into a scratch prefix and builds a consumer with find_package(OneTrans)
# and another with pkg-config, then runs both.
set -euo pipefail
build=$1 src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
mkdir -p "$work/consumer"
cp "$src/examples/c/sign_query.c" "$work/consumer/"
cat > "$work/consumer/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.25)
project(consumer C)
find_package(OneTrans 1.0 REQUIRED)
add_executable(consumer sign_query.c)
target_link_libraries(consumer PRIVATE OneTrans::onetrans)
CM
cmake -S "$work/consumer" -B "$work/consumer/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer/build" >/dev/null
libdir=$(dirname "$(find "$work/prefix" -name 'libonetrans.so' | head -1)")
PKG_CONFIG_PATH="$libdir/pkgconfig" cc "$work/consumer/sign_query.c" -o "$work/pc_consumer" \
  $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags --libs onetrans)
# With no configuration both must fail cleanly (000105: serverAddr not configured), not crash.
for exe in "$work/consumer/build/consumer" "$work/pc_consumer"; do
  out=$(cd "$work" && LD_LIBRARY_PATH="$libdir" "$exe" || true)
  echo "$out" | grep -q '^return=000105$' || { echo "unexpected: $out"; exit 1; }
done
echo "install OK: find_package(OneTrans) and pkg-config consumers built and ran"
