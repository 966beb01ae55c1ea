#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers of the benchmarks (sourced by bench/*.sh, never run directly):
# root check, a work directory, network namespaces named vigil-bench-*-$$
# (only those are created, and only those are removed), the vbench timing
# helper, starting vigil or keepalived in a namespace, statistics (median,
# percentiles) and the one result format every benchmark prints:
#   RESULT <bench> <metric> vigil=<median> keepalived=<median> ratio=<v/k> n=<trials>
# A ratio below 1 means vigil is faster (or smaller). Nothing here asserts a time.

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	echo "lib.sh is sourced by the benchmarks in bench/"
	exit 2
fi
set -u

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$bench_dir/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
VIGILD=${VIGILD:-$top_builddir/vigild}
KEEPALIVED=${KEEPALIVED:-/usr/sbin/keepalived}
BENCH_NS=()
BENCH_BG=()
BENCH_TMP=""

bench_skip() { echo "SKIP: $*"; exit 77; }

# bench_init NAME: root and tools check, work directory, cleanup trap, vbench.
bench_init() {
	BENCH_NAME=$1
	[ "$(id -u)" = 0 ] || bench_skip "$BENCH_NAME needs root (network namespaces)"
	command -v ip >/dev/null || bench_skip "needs iproute2"
	[ -x "$VIGILD" ] || { echo "ERROR: $VIGILD not built (set top_builddir or VIGILD)"; exit 1; }
	[ -x "$KEEPALIVED" ] || bench_skip "needs keepalived ($KEEPALIVED)"
	BENCH_TMP=$(mktemp -d /tmp/vigil-bench.XXXXXX)
	trap bench_cleanup EXIT
	trap 'exit 143' TERM INT HUP
	bench_vbench_build
}

bench_cleanup() {
	local p ns
	for p in "${BENCH_BG[@]}"; do kill "$p" 2>/dev/null; done
	for ns in "${BENCH_NS[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	BENCH_NS=()
	if [ -n "${BENCH_KEEP:-}" ]; then
		echo "# BENCH_KEEP: work files kept in $BENCH_TMP"
	elif [ -n "$BENCH_TMP" ]; then
		rm -rf "$BENCH_TMP"
	fi
	return 0
}

# VBENCH: the built helper (make bench builds bench/vbench), else compiled here.
bench_vbench_build() {
	VBENCH=${VBENCH:-$top_builddir/bench/vbench}
	[ -x "$VBENCH" ] && return 0
	VBENCH=$BENCH_TMP/vbench
	${CC:-cc} -O2 -o "$VBENCH" "$bench_dir/vbench.c" || { echo "ERROR: cannot build vbench"; exit 1; }
}

bench_now_ns() { "$VBENCH" now; }

