#!/usr/bin/env bash
# OneTrans.dll as a HIS loads it: exactly the undecorated names of def/OneTrans.def (no
# _MobileTrans@8 on 32-bit), only Windows' own DLLs imported (no libstdc++/libgcc/winpthread,
# no OpenSSL or curl DLL to ship beside it), the expected machine type, and a version resource.
# With a client program built against the import library, also checks that what it imports
# from OneTrans.dll are those undecorated names (on 32-bit: MobileTrans, not MobileTrans@8).
#   check_exports_win.sh OneTrans.dll def/OneTrans.def i686|x86_64 VERSION [client.exe]
set -euo pipefail
dll=$1 def=$2 arch=$3 version=$4 client=${5:-}
objdump=$arch-w64-mingw32-objdump
dump=$("$objdump" -p "$dll")
fail() { echo "check_exports_win($arch): $*"; exit 1; }

want_format=pei-x86-64
[ "$arch" = i686 ] && want_format=pei-i386
"$objdump" -f "$dll" | grep -q "file format $want_format" || fail "not a $want_format image"

exports=$(echo "$dump" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' | awk '/^[[:space:]]*\[ *[0-9]+\]/ {print $NF}' | sort)
want=$(sed -n '/^EXPORTS/,$p' "$def" | sed '1d' | awk '{print $1}' | grep -v '^;' | grep -v '^$' | sort)
[ "$exports" = "$want" ] || { diff <(echo "$want") <(echo "$exports") || true; fail "exports differ from $def"; }

# odbc32.dll: Windows' own ODBC driver manager, once the gateway's odbc handler or journal is linked in.
allowed=" advapi32.dll bcrypt.dll crypt32.dll kernel32.dll msvcrt.dll user32.dll ws2_32.dll secur32.dll odbc32.dll "
imports=$(echo "$dump" | awk '/DLL Name:/ {print tolower($3)}' | sort -u)
for d in $imports; do
  [[ "$allowed" == *" $d "* ]] || fail "imports $d, which a bare Windows does not have"
done

strings -el "$dll" | grep -qx "FileVersion" || fail "no VERSIONINFO resource"
strings -el "$dll" | grep -qx "$version" || fail "VERSIONINFO does not carry version $version"
if [ -n "$client" ]; then
  used=$("$objdump" -p "$client" | awk '/DLL Name:/ {inside = ($3 == "OneTrans.dll")} inside && /^\t[0-9a-f]+\t/ {print $NF}')
  [ -n "$used" ] || fail "$client imports nothing from OneTrans.dll"
  for name in $used; do
    echo "$want" | grep -qx "$name" || fail "$client imports $name from OneTrans.dll (decorated or unknown)"
  done
fi
echo "exports OK ($arch): $(echo $exports); imports: $(echo $imports)"
