#!/bin/sh
# checkers_vm: the guest half of bench/checkers.sh (run through test/vm/run.sh with
# bench_httpd in VM_EXTRA_BINS). vigild and keepalived 2.2.7 take turns checking the
# same BENCH_VM_RS real servers with HTTP_GET at delay_loop 1, against the real IPVS:
# 100 real servers per virtual server, each checked at its own 127.1.x.y:8080 served
# by one bench_httpd. For each turn: checks per second (counted by the server), CPU
# seconds per 1000 checks (the checker child's utime+stime), the real servers in the
# IPVS table; then the averages and the vigil/keepalived ratios. Never asserts a
# figure; fails only when a daemon does not start.
set -eu
RS=${BENCH_VM_RS:-1000}
WARMUP=${BENCH_WARMUP:-10}
SECS=${BENCH_SECONDS:-20}
ROUNDS=${BENCH_VM_ROUNDS:-2}
PORT=8080
HZ=100 # USER_HZ on x86

[ "${VIGILD_AVAILABLE:-0}" = 1 ] || { echo "SKIP: no vigild in the guest"; exit 77; }
command -v bench_httpd >/dev/null || { echo "SKIP: no bench_httpd (VM_EXTRA_BINS)"; exit 77; }
ulimit -n 65536 2>/dev/null || true

bench_httpd $PORT >httpd.log 2>&1 &
HTTPD=$!
sleep 2
digest=$(timeout 5 wget -q -O - "http://127.1.0.1:$PORT/" | md5sum | cut -d' ' -f1)
awk -v n="$RS" -v digest="$digest" -v port="$PORT" 'BEGIN {
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
	} }' >bench.conf
echo "checkers: guest: $RS real servers, digest $digest, warm-up $WARMUP s, window $SECS s, $ROUNDS rounds"

proc_cpu() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
proc_sys() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $13 }'; }

# turn NAME: runs the daemon named (vigil|keepalived), appends "NAME rate cpu1000" to results.
turn() {
	rm -f d.pid d_vrrp.pid d_checker.pid
	if [ "$1" = vigil ]; then
		"$VIGILD" -n -C -l -G -f bench.conf -p d.pid -r d_vrrp.pid -c d_checker.pid \
			>"$1.log" 2>&1 &
	else
		keepalived -n -C -l -G -f bench.conf -p d.pid -r d_vrrp.pid -c d_checker.pid \
			>"$1.log" 2>&1 &
	fi
	dpid=$!
	i=0
	while [ ! -s d_checker.pid ] && [ $i -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
	[ -s d_checker.pid ] || { echo "FAIL: $1 did not start"; tail -n 5 "$1.log"; exit 1; }
	cpid=$(cat d_checker.pid)
	sleep "$WARMUP"
	s0=$(proc_sys "$cpid")
	set -- "$1" $(tail -n 1 httpd.log) "$(proc_cpu "$cpid")"
	sleep "$SECS"
	set -- "$@" $(tail -n 1 httpd.log) "$(proc_cpu "$cpid")"
	s1=$(proc_sys "$cpid")
	dests=$(ipvsadm -Sn | grep -c '^-a' || true)
	kill "$dpid"
	wait "$dpid" 2>/dev/null || true
	ipvsadm -C
	awk -v name="$1" -v dt=$(($5 - $2)) -v dr=$(($6 - $3)) -v dc=$(($7 - $4)) -v hz=$HZ \
		-v rs="$RS" -v dests="$dests" -v ds=$((s1 - s0)) 'BEGIN {
		rate = dt > 0 ? dr / dt : 0
		cpu = dr > 0 ? dc / hz / dr * 1000 : 0
		printf "checkers: guest %-10s %6.0f checks/s (want %d), %.3f CPU s per 1000 checks (%.0f%% in the kernel), %3.0f%% CPU, %d real servers in IPVS\n",
			name, rate, rs, cpu, (dc > 0 ? 100 * ds / dc : 0), (dt > 0 ? 100 * dc / hz / dt : 0), dests
		printf "%s %f %f\n", name, rate, cpu >> "results"
	}'
	sleep 2
}

: >results
r=0
while [ $r -lt "$ROUNDS" ]; do
	turn vigil
	turn keepalived
	r=$((r + 1))
done
kill $HTTPD 2>/dev/null || true
awk '{ n[$1]++; rate[$1] += $2; cpu[$1] += $3 }
END {
	for (k in n) { rate[k] /= n[k]; cpu[k] /= n[k] }
	printf "checkers: guest average: vigil %.0f checks/s %.3f CPU s/1000; keepalived %.0f checks/s %.3f CPU s/1000\n",
		rate["vigil"], cpu["vigil"], rate["keepalived"], cpu["keepalived"]
	printf "checkers: guest ratio vigil/keepalived: checks/s %.2f, CPU per check %.2f\n",
		(rate["keepalived"] > 0 ? rate["vigil"] / rate["keepalived"] : 0),
		(cpu["keepalived"] > 0 ? cpu["vigil"] / cpu["keepalived"] : 0)
}' results