# bench_bg CMD...: a background helper that the cleanup kills.
bench_bg() { "$@" & BENCH_BG+=($!); }
bench_bg_stop() { # bench_bg_stop PID: SIGTERM (tcpdump flushes; background jobs ignore SIGINT), then waits
	kill -TERM "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# bench_ns NAME: creates the namespace vigil-bench-NAME-$$ (lo up), prints its name.
bench_ns_name() { echo "vigil-bench-$1-$$"; }
bench_ns() {
	local ns
	ns=$(bench_ns_name "$1")
	ip netns add "$ns" || { echo "ERROR: cannot create namespace $ns" >&2; return 1; }
	BENCH_NS+=("$ns")
	ip -n "$ns" link set lo up
}
bench_ns_del() { # bench_ns_del NAME: removes one namespace of ours and its processes
	local ns i
	ns=$(bench_ns_name "$1")
	ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	for i in "${!BENCH_NS[@]}"; do [ "${BENCH_NS[i]}" = "$ns" ] && unset 'BENCH_NS[i]'; done
	return 0
}

# bench_lan NAME N: a bridge namespace NAME-br (br0, no multicast snooping) and
# N node namespaces NAME-1..NAME-N, each with eth0 (MAC 02:be:00:00:00:0i,
# 10.66.0.i/24) on the bridge port pI.
bench_mac() { printf '02:be:00:00:00:%02x' "$1"; }
bench_lan() {
	local name=$1 n=$2 i br node
	bench_ns "$name-br" || return 1
	br=$(bench_ns_name "$name-br")
	ip -n "$br" link add br0 type bridge mcast_snooping 0 forward_delay 0 || return 1
	ip -n "$br" link set br0 up
	for ((i = 1; i <= n; i++)); do
		bench_ns "$name-$i" || return 1
		node=$(bench_ns_name "$name-$i")
		ip -n "$br" link add "p$i" type veth peer name eth0 netns "$node"
		ip -n "$br" link set "p$i" master br0 up
		ip -n "$node" link set eth0 address "$(bench_mac "$i")"
		ip -n "$node" link set eth0 up
		ip -n "$node" addr add "10.66.0.$i/24" dev eth0
	done
}
bench_lan_del() { # bench_lan_del NAME N
	local i
	for ((i = 1; i <= $2; i++)); do bench_ns_del "$1-$i"; done
	bench_ns_del "$1-br"
}

# bench_start IMPL NS PREFIX CONF [ARGS...]: starts vigil or keepalived in the
# namespace NS (a full name) with pid files PREFIX.pid, PREFIX_vrrp.pid,
# PREFIX_chk.pid and its log in PREFIX.log; waits for the VRRP (or, with -C,
# checker) pid file.
bench_start() {
	local impl=$1 ns=$2 p=$3 conf=$4 want
	shift 4
	want=${p}_vrrp.pid
	case " $* " in *" -C "*) want=${p}_chk.pid ;; esac
	rm -f "$p.pid" "${p}_vrrp.pid" "${p}_chk.pid"
	if [ "$impl" = keepalived ]; then
		ip netns exec "$ns" "$KEEPALIVED" -n -l -D -f "$conf" -p "$p.pid" \
			-r "${p}_vrrp.pid" -c "${p}_chk.pid" "$@" >>"$p.log" 2>&1 &
	else
		ip netns exec "$ns" "$VIGILD" -n -D -G -g "$p.log" -f "$conf" \
			-p "$p.pid" -r "${p}_vrrp.pid" -c "${p}_chk.pid" "$@" >>"$p.out" 2>&1 &
	fi
	bench_wait 10 test -s "$want"
}
bench_stop() { # bench_stop PREFIX: SIGTERM to the parent, waits for its pid file to go
	local pid
	pid=$(cat "$1.pid" 2>/dev/null)
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null
	bench_wait 10 test ! -e "$1.pid" && return 0
	echo "# $(basename "$1"): still running 10 s after SIGTERM ($(ps -o stat=,cmd= -p "$pid" 2>/dev/null))"
	return 1
}

# bench_wait SECONDS CMD...: polls CMD every 20 ms until it succeeds (control
# flow only: no figure comes from this polling).
bench_wait() {
	local deadline
	deadline=$(($(date +%s%N) + ${1%.*} * 1000000000))
	shift
	while ! "$@" 2>/dev/null; do
		[ "$(date +%s%N)" -ge $deadline ] && return 1
		sleep 0.02
	done
	return 0
}

# bench_has_addr NS ADDR: ADDR is on eth0 in the namespace NS.
bench_has_addr() { ip -n "$1" -o addr show dev eth0 2>/dev/null | grep -q " $2/"; }
bench_no_addr() { ! bench_has_addr "$@"; }

# --- statistics: numbers one per line on stdin (non-numbers are ignored)
bench_nums() { grep -E '^-?[0-9]+(\.[0-9]+)?$'; }
# bench_pct P: the P-th percentile (nearest rank; 50 = the median).
bench_pct() {
	bench_nums | sort -g | awk -v p="$1" '{ v[NR] = $1 }
		END { if (NR == 0) { print "NA"; exit }
		      r = int((p / 100) * NR + 0.999999); if (r < 1) r = 1; if (r > NR) r = NR
		      print v[r] }'
}
bench_median() { bench_pct 50; }
bench_count() { bench_nums | wc -l; }
bench_ratio() { # bench_ratio A B: A/B with 3 decimals, NA if either is missing or B is 0
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || b + 0 == 0) print "NA";
		else printf "%.3f\n", a / b }'
}

