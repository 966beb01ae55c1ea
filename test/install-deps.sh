#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs the Debian packages vigil needs to build and to run every test
# tier. Safe to run again: apt-get skips what is installed. Needs root.
set -eu
PKGS="build-essential autoconf automake pkg-config
libnl-3-dev libnl-genl-3-dev libnl-route-3-dev libssl-dev libcurl4-openssl-dev check
iproute2 procps psmisc clang-format libsystemd-dev systemd man-db tcpdump tshark openssl python3
clang libclang-rt-14-dev
keepalived ipvsadm qemu-system-x86 busybox-static linux-image-cloud-amd64 cpio kmod
nftables"
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: not root; assuming the packages are installed" >&2
	exit 0
fi
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
# The keepalived package starts a daemon on install where systemd runs; the
# reference binary is all the tests need.
systemctl stop keepalived 2>/dev/null || true
