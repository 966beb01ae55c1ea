#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vigild -C --ipvs-dry-run: the checker child programs no kernel table but logs
# each IPVS command it would send, in the fake backend's text form: the
# service and its real server (up: a TCP_CHECK against a port this test
# listens on) at start, then on SIGTERM the service removed (the kernel drops
# its real servers with it). Needs no root and no IPVS; loopback only.
set -u
top_builddir=${top_builddir:-.}
VIGILD=$top_builddir/vigild
W=$(mktemp -d /tmp/vigil-dryrun.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT
fails=0
check() { local what=$1; shift; if "$@"; then echo "ok - $what"; else echo "not ok - $what"; fails=$((fails + 1)); fi; }

python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64)
print(s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept(); c.close()
' >"$W/port" &
pids+=($!)
for _ in $(seq 50); do [ -s "$W/port" ] && break; sleep 0.1; done
port=$(cat "$W/port")
cat >"$W/k.conf" <<CONF
virtual_server 10.99.0.1 80 {
	delay_loop 1
	lvs_sched wrr
	lvs_method NAT
	protocol TCP
	real_server 127.0.0.1 $port {
		weight 3
		TCP_CHECK {
			connect_timeout 2
		}
	}
}
CONF
"$VIGILD" -n -C --ipvs-dry-run -l -G -f "$W/k.conf" -p "$W/p.pid" -r "$W/r.pid" \
	-c "$W/c.pid" >"$W/log" 2>&1 &
vpid=$!
pids+=($vpid)
# wait (bounded) for the real server to be programmed; the assertions follow
for _ in $(seq 100); do grep -q 'IPVS dry-run: dest add' "$W/log" && break; sleep 0.1; done
check "dry run announced" grep -q 'IPVS: dry run (--ipvs-dry-run)' "$W/log"
check "service add logged" grep -q 'IPVS dry-run: service add tcp 10.99.0.1:80 wrr' "$W/log"
check "dest add logged" \
	grep -q "IPVS dry-run: dest add tcp 10.99.0.1:80 -> 127.0.0.1:$port masq w3" "$W/log"
check "no kernel error" bash -c "! grep -q 'Can.t initialize ipvs' '$W/log'"
kill -TERM "$vpid"
wait "$vpid"
rc=$?
check "stops cleanly (exit $rc)" test "$rc" -eq 0
order=$(grep -o 'IPVS dry-run: [a-z]* [a-z]*' "$W/log" | cut -d' ' -f3-4 | tr '\n' ',')
check "order: service add, dest add, service del ($order)" \
	test "$order" = "service add,dest add,service del,"
[ $fails -eq 0 ] || cat "$W/log"
exit $((fails > 0))
