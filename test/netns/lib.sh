#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers for the netns tier: root check (exit 77 = skip), a private
# network namespace per test, polling with a deadline, and assertions that
# print what they compared. Sourced by each test script; never run directly.

set -u

top_builddir=${top_builddir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
VIGILD=${VIGILD:-$top_builddir/vigild}
NS=""
TMP=""
FAILS=0
CHECKS=0

skip() { echo "SKIP: $*"; exit 77; }

require_root() {
	[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"
	command -v ip >/dev/null || skip "needs iproute2"
	[ -x "$VIGILD" ] || { echo "FAIL: $VIGILD not built"; exit 1; }
}

# setup_ns NAME IF...: a private namespace with interfaces named IF... (each a
# veth whose peer IF-p is also in the namespace: the host kernel here has no
# dummy link type, and veth behaves like a real NIC for VRRP).
setup_ns() {
	NS="vigil-$1-$$"
	ip netns add "$NS" || skip "cannot create network namespace"
	ip -n "$NS" link set lo up
	shift
	for ifname in "$@"; do
		add_if "$ifname"
	done
	TMP=$(mktemp -d /tmp/vigil-netns.XXXXXX)
	trap cleanup EXIT
}

IF_NET=20
add_if() { # add_if NAME: a veth pair NAME / NAME-p in the namespace, both up, NAME with 10.N.0.1/24
	IF_NET=$((IF_NET + 1))
	ip -n "$NS" link add "$1" type veth peer name "$1-p" &&
		ip -n "$NS" link set "$1" up && ip -n "$NS" link set "$1-p" up &&
		ip -n "$NS" addr add "10.$IF_NET.0.1/24" dev "$1"
}

cleanup() {
	if [ -n "$TMP" ]; then
		for f in "$TMP"/*.pid; do
			[ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
		done
	fi
	[ -n "$NS" ] && ip netns pids "$NS" 2>/dev/null | xargs -r kill -9 2>/dev/null
	[ -n "$NS" ] && ip netns del "$NS" 2>/dev/null
	[ -n "$TMP" ] && rm -rf "$TMP"
	return 0
}

in_ns() { ip netns exec "$NS" "$@"; }

now_ms() { date +%s%3N; }

# wait_for SECONDS CMD...: polls CMD every 50 ms until it succeeds; SECONDS may be fractional.
wait_for() {
	local ms deadline
	ms=$(awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }')
	deadline=$(($(now_ms) + ms))
	shift
	while ! "$@" 2>/dev/null; do
		[ "$(now_ms)" -ge "$deadline" ] && return 1
		sleep 0.05
	done
	return 0
}

ok() { CHECKS=$((CHECKS + 1)); echo "ok - $*"; }
not_ok() { CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1)); echo "not ok - $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
check_eq() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: expected '$3', got '$2'"; fi; }

finish() {
	echo "# $CHECKS checks, $FAILS failed"
	[ $FAILS -eq 0 ]
}

pid_alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
pid_dead() { [ -n "$1" ] && ! kill -0 "$1" 2>/dev/null; }
comm_of() { cat "/proc/$1/comm" 2>/dev/null; }
cmdline_of() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | sed 's/ *$//'; }
pidfile_pid() { cat "$1" 2>/dev/null; }
