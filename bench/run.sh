#!/usr/bin/env bash
# Builds and runs the benchmarks; prints one table and writes bench/RESULTS.md.
#   bash bench/run.sh           full run (a few minutes)
#   bash bench/run.sh --quick   smoke run, under a minute (CI): no figures to trust, no assertions
set -euo pipefail
cd "$(dirname "$0")/.."
quick=""
[ "${1:-}" = "--quick" ] && quick="--quick"
bash scripts/install-deps.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DONETRANS_BUILD_TESTS=OFF -DONETRANS_BUILD_BINDINGS=OFF \
  -DONETRANS_BUILD_BENCH=ON >/dev/null
cmake --build build-bench -j"$(nproc 2>/dev/null || echo 2)" --target onetrans_bench onetrans_bench_probe onetrans >/dev/null
results=bench/RESULTS.md
[ -n "$quick" ] && results=build-bench/RESULTS.quick.md
build-bench/bench/onetrans_bench $quick --probe build-bench/bench/onetrans_bench_probe \
  --lib "$(pwd)/build-bench/src/libonetrans.so" --results "$results"
