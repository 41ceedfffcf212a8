#!/bin/sh
# PID 1 of the guest of scripts/wine32-vm.sh: the 32-bit Windows programs under wine32, against
# the Linux sandbox on the guest's own loopback. Writes output.log and result (the exit code)
# beside itself — the host sees them through the 9p root — then powers the guest off.
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /tmp
ip link set lo up
here=/onetrans-vm
# The tests read their data (tests/data of the clone) at the path they were built with.
read -r clone <"$here/paths"
mkdir -p "$clone/tests"
rm -rf "$clone/tests/data" && ln -s "$here/data" "$clone/tests/data"
export HOME=/root WINEPREFIX=/tmp/wineprefix WINEDEBUG=-all LD_LIBRARY_PATH=$here/lib PATH=/usr/sbin:/usr/bin:/sbin:/bin
(
  set -e
  # Wine maps program images; run them from tmpfs, not from the 9p root.
  mkdir /tmp/run
  cp "$here"/OneTrans.dll "$here"/*.exe /tmp/run/
  cd /tmp/run
  onetrans=$here/onetrans
  echo "guest: $(uname -m), $(wine --version); preparing a Wine prefix"
  # No Mono or Gecko to look for: nothing here uses .NET or HTML, and emulated time is dear.
  WINEDLLOVERRIDES="mscoree,mshtml=" wine wineboot -i >/dev/null 2>&1 || true
  echo "guest: prefix ready after $(cut -d' ' -f1 /proc/uptime) s"
  # shellcheck source=../sandbox_env.sh
  . "$here/sandbox_env.sh"
  printf '[log]\ndir=logs\nlevel=info\n' >>"$work/OneTrans.ini"
  cp OneTrans.dll his_host.exe "$work/"
  (cd /tmp && wine "$work/his_host.exe" "$base")
  [ -s "$work/logs/onetrans.log" ] || { echo "his_host(i686): no log beside the DLL"; exit 1; }
  echo "his_host(i686): OK, log beside the DLL ($(cut -d' ' -f1 /proc/uptime) s)"
  # The Delphi shim in a Delphi-7-style program, on a Chinese (code page 936) workstation.
  cp delphi_example.exe "$work/"
  (cd "$work" && LC_ALL=zh_CN.UTF-8 wine ./delphi_example.exe)
  echo "delphi_example(i686): OK"
  wine ./win_unit_tests.exe --reporter compact
  wine ./win_abi_tests.exe --reporter compact
  echo "guest: done after $(cut -d' ' -f1 /proc/uptime) s"
) >"$here/output.log" 2>&1
echo $? >"$here/result"
sync
echo o >/proc/sysrq-trigger
sleep 60
