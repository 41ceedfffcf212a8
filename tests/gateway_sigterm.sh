#!/usr/bin/env bash
# `onetrans gateway` stops on SIGTERM: it stops accepting, the call in flight (a HIS taking 1.5 s)
# still gets its answer, and the process exits well within 10 s.
set -euo pipefail
onetrans=$1
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null || true' EXIT
cat >"$work/his.sh" <<'SH'
#!/bin/sh
cat >/dev/null
sleep 1.5
echo '{"data":{"ret_code":"00","ret_msg":"成功","psn_no":"P1","mdtrt_cert_type":"02","mdtrt_cert_no":"X1","patient_type":"00","balance":"0.00","psn_cert_type":"01","cert_no":"X1","psn_name":"张三","account_type":"01","phone":"13800000000"}}'
SH
chmod +x "$work/his.sh"
cat >"$work/gw.ini" <<INI
[gateway]
listen = 127.0.0.1:0
[gateway.amp]
handler = exec:$work/his.sh
allowFrom = 127.0.0.1
[journal]
path = $work/j.db
INI
"$onetrans" gateway --config "$work/gw.ini" >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 1 100); do grep -q '^listening on ' "$work/out" && break; sleep 0.05; done
url=$(sed -n 's/^listening on //p' "$work/out")
[ -n "$url" ] || { cat "$work/err"; echo "gateway did not start"; exit 1; }
body='{"org_code":"H1","mdtrt_cert_type":"02","mdtrt_cert_no":"X1","cert_no":"X1","account_type":"01"}'
curl -s -m 10 -X POST -H 'Content-Type: application/json' -d "$body" "$url/amp/queryAccount" >"$work/answer" &
curlpid=$!
sleep 0.4
start=$(date +%s%N)
kill -TERM "$pid"
wait "$curlpid"
wait "$pid"
rc=$?
took=$(( ($(date +%s%N) - start) / 1000000 ))
pid=""
grep -q '"ret_code":"00"' "$work/answer" || { echo "the call in flight got no answer: $(cat "$work/answer")"; exit 1; }
[ "$rc" = 0 ] || { echo "exit status $rc"; exit 1; }
[ "$took" -lt 10000 ] || { echo "took ${took} ms to stop"; exit 1; }
grep -q 'gateway stopped' "$work/err"
echo "gateway SIGTERM OK: the call in flight answered, stopped in ${took} ms"
