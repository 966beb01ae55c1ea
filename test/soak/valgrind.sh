#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# valgrind: a normal build of vigild (configure CFLAGS="-O1 -g", no
# sanitizers) under valgrind --leak-check=full, following its forked children
# (the VRRP and checker children, and each fork before a script's exec; the
# scripts themselves are not traced). Not run by CI. Two short runs:
#   VRRP: two nodes in network namespaces on a bridge (lib_vrrp.sh); n1
#     (priority 150, tracking a file with weight -100) gives the VIP to n2 and
#     takes it back; n2 is reloaded (SIGHUP) with an extra VIP, which it adds;
#     SIGUSR1 / SIGUSR2 make n1 write its data and stats dumps;
#   checker: vigild -C --ipvs-dry-run on loopback with a TCP_CHECK on a port
#     the test closes and opens again, an HTTP_GET, a MISC_CHECK the test flips
#     and one that times out, the metrics endpoint scraped once, a reload that
#     adds a real server, and a SIGUSR1 dump.
# Each process writes its own valgrind log; for each, the script prints its
# summary line (errors, definitely / indirectly lost bytes) and fails on any
# error or any definitely or indirectly lost byte. Suppressions (valgrind.supp)
# cover only libraries' one-time allocations.
# Usage: sudo top_builddir=build-vg test/soak/valgrind.sh   (build-vg: a -O1 -g build)
#   VG_KEEP=1 keeps the logs; PORT_BASE (24900) .. +3 are used on 127.0.0.1.
. "$(dirname "$0")/../netns/lib.sh"
. "$(dirname "$0")/../netns/lib_vrrp.sh"
require_root
command -v valgrind >/dev/null || skip "needs valgrind"
PORT_BASE=${PORT_BASE:-24900}
REAL_VIGILD=$(cd "$(dirname "$VIGILD")" && pwd)/$(basename "$VIGILD")
SUPP=$(cd "$(dirname "$0")" && pwd)/valgrind.supp
VG=$(mktemp -d /tmp/vigil-vg.XXXXXX)
# --run-libc-freeres=no: glibc's clean-up at exit (clearenv) would set environ to NULL and
# make the copy of the environment proctitle_init() keeps for the process's life look lost.
cat >"$VG/vigild" <<SH
#!/bin/sh
exec valgrind --run-libc-freeres=no --leak-check=full --show-leak-kinds=definite,indirect \\
	--errors-for-leak-kinds=definite,indirect --error-exitcode=99 --num-callers=30 \\
	--trace-children=yes --trace-children-skip='/bin/*,/usr/*,/sbin/*,/tmp/*' \\
	--child-silent-after-fork=no --suppressions="$SUPP" --gen-suppressions=all \\
	--log-file="$VG/vg.%p.log" "$REAL_VIGILD" "\$@"
SH
chmod 755 "$VG/vigild"
VIGILD=$VG/vigild
VG_PIDS=()

