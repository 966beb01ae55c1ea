#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# soak_vrrp: long run of the VRRP side, meant for the sanitizer build (not run
# by CI). Three vigil nodes in network namespaces on a bridge:
#   n1 (priority 150) and n2 (100) share VI_1 (VRRPv3, advert_int 0.05); n1
#     tracks a file with weight -100, so writing 1/0 to it moves mastership
#     back and forth: $FAILOVERS failovers, each waited for;
#   n2 is reloaded (SIGHUP) $RELOADS times between failovers, alternating two
#     configurations (an extra VIP added and removed);
#   n3 runs VI_2 alone with $SCRIPTS vrrp_scripts that sleep past their
#     1 s timeout, until $SCRIPT_TIMEOUTS runs have timed out.
# Before and after, for every vigil process: open fds, RSS, live children and
# zombies; at the end the daemons stop with SIGTERM and their logs must hold
# no sanitizer report. Prints "FIGURE" lines and exits 1 on a leak of fds or
# children, a sanitizer report, or a failover that did not happen.
# Usage: sudo VIGILD=build-san/vigild test/soak/soak_vrrp.sh
#   (FAILOVERS=1000 RELOADS=500 SCRIPT_TIMEOUTS=1000 SCRIPTS=50 by default)
. "$(dirname "$0")/../netns/lib.sh"
. "$(dirname "$0")/../netns/lib_vrrp.sh"
require_root
FAILOVERS=${FAILOVERS:-1000}
RELOADS=${RELOADS:-500}
SCRIPT_TIMEOUTS=${SCRIPT_TIMEOUTS:-1000}
SCRIPTS=${SCRIPTS:-50}
# A small quarantine keeps ASan's own memory from hiding (or faking) growth.
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=8:detect_leaks=1:log_path=/tmp/vigil-soak-asan}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:log_path=/tmp/vigil-soak-ubsan}
rm -f /tmp/vigil-soak-asan.* /tmp/vigil-soak-ubsan.*

vt_topology soak 3
F=$VT_DIR/prio
echo 0 >"$F"
cat >"$VT_DIR/slow.sh" <<SH
#!/bin/sh
echo run >>"$VT_DIR/runs"
sleep 30
SH
chmod 755 "$VT_DIR/slow.sh"

vt_conf 1 prio=150 version=3 advert=0.05 \
	pre="track_file tf {
	file $F
	weight -100
}" extra="	track_file {
		tf
	}"
conf_n2() { # conf_n2 0|1: with or without a second VIP
	local extra=""
	[ "$1" = 1 ] && extra="	virtual_ipaddress_excluded {
		10.77.0.101/24
	}"
	vt_conf 2 prio=100 version=3 advert=0.05 extra="$extra"
}
conf_n2 0
scripts="" tracks=""
for ((s = 1; s <= SCRIPTS; s++)); do
	scripts+="vrrp_script slow$s {
	script \"$VT_DIR/slow.sh\"
	interval 1
	timeout 1
	weight 0
}
"
	tracks+="		slow$s
"
done
vt_conf 3 prio=100 vrid=52 name=VI_2 vip=10.77.0.200/24 pre="$scripts" \
	extra="	track_script {
$tracks	}"

# figures NAME: one line per vigil process: fds, RSS kB, children, zombies.
figures() {
	local i pid kind
	for i in 1 2 3; do
		for kind in parent vrrp; do
			if [ $kind = parent ]; then pid=$(vt_pid "$i"); else pid=$(vt_vrrp_pid "$i"); fi
			[ -n "$pid" ] || continue
			local fds rss kids zombies
			# The fewest over a few samples: a script being spawned holds a
			# pipe for a moment, which is not a leak.
			fds=$(for _ in 1 2 3 4 5; do
				find "/proc/$pid/fd" -mindepth 1 2>/dev/null | wc -l
				sleep 0.2
			done | sort -n | head -1)
			rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
			kids=$(ps -o pid= --ppid "$pid" | wc -l)
			zombies=$(ps -o stat= --ppid "$pid" | grep -c '^Z')
			echo "FIGURE $1 n$i-$kind fds=$fds rss_kb=$rss children=$kids zombies=$zombies"
			eval "${1}_${i}_${kind}_fds=$fds ${1}_${i}_${kind}_rss=$rss"
		done
	done
}

