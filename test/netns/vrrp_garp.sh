#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Gratuitous ARP pacing on the wire: garp_master_repeat messages per VIP,
# spaced by vrrp_garp_interval, or by a garp_group's garp_interval for the
# interfaces it lists; captured with tcpdump on the peer.
. "$(dirname "$0")/lib.sh"
require_root
command -v tcpdump >/dev/null || skip "needs tcpdump"
NSA="vigil-ga-$$" NSB="vigil-gb-$$"
TMP=$(mktemp -d /tmp/vigil-garp.XXXXXX)
cleanup_garp() {
	for ns in "$NSA" "$NSB"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup_garp EXIT
ip netns add "$NSA" && ip netns add "$NSB" || skip "cannot create namespaces"
ip -n "$NSA" link add eth0 type veth peer name eth0 netns "$NSB"
for ns in "$NSA" "$NSB"; do ip -n "$ns" link set lo up; ip -n "$ns" link set eth0 up; done
ip -n "$NSA" addr add 10.50.0.1/24 dev eth0

run_case() { # run_case GLOBAL_DEFS GARP_GROUP: prints the gaps (ms) between captured GARPs
	cat >"$TMP/a.conf" <<CONF
global_defs {
	$1
	vrrp_garp_master_repeat 4
	vrrp_garp_master_delay 0
}
$2
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 91
	priority 150
	advert_int 1
	virtual_ipaddress {
		10.50.0.100/24
	}
}
CONF
	ip netns exec "$NSB" tcpdump -i eth0 -nn -tt -l arp >"$TMP/cap" 2>/dev/null &
	local dump=$!
	sleep 0.5
	ip netns exec "$NSA" "$VIGILD" -n -G -f "$TMP/a.conf" -P -p "$TMP/a.pid" \
		-r "$TMP/a_v.pid" -c "$TMP/a_c.pid" &
	wait_for 10 bash -c "[ \$(grep -c 'Request who-has 10.50.0.100' '$TMP/cap') -ge 4 ]"
	sleep 0.3
	kill -TERM "$(cat "$TMP/a.pid")"; wait_for 5 test ! -e "$TMP/a.pid"
	kill "$dump"; wait "$dump" 2>/dev/null
	grep 'Request who-has 10.50.0.100' "$TMP/cap" | head -4 |
		awk 'NR > 1 { printf "%d ", ($1 - p) * 1000 } { p = $1 }'
}
gaps=$(run_case "vrrp_garp_interval 0.25" "")
echo "# figure: gaps with vrrp_garp_interval 0.25: $gaps ms"
check "4 GARPs spaced by vrrp_garp_interval (>= 200 ms each)" \
	awk -v g="$gaps" 'BEGIN { n = split(g, a, " "); if (n != 3) exit 1; for (i = 1; i <= n; i++) if (a[i] < 200) exit 1 }'
gaps=$(run_case "" "garp_group {
	garp_interval 0.15
	interface eth0
}")
echo "# figure: gaps with garp_group garp_interval 0.15: $gaps ms"
# Without the group there is no spacing at all (next case), so >= 120 ms shows the group applied.
check "garp_group's interval applies to its interface (>= 120 ms)" \
	awk -v g="$gaps" 'BEGIN { n = split(g, a, " "); if (n != 3) exit 1; for (i = 1; i <= n; i++) if (a[i] < 120) exit 1 }'
gaps=$(run_case "" "")
echo "# figure: gaps without an interval: $gaps ms"
# Sent in one loop iteration: far below any configured interval even on a loaded machine.
check "without an interval the burst goes out at once (< 100 ms)" \
	awk -v g="$gaps" 'BEGIN { n = split(g, a, " "); if (n != 3) exit 1; for (i = 1; i <= n; i++) if (a[i] >= 100) exit 1 }'
finish
