#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers for the VRRP tests of the netns tier (sourced after lib.sh):
# a bridge namespace with N node namespaces on veths, a keepalived.conf
# generator for vigil or keepalived nodes, start/stop, partition of a node,
# has_vip, and a background sampler that checks "never two VIP holders" and
# measures the gaps without one. Only namespaces named vigil-t<tag>*-$$ are
# created, and only those are removed. Never run directly.
#
# Node i (1..N) lives in $(vt_ns i) with eth0 (MAC 02:77:00:00:00:0i,
# 10.77.0.i/24, fd77::i/64, link-local from the MAC); the bridge br0 lives in
# $VT_BR with the peers p1..pN. VIPs: $VT_VIP4 and $VT_VIP6.

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	echo "SKIP: lib_vrrp.sh is sourced by the vrrp_*.sh tests"
	exit 77
fi

VT_VIP4=10.77.0.100
VT_VIP6=fd77::100
VT_VIP=$VT_VIP4
VT_BR=""
VT_TAG=""
VT_N=0
VT_DIR=""
VT_SAMPLER=""
VT_BG_PIDS=()
VT_IMPL=()

vt_ns() { echo "vigil-t$VT_TAG$1-$$"; }
vt_mac() { printf '02:77:00:00:00:%02x' "$1"; }
vt_ip4() { echo "10.77.0.$1"; }
vt_ip6() { echo "fd77::$1"; }
vt_in() { local i=$1; shift; ip netns exec "$(vt_ns "$i")" "$@"; }
vt_now_ns() { date +%s%N; }
vt_ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

vt_cleanup() {
	local i ns
	[ -n "$VT_SAMPLER" ] && kill "$VT_SAMPLER" 2>/dev/null
	for i in "${VT_BG_PIDS[@]}"; do kill "$i" 2>/dev/null; done
	for ((i = 1; i <= VT_N; i++)); do
		ns=$(vt_ns "$i")
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	if [ -n "$VT_BR" ]; then
		ip netns pids "$VT_BR" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$VT_BR" 2>/dev/null
	fi
	if [ -n "${VT_KEEP:-}" ]; then
		echo "# VT_KEEP: logs and captures kept in $VT_DIR"
	elif [ -n "$VT_DIR" ]; then
		rm -rf "$VT_DIR"
	fi
	return 0
}

# vt_topology TAG N: the bridge namespace, N nodes, the work directory and the trap.
vt_topology() {
	local i ns
	VT_TAG=$1 VT_N=$2
	VT_BR="vigil-t${VT_TAG}br-$$"
	VT_DIR=$(mktemp -d /tmp/vigil-vt.XXXXXX)
	trap vt_cleanup EXIT
	trap 'exit 143' TERM INT HUP
	ip netns add "$VT_BR" || skip "cannot create network namespaces"
	ip -n "$VT_BR" link set lo up
	ip netns exec "$VT_BR" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	# No multicast snooping: ff02::12 must be flooded whatever MLD says.
	ip -n "$VT_BR" link add br0 type bridge mcast_snooping 0 || skip "no bridge support"
	ip -n "$VT_BR" link set br0 up
	for ((i = 1; i <= VT_N; i++)); do
		ns=$(vt_ns "$i")
		ip netns add "$ns"
		ip -n "$ns" link set lo up
		ip -n "$VT_BR" link add "p$i" type veth peer name eth0 netns "$ns"
		ip -n "$VT_BR" link set "p$i" master br0 up
		ip -n "$ns" link set eth0 address "$(vt_mac "$i")"
		# Link-local usable at once: IPv6 adverts need a source at start-up.
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.accept_dad=0
		ip -n "$ns" link set eth0 up
		ip -n "$ns" addr add "$(vt_ip4 "$i")/24" dev eth0
		ip -n "$ns" addr add "$(vt_ip6 "$i")/64" dev eth0 nodad
		VT_IMPL[i]=vigil
	done
	cat >"$VT_DIR/notify.sh" <<SH
#!/bin/sh
echo "\$(date +%s%N) \$*" >>"$VT_DIR/notify.log"
SH
	chmod 755 "$VT_DIR/notify.sh"
	: >"$VT_DIR/notify.log"
}

