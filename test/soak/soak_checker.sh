#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# soak_checker: long run of the checker side, meant for the sanitizer build
# (not run by CI). One vigild -C --ipvs-dry-run (IPVS commands are logged, not
# sent: no root and no IPVS needed; loopback only) with three virtual servers:
#   $TCP real servers with a TCP_CHECK each, on ports a flapping server opens
#     and closes;
#   $HTTP real servers with an HTTP_GET each, on ports where the flapping
#     server answers 200 and 500 in turn;
#   $MISC real servers with a MISC_CHECK each that tests a file the flapping
#     server creates and removes, and $SLOW with a MISC_CHECK that sleeps past
#     its misc_timeout (1 s).
# The flapping server flips every real server every $PERIOD seconds until the
# checker has logged $FLAPS transitions ("Adding service ..." / "Removing
# service ...") and $SCRIPT_TIMEOUTS misc checks have timed out. Before and
# after, for the parent and the checker child: open fds, RSS, live children
# and zombies (the checker's fds and children move with its checks in flight:
# the least and most of $SAMPLES samples are printed). Then SIGTERM: exit 0 and
# no sanitizer report (ASan, LeakSanitizer at exit, UBSan).
# Prints "FIGURE" lines; exits 1 on a leak of fds, a zombie left, a stuck
# checker, a sanitizer report or a bad exit.
# Usage: VIGILD=/path/to/sanitizer/vigild test/soak/soak_checker.sh
#   (FLAPS=10000 SCRIPT_TIMEOUTS=1000 TCP=100 HTTP=40 MISC=20 SLOW=20 PERIOD=2
#    PORT_BASE=24000 by default; ports PORT_BASE .. +TCP+HTTP on 127.0.0.1)
# shellcheck disable=SC2154 # start_* and end_* are set by figures() through eval
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
VIGILD=${VIGILD:-$top/build-san/vigild}
FLAPS=${FLAPS:-10000}
SCRIPT_TIMEOUTS=${SCRIPT_TIMEOUTS:-1000}
TCP=${TCP:-100}
HTTP=${HTTP:-40}
MISC=${MISC:-20}
SLOW=${SLOW:-20}
PERIOD=${PERIOD:-2}
PORT_BASE=${PORT_BASE:-24000}
SAMPLES=${SAMPLES:-20}
# A small quarantine keeps ASan's own memory from hiding (or faking) growth.
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=8:detect_leaks=1:log_path=/tmp/vigil-soakhc-asan}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:log_path=/tmp/vigil-soakhc-ubsan}
rm -f /tmp/vigil-soakhc-asan.* /tmp/vigil-soakhc-ubsan.*

[ -x "$VIGILD" ] || { echo "FAIL: $VIGILD not built"; exit 1; }
W=$(mktemp -d /tmp/vigil-soakhc.XXXXXX)
FLAPPER_PID="" VPID=""
CHECKS=0 FAILS=0
cleanup() {
	[ -n "$VPID" ] && kill -9 "$VPID" 2>/dev/null
	[ -n "$FLAPPER_PID" ] && kill "$FLAPPER_PID" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
ok() { CHECKS=$((CHECKS + 1)); echo "ok - $*"; }
not_ok() { CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1)); echo "not ok - $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
wait_for() { # wait_for SECONDS CMD...: polls every 0.2 s
	local end=$((SECONDS + $1))
	shift
	until "$@" 2>/dev/null; do
		[ $SECONDS -ge "$end" ] && return 1
		sleep 0.2
	done
}

# --- the flapping server --------------------------------------------------------------------
# flapper.py DIR TCP HTTP MISC PORT_BASE PERIOD: TCP ports PORT_BASE.. are listened on in
# "up" phases and closed in "down" phases; HTTP ports after them always listen and answer
# 200 (up) or 500 (down); DIR/up.I exists in up phases. Each real server starts up, and its
# phase flips every PERIOD seconds; DIR/flips counts the flips done, DIR/ready marks the start.
cat >"$W/flapper.py" <<'PY'
import os, selectors, socket, sys, time
d, ntcp, nhttp, nmisc, base, period = sys.argv[1], *map(int, sys.argv[2:6]), float(sys.argv[6])
sel = selectors.DefaultSelector()
tcp = [None] * ntcp

