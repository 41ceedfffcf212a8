#!/usr/bin/env bash
# The Windows proof of OneTrans.dll, run by scripts/test.sh after the Linux suite:
#  - cross-builds the DLL, its tests and the example host for i686 and x86_64 (build-windows.sh);
#  - checks each DLL's export and import tables and version resource (tests/check_exports_win.sh);
#  - under Wine: the unit and ABI tests (ctest with Wine as the emulator), then the seed-001
#    style host examples/windows/his_host.c against a Linux-native `onetrans sandbox` on
#    127.0.0.1, configured by an OneTrans.ini beside the DLL, in UTF-8, GBK and UTF-16, and
#    (32-bit) the Delphi example built by Free Pascal for win32 (scripts/fpc-win32.sh).
# The 32-bit programs run under wine32 where the machine has it; where it cannot (a kernel
# without 32-bit support), in an emulated Debian guest that does (scripts/wine32-vm.sh).
#   bash scripts/test-windows.sh path/to/linux/onetrans
set -euo pipefail
cd "$(dirname "$0")/.."
onetrans=${1:-build/src/cli/onetrans}
[ -x "$onetrans" ] || { echo "test-windows: needs the Linux onetrans tool ($onetrans)"; exit 1; }
onetrans=$(cd "$(dirname "$onetrans")" && pwd)/$(basename "$onetrans")
if ! command -v wine >/dev/null; then
  apt-get update -qq || echo "warning: apt-get update reported errors; trying the install anyway" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine wine64 >/dev/null
fi
bash scripts/build-windows.sh i686 x86_64
bash scripts/fpc-win32.sh build-win-i686/bin
version=$(sed -n 's/^#define ONETRANS_VERSION "\([0-9.]*\)"/\1/p' include/onetrans/version.h)
export WINEDEBUG=-all WINEPREFIX
WINEPREFIX=$(mktemp -d)
trap 'wineserver -k 2>/dev/null || true; rm -rf "$WINEPREFIX"' EXIT
wine wineboot -i >/dev/null 2>&1 || true

host_round() {  # arch: his_host.exe against a fresh sandbox, the DLL and its INI in one folder
  local arch=$1
  (
    source tests/sandbox_env.sh
    printf '[log]\ndir=logs\nlevel=info\n' >>"$work/OneTrans.ini"
    cp "build-win-$arch/bin/OneTrans.dll" "build-win-$arch/bin/his_host.exe" "$work/"
    # Run from elsewhere: the DLL must find OneTrans.ini beside itself, not in the working directory.
    (cd "$WINEPREFIX" && wine "$work/his_host.exe" "$base")
    [ -s "$work/logs/onetrans.log" ] || { echo "his_host($arch): no log beside the DLL"; exit 1; }
    if grep -q "A1B2C3D4E5F60718293A4B5C6D7E8F90\|1FM99V9JM00N9A23A8C000003F4B7C32" "$work/logs/onetrans.log"; then
      echo "his_host($arch): a key reached the log"; exit 1
    fi
    echo "his_host($arch): OK, log beside the DLL, no key in it"
    [ "$arch" = i686 ] || exit 0
    # The Delphi shim in a Delphi-7-style program, on a Chinese (code page 936) workstation.
    cp build-win-i686/bin/delphi_example.exe "$work/"
    (cd "$work" && LC_ALL=zh_CN.UTF-8 wine ./delphi_example.exe)
    echo "delphi_example(i686): OK"
  )
}