# vt_isolate I / vt_rejoin I: take node I's port off the bridge and back (a
# network partition: the node's own link stays up, like a switch failure).
vt_isolate() { ip -n "$VT_BR" link set "p$1" nomaster; }
vt_rejoin() { ip -n "$VT_BR" link set "p$1" master br0; }

# vt_instance I [key=value...]: prints a vrrp_instance block for node I.
# Keys: prio (100), state (BACKUP), version (2|3), auth (pass|ah|none; v2
# only), family (4|6), unicast (0|1: every other node is a peer), nopreempt
# (0|1), advert (1), vrid (51), name (VI_1), vip (default by family: $VT_VIP4/24
# or $VT_VIP6/64), extra (lines inside the block). Sets VT_VIP by family.
vt_instance() {
	local i=$1 kv
	local prio=100 state=BACKUP version=2 auth=pass family=4 unicast=0
	local nopreempt=0 advert=1 vrid=51 name=VI_1 vip="" extra=""
	shift
	for kv in "$@"; do
		case ${kv%%=*} in
		prio | state | version | auth | family | unicast | nopreempt | advert | vrid | name | vip | extra)
			printf -v "${kv%%=*}" '%s' "${kv#*=}" ;;
		*) echo "vt_instance: unknown key $kv" >&2; return 1 ;;
		esac
	done
	printf 'vrrp_instance %s {\n' "$name"
	printf '\tstate %s\n\tinterface eth0\n\tvirtual_router_id %s\n' "$state" "$vrid"
	printf '\tpriority %s\n\tadvert_int %s\n' "$prio" "$advert"
	[ "$version" = 3 ] && printf '\tversion 3\n'
	[ "$nopreempt" = 1 ] && printf '\tnopreempt\n'
	if [ "$version" = 2 ] && [ "$auth" != none ]; then
		printf '\tauthentication {\n\t\tauth_type %s\n\t\tauth_pass s3cret\n\t}\n' \
			"$(echo "$auth" | tr '[:lower:]' '[:upper:]')"
	fi
	if [ "$unicast" = 1 ]; then
		local j ip=vt_ip4
		[ "$family" = 6 ] && ip=vt_ip6
		printf '\tunicast_src_ip %s\n\tunicast_peer {\n' "$($ip "$i")"
		for ((j = 1; j <= VT_N; j++)); do
			[ "$j" != "$i" ] && printf '\t\t%s\n' "$($ip "$j")"
		done
		printf '\t}\n'
	fi
	if [ -z "$vip" ]; then
		if [ "$family" = 6 ]; then vip=$VT_VIP6/64; else vip=$VT_VIP4/24; fi
	fi
	printf '\tvirtual_ipaddress {\n\t\t%s\n\t}\n' "$vip"
	printf '\tnotify "%s n%s"\n' "$VT_DIR/notify.sh" "$i"
	[ -n "$extra" ] && printf '%s\n' "$extra"
	printf '}\n'
}

# vt_conf I [key=value...]: writes node I's keepalived.conf: global_defs,
# "pre" (blocks used by the instance: vrrp_script), one vt_instance (same
# keys), then "top" (more blocks: instances, vrrp_sync_group). Keys of its
# own: impl (vigil|keepalived), global (lines in global_defs), pre, top.
vt_conf() {
	local i=$1 kv impl=${VT_IMPL_DEFAULT:-vigil} global="" pre="" top="" args=()
	shift
	for kv in "$@"; do
		case ${kv%%=*} in
		impl | global | pre | top) printf -v "${kv%%=*}" '%s' "${kv#*=}" ;;
		family) args+=("$kv"); [ "${kv#*=}" = 6 ] && VT_VIP=$VT_VIP6 || VT_VIP=$VT_VIP4 ;;
		*) args+=("$kv") ;;
		esac
	done
	case " ${args[*]} " in *" family="*) ;; *) VT_VIP=$VT_VIP4 ;; esac
	VT_IMPL[i]=$impl
	{
		printf 'global_defs {\n\trouter_id n%s\n\tscript_user root\n\tenable_script_security\n' "$i"
		[ -n "$global" ] && printf '%s\n' "$global"
		printf '}\n'
		[ -n "$pre" ] && printf '%s\n' "$pre"
		vt_instance "$i" "${args[@]}"
		[ -n "$top" ] && printf '%s\n' "$top"
	} >"$VT_DIR/n$i.conf"
}

