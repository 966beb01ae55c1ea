#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Stop and crash lifecycle of a VRRP master (issue #8). Node 3 is a client
# sending a UDP datagram to the VIP every 10 ms; nodes 1 and 2 echo their
# name, so the client counts who answered.
# 1. kill -9 of the whole daemon (VRRP child and parent) on the master: the
#    peer takes over; the daemon started again does not resume a mastership
#    it cannot prove (nopreempt: it stays backup), removes the stale VIP, and
#    after it settles no sample sees the VIP on both nodes.
# 2. SIGTERM of the master (now node 2): a priority-0 advert, VIP and virtual
#    route removed, notify_stop run, the daemon gone within child_wait_time
#    (5 s); the peer owns the VIP about Skew_Time later. Prints FIGURE: lines.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
. "$(dirname "$0")/lib_lifecycle.sh"
require_root
command -v tcpdump >/dev/null || skip "needs tcpdump"
command -v python3 >/dev/null || skip "needs python3 (traffic)"
vt_topology ls 3
V1=$VT_VIP4 ROUTE=10.99.0.0/24
EXTRA=$(printf '\tnopreempt\n\tvirtual_routes {\n\t\t%s via 10.77.0.254 dev eth0\n\t}' "$ROUTE")
lc_conf 1 150 1 "$V1" - "$EXTRA"
lc_conf 2 100 1 "$V1" - "$EXTRA"
has_route() { vt_in "$1" ip -4 route show "$ROUTE" | grep -q .; }
lc_wire_start
vt_start 1
check "node 1 becomes master" wait_for 8 has_vip 1
vt_start 2
sleep 1
check "node 2 is backup" no_vip 2
check "node 1 holds the virtual route" has_route 1

# ---- 1. kill -9 of the whole daemon under traffic -----------------------------
lc_echo_start 1
lc_echo_start 2
lc_traffic_start 3 "$V1"
sleep 0.5
vt_mark_all
child=$(vt_vrrp_pid 1) parent=$(vt_pid 1)
t0=$(vt_now_ns)
kill -9 "$child" "$parent" # the child first: no PR_SET_PDEATHSIG SIGTERM may reach it
check "node 2 takes over from the killed daemon" wait_for 6 has_vip 2
echo "FIGURE: kill -9 of node 1's daemon: node 2 owned the VIP after $(vt_ms_since "$t0") ms (Master_Down_Interval $(vt_mdi_ms 2 1000 100) ms)"
check "node 1's killed daemon left its VIP behind (stale)" has_vip 1
rm -f "$VT_DIR/n1.pid" "$VT_DIR/n1_vrrp.pid" # SIGKILL leaves them; a new start must not care
vt_mark 1
vt_start 1
check "restarted node 1 removes the stale VIP" wait_for 3 no_vip 1
check "restarted node 1 does not resume an unprovable mastership" vt_not_logged 1 "resuming"
check "restarted node 1 removes the stale virtual route" wait_for 3 eval '! has_route 1'
vt_sampler_start 1 2
sleep 2
vt_sampler_check "after the restart" 0
check "node 2 still owns the VIP" has_vip 2
check "node 1 settled as backup" vt_logged 1 "Entering BACKUP STATE"
lc_traffic_stop >"$VT_DIR/traffic.txt"
traffic=$(cat "$VT_DIR/traffic.txt")
echo "FIGURE: node 3's datagrams to the VIP every 10 ms across the kill -9 and the restart: $traffic"
n1=$(grep -o "n1:[0-9]*" "$VT_DIR/traffic.txt" | cut -d: -f2) n2=$(grep -o "n2:[0-9]*" "$VT_DIR/traffic.txt" | cut -d: -f2)
check "traffic: node 1 answered before the kill" test "${n1:-0}" -gt 0
check "traffic: node 2 answered after the takeover" test "${n2:-0}" -gt 0

# ---- 2. SIGTERM of the master ------------------------------------------------
M2=$(vt_mac 2)
wire0=$(lc_lines "$VT_DIR/wire.txt")
vt_mark_all
pid=$(vt_pid 2)
t0=$(vt_now_ns) exit_ms=-1 take_ms=-1
kill -TERM "$pid"
while [ $(($(vt_now_ns) - t0)) -lt 10000000000 ]; do
	if [ "$exit_ms" = -1 ] && ! grep -qs "^[^ ]* [^ ]* [RSD]" "/proc/$pid/stat"; then
		exit_ms=$(vt_ms_since "$t0")
	fi
	[ "$take_ms" = -1 ] && has_vip 1 && take_ms=$(vt_ms_since "$t0")
	[ "$exit_ms" != -1 ] && [ "$take_ms" != -1 ] && break
	sleep 0.005
done
echo "FIGURE: SIGTERM of master node 2: process exit after $exit_ms ms (child_wait_time 5000 ms), node 1 owned the VIP after $take_ms ms (Skew_Time $(vt_skew_ms 2 1000 150) ms)"
check "SIGTERM: the daemon exited within child_wait_time (5 s)" test "$exit_ms" -ge 0 -a "$exit_ms" -lt 5000
check "SIGTERM: node 1 took over well before Master_Down_Interval (< 2000 ms)" \
	test "$take_ms" -ge 0 -a "$take_ms" -lt 2000
check "SIGTERM: a priority-0 advert for vrid 61 on the wire" \
	grep -q "^[0-9:.]* $M2 > .*vrid 61, prio 0," <(tail -n +$((wire0 + 1)) "$VT_DIR/wire.txt")
check "SIGTERM: node 2 released the VIP" no_vip 2
check "SIGTERM: node 2 removed the virtual route" eval '! has_route 2'
stop_ts=$(awk '$2 == "n2" && $3 == "stop" { print $1; exit }' "$VT_DIR/notify.log")
stop_ms=$(((${stop_ts:-0} - t0) / 1000000))
echo "FIGURE: SIGTERM of node 2: notify_stop ran $stop_ms ms after the signal"
check "SIGTERM: notify_stop ran before the daemon exited" test -n "$stop_ts" -a "$stop_ms" -le "$exit_ms"
check "SIGTERM: node 2's pid file is gone" test ! -e "$VT_DIR/n2.pid"
vt_stop_all
finish
