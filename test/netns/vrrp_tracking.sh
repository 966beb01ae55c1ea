#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Tracking on two nodes: a failing track_script with weight -60 lowers the
# master's priority below the backup's and mastership moves (and back when it
# recovers); a tracked interface going down puts the master in FAULT (VIP
# released, priority 0, the backup takes over at once) and back; a sync group
# moves both of its instances when only one of them has a fault; the
# vrrp_notify_fifo carries keepalived's state lines.
# VT_IMPL_UNDER_TEST=keepalived runs the same checks against keepalived 2.2.7
# (to check the test itself).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
require_root
IMPL=${VT_IMPL_UNDER_TEST:-vigil}
vt_topology tr 2
SKEW=$(vt_skew_ms 2 1000 100)
MDI=$(vt_mdi_ms 2 1000 100)

cat >"$VT_DIR/chk.sh" <<SH
#!/bin/sh
# chk.sh I: fails while the file fail<I> exists
[ ! -e "$VT_DIR/fail\$1" ]
SH
chmod 755 "$VT_DIR/chk.sh"
for i in 1 2; do
	ip -n "$(vt_ns $i)" link add trk0 type veth peer name trk0p
	ip -n "$(vt_ns $i)" link add trk1 type veth peer name trk1p
	for l in trk0 trk0p trk1 trk1p; do ip -n "$(vt_ns $i)" link set $l up; done
	mkfifo "$VT_DIR/fifo$i"
done
fifo_reader() { # reads node I's FIFO into fifo<I>.log across daemon restarts
	# Opened read-write: never blocks, and no EOF when a daemon closes it.
	cat <>"$VT_DIR/fifo$1" >>"$VT_DIR/fifo$1.log" 2>/dev/null &
	VT_BG_PIDS+=($!)
}
fifo_reader 1
fifo_reader 2
G="	vrrp_notify_fifo $VT_DIR/fifoNODE"

# --- 1. track_script weight and track_interface on node 1's instance
SCRIPT="vrrp_script chk {
	script \"$VT_DIR/chk.sh 1\"
	interval 1
	fall 1
	rise 1
	weight -60
}"
vt_conf 1 impl="$IMPL" prio=150 global="${G/NODE/1}" pre="$SCRIPT" \
	extra="	track_script {
		chk
	}
	track_interface {
		trk0
	}"
vt_conf 2 impl="$IMPL" prio=100 global="${G/NODE/2}"
vt_start 1
vt_start 2
check "node 1 (150) becomes master" wait_for 10 has_vip 1
sleep 1
check_eq "node 1 alone holds the VIP" "$(vt_holders)" "1"
check "FIFO: node 1's MASTER line" wait_for 2 grep -qx 'INSTANCE "VI_1" MASTER 150' "$VT_DIR/fifo1.log"
check "FIFO: node 2's BACKUP line" grep -qx 'INSTANCE "VI_1" BACKUP 100' "$VT_DIR/fifo2.log"

vt_mark_all
vt_sampler_start
touch "$VT_DIR/fail1"
ms=$(vt_wait_vip 12 2)
echo "# figure: track_script failure (interval 1, weight -60) -> node 2 master: $ms ms (Master_Down_Interval $MDI ms)"
check "track_script: node 2 takes over when node 1's script fails" test "$ms" -ge 0
check "track_script: node 1 released the VIP" wait_for 3 no_vip 1
check "track_script: node 1 logs its new effective priority" \
	vt_logged 1 "(VI_1) Changing effective priority from 150 to 90"
check "track_script: node 1 logs BACKUP" vt_logged 1 "(VI_1) Entering BACKUP STATE"
check "FIFO: node 1 BACKUP at priority 90" wait_for 2 grep -qx 'INSTANCE "VI_1" BACKUP 90' "$VT_DIR/fifo1.log"
vt_mark_all
rm -f "$VT_DIR/fail1"
check "track_script: node 1 preempts when its script recovers" wait_for 12 has_vip 1
check "track_script: node 1 back at priority 150" \
	vt_logged 1 "(VI_1) Changing effective priority from 90 to 150"
check "track_script: node 2 released the VIP" wait_for 3 no_vip 2
sleep 0.5
vt_sampler_check "track_script" $((MDI + 500))