# The VRRP log of node I: vigil's -g file of the VRRP child, keepalived's console.
vt_log() {
	if [ "${VT_IMPL[$1]}" = keepalived ]; then
		echo "$VT_DIR/n$1.klog"
	else
		echo "$VT_DIR/n$1_vrrp.log"
	fi
}
vt_pid() { cat "$VT_DIR/n$1.pid" 2>/dev/null; }
vt_vrrp_pid() { cat "$VT_DIR/n$1_vrrp.pid" 2>/dev/null; }

# vt_start I: starts node I's daemon (vigil or keepalived, VRRP only) in the background.
vt_start() {
	local i=$1 d=$VT_DIR
	if [ "${VT_IMPL[$i]}" = keepalived ]; then
		vt_in "$i" keepalived -n -l -D -P -f "$d/n$i.conf" -p "$d/n$i.pid" \
			-r "$d/n${i}_vrrp.pid" -c "$d/n${i}_chk.pid" >>"$d/n$i.klog" 2>&1 &
	else
		vt_in "$i" "$VIGILD" -n -D -G -g "$d/n$i.log" -f "$d/n$i.conf" -P \
			-p "$d/n$i.pid" -r "$d/n${i}_vrrp.pid" -c "$d/n${i}_chk.pid" \
			>>"$d/n$i.out" 2>&1 &
	fi
	wait_for 5 test -s "$d/n${i}_vrrp.pid"
}

# vt_stop I: SIGTERM to node I's daemon; waits until its pid file is gone.
vt_stop() {
	local pid
	pid=$(vt_pid "$1")
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null
	wait_for 10 test ! -e "$VT_DIR/n$1.pid"
}
vt_stop_all() { local i; for ((i = 1; i <= VT_N; i++)); do vt_stop "$i"; done; }

