#!/bin/sh
# lvs_seeds: the seed configurations (real-world keepalived.conf files, test/vm/fixtures/
# seed*.conf, packed as /fixtures) that have virtual servers give the same
# `ipvsadm -Sn | sort` under vigild as under keepalived 2.2.7, checkers included. Each
# daemon runs with -C in turn on an empty table. The configs are used as they are
# except for their timers, rewritten at run time so that every checker reaches its
# verdict within about a second (delay_loop/connect_timeout/delay_before_retry 1,
# retry 0, warmup 0; the virtual server's retry and warmup are added after its
# delay_loop, since keepalived ignores nb_get_retry); the keywords and the structure
# are untouched. Some real servers
# answer (busybox httpd on local addresses), others refuse, are unreachable or serve a
# body with the wrong digest, so the settled tables hold up, down and sorry servers.
# Settled: keepalived's table has not changed for 1.5 s, at least 2 s after the start;
# vigild's must reach that same table and keep it for 1.5 s (within 20 s).
set -eu

[ "${VIGILD_AVAILABLE:-0}" = 1 ] || { echo "SKIP: no vigild in the guest"; exit 77; }
[ -d /fixtures ] || { echo "SKIP: no /fixtures in the guest"; exit 77; }
fail=0
FAILED=""

table() {
	ipvsadm -Sn | sort
}

uptime_ds() { # tenths of a second since boot
	awk '{ printf "%d", $1 * 10 }' /proc/uptime
}

# settle OUT [WANT]: wait (20 s at most) until the table has been the same for 1.5 s,
# and equals the file WANT when given, or else is not empty and 2 s have passed; the
# table goes to OUT.
settle() {
	t0=$(uptime_ds)
	prev="" since=$t0 min=20
	[ -z "${2:-}" ] || min=0 # equal to WANT: no minimum needed
	while :; do
		now=$(uptime_ds)
		cur=$(table)
		# keepalived's table is never empty here: empty means not started yet
		if [ "$cur" != "$prev" ] || [ -z "$cur" ] ||
			{ [ -n "${2:-}" ] && [ "$cur" != "$(cat "$2")" ]; }; then
			since=$now
		fi
		prev=$cur
		if [ $((now - t0)) -ge "$min" ] && [ $((now - since)) -ge 15 ]; then
			printf '%s\n' "$cur" >"$1"
			echo "  settled after $(awk -v d=$((now - t0)) 'BEGIN { printf "%.1f", d / 10 }') s"
			return 0
		fi
		if [ $((now - t0)) -ge 200 ]; then
			printf '%s\n' "$cur" >"$1"
			return 1
		fi
		sleep 0.3
	done
}

# stop PID NAME: SIGTERM and wait (10 s) for the process to go.
stop() {
	kill -TERM "$1" 2>/dev/null || true
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		echo "  $2 did not stop; killing it"
		kill -KILL "$1" 2>/dev/null || true
	fi
	wait "$1" 2>/dev/null || true
}

# fast CONF: the config with short timers; every other line as it is.
fast() {
	awk '
	function put(kw, v,  ind) {
		ind = $0; sub(/[^ \t].*$/, "", ind)
		print ind kw " " v
	}
	$1 == "delay_loop" { put($1, 1); put("warmup", 0); put("retry", 0); next }
	$1 == "connect_timeout" || $1 == "delay_before_retry" { put($1, 1); next }
	$1 == "retry" || $1 == "nb_get_retry" { put($1, 0); next }
	{ print }' "$1"
}

