#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Reload lifecycle on a VRRP master (issue #8), driven by vigild --reload:
# 100 unchanged reloads (zero transitions, zero GARPs on the wire, the VIPs
# present at every 10 ms sample and never deleted); a burst of 20 SIGHUPs
# (queued or coalesced: every reload finishes before the next starts, the
# last one loads the final file); adding, removing and moving VIPs in one
# reload (exactly those addresses change, GARP only for the added one); a
# changed priority and advert_int without a state flap; a broken config
# (refused with file:line, nothing signalled, exit code non-zero; a raw
# SIGHUP, or a file the daemon reads differently, is refused by the daemon
# itself and vigild --reload says so); an instance removed by a reload
# hands over with a priority-0 advert. Prints FIGURE: lines.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
. "$(dirname "$0")/lib_lifecycle.sh"
require_root
command -v tcpdump >/dev/null || skip "needs tcpdump"
command -v python3 >/dev/null || skip "needs python3 (the 10 ms sampler)"
vt_topology lr 2
M1=$(vt_mac 1) V1=10.77.0.100 V2=10.77.0.200 V3=10.77.0.201
transitions() { vt_count 1 "Entering"; }
n1_masters() { [ "$(vt_holders_of $V1)" = 1 ] && [ "$(vt_holders_of $V2)" = 1 ]; }

lc_conf 1 150 1 "$V1" "$V2 $V3"
lc_conf 2 100 1 "$V1" "$V2 $V3"
lc_wire_start
vt_start 1
check "node 1 masters VI_1 and VI_2" wait_for 8 n1_masters
vt_start 2
# Both GARP rounds of the transition (at once, and garp_master_delay 5 s later) are over.
garp_rounds_done() { [ "$(lc_garps "$M1" 0)" = "$V1:10 $V2:10 $V3:10" ]; }
check "node 1's two GARP rounds after its transition seen on the wire" wait_for 10 garp_rounds_done
lc_monitor_start 1
vt_mark_all

# ---- 100 unchanged reloads -------------------------------------------------
wire0=$(lc_lines "$VT_DIR/wire.txt") mon0=$(lc_lines "$VT_DIR/n1.mon")
lc_sampler_start 1 $V1 $V2 $V3
t0=$(vt_now_ns) bad=0
for _ in $(seq 1 100); do
	lc_reload 1 || { bad=$((bad + 1)); cat "$VT_DIR/reload.out"; }
done
ms=$(vt_ms_since "$t0")
lc_sampler_stop >"$VT_DIR/sampler.txt"
read -r _ samples _ missing _ mean _ max _ slow <"$VT_DIR/sampler.txt"
echo "FIGURE: 100 unchanged reloads with vigild --reload: $ms ms in total, $((ms / 100)) ms per confirmed reload"
echo "FIGURE: sampler: $samples samples, achieved interval mean $mean ms, max $max ms, $slow interval(s) over 20 ms; VIPs missing in $missing"
check_eq "100 unchanged reloads: vigild --reload exit 0 every time" "$bad" 0
check_eq "100 unchanged reloads: the VRRP child reloaded 100 times" "$(vt_count 1 'Reload finished')" 100
check_eq "100 unchanged reloads: no transition on node 1" "$(transitions)" 0
check_eq "100 unchanged reloads: no transition on node 2" "$(vt_count 2 Entering)" 0
check_eq "100 unchanged reloads: VIPs missing in 0 of $samples samples" "$missing" 0
check "100 unchanged reloads: the sampler ran (>= 100 samples)" test "${samples:-0}" -ge 100
check_eq "100 unchanged reloads: no address deleted (ip monitor)" "$(lc_deleted 1 "$mon0")" ""
check_eq "100 unchanged reloads: no GARP from node 1 on the wire" "$(lc_garps "$M1" "$wire0")" ""
check "only node 1 holds the VIPs" n1_masters

