#!/usr/bin/env bash
# The shared library must export exactly the symbols listed in def/OneTrans.def (less the
# Windows-only W variants), each bound to the version node of its .def section
# ("; ONETRANS_x.y"), and the public headers must declare each of them.
set -euo pipefail
lib=$1 def=$2 header=$3
headers=$(dirname "$header")
so=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TWVBDR]$/ {print $3}' | grep -v '^ONETRANS_[0-9.]*$' | sort -u)
# name@@NODE as the .def says it: the node of the section the name is listed in.
want=$(awk '/^EXPORTS/ {on = 1; next} on && /^; ONETRANS_[0-9]+\.[0-9]+$/ {node = $2; next}
            on && $1 !~ /^;/ && NF && $1 !~ /W$/ {print $1 "@@" node}' "$def" | sort -u)
if [ "$so" != "$want" ]; then
  echo "exports (name@@version) differ from $def:"; diff <(echo "$want") <(echo "$so") || true; exit 1
fi
for sym in $(awk '/^EXPORTS/ {on = 1; next} on && $1 !~ /^;/ && NF {print $1}' "$def"); do
  grep -q "ONETRANS_CALL $sym(" "$headers"/*.h || { echo "$sym is not declared in $headers"; exit 1; }
done
echo "exports OK: $(echo $so)"
