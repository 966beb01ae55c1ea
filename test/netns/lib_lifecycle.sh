#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers of the lifecycle_*.sh tests (sourced after lib.sh and
# lib_vrrp.sh): a two-instance keepalived.conf writer, vigild --reload for a
# node, a 10 ms VIP sampler over rtnetlink (python3, one dump per sample, no
# fork), an address monitor (ip monitor: every deletion is seen, whatever the
# sampling), and a text capture of ARP and VRRP on node 2's side of the
# link. Never run directly.

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	echo "SKIP: lib_lifecycle.sh is sourced by the lifecycle_*.sh tests"
	exit 77
fi

# lc_conf I PRIO ADVERT "VI_1 VIPs" "VI_2 VIPs" [EXTRA]: node I's config. VI_1
# is vrid 61, VI_2 vrid 62 ("-" leaves VI_2 out); EXTRA goes inside each
# instance. Every instance runs the notify and notify_stop scripts.
lc_conf() {
	local i=$1 prio=$2 adv=$3 v1=$4 v2=$5 extra=${6:-} name vrid vips v
	{
		printf 'global_defs {\n\trouter_id n%s\n\tscript_user root\n' "$i"
		printf '\tenable_script_security\n}\n'
		for name in VI_1 VI_2; do
			if [ "$name" = VI_1 ]; then vrid=61 vips=$v1; else vrid=62 vips=$v2; fi
			[ "$vips" = - ] && continue
			printf 'vrrp_instance %s {\n\tstate BACKUP\n\tinterface eth0\n' "$name"
			printf '\tvirtual_router_id %s\n\tpriority %s\n\tadvert_int %s\n' "$vrid" "$prio" "$adv"
			printf '\tvirtual_ipaddress {\n'
			for v in $vips; do printf '\t\t%s/24\n' "$v"; done
			printf '\t}\n\tnotify "%s n%s"\n' "$VT_DIR/notify.sh" "$i"
			printf '\tnotify_stop "%s n%s stop %s"\n' "$VT_DIR/notify.sh" "$i" "$name"
			[ -n "$extra" ] && printf '%s\n' "$extra"
			printf '}\n'
		done
	} >"$VT_DIR/n$i.conf"
}

# lc_reload I [ARGS...]: vigild --reload against node I's daemon; its exit
# code, output in $VT_DIR/reload.out.
lc_reload() {
	local d=$VT_DIR i=$1
	shift
	vt_in "$i" "$VIGILD" --reload -f "$d/n$i.conf" -p "$d/n$i.pid" -r "$d/n${i}_vrrp.pid" \
		-c "$d/n${i}_chk.pid" "$@" >"$d/reload.out" 2>&1
}

# The sampler: lc_sampler_start I ADDR... samples node I's IPv4 addresses
# every 10 ms; lc_sampler_stop prints "samples N missing M mean_ms X max_ms Y
# over20 Z" (missing: samples where one of the ADDRs was absent; the achieved
# interval between samples, mean, max and how many exceeded 20 ms).
LC_SAMPLER=""
lc_sampler_start() {
	local i=$1
	shift
	touch "$VT_DIR/lc_sampler.run"
	vt_in "$i" python3 -c "$LC_SAMPLER_PY" "$VT_DIR/lc_sampler.run" "$VT_DIR/lc_sampler.out" "$@" &
	LC_SAMPLER=$!
	VT_BG_PIDS+=($!)
	wait_for 5 test -e "$VT_DIR/lc_sampler.out.started"
}
lc_sampler_stop() {
	rm -f "$VT_DIR/lc_sampler.run"
	wait "$LC_SAMPLER" 2>/dev/null
	cat "$VT_DIR/lc_sampler.out"
}

# shellcheck disable=SC2016 # python source
LC_SAMPLER_PY='
import os, socket, struct, sys, time
run, out, want = sys.argv[1], sys.argv[2], [socket.inet_aton(a) for a in sys.argv[3:]]
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
s.bind((0, 0))
seq = 0
def addrs():
    global seq
    seq += 1
    s.send(struct.pack("=IHHII", 24, 22, 0x301, seq, 0) + struct.pack("=BBBBI", 2, 0, 0, 0, 0))
    got = set()
    while True:
        data, off = s.recv(1 << 16), 0
        while off < len(data):
            ln, typ = struct.unpack_from("=IH", data, off)
            if typ == 3:
                return got
            if typ == 2:
                sys.exit("netlink error")
            if typ == 20:
                a, end = off + 24, off + ln
                while a + 4 <= end:
                    alen, atype = struct.unpack_from("=HH", data, a)
                    if alen < 4:
                        break
                    if atype in (1, 2):
                        got.add(data[a + 4:a + alen])
                    a += (alen + 3) & ~3
            off += (ln + 3) & ~3
