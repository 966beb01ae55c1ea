#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vigild --status [--json]: two VRRP nodes in namespaces joined by a veth
# pair; after the election the status query in each namespace reports what
# `ip addr` shows (the master holds the VIP, the backup names the master as
# last master); with the daemon stopped it exits 3. Then a checker-only
# daemon with a TCP_CHECK against a local listener reports the real server
# up (IPVS is absent on this host; the checker child runs without it).
. "$(dirname "$0")/lib.sh"
require_root
VIP=10.10.0.100
NSA="vigil-st-$$-a" NSB="vigil-st-$$-b"
TMP=$(mktemp -d /tmp/vigil-status.XXXXXX)
cleanup_st() {
	for ns in "$NSA" "$NSB"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup_st EXIT
ip netns add "$NSA" && ip netns add "$NSB" || skip "cannot create namespaces"
ip -n "$NSA" link add eth0 type veth peer name eth0 netns "$NSB"
for ns in "$NSA" "$NSB"; do ip -n "$ns" link set lo up; ip -n "$ns" link set eth0 up; done
ip -n "$NSA" addr add 10.10.0.1/24 dev eth0
ip -n "$NSB" addr add 10.10.0.2/24 dev eth0

conf() { # conf NAME PRIORITY
	cat >"$TMP/$1.conf" <<CONF
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 52
	priority $2
	advert_int 1
	virtual_ipaddress {
		$VIP/24
	}
}
CONF
}
conf a 150
conf b 100
start_vigil() { # start_vigil NS NAME [OPTION...]
	local ns=$1 name=$2
	shift 2
	ip netns exec "$ns" "$VIGILD" -n -D -G -g "$TMP/$name.log" -f "$TMP/$name.conf" "$@" \
		-p "$TMP/$name.pid" -r "$TMP/${name}_vrrp.pid" -c "$TMP/${name}_checker.pid" &
}
status() { # status NS NAME [--json]
	local ns=$1 name=$2
	shift 2
	ip netns exec "$ns" "$VIGILD" --status "$@" -r "$TMP/${name}_vrrp.pid" \
		-c "$TMP/${name}_checker.pid"
}
# jget FILE PYTHON-EXPR: evaluates EXPR on the parsed JSON document d.
jget() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
stop_pidfile() { [ -s "$1" ] && kill -TERM "$(cat "$1")" 2>/dev/null; wait_for 10 test ! -e "$1"; }
has_vip() { ip -n "$1" -o addr show dev eth0 | grep -q " $VIP/"; }

start_vigil "$NSA" a -P
start_vigil "$NSB" b -P
check "A takes the VIP" wait_for 8 has_vip "$NSA"
check "B's status socket exists" wait_for 5 test -S "$TMP/b_vrrp.pid.sock"
sleep 2
check "status socket is mode 0600" test "$(stat -c %a "$TMP/a_vrrp.pid.sock")" = 600

status "$NSA" a --json >"$TMP/a.json" 2>"$TMP/a.err"
check_eq "status on A exits 0 (checker absent)" "$?" 0
check "status on A says the checker child is not running" grep -q "checker child is not running" "$TMP/a.err"
check "A's JSON parses" python3 -m json.tool "$TMP/a.json" /dev/null
check_eq "A: VI_1 is MASTER" "$(jget "$TMP/a.json" 'd["vrrp"]["instances"][0]["name"]+" "+d["vrrp"]["instances"][0]["state"]')" "VI_1 MASTER"
check_eq "A: holds its VIPs" "$(jget "$TMP/a.json" 'd["vrrp"]["instances"][0]["holds_vips"]')" True
check_eq "A: the VIP list is the one ip addr shows" "$(jget "$TMP/a.json" '" ".join(d["vrrp"]["instances"][0]["vips"])')" "$(ip -n "$NSA" -o -4 addr show dev eth0 | awk '{print $4}' | grep "^$VIP/" | cut -d/ -f1)"
check_eq "A: priority 150" "$(jget "$TMP/a.json" 'd["vrrp"]["instances"][0]["effective_priority"]')" 150
check "A: has sent adverts" test "$(jget "$TMP/a.json" 'd["vrrp"]["instances"][0]["stats"]["adverts_sent"]')" -gt 0
check_eq "A: checker is null" "$(jget "$TMP/a.json" 'd["checker"]')" None

