#!/usr/bin/env bash
# Runs one host-language shim's example against a fresh sandbox, from a folder holding only
# OneTrans.ini, as a HIS workstation would: bindings.sh java|csharp|delphi ONETRANS BUILD SRC
set -euo pipefail
lang=$1 onetrans=$2 build=$3 src=$4
source "$(dirname "$0")/sandbox_env.sh"
export LD_LIBRARY_PATH="$build/src${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
cd "$work"
case "$lang" in
  java)
    jar="$build/bindings/java/onetrans.jar"
    mkdir classes
    javac -encoding UTF-8 -cp "$jar" -d classes "$src/examples/java/Example.java" "$src/tests/java/OneTransTest.java"
    java -Djava.library.path="$build/bindings/java" -cp "$jar:classes" Example
    java -Djava.library.path="$build/bindings/java" -cp "$jar:classes" OneTransTest
    ;;
  csharp)
    mcs -nologo -warnaserror -out:example.exe "$src/bindings/csharp/OneTrans.cs" "$src/examples/csharp/Example.cs"
    mono example.exe
    ;;
  delphi)
    fpc -Mdelphi -vew -Fu"$src/bindings/delphi" -Fl"$build/src" -FE. -FU. "$src/examples/delphi/example.dpr" >fpc.log 2>&1 \
      || { cat fpc.log; exit 1; }
    ./example
    ;;
  *) echo "unknown language $lang"; exit 2 ;;
esac
echo "$lang binding OK"