# has_vip I [ADDR]: node I holds ADDR (default: the current VIP) on eth0.
has_vip() { ip -n "$(vt_ns "$1")" -o addr show dev eth0 2>/dev/null | grep -q " ${2:-$VT_VIP}/"; }
no_vip() { ! has_vip "$@"; }
vt_holders() { # the nodes among 1..N (or "$@") that hold the VIP
	local i out=""
	if [ $# -eq 0 ]; then
		for ((i = 1; i <= VT_N; i++)); do has_vip "$i" && out="$out $i"; done
	else
		for i in "$@"; do has_vip "$i" && out="$out $i"; done
	fi
	echo "${out# }"
}
vt_holders_of() { # vt_holders_of ADDR: the nodes that hold ADDR
	local i out=""
	for ((i = 1; i <= VT_N; i++)); do has_vip "$i" "$1" && out="$out $i"; done
	echo "${out# }"
}
# Log lines of node I since its last vt_mark (each phase marks, so a line
# from an earlier phase or run does not count): vt_logged I TEXT, vt_count I TEXT.
VT_MARK=()
vt_mark() { VT_MARK[$1]=$(wc -l 2>/dev/null <"$(vt_log "$1")" || echo 0); }
vt_mark_all() { local i; for ((i = 1; i <= VT_N; i++)); do vt_mark "$i"; done; }
vt_log_since() { tail -n +$((${VT_MARK[$1]:-0} + 1)) "$(vt_log "$1")" 2>/dev/null; }
vt_logged() { vt_log_since "$1" | grep -q -- "$2"; }
vt_count() { vt_log_since "$1" | grep -c -- "$2"; }
vt_not_logged() { ! vt_logged "$@"; }

# vt_wait_vip SECS I [no]: tight poll (5 ms) until node I holds (or with "no"
# releases) the VIP; prints the milliseconds it took; fails on timeout.
vt_wait_vip() {
	local deadline=$(($(date +%s%N) + $1 * 1000000000)) t0
	t0=$(date +%s%N)
	while :; do
		if [ "${3:-}" = no ]; then no_vip "$2" && break; else has_vip "$2" && break; fi
		[ "$(date +%s%N)" -ge $deadline ] && { echo -1; return 1; }
		sleep 0.005
	done
	vt_ms_since "$t0"
}

# Timers (RFC 5798 / RFC 3768) in ms: vt_skew_ms VERSION ADVERT_MS PRIO, vt_mdi_ms likewise.
vt_skew_ms() {
	if [ "$1" = 2 ]; then echo $(((256 - $3) * 1000 / 256)); else echo $(((256 - $3) * $2 / 256)); fi
}
vt_mdi_ms() { echo $((3 * $2 + $(vt_skew_ms "$@"))); }

# The sampler: every ~50 ms records which of the sampled nodes hold the VIP.
# vt_sample_set NODES... changes the sampled nodes (drop a partitioned or
# frozen node, whose stale VIP is not on the shared segment's view).
vt_sample_set() { echo "$*" >"$VT_DIR/sample.set.new" && mv "$VT_DIR/sample.set.new" "$VT_DIR/sample.set"; }
# vt_confirm_holders NODES...: the nodes are read one after the other, so
# a handover between two reads looks like two holders. A node read before the
# last one counts only if it still holds the VIP when read again now: then it
# held it before and after the later node was seen holding it.
vt_confirm_holders() {
	local out="" last=${*: -1} i
	for i in "${@:1:$#-1}"; do has_vip "$i" && out="$out$i "; done
	echo "$out$last"
}
# shellcheck disable=SC2120 # vt_sampler_start [NODES...]: all nodes by default
vt_sampler_start() {
	local i nodes=("$@")
	if [ $# -eq 0 ]; then for ((i = 1; i <= VT_N; i++)); do nodes+=("$i"); done; fi
	vt_sample_set "${nodes[@]}"
	: >"$VT_DIR/sample.log"
	touch "$VT_DIR/sample.run"
	(
		while [ -e "$VT_DIR/sample.run" ]; do
			t=$(date +%s%N)
			read -ra set <"$VT_DIR/sample.set"
			h=$(vt_holders "${set[@]}")
			[ "${h// /}" != "$h" ] && h=$(vt_confirm_holders $h)
			echo "$t ${h:--}" >>"$VT_DIR/sample.log"
			sleep 0.05
		done
	) &
	VT_SAMPLER=$!
}
# vt_sampler_check LABEL MAX_GAP_MS: stops the sampler; asserts no sample saw
# two holders and no run without a holder lasted longer than MAX_GAP_MS.
vt_sampler_check() {
	local label=$1 max_gap=$2 res n two gap
	rm -f "$VT_DIR/sample.run"
	wait "$VT_SAMPLER" 2>/dev/null
	VT_SAMPLER=""
	res=$(awk '{ n++ }
		NF > 2 { two++ }
		$2 == "-" { if (!z) z = $1; next }
		{ if (z) { g = ($1 - z) / 1e6; if (g > gap) gap = g; z = 0 } }
		END { if (z) { g = ($1 - z) / 1e6; if (g > gap) gap = g }
		      printf "%d %d %d\n", n, two, gap }' "$VT_DIR/sample.log")
	read -r n two gap <<<"$res"
	echo "# figure: $label: $n samples, longest gap without a VIP holder ${gap} ms"
	if [ "${n:-0}" -gt 0 ] && [ "$two" = 0 ]; then
		ok "$label: never two VIP holders ($n samples)"
	else
		not_ok "$label: two VIP holders at a sample: $(awk 'NF > 2 { print; exit }' "$VT_DIR/sample.log")"
	fi
	if [ "${gap:-0}" -le "$max_gap" ]; then
		ok "$label: always one VIP holder but for gaps <= $max_gap ms (longest $gap ms)"
	else
		not_ok "$label: no VIP holder for $gap ms (> $max_gap ms)"
	fi
}

# vt_bg CMD...: a background helper the trap kills (captures, monitors).
vt_bg() { "$@" & VT_BG_PIDS+=($!); }

# vt_capture_start NAME [FILTER]: tcpdump on the bridge (sees every node) into $VT_DIR/NAME.pcap.
vt_capture_start() {
	local f=$VT_DIR/$1.pcap
	shift
	ip netns exec "$VT_BR" tcpdump -i br0 -U -s 256 -w "$f" "$@" >/dev/null 2>"$f.err" &
	VT_BG_PIDS+=($!)
	VT_CAPTURE=$!
	wait_for 5 grep -q "listening on" "$f.err"
}
vt_capture_stop() {
	sleep 0.2
	kill -INT "$VT_CAPTURE" 2>/dev/null
	wait "$VT_CAPTURE" 2>/dev/null
}
