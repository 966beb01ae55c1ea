#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The vigil demo: installs what it needs, builds vigild, and runs two vigil
# directors, a (priority 150) and b (100), on the built-in demo config, each
# in its own private network namespace, joined by a veth pair that exists
# only there, so nothing on the host's real network changes. Shows which
# director holds the VIP, stops the master and shows the backup take over,
# then brings a back (it preempts), stops both and removes everything it
# created. About 20 s.
# Usage: sudo etc/demo/run-demo.sh
set -eu
cd "$(dirname "$0")/../.."
TOP=$PWD
CONF=$TOP/etc/demo/demo.conf
VIP=10.99.0.100
[ "$(id -u)" = 0 ] || { echo "run-demo: needs root (network namespaces); try sudo" >&2; exit 1; }
test/install-deps.sh
VIGILD=${VIGILD:-$TOP/build/vigild} # VIGILD=path runs another build
if [ ! -x "$VIGILD" ]; then
	./autogen.sh >/dev/null
	mkdir -p build && (cd build && ../configure -q && make -s -j"$(nproc)")
fi
NSA=vigil-demo-a-$$ NSB=vigil-demo-b-$$
DIR=$(mktemp -d /tmp/vigil-demo.XXXXXX)
cleanup() {
	for ns in $NSA $NSB; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
	done
	sleep 0.5
	for ns in $NSA $NSB; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
		ip netns del "$ns" 2>/dev/null || true
	done
	rm -rf "$DIR"
}
trap cleanup EXIT
ip netns add $NSA
ip netns add $NSB
ip -n $NSA link add veth-demo type veth peer name veth-demo netns $NSB
n=1
for ns in $NSA $NSB; do
	ip -n "$ns" link set lo up
	ip -n "$ns" addr add 10.99.0.$n/24 dev veth-demo
	ip -n "$ns" link set veth-demo up
	n=$((n + 1))
done

# The host kernel may have no IPVS: then the directors run VRRP only (-P).
ONLY=-P
ip netns exec $NSA test -e /proc/net/ip_vs && ONLY=""
ns_of() { if [ "$1" = a ]; then echo $NSA; else echo $NSB; fi; }
start() { # start a|b: one director in its namespace, its log prefixed with its name
	ip netns exec "$(ns_of "$1")" "$VIGILD" -n -l -G -i "$1" -f "$CONF" $ONLY \
		-p "$DIR/$1.pid" -r "$DIR/$1_vrrp.pid" -c "$DIR/$1_checker.pid" 2>&1 |
		sed -u "s/^[A-Z][a-z]* [A-Z][a-z]* [ 0-9]* [0-9:]* [0-9]*: /  $1| /" &
}
holds() { ip -n "$(ns_of "$1")" -o addr show dev veth-demo | grep -q " $VIP/"; }
show() { # which director holds the VIP
	local d
	for d in a b; do
		if [ -s "$DIR/$d.pid" ]; then
			if holds $d; then echo "   director $d: MASTER, holds $VIP"; else echo "   director $d: backup"; fi
		else
			echo "   director $d: stopped"
		fi
	done
}
wait_vip() { # wait_vip a|b SECONDS
	local i
	for ((i = 0; i < $2 * 10; i++)); do holds "$1" && return 0; sleep 0.1; done
	return 1
}

echo "== vigild -t on the demo config, as director a and as director b"
ip netns exec $NSA "$VIGILD" -t -i a -f "$CONF" && echo "   config OK for a"
ip netns exec $NSB "$VIGILD" -t -i b -f "$CONF" && echo "   config OK for b"
echo "== starting director a (priority 150) in $NSA and b (priority 100) in $NSB${ONLY:+ (VRRP only: no IPVS in this kernel)}"
start a
start b
wait_vip a 10 || echo "   (no master after 10 s)"
sleep 1
echo "== who holds the VIP"
show
echo "== stopping the master, director a (SIGTERM: it sends priority 0 and releases the VIP)"
t0=$(date +%s%N)
kill -TERM "$(cat "$DIR/a.pid")"
if wait_vip b 5; then
	echo "   director b took over in $((($(date +%s%N) - t0) / 1000000)) ms"
fi
sleep 1.5
show
echo "== director a comes back and, with the higher priority, takes the VIP back"
start a
wait_vip a 10 || true
sleep 1.5
show
echo "== stopping both"
for d in a b; do kill -TERM "$(cat "$DIR/$d.pid")" 2>/dev/null || true; done
for i in $(seq 50); do [ -e "$DIR/a.pid" ] || [ -e "$DIR/b.pid" ] || break; sleep 0.1; done
wait
echo "== demo finished; the namespaces are removed"