# bench_result BENCH METRIC VFILE KFILE [UNIT]: the RESULT line from the samples
# of each implementation (one number a line), then a DETAIL line with the
# 10th and 90th percentiles, the minimum and the maximum.
bench_result() {
	local b=$1 m=$2 vf=$3 kf=$4 u=${5:-ms} vm km n
	vm=$(bench_median <"$vf") km=$(bench_median <"$kf")
	n=$(bench_count <"$vf")
	[ "$(bench_count <"$kf")" != "$n" ] && n="$n/$(bench_count <"$kf")"
	echo "RESULT $b $m vigil=$vm keepalived=$km ratio=$(bench_ratio "$vm" "$km") n=$n unit=$u"
	echo "DETAIL $b $m vigil p10=$(bench_pct 10 <"$vf") p90=$(bench_pct 90 <"$vf")" \
		"min=$(bench_pct 0 <"$vf") max=$(bench_pct 100 <"$vf")" \
		"| keepalived p10=$(bench_pct 10 <"$kf") p90=$(bench_pct 90 <"$kf")" \
		"min=$(bench_pct 0 <"$kf") max=$(bench_pct 100 <"$kf")"
}

# bench_machine: one line about the machine and the load, for the logs.
bench_machine() {
	echo "# machine: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
		"$(nproc) cpus, kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "# vigil: $VIGILD (${BENCH_VIGIL_REV:-$(git -C "$top_srcdir" rev-parse --short HEAD 2>/dev/null || echo ?)})," \
		"keepalived: $("$KEEPALIVED" --version 2>&1 | head -1)"
}

# --- a VRRP pair on a bridge, for failover.sh and handover.sh
# Pair NAME: namespaces NAME-br, NAME-1 (master, priority 150) and NAME-2
# (backup, priority 100), both running IMPL with the same instance; a vbench
# watch of the VIP in the backup (NAME.watch) and a capture of ARP and VRRP on
# the bridge (NAME.pcap). Files in $BENCH_TMP/NAME*.
BENCH_VIP=10.66.0.100
BENCH_MASTER_PRIO=150
BENCH_BACKUP_PRIO=100

bench_vrrp_conf() { # bench_vrrp_conf FILE ROUTER_ID PRIO VERSION ADVERT
	{
		printf 'global_defs {\n\trouter_id %s\n}\n' "$2"
		printf 'vrrp_instance VI_1 {\n\tstate BACKUP\n\tinterface eth0\n'
		printf '\tvirtual_router_id 51\n\tpriority %s\n\tadvert_int %s\n' "$3" "$5"
		[ "$4" = 3 ] && printf '\tversion 3\n'
		printf '\tvirtual_ipaddress {\n\t\t%s/24\n\t}\n}\n' "$BENCH_VIP"
	} >"$1"
}

# bench_pair_up NAME IMPL VERSION ADVERT: topology, both daemons, node 1 master,
# then the watch and the capture. Fails if node 1 does not become master.
bench_pair_up() {
	local name=$1 impl=$2 v=$3 adv=$4 i d=$BENCH_TMP/$1 prio
	bench_lan "$name" 2 || return 1
	for i in 1 2; do
		prio=$BENCH_BACKUP_PRIO
		[ $i = 1 ] && prio=$BENCH_MASTER_PRIO
		bench_vrrp_conf "$d-n$i.conf" "$name-n$i" "$prio" "$v" "$adv"
	done
	bench_start "$impl" "$(bench_ns_name "$name-1")" "$d-n1" "$d-n1.conf" -P || return 1
	bench_wait 10 bench_has_addr "$(bench_ns_name "$name-1")" "$BENCH_VIP" || return 1
	bench_start "$impl" "$(bench_ns_name "$name-2")" "$d-n2" "$d-n2.conf" -P || return 1
	sleep 1
	bench_no_addr "$(bench_ns_name "$name-2")" "$BENCH_VIP" || return 1
	ip netns exec "$(bench_ns_name "$name-2")" "$VBENCH" watch "$BENCH_VIP" >"$d.watch" &
	BENCH_BG+=($!)
	eval "BENCH_WATCH_$name=$!"
	ip netns exec "$(bench_ns_name "$name-br")" tcpdump -i br0 -U -nn -s 128 \
		--time-stamp-precision=nano -w "$d.pcap" 'arp or ip proto 112' \
		>/dev/null 2>"$d.pcap.err" &
	BENCH_BG+=($!)
	eval "BENCH_CAP_$name=$!"
	bench_wait 5 grep -q ready "$d.watch" && bench_wait 5 grep -q "listening on" "$d.pcap.err"
}

# bench_pair_down NAME: stops the capture (flushed) and removes the pair.
bench_pair_down() {
	local cap watch
	eval "cap=\${BENCH_CAP_$1:-} watch=\${BENCH_WATCH_$1:-}"
	sleep 0.3
	[ -n "$cap" ] && bench_bg_stop "$cap"
	[ -n "$watch" ] && bench_bg_stop "$watch"
	bench_stop "$BENCH_TMP/$1-n2"
	bench_stop "$BENCH_TMP/$1-n1"
	bench_lan_del "$1" 2
}

