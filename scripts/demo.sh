#!/usr/bin/env bash
# Installs dependencies, builds, and runs `onetrans demo`: the built-in sandbox and a whole
# hospital flow through the public C ABI. This is the README's demo command.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" --target onetrans-cli >/dev/null
exec build/src/cli/onetrans demo