# ---- a burst of 20 SIGHUPs -------------------------------------------------
V4=10.77.0.101
lc_conf 1 150 1 "$V1 $V4" "$V2 $V3"
vt_mark_all
wire0=$(lc_lines "$VT_DIR/wire.txt") mon0=$(lc_lines "$VT_DIR/n1.mon")
pid=$(vt_pid 1) plog0=$(lc_lines "$VT_DIR/n1.log")
for _ in $(seq 1 20); do kill -HUP "$pid"; done
check "after the burst, vigild --reload confirms a further reload" lc_reload 1
check_eq "burst: the added VIP is on node 1 when vigild --reload returns" "$(vt_holders_of $V4)" 1
sleep 0.3 # the monitor and the capture catch up
parent_n=$(tail -n +$((plog0 + 1)) "$VT_DIR/n1.log" | grep -c "Reloading: validating")
child_seq=$(vt_log_since 1 | sed -n 's/.*\(Reloading\)$/R/p; s/.*\(Reload finished\)$/F/p' | tr -d '\n')
child_n=$(vt_count 1 "Reload finished")
echo "FIGURE: 20 SIGHUPs + 1 vigild --reload: the VRRP child ran $child_n reload(s); the parent $parent_n"
check "burst: every child reload finished before the next began (R F R F ...)" \
	test -n "$child_seq" -a -z "${child_seq//RF/}"
check "burst: 2..21 child reloads (queued or coalesced, never lost)" test "$child_n" -ge 2 -a "$child_n" -le 21
check "burst: 2..21 parent reloads, each forwarded once" test "$parent_n" -ge 2 -a "$parent_n" -le 21 -a "$child_n" -le "$parent_n"
check_eq "burst: no transition" "$(transitions)" 0
check "burst: no error logged" vt_not_logged 1 "error\|refused"
check_eq "burst: nothing deleted" "$(lc_deleted 1 "$mon0")" ""
check_eq "burst: GARP only for the added VIP" "$(lc_garps "$M1" "$wire0" | sed 's/:[0-9]*//g')" "$V4"

# ---- add, remove and move in one reload -----------------------------------
# VI_1 {V1 V4} VI_2 {V2 V3} -> VI_1 {V1 V5} VI_2 {V2 V4}: V5 added, V3 removed, V4 moved.
V5=10.77.0.102
lc_conf 1 150 1 "$V1 $V5" "$V2 $V4"
vt_mark_all
wire0=$(lc_lines "$VT_DIR/wire.txt") mon0=$(lc_lines "$VT_DIR/n1.mon")
check "add/remove/move: vigild --reload exit 0" lc_reload 1
have=$(vt_in 1 ip -o -4 addr show dev eth0 | awk '{ sub("/.*", "", $4); print $4 }' | grep -v "^10.77.0.1$" | sort | tr '\n' ' ')
check_eq "add/remove/move: node 1's addresses when vigild --reload returns" "$have" "$V1 $V4 $V5 $V2 "
sleep 0.3
check_eq "add/remove/move: deleted addresses (ip monitor)" "$(lc_deleted 1 "$mon0")" "$V3"
check_eq "add/remove/move: GARP only for the added VIP" "$(lc_garps "$M1" "$wire0" | sed 's/:[0-9]*//g')" "$V5"
check_eq "add/remove/move: no transition" "$(transitions)" 0
n2_none() { no_vip 2 "$V3" && no_vip 2 "$V4" && no_vip 2 "$V5"; }
check "add/remove/move: node 2 holds none of them" n2_none

# ---- priority and advert_int change ----------------------------------------
lc_conf 2 100 2 "$V1 $V5" "$V2 $V4"
lc_conf 1 200 2 "$V1 $V5" "$V2 $V4"
vt_mark_all
wire0=$(lc_lines "$VT_DIR/wire.txt")
check "advert_int 2 on node 2: vigild --reload exit 0" lc_reload 2
check "priority 200, advert_int 2 on node 1: vigild --reload exit 0" lc_reload 1
sleep 5
check_eq "priority/advert_int: no transition on node 1" "$(transitions)" 0
check_eq "priority/advert_int: no transition on node 2" "$(vt_count 2 Entering)" 0
adv=$(tail -n +$((wire0 + 1)) "$VT_DIR/wire.txt" | grep -c "^[0-9:.]* $M1 > .*vrid 61, prio 200, .*intvl 2s")
echo "FIGURE: node 1's VI_1 adverts with prio 200 intvl 2s in the 5 s after the reload: $adv"
check "priority/advert_int: adverts carry prio 200 and intvl 2s (2..4 in 5 s)" test "$adv" -ge 2 -a "$adv" -le 4
check "priority/advert_int: node 1 still holds the VIPs" n1_masters

