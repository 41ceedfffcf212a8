#!/usr/bin/env bash
# The 32-bit Windows proof on a machine whose own kernel cannot run 32-bit code: a small
# Debian amd64 system (debootstrap, bookworm main only, so amd64 and i386 packages agree) with
# Wine's wine32, booted under qemu's software emulation with its root shared over virtio-9p.
# Inside, everything stays on the guest's loopback: the Linux `onetrans sandbox` and the i686
# programs under Wine — the unit and ABI tests and examples/windows/his_host.c.
#   bash scripts/wine32-vm.sh build-win-i686/bin build/src/cli/onetrans build/src
# The system is cached in ${ONETRANS_WIN_CACHE:-~/.cache/onetrans-win}/vm-root-<date of bookworm's index>.
set -euo pipefail
shopt -s inherit_errexit
bin=$(cd "$1" && pwd) onetrans=$(cd "$(dirname "$2")" && pwd)/$(basename "$2") libdir=$(cd "$3" && pwd)
cd "$(dirname "$0")/.."
# shellcheck source=lib/debian-mirror.sh
. scripts/lib/debian-mirror.sh
cache=${ONETRANS_WIN_CACHE:-$HOME/.cache/onetrans-win}
log() { echo "wine32-vm: $*" >&2; }
if ! command -v qemu-system-x86_64 >/dev/null || ! command -v debootstrap >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-system-x86 debootstrap >/dev/null
fi

root=$cache/vm-root
# What the guest needs beside Wine: the libraries the Linux `onetrans` links (libodbc2: unixODBC).
# A cached system built with another list gets the missing packages added.
packages="linux-image-amd64 initramfs-tools wine wine32:i386 libcurl4 libspdlog1.10 libfmt9 libinih1
  libsqlite3-0 libcpp-httplib0.11 libzip4 libssl3 libodbc2 iproute2 procps"
if [ ! -f "$root/.ready" ]; then
  log "building the guest system (debootstrap + wine32 + kernel)"
  rm -rf "$root"
  mirror=$(debian_mirror)
  log "debootstrap from $mirror"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$cache/vm-root.log" 2>&1 ||
    { tail -20 "$cache/vm-root.log"; exit 1; }
  # The initramfs must mount a 9p root.
  mkdir -p "$root/etc/initramfs-tools"
  printf '9p\n9pnet\n9pnet_virtio\nvirtio_pci\n' >>"$root/etc/initramfs-tools/modules"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  chroot "$root" dpkg --add-architecture i386
  touch "$root/.ready"
fi
if [ "$(cat "$root/.packages" 2>/dev/null)" != "$packages" ]; then
  log "installing the guest's packages"
  # shellcheck disable=SC2086 # the list is words
  chroot "$root" /bin/sh -c "
    set -e
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(echo $packages) >/dev/null
    apt-get clean" >>"$cache/vm-root.log" 2>&1 || { tail -20 "$cache/vm-root.log"; exit 1; }
  printf '%s' "$packages" >"$root/.packages"
fi

# What the guest runs: the i686 programs, the Linux sandbox and its library, and its script.
payload=$root/onetrans-vm
rm -rf "$payload" && mkdir -p "$payload/lib"
cp "$bin"/OneTrans.dll "$bin"/*.exe "$payload/"
cp "$onetrans" "$payload/onetrans"
cp -P "$libdir"/libonetrans.so* "$payload/lib/"
cp tests/windows/vm-init.sh "$payload/init.sh"
cp tests/sandbox_env.sh "$payload/"
chmod +x "$payload/init.sh"
# The tests read tests/data at the path they were built with; the guest links that path to
# this copy once its own /tmp is mounted (the clone may live there).
cp -r tests/data "$payload/data"
printf '%s\n' "$PWD" >"$payload/paths"

kernel=$(ls "$root"/boot/vmlinuz-* | sort | tail -1)
initrd=$(ls "$root"/boot/initrd.img-* | sort | tail -1)
log "booting the guest under software emulation (a few minutes)"
timeout 1500 qemu-system-x86_64 -machine q35 -cpu qemu64 -m 3072 -smp 2 -nographic -no-reboot -net none \
  -kernel "$kernel" -initrd "$initrd" \
  -virtfs "local,path=$root,mount_tag=root,security_model=none,id=root" \
  -append "console=ttyS0 root=root rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=262144 rw init=/onetrans-vm/init.sh quiet panic=-1" \
  >"$payload/console.log" 2>&1 || true
if [ ! -f "$payload/result" ]; then
  tail -40 "$payload/console.log"
  log "the guest did not finish"
  exit 1
fi
cat "$payload/output.log"
[ "$(cat "$payload/result")" = 0 ]
