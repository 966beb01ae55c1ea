#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SMTP alerts end to end (issue #7): a loopback SMTP sink (smtp_sink.py)
# started by the test in a private namespace, vigild nodes whose smtp_server
# points at it, and the exact messages keepalived 2.2.7 sends, as observed
# from Debian's keepalived against the same sink (VRRP) and read from its
# strings (checker: its checker child needs IPVS, which this host lacks):
#   VRRP: an instance and its sync group entering BACKUP, MASTER, FAULT
#         (track_interface link down) and BACKUP/MASTER again; an instance
#         whose smtp_alert resolves false sends nothing; at SIGTERM the
#         instance's "Stopping" alert is delivered before the daemon exits.
#   Headers and envelope: Date (RFC 5322, near now), From, To (every
#         recipient), Subject, blank line, one-line body, CRLF; EHLO/HELO
#         smtp_helo_name, MAIL FROM and RCPT TO with the address part only.
#   Nothing is sent without smtp_server or without notification_email.
#   The relay down at first, then up: the queued alerts arrive, in order,
#         after logged retries (the back-off).
#   Checker (vigild -C --ipvs-dry-run, TCP_CHECK on loopback listeners the
#         test toggles, no_checker_emails): quorum up at start, a real server
#         DOWN with quorum lost, UP with quorum gained, and the omega alerts
#         at shutdown.
# Usage: top_builddir=... top_srcdir=... bash test/netns/smtp_alerts.sh

. "$(dirname "$0")/lib.sh"
require_root
command -v python3 >/dev/null || skip "needs python3"
SINK=$top_srcdir/test/netns/smtp_sink.py
[ -r "$SINK" ] || SINK=$(dirname "$0")/smtp_sink.py
setup_ns h11 eth0 eth1 eth2
RID=rtr-h11
FROM="Vigil Alerts <vigil@example.test>"
TO1="ops@example.test"
TO2="Second Person <b@example.test>"
PORT=2525

# ---- helpers ----
start_sink() { # start_sink PORT DIR: a sink on 127.0.0.1:PORT writing DIR/msg.N
	mkdir -p "$2"
	ip netns exec "$NS" python3 "$SINK" 127.0.0.1 "$1" "$2" >"$2.err" 2>&1 &
	echo $! >"$TMP/sink$1.pid"
	disown
	wait_for 10 test -e "$2/ready"
}
nmsg() { find "$1" -maxdepth 1 -name 'msg.*' 2>/dev/null | wc -l; }
has_nmsg() { [ "$(nmsg "$1")" -ge "$2" ]; }
# hdr FILE NAME: the value of header NAME (CR stripped); body FILE: the line after the blank one
hdr() { tr -d '\r' <"$1" | sed -n "/^\$/q; s/^$2: //p"; }
body() { tr -d '\r' <"$1" | sed -n '/^$/,$p' | sed -n 2p; }
# msgs DIR FROM TO: "Subject|body" of messages FROM..TO, in arrival order
msgs() {
	local i
	for ((i = $2; i <= $3; i++)); do
		echo "$(hdr "$1/msg.$i" Subject)|$(body "$1/msg.$i")"
	done
}
sorted() { printf '%s\n' "$@" | sort; }
check_set() { # check_set WHAT DIR FROM TO EXPECTED...: the messages FROM..TO are EXPECTED (any order)
	local what=$1 dir=$2 a=$3 b=$4 got want
	shift 4
	got=$(msgs "$dir" "$a" "$b" | sort)
	want=$(sorted "$@")
	if [ "$got" = "$want" ]; then ok "$what"; else
		not_ok "$what"; echo "#   expected:"; echo "$want" | sed 's/^/#     /'
		echo "#   got:"; echo "$got" | sed 's/^/#     /'
	fi
}
vi_msg() { # vi_msg NAME STATE: keepalived's instance alert
	case $2 in
	MASTER) echo "[$RID] VRRP Instance $1 - Entering MASTER state|=> VRRP Instance is now owning VRRP VIPs <=" ;;
	STOP) echo "[$RID] VRRP Instance $1 - Stopping|=> VRRP Instance stopping <=" ;;
	*) echo "[$RID] VRRP Instance $1 - Entering $2 state|=> VRRP Instance is no longer owning VRRP VIPs <=" ;;
	esac
}
grp_msg() { echo "[$RID] VRRP Group $1 - Entering $2 state|=> All VRRP group instances are now in $2 state <="; }

