#!/usr/bin/env bash
# The shared library must export exactly the symbols listed in def/OneTrans.def (less the
# Windows-only W variants), and the header must declare each of them.
set -euo pipefail
lib=$1 def=$2 header=$3
so=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TWVBDR]$/ {print $3}' | sort -u)
want=$(sed -n '/^EXPORTS/,$p' "$def" | sed '1d' | awk '{print $1}' | grep -v '^;' | grep -v '^$' | grep -v 'W$' | sort -u)
if [ "$so" != "$want" ]; then
  echo "exports differ from $def:"; diff <(echo "$want") <(echo "$so") || true; exit 1
fi
for sym in $(sed -n '/^EXPORTS/,$p' "$def" | sed '1d' | awk '{print $1}' | grep -v '^;' | grep -v '^$'); do
  grep -q "ONETRANS_CALL $sym(" "$header" || { echo "$sym is not declared in $header"; exit 1; }
done
echo "exports OK: $(echo $so)"