tls_round() {  # arch: the same host over HTTPS on Schannel, trusting the test's own CA by caBundle
  local arch=$1
  (
    tls=$(mktemp -d)
    cd "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=OneTransTestCA 2>/dev/null
    openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -days 2 -subj /CN=OtherCA 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >ext.cnf
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 \
      -extfile ext.cnf 2>/dev/null
    cd "$OLDPWD"
    sandbox_args="--tls-cert $tls/server.pem --tls-key $tls/server.key"
    source tests/sandbox_env.sh
    # curl 7.88's Schannel check of a caBundle chain matches host names, not IP addresses.
    base=${base/127.0.0.1/localhost}
    sed -i 's|//127.0.0.1:|//localhost:|' "$work/OneTrans.ini"
    printf '[transport]\ncaBundle=%s\n' "$tls/ca.pem" >>"$work/OneTrans.ini"
    cp "build-win-$arch/bin/OneTrans.dll" "build-win-$arch/bin/his_host.exe" "$work/"
    (cd "$WINEPREFIX" && wine "$work/his_host.exe" "$base" "$tls/ca.pem") >"$tls/trusted.out" ||
      { cat "$tls/trusted.out"; echo "his_host($arch, https): failed with the trusted CA"; exit 1; }
    sed -i "s|caBundle=.*|caBundle=$tls/other.pem|" "$work/OneTrans.ini"
    if (cd "$WINEPREFIX" && wine "$work/his_host.exe" "$base" "$tls/other.pem") >"$tls/untrusted.out"; then
      echo "his_host($arch, https): a server signed by another CA was trusted"; exit 1
    fi
    grep -q "证书验证失败" "$tls/untrusted.out" || { cat "$tls/untrusted.out"; echo "his_host($arch, https): no certificate error"; exit 1; }
    rm -rf "$tls"
    echo "his_host($arch, https): OK on Schannel, the test CA trusted by caBundle, another CA refused"
  )
}

for arch in i686 x86_64; do
  bash tests/check_exports_win.sh "build-win-$arch/bin/OneTrans.dll" def/OneTrans.def "$arch" "$version" \
    "build-win-$arch/bin/win_abi_tests.exe"
done
# The 32-bit exports are __stdcall as compiled (the callee pops its 4-byte arguments), which
# is what a Delphi or PowerBuilder declaration of the vendor DLL expects.
symbols=$(i686-w64-mingw32-nm build-win-i686/src/CMakeFiles/onetrans.dir/abi/exports.cpp.obj)
grep -q " T _MobileTrans@8$" <<<"$symbols" || { echo "test-windows: 32-bit MobileTrans is not __stdcall"; exit 1; }
# The archives vendors copy: every file there, and the stripped DLL still what it must be.
bash scripts/package.sh
for arch in i686 x86_64; do
  bits=32
  [ "$arch" = x86_64 ] && bits=64
  zip=dist/OneTrans-$version-win$bits.zip
  listing=$(unzip -l "$zip")
  for f in OneTrans.dll OneTrans.ini.sample 使用说明.txt OneTrans.def include/onetrans.h bindings/delphi/OneTrans.pas \
    bindings/csharp/OneTrans.cs bindings/powerbuilder/n_onetrans.sru bindings/java/README.md; do
    grep -q "OneTrans-$version-win$bits/$f\$" <<<"$listing" || { echo "test-windows: $zip lacks $f"; exit 1; }
  done
  unzip -p "$zip" "OneTrans-$version-win$bits/OneTrans.dll" >"$WINEPREFIX/packaged.dll"
  bash tests/check_exports_win.sh "$WINEPREFIX/packaged.dll" def/OneTrans.def "$arch" "$version"
done

for arch in i686 x86_64; do
  if ! (cd "build-win-$arch/bin" && wine ./his_host.exe >/dev/null 2>&1; [ $? = 2 ]); then
    [ "$arch" = i686 ] || { echo "test-windows: Wine cannot run the $arch programs"; exit 1; }
    # No wine32 here (a kernel without 32-bit support, or Debian's i386 packages out of reach):
    # the same 32-bit programs in a small emulated Debian system that has both.
    echo "test-windows(i686): no 32-bit Wine on this machine; running the 32-bit programs in an emulated guest"
    bash scripts/wine32-vm.sh build-win-i686/bin "$onetrans" "$(dirname "$onetrans")/.."
    continue
  fi
  host_round "$arch"
  tls_round "$arch"
  ctest --test-dir "build-win-$arch" --output-on-failure
done
