#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VRRP election among three vigil nodes on a bridge (v2, PASS, advert_int 1):
# the highest priority wins; SIGTERM hands over (priority 0) within
# Skew_Time + 500 ms; the returning higher priority preempts; nopreempt does
# not; a frozen master (SIGSTOP) is replaced after Master_Down_Interval; a
# master whose link goes down logs FAULT, releases the VIP and the backup takes
# over; unicast peers elect and hand over the same way. A sampler checks that
# no two nodes on the segment ever hold the VIP at once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
require_root
vt_topology el 3

P1=150 P2=100 P3=50
SKEW2=$(vt_skew_ms 2 1000 $P2)
MDI2=$(vt_mdi_ms 2 1000 $P2)
conf_all() { # conf_all [key=value...]: the three nodes with their priorities
	vt_conf 1 prio=$P1 "$@"
	vt_conf 2 prio=$P2 "$@"
	vt_conf 3 prio=$P3 "$@"
}
start_all() { vt_start 1; vt_start 2; vt_start 3; }

# --- 1. election by priority
conf_all
start_all
check "election: node 1 (priority $P1) takes the VIP" wait_for 10 has_vip 1
sleep 1.2
check_eq "election: node 1 is the only holder" "$(vt_holders)" "1"
check "election: node 1 logs MASTER" vt_logged 1 "(VI_1) Entering MASTER STATE"
check "election: node 2 logs BACKUP" vt_logged 2 "(VI_1) Entering BACKUP STATE"
check "election: node 3 logs BACKUP" vt_logged 3 "(VI_1) Entering BACKUP STATE"
check "election: node 2 never was master" vt_not_logged 2 "Entering MASTER"

# --- 2. SIGTERM handover: priority 0, the next highest takes over after Skew_Time
vt_sampler_start
kill -TERM "$(vt_pid 1)"
ms=$(vt_wait_vip 5 2)
echo "# figure: SIGTERM handover (v2, advert_int 1, backup priority $P2): $ms ms (Skew_Time $SKEW2 ms)"
check "handover: node 2 takes the VIP after node 1's SIGTERM" test "$ms" -ge 0
check "handover: within Skew_Time + 500 ms ($((SKEW2 + 500)) ms): $ms ms" \
	test "$ms" -ge 0 -a "$ms" -le $((SKEW2 + 500))
check "handover: node 1 has exited" wait_for 10 test ! -e "$VT_DIR/n1.pid"
check "handover: node 1 released the VIP" no_vip 1
sleep 1.5
check_eq "handover: node 3 (priority $P3) stays backup" "$(vt_holders)" "2"
vt_sampler_check "handover" $((SKEW2 + 500))

# --- 3. preemption: node 1 returns and takes the VIP back from node 2
vt_sampler_start
vt_mark 2
vt_start 1
ms=$(vt_wait_vip 10 1)
echo "# figure: preemption by returning node 1: $ms ms after its start (its Master_Down_Interval $(vt_mdi_ms 2 1000 $P1) ms)"
check "preempt: node 1 takes the VIP back" test "$ms" -ge 0
check "preempt: node 2 released it" wait_for 3 no_vip 2
check "preempt: node 2 logged BACKUP again" wait_for 2 vt_logged 2 "(VI_1) Entering BACKUP STATE"
sleep 1
vt_sampler_check "preempt" 500

# --- 4. SIGSTOP of the master: the backup takes over after Master_Down_Interval
vpid=$(vt_vrrp_pid 1)
vt_sampler_start 2 3
kill -STOP "$vpid"
ms=$(vt_wait_vip 10 2)
echo "# figure: frozen master (SIGSTOP) -> node 2 master: $ms ms (Master_Down_Interval $MDI2 ms)"
check "SIGSTOP: node 2 takes over" test "$ms" -ge 0
check "SIGSTOP: not before Master_Down_Interval - advert_int ($((MDI2 - 1000)) ms): $ms ms" \
	test "$ms" -ge $((MDI2 - 1000 - 50))
