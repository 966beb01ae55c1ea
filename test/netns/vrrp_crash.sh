#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Crashes: the master's VRRP child killed with SIGKILL is respawned by the
# parent and resumes the mastership it can prove (state record touched by its
# last advert less than three advert intervals ago + VIPs still in place): the
# VIP is never missing and the backup never takes it. A clean stop removes the
# record, so a later start does not resume. (A whole daemon killed and started
# after the peer took over does not resume: lifecycle_stop.sh.)
. "$(dirname "$0")/lib.sh"
require_root
NSA="vigil-ca-$$" NSB="vigil-cb-$$"
TMP=$(mktemp -d /tmp/vigil-crash.XXXXXX)
cleanup_crash() {
	for ns in "$NSA" "$NSB"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup_crash EXIT
ip netns add "$NSA" && ip netns add "$NSB" || skip "cannot create namespaces"
ip -n "$NSA" link add eth0 type veth peer name eth0 netns "$NSB"
for ns in "$NSA" "$NSB"; do ip -n "$ns" link set lo up; ip -n "$ns" link set eth0 up; done
ip -n "$NSA" addr add 10.30.0.1/24 dev eth0
ip -n "$NSB" addr add 10.30.0.2/24 dev eth0
for n in a:150 b:100; do
	cat >"$TMP/${n%:*}.conf" <<CONF
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 71
	priority ${n#*:}
	advert_int 1
	virtual_ipaddress {
		10.30.0.100/24
	}
}
CONF
done
start() { ip netns exec "$1" "$VIGILD" -n -G -g "$TMP/$2.log" -f "$TMP/$2.conf" -P \
	-p "$TMP/$2.pid" -r "$TMP/$2_v.pid" -c "$TMP/$2_c.pid" & }
has() { ip -n "$1" -o addr show dev eth0 | grep -q " 10.30.0.100/"; }

start "$NSA" a
start "$NSB" b
check "A is master" wait_for 8 has "$NSA"
check "A keeps a state record" wait_for 2 grep -q "^VI_1 71 MASTER$" "$TMP/a_v.pid.state"
old=$(cat "$TMP/a_v.pid")
kill -9 "$old"
missing=0 b_took=0
for _ in $(seq 1 80); do # 4 s: respawn delay (1 s) and a full Master_Down_Interval (3.6 s)
	has "$NSA" || missing=$((missing + 1))
	has "$NSB" && b_took=$((b_took + 1))
	sleep 0.05
done
new=$(cat "$TMP/a_v.pid" 2>/dev/null)
check "the VRRP child was respawned" test -n "$new" -a "$new" != "$old"
check "the new child resumed mastership" grep -q "was MASTER before a restart" "$TMP/a_vrrp.log"
check_eq "VIP samples missing on A after the crash (of 80)" "$missing" 0
check_eq "VIP samples on B after the crash (of 80)" "$b_took" 0
kill -TERM "$(cat "$TMP/a.pid")"
check "a clean stop hands over to B" wait_for 3 has "$NSB"
check "a clean stop removes the state record" wait_for 3 test ! -e "$TMP/a_v.pid.state"
finish