# compare NAME: keepalived's settled table, then vigild's, on an empty IPVS table.
compare() {
	name=$1
	fast "/fixtures/$name.conf" >"$name.conf"
	echo "--- $name"
	ipvsadm -C
	keepalived -n -C -f "$PWD/$name.conf" -p "$PWD/ka.pid" -c "$PWD/ka_c.pid" \
		-r "$PWD/ka_v.pid" >"ka.$name.log" 2>&1 &
	KA=$!
	settle "ka.$name" || echo "  keepalived: table not stable"
	stop "$KA" keepalived
	ipvsadm -C
	"$VIGILD" -n -l -C -f "$PWD/$name.conf" -p "$PWD/v.pid" -c "$PWD/v_c.pid" \
		-r "$PWD/v_v.pid" >"vigild.$name.log" 2>&1 &
	VG=$!
	settle "vigil.$name" "ka.$name" || echo "  vigild: never reached keepalived's table"
	stop "$VG" vigild
	left=$(table)
	if [ ! -s "ka.$name" ] || [ -z "$(grep '^-A' "ka.$name" || true)" ]; then
		echo "FAIL: $name: keepalived programmed no service (the scenario is wrong)"
		tail -n 20 "ka.$name.log" | sed 's/^/  /'
		fail=1
		FAILED="$FAILED $name"
	elif cmp -s "ka.$name" "vigil.$name"; then
		echo "PASS: $name: $(grep -c '^-A' "vigil.$name") services," \
			"$(grep -c '^-a' "vigil.$name" || true) real servers, same as keepalived"
		sed 's/^/  /' "vigil.$name"
	else
		echo "FAIL: $name: vigild's table differs from keepalived's"
		diff -u "ka.$name" "vigil.$name" | sed 's/^/  /' || true
		echo "  --- vigild's log"
		tail -n 20 "vigild.$name.log" | sed 's/^/  /'
		fail=1
		FAILED="$FAILED $name"
	fi
	if [ -n "$left" ]; then
		echo "FAIL: $name: vigild left entries behind at stop:"
		printf '%s\n' "$left" | sed 's/^/  /'
		fail=1
	fi
}

# The VRRP sections name eth0 and eth1: make them exist (the checker child does not
# use them). The real servers' addresses live on a dummy link, rs0.
for l in eth0 eth1 rs0; do
	"$IP" link add "$l" type dummy
	"$IP" link set "$l" up
done
for a in 10.0.0.51 10.0.0.52 192.168.65.156 192.168.65.157 10.20.40.10 192.168.201.100 \
	192.168.200.2; do
	"$IP" addr add "$a/32" dev rs0
done
mkdir -p www www/testurl www/testurl2 www/testurl3
echo "seed" >www/index.html
echo "not the digest" >www/testurl/test.jsp
cp www/testurl/test.jsp www/testurl2/test.jsp
cp www/testurl/test.jsp www/testurl3/test.jsp
# Up: 10.0.0.51:80 (HTTP 200), 192.168.65.156:80 and 10.20.40.10:22 (TCP).
# Down: 10.0.0.52 and 192.168.65.157 refuse, 192.168.200.2:1358 serves a body whose MD5
# is not the digest, 192.168.201.100:443 has no TLS server, 192.168.200.3-5 are
# unreachable.
for l in 10.0.0.51:80 192.168.65.156:80 10.20.40.10:22 192.168.200.2:1358; do
	httpd -p "$l" -h "$PWD/www"
done
i=0
until [ "$(timeout 3 wget -q -O - http://10.0.0.51/ 2>/dev/null)" = seed ]; do
	i=$((i + 1))
	[ $i -lt 50 ] || { echo "FAIL: httpd does not answer"; exit 1; }
	sleep 0.2
done

n=0
for f in /fixtures/seed*.conf; do
	grep -q '^[[:space:]]*virtual_server[[:space:]]' "$f" || continue
	compare "$(basename "$f" .conf)"
	n=$((n + 1))
done
[ $n -gt 0 ] || { echo "FAIL: no seed config with virtual servers"; exit 1; }
ipvsadm -C
[ $fail -eq 0 ] || { echo "lvs_seeds: failed:$FAILED"; exit 1; }
echo "lvs_seeds: ok ($n configs)"
