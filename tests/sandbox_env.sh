# Sourced by the shell tests: starts `onetrans sandbox --port 0` in the background, waits for
# it, and writes $work/OneTrans.ini pointing both platforms at it. Needs $onetrans.
# The INI also opens the hospital's gateway to the sandbox on 127.0.0.1 ([gateway.*]): the
# sandbox reads the same file (--config), so it signs with the same 一帐通 secret and sends the
# same tokens when it calls that gateway (POST /sandbox/drive).
work=$(mktemp -d)
trap 'kill $sandbox_pid 2>/dev/null || true; rm -rf "$work"' EXIT
# $1: the sandbox's base URL; empty before it runs (it needs the credentials to start, and the
# hospital's serverAddr lines need its port).
sandbox_ini() {
  cat <<INI
[qingyuan]
${1:+serverAddr=$1/qingyuan/gateway}
platformId=QY000001
key=A1B2C3D4E5F60718293A4B5C6D7E8F90
[amp]
${1:+serverAddr=$1/api/amp/hos}
appId=1FM99V9JP0009A23A8C00000D445BA03
appKey=1FM99V9JM00N9A23A8C000003F4B7C32
orgId=35020311234
[gateway]
listen=127.0.0.1:0
[gateway.qingyuan]
allowFrom=127.0.0.1
[gateway.amp]
allowFrom=127.0.0.1
token=OTSANDBOXAMPTOKEN1
[gateway.yzt]
allowFrom=127.0.0.1
secret=OTSANDBOXYZTSECRET1
[gateway.mpay]
allowFrom=127.0.0.1
token=OTSANDBOXMPAYTOKEN1
INI
}
sandbox_ini "" > "$work/OneTrans.ini"
# shellcheck disable=SC2086 # sandbox_args: extra words, e.g. --tls-cert F --tls-key F
"$onetrans" sandbox --port 0 --config "$work/OneTrans.ini" ${sandbox_args:-} > "$work/sandbox.out" &
sandbox_pid=$!
for _ in $(seq 100); do grep -q '^listening on' "$work/sandbox.out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$work/sandbox.out")
[ -n "$base" ] || { echo "sandbox did not start"; exit 1; }
sandbox_ini "$base" > "$work/OneTrans.ini"
