#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Install tier: `make install` into a throw-away prefix places the binary,
# the man pages, the systemd unit, the defaults file and the sample config;
# `systemd-analyze verify` is clean on the installed unit; a second install
# keeps an edited config; uninstall removes the sample only when untouched.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v systemd-analyze >/dev/null || { echo "SKIP: no systemd-analyze"; exit 77; }
W=$(mktemp -d /tmp/vigil-install.XXXXXX)
trap 'rm -rf "$W"' EXIT
fails=0
check() { local what=$1; shift; if "$@"; then echo "ok - $what"; else echo "not ok - $what"; fails=$((fails + 1)); fi; }

mkdir -p "$W/build" && cd "$W/build" || exit 1
"$top_srcdir/configure" -q --prefix="$W/root" >/dev/null && make -s -j2 >/dev/null 2>&1 &&
	make -s install >/dev/null 2>&1 || { echo "not ok - build and install"; exit 1; }
R=$W/root
check "vigild installed" test -x "$R/sbin/vigild"
check "vigild(8) installed" test -f "$R/share/man/man8/vigild.8"
check "vigil.conf(5) installed" test -f "$R/share/man/man5/vigil.conf.5"
check "unit installed" test -f "$R/lib/systemd/system/vigild.service"
check "defaults file installed" test -f "$R/etc/default/vigild"
check "sample config installed where none existed" \
	cmp -s "$R/etc/keepalived/keepalived.conf" "$top_srcdir/etc/keepalived.conf.sample"
out=$(MANPATH=$R/share/man systemd-analyze verify "$R/lib/systemd/system/vigild.service" 2>&1)
check "systemd-analyze verify is clean" test -z "$out"
[ -n "$out" ] && echo "$out"
check "unit reloads with vigild --reload" grep -qx "ExecReload=$R/sbin/vigild --reload \$VIGILD_OPTIONS" "$R/lib/systemd/system/vigild.service"
echo "! edited by the operator" >>"$R/etc/keepalived/keepalived.conf"
make -s install >/dev/null 2>&1
check "a second install keeps the operator's config" grep -q "edited by the operator" "$R/etc/keepalived/keepalived.conf"
make -s uninstall >/dev/null 2>&1
check "uninstall keeps an edited config" test -f "$R/etc/keepalived/keepalived.conf"
check "uninstall removes the binary" test ! -e "$R/sbin/vigild"
echo "# $fails failed"
[ $fails -eq 0 ]
