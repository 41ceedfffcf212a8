#!/usr/bin/env bash
# By hand, as a support engineer would: `onetrans sandbox --port 0` in the background, then
# `onetrans call` for HOS00001 -> HOS00003 -> HOS00012 -> HOS00004, then the C example.
set -euo pipefail
onetrans=$1 example=${2:-}
source "$(dirname "$0")/sandbox_env.sh"
hosp='"hospitalId":"QYH44180200001","cityCode":"441800"'
call() { "$onetrans" call --config "$work/OneTrans.ini" "$@"; }
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }

out=$(echo "{\"transCode\":\"HOS00001\",\"data\":{\"idNo\":\"441802198708081050\",\"idType\":\"01\",\"userName\":\"张三丰\",$hosp,\"treatmentSerialNo\":\"ZY0001\"}}" | call -)
token=$(echo "$out" | field signToken); [ -n "$token" ] || { echo "no signToken: $out"; exit 1; }
order="PAY$RANDOM$RANDOM$RANDOM"
echo "{\"transCode\":\"HOS00003\",\"data\":{\"signToken\":\"$token\",\"orderId\":\"$order\",\"amt\":8800,$hosp,\"orderType\":\"3\",\"mdtrtId\":\"MD1\",\"setlId\":\"SL1\"}}" > "$work/pay.json"
out=$(call "$work/pay.json")
queryId=$(echo "$out" | field queryId); [ -n "$queryId" ] || { echo "payment failed: $out"; exit 1; }
out=$(echo "{\"transCode\":\"HOS00012\",\"data\":{\"orderId\":\"$order\",$hosp}}" | call -)
echo "$out" | grep -q '"orderStatus":"02"' || { echo "status query: $out"; exit 1; }
out=$(echo "{\"transCode\":\"HOS00004\",\"data\":{\"orderId\":\"R$order\",\"origOrderId\":\"$queryId\",\"amtRefund\":800,$hosp}}" | call - 2>"$work/err")
grep -q '^return=000000$' "$work/err" || { echo "refund: $(cat "$work/err")"; exit 1; }
echo "$out" | grep -q '"orderStatus":"12"' || { echo "refund: $out"; exit 1; }
# A rejected request exits non-zero and prints its return code.
if echo '{"transCode":"HOS00012","data":{}}' | call - 2>"$work/err" >/dev/null; then echo "bad input accepted"; exit 1; fi
grep -q '^return=000105$' "$work/err" || { echo "expected 000105: $(cat "$work/err")"; exit 1; }
# Today's bills, both platforms, through `onetrans bill`.
today=$(date +%Y-%m-%d)
"$onetrans" bill --config "$work/OneTrans.ini" --platform qingyuan --date "$today" --hospital-id QYH44180200001 \
  --city-code 441800 --out "$work/qy.json" 2>"$work/err" || { echo "qingyuan bill: $(cat "$work/err")"; exit 1; }
grep -q "\"订单号\":\"$order\"" "$work/qy.json" || { echo "payment missing from the Qingyuan bill"; exit 1; }
grep -q "\"订单号\":\"R$order\"" "$work/qy.json" || { echo "refund missing from the Qingyuan bill"; exit 1; }
"$onetrans" bill --config "$work/OneTrans.ini" --platform amp --date "$today" --org-code H35010200227 \
  --org-secret OTSANDBOXSECRET1 --out "$work/amp.csv" 2>"$work/err" || { echo "amp bill: $(cat "$work/err")"; exit 1; }
head -1 "$work/amp.csv" | grep -q '交易时间' || { echo "amp bill CSV has no header"; exit 1; }
if "$onetrans" bill --config "$work/OneTrans.ini" --platform amp --date "$today" --org-code H35010200227 \
     --org-secret WRONG 2>/dev/null >/dev/null; then echo "wrong orgSecret accepted"; exit 1; fi
if [ -n "$example" ]; then
  (cd "$work" && "$example") || { echo "C example failed"; exit 1; }
fi
echo "cli flow OK: HOS00001 -> HOS00003 ($queryId) -> HOS00012 -> HOS00004"