vt_mark_all
vt_sampler_start
ip -n "$(vt_ns 1)" link set trk0 down
ms=$(vt_wait_vip 10 2)
echo "# figure: tracked interface down -> node 2 master: $ms ms (Skew_Time $SKEW ms: node 1 sends priority 0)"
check "track_interface: node 1 enters FAULT" wait_for 3 vt_logged 1 "(VI_1) Entering FAULT STATE"
check "track_interface: node 1 released the VIP" no_vip 1
check "track_interface: node 2 takes over within Skew_Time + 500 ms ($ms ms)" \
	test "$ms" -ge 0 -a "$ms" -le $((SKEW + 500))
check "FIFO: node 1 FAULT line" wait_for 2 grep -q '^INSTANCE "VI_1" FAULT ' "$VT_DIR/fifo1.log"
sleep 1
check_eq "track_interface: node 1 stays out while trk0 is down" "$(vt_holders)" "2"
vt_mark_all
ip -n "$(vt_ns 1)" link set trk0 up
check "track_interface: node 1 leaves FAULT for BACKUP" \
	wait_for 5 vt_logged 1 "(VI_1) Entering BACKUP STATE"
check "track_interface: node 1 preempts again" wait_for 10 has_vip 1
check "track_interface: node 2 released" wait_for 3 no_vip 2
sleep 0.5
vt_sampler_check "track_interface" $((SKEW + 500))
vt_stop_all

# --- 2. a sync group: VI_2's tracked interface fails, VI_1 (no fault) moves with it
VIP2=10.77.0.200
sg_conf() { # sg_conf I PRIO
	vt_conf "$1" impl="$IMPL" prio="$2" global="${G/NODE/$1}" \
		top="$(vt_instance "$1" prio="$2" name=VI_2 vrid=52 vip=$VIP2/24 extra="	track_interface {
		trk1
	}")
vrrp_sync_group SG {
	group {
		VI_1
		VI_2
	}
}"
}
sg_conf 1 150
sg_conf 2 100
vt_mark_all
vt_start 1
vt_start 2
check "sync group: node 1 takes VI_1" wait_for 10 has_vip 1
check "sync group: node 1 takes VI_2" wait_for 5 has_vip 1 $VIP2
sleep 1
check_eq "sync group: node 1 holds both VIPs" "$(vt_holders) / $(vt_holders_of $VIP2)" "1 / 1"
check "FIFO: node 1's group MASTER line" wait_for 2 grep -qx 'GROUP "SG" MASTER 0' "$VT_DIR/fifo1.log"
check "FIFO: node 2's group BACKUP line" grep -qx 'GROUP "SG" BACKUP 0' "$VT_DIR/fifo2.log"
vt_mark_all
ip -n "$(vt_ns 1)" link set trk1 down
check "sync group: node 2 takes VI_2 (its tracked interface failed on node 1)" \
	wait_for 10 has_vip 2 $VIP2
check "sync group: node 2 takes VI_1 too (no fault of its own)" wait_for 5 has_vip 2
check "sync group: node 1 released VI_1" no_vip 1
check "sync group: node 1 released VI_2" no_vip 1 $VIP2
check "sync group: node 1's VI_2 in FAULT" vt_logged 1 "(VI_2) Entering FAULT STATE"
check "sync group: node 1's VI_1 follows into FAULT" vt_logged 1 "(VI_1) Entering FAULT STATE"
check "FIFO: node 1's group FAULT line" wait_for 2 grep -qx 'GROUP "SG" FAULT 0' "$VT_DIR/fifo1.log"
sleep 1
check_eq "sync group: both instances stay on node 2" \
	"$(vt_holders) / $(vt_holders_of $VIP2)" "2 / 2"
vt_mark_all
ip -n "$(vt_ns 1)" link set trk1 up
check "sync group: VI_1 returns to node 1" wait_for 10 has_vip 1
check "sync group: VI_2 returns to node 1" wait_for 5 has_vip 1 $VIP2
sleep 1
check_eq "sync group: node 2 released both" "$(vt_holders) / $(vt_holders_of $VIP2)" "1 / 1"
vt_stop_all
finish