status "$NSB" b --json >"$TMP/b.json" 2>/dev/null
check_eq "B: VI_1 is BACKUP" "$(jget "$TMP/b.json" 'd["vrrp"]["instances"][0]["state"]')" BACKUP
check_eq "B: does not hold the VIP" "$(jget "$TMP/b.json" 'd["vrrp"]["instances"][0]["holds_vips"]')" False
check_eq "B: last master is A's address" "$(jget "$TMP/b.json" 'd["vrrp"]["instances"][0]["last_master"]')" 10.10.0.1
check "B: accepted A's adverts" test "$(jget "$TMP/b.json" 'd["vrrp"]["instances"][0]["rx"]["ok"]')" -gt 0

status "$NSB" b >"$TMP/b.txt" 2>/dev/null
check_eq "human status exits 0" "$?" 0
check "human output names VI_1 and BACKUP" grep -q "^VI_1 .*BACKUP" "$TMP/b.txt"
check "human output names the master" grep -q "master: 10.10.0.1" "$TMP/b.txt"

# A client that connects and says nothing is dropped; the daemon keeps answering.
ip netns exec "$NSA" python3 -c 'import socket,sys,time; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); time.sleep(1.5); print(s.recv(10))' "$TMP/a_vrrp.pid.sock" >"$TMP/idle.out" 2>&1 &
IDLE=$!
check "status answers while a client idles" bash -c "$(declare -f status); VIGILD=$VIGILD TMP=$TMP; status $NSA a --json >/dev/null 2>&1"
wait "$IDLE"
check_eq "the idle client was dropped (EOF)" "$(cat "$TMP/idle.out")" "b''"
check "A (master) still holds the VIP" has_vip "$NSA"

stop_pidfile "$TMP/a.pid"
stop_pidfile "$TMP/b.pid"
check "the socket is removed at exit" test ! -e "$TMP/a_vrrp.pid.sock"
status "$NSA" a >/dev/null 2>&1
check_eq "status with the daemon stopped exits 3" "$?" 3

# --- checker only: a TCP_CHECK on 127.0.0.1 against a listener in the namespace
PORT=18080
ip netns exec "$NSA" python3 -m http.server -b 127.0.0.1 "$PORT" >/dev/null 2>&1 &
HTTPD=$!
cat >"$TMP/c.conf" <<CONF
virtual_server 10.10.0.200 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 127.0.0.1 $PORT {
		weight 3
		TCP_CHECK {
			connect_timeout 1
		}
	}
	real_server 127.0.0.1 $((PORT + 1)) {
		weight 2
		TCP_CHECK {
			connect_timeout 1
		}
	}
}
CONF
start_vigil "$NSA" c -C
check "checker status socket exists" wait_for 5 test -S "$TMP/c_checker.pid.sock"
up_rs() { status "$NSA" c --json 2>/dev/null >"$TMP/c.json" &&
	test "$(jget "$TMP/c.json" '[r["up"] for r in d["checker"]["virtual_servers"][0]["real_servers"]]')" = "[True, False]"; }
check "checker reports the listening real server up, the other down" wait_for 8 up_rs
check_eq "checker: vrrp is null" "$(jget "$TMP/c.json" 'd["vrrp"]')" None
check_eq "checker: real server and weight" "$(jget "$TMP/c.json" 'd["checker"]["virtual_servers"][0]["real_servers"][0]["rs"], d["checker"]["virtual_servers"][0]["real_servers"][0]["weight"]')" "[127.0.0.1]:tcp:$PORT 3"
status "$NSA" c >"$TMP/c.txt" 2>/dev/null
check "human checker output lists the real server UP" grep -q "RS \[127.0.0.1\]:tcp:$PORT *UP" "$TMP/c.txt"
kill "$HTTPD" 2>/dev/null
stop_pidfile "$TMP/c.pid"
finish
