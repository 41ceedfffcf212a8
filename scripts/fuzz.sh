#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time on its seed corpus,
# after replaying every kept regression input. Any crash, leak or sanitizer report fails.
#   FUZZ_SECONDS=15 bash scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-15}
# Undefined behaviour is a failure too, except RapidJSON 1.1.0's known null+0 in its stack.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$PWD/tests/fuzz/ubsan.supp"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DONETRANS_FUZZ=ON \
  -DONETRANS_BUILD_TESTS=OFF -DONETRANS_BUILD_TOOLS=OFF -DONETRANS_BUILD_BINDINGS=OFF >/dev/null
targets=(mobiletrans reply hex_sm4 amp_bill qingyuan_bill config inbound_qingyuan inbound_amp inbound_yzt inbound_mpay)
# Only the fuzz targets: a clang-ASan shared library cannot link with --no-undefined.
cmake --build build-fuzz -j"$(nproc 2>/dev/null || echo 2)" --target "${targets[@]/#/fuzz_}"
for target in "${targets[@]}"; do
  exe=build-fuzz/tests/fuzz/fuzz_$target
  if [ -d "tests/fuzz/regressions/$target" ] && [ -n "$(ls -A "tests/fuzz/regressions/$target")" ]; then
    "$exe" tests/fuzz/regressions/$target/* >/dev/null 2>&1 || { echo "fuzz_$target: a kept regression input fails again"; exit 1; }
    echo "fuzz_$target: regression inputs pass"
  fi
  corpus=$(mktemp -d)
  cp tests/fuzz/corpus/$target/* "$corpus/"
  echo "fuzz_$target: ${seconds}s"
  status=0
  "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$corpus" >"$corpus.log" 2>&1 || status=$?
  grep -E "^(stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)|runtime error" "$corpus.log" || true
  rm -rf "$corpus" "$corpus.log"
  [ "$status" = 0 ] || { echo "fuzz_$target found a crash (crash-* file in the working directory)"; exit 1; }
done
echo "fuzzing OK"