def listen(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(64)
    s.setblocking(False)
    return s

def tcp_set(i, up):
    if up and tcp[i] is None:
        try:
            tcp[i] = listen(base + i)
        except OSError:
            return  # port busy for now: this server stays down one more period
        sel.register(tcp[i], selectors.EVENT_READ, ("tcp", i))
    elif not up and tcp[i] is not None:
        sel.unregister(tcp[i])
        tcp[i].close()
        tcp[i] = None

up = True
for i in range(nhttp):
    sel.register(listen(base + ntcp + i), selectors.EVENT_READ, ("http", i))
for i in range(ntcp):
    tcp_set(i, True)
for i in range(nmisc):
    open(os.path.join(d, "up.%d" % i), "w").close()
open(os.path.join(d, "ready"), "w").close()
flips, next_flip = 0, time.monotonic() + period
while True:
    for key, _ in sel.select(timeout=max(0, next_flip - time.monotonic())):
        kind, i = key.data
        try:
            c, _ = key.fileobj.accept()
        except OSError:
            continue
        if kind == "http":
            c.settimeout(1)
            try:
                req = b""
                while b"\r\n\r\n" not in req and len(req) < 8192:
                    b = c.recv(4096)
                    if not b:
                        break
                    req += b
                st = b"200 OK" if up else b"500 Internal Server Error"
                c.sendall(b"HTTP/1.0 " + st + b"\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
            except OSError:
                pass
        c.close()
    if time.monotonic() >= next_flip:
        up = not up
        for i in range(ntcp):
            tcp_set(i, up)
        for i in range(nmisc):
            p = os.path.join(d, "up.%d" % i)
            if up:
                open(p, "w").close()
            else:
                os.unlink(p)
        flips += 1
        with open(os.path.join(d, "flips"), "w") as f:
            f.write("%d\n" % flips)
        next_flip = time.monotonic() + period
PY
python3 "$W/flapper.py" "$W" "$TCP" "$HTTP" "$MISC" "$PORT_BASE" "$PERIOD" 2>"$W/flapper.err" &
FLAPPER_PID=$!
if ! wait_for 20 test -e "$W/ready"; then
	echo "FAIL: the flapping server did not start (ports $PORT_BASE.. busy?)"
	cat "$W/flapper.err"
	exit 1
fi

# --- configuration --------------------------------------------------------------------------
printf '#!/bin/sh\n[ -e "%s/up.$1" ]\n' "$W" >"$W/misc.sh"
printf '#!/bin/sh\necho $$ >>"%s/slow.runs"\nexec sleep 30\n' "$W" >"$W/slow.sh"
chmod 755 "$W/misc.sh" "$W/slow.sh"
{
	echo "global_defs {
	router_id soak_checker
}"
	echo "virtual_server 10.99.0.1 80 {
	delay_loop 0.5
	lvs_sched rr
	lvs_method NAT
	protocol TCP"
	for ((i = 0; i < TCP; i++)); do
		echo "	real_server 127.0.0.1 $((PORT_BASE + i)) {
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}"
	done
	echo "}"
	echo "virtual_server 10.99.0.2 80 {
	delay_loop 0.5
	lvs_sched rr
	lvs_method NAT
	protocol TCP"
	for ((i = 0; i < HTTP; i++)); do
		echo "	real_server 127.0.0.1 $((PORT_BASE + TCP + i)) {
		HTTP_GET {
			url {
				path /
				status_code 200
			}
			connect_timeout 1
			retry 0
		}
	}"
	done
	echo "}"
	echo "virtual_server 10.99.0.3 80 {
	delay_loop 0.5
	lvs_sched rr
	lvs_method DR
	protocol TCP"
	for ((i = 0; i < MISC; i++)); do
		echo "	real_server 127.0.1.1 $((1000 + i)) {
		MISC_CHECK {
			misc_path \"$W/misc.sh $i\"
			misc_timeout 2
		}
	}"
	done
	for ((i = 0; i < SLOW; i++)); do
		echo "	real_server 127.0.2.1 $((1000 + i)) {
		MISC_CHECK {
			misc_path \"$W/slow.sh\"
			misc_timeout 1
			delay_loop 1
		}
	}"
	done
	echo "}"
} >"$W/k.conf"

"$VIGILD" -n -C --ipvs-dry-run -l -G -f "$W/k.conf" -p "$W/p.pid" -r "$W/r.pid" \
	-c "$W/c.pid" >"$W/log" 2>&1 &
VPID=$!

checker_pid() { cat "$W/c.pid" 2>/dev/null; }
zombies_of() { ps -o pid=,stat= --ppid "$1" | awk '$2 ~ /^Z/ { print $1 }' | sort; }
flaps() { grep -c -E '(Adding|Removing) service ' "$W/log"; }
# Each run of slow.sh ends in a timeout (logged only when the verdict changes): the runs
# started, less those that may still be running.
timeouts() { local n; n=$(wc -l 2>/dev/null <"$W/slow.runs" || echo 0); echo $((n > SLOW ? n - SLOW : 0)); }
all_up_once() { [ "$(grep -c 'Adding service ' "$W/log")" -ge $((TCP + HTTP + MISC)) ]; }
check "the checker child starts" wait_for 30 test -s "$W/c.pid"
check "IPVS dry run" wait_for 10 grep -q 'IPVS: dry run' "$W/log"