vg_live() { # the traced processes still running
	local f p n=0
	for f in "$VG"/vg.*.log; do
		[ -e "$f" ] || continue
		p=${f##*/vg.}
		p=${p%.log}
		kill -0 "$p" 2>/dev/null && n=$((n + 1))
	done
	[ $n = 0 ]
}

# vg_report LABEL: a summary line per finished process; fails on errors or lost bytes.
vg_report() {
	local f p errs def ind n=0 execd=0 bad=0
	for f in "$VG"/vg.*.log; do
		[ -e "$f" ] || continue
		p=${f##*/vg.}
		p=${p%.log}
		if ! grep -q 'ERROR SUMMARY' "$f"; then
			execd=$((execd + 1)) # a fork that exec'd a script (not traced)
			continue
		fi
		n=$((n + 1))
		errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' "$f" | tr -d ,)
		def=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$f" | tr -d ,)
		ind=$(sed -n 's/.*indirectly lost: \([0-9,]*\) bytes.*/\1/p' "$f" | tr -d ,)
		echo "FIGURE $1 pid=$p ppid=$(sed -n 's/^==[0-9]*== Parent PID: //p' "$f") $(head -20 "$f" | sed -n 's/^==[0-9]*== Command: //p' |
			cut -c1-60): errors=${errs:-?} definitely_lost=${def:-0} indirectly_lost=${ind:-0}"
		if [ "${errs:-1}" != 0 ] || [ "${def:-0}" != 0 ] || [ "${ind:-0}" != 0 ]; then
			bad=$((bad + 1))
			sed -n '/ERROR SUMMARY\|lost in loss record\|Invalid\|uninitialised\|^==[0-9]*==    \(at\|by\)/p' \
				"$f" | head -60
		fi
		mv "$f" "$f.done"
	done
	echo "FIGURE $1: $n processes ran to their end under valgrind, $execd forks exec'd a script"
	check "$1: processes checked ($n)" test "$n" -ge 2
	check "$1: no valgrind error, nothing definitely or indirectly lost" test "$bad" = 0
}

# --- VRRP ----------------------------------------------------------------------------------
vt_topology vg 2
vg_cleanup() {
	vt_cleanup
	for p in "${VG_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	if [ -n "${VG_KEEP:-}" ]; then echo "# VG_KEEP: logs in $VG"; else rm -rf "$VG"; fi
}
trap vg_cleanup EXIT
F=$VT_DIR/prio
echo 0 >"$F"
vt_conf 1 prio=150 pre="track_file tf {
	file $F
	weight -100
}" extra="	track_file {
		tf
	}"
conf_n2() { # conf_n2 0|1: without or with a second VIP
	local extra=""
	[ "$1" = 1 ] && extra="	virtual_ipaddress_excluded {
		10.77.0.101/24
	}"
	vt_conf 2 prio=100 extra="$extra"
}
conf_n2 0
vt_start 1
vt_start 2
# valgrind makes everything slow: generous bounds, only gross failures are caught.
check "n1 becomes master" wait_for 90 has_vip 1
echo 1 >"$F"
check "failover: n2 takes the VIP" wait_for 60 has_vip 2
conf_n2 1
kill -HUP "$(vt_pid 2)"
check "reload: n2 adds the second VIP" wait_for 60 has_vip 2 10.77.0.101
echo 0 >"$F"
check "failover back: n1 takes the VIP" wait_for 60 has_vip 1
check "n2 releases it" wait_for 60 no_vip 2
kill -USR1 "$(vt_pid 1)"
kill -USR2 "$(vt_pid 1)"
check "n1 dumps its data" wait_for 30 grep -q 'VRRP data written' "$(vt_log 1)"
check "n1 dumps its stats" wait_for 30 grep -q 'VRRP statistics written' "$(vt_log 1)"
vt_stop_all
check "every traced VRRP process ends" wait_for 120 vg_live
vg_report vrrp

