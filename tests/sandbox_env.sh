# Sourced by the shell tests: starts `onetrans sandbox --port 0` in the background, waits for
# it, and writes $work/OneTrans.ini pointing both platforms at it. Needs $onetrans.
work=$(mktemp -d)
trap 'kill $sandbox_pid 2>/dev/null || true; rm -rf "$work"' EXIT
# shellcheck disable=SC2086 # sandbox_args: extra words, e.g. --tls-cert F --tls-key F
"$onetrans" sandbox --port 0 ${sandbox_args:-} > "$work/sandbox.out" &
sandbox_pid=$!
for _ in $(seq 100); do grep -q '^listening on' "$work/sandbox.out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$work/sandbox.out")
[ -n "$base" ] || { echo "sandbox did not start"; exit 1; }
cat > "$work/OneTrans.ini" <<INI
[qingyuan]
serverAddr=$base/qingyuan/gateway
platformId=QY000001
key=A1B2C3D4E5F60718293A4B5C6D7E8F90
[amp]
serverAddr=$base/api/amp/hos
appId=1FM99V9JP0009A23A8C00000D445BA03
appKey=1FM99V9JM00N9A23A8C000003F4B7C32
orgId=35020311234
INI
