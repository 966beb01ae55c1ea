#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# virtual_routes follow mastership (added with the VIPs, removed on handover,
# diffed on reload); static_ipaddress and static_routes are added at start on
# every node, diffed on reload and removed on stop.
. "$(dirname "$0")/lib.sh"
require_root
NSA="vigil-va-$$" NSB="vigil-vb-$$"
TMP=$(mktemp -d /tmp/vigil-routes.XXXXXX)
cleanup_routes() {
	for ns in "$NSA" "$NSB"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup_routes EXIT
ip netns add "$NSA" && ip netns add "$NSB" || skip "cannot create namespaces"
ip -n "$NSA" link add eth0 type veth peer name eth0 netns "$NSB"
for ns in "$NSA" "$NSB"; do ip -n "$ns" link set lo up; ip -n "$ns" link set eth0 up; done
ip -n "$NSA" addr add 10.40.0.1/24 dev eth0
ip -n "$NSB" addr add 10.40.0.2/24 dev eth0

conf() { # conf NAME PRIO VROUTE2 STATIC_ROUTE
	cat >"$TMP/$1.conf" <<CONF
static_ipaddress {
	192.0.2.$2/32 dev eth0
}
static_routes {
	$4 dev eth0
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 81
	priority $2
	advert_int 1
	virtual_ipaddress {
		10.40.0.100/24
	}
	virtual_routes {
		10.99.0.0/24 via 10.40.0.254 dev eth0
		$3
	}
}
CONF
}
start() { ip netns exec "$1" "$VIGILD" -n -G -g "$TMP/$2.log" -f "$TMP/$2.conf" -P \
	-p "$TMP/$2.pid" -r "$TMP/$2_v.pid" -c "$TMP/$2_c.pid" & }
route() { ip -n "$1" route show table all | grep -qE "$2"; }
noroute() { ! route "$@"; }
addr() { ip -n "$1" -o addr show dev eth0 | grep -q " $2/"; }

conf a 150 "blackhole 10.98.0.0/24" "10.97.0.0/24"
conf b 100 "blackhole 10.98.0.0/24" "10.97.0.0/24"
start "$NSA" a
start "$NSB" b
check "A is master" wait_for 8 addr "$NSA" 10.40.0.100
check "master has its virtual route" wait_for 2 route "$NSA" "^10.99.0.0/24 via 10.40.0.254 dev eth0 proto (18|keepalived)"
check "master has its blackhole virtual route" route "$NSA" "^blackhole 10.98.0.0/24"
check "backup has no virtual route" noroute "$NSB" "^10.99.0.0/24"
check "static address on A" addr "$NSA" 192.0.2.150
check "static address on B" addr "$NSB" 192.0.2.100
check "static route on both" route "$NSA" "^10.97.0.0/24 dev eth0" && route "$NSB" "^10.97.0.0/24 dev eth0"

conf a 150 "blackhole 10.96.0.0/24" "10.95.0.0/24"
kill -HUP "$(cat "$TMP/a.pid")"
check "reload: the new virtual route is added" wait_for 3 route "$NSA" "^blackhole 10.96.0.0/24"
check "reload: the dropped virtual route is removed" noroute "$NSA" "^blackhole 10.98.0.0/24"
check "reload: the kept virtual route stays" route "$NSA" "^10.99.0.0/24 via"
check "reload: static route replaced" route "$NSA" "^10.95.0.0/24 dev eth0" && noroute "$NSA" "^10.97.0.0/24"
check "reload: A still master" addr "$NSA" 10.40.0.100

kill -TERM "$(cat "$TMP/a.pid")"
check "handover: B takes the VIP" wait_for 3 addr "$NSB" 10.40.0.100
check "handover: B adds the virtual route" wait_for 2 route "$NSB" "^10.99.0.0/24 via 10.40.0.254"
check "stop: A removed its virtual routes" noroute "$NSA" "^10.99.0.0/24" && noroute "$NSA" "^blackhole 10.96"
check "stop: A removed its static address and route" \
	bash -c "! ip -n $NSA -o addr | grep -q 192.0.2.150 && ! ip -n $NSA route | grep -q 10.95.0.0"
finish