# ---- a broken configuration ------------------------------------------------
cp "$VT_DIR/n1.conf" "$VT_DIR/n1.good"
printf 'vrrp_instance VI_9 {\n\tpriority 300\n}\n' >>"$VT_DIR/n1.conf"
vt_mark_all
lc_reload 1
rc=$?
check "broken config: vigild --reload exits non-zero" test "$rc" -ne 0
check "broken config: vigild --reload names file:line" grep -q "n1.conf:[0-9]*: error" "$VT_DIR/reload.out"
check "broken config: vigild --reload did not signal the daemon" vt_not_logged 1 "Reloading"
kill -HUP "$(vt_pid 1)"
check "broken config, raw SIGHUP: refused with file:line in the log" \
	wait_for 3 grep -q "n1.conf:[0-9]*: error" "$VT_DIR/n1.log"
check "broken config, raw SIGHUP: refusal logged" grep -q "Reload refused" "$VT_DIR/n1.log"
check "broken config: the daemon is still running" pid_alive "$(vt_pid 1)"
check "broken config: node 1 still holds the VIPs" n1_masters
check_eq "broken config: no transition" "$(transitions)" 0
# The daemon reads @ID lines with its own config id (the short hostname): validated with
# another id, the error is invisible to vigild --reload, so the daemon itself refuses.
cp "$VT_DIR/n1.good" "$VT_DIR/n1.conf"
echo "@$(hostname -s) no_such_keyword" >>"$VT_DIR/n1.conf"
plog0=$(lc_lines "$VT_DIR/n1.log")
lc_reload 1 -i not-this-host
rc=$?
check_eq "refused by the daemon: vigild --reload exit 4" "$rc" 4
check "refused by the daemon: vigild --reload says so" grep -q "refused" "$VT_DIR/reload.out"
check "refused by the daemon: its log names file:line" \
	grep -q "n1.conf:[0-9]*: error" <(tail -n +$((plog0 + 1)) "$VT_DIR/n1.log")
check "refused by the daemon: the VRRP child was not signalled" vt_not_logged 1 "Reloading"
cp "$VT_DIR/n1.good" "$VT_DIR/n1.conf"
# A script security problem (root scripts without enable_script_security) is
# reported, as at start-up, but does not block the reload: keepalived runs such
# configurations, and an unchanged running one must stay reloadable.
grep -v enable_script_security "$VT_DIR/n1.good" >"$VT_DIR/n1.conf"
vt_mark_all
lc_reload 1
rc=$?
check_eq "script security only: vigild --reload exit 0" "$rc" 0
check "script security only: vigild --reload prints the diagnostic" \
	grep -q "script_security not enabled" "$VT_DIR/reload.out"
check "script security only: the VRRP child reloaded" vt_logged 1 "Reloading"
check_eq "script security only: no transition" "$(transitions)" 0
cp "$VT_DIR/n1.good" "$VT_DIR/n1.conf"
lc_reload 1

# ---- an instance removed by a reload hands over with priority 0 -------------
lc_conf 1 200 2 "$V1 $V5" -
wire0=$(lc_lines "$VT_DIR/wire.txt")
check "VI_2 removed: vigild --reload exit 0" lc_reload 1
t0=$(vt_now_ns) ms=-1
wait_for 3 has_vip 2 "$V2" && ms=$(vt_ms_since "$t0")
skew=$(vt_skew_ms 2 2000 100)
echo "FIGURE: VI_2 removed on node 1: node 2 owned $V2 ${ms} ms after vigild --reload returned (Skew_Time $skew ms, Master_Down_Interval $(vt_mdi_ms 2 2000 100) ms)"
check "VI_2 removed: node 2 took over well before Master_Down_Interval (< 2500 ms)" \
	test "$ms" -ge 0 -a "$ms" -lt 2500
check "VI_2 removed: node 1 sent a priority-0 advert for vrid 62" \
	grep -q "^[0-9:.]* $M1 > .*vrid 62, prio 0," <(tail -n +$((wire0 + 1)) "$VT_DIR/wire.txt")
check_eq "VI_2 removed: VI_1 untouched on node 1" "$(vt_holders_of $V1)" 1
check_eq "whole test: $V1 announced only by the transition's two GARP rounds" \
	"$(lc_garps "$M1" 0 | grep -o "$V1:[0-9]*")" "$V1:10"
vt_stop_all
lc_reload 1
check_eq "vigild --reload without a running daemon: exit 3" "$?" 3
finish
