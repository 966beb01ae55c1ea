#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VRRP failover between two nodes in network namespaces joined by a veth
# pair: exactly one master owns the VIP; SIGTERM of the master hands over
# (priority 0) and the backup takes the VIP; the higher-priority node
# preempts when it returns. Then the same with keepalived 2.2.7 as the peer
# (interop): vigil and keepalived agree on one master in both directions.
. "$(dirname "$0")/lib.sh"
require_root
VIP=10.10.0.100
NSA="vigil-va-$$" NSB="vigil-vb-$$"
TMP=$(mktemp -d /tmp/vigil-vrrp.XXXXXX)
cleanup_vrrp() {
	for ns in "$NSA" "$NSB"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup_vrrp EXIT
ip netns add "$NSA" && ip netns add "$NSB" || skip "cannot create namespaces"
ip -n "$NSA" link add eth0 type veth peer name eth0 netns "$NSB"
for ns in "$NSA" "$NSB"; do ip -n "$ns" link set lo up; ip -n "$ns" link set eth0 up; done
ip -n "$NSA" addr add 10.10.0.1/24 dev eth0
ip -n "$NSB" addr add 10.10.0.2/24 dev eth0

cat >"$TMP/notify.sh" <<SH
#!/bin/sh
echo "\$*" >>"$TMP/notify.log"
SH
chmod 755 "$TMP/notify.sh"

conf() { # conf NAME PRIORITY [STATE]
	cat >"$TMP/$1.conf" <<CONF
global_defs {
	router_id $1
	enable_script_security
	script_user root
	vrrp_notify_fifo $TMP/$1.fifo
}
vrrp_instance VI_1 {
	state ${3:-BACKUP}
	interface eth0
	virtual_router_id 51
	priority $2
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass s3cret
	}
	virtual_ipaddress {
		$VIP/24
	}
	notify_master "$TMP/notify.sh master-script $1"
	notify_stop "$TMP/notify.sh stop-script $1"
	notify "$TMP/notify.sh"
}
CONF
}
conf a 150 MASTER
conf b 100

start_vigil() { # start_vigil NS NAME
	ip netns exec "$1" "$VIGILD" -n -D -G -g "$TMP/$2.log" -f "$TMP/$2.conf" -P \
		-p "$TMP/$2.pid" -r "$TMP/$2_vrrp.pid" -c "$TMP/$2_checker.pid" &
}
start_keepalived() { # start_keepalived NS NAME
	ip netns exec "$1" keepalived -n -l -D -P -f "$TMP/$2.conf" -p "$TMP/$2.kpid" \
		-r "$TMP/$2_vrrp.kpid" -c "$TMP/$2_chk.kpid" >"$TMP/$2.klog" 2>&1 &
}
stop_pidfile() { [ -s "$1" ] && kill -TERM "$(cat "$1")" 2>/dev/null; wait_for 10 test ! -e "$1"; }
has_vip() { ip -n "$1" -o addr show dev eth0 | grep -q " $VIP/"; }
no_vip() { ! has_vip "$1"; }

# --- vigil vs vigil
mkfifo "$TMP/a.fifo"
cat "$TMP/a.fifo" >"$TMP/a.fifo.log" &
FIFO_READER=$!
start_vigil "$NSA" a
start_vigil "$NSB" b
check "A (priority 150) takes the VIP" wait_for 8 has_vip "$NSA"
sleep 2
check "B (priority 100) does not hold the VIP" no_vip "$NSB"
check "A logs keepalived's transition line" grep -q "(VI_1) Entering MASTER STATE" "$TMP/a_vrrp.log"
check "B logs BACKUP" grep -q "(VI_1) Entering BACKUP STATE" "$TMP/b_vrrp.log"
check "A ran notify_master with its arguments" wait_for 2 grep -qx "master-script a" "$TMP/notify.log"
check "A ran notify with keepalived's four arguments" grep -qx "INSTANCE VI_1 MASTER 150" "$TMP/notify.log"
check "B ran notify for BACKUP" grep -qx "INSTANCE VI_1 BACKUP 100" "$TMP/notify.log"
check "A wrote keepalived's FIFO line" grep -qx 'INSTANCE "VI_1" MASTER 150' "$TMP/a.fifo.log"
kill "$FIFO_READER" 2>/dev/null

t0=$(date +%s%N)
stop_pidfile "$TMP/a.pid"
check "A released the VIP on SIGTERM" no_vip "$NSA"
check "A ran notify_stop before exiting" grep -qx "stop-script a" "$TMP/notify.log"
check "B takes over after A's priority-0 advert" wait_for 3 has_vip "$NSB"
t1=$(date +%s%N)
echo "# handover: $(( (t1 - t0) / 1000000 )) ms from SIGTERM to the VIP on B"

start_vigil "$NSA" a
check "A preempts when it returns" wait_for 8 has_vip "$NSA"
check "B gave the VIP up" wait_for 3 no_vip "$NSB"
stop_pidfile "$TMP/a.pid"
stop_pidfile "$TMP/b.pid"
check "no VIP left after both stopped" test -z "$(has_vip "$NSA" && echo a)$(has_vip "$NSB" && echo b)"

# --- interop: vigil (A, 150) with keepalived 2.2.7 (B, 100), and the other way round
if command -v keepalived >/dev/null; then
	start_keepalived "$NSB" b
	start_vigil "$NSA" a
	check "interop: vigil master over keepalived backup" wait_for 8 has_vip "$NSA"
	sleep 3
	check "interop: keepalived stays backup (accepts vigil's adverts)" no_vip "$NSB"
	check "interop: keepalived saw no bad advert" \
		bash -c "! grep -qiE 'invalid|bad|mismatch' '$TMP/b.klog'"
	stop_pidfile "$TMP/a.pid"
	check "interop: keepalived takes over from vigil" wait_for 4 has_vip "$NSB"
	start_vigil "$NSA" a
	check "interop: vigil preempts keepalived" wait_for 8 has_vip "$NSA"
	check "interop: keepalived releases" wait_for 4 no_vip "$NSB"
	stop_pidfile "$TMP/a.pid"
	check "interop: keepalived master again" wait_for 4 has_vip "$NSB"
	conf b 200
	kill -TERM "$(cat "$TMP/b.kpid")"; wait_for 10 test ! -e "$TMP/b.kpid"
	start_keepalived "$NSB" b
	start_vigil "$NSA" a
	check "interop: keepalived (200) master, vigil (150) backup" wait_for 8 has_vip "$NSB"
	sleep 3
	check "interop: vigil stays backup behind keepalived" no_vip "$NSA"
	check "interop: vigil accepted keepalived's adverts" \
		bash -c "! grep -q 'dropped an advert' '$TMP/a_vrrp.log'"
	stop_pidfile "$TMP/a.pid"
	kill -TERM "$(cat "$TMP/b.kpid")"; wait_for 10 test ! -e "$TMP/b.kpid"
else
	echo "# keepalived not installed: interop part skipped"
fi
finish
