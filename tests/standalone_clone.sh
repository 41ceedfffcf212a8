#!/usr/bin/env bash
# A clone stands alone: `git clone` of this checkout into a fresh, empty folder (nothing beside
# it), configured, built and run there — the fast unit suite and the demo. Fails if the tree
# names a sibling shared folder, or if the build refers to any path of the original checkout.
#   bash tests/standalone_clone.sh        (run by scripts/test.sh)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)
parent=$(mktemp -d "${TMPDIR:-/tmp}/onetrans-clone.XXXXXX")
trap 'rm -rf "$parent"' EXIT
clone=$parent/onetrans   # its parent holds nothing else: no sibling folder can be found there
git clone -q --no-local "$src" "$clone"
cd "$clone"
echo "standalone clone: $(git log -1 --format='%h %s') in $clone"

sibling='\.\.'/shared   # written so that this line does not match itself
if git grep -n -I -e "$sibling" -- . >&2; then
  echo "standalone clone: FAILED — the lines above read a folder beside the repository" >&2
  exit 1
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DONETRANS_BUILD_BINDINGS=OFF >build-configure.log 2>&1 ||
  { cat build-configure.log; echo "standalone clone: FAILED to configure" >&2; exit 1; }
cmake --build build -j"$jobs" --target unit_tests onetrans-cli >build.log 2>&1 ||
  { tail -40 build.log; echo "standalone clone: FAILED to build" >&2; exit 1; }

# Everything the build knows of the file system: nothing may point into the original checkout.
if [ "$src" != "$clone" ] && grep -rIl -F "$src/" build --include='*.txt' --include='*.cmake' --include='*.make' \
     --include='*.ninja' --include='flags.make' --include='*.d' >&2; then
  echo "standalone clone: FAILED — the build above refers to $src" >&2
  exit 1
fi

(cd build/tests && ./unit_tests --reporter compact)
build/src/cli/onetrans demo >demo.log 2>&1 || { cat demo.log; echo "standalone clone: demo FAILED" >&2; exit 1; }
tail -1 demo.log
echo "standalone clone: OK (nothing outside $clone was needed)"