bench_pair_ns() { bench_ns_name "$1-$2"; }   # bench_pair_ns NAME I
bench_pair_master_ok() { # node 1 holds the VIP, node 2 does not
	bench_has_addr "$(bench_pair_ns "$1" 1)" "$BENCH_VIP" &&
		bench_no_addr "$(bench_pair_ns "$1" 2)" "$BENCH_VIP"
}
bench_pair_backup_has() { bench_has_addr "$(bench_pair_ns "$1" 2)" "$BENCH_VIP"; }
bench_pair_adds() { grep -c ' add ' "$BENCH_TMP/$1.watch"; } # VIP additions seen on node 2
bench_pair_wait_adds() { # bench_pair_wait_adds NAME COUNT SECONDS
	local deadline=$(($(date +%s%N) + $3 * 1000000000))
	while [ "$(bench_pair_adds "$1")" -lt "$2" ]; do
		[ "$(date +%s%N)" -ge $deadline ] && return 1
		sleep 0.02
	done
}

# bench_pair_events NAME: the pair's events, one "NS TYPE" a line, by time:
# F (a fault, from NAME.faults), A (an advert of node 1 on the wire; Z when
# its priority is 0), V (the
# VIP added on node 2), G (a gratuitous ARP for the VIP from node 2's MAC).
bench_pair_events() {
	local d=$BENCH_TMP/$1 mac2
	mac2=$(bench_mac 2)
	{
		sed 's/$/ F/' "$d.faults"
		awk '$2 == "add" { print $1, "V" }' "$d.watch"
		tcpdump -r "$d.pcap" -nn -tt -e --time-stamp-precision=nano 2>/dev/null |
			awk -v vip="$BENCH_VIP" -v mac2="$mac2" '
			{ t = $1; sub(/\./, "", t) }
			/VRRP/ && $0 ~ /: 10\.66\.0\.1 > / && /prio 0,/ { print t, "Z"; next }
			/VRRP/ && $0 ~ /: 10\.66\.0\.1 > / { print t, "A"; next }
			/ARP/ && $2 == mac2 && index($0, vip) { print t, "G" }'
	} | sort -n -k1,1
}

# bench_pair_trials NAME MDI_US: one line per fault, in ms:
# "vip garp vip_over garp_over": fault to the VIP on node 2, fault to the first
# GARP, and both beyond Master_Down_Interval counted from node 1's last advert
# on the wire before the VIP (NA where an event is missing).
bench_pair_trials() {
	bench_pair_events "$1" | awk -v mdi="$2" '
	{ if (NR == 1) base = substr($1, 1, 10)
	  s = substr($1, 1, 10) - base; n = substr($1, 11) + 0
	  t[NR] = s * 1e9 + n; ty[NR] = $2 }
	function ms(x) { return sprintf("%.2f", x / 1e6) }
	END {
		for (i = 1; i <= NR; i++) {
			if (ty[i] != "F") continue
			v = 0; g = 0; a = 0; vt = 0
			for (j = i + 1; j <= NR && ty[j] != "F"; j++)
				if (ty[j] == "V") { v = j; break }
			if (v) for (j = v - 1; j > 0; j--) if (ty[j] == "A") { a = j; break }
			for (j = i + 1; j <= NR && ty[j] != "F"; j++)
				if (ty[j] == "G" && (!v || t[j] >= t[v] - 1e8)) { g = j; break }
			out = v ? ms(t[v] - t[i]) : "NA"
			out = out " " (g ? ms(t[g] - t[i]) : "NA")
			out = out " " (v && a ? ms(t[v] - t[a] - mdi * 1000) : "NA")
			out = out " " (g && a ? ms(t[g] - t[a] - mdi * 1000) : "NA")
			print out
		}
	}'
}

# bench_mdi_us VERSION ADVERT PRIO: Master_Down_Interval in microseconds
# (RFC 3768: skew (256-prio)/256 s; RFC 5798: (256-prio)*interval/256).
bench_mdi_us() {
	awk -v v="$1" -v a="$2" -v p="$3" 'BEGIN {
		skew = (v == 2) ? (256 - p) / 256 : (256 - p) * a / 256
		printf "%d\n", (3 * a + skew) * 1e6 }'
}
