#!/bin/sh
# Installs the Debian packages vulnloop needs that are not installed yet.
# Asks apt only for what is missing, so a machine that has everything is
# left alone (and no network is needed).  Run as root.
#
#   scripts/install-deps.sh            build and test dependencies
#   scripts/install-deps.sh --minimal  only what building needs
set -eu

build="gcc make meson ninja-build pkg-config libsqlite3-dev libyajl-dev
libjansson-dev libxml2-dev zlib1g-dev libsodium-dev libcurl4-openssl-dev
libarchive-dev tzdata"
# Tests: cmocka; the oracles of the differential tests (dpkg is always
# there; rpm's rpm.vercmp; python3-packaging; node with npm for the npm
# semver package); clang and its sanitizer runtimes for the fuzz targets;
# the tools golden cases use to look behind the command (sqlite3, jq, xz).
test="libcmocka-dev rpm libdpkg-perl python3 python3-packaging clang libclang-rt-14-dev
sqlite3 jq xz-utils hostname"

pkgs="$build"
if [ "${1:-}" != "--minimal" ]; then
  pkgs="$pkgs $test"
  # Node: any installed node with npm will do; otherwise Debian's.
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    pkgs="$pkgs nodejs npm"
  fi
fi

missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  exit 0
fi

echo "install-deps: installing missing Debian packages:$missing"
if [ "$(id -u)" != 0 ]; then
  echo "install-deps: must run as root to install:$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
