#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Memory benchmark for a small configuration, vigil against keepalived 2.2.7:
# one VRRP instance and one virtual server with two TCP_CHECK real servers
# (both answering), in a network namespace of ours. After the daemon has
# settled (master, a few checks), the RSS (VmRSS), PSS (smaps_rollup) and
# private anonymous memory (RssAnon: heap, stacks, data) of each process:
# parent, VRRP child, checker child, and their sum, in KiB. PSS depends on
# how many other processes on the machine map the same libraries.
# Two modes, alternating implementations, BENCH_MEM_ROUNDS rounds (3):
#   vrrp   -P (VRRP only): parent + VRRP child, comparable on any host
#   full   no -P: parent + VRRP + checker. Without IPVS in the kernel (this
#          host) keepalived's checker exits with a fatal error and takes the
#          daemon down, so only vigil's figures exist there (its checker runs
#          its checks and leaves virtual servers unprogrammed); in the QEMU
#          guest (IPVS) both run.
. "$(dirname "$0")/lib.sh"
ROUNDS=${BENCH_MEM_ROUNDS:-3}
SETTLE=${BENCH_MEM_SETTLE:-6}
bench_init memory
bench_machine
bench_ns mem || exit 1
NS=$(bench_ns_name mem)
ip -n "$NS" link add eth0 type veth peer name eth1
ip -n "$NS" link set eth0 up
ip -n "$NS" link set eth1 up
ip -n "$NS" addr add 10.66.0.1/24 dev eth0
ip -n "$NS" addr add 10.66.0.11/32 dev eth1
ip -n "$NS" addr add 10.66.0.12/32 dev eth1
# The real servers: one listener on port 80 that accepts and closes.
ip netns exec "$NS" python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 80)); s.listen(64)
while True:
    c, _ = s.accept(); c.close()' &
BENCH_BG+=($!)

CONF=$BENCH_TMP/mem.conf
cat >"$CONF" <<'EOF'
global_defs {
	router_id mem
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority 100
	advert_int 1
	virtual_ipaddress {
		10.66.0.100/24
	}
}
virtual_server 10.66.0.100 80 {
	delay_loop 2
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 10.66.0.11 80 {
		weight 1
		TCP_CHECK {
			connect_timeout 1
		}
	}
	real_server 10.66.0.12 80 {
		weight 1
		TCP_CHECK {
			connect_timeout 1
		}
	}
}
EOF

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
pss_kb() { awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup" 2>/dev/null; }
anon_kb() { awk '/^RssAnon:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

# measure IMPL MODE ROUND: one start, settle, sample, stop. Appends a value per
# process and metric to $BENCH_TMP/MODE.PROC.METRIC.IMPL.
measure() {
	local impl=$1 mode=$2 p=$BENCH_TMP/m-$1-$2-$3 args=() proc pid m v tr tp ta alive
	[ "$mode" = vrrp ] && args=(-P)
	bench_start "$impl" "$NS" "$p" "$CONF" "${args[@]}"
	sleep "$SETTLE"
	if ! pid_ok "$(cat "$p.pid" 2>/dev/null)"; then
		echo "# $impl $mode: the daemon is not running after ${SETTLE}s:" \
			"$(grep -iE 'fatal|ipvs' "$p.log" 2>/dev/null | head -2 | tr '\n' ' ')"
		bench_stop "$p"
		return 0
	fi
	tr=0 tp=0 ta=0 alive=""
	for proc in parent vrrp chk; do
		case $proc in
		parent) pid=$(cat "$p.pid") ;;
		vrrp) pid=$(cat "${p}_vrrp.pid" 2>/dev/null) ;;
		chk) pid=$(cat "${p}_chk.pid" 2>/dev/null) ;;
		esac
		pid_ok "$pid" || continue
		alive="$alive $proc"
		for m in rss pss anon; do
			v=$("${m}_kb" "$pid")
			[ -n "$v" ] || continue
			echo "$v" >>"$BENCH_TMP/$mode.$proc.$m.$impl"
			case $m in rss) tr=$((tr + v)) ;; pss) tp=$((tp + v)) ;; anon) ta=$((ta + v)) ;; esac
		done
	done
	echo "$tr" >>"$BENCH_TMP/$mode.total.rss.$impl"
	echo "$tp" >>"$BENCH_TMP/$mode.total.pss.$impl"
	echo "$ta" >>"$BENCH_TMP/$mode.total.anon.$impl"
	echo "# round $3 $impl $mode: processes$alive, total RSS $tr KiB, PSS $tp KiB, RssAnon $ta KiB"
	bench_stop "$p"
}
pid_ok() { [ -n "$1" ] && [ -e "/proc/$1/status" ] && ! grep -q '^State:.*Z' "/proc/$1/status"; }

for ((r = 1; r <= ROUNDS; r++)); do
	for mode in vrrp full; do
		if ((r % 2)); then order="vigil keepalived"; else order="keepalived vigil"; fi
		for impl in $order; do measure "$impl" "$mode" "$r"; done
	done
done
for mode in vrrp full; do
	for proc in parent vrrp chk total; do
		for m in rss pss anon; do
			vf=$BENCH_TMP/$mode.$proc.$m.vigil kf=$BENCH_TMP/$mode.$proc.$m.keepalived
			touch "$vf" "$kf"
			[ -s "$vf" ] || [ -s "$kf" ] || continue
			bench_result "memory-$mode" "${proc}_$m" "$vf" "$kf" KiB | grep '^RESULT'
		done
	done
done
