#!/usr/bin/env bash
# A HIS process is killed (SIGKILL) while the platform holds its payment. After a restart,
# `onetrans journal` shows the payment as pending, `journal resolve` asks the platform, and
# the journal records it exactly once with its final status. The payment reached the
# platform once.
set -euo pipefail
onetrans=$1
source "$(dirname "$0")/sandbox_env.sh"
printf '[journal]\npath=%s/journal.db\n' "$work" >> "$work/OneTrans.ini"
hosp='"hospitalId":"QYH44180200001","cityCode":"441800"'
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
call() { "$onetrans" call --config "$work/OneTrans.ini" "$@"; }

token=$(echo "{\"transCode\":\"HOS00001\",\"data\":{\"idNo\":\"441802198708081050\",\"idType\":\"01\",\"userName\":\"张三丰\",$hosp,\"treatmentSerialNo\":\"ZY0001\"}}" | call - | field signToken)
[ -n "$token" ] || { echo "no signToken"; exit 1; }
# The platform takes the payment at once but answers only after 4 seconds.
curl -sf -X POST "$base/sandbox/faults" -d '{"api":"HOS00003","mode":"slow","count":1,"delayMs":4000}' >/dev/null
order="PAYKILL$RANDOM$RANDOM"
echo "{\"transCode\":\"HOS00003\",\"data\":{\"signToken\":\"$token\",\"orderId\":\"$order\",\"amt\":6600,$hosp,\"orderType\":\"3\",\"mdtrtId\":\"MD1\",\"setlId\":\"SL1\"}}" > "$work/pay.json"
call "$work/pay.json" > /dev/null 2>&1 &
his=$!
sleep 1.5
kill -9 "$his"
wait "$his" 2>/dev/null || true

listing=$("$onetrans" journal --config "$work/OneTrans.ini")
echo "$listing"
echo "$listing" | grep -q "HOS00003 .*$order .*6600 .*pending" || { echo "the killed payment is not pending in the journal"; exit 1; }
"$onetrans" journal resolve --config "$work/OneTrans.ini" | tee "$work/resolve.out"
grep -q "$order -> 02" "$work/resolve.out" || { echo "resolve did not find the payment paid"; exit 1; }
all=$("$onetrans" journal --config "$work/OneTrans.ini" --all)
echo "$all"
[ "$(echo "$all" | grep -c "$order")" = 1 ] || { echo "the payment is not recorded exactly once"; exit 1; }
echo "$all" | grep -q "$order .*resolved .* 02$" || { echo "final status not recorded"; exit 1; }
[ -z "$("$onetrans" journal --config "$work/OneTrans.ini" | grep "$order" || true)" ] || { echo "still open after resolve"; exit 1; }
reached=$(curl -sf "$base/sandbox/stats?api=HOS00003" | sed -n 's/.*"requests":\([0-9]*\).*/\1/p')
[ "$reached" = 1 ] || { echo "the platform saw the payment $reached times"; exit 1; }
echo "journal OK: killed payment $order recorded once, resolved as 02"
