#!/usr/bin/env bash
# Makes the archives HIS vendors copy onto workstations:
#   dist/OneTrans-<version>-win32.zip and dist/OneTrans-<version>-win64.zip
# each with the stripped DLL, OneTrans.ini.sample, the header, the .def, the host-language
# bindings and a short 使用说明 in Chinese. Builds with scripts/build-windows.sh if needed.
#   bash scripts/package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^#define ONETRANS_VERSION "\([0-9.]*\)"/\1/p' include/onetrans/version.h)
command -v zip >/dev/null && command -v unzip >/dev/null ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends zip unzip >/dev/null
mkdir -p dist
for arch in i686 x86_64; do
  [ -f "build-win-$arch/bin/OneTrans.dll" ] || bash scripts/build-windows.sh "$arch"
  bits=32
  [ "$arch" = x86_64 ] && bits=64
  name=OneTrans-$version-win$bits
  stage=$(mktemp -d)
  mkdir -p "$stage/$name/include" "$stage/$name/bindings"
  "$arch-w64-mingw32-strip" -o "$stage/$name/OneTrans.dll" "build-win-$arch/bin/OneTrans.dll"
  cp docs/windows/OneTrans.ini.sample docs/windows/使用说明.txt def/OneTrans.def "$stage/$name/"
  cp include/onetrans/onetrans.h "$stage/$name/include/"
  for b in delphi csharp powerbuilder; do cp -r "bindings/$b" "$stage/$name/bindings/"; done
  mkdir -p "$stage/$name/bindings/java"
  cp -r bindings/java/README.md bindings/java/src "$stage/$name/bindings/java/"
  rm -f "dist/$name.zip"
  (cd "$stage" && zip -qr -X "$OLDPWD/dist/$name.zip" "$name")
  rm -rf "$stage"
  echo "dist/$name.zip"
done