for i in 1 2 3; do vt_start "$i"; done
check "n1 becomes master" wait_for 20 has_vip 1
check "n3 runs its scripts" wait_for 10 vt_logged 3 "timed out"
sleep 5 # past start-up allocations
figures start
t0=$SECONDS

# --- failovers and reloads ---------------------------------------------------
failed=0 reloads=0 cfg=0
per_reload=$(((FAILOVERS + RELOADS - 1) / (RELOADS > 0 ? RELOADS : 1)))
for ((k = 1; k <= FAILOVERS; k++)); do
	if ((k % 2)); then
		echo 1 >"$F"
		want=2
	else
		echo 0 >"$F"
		want=1
	fi
	((k == FAILOVERS / 2)) && figures mid
	if ! wait_for 10 has_vip "$want"; then
		failed=$((failed + 1))
		echo "# failover $k: n$want did not take the VIP"
	fi
	# Spread the reloads over the run; the last ones follow in a burst.
	if ((RELOADS > 0 && reloads < RELOADS && k % per_reload == 0)); then
		cfg=$((1 - cfg))
		conf_n2 $cfg
		kill -HUP "$(vt_pid 2)" && reloads=$((reloads + 1))
	fi
done
while ((reloads < RELOADS)); do
	cfg=$((1 - cfg))
	conf_n2 $cfg
	kill -HUP "$(vt_pid 2)" && reloads=$((reloads + 1))
	sleep 0.05
done
echo "FIGURE failovers=$FAILOVERS missed=$failed reloads=$reloads in $((SECONDS - t0)) s"
check "every failover happened" test "$failed" = 0

# --- script timeouts ----------------------------------------------------------
# Each run of slow.sh ends in a timeout (the log says so only when the
# script's state changes): the runs started, less those still running.
timeouts() { echo $(($(wc -l <"$VT_DIR/runs") - SCRIPTS)); }
enough_timeouts() { [ "$(timeouts)" -ge "$SCRIPT_TIMEOUTS" ]; }
if ! wait_for 900 enough_timeouts; then
	not_ok "only $(timeouts) script timeouts"
fi
echo "FIGURE script_timeouts=$(timeouts)"
sleep 5
figures end

for i in 1 2 3; do
	for kind in parent vrrp; do
		s=$(eval echo "\${start_${i}_${kind}_fds:-}") e=$(eval echo "\${end_${i}_${kind}_fds:-}")
		[ -n "$s" ] && check_eq "n$i $kind: open fds unchanged" "$e" "$s"
		s=$(eval echo "\${start_${i}_${kind}_rss:-0}") e=$(eval echo "\${end_${i}_${kind}_rss:-0}")
		m=$(eval echo "\${mid_${i}_${kind}_rss:-0}")
		echo "FIGURE n$i-$kind rss_growth_kb start->mid=$((m - s)) mid->end=$((e - m))"
	done
done
n1m=$(grep -c "Entering MASTER STATE" "$(vt_log 1)")
n2m=$(grep -c "Entering MASTER STATE" "$(vt_log 2)")
echo "FIGURE transitions to MASTER: n1=$n1m n2=$n2m"
check "n1 and n2 became master about $FAILOVERS times in all" test $((n1m + n2m)) -ge "$FAILOVERS"

vt_stop_all
sleep 1
if ls /tmp/vigil-soak-asan.* /tmp/vigil-soak-ubsan.* >/dev/null 2>&1; then
	not_ok "sanitizer reports:"
	head -50 /tmp/vigil-soak-asan.* /tmp/vigil-soak-ubsan.* 2>/dev/null
else
	ok "no sanitizer report (ASan, LeakSanitizer at exit, UBSan)"
fi
finish
