#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# checker_notify: the checker child's notifies besides mail (issues #5, #6),
# with vigild -C --ipvs-dry-run (no IPVS on this host) and TCP_CHECK real
# servers on loopback listeners the test toggles. keepalived 2.2.7's rules
# (check/ipwrapper.c): quorum_up / quorum_down run and "VS <vs> UP|DOWN" is
# written to notify_fifo and lvs_notify_fifo when a virtual server's quorum
# changes, at start-up too when it starts with quorum up; "RS <rs> <vs>
# UP|DOWN" when a real server goes up or down (not at start-up without
# rs_init_notifies); at stop, for omega virtual servers only: each live real
# server DOWN (with its notify_down), then the virtual server DOWN (with
# quorum_down). Checks, in order, for start-up, a real server down (quorum 2
# lost), back up (quorum gained), and SIGTERM, then a start-up with
# rs_init_notifies (a line and a script per real server's initial verdict),
# and a start and stop with lvs_flush_on_stop (no real server notifies at stop):
#  - the exact lines on both FIFOs (IPv4, fwmark and IPv6 names), in order;
#  - the scripts run in each phase (a phase's scripts may finish in any order);
#  - nothing for the IPv6 virtual server without omega at stop.
# Run: top_builddir=... top_srcdir=... bash test/netns/checker_notify.sh (about 4 s)
. "$(dirname "$0")/lib.sh"
require_root
command -v python3 >/dev/null || skip "needs python3"
setup_ns h16 eth0

cat >"$TMP/ev.sh" <<EOF
#!/bin/sh
echo "\$*" >>"$TMP/scripts"
EOF
chmod 755 "$TMP/ev.sh"

listener() { # listener PORT: accepts and closes on 127.0.0.1:PORT
	ip netns exec "$NS" python3 -c 'import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(64)
while True: s.accept()[0].close()' "$1" &
	echo $! >"$TMP/l$1.pid"
	disown
	wait_for 5 in_ns python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$1"
}
rs() { # rs PORT: a TCP_CHECK real server on 127.0.0.1:PORT with notify_up / notify_down
	printf '\treal_server 127.0.0.1 %s {\n\t\tweight 1\n' "$1"
	printf '\t\tnotify_up "%s up %s"\n\t\tnotify_down "%s down %s"\n' "$TMP/ev.sh" "$1" "$TMP/ev.sh" "$1"
	printf '\t\tTCP_CHECK {\n\t\t\tconnect_timeout 1\n\t\t\tretry 0\n\t\t\tdelay_before_retry 1\n\t\t}\n\t}\n'
}
quorum_scripts() { # quorum_scripts NAME
	printf '\tquorum_up "%s qup %s"\n\tquorum_down "%s qdown %s"\n' "$TMP/ev.sh" "$1" "$TMP/ev.sh" "$1"
}

listener 8081
listener 8082
listener 8083
{
	printf 'global_defs {\n\trouter_id h16\n\tscript_user root\n\tenable_script_security\n'
	printf '\tnotify_fifo %s\n\tlvs_notify_fifo %s\n}\n' "$TMP/all.fifo" "$TMP/lvs.fifo"
	printf 'virtual_server 10.21.0.100 80 {\n\tdelay_loop 1\n\tlb_algo rr\n\tprotocol TCP\n'
	printf '\tquorum 2\n\tomega\n'
	quorum_scripts main
	rs 8081
	rs 8082
	printf '}\n'
	printf 'virtual_server fwmark 7 {\n\tdelay_loop 1\n\tlb_algo rr\n\tprotocol TCP\n\tomega\n'
	quorum_scripts fwm
	rs 8083
	printf '}\n'
	# no omega: nothing at stop; a real server without checkers is up from the start
	printf 'virtual_server fd00::1 80 {\n\tlb_algo rr\n\tprotocol TCP\n'
	quorum_scripts v6
	printf '\treal_server fd00::2 80 {\n\t}\n}\n'
} >"$TMP/c.conf"

mkfifo "$TMP/all.fifo" "$TMP/lvs.fifo"
readers() { # a reader on each FIFO, started first: it waits for the daemon
	EXPECT=""
	for f in all lvs; do
		cat "$TMP/$f.fifo" >"$TMP/$f.out" &
		echo $! >"$TMP/cat-$f.pid"
	done
}
start() { # start CONF
	ip netns exec "$NS" "$VIGILD" -n -l -C --ipvs-dry-run -f "$1" \
		-p "$TMP/v.ppid" -r "$TMP/v.rpid" -c "$TMP/v.cpid" >"$TMP/v.log" 2>&1 &
	pid=$!
	echo "$pid" >"$TMP/v.pid"
	check "start: first table programmed" wait_for 30 grep -q "IPVS reconcile: " "$TMP/v.log"
}
stop() {
	kill -TERM "$pid"
	check "the daemon exits after SIGTERM" wait_for 30 pid_dead "$pid"
	wait "$pid" 2>/dev/null
}

