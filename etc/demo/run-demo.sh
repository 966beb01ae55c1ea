#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The vigil demo: installs what it needs, builds vigild, and runs it on the
# built-in demo config inside a private network namespace (a veth pair that
# exists only there), so nothing on the host's real network changes. Shows
# the process tree, the log and how a killed child is respawned, then stops.
# Usage: sudo etc/demo/run-demo.sh [SECONDS]   (default 20)
set -eu
cd "$(dirname "$0")/../.."
TOP=$PWD
RUN_FOR=${1:-20}
[ "$(id -u)" = 0 ] || { echo "run-demo: needs root (network namespaces); try sudo" >&2; exit 1; }
test/install-deps.sh
if [ ! -x build/vigild ]; then
	./autogen.sh >/dev/null
	mkdir -p build && (cd build && ../configure -q && make -s -j"$(nproc)")
fi
NS=vigil-demo
DIR=$(mktemp -d /tmp/vigil-demo.XXXXXX)
cleanup() {
	ip netns pids $NS 2>/dev/null | xargs -r kill 2>/dev/null || true
	sleep 0.5
	ip netns del $NS 2>/dev/null || true
	rm -rf "$DIR"
}
trap cleanup EXIT
ip netns del $NS 2>/dev/null || true
ip netns add $NS
ip -n $NS link set lo up
ip -n $NS link add veth-demo type veth peer name veth-peer
ip -n $NS addr add 10.99.0.1/24 dev veth-demo
ip -n $NS link set veth-demo up
ip -n $NS link set veth-peer up

echo "== vigild -t on the demo config"
ip netns exec $NS build/vigild -t -f etc/demo/demo.conf && echo "config OK"
echo "== starting vigild in namespace $NS for ${RUN_FOR}s"
ip netns exec $NS build/vigild -n -l -G -f "$TOP/etc/demo/demo.conf" \
	-p "$DIR/vigild.pid" -r "$DIR/vrrp.pid" -c "$DIR/checker.pid" 2>&1 | sed 's/^/  log| /' &
sleep 2
echo "== processes"
ps -o pid,ppid,comm,args -p "$(cat "$DIR"/*.pid | tr '\n' ',' | sed 's/,$//')"
echo "== killing the VRRP child ($(cat "$DIR/vrrp.pid")); the parent respawns it"
kill -9 "$(cat "$DIR/vrrp.pid")"
sleep 2
ps -o pid,ppid,comm -p "$(cat "$DIR"/*.pid | tr '\n' ',' | sed 's/,$//')"
sleep $((RUN_FOR > 4 ? RUN_FOR - 4 : 0))
echo "== stopping (SIGTERM)"
kill -TERM "$(cat "$DIR/vigild.pid")"
wait
echo "== demo finished; the namespace is removed"
