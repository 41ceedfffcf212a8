#!/usr/bin/env bash
# Runs one host-language shim's examples against a fresh sandbox, from a folder holding only
# OneTrans.ini, as a HIS workstation would: bindings.sh java|csharp|delphi ONETRANS BUILD SRC
# First the outbound example, then the inbound one: the gateway started from the shim with a
# handler in that language, called by the sandbox (its URL) and by a burst of 公众号 orders
# (the [gateway.mpay] token).
set -euo pipefail
lang=$1 onetrans=$2 build=$3 src=$4
source "$(dirname "$0")/sandbox_env.sh"
export LD_LIBRARY_PATH="$build/src${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
cd "$work"
token=$(sed -n '/^\[gateway.mpay\]/,/^\[/s/^token=//p' OneTrans.ini)
[ -n "$token" ] || { echo "no [gateway.mpay] token in OneTrans.ini"; exit 1; }
# The gateway journals money-moving calls: here, not beside the library shared by other tests.
printf '[journal]\npath=%s/journal.db\n' "$work" >> OneTrans.ini
case "$lang" in
  java)
    jar="$build/bindings/java/onetrans.jar"
    mkdir classes
    javac -encoding UTF-8 -cp "$jar" -d classes "$src/examples/java/Example.java" "$src/examples/java/InboundExample.java" \
      "$src/tests/java/OneTransTest.java"
    java -Djava.library.path="$build/bindings/java" -cp "$jar:classes" Example
    java -Djava.library.path="$build/bindings/java" -cp "$jar:classes" OneTransTest
    java -Djava.library.path="$build/bindings/java" -cp "$jar:classes" InboundExample "$base" "$token"
    ;;
  csharp)
    mcs -nologo -warnaserror -out:example.exe "$src/bindings/csharp/OneTrans.cs" "$src/examples/csharp/Example.cs"
    mono example.exe
    mcs -nologo -warnaserror -out:inbound.exe "$src/bindings/csharp/OneTrans.cs" "$src/examples/csharp/Inbound.cs"
    mono inbound.exe "$base" "$token"
    ;;
  delphi)
    for program in example inbound; do
      fpc -Mdelphi -vew -Fu"$src/bindings/delphi" -Fl"$build/src" -FE. -FU. "$src/examples/delphi/$program.dpr" >fpc.log 2>&1 \
        || { cat fpc.log; exit 1; }
    done
    ./example
    ./inbound "$base" "$token"
    ;;
  *) echo "unknown language $lang"; exit 2 ;;
esac
echo "$lang binding OK"