check "SIGSTOP: within Master_Down_Interval + 500 ms: $ms ms" test "$ms" -le $((MDI2 + 500))
sleep 0.5
check_eq "SIGSTOP: node 3 stays backup" "$(vt_holders 2 3)" "2"
kill -CONT "$vpid"
check "SIGCONT: node 2 gives the VIP back to node 1" wait_for 5 no_vip 2
vt_sample_set 1 2 3
check "SIGCONT: node 1 still holds the VIP" has_vip 1
sleep 1
vt_sampler_check "SIGSTOP" $((MDI2 + 500))

# --- 5. link down on the master: FAULT, VIP released, the backup takes over
vt_sampler_start 2 3
vt_mark_all
t0=$(vt_now_ns)
ip -n "$(vt_ns 1)" link set eth0 down
ms=$(vt_wait_vip 10 2)
echo "# figure: master link down -> node 2 master: $ms ms (Master_Down_Interval $MDI2 ms)"
check "link down: node 1 logs FAULT" wait_for 3 vt_logged 1 "(VI_1) Entering FAULT STATE"
check "link down: node 1 released the VIP" no_vip 1
check "link down: node 2 takes over" test "$ms" -ge 0
check "link down: within Master_Down_Interval + 500 ms: $ms ms" test "$ms" -le $((MDI2 + 500))
ip -n "$(vt_ns 1)" link set eth0 up
check "link up: node 1 leaves FAULT for BACKUP" wait_for 3 vt_logged 1 "(VI_1) Entering BACKUP STATE"
check "link up: node 1 preempts node 2 again" wait_for 10 has_vip 1
vt_sample_set 1 2 3
check "link up: node 2 released" wait_for 3 no_vip 2
sleep 1
vt_sampler_check "link down" $((MDI2 + 500))
echo "# link down -> node 1 back as master: $(vt_ms_since "$t0") ms"

# --- 6. nopreempt: a higher priority that arrives late stays backup
vt_stop_all
conf_all nopreempt=1
vt_mark_all
vt_start 2
check "nopreempt: node 2 alone becomes master" wait_for 10 has_vip 2
vt_sampler_start
vt_start 1
vt_start 3
sleep $((MDI2 / 1000 + 2))
check_eq "nopreempt: node 1 (priority $P1) did not preempt node 2" "$(vt_holders)" "2"
check "nopreempt: node 1 is backup" vt_logged 1 "(VI_1) Entering BACKUP STATE"
check "nopreempt: node 1 never was master" vt_not_logged 1 "Entering MASTER"
vt_stop 2
check "nopreempt: node 1 (highest) takes over when node 2 stops" wait_for 5 has_vip 1
sleep 1.5
check_eq "nopreempt: node 1 alone holds the VIP" "$(vt_holders)" "1"
vt_sampler_check "nopreempt" $(($(vt_skew_ms 2 1000 $P1) + 500))

# --- 7. unicast peers: the same election and handover without multicast
vt_stop_all
conf_all unicast=1
start_all
check "unicast: node 1 takes the VIP" wait_for 10 has_vip 1
sleep 1.2
check_eq "unicast: node 1 is the only holder" "$(vt_holders)" "1"
vt_sampler_start
kill -TERM "$(vt_pid 1)"
ms=$(vt_wait_vip 5 2)
echo "# figure: unicast SIGTERM handover: $ms ms (Skew_Time $SKEW2 ms)"
check "unicast: node 2 takes over within Skew_Time + 500 ms: $ms ms" \
	test "$ms" -ge 0 -a "$ms" -le $((SKEW2 + 500))
sleep 1.5
check_eq "unicast: node 3 stays backup" "$(vt_holders)" "2"
vt_sampler_check "unicast" $((SKEW2 + 500))

vt_stop_all
check_eq "no VIP left after every node stopped" "$(vt_holders)" ""
for i in 1 2 3; do
	check "node $i dropped no advert (same config everywhere)" \
		bash -c "! grep 'dropped an advert' '$(vt_log $i)'"
done
finish
