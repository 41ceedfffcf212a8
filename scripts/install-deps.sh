#!/usr/bin/env bash
# Installs every build and test dependency of OneTrans from Debian packages.
# Safe to run repeatedly; does nothing when everything is already present.
set -euo pipefail
pkgs=(build-essential cmake pkg-config git
      libssl-dev libcurl4-openssl-dev rapidjson-dev libspdlog-dev libinih-dev
      libzip-dev libsqlite3-dev libcpp-httplib-dev catch2 openssl binutils curl
      openjdk-17-jdk-headless mono-mcs mono-runtime fpc libbenchmark-dev
      unixodbc-dev odbc-postgresql odbc-mariadb postgresql mariadb-server)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # A mirror mid-sync can fail one index; the packages we need usually still resolve.
  $SUDO apt-get update -qq || echo "warning: apt-get update reported errors; trying the install anyway" >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
