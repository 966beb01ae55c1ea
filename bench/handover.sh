#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Handover benchmark, vigil against keepalived 2.2.7: the master (node 1 of a
# pair from bench_pair_up in lib.sh) gets SIGTERM, sends its priority-0
# advert and removes the VIP; the backup takes over after Skew_Time instead
# of the whole Master_Down_Interval. Per trial, with CLOCK_REALTIME on every side:
#   vip        SIGTERM -> the VIP added on node 2 (netlink event)
#   garp       SIGTERM -> node 2's first gratuitous ARP on the bridge
#   prio0      SIGTERM -> node 1's priority-0 advert on the wire
#   vip_over   priority-0 advert -> VIP on node 2, minus Skew_Time
# Node 1 is restarted after each trial and takes the VIP back (preemption).
# Trials alternate between the vigil pair and the keepalived pair.
# Environment: BENCH_HANDOVER_N trials per configuration (20),
# BENCH_HANDOVER_CONFIGS (VERSION:ADVERT words, default "2:1 3:0.05").
. "$(dirname "$0")/lib.sh"
N=${BENCH_HANDOVER_N:-20}
CONFIGS=${BENCH_HANDOVER_CONFIGS:-2:1 3:0.05}
bench_init handover
bench_machine
SIGTERM_NR=$(kill -l TERM)

# trial PAIR IMPL SETTLE: SIGTERM to node 1, the takeover, node 1 restarted.
trial() {
	local p=$BENCH_TMP/$1 want
	want=$(($(bench_pair_adds "$1") + 1))
	"$VBENCH" kill "$SIGTERM_NR" "$(cat "$p-n1.pid")" >>"$p.faults"
	bench_pair_wait_adds "$1" "$want" 10 || echo "# $1: no takeover after SIGTERM"
	bench_wait 10 test ! -e "$p-n1.pid" || echo "# $1: node 1 did not exit"
	sleep 0.2
	bench_start "$2" "$(bench_pair_ns "$1" 1)" "$p-n1" "$p-n1.conf" -P
	bench_wait 20 bench_pair_master_ok "$1" || echo "# $1: node 1 did not get the VIP back"
	sleep "$3"
}

# handover_trials PAIR SKEW_US: "vip garp prio0 vip_over" in ms per SIGTERM.
handover_trials() {
	bench_pair_events "$1" | awk -v skew="$2" '
	{ if (NR == 1) base = substr($1, 1, 10)
	  t[NR] = (substr($1, 1, 10) - base) * 1e9 + substr($1, 11); ty[NR] = $2 }
	function ms(x) { return sprintf("%.2f", x / 1e6) }
	function first(from, type,    j) {
		for (j = from + 1; j <= NR && ty[j] != "F"; j++) if (ty[j] == type) return j
		return 0 }
	END {
		for (i = 1; i <= NR; i++) {
			if (ty[i] != "F") continue
			v = first(i, "V"); g = first(i, "G"); z = first(i, "Z")
			print (v ? ms(t[v] - t[i]) : "NA"), (g ? ms(t[g] - t[i]) : "NA"),
			      (z ? ms(t[z] - t[i]) : "NA"),
			      (v && z ? ms(t[v] - t[z] - skew * 1000) : "NA")
		}
	}'
}

run_config() { # run_config VERSION ADVERT INDEX
	local v=$1 adv=$2 label="handover-v$1-${2}s" pv=h$3v pk=h$3k skew k m col impl p
	skew=$(awk -v v="$v" -v a="$adv" -v p="$BENCH_BACKUP_PRIO" \
		'BEGIN { printf "%d\n", ((v == 2) ? (256 - p) / 256 : (256 - p) * a / 256) * 1e6 }')
	echo "# $label: VRRPv$v advert_int $adv, Skew_Time $((skew / 1000)) ms, $N trials"
	for impl in vigil keepalived; do
		p=$pv
		[ $impl = keepalived ] && p=$pk
		bench_pair_up "$p" "$impl" "$v" "$adv" || { echo "ERROR: $impl pair did not start"; return 1; }
		: >"$BENCH_TMP/$p.faults"
	done
	echo "# $label: start $(cut -d' ' -f1-3 /proc/loadavg)"
	for ((k = 1; k <= N; k++)); do
		if ((k % 2)); then
			trial "$pv" vigil 1
			trial "$pk" keepalived 1
		else
			trial "$pk" keepalived 1
			trial "$pv" vigil 1
		fi
	done
	echo "# $label: end $(cut -d' ' -f1-3 /proc/loadavg)"
	bench_pair_down "$pv"
	bench_pair_down "$pk"
	handover_trials "$pv" "$skew" >"$BENCH_TMP/$label.vigil"
	handover_trials "$pk" "$skew" >"$BENCH_TMP/$label.keepalived"
	if [ -n "${BENCH_OUT:-}" ]; then
		mkdir -p "$BENCH_OUT"
		cp "$BENCH_TMP/$label.vigil" "$BENCH_TMP/$label.keepalived" "$BENCH_OUT/"
	fi
	col=1
	for m in vip garp prio0 vip_over; do
		awk -v c=$col '{ print $c }' "$BENCH_TMP/$label.vigil" >"$BENCH_TMP/m.v"
		awk -v c=$col '{ print $c }' "$BENCH_TMP/$label.keepalived" >"$BENCH_TMP/m.k"
		bench_result "$label" "$m" "$BENCH_TMP/m.v" "$BENCH_TMP/m.k" ms
		col=$((col + 1))
	done
}

i=0
for c in $CONFIGS; do
	i=$((i + 1))
	IFS=: read -r v adv <<<"$c"
	run_config "$v" "$adv" "$i"
done
