#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Reload (SIGHUP) on a VRRP master without disruption: unchanged reloads
# cause no transition and never drop the VIP; a VIP added by a reload
# appears (and only it gets a GARP); a VIP moved between two instances moves
# in one reload; an instance removed from the config hands over to the peer
# (priority 0); a broken config is refused and everything keeps running.
. "$(dirname "$0")/lib.sh"
require_root
NSA="vigil-ra-$$" NSB="vigil-rb-$$"
TMP=$(mktemp -d /tmp/vigil-reload.XXXXXX)
cleanup_reload() {
	for ns in "$NSA" "$NSB"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup_reload EXIT
ip netns add "$NSA" && ip netns add "$NSB" || skip "cannot create namespaces"
ip -n "$NSA" link add eth0 type veth peer name eth0 netns "$NSB"
for ns in "$NSA" "$NSB"; do ip -n "$ns" link set lo up; ip -n "$ns" link set eth0 up; done
ip -n "$NSA" addr add 10.20.0.1/24 dev eth0
ip -n "$NSB" addr add 10.20.0.2/24 dev eth0

# conf NAME PRIO "VI_1 VIPs" "VI_2 VIPs" [with_vi2]
conf() {
	{
		echo "vrrp_instance VI_1 {"
		echo "	state BACKUP"; echo "	interface eth0"; echo "	virtual_router_id 61"
		echo "	priority $2"; echo "	advert_int 1"; echo "	vrrp_skip_check_adv_addr"
		echo "	virtual_ipaddress {"; for v in $3; do echo "		$v/24"; done; echo "	}"
		echo "}"
		if [ "${5:-yes}" = yes ]; then
			echo "vrrp_instance VI_2 {"
			echo "	state BACKUP"; echo "	interface eth0"; echo "	virtual_router_id 62"
			echo "	priority $2"; echo "	advert_int 1"; echo "	vrrp_skip_check_adv_addr"
			echo "	virtual_ipaddress {"; for v in $4; do echo "		$v/24"; done; echo "	}"
			echo "}"
		fi
	} >"$TMP/$1.conf"
	sed -i 's/^\tvrrp_skip_check_adv_addr$/\tskip_check_adv_addr/' "$TMP/$1.conf"
}
start() { ip netns exec "$1" "$VIGILD" -n -G -g "$TMP/$2.log" -f "$TMP/$2.conf" -P \
	-p "$TMP/$2.pid" -r "$TMP/$2_v.pid" -c "$TMP/$2_c.pid" & }
has() { ip -n "$1" -o addr show dev eth0 | grep -q " $2/"; }
lacks() { ! has "$1" "$2"; }
reload() { kill -HUP "$(cat "$TMP/$1.pid")"; }
transitions() { grep -c "Entering" "$TMP/a_vrrp.log"; }

conf a 150 "10.20.0.100" "10.20.0.200"
conf b 100 "10.20.0.100" "10.20.0.200"
start "$NSA" a
start "$NSB" b
check "A masters VI_1" wait_for 8 has "$NSA" 10.20.0.100
check "A masters VI_2" wait_for 8 has "$NSA" 10.20.0.200
sleep 1
before=$(transitions)
dropped=0
for i in $(seq 1 30); do
	reload a
	for _ in 1 2; do has "$NSA" 10.20.0.100 || dropped=$((dropped + 1)); sleep 0.05; done
done
wait_for 5 test "$(grep -c 'Reload finished' "$TMP/a_vrrp.log")" -ge 30
check_eq "30 unchanged reloads: no transition" "$(transitions)" "$before"
check_eq "30 unchanged reloads: VIP never missing in 60 samples" "$dropped" 0
check "B stayed backup through the reloads" lacks "$NSB" 10.20.0.100

conf a 150 "10.20.0.100 10.20.0.101" "10.20.0.200"
reload a
check "a VIP added by a reload appears on the master" wait_for 3 has "$NSA" 10.20.0.101
check "the existing VIP is still there" has "$NSA" 10.20.0.100
check_eq "adding a VIP: no transition" "$(transitions)" "$before"

conf a 150 "10.20.0.100" "10.20.0.200 10.20.0.101"
reload a
sleep 1
check "a VIP moved from VI_1 to VI_2 is present after one reload" has "$NSA" 10.20.0.101
check_eq "moving a VIP: no transition" "$(transitions)" "$before"

conf a 150 "10.20.0.100" "" no
reload a
check "removed instance VI_2 released its VIP on A" wait_for 3 lacks "$NSA" 10.20.0.200
# Skew_Time for priority 100 is 0.61 s; without the priority-0 advert B would wait 3.6 s.
check "B takes over VI_2 after A's priority 0 (within 1.5 s)" wait_for 1.5 has "$NSB" 10.20.0.200
check "VI_1 untouched on A" has "$NSA" 10.20.0.100

echo "vrrp_instance VI_1 { priority 300 bogus_keyword }" >>"$TMP/a.conf"
echo "}" >>"$TMP/a.conf"
reload a
check "a broken config is refused with file:line" wait_for 3 grep -q "a.conf:[0-9]*: error" "$TMP/a.log"
check "refusal logged" grep -q "Reload refused" "$TMP/a.log"
check "A keeps its VIP after the refused reload" has "$NSA" 10.20.0.100
check_eq "refused reload: no transition" "$(transitions)" "$((before + 1))"
finish
