#!/usr/bin/env bash
# Cross-builds OneTrans.dll's dependencies for Windows with mingw-w64, from Debian's own
# source packages: a minimal static OpenSSL 3 (libcrypto; libssl for the gateway's HTTPS),
# libcurl on Schannel (Windows' TLS, so hosts keep their certificate store), zlib, libzip,
# SQLite, inih and cpp-httplib's header; RapidJSON, spdlog and fmt are header-only, copied from
# Debian's -dev packages. Each build lands in
#   ${ONETRANS_WIN_CACHE:-~/.cache/onetrans-win}/<arch>/<package>-<version>
# and is reused while that version is what Debian serves.
#   bash scripts/windows-deps.sh i686|x86_64      (prints the prefixes, ';'-separated)
set -euo pipefail
shopt -s inherit_errexit
arch=${1:?usage: windows-deps.sh i686|x86_64}
case "$arch" in i686 | x86_64) ;; *) echo "unknown arch $arch" >&2; exit 2 ;; esac
host=$arch-w64-mingw32
cache=${ONETRANS_WIN_CACHE:-$HOME/.cache/onetrans-win}
jobs=$(nproc 2>/dev/null || echo 2)
log() { echo "windows-deps[$arch]: $*" >&2; }
# shellcheck source=lib/debian-mirror.sh
. "$(dirname "$0")/lib/debian-mirror.sh"

# Debian's source indexes: bookworm's (the versions the Linux build links), and trixie's for
# inih, whose bookworm tarball the mirrors no longer serve.
ensure_deb_src() {
  local list=/etc/apt/sources.list.d/onetrans-src.sources suite changed=0 mirror
  mirror=$(debian_mirror)
  for suite in bookworm trixie; do
    [ -f "${list%.sources}-$suite.sources" ] && continue
    printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$mirror" "$suite" >"${list%.sources}-$suite.sources"
    changed=1
  done
  if [ "$changed" = 1 ] || ! apt-cache showsrc zlib 2>/dev/null | grep -q '^Version:'; then
    apt-get update -qq || log "apt-get update reported errors; trying the sources anyway"
  fi
}

