#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Prometheus metrics (global_defs metrics_listen): two VRRP nodes in
# namespaces joined by a veth pair, each vigild serving /metrics on its own
# namespace's 127.0.0.1. After the election the master's endpoint shows
# state MASTER, the backup's BACKUP, with their transition counts; the
# master's sent-advert counter and the backup's accepted-advert counter
# grow between two scrapes; a malformed request gets 400, an unknown path
# 404, and the endpoint keeps answering; a reload that moves the port moves
# the listener; the checker child's real servers show up with their weight.
. "$(dirname "$0")/lib.sh"
require_root
command -v curl >/dev/null || skip "needs curl"
VIP=10.11.0.100
PORT=9650
NSA="vigil-h7m-$$-a" NSB="vigil-h7m-$$-b"
TMP=$(mktemp -d /tmp/vigil-metrics.XXXXXX)
cleanup_m() {
	for ns in "$NSA" "$NSB"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup_m EXIT
ip netns add "$NSA" && ip netns add "$NSB" || skip "cannot create namespaces"
ip -n "$NSA" link add eth0 type veth peer name eth0 netns "$NSB"
for ns in "$NSA" "$NSB"; do ip -n "$ns" link set lo up; ip -n "$ns" link set eth0 up; done
ip -n "$NSA" addr add 10.11.0.1/24 dev eth0
ip -n "$NSB" addr add 10.11.0.2/24 dev eth0

conf() { # conf NAME PRIORITY METRICS-PORT [EXTRA-BLOCKS]
	cat >"$TMP/$1.conf" <<CONF
global_defs {
	metrics_listen 127.0.0.1 $3
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 53
	priority $2
	advert_int 1
	virtual_ipaddress {
		$VIP/24
	}
}
${4:-}
CONF
}
conf a 150 $PORT
conf b 100 $PORT
start_vigil() { # start_vigil NS NAME [OPTION...]
	local ns=$1 name=$2
	shift 2
	ip netns exec "$ns" "$VIGILD" -n -D -G -g "$TMP/$name.log" -f "$TMP/$name.conf" "$@" \
		-p "$TMP/$name.pid" -r "$TMP/${name}_vrrp.pid" -c "$TMP/${name}_checker.pid" &
}
scrape() { # scrape NS [PORT] > body
	ip netns exec "$1" curl -fsS --max-time 5 "http://127.0.0.1:${2:-$PORT}/metrics"
}
scrape_ok() { scrape "$@" >/dev/null; }
# value FILE SERIES: the sample value of the exact series (name{labels}).
value() { awk -v s="$2" '$1 == s { print $2 }' "$1"; }
has_vip() { ip -n "$1" -o addr show dev eth0 | grep -q " $VIP/"; }
stop_pidfile() { [ -s "$1" ] && kill -TERM "$(cat "$1")" 2>/dev/null; wait_for 10 test ! -e "$1"; }

start_vigil "$NSA" a -P
start_vigil "$NSB" b -P
check "A takes the VIP" wait_for 8 has_vip "$NSA"
check "A's metrics endpoint answers" wait_for 5 scrape_ok "$NSA"
check "B's VRRP status socket exists" wait_for 5 test -S "$TMP/b_vrrp.pid.sock"
sleep 1.5
scrape "$NSA" >"$TMP/a1.txt"
scrape "$NSB" >"$TMP/b1.txt"
check_eq "A: VI_1 is MASTER" "$(value "$TMP/a1.txt" 'vigil_vrrp_state{instance="VI_1",state="MASTER"}')" 1
check_eq "A: not BACKUP" "$(value "$TMP/a1.txt" 'vigil_vrrp_state{instance="VI_1",state="BACKUP"}')" 0
check_eq "B: VI_1 is BACKUP" "$(value "$TMP/b1.txt" 'vigil_vrrp_state{instance="VI_1",state="BACKUP"}')" 1
check_eq "A: holds the VIPs" "$(value "$TMP/a1.txt" 'vigil_vrrp_holds_vips{instance="VI_1"}')" 1
check_eq "A: became master once" "$(value "$TMP/a1.txt" 'vigil_vrrp_become_master_total{instance="VI_1"}')" 1
check_eq "A: entered MASTER once" "$(value "$TMP/a1.txt" 'vigil_vrrp_transitions_total{instance="VI_1",state="MASTER"}')" 1
check_eq "B: never entered MASTER" "$(value "$TMP/b1.txt" 'vigil_vrrp_transitions_total{instance="VI_1",state="MASTER"}')" 0
check "B: entered BACKUP" test "$(value "$TMP/b1.txt" 'vigil_vrrp_transitions_total{instance="VI_1",state="BACKUP"}')" -ge 1
check_eq "A: the VRRP child answered" "$(value "$TMP/a1.txt" 'vigil_child_up{child="vrrp"}')" 1
check_eq "A: no checker child" "$(value "$TMP/a1.txt" 'vigil_child_up{child="checker"}')" 0
check_eq "A: instance info" "$(value "$TMP/a1.txt" 'vigil_vrrp_instance_info{instance="VI_1",interface="eth0",vrid="53"}')" 1
check "A: HELP and TYPE for the state family" grep -qx '# TYPE vigil_vrrp_state gauge' "$TMP/a1.txt"
check "A: the text parses as exposition format (every line a comment or 'series value')" \
	test -z "$(grep -Ev '^(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+(\{[^}]*\})? [0-9]+)$' "$TMP/a1.txt")"
sent1=$(value "$TMP/a1.txt" 'vigil_vrrp_adverts_sent_total{instance="VI_1"}')
ok1=$(value "$TMP/b1.txt" 'vigil_vrrp_adverts_rx_total{instance="VI_1",reason="ok"}')
sleep 2.5
scrape "$NSA" >"$TMP/a2.txt"
scrape "$NSB" >"$TMP/b2.txt"
sent2=$(value "$TMP/a2.txt" 'vigil_vrrp_adverts_sent_total{instance="VI_1"}')
ok2=$(value "$TMP/b2.txt" 'vigil_vrrp_adverts_rx_total{instance="VI_1",reason="ok"}')
check "A: adverts sent grow ($sent1 -> $sent2)" test "${sent2:-0}" -gt "${sent1:-0}"
check "B: adverts accepted grow ($ok1 -> $ok2)" test "${ok2:-0}" -gt "${ok1:-0}"

# Malformed and unknown requests: answered, and the endpoint keeps serving.
raw() { # raw NS REQUEST: prints the status line of the answer
	ip netns exec "$1" bash -c 'exec 3<>/dev/tcp/127.0.0.1/'"$PORT"'; printf "%b" "$1" >&3; timeout 5 head -n1 <&3 | tr -d "\r"' _ "$2"
}
check_eq "garbage gets 400" "$(raw "$NSA" 'GARBAGE\r\n\r\n')" "HTTP/1.1 400 Bad Request"
check_eq "binary junk gets 400" "$(raw "$NSA" '\x16\x03\x01\x00\xa5\x01\x00\x00\r\n\r\n')" "HTTP/1.1 400 Bad Request"
check_eq "an unknown path gets 404" "$(raw "$NSA" 'GET /admin HTTP/1.1\r\n\r\n')" "HTTP/1.1 404 Not Found"
check_eq "POST gets 405" "$(raw "$NSA" 'POST /metrics HTTP/1.1\r\n\r\n')" "HTTP/1.1 405 Method Not Allowed"
# a client that connects and says nothing does not hold the others up
ip netns exec "$NSA" bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT; sleep 3" &
IDLE=$!
check "scrape while a client idles" scrape_ok "$NSA"
wait "$IDLE" 2>/dev/null
check "A's daemon is still running" pid_alive "$(cat "$TMP/a.pid")"
check "A's endpoint still answers" scrape_ok "$NSA"
check "A's log has the listening line" grep -q "Serving metrics on 127.0.0.1:$PORT/metrics" "$TMP/a.log"

# Reload with another port: the listener moves.
conf a 150 $((PORT + 1))
kill -HUP "$(cat "$TMP/a.pid")"
check "after reload A serves on the new port" wait_for 5 scrape_ok "$NSA" $((PORT + 1))
# refused (curl exit 7), not merely unanswered: no process (a child) holds the old socket
ip netns exec "$NSA" curl -sS --max-time 3 "http://127.0.0.1:$PORT/metrics" >/dev/null 2>&1
check_eq "after reload the old port refuses connections" "$?" 7
check "no child inherited the listening socket" bash -c "! ip netns exec $NSA ss -Hltn 'sport = :$PORT' | grep -q ."
# ... and to an IPv6 address
sed -i "s/metrics_listen 127.0.0.1 $((PORT + 1))/metrics_listen ::1 $((PORT + 2))/" "$TMP/a.conf"
kill -HUP "$(cat "$TMP/a.pid")"
scrape6() { ip netns exec "$NSA" curl -fsS -g --max-time 5 "http://[::1]:$((PORT + 2))/metrics" >"$TMP/a6.txt"; }
check "after reload A serves on [::1]" wait_for 5 scrape6
check_eq "A: still MASTER over IPv6" "$(value "$TMP/a6.txt" 'vigil_vrrp_state{instance="VI_1",state="MASTER"}')" 1
stop_pidfile "$TMP/a.pid"
stop_pidfile "$TMP/b.pid"

# Checker child: a real server up with its weight, another down.
HTTP_PORT=18081
ip netns exec "$NSA" python3 -m http.server -b 127.0.0.1 "$HTTP_PORT" >/dev/null 2>&1 &
HTTPD=$!
conf c 100 $PORT "virtual_server 10.11.0.200 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 127.0.0.1 $HTTP_PORT {
		weight 3
		TCP_CHECK {
			connect_timeout 1
		}
	}
	real_server 127.0.0.1 $((HTTP_PORT + 1)) {
		weight 2
		TCP_CHECK {
			connect_timeout 1
		}
	}
}"
start_vigil "$NSA" c -C
RS1="vigil_lvs_real_server_up{virtual_server=\"[10.11.0.200]:tcp:80\",real_server=\"[127.0.0.1]:tcp:$HTTP_PORT\"}"
RS2="vigil_lvs_real_server_up{virtual_server=\"[10.11.0.200]:tcp:80\",real_server=\"[127.0.0.1]:tcp:$((HTTP_PORT + 1))\"}"
rs_settled() { scrape "$NSA" >"$TMP/c.txt" 2>/dev/null &&
	[ "$(value "$TMP/c.txt" "$RS1")" = 1 ] && [ "$(value "$TMP/c.txt" "$RS2")" = 0 ]; }
check "checker: the listening real server is up, the other down" wait_for 10 rs_settled
check_eq "checker: its weight" "$(value "$TMP/c.txt" "vigil_lvs_real_server_weight{virtual_server=\"[10.11.0.200]:tcp:80\",real_server=\"[127.0.0.1]:tcp:$HTTP_PORT\"}")" 3
check_eq "checker: the down one keeps its configured weight" "$(value "$TMP/c.txt" "${RS2/_up\{/_weight\{}")" 2
check_eq "checker: the checker child answered" "$(value "$TMP/c.txt" 'vigil_child_up{child="checker"}')" 1
kill "$HTTPD" 2>/dev/null
stop_pidfile "$TMP/c.pid"
finish
