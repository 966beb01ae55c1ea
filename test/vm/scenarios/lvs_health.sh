#!/bin/sh
# lvs_health: health verdicts reach the IPVS table. Two real servers are checked with
# TCP_CHECK against busybox httpd listeners on 127.0.0.1; the second has
# inhibit_on_failure. Closing the first's port removes it from the table, closing
# the second's sets its weight to 0, reopening brings each back with its weight. Run
# with keepalived first (the reference), then with vigild; both must behave alike.
# Then vigild reloads a changed config (SIGHUP) and applies only the difference.
set -eu

[ "${VIGILD_AVAILABLE:-0}" = 1 ] || { echo "SKIP: no vigild in the guest"; exit 77; }
fail=0

cat >lvs.conf <<'CONF_EOF'
virtual_server 10.7.0.1 80 {
	protocol TCP
	lvs_sched wrr
	delay_loop 1
	real_server 10.8.0.1 80 {
		weight 3
		TCP_CHECK {
			connect_ip 127.0.0.1
			connect_port 8081
			connect_timeout 1
			retry 1
			delay_before_retry 1
		}
	}
	real_server 10.8.0.2 80 {
		weight 2
		inhibit_on_failure
		TCP_CHECK {
			connect_ip 127.0.0.1
			connect_port 8082
			connect_timeout 1
			retry 1
			delay_before_retry 1
		}
	}
}
CONF_EOF
mkdir -p www
echo ok >www/index.html

listen() { # listen PORT: sets HTTPD_<PORT>
	httpd -f -p "127.0.0.1:$1" -h www &
	eval "HTTPD_$1=\$!"
}
unlisten() {
	eval "kill \$HTTPD_$1" 2>/dev/null || true
	eval "wait \$HTTPD_$1" 2>/dev/null || true
}

# expect_within SECS WHAT PATTERN [absent]: waits until ipvsadm -Sn has (or lacks) a line.
expect_within() {
	i=0
	while [ $i -lt $(($1 * 4)) ]; do
		if [ "${4:-}" = absent ]; then
			ipvsadm -Sn | grep -qF -- "$3" || { echo "  ok: $2"; return 0; }
		else
			ipvsadm -Sn | grep -qxF -- "$3" && { echo "  ok: $2"; return 0; }
		fi
		sleep 0.25
		i=$((i + 1))
	done
	echo "FAIL: $2 (within $1 s)"
	ipvsadm -Sn | sed 's/^/  /'
	fail=1
	return 1
}

scenario() { # scenario NAME: the daemon is running
	expect_within 15 "$1: both servers in" "-a -t 10.7.0.1:80 -r 10.8.0.1:80 -m -w 3" || true
	expect_within 5 "$1: inhibited server in" "-a -t 10.7.0.1:80 -r 10.8.0.2:80 -m -w 2" || true
	unlisten 8081
	expect_within 15 "$1: closed port: server removed" "10.8.0.1:80" absent || true
	unlisten 8082
	expect_within 15 "$1: closed port with inhibit_on_failure: weight 0" \
		"-a -t 10.7.0.1:80 -r 10.8.0.2:80 -m -w 0" || true
	listen 8081
	listen 8082
	expect_within 15 "$1: reopened: server back" "-a -t 10.7.0.1:80 -r 10.8.0.1:80 -m -w 3" || true
	expect_within 15 "$1: reopened: weight back" "-a -t 10.7.0.1:80 -r 10.8.0.2:80 -m -w 2" || true
}

stop() {
	kill -TERM "$1" 2>/dev/null || true
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

listen 8081
listen 8082
ipvsadm -C
keepalived -n -l -C -f lvs.conf -p "$PWD/k.pid" -c "$PWD/kc.pid" -r "$PWD/kv.pid" >ka.log 2>&1 &
KA=$!
scenario keepalived
stop "$KA"
if [ "$fail" != 0 ]; then
	echo "  (keepalived itself does not pass: the scenario is wrong)"
	tail -n 30 ka.log | sed 's/^/  /'
fi

ipvsadm -C
"$VIGILD" -n -l -D -C -f lvs.conf -p "$PWD/v.pid" -c "$PWD/vc.pid" -r "$PWD/vv.pid" >vigild.log 2>&1 &
VG=$!
kfail=$fail
fail=0
scenario vigild

# Reload (SIGHUP) of the same config: nothing is sent to the kernel (-D logs each command).
sent=$(grep -c "IPVS: " vigild.log || true)
kill -HUP "$VG"
i=0
while [ "$(grep -c "Reload finished" vigild.log || true)" = 0 ] && [ $i -lt 40 ]; do
	sleep 0.25
	i=$((i + 1))
done
sleep 0.5
if [ "$(grep -c "IPVS: " vigild.log || true)" = "$sent" ]; then
	echo "  ok: reload of an unchanged config: no IPVS command"
else
	echo "FAIL: reload of an unchanged config sent:"
	grep "IPVS: " vigild.log | tail -n +$((sent + 1)) | sed 's/^/  /'
	fail=1
fi
sent=$(grep -c "IPVS: " vigild.log || true)

# Reload (SIGHUP): a weight changes, a server and a service appear, the inhibited
# server goes; a service added by hand meanwhile is left alone.
ipvsadm -A -t 10.9.9.9:80 -s rr
cat >lvs.conf <<'CONF_EOF'
virtual_server 10.7.0.1 80 {
	protocol TCP
	lvs_sched wrr
	delay_loop 1
	real_server 10.8.0.1 80 {
		weight 5
		TCP_CHECK {
			connect_ip 127.0.0.1
			connect_port 8081
			connect_timeout 1
			retry 1
			delay_before_retry 1
		}
	}
	real_server 10.8.0.4 80 {
	}
}
virtual_server 10.7.0.2 80 {
	protocol TCP
	lvs_sched rr
	real_server 10.8.0.3 80 {
	}
}
CONF_EOF
kill -HUP "$VG"
expect_within 10 "reload: weight 3 -> 5" "-a -t 10.7.0.1:80 -r 10.8.0.1:80 -m -w 5" || true
expect_within 10 "reload: inhibited server removed" "10.8.0.2:80" absent || true
expect_within 10 "reload: new server" "-a -t 10.7.0.1:80 -r 10.8.0.4:80 -m -w 1" || true
expect_within 10 "reload: new service" "-a -t 10.7.0.2:80 -r 10.8.0.3:80 -m -w 1" || true
expect_within 5 "reload: hand-made service kept" "-A -t 10.9.9.9:80 -s rr" || true
echo "  commands sent by the second reload:"
grep "IPVS: " vigild.log | tail -n +$((sent + 1)) | sed -e 's/^.*IPVS: /    /'
ipvsadm -D -t 10.9.9.9:80
stop "$VG"
grep -E "(Adding|Removing|Enabling|Disabling|Shutting down) service|Reload" vigild.log |
	sed -e 's/^.*: Keepalived/  log: Keepalived/' | head -n 20
if [ "$fail" != 0 ]; then
	echo "  --- vigild's log"
	tail -n 40 vigild.log | sed 's/^/  /'
fi
[ -z "$(ipvsadm -Sn)" ] || { echo "FAIL: vigild left entries behind"; ipvsadm -Sn; fail=1; }
unlisten 8081
unlisten 8082
ipvsadm -C
[ "$fail" = 0 ] && [ "$kfail" = 0 ] || exit 1
echo "lvs_health: ok"
