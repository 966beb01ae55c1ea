#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fast failover: two vigil nodes with VRRPv3 and advert_int 0.01 (10 ms).
# The master's VRRP child is frozen (SIGSTOP) five times; each time the
# backup must hold the VIP in under 50 ms (Master_Down_Interval is 36 ms for
# priority 100), measured from the freeze to the kernel's address event in
# the backup's namespace (ip -ts monitor). Asserted on the median, so one
# scheduling hiccup on a busy machine does not fail the test; every figure is
# printed. Thawing the master gives the VIP back each time. Then, for the
# figures only, the same with keepalived 2.2.7 as the backup.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
require_root
vt_topology fa 2
TRIALS=5
MDI=$(vt_mdi_ms 3 10 100)

# vip_added_after I T0_NS: ms from T0 to the first "VIP added" event on node I after T0.
vip_added_after() {
	local ts
	ts=$(grep -av Deleted "$VT_DIR/mon$1" | grep -a " $VT_VIP/" | sed -n 's/^\[\([^]]*\)\].*/\1/p' |
		while read -r t; do
			n=$(date -d "$t" +%s%N)
			[ "$n" -gt "$2" ] && { echo "$n"; break; }
		done)
	[ -n "$ts" ] && echo $(((ts - $2) / 1000000))
}

# trials: freezes node 1 TRIALS times; prints the failover ms of each.
trials() {
	local k t0 ms vpid mon all=""
	ip -n "$(vt_ns 2)" -ts monitor address dev eth0 >"$VT_DIR/mon2" &
	mon=$!
	sleep 0.3
	for ((k = 1; k <= TRIALS; k++)); do
		vpid=$(vt_vrrp_pid 1)
		t0=$(vt_now_ns)
		kill -STOP "$vpid"
		wait_for 3 has_vip 2
		sleep 0.1
		ms=$(vip_added_after 2 "$t0")
		all="$all ${ms:--1}"
		kill -CONT "$vpid"
		wait_for 3 no_vip 2 || { all="$all stuck"; break; }
		sleep 0.3
	done
	kill "$mon"
	wait "$mon" 2>/dev/null
	echo "${all# }"
}
median() { tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

vt_conf 1 prio=150 version=3 advert=0.01
vt_conf 2 prio=100 version=3 advert=0.01
vt_start 1
vt_start 2
check "node 1 becomes master" wait_for 5 has_vip 1
sleep 0.5
check "node 2 is backup" test "$(vt_holders)" = 1
figs=$(trials)
med=$(median <<<"$figs")
echo "# figure: v3 advert_int 0.01, vigil -> vigil failover after SIGSTOP: $figs ms (median $med; Master_Down_Interval $MDI ms)"
check "failover measured in every trial ($figs)" bash -c "! grep -qE -- '-1|stuck' <<<'$figs'"
check "median failover under 50 ms ($med ms)" test "${med:--1}" -ge 0 -a "${med:--1}" -lt 50
check "no trial took longer than 250 ms ($figs)" \
	test "$(tr ' ' '\n' <<<"$figs" | sort -n | tail -1)" -le 250
check "node 1 is master again after the last thaw" has_vip 1
check "node 2 never dropped an advert" vt_not_logged 2 "dropped an advert"
vt_stop_all

if command -v keepalived >/dev/null; then
	vt_conf 2 impl=keepalived prio=100 version=3 advert=0.01
	vt_start 1
	vt_start 2
	if wait_for 5 has_vip 1; then
		figs=$(trials)
		echo "# figure: v3 advert_int 0.01, vigil -> keepalived failover after SIGSTOP: $figs ms (median $(median <<<"$figs"))"
	fi
	vt_stop_all
fi
finish