# global_defs: $1 = extra lines (smtp_server / notification_email are added unless "noserver"/"nomail")
global() {
	printf 'global_defs {\n\trouter_id %s\n\tnotification_email_from "%s"\n' "$RID" "$FROM"
	case " $* " in *" nomail "*) ;; *) printf '\tnotification_email {\n\t\t%s\n\t\t"%s"\n\t}\n' "$TO1" "$TO2" ;; esac
	case " $* " in *" noserver "*) ;; *) printf '\tsmtp_server 127.0.0.1 %s\n' "${SMTP_PORT:-$PORT}" ;; esac
	printf '\tsmtp_helo_name helo.vigil.test\n\tsmtp_connect_timeout 5\n}\n'
}
instance() { # instance NAME IF VRID [lines]
	printf 'vrrp_instance %s {\n\tstate BACKUP\n\tinterface %s\n\tvirtual_router_id %s\n' "$1" "$2" "$3"
	printf '\tpriority 100\n\tversion 3\n\tadvert_int 0.2\n'
	printf '\tvirtual_ipaddress {\n\t\t10.%s.0.100/24\n\t}\n%s\n}\n' "$3" "${4:-}"
}
start_vigil() { # start_vigil NAME [vigild options]: -f $TMP/NAME.conf, log $TMP/NAME.log
	local n=$1
	shift
	ip netns exec "$NS" "$VIGILD" -n -D -G -l -g "$TMP/$n.log" -f "$TMP/$n.conf" "$@" -p "$TMP/$n.ppid" \
		-r "$TMP/$n.rpid" -c "$TMP/$n.cpid" >"$TMP/$n.out" 2>&1 &
	echo $! >"$TMP/$n.pid"
	disown
}
stop_vigil() { # SIGTERM; waits until the parent is gone (children drain their SMTP queue first)
	local pid
	pid=$(cat "$TMP/$1.pid")
	kill -TERM "$pid" 2>/dev/null
	wait_for 20 pid_dead "$pid"
}
logged() { cat "$TMP/$1"*.log 2>/dev/null | grep -q -- "$2"; }

start_sink "$PORT" "$TMP/sink" || { not_ok "the SMTP sink starts"; finish; exit 1; }

# ---- 1. VRRP: instance and sync group through BACKUP, MASTER, FAULT, BACKUP, MASTER ----
{
	global
	printf 'vrrp_sync_group G1 {\n\tgroup {\n\t\tVI_1\n\t}\n\tsmtp_alert\n}\n'
	instance VI_1 eth0 21 $'\ttrack_interface {\n\t\teth1\n\t}\n\tsmtp_alert'
	instance VI_2 eth2 23 # smtp_alert unset: resolves false (no smtp_alert / smtp_alert_vrrp)
} >"$TMP/v.conf"
start_vigil v -P
S=$TMP/sink
check "VRRP start: 4 alerts (BACKUP then MASTER, instance and group)" wait_for 20 has_nmsg "$S" 4
check_set "start: BACKUP alerts first" "$S" 1 2 "$(vi_msg VI_1 BACKUP)" "$(grp_msg G1 BACKUP)"
check_set "then MASTER alerts" "$S" 3 4 "$(vi_msg VI_1 MASTER)" "$(grp_msg G1 MASTER)"

# The first message, byte for byte around the headers keepalived sends (Date, From, To, Subject).
M=$S/msg.1
check "CRLF line endings only" test "$(grep -c $'\r$' "$M")" = "$(wc -l <"$M")"
check_eq "From header" "$(hdr "$M" From)" "$FROM"
check_eq "To header: every recipient" "$(hdr "$M" To)" "$TO1, $TO2"
check "Subject header once" test "$(tr -d '\r' <"$M" | grep -c '^Subject: ')" = 1
D=$(hdr "$M" Date)
check "Date is RFC 5322 ('$D')" \
	grep -Eq '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}$' <<<"$D"
