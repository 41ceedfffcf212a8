#!/usr/bin/env bash
# The Delphi example as a 32-bit Windows program, built the way a Delphi 7 shop's would be:
# Free Pascal in Delphi mode, stdcall externals bound to OneTrans.dll, AnsiString in the
# system code page. Debian ships Free Pascal's Linux compiler and its complete source
# (fpc-source) but no win32 target, so this builds the i386 cross compiler and the win32 RTL
# from that source (about ten seconds), cached like the other Windows dependencies in
#   ${ONETRANS_WIN_CACHE:-~/.cache/onetrans-win}/i686/fpc-win32-<fpc-source version>
#   bash scripts/fpc-win32.sh OUTDIR        (writes OUTDIR/delphi_example.exe)
set -euo pipefail
shopt -s inherit_errexit
out=$(mkdir -p "$1" && cd "$1" && pwd)
cd "$(dirname "$0")/.."
log() { echo "fpc-win32: $*" >&2; }
if ! command -v fpc >/dev/null || [ ! -d "/usr/share/fpcsrc/$(fpc -iV)/rtl" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fpc fpc-source >/dev/null
fi
fpcver=$(fpc -iV)
srcver=$(dpkg-query -W -f='${Version}' "fpc-source-$fpcver")
src=/usr/share/fpcsrc/$fpcver
host_ppc=$(command -v "ppcx64-$fpcver" || command -v ppcx64)
prefix=${ONETRANS_WIN_CACHE:-$HOME/.cache/onetrans-win}/i686/fpc-win32-$srcver

if [ ! -f "$prefix/.built" ]; then
  log "building Free Pascal's i386 cross compiler and win32 RTL from fpc-source $srcver"
  rm -rf "$prefix" && mkdir -p "$prefix/rtl"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp -r "$src/compiler" "$src/rtl" "$work/"
  # Debian's source leaves out the generated message tables; make them as fpc's Makefile would.
  mkdir "$work/tools"
  "$host_ppc" -FU"$work/tools" -o"$work/tools/msg2inc" "$work/compiler/utils/msg2inc.pp" >"$work/build.log"
  (cd "$work/compiler" && "$work/tools/msg2inc" "$(dirname "$(readlink -f "$host_ppc")")/msg/errore.msg" msg msg) \
    >>"$work/build.log"
  mkdir "$work/cunits"
  (cd "$work/compiler" && "$host_ppc" -O2 -Xs -Sg -di386 -Fui386 -Fux86 -Fusystems -Fii386 -Fix86 -Fi. \
    -FU"$work/cunits" -o"$prefix/ppcross386" pp.pas) >>"$work/build.log" 2>&1 ||
    { tail -20 "$work/build.log"; exit 1; }
  # The RTL in the order of rtl/win32/Makefile.fpc: system, heaptrc, objpas, then buildrtl,
  # which compiles the rest (sysutils, classes, windows, ...).
  ppc=("$prefix/ppcross386" -n -Twin32 -Pi386 -O2 -FU"$prefix/rtl" -Fu"$prefix/rtl" -Fi../inc -Fi../i386 -Fi../x86 -Fi../win)
  (
    cd "$work/rtl/win32"
    "${ppc[@]}" -Us -Sg system.pp
    "${ppc[@]}" ../inc/heaptrc.pp
    "${ppc[@]}" -I../objpas ../objpas/objpas.pp
    "${ppc[@]}" -Fi../objpas/sysutils -Fi../objpas/classes -Fu../i386 -Fu../x86 -I../objpas -I../win/wininc \
      -Fu../win/wininc -Fu../win -I../inc -Fu../inc -Fu../objpas buildrtl.pp
  ) >>"$work/build.log" 2>&1 || { tail -20 "$work/build.log"; exit 1; }
  touch "$prefix/.built"
fi

# The example's source is UTF-8; -FcUTF8 makes its Chinese literals reach the AnsiString in
# the system code page at run time, as a Delphi 7 source saved in GBK would on 936 Windows.
units=$(mktemp -d)
"$prefix/ppcross386" -n -Twin32 -Pi386 -O2 -Mdelphi -FcUTF8 -vew -Fu"$prefix/rtl" -Fubindings/delphi \
  -FU"$units" -FE"$units" examples/delphi/example.dpr >"$units/fpc.log" 2>&1 ||
  { cat "$units/fpc.log"; rm -rf "$units"; exit 1; }
cp "$units/example.exe" "$out/delphi_example.exe"
rm -rf "$units"
