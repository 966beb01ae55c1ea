#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs every test/netns/*.sh test (not lib*.sh, not this file) and prints each
# one's time. Exit 77 when all were skipped (not root), 1 if any failed.
#
# NETNS_JOBS=N (default 1) runs up to N tests at once, each with its output
# kept and printed whole when it ends. Every test lives in namespaces and
# directories of its own (names carry its pid), and most of their time is
# spent waiting for VRRP timers; the tests listed in SOLO still run alone
# because they measure latencies against tight bounds, sample VIP holders
# every few ms, or use fixed paths (/run pid files, /tmp/keepalived.* dumps).
cd "$(dirname "$0")" || exit 1
SOLO=" ./process_model.sh ./vrrp_fast.sh ./vrrp_failover.sh ./vrrp_dump.sh ./vrrp_election.sh
 ./vrrp_tracking.sh ./vrrp_interop.sh ./lifecycle_reload.sh ./lifecycle_stop.sh "
jobs=${NETNS_JOBS:-1}
pass=0 fail=0 skipped=0
out=$(mktemp -d /tmp/vigil-netns-run.XXXXXX) || exit 1
trap 'rm -rf "$out"' EXIT

record() { # record TEST RC SECONDS
	case $2 in
	0) pass=$((pass + 1)); echo "=== netns: $1 passed ($3 s)" ;;
	77) skipped=$((skipped + 1)); echo "=== netns: $1 skipped" ;;
	*) fail=$((fail + 1)); echo "FAILED: $1 (exit $2, $3 s)" ;;
	esac
}

run_one() { # run_one TEST: runs it in the foreground, output as it comes
	local start=$SECONDS rc
	echo "=== netns: $1"
	bash "$1"
	rc=$?
	record "$1" $rc $((SECONDS - start))
}

declare -A started=()
running=()
reap() { # reap: wait for one background test, print its output and result
	local pid t i rc
	wait -n -p pid "${running[@]}"
	rc=$?
	for i in "${!running[@]}"; do
		[ "${running[$i]}" = "$pid" ] && unset 'running[i]'
	done
	running=("${running[@]}")
	t=$(cat "$out/$pid.name")
	echo "=== netns: $t"
	cat "$out/$pid.log"
	record "$t" $rc $((SECONDS - ${started[$pid]}))
}

parallel=()
for t in ./*.sh; do
	case "$t" in ./lib*.sh | ./run.sh) continue ;; esac
	if [ "$jobs" -le 1 ] || [[ $SOLO == *" $t "* ]]; then
		run_one "$t"
	else
		parallel+=("$t")
	fi
done
for t in "${parallel[@]}"; do
	[ ${#running[@]} -ge "$jobs" ] && reap
	n=$((${n:-0} + 1))
	bash "$t" >"$out/$n.log" 2>&1 &
	pid=$!
	ln -s "$n.log" "$out/$pid.log"
	echo "$t" >"$out/$pid.name"
	started[$pid]=$SECONDS
	running+=("$pid")
done
while [ ${#running[@]} -gt 0 ]; do reap; done

echo "netns tier: $pass passed, $fail failed, $skipped skipped"
[ $fail -eq 0 ] || exit 1
[ $pass -eq 0 ] && [ $skipped -gt 0 ] && exit 77
exit 0
