#!/bin/sh
# vrrp_lvs_sync: the IPVS sync daemon tied to a VRRP instance (global
# `lvs_sync_daemon eth0 VI_1 id 51`) follows the instance. Two namespaces n1
# (priority 150) and n2 (100) joined by a veth run the VRRP child only (-P,
# no checker); `ipvsadm -L --daemon` in each shows a MASTER sync daemon on the
# VRRP master and a BACKUP one on the backup, swaps on failover (SIGTERM of
# n1), swaps back when n1 returns and preempts, and shows none once both
# daemons stopped. keepalived runs it first (the reference), then vigild.
set -eu

[ "${VIGILD_AVAILABLE:-0}" = 1 ] || { echo "SKIP: no vigild in the guest"; exit 77; }
VIP=10.0.5.100
IMPL=""

nsx() {
	ns=$1
	shift
	"$IP" netns exec "$ns" "$@"
}
fail() {
	echo "FAIL ($IMPL): $*"
	for n in n1 n2; do
		echo "  --- $n: sync daemons, addresses, log"
		nsx $n ipvsadm -L --daemon 2>&1 | sed 's/^/  /'
		nsx $n "$IP" -o -4 addr show dev eth0 | sed 's/^/  /'
		tail -n 15 "$n.log" 2>/dev/null | sed 's/^/  /'
	done
	exit 1
}
wait_until() { # wait_until SECS CMD...: polls every 0.2 s
	t=$(($1 * 5))
	shift
	while [ "$t" -gt 0 ]; do
		"$@" && return 0
		sleep 0.2
		t=$((t - 1))
	done
	return 1
}
has_vip() { nsx "$1" "$IP" -o -4 addr show dev eth0 | grep -q " $VIP/"; }
no_vip() { ! has_vip "$1"; }
# syncd NS: the node's sync daemons as "master", "backup", "master backup" or "none"
syncd() {
	out=$(nsx "$1" ipvsadm -L --daemon 2>/dev/null || true)
	s=""
	echo "$out" | grep -q "master sync daemon.*syncid=51" && s="master"
	echo "$out" | grep -q "backup sync daemon.*syncid=51" && s="${s:+$s }backup"
	echo "${s:-none}"
}
is_syncd() { [ "$(syncd "$1")" = "$2" ]; }
expect() { # expect NS STATE WHAT
	if wait_until 10 is_syncd "$1" "$2"; then
		echo "ok ($IMPL): $3: $1 sync daemon $2"
	else
		fail "$3: $1 sync daemon is '$(syncd "$1")', expected '$2'"
	fi
}

"$IP" netns add n1
"$IP" netns add n2
"$IP" link add eth0 netns n1 type veth peer name eth0 netns n2
for i in 1 2; do
	nsx n$i "$IP" link set lo up
	nsx n$i "$IP" addr add 10.0.5.$i/24 dev eth0
	nsx n$i "$IP" link set eth0 up
	cat >n$i.conf <<CONF
global_defs {
	router_id n$i
	lvs_sync_daemon eth0 VI_1 id 51
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority $((200 - 50 * i))
	advert_int 1
	virtual_ipaddress {
		$VIP/24
	}
}
CONF
done

start() { # start NS
	rm -f "$1.pid"
	if [ "$IMPL" = keepalived ]; then
		nsx "$1" keepalived -n -l -P -f "$PWD/$1.conf" -p "$PWD/$1.pid" \
			-r "$PWD/$1_v.pid" -c "$PWD/$1_c.pid" >>"$1.log" 2>&1 &
	else
		nsx "$1" "$VIGILD" -n -l -D -P -f "$PWD/$1.conf" -p "$PWD/$1.pid" \
			-r "$PWD/$1_v.pid" -c "$PWD/$1_c.pid" >>"$1.log" 2>&1 &
	fi
	wait_until 10 test -s "$1_v.pid" || fail "$1 did not start"
}
stop() { # stop NS
	[ -s "$1.pid" ] && kill -TERM "$(cat "$1.pid")" 2>/dev/null
	wait_until 15 test ! -e "$1.pid" || fail "$1 did not stop"
}

run() {
	IMPL=$1
	rm -f n1.log n2.log
	start n1
	start n2
	wait_until 20 has_vip n1 || fail "n1 (150) did not become master"
	expect n1 master "n1 is VRRP master"
	expect n2 backup "n2 is VRRP backup"
	stop n1
	wait_until 15 has_vip n2 || fail "n2 did not take over"
	expect n2 master "failover to n2"
	expect n1 none "n1 stopped"
	start n1
	wait_until 20 has_vip n1 || fail "n1 did not preempt"
	wait_until 10 no_vip n2 || fail "n2 kept the VIP"
	expect n1 master "n1 preempted"
	expect n2 backup "n2 back to backup"
	stop n1
	stop n2
	expect n1 none "both stopped"
	expect n2 none "both stopped"
}

run keepalived
run vigild
if grep -q "no sync daemon for" n1.log n2.log; then
	fail "vigild found no IPVS"
fi
echo "PASS: the sync daemon follows VRRP like keepalived's"
