#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Failover benchmark, vigil against keepalived 2.2.7. Two VRRP pairs, one per
# implementation, each two nodes on its own bridge (bench_pair_up in lib.sh):
# node 1 master (priority 150), node 2 backup (100), the same configuration for
# both implementations. Each trial makes a fault on node 1 and times, with
# CLOCK_REALTIME on every side (vbench and tcpdump's packet stamps):
#   vip        fault -> the VIP added on node 2 (netlink event, vbench watch)
#   garp       fault -> node 2's first gratuitous ARP for the VIP on the bridge
#   vip_over   node 1's last advert on the wire -> VIP, minus Master_Down_Interval
#   garp_over  the same for the GARP: what the daemon adds beyond the RFC timer
# Faults: "stop" freezes node 1's VRRP process (SIGSTOP, SIGCONT after), "link"
# sets node 1's eth0 down (up after). Trials alternate between the two pairs
# (and which goes first) so load on the machine hits both alike; between
# trials a random part of an advert interval makes the fault's phase uniform.
# Environment: BENCH_N trials per configuration (50), BENCH_FAILOVER_CONFIGS
# (VERSION:ADVERT:FAULT words, default "2:1:stop 2:1:link 3:0.05:stop 3:0.05:link").
. "$(dirname "$0")/lib.sh"
N=${BENCH_N:-50}
CONFIGS=${BENCH_FAILOVER_CONFIGS:-2:1:stop 2:1:link 3:0.05:stop 3:0.05:link}
bench_init failover
bench_machine
SIGSTOP_NR=$(kill -l STOP)

fault() { # fault PAIR KIND: the fault on node 1; its time goes to PAIR.faults
	local p=$BENCH_TMP/$1
	case $2 in
	stop) "$VBENCH" kill "$SIGSTOP_NR" "$(cat "$p-n1_vrrp.pid")" >>"$p.faults" ;;
	link) ip netns exec "$(bench_pair_ns "$1" 1)" "$VBENCH" link eth0 down >>"$p.faults" ;;
	esac
}
restore() { # restore PAIR KIND
	case $2 in
	stop) kill -CONT "$(cat "$BENCH_TMP/$1-n1_vrrp.pid")" ;;
	link) ip -n "$(bench_pair_ns "$1" 1)" link set eth0 up ;;
	esac
}

# trial PAIR KIND MDI_US SETTLE ADVERT: one fault, the failover, the master back.
trial() {
	local want
	want=$(($(bench_pair_adds "$1") + 1))
	fault "$1" "$2"
	sleep "$(awk -v m="$3" 'BEGIN { printf "%.3f", m * 0.9 / 1e6 }')"
	bench_pair_wait_adds "$1" "$want" 10 || echo "# $1: no failover after a $2 fault"
	restore "$1" "$2"
	bench_wait 20 bench_pair_master_ok "$1" || echo "# $1: node 1 did not get the VIP back"
	# settle, plus a random part of one advert interval: the fault's phase
	# against node 1's advert timer is then uniform, not set by this loop
	sleep "$(awk -v s="$4" -v a="$5" -v r="$RANDOM" 'BEGIN { printf "%.3f", s + a * r / 32768 }')"
}

# run_config VERSION ADVERT KIND INDEX
run_config() {
	local v=$1 adv=$2 kind=$3 label mdi settle k impl pv=f$4v pk=f$4k m col
	label="failover-v$v-${adv}s-$kind"
	mdi=$(bench_mdi_us "$v" "$adv" "$BENCH_BACKUP_PRIO")
	settle=$(awk -v a="$adv" 'BEGIN { s = 1.5 * a; if (s < 0.5) s = 0.5; print s }')
	echo "# $label: VRRPv$v advert_int $adv, Master_Down_Interval $((mdi / 1000)) ms, $N trials"
	for impl in vigil keepalived; do
		local p=$pv
		[ $impl = keepalived ] && p=$pk
		bench_pair_up "$p" "$impl" "$v" "$adv" || { echo "ERROR: $impl pair did not start"; return 1; }
		: >"$BENCH_TMP/$p.faults"
	done
	echo "# $label: start $(cut -d' ' -f1-3 /proc/loadavg)"
	for ((k = 1; k <= N; k++)); do
		if ((k % 2)); then
			trial "$pv" "$kind" "$mdi" "$settle" "$adv"
			trial "$pk" "$kind" "$mdi" "$settle" "$adv"
		else
			trial "$pk" "$kind" "$mdi" "$settle" "$adv"
			trial "$pv" "$kind" "$mdi" "$settle" "$adv"
		fi
	done
	echo "# $label: end $(cut -d' ' -f1-3 /proc/loadavg)"
	bench_pair_down "$pv"
	bench_pair_down "$pk"
	bench_pair_trials "$pv" "$mdi" >"$BENCH_TMP/$label.vigil"
	bench_pair_trials "$pk" "$mdi" >"$BENCH_TMP/$label.keepalived"
	if [ -n "${BENCH_OUT:-}" ]; then
		mkdir -p "$BENCH_OUT"
		cp "$BENCH_TMP/$label.vigil" "$BENCH_TMP/$label.keepalived" "$BENCH_OUT/"
	fi
	col=1
	for m in vip garp vip_over garp_over; do
		awk -v c=$col '{ print $c }' "$BENCH_TMP/$label.vigil" >"$BENCH_TMP/m.v"
		awk -v c=$col '{ print $c }' "$BENCH_TMP/$label.keepalived" >"$BENCH_TMP/m.k"
		bench_result "$label" "$m" "$BENCH_TMP/m.v" "$BENCH_TMP/m.k" ms
		col=$((col + 1))
	done
}

i=0
for c in $CONFIGS; do
	i=$((i + 1))
	IFS=: read -r v adv kind <<<"$c"
	run_config "$v" "$adv" "$kind" "$i"
done