n = missing = 0
gaps = []
last = None
nxt = time.monotonic()
open(out + ".started", "w").close()
while os.path.exists(run):
    now = time.monotonic()
    if last is not None:
        gaps.append(now - last)
    last = now
    got = addrs()
    n += 1
    if any(w not in got for w in want):
        missing += 1
    nxt += 0.010
    time.sleep(max(0.0, nxt - time.monotonic()))
mean = sum(gaps) / len(gaps) * 1000 if gaps else 0
mx = max(gaps) * 1000 if gaps else 0
slow = sum(1 for g in gaps if g > 0.020)
with open(out, "w") as f:
    f.write("samples %d missing %d mean_ms %.1f max_ms %.1f over20 %d\n" % (n, missing, mean, mx, slow))
'

# lc_monitor_start I: every address change on node I, one line each, into $VT_DIR/n$I.mon.
lc_monitor_start() {
	vt_in "$1" ip -o -4 monitor address >"$VT_DIR/n$1.mon" 2>&1 &
	VT_BG_PIDS+=($!)
	sleep 0.2
}
# lc_deleted I SINCE: the addresses node I lost after line SINCE of its monitor log.
lc_deleted() {
	tail -n +$(($2 + 1)) "$VT_DIR/n$1.mon" | awk '$1 == "Deleted" { sub("/.*", "", $5); print $5 }' |
		sort -u | tr '\n' ' ' | sed 's/ $//'
}
lc_lines() { wc -l <"$1"; }

# lc_wire_start: ARP and VRRP as node 2 sees them on its eth0, with MACs, one line each.
lc_wire_start() {
	vt_in 2 tcpdump -n -l -e -i eth0 'arp or ip proto 112' >"$VT_DIR/wire.txt" 2>"$VT_DIR/wire.err" &
	VT_BG_PIDS+=($!)
	wait_for 5 grep -q "listening on" "$VT_DIR/wire.err"
}
# lc_garps MAC SINCE: the addresses MAC announced (gratuitous ARP) after line SINCE, with counts.
lc_garps() {
	tail -n +$(($2 + 1)) "$VT_DIR/wire.txt" | grep "^[0-9:.]* $1 > .*ARP" |
		sed -n 's/.*who-has \([0-9.]*\) .*tell \1,.*/\1/p; s/.*Reply \([0-9.]*\) is-at.*/\1/p' |
		sort | uniq -c | awk '{ printf "%s%s:%s", sep, $2, $1; sep = " " }'
}

# Traffic: lc_echo_start I runs a UDP echo on node I (port 7777, answers its
# own name); lc_traffic_start I ADDR sends a datagram to ADDR every 10 ms from
# node I; lc_traffic_stop prints "sent N" and "nJ:COUNT" per answering node.
lc_echo_start() {
	vt_in "$1" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 7777))
while True:
    d, a = s.recvfrom(64)
    s.sendto(sys.argv[1].encode(), a)' "n$1" &
	VT_BG_PIDS+=($!)
}
lc_traffic_start() {
	touch "$VT_DIR/lc_traffic.run"
	vt_in "$1" python3 -c '
import os, socket, sys, time
run, out, dst = sys.argv[1], sys.argv[2], sys.argv[3]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setblocking(False)
sent, got, nxt = 0, {}, time.monotonic()
while os.path.exists(run):
    s.sendto(b"x", (dst, 7777))
    sent += 1
    nxt += 0.010
    while True:
        try:
            d = s.recv(64).decode()
            got[d] = got.get(d, 0) + 1
        except BlockingIOError:
            break
    time.sleep(max(0.0, nxt - time.monotonic()))
with open(out, "w") as f:
    f.write(" ".join(["sent %d" % sent] + ["%s:%d" % kv for kv in sorted(got.items())]) + "\n")
' "$VT_DIR/lc_traffic.run" "$VT_DIR/lc_traffic.out" "$2" &
	LC_TRAFFIC=$!
	VT_BG_PIDS+=($!)
}
lc_traffic_stop() {
	rm -f "$VT_DIR/lc_traffic.run"
	wait "$LC_TRAFFIC" 2>/dev/null
	cat "$VT_DIR/lc_traffic.out"
}