DS=$(date -d "$D" +%s 2>/dev/null || echo 0)
check "Date is the event's time (within 10 min of now)" test $((DS - $(date +%s))) -le 600 -a $(($(date +%s) - DS)) -le 600
check_eq "headers: Date, From, To, Subject, then the blank line" \
	"$(tr -d '\r' <"$M" | sed '/^$/q' | cut -d: -f1 | tr '\n' ' ')" "Date From To Subject  "
check_eq "body: one line, nothing after it" "$(tr -d '\r' <"$M" | sed -n '/^$/,$p' | wc -l)" 2
E=$S/env.1
check_eq "HELO/EHLO names smtp_helo_name" "$(sed -n 1p "$E" | cut -d' ' -f2)" "helo.vigil.test"
check_eq "MAIL FROM: the address part" "$(grep '^MAIL' "$E")" "MAIL FROM:<vigil@example.test>"
check_eq "RCPT TO: each address part" "$(grep '^RCPT' "$E" | tr '\n' ' ')" \
	"RCPT TO:<ops@example.test> RCPT TO:<b@example.test> "

ip -n "$NS" link set eth1 down
check "track_interface down: 2 FAULT alerts" wait_for 15 has_nmsg "$S" 6
check_set "FAULT alerts" "$S" 5 6 "$(vi_msg VI_1 FAULT)" "$(grp_msg G1 FAULT)"
ip -n "$NS" link set eth1 up
check "link up: BACKUP then MASTER again" wait_for 15 has_nmsg "$S" 10
check_set "BACKUP after FAULT" "$S" 7 8 "$(vi_msg VI_1 BACKUP)" "$(grp_msg G1 BACKUP)"
check_set "MASTER after BACKUP" "$S" 9 10 "$(vi_msg VI_1 MASTER)" "$(grp_msg G1 MASTER)"
check "VI_2 (smtp_alert unset) reached MASTER" logged v "(VI_2) Entering MASTER STATE"
stop_vigil v
check "SIGTERM: the Stopping alert is delivered before exit" has_nmsg "$S" 11
check_set "Stopping alert (keepalived queues it but exits first)" "$S" 11 11 "$(vi_msg VI_1 STOP)"
check "VI_2 never mailed" test -z "$(grep -l 'VI_2' "$S"/msg.* 2>/dev/null)"
check_eq "nothing else was sent" "$(nmsg "$S")" 11

# ---- 2. no smtp_server, or no notification_email: no alert ----
for what in noserver nomail; do
	{ global "$what"; instance VI_1 eth0 21 $'\tsmtp_alert'; } >"$TMP/$what.conf"
	start_vigil "$what" -P
	check "$what: the instance reaches MASTER" wait_for 15 logged "$what" "(VI_1) Entering MASTER STATE"
	stop_vigil "$what"
	check_eq "$what: no alert sent" "$(nmsg "$S")" 11
	check "$what: no SMTP attempt logged" test -z "$(cat "$TMP/$what"*.log 2>/dev/null | grep 'SMTP')"
done

# ---- 3. relay down at first, then up: queued alerts arrive, in order, after retries ----
{ SMTP_PORT=2526 global; instance VI_1 eth0 21 $'\tsmtp_alert'; } >"$TMP/late.conf"
start_vigil late -P
check "relay down: the instance reaches MASTER" wait_for 15 logged late "(VI_1) Entering MASTER STATE"
check "relay down: a retry is logged" wait_for 15 logged late "SMTP alert not sent .*retrying in"
start_sink 2526 "$TMP/late"
check "relay up: both queued alerts delivered (back-off)" wait_for 30 has_nmsg "$TMP/late" 2
check_eq "delivered in the order of the events" "$(msgs "$TMP/late" 1 2)" \
	"$(vi_msg VI_1 BACKUP)
