#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/checkers.sh: HTTP_GET checks at delay_loop 1 (issue 6).
#
#   sudo bench/checkers.sh            # host (10,000 real servers), then the QEMU guest
#   BENCH_VM=0 sudo bench/checkers.sh # host only
#
# Host: vigild -C --ipvs-dry-run (the host kernel has no IPVS) checks BENCH_RS real
# servers (default 10,000; 100 per virtual server) served by bench_httpd, one epoll
# server on 0.0.0.0:8080 reached through 127.1.x.y (each real server has its own
# connect_ip). Checks per second are counted by the server; CPU is the checker
# child's utime+stime from /proc/<pid>/stat over the same window. The checker
# keeps up when it achieves at least 95% of BENCH_RS checks per second
# (delay_loop 1 means one check per real server per second, less the time
# each check takes).
# Guest: bench/vm/checkers_vm.sh runs vigild and keepalived 2.2.7 alternately
# (real IPVS) at BENCH_VM_RS real servers (default 1,000) and prints each
# and the vigil/keepalived ratios. Figures are printed, never asserted.
#
# Environment: top_builddir (default /work/main/build, for vigild), VIGILD, BENCH_RS
# (one count or several, "2000 5000 10000"),
# BENCH_VM_RS, BENCH_WARMUP (s, default 10), BENCH_SECONDS (s, default
# 20), BENCH_HOST (1/0, default 1), BENCH_VM (1/0, default 1 when qemu exists), BENCH_VM_ROUNDS (default 2),
# VM_BUILD_DIR (default /tmp/vigil-vm-bench-<uid>), VM_TIMEOUT (default 1500).
set -u
{ # one compound command: bash parses it whole, so editing this file mid-run is safe
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
top_builddir=${top_builddir:-/work/main/build}
VIGILD=${VIGILD:-$top_builddir/vigild}
RS=${BENCH_RS:-10000}
WARMUP=${BENCH_WARMUP:-10}
SECS=${BENCH_SECONDS:-20}
PORT=8080

[ "$(id -u)" = 0 ] || { echo "checkers: SKIP: run as root (sudo)"; exit 77; }
[ -x "$VIGILD" ] || { echo "checkers: SKIP: no $VIGILD (set top_builddir)"; exit 77; }
command -v cc >/dev/null || { echo "checkers: SKIP: no C compiler for bench_httpd"; exit 77; }

W=$(mktemp -d /tmp/vigil-bench-checkers.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT INT TERM

# Static, so the same binary runs in the guest.
cc -O2 -static -o "$W/bench_httpd" "$here/bench_httpd.c" ||
	cc -O2 -o "$W/bench_httpd" "$here/bench_httpd.c" || { echo "checkers: cannot build bench_httpd"; exit 1; }

# gen_conf N DIGEST: N real servers, 100 per virtual server, HTTP_GET at delay_loop 1.
gen_conf() {
	awk -v n="$1" -v digest="$2" -v port="$PORT" 'BEGIN {
	for (v = 0; v * 100 < n; v++) {
		printf "virtual_server 10.20.%d.%d 80 {\n\tdelay_loop 1\n\tlvs_sched rr\n", int(v / 250), v % 250 + 1
		printf "\tlvs_method NAT\n\tprotocol TCP\n"
		for (i = v * 100; i < n && i < (v + 1) * 100; i++) {
			a = int(i / 250); b = i % 250 + 1
			printf "\treal_server 10.9.%d.%d 80 {\n\t\tHTTP_GET {\n", a, b
			printf "\t\t\turl {\n\t\t\t\tpath /\n\t\t\t\tdigest %s\n\t\t\t}\n", digest
			printf "\t\t\tconnect_ip 127.1.%d.%d\n\t\t\tconnect_port %d\n", a, b, port
			printf "\t\t\tconnect_timeout 3\n\t\t\tretry 1\n\t\t\tdelay_before_retry 1\n\t\t}\n\t}\n"
		}
		print "}"
	} }'
}

# proc_cpu PID: utime+stime in clock ticks (the name may contain spaces).
proc_cpu() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'; }
proc_sys() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $13 }'; }
# served: "<unix seconds> <requests>" of bench_httpd's last line.
served() { tail -n 1 "$W/httpd.log"; }

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
"$W/bench_httpd" $PORT >"$W/httpd.log" 2>&1 &
pids+=($!)
sleep 1.2
kill -0 "${pids[0]}" 2>/dev/null || { echo "checkers: bench_httpd failed: $(cat "$W/httpd.log")"; exit 1; }
digest=$(curl -s --noproxy '*' "http://127.1.0.1:$PORT/" | md5sum | cut -d' ' -f1)
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
echo "checkers: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"