# figures NAME: per process, the least and most of SAMPLES samples (0.2 s apart) of open
# fds, live children and zombies, and the last RSS.
figures() {
	local kind pid n fds kids zomb rss
	for kind in parent checker; do
		if [ $kind = parent ]; then pid=$VPID; else pid=$(checker_pid); fi
		local fmin=999999 fmax=0 kmin=999999 kmax=0 zmin=999999 zmax=0 z0 z1 stay
		z0=$(zombies_of "$pid")
		for ((n = 0; n < SAMPLES; n++)); do
			fds=$(find "/proc/$pid/fd" -mindepth 1 2>/dev/null | wc -l)
			kids=$(ps -o pid= --ppid "$pid" | wc -l)
			zomb=$(ps -o stat= --ppid "$pid" | grep -c '^Z')
			((fds < fmin)) && fmin=$fds
			((fds > fmax)) && fmax=$fds
			((kids < kmin)) && kmin=$kids
			((kids > kmax)) && kmax=$kids
			((zomb < zmin)) && zmin=$zomb
			((zomb > zmax)) && zmax=$zomb
			sleep 0.2
		done
		z1=$(zombies_of "$pid")
		# zombies seen at the first and at the last sample: not reaped in $SAMPLES * 0.2 s
		stay=$(comm -12 <(echo "$z0") <(echo "$z1") | grep -c .)
		rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
		echo "FIGURE $1 $kind pid=$pid fds=$fmin..$fmax rss_kb=$rss children=$kmin..$kmax zombies=$zmin..$zmax (not reaped: $stay)"
		eval "${1}_${kind}_fmin=$fmin ${1}_${kind}_fmax=$fmax ${1}_${kind}_rss=$rss ${1}_${kind}_zstay=$stay ${1}_${kind}_kmax=$kmax"
	done
}

check "every flapping real server added back once" wait_for 60 all_up_once
sleep 3 # past start-up allocations
figures start
t0=$SECONDS
f0=$(flaps) s0=$(timeouts)

enough() { [ $(($(flaps) - f0)) -ge "$FLAPS" ] && [ $(($(timeouts) - s0)) -ge "$SCRIPT_TIMEOUTS" ]; }
last=0
while ! enough; do
	sleep 10
	n=$(flaps)
	echo "# $((SECONDS - t0)) s: $n flaps, $(timeouts) script timeouts, $(cat "$W/flips" 2>/dev/null || echo 0) flips served"
	if [ "$n" = "$last" ] && [ $(($(timeouts) - s0)) -lt "$SCRIPT_TIMEOUTS" ]; then
		not_ok "no progress in 10 s"
		tail -20 "$W/log"
		break
	fi
	last=$n
	pid_ok=$(checker_pid)
	if ! kill -0 "$pid_ok" 2>/dev/null || ! kill -0 "$VPID" 2>/dev/null; then
		not_ok "vigild or its checker child died"
		tail -30 "$W/log"
		break
	fi
done
wall=$((SECONDS - t0))
nf=$(($(flaps) - f0)) ns=$(($(timeouts) - s0))
echo "FIGURE flaps=$nf script_timeouts=$ns (after $f0 and $s0 at start) flips=$(cat "$W/flips") in $wall s"
check "$FLAPS real-server flaps ($nf)" test "$nf" -ge "$FLAPS"
check "$SCRIPT_TIMEOUTS script timeouts ($ns)" test "$ns" -ge "$SCRIPT_TIMEOUTS"
echo "FIGURE IPVS dry-run commands: $(grep -c 'IPVS dry-run: ' "$W/log")"
sleep 3
figures end

check_eq() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: expected '$3', got '$2'"; fi; }
check_eq "parent: open fds unchanged" "$end_parent_fmin" "$start_parent_fmin"
# In-flight checks move the checker's count; a leak per flap or timeout would pass the bound.
check "checker: least open fds ($end_checker_fmin) within the start's range (..$start_checker_fmax)" \
	test "$end_checker_fmin" -le "$start_checker_fmax"
check "checker: live children bounded by the misc checks ($end_checker_kmax)" \
	test "$end_checker_kmax" -le $((MISC + SLOW))
check "checker: no zombie left unreaped" test "$end_checker_zstay" = 0
check "parent: no zombie left unreaped" test "$end_parent_zstay" = 0
for kind in parent checker; do
	s=$(eval echo "\$start_${kind}_rss") e=$(eval echo "\$end_${kind}_rss")
	echo "FIGURE $kind rss_growth_kb=$((e - s))"
done

kill -TERM "$VPID"
wait "$VPID"
rc=$?
VPID=""
check "SIGTERM: exit 0 (got $rc)" test "$rc" = 0
slow_alive() { # the slow.sh runs (each wrote its pid) still running: not zombies, still sleep
	local p n=0
	for p in $(cat "$W/slow.runs"); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = sleep ] || continue
		awk '{ exit $3 == "Z" }' "/proc/$p/stat" 2>/dev/null && n=$((n + 1))
	done
	echo $n
}
no_slow_alive() { [ "$(slow_alive)" = 0 ]; }
if wait_for 10 no_slow_alive; then
	ok "every script run ended with the daemon"
else
	not_ok "script runs left running: $(slow_alive)"
fi
sleep 1
if ls /tmp/vigil-soakhc-asan.* /tmp/vigil-soakhc-ubsan.* >/dev/null 2>&1; then
	not_ok "sanitizer reports:"
	head -60 /tmp/vigil-soakhc-asan.* /tmp/vigil-soakhc-ubsan.* 2>/dev/null
else
	ok "no sanitizer report (ASan, LeakSanitizer at exit, UBSan)"
fi
echo "# $CHECKS checks, $FAILS failed"
[ $FAILS -eq 0 ]