$(vi_msg VI_1 MASTER)"
check "the sends are logged as successful" logged late "successfully sent"
DELAYS=$(cat "$TMP/late"*.log | sed -n 's/.*SMTP alert not sent .*retrying in \([0-9.]*\) s.*/\1/p' | tr '\n' ' ')
echo "# figure: relay down: retries logged with back-off delays (s): $DELAYS"
check "back-off: 1 s first, each delay twice the one before ($DELAYS)" \
	awk -v d="$DELAYS" 'BEGIN { n = split(d, a, " "); if (n < 1 || a[1] != 1) exit 1
		for (i = 2; i <= n; i++) if (a[i] != 2 * a[i - 1]) exit 1 }'
stop_vigil late

# ---- 4. checker: real server DOWN/UP, quorum lost/gained, omega at shutdown ----
VIP=10.21.0.100
listener() { # listener PORT: accepts and closes on 127.0.0.1:PORT
	ip netns exec "$NS" python3 -c 'import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(64)
while True: s.accept()[0].close()' "$1" &
	echo $! >"$TMP/l$1.pid"
	disown
	wait_for 5 in_ns python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$1"
}
listener 8081
listener 8082
rs() { printf '\treal_server 127.0.0.1 %s {\n\t\tweight 1\n\t\tTCP_CHECK {\n\t\t\tconnect_timeout 1\n\t\t\tretry 0\n\t\t\tdelay_before_retry 1\n\t\t}\n\t}\n' "$1"; }
{
	# no_checker_emails: keepalived still mails when a real server goes up or down
	SMTP_PORT=2527 global | sed 's/^}$/\tno_checker_emails\n}/'
	printf 'virtual_server %s 80 {\n\tdelay_loop 1\n\tlb_algo rr\n\tlb_kind NAT\n\tprotocol TCP\n' "$VIP"
	printf '\tquorum 2\n\tsmtp_alert\n\tomega\n'
	rs 8081
	rs 8082
	printf '}\n'
} >"$TMP/c.conf"
C=$TMP/csink
start_sink 2527 "$C"
start_vigil c -C --ipvs-dry-run
VS="[$VIP]:tcp:80"
R1="[127.0.0.1]:tcp:8081"
R2="[127.0.0.1]:tcp:8082"
check "checker start: quorum up alert" wait_for 15 has_nmsg "$C" 1
check_set "start: Starting with quorum up" "$C" 1 1 \
	"[$RID] Virtualserver $VS - UP|=> Starting with quorum up 2+0=2 <= 2 <="
kill "$(cat "$TMP/l8081.pid")"
check "listener 8081 gone: RS DOWN and quorum lost" wait_for 20 has_nmsg "$C" 3
check_set "RS DOWN, quorum lost" "$C" 2 3 \
	"[$RID] Realserver $R1 of virtual server $VS - DOWN|=> TCP CHECK failed on service <=" \
	"[$RID] Virtualserver $VS - DOWN|=> Lost quorum 2+0=2 <= 1 <="
listener 8081
check "listener 8081 back: RS UP and quorum gained" wait_for 20 has_nmsg "$C" 5
check_set "RS UP, quorum gained" "$C" 4 5 \
	"[$RID] Realserver $R1 of virtual server $VS - UP|=> TCP CHECK succeed on service <=" \
	"[$RID] Virtualserver $VS - UP|=> Gained quorum 2+0=2 <= 2 <="
check "IPVS commands went to the dry run only" logged c "IPVS dry-run"
stop_vigil c
check_eq "omega: 3 shutdown alerts (each RS, the VS)" "$(nmsg "$C")" 8
check_set "omega shutdown alerts" "$C" 6 8 \
	"[$RID] Realserver $R1 of virtual server $VS - DOWN|=> Shutting down <=" \
	"[$RID] Realserver $R2 of virtual server $VS - DOWN|=> Shutting down <=" \
	"[$RID] Virtualserver $VS - DOWN|=> Shutting down <="

finish