# host_run N: vigild -C --ipvs-dry-run on N real servers; prints the figures.
host_run() {
	local rs=$1 vpid cpid t0 r0 c0 t1 r1 c1 s0 s1 up rss
	gen_conf "$rs" "$digest" >"$W/vigil.conf"
	rm -f "$W"/v*.pid
	echo "checkers: host: vigild -C --ipvs-dry-run, $rs real servers, HTTP_GET, delay_loop 1"
	"$VIGILD" -n -C --ipvs-dry-run -l -G -f "$W/vigil.conf" -p "$W/v.pid" -r "$W/v_vrrp.pid" \
		-c "$W/v_checker.pid" >"$W/vigil.log" 2>&1 &
	vpid=$!
	for _ in $(seq 100); do [ -s "$W/v_checker.pid" ] && break; sleep 0.1; done
	cpid=$(cat "$W/v_checker.pid" 2>/dev/null)
	[ -n "$cpid" ] || { echo "checkers: vigild did not start"; tail -5 "$W/vigil.log"; return 1; }
	sleep "$WARMUP"
	read -r t0 r0 < <(served)
	c0=$(proc_cpu "$cpid")
	s0=$(proc_sys "$cpid")
	sleep "$SECS"
	read -r t1 r1 < <(served)
	c1=$(proc_cpu "$cpid")
	s1=$(proc_sys "$cpid")
	up=$(timeout 10 "$VIGILD" --status -r "$W/v_vrrp.pid" -c "$W/v_checker.pid" 2>/dev/null |
		grep -c ' UP ')
	rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$cpid/status")
	kill "$vpid"
	wait "$vpid" 2>/dev/null
	awk -v rs="$rs" -v dt=$((t1 - t0)) -v dr=$((r1 - r0)) -v dc=$((c1 - c0)) -v hz="$hz" \
		-v up="$up" -v rss="$rss" -v ds=$((s1 - s0)) 'BEGIN {
		rate = dt > 0 ? dr / dt : 0
		printf "checkers: host vigil %5d RS: %5.0f checks/s over %d s, %.3f CPU s per 1000 checks (%.0f%% in the kernel), %.0f%% of a CPU, RSS %d KiB\n",
			rs, rate, dt, (dr > 0 ? dc / hz / dr * 1000 : 0), (dc > 0 ? 100 * ds / dc : 0), (dt > 0 ? 100 * dc / hz / dt : 0), rss
		printf "checkers: host vigil %5d RS: %d UP at the end (--status); keeps up with delay_loop 1: %s\n",
			rs, up, (rate >= 0.95 * rs ? "yes" : "NO")
	}'
	echo "checkers: host vigil $rs RS: $(grep -c 'IPVS dry-run: dest add' "$W/vigil.log") dry-run \"dest add\" lines, $(grep -c 'Timeout' "$W/vigil.log") timeout lines"
	sleep 2
}

if [ "${BENCH_HOST:-1}" = 1 ]; then
	for n in $RS; do
		host_run "$n"
	done
fi

# The guest: vigil and keepalived side by side with IPVS.
if [ "${BENCH_VM:-1}" = 1 ] && command -v qemu-system-x86_64 >/dev/null; then
	echo "checkers: guest: vigil and keepalived, ${BENCH_VM_RS:-1000} real servers (TCG, 1 vCPU)"
	# The guest cannot see our environment: the parameters go on top of a copy.
	{
		head -n 1 "$here/vm/checkers_vm.sh"
		printf 'BENCH_VM_RS=%s\nBENCH_WARMUP=%s\nBENCH_SECONDS=%s\nBENCH_VM_ROUNDS=%s\n' \
			"${BENCH_VM_RS:-1000}" "$WARMUP" "$SECS" "${BENCH_VM_ROUNDS:-2}"
		tail -n +2 "$here/vm/checkers_vm.sh"
	} >"$W/checkers_vm.sh"
	VM_BUILD_DIR=${VM_BUILD_DIR:-/tmp/vigil-vm-bench-$(id -u)} \
		VM_TIMEOUT=${VM_TIMEOUT:-1500} VM_SCENARIO_TIMEOUT=${VM_TIMEOUT:-1500} \
		VM_EXTRA_BINS="$W/bench_httpd" VIGILD="$VIGILD" \
		"$top_srcdir/test/vm/run.sh" "$W/checkers_vm.sh" >"$W/vm.log" 2>&1
	grep -E '^(checkers|vm:|VM-RESULT)' "$W/vm.log"
	[ -n "${BENCH_VM_LOG:-}" ] && cp "$W/vm.log" "$BENCH_VM_LOG"
fi
exit 0
}