nlines() { [ "$(wc -l <"$1" 2>/dev/null || echo 0)" -ge "$2" ]; }
# phase N WHAT LINE...: both FIFOs have exactly the lines so far plus LINE..., in order
EXPECT=""
phase() {
	local what=$1 f got
	shift
	for l in "$@"; do EXPECT+="$l;"; done
	for f in all lvs; do
		wait_for 20 nlines "$TMP/$f.out" "$(echo -n "$EXPECT" | tr -cd ';' | wc -c)"
		got=$(tr '\n' ';' <"$TMP/$f.out")
		check_eq "$what: $f FIFO lines" "$got" "$EXPECT"
	done
}
# scripts WHAT LINE...: the scripts run in this phase are LINE... (any order)
scripts() {
	local what=$1 want got
	shift
	want=$(printf '%s\n' "$@" | sort | tr '\n' ';')
	wait_for 10 nlines "$TMP/scripts" "$#"
	got=$(sort "$TMP/scripts" 2>/dev/null | tr '\n' ';')
	check_eq "$what: scripts run" "$got" "$want"
	rm -f "$TMP/scripts"
}

VS="[10.21.0.100]:tcp:80"
R1="[127.0.0.1]:tcp:8081"
R2="[127.0.0.1]:tcp:8082"
R3="[127.0.0.1]:tcp:8083"
V6="[fd00::1]:tcp:80"

readers
start "$TMP/c.conf"
phase "start-up (quorum up everywhere, no RS line)" "VS $VS UP" "VS FWM 7 UP" "VS $V6 UP"
scripts "start-up" "qup main" "qup fwm" "qup v6"

kill "$(cat "$TMP/l8081.pid")"
phase "8081 down" "RS $R1 $VS DOWN" "VS $VS DOWN"
scripts "8081 down" "down 8081" "qdown main"

listener 8081
phase "8081 back" "RS $R1 $VS UP" "VS $VS UP"
scripts "8081 back" "up 8081" "qup main"

stop
phase "stop (omega; the IPv6 VS has none)" "RS $R1 $VS DOWN" "RS $R2 $VS DOWN" "VS $VS DOWN" \
	"RS $R3 FWM 7 DOWN" "VS FWM 7 DOWN"
scripts "stop" "down 8081" "down 8082" "qdown main" "down 8083" "qdown fwm"
check "the FIFO readers saw the end (the daemon closed its FIFOs)" \
	wait_for 10 pid_dead "$(cat "$TMP/cat-all.pid")"
check_eq "the parent killed no child" "$(grep -c "killing" "$TMP/v.log")" 0
check_eq "no script warning" "$(grep -c "notify script" "$TMP/v.log")" 0

# rs_init_notifies: each real server's initial verdict too (also without checkers), before
# its virtual server's line
sed 's/^\tnotify_fifo/\trs_init_notifies\n&/' "$TMP/c.conf" >"$TMP/init.conf"
readers
start "$TMP/init.conf"
phase "rs_init_notifies start-up" "RS $R1 $VS UP" "RS $R2 $VS UP" "VS $VS UP" \
	"RS $R3 FWM 7 UP" "VS FWM 7 UP" "RS [fd00::2]:tcp:80 $V6 UP" "VS $V6 UP"
scripts "rs_init_notifies start-up" "up 8081" "up 8082" "qup main" "up 8083" "qup fwm" "qup v6"
stop
rm -f "$TMP/scripts"

# lvs_flush_on_stop: at stop keepalived notifies the omega virtual servers only
sed 's/^\tnotify_fifo/\tlvs_flush_on_stop\n&/' "$TMP/c.conf" >"$TMP/flush.conf"
readers
start "$TMP/flush.conf"
phase "lvs_flush_on_stop start-up" "VS $VS UP" "VS FWM 7 UP" "VS $V6 UP"
scripts "lvs_flush_on_stop start-up" "qup main" "qup fwm" "qup v6"
stop
phase "lvs_flush_on_stop stop: no RS line" "VS $VS DOWN" "VS FWM 7 DOWN"
scripts "lvs_flush_on_stop stop: no notify_down" "qdown main" "qdown fwm"
check "lvs_flush_on_stop: the table was flushed" grep -q "Flushed the IPVS table" "$TMP/v.log"
finish
