#!/usr/bin/env bash
# The README's test command, and what CI runs. Installs dependencies, proves a bare clone
# builds and passes on its own (tests/standalone_clone.sh), then builds and runs every test:
# under AddressSanitizer + UndefinedBehaviorSanitizer, under ThreadSanitizer, the libFuzzer targets for a bounded time, OneTrans.dll cross-built for 32- and 64-bit
# Windows and proven under Wine (scripts/test-windows.sh), and last the whole suite as
# shipped (with the host-language shims), so that ctest's summary closes the output.
#   ONETRANS_QUICK=1 skips the sanitizer, fuzzing and Windows passes.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
bash scripts/install-deps.sh
# A clone with nothing beside it must configure, build and pass on its own.
bash tests/standalone_clone.sh

if [ "${ONETRANS_QUICK:-0}" != 1 ]; then
  for sanitize in address,undefined thread; do
    dir=build-$(echo "$sanitize" | tr ',' '-')
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DONETRANS_SANITIZE="$sanitize" -DONETRANS_BUILD_BINDINGS=OFF
    cmake --build "$dir" -j"$jobs"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp" \
      ctest --test-dir "$dir" --output-on-failure
  done
  FUZZ_SECONDS=${FUZZ_SECONDS:-15} bash scripts/fuzz.sh
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$jobs"
if [ "${ONETRANS_QUICK:-0}" != 1 ]; then
  bash scripts/test-windows.sh build/src/cli/onetrans
fi
ctest --test-dir build --output-on-failure
