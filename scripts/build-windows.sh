#!/usr/bin/env bash
# Cross-builds OneTrans.dll for 32- and 64-bit Windows with mingw-w64, with the Windows test
# programs, into build-win-<arch>/. Dependencies come from scripts/windows-deps.sh (cached).
#   bash scripts/build-windows.sh [i686] [x86_64]     (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
archs=("$@")
[ ${#archs[@]} -gt 0 ] || archs=(i686 x86_64)
need=(g++-mingw-w64-i686-posix g++-mingw-w64-x86-64-posix binutils-mingw-w64 dpkg-dev tcl)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq || echo "warning: apt-get update reported errors; trying the install anyway" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
jobs=$(nproc 2>/dev/null || echo 2)
for arch in "${archs[@]}"; do
  prefixes=$(bash scripts/windows-deps.sh "$arch")
  ONETRANS_WIN_PREFIXES=$prefixes cmake -S . -B "build-win-$arch" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/toolchains/mingw-$arch.cmake" \
    -DONETRANS_BUILD_TOOLS=OFF -DONETRANS_BUILD_BINDINGS=OFF -DONETRANS_BUILD_TESTS=ON >/dev/null
  cmake --build "build-win-$arch" -j"$jobs"
done
