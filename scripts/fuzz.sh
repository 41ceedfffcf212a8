#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time on its seed corpus,
# after replaying every kept regression input. Any crash, leak or sanitizer report fails.
#   FUZZ_SECONDS=15 bash scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-15}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DONETRANS_FUZZ=ON \
  -DONETRANS_BUILD_TESTS=OFF -DONETRANS_BUILD_TOOLS=OFF -DONETRANS_BUILD_BINDINGS=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc 2>/dev/null || echo 2)"
for target in mobiletrans reply hex_sm4 amp_bill qingyuan_bill config; do
  exe=build-fuzz/tests/fuzz/fuzz_$target
  if [ -d "tests/fuzz/regressions/$target" ] && [ -n "$(ls -A "tests/fuzz/regressions/$target")" ]; then
    "$exe" tests/fuzz/regressions/$target/* >/dev/null 2>&1 || { echo "fuzz_$target: a kept regression input fails again"; exit 1; }
  fi
  corpus=$(mktemp -d)
  cp tests/fuzz/corpus/$target/* "$corpus/"
  echo "fuzz_$target: ${seconds}s"
  "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$corpus" 2>&1 \
    | grep -E "^(stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)" || true
  status=${PIPESTATUS[0]}
  rm -rf "$corpus"
  [ "$status" = 0 ] || { echo "fuzz_$target found a crash (crash-* file in the working directory)"; exit 1; }
done
echo "fuzzing OK"