# --- checker -------------------------------------------------------------------------------
W=$VT_DIR/hc
mkdir -p "$W"
tcp=$PORT_BASE http=$((PORT_BASE + 1)) metrics=$((PORT_BASE + 2)) extra=$((PORT_BASE + 3))
listener() { # listener PORT [http]: accepts (and answers 200 with http) until killed
	python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(16)
while True:
    c, _ = s.accept()
    if len(sys.argv) > 2:
        c.settimeout(2)
        try:
            c.recv(4096)
            c.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
        except OSError:
            pass
    c.close()
' "$@" &
	VG_PIDS+=($!)
}
listener "$tcp"
tcp_pid=$!
listener "$http" http
listener "$extra"
printf '#!/bin/sh\n[ -e "%s/up" ]\n' "$W" >"$W/misc.sh"
printf '#!/bin/sh\nexec sleep 30\n' >"$W/slow.sh"
chmod 755 "$W/misc.sh" "$W/slow.sh"
touch "$W/up"
hc_conf() { # hc_conf 0|1: without or with the extra real server
	{
		printf 'global_defs {\n\trouter_id vg\n\tmetrics_listen 127.0.0.1 %s\n' "$metrics"
		printf '\tscript_user root\n\tenable_script_security\n}\n'
		printf 'virtual_server 10.99.0.1 80 {\n\tdelay_loop 1\n\tlvs_sched rr\n'
		printf '\tlvs_method NAT\n\tprotocol TCP\n'
		printf '\treal_server 127.0.0.1 %s {\n\t\tTCP_CHECK {\n\t\t\tretry 0\n\t\t}\n\t}\n' "$tcp"
		printf '\treal_server 127.0.0.1 %s {\n\t\tHTTP_GET {\n\t\t\turl {\n' "$http"
		printf '\t\t\t\tpath /\n\t\t\t\tstatus_code 200\n\t\t\t}\n\t\t\tretry 0\n\t\t}\n\t}\n'
		printf '\treal_server 127.0.1.1 80 {\n\t\tMISC_CHECK {\n\t\t\tmisc_path "%s"\n' \
			"$W/misc.sh"
		printf '\t\t}\n\t}\n'
		printf '\treal_server 127.0.1.2 80 {\n\t\tMISC_CHECK {\n\t\t\tmisc_path "%s"\n' \
			"$W/slow.sh"
		printf '\t\t\tmisc_timeout 1\n\t\t}\n\t}\n'
		[ "$1" = 1 ] && printf '\treal_server 127.0.0.1 %s {\n\t\tTCP_CHECK {\n\t\t}\n\t}\n' "$extra"
		printf '}\n'
	} >"$W/k.conf"
}
hc_conf 0
"$VIGILD" -n -C --ipvs-dry-run -l -G -f "$W/k.conf" -p "$W/p.pid" -r "$W/r.pid" \
	-c "$W/c.pid" >"$W/log" 2>&1 &
VG_PIDS+=($!)
logged() { grep -q -- "$1" "$W/log"; }
# Real servers start up (as in keepalived): programmed at once, then checked.
dest_added() { logged "dest add tcp 10.99.0.1:80 -> $1:$2 "; }
check "TCP server programmed" wait_for 90 dest_added 127.0.0.1 "$tcp"
check "HTTP server programmed" wait_for 60 dest_added 127.0.0.1 "$http"
check "MISC server programmed" wait_for 60 dest_added 127.0.1.1 80
check "the slow script times out" wait_for 60 logged "timed out"
kill "$tcp_pid"
check "TCP server down" wait_for 60 logged "Removing service \[127.0.0.1\]:tcp:$tcp"
listener "$tcp"
check "TCP server up again" wait_for 60 logged "Adding service \[127.0.0.1\]:tcp:$tcp"
rm "$W/up"
check "MISC server down" wait_for 60 logged "Removing service \[127.0.1.1\]:tcp:80"
touch "$W/up"
check "MISC server up again" wait_for 60 logged "Adding service \[127.0.1.1\]:tcp:80"
scrape() { python3 -c '
import sys, urllib.request
r = urllib.request.urlopen("http://127.0.0.1:%s/metrics" % sys.argv[1], timeout=30)
sys.stdout.write(r.read().decode())' "$metrics"; }
scrape >"$W/metrics.txt" 2>&1
check "metrics scraped" grep -q '^vigil_lvs_real_server_up{' "$W/metrics.txt"
hc_conf 1
kill -HUP "$(cat "$W/p.pid")"
check "reload adds a real server" wait_for 90 logged "dest add tcp 10.99.0.1:80 -> 127.0.0.1:$extra"
kill -USR1 "$(cat "$W/p.pid")"
check "SIGUSR1: checker dump written" wait_for 60 logged "Checker data written"
kill -TERM "$(cat "$W/p.pid")"
check "vigild stops" wait_for 60 test ! -e "$W/p.pid"
check "every traced checker process ends" wait_for 120 vg_live
vg_report checker
finish