# Where Debian's source for a package is unpacked (dpkg-source applies Debian's patches).
source_dir() {
  local pkg=$1 suite=${2:-bookworm} dsc version
  dsc=$(apt-get source --print-uris -qq "$pkg/$suite" | grep -o "[^/' ]*\.dsc" | head -1)
  [ -n "$dsc" ] || { echo "no source package $pkg in $suite (deb-src missing?)" >&2; exit 1; }
  version=${dsc#"${pkg}"_}
  version=${version%.dsc}
  version=$(printf '%b' "${version//%/\\x}")  # the URI spells ~ and + as %7e and %2b
  local dir=$cache/src/$pkg-$version
  if [ ! -f "$dir/.unpacked" ]; then
    log "fetching the source of $pkg $version"
    local tmp
    tmp=$(mktemp -d "$cache/src/fetch.XXXXXX")
    chmod 777 "$tmp"  # apt downloads as _apt where it can
    (cd "$tmp" && apt-get source -qq --download-only "$pkg/$suite" >/dev/null &&
      dpkg-source --no-check -x ./*.dsc unpacked >/dev/null)
    rm -rf "$dir"
    mv "$tmp/unpacked" "$dir"
    rm -rf "$tmp"
    touch "$dir/.unpacked"
  fi
  echo "$dir"
}

# Builds with a fresh copy of the source, so the two architectures never share objects.
build() {
  local pkg=$1 fn=$2 src version prefix
  src=$(source_dir "$pkg" "${3:-bookworm}")
  version=${src##*/"$pkg"-}
  prefix=$cache/$arch/$pkg-$version
  if [ ! -f "$prefix/.built" ]; then
    log "building $pkg $version"
    local work
    work=$(mktemp -d "$cache/$arch/build.XXXXXX")
    cp -a "$src/." "$work/"
    rm -rf "$prefix"
    (cd "$work" && "$fn" "$prefix") >"$cache/$arch/$pkg.log" 2>&1 ||
      { tail -40 "$cache/$arch/$pkg.log" >&2; exit 1; }
    rm -rf "$work"
    touch "$prefix/.built"
  fi
  prefixes+=("$prefix")
}

build_zlib() {
  # Debian's repacked source has no win32/ makefiles; zlib's C files build alone.
  local f
  for f in adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback inffast inflate inftrees \
    trees uncompr zutil; do
    "$host-gcc" -O2 -c "$f.c" -o "$f.o"
  done
  mkdir -p "$1/lib" "$1/include"
  "$host-ar" rcs "$1/lib/libz.a" ./*.o
  cp zlib.h zconf.h "$1/include/"
}

build_openssl() {
  local target=mingw
  local asm=no-asm  # 32-bit x86 assembly wants ELF relocations mingw cannot represent
  [ "$arch" = x86_64 ] && target=mingw64 && asm=""
  # Only libcrypto is linked (SM3, SM4, SHA1, MD5, RNG); TLS on Windows is Schannel's.
  ./Configure "$target" $asm --cross-compile-prefix="$host-" --prefix="$1" --libdir=lib no-shared no-module \
    no-dso no-engine no-tests no-ui-console no-legacy no-srp no-comp no-ssl3 no-dtls \
    no-async >/dev/null
  make -j"$jobs" build_libs >/dev/null
  make install_dev >/dev/null
}

build_curl() {
  # HTTP(S) only, on Schannel; nothing else compiled in.
  ./configure --host="$host" --prefix="$1" --disable-shared --enable-static --with-schannel \
    --without-openssl --without-gnutls --without-libpsl --without-brotli --without-zstd --without-zlib \
    --without-nghttp2 --without-libidn2 --without-libssh2 --without-librtmp --disable-ldap --disable-ldaps \
    --disable-rtsp --disable-dict --disable-telnet --disable-tftp --disable-pop3 --disable-imap \
    --disable-smb --disable-smtp --disable-gopher --disable-mqtt --disable-ftp --disable-file \
    --disable-manual --disable-docs --disable-ntlm --disable-alt-svc --disable-websockets >/dev/null
  make -C lib -j"$jobs" >/dev/null
  make -C lib install >/dev/null && make -C include install >/dev/null
}

build_libzip() {
  ONETRANS_WIN_PREFIXES=$zlib_prefix cmake -S . -B build -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$1" -DBUILD_SHARED_LIBS=OFF \
    -DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF -DENABLE_GNUTLS=OFF -DENABLE_MBEDTLS=OFF \
    -DENABLE_OPENSSL=OFF -DENABLE_WINDOWS_CRYPTO=OFF -DENABLE_COMMONCRYPTO=OFF -DBUILD_TOOLS=OFF \
    -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF >/dev/null
  cmake --build build -j"$jobs" >/dev/null
  cmake --install build >/dev/null
}

build_sqlite3() {
  # The amalgamation is generated by native helper programs, then cross-compiled alone.
  ./configure >/dev/null
  make sqlite3.c >/dev/null
  mkdir -p "$1/lib" "$1/include"
  "$host-gcc" -O2 -DSQLITE_THREADSAFE=1 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_DQS=0 -c sqlite3.c -o sqlite3.o
  "$host-ar" rcs "$1/lib/libsqlite3.a" sqlite3.o
  cp sqlite3.h "$1/include/"
}

build_libinih() {
  mkdir -p "$1/lib" "$1/include"
  "$host-gcc" -O2 -DINI_STOP_ON_FIRST_ERROR=0 -c ini.c -o ini.o
  "$host-ar" rcs "$1/lib/libinih.a" ini.o
  cp ini.h "$1/include/"
}

build_cpp_httplib() {
  # Upstream's header-only httplib.h (Debian's -dev package ships the split, compiled form).
  mkdir -p "$1/include"
  cp httplib.h "$1/include/"
}

# Header-only libraries: the headers Debian ships in its -dev packages, per package version.
copy_headers() {
  local pkg=$1 version dest
  shift
  version=$(dpkg-query -W -f='${Version}' "$pkg")
  dest=$cache/$arch/$pkg-${version#*:}
  if [ ! -f "$dest/.built" ]; then
    rm -rf "$dest" && mkdir -p "$dest/include"
    for d in "$@"; do cp -a "/usr/include/$d" "$dest/include/"; done
    touch "$dest/.built"
  fi
  prefixes+=("$dest")
}

ensure_deb_src
mkdir -p "$cache/src" "$cache/$arch"
toolchain=$(cd "$(dirname "$0")/.." && pwd)/cmake/toolchains/mingw-$arch.cmake
prefixes=()
build zlib build_zlib
zlib_prefix=${prefixes[-1]}
build openssl build_openssl
build curl build_curl
build libzip build_libzip
build sqlite3 build_sqlite3
build libinih build_libinih trixie
build cpp-httplib build_cpp_httplib
copy_headers rapidjson-dev rapidjson
copy_headers libspdlog-dev spdlog
copy_headers libfmt-dev fmt
copy_headers catch2 catch2
(IFS=';'; echo "${prefixes[*]}")
