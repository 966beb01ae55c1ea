#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vrrp_strict / no_accept (RFC 5798 Accept_Mode False): two vigil nodes (v3,
# IPv4) and a client namespace on a bridge. With vrrp_strict the master drops
# ICMP echo and TCP to the VIP (its own address still answers) through table
# inet vigil, which holds the VIP only while the node is MASTER: the backup has
# none, the table follows a failover, leaves the node that becomes backup, and
# is gone after SIGTERM. With `accept`, and for the address owner (priority
# 255), the VIP answers and no table is installed. A stale table is replaced
# at start; without an nft program the daemon warns once and runs on.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
require_root
command -v nft >/dev/null || skip "nft not installed (test/install-deps.sh: nftables)"
PY=$(command -v python3) || skip "python3 not installed"
vt_topology st 3 # nodes 1 and 2 run vigil, node 3 is the client
PORT=8080

# probe KIND ADDR: from the client, exit 0 when ADDR answers an ICMP echo
# (KIND icmp) or accepts a TCP connection on $PORT (KIND tcp) within 1 s.
cat >"$VT_DIR/probe.py" <<'PY'
import socket, struct, sys, time
kind, addr = sys.argv[1], sys.argv[2]
if kind == "tcp":
    s = socket.socket()
    s.settimeout(1.0)
    try:
        s.connect((addr, int(sys.argv[3])))
    except OSError:
        sys.exit(1)
    sys.exit(0)
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
ident = 0x5647
def csum(b):
    if len(b) % 2:
        b += b"\0"
    t = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    t = (t >> 16) + (t & 0xffff)
    t += t >> 16
    return ~t & 0xffff
body = b"vigil-strict"
hdr = struct.pack("!BBHHH", 8, 0, 0, ident, 1)
s.sendto(struct.pack("!BBHHH", 8, 0, csum(hdr + body), ident, 1) + body, (addr, 0))
end = time.time() + 1.0
while time.time() < end:
    s.settimeout(max(0.01, end - time.time()))
    try:
        pkt, src = s.recvfrom(2048)
    except socket.timeout:
        break
    ihl = (pkt[0] & 15) * 4
    t, _, _, i, _ = struct.unpack("!BBHHH", pkt[ihl:ihl + 8])
    if src[0] == addr and t == 0 and i == ident:
        sys.exit(0)
sys.exit(1)
PY
# A TCP listener on $PORT (all addresses) in each vigil node.
cat >"$VT_DIR/listen.py" <<'PY'
import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 8080))
s.listen(16)
while True:
    c, _ = s.accept()
    c.close()
PY
for i in 1 2; do vt_bg vt_in "$i" "$PY" "$VT_DIR/listen.py"; done

reach() { vt_in 3 "$PY" "$VT_DIR/probe.py" "$@"; }
unreach() { ! reach "$@"; }
# fw_has I ADDR: node I's table inet vigil lists ADDR; fw_none I: node I has no such table.
fw_has() { vt_in "$1" nft list table inet vigil 2>/dev/null | grep -qw -- "$2"; }
fw_none() { ! vt_in "$1" nft list table inet vigil >/dev/null 2>&1; }
EVIP=10.77.0.101
STRICT='global=	vrrp_strict'
EXCL="	virtual_ipaddress_excluded {
		$EVIP/24
	}"
common=(version=3 auth=none advert=0.5 "extra=$EXCL")

# --- 1. vrrp_strict without accept: the master drops traffic to its VIPs
vt_conf 1 prio=150 "$STRICT" "${common[@]}"
vt_conf 2 prio=100 "$STRICT" "${common[@]}"
vt_start 1
vt_start 2
check "strict: node 1 (150) takes the VIP" wait_for 10 has_vip 1
check "strict: node 1's table inet vigil holds the VIP" wait_for 5 fw_has 1 "$VT_VIP4"
check "strict: ... and the excluded VIP" fw_has 1 "$EVIP"
check "strict: the client reaches node 1's own address (ICMP)" reach icmp "$(vt_ip4 1)"
check "strict: the client reaches node 1's own address (TCP)" reach tcp "$(vt_ip4 1)" $PORT
check "strict: ICMP echo to the VIP is dropped" unreach icmp "$VT_VIP4"
check "strict: TCP to the VIP is dropped" unreach tcp "$VT_VIP4" $PORT
check "strict: TCP to the excluded VIP is dropped" unreach tcp "$EVIP" $PORT
check "strict: the backup (node 2) has no table" fw_none 2
check "strict: node 1 logged the drop rule" vt_logged 1 "(VI_1) setting firewall drop rule"

# --- 2. failover: the rules follow mastership and leave with the daemon
vt_stop 1
check "strict failover: node 2 takes the VIP" wait_for 10 has_vip 2
check "strict failover: node 2's table holds the VIP" wait_for 5 fw_has 2 "$VT_VIP4"
check "strict failover: node 1's table is gone after SIGTERM" fw_none 1
check "strict failover: ICMP echo to the VIP is dropped by node 2" unreach icmp "$VT_VIP4"
check "strict failover: TCP to the VIP is dropped by node 2" unreach tcp "$VT_VIP4" $PORT
# node 1 comes back and preempts: node 2 becomes backup and removes its rules
vt_mark 2
vt_start 1
check "strict preempt: node 1 takes the VIP back" wait_for 10 has_vip 1
check "strict preempt: node 2 releases the VIP" wait_for 10 no_vip 2
check "strict preempt: node 2 (backup again) removes its table" wait_for 5 fw_none 2
check "strict preempt: node 2 logged the removal" vt_logged 2 "removing firewall drop rule"
check "strict preempt: node 1's table holds the VIP" wait_for 5 fw_has 1 "$VT_VIP4"
check "strict preempt: TCP to the VIP is dropped" unreach tcp "$VT_VIP4" $PORT
vt_stop_all
check "strict: node 1 never saw nft fail" bash -c "! grep -q 'nft failed' '$(vt_log 1)'"
check "strict: node 2 never saw nft fail" bash -c "! grep -q 'nft failed' '$(vt_log 2)'"
check "strict stop: no table left on node 1" fw_none 1
check "strict stop: no table left on node 2" fw_none 2

# --- 3. vrrp_strict with accept: the VIP answers, no table
vt_conf 1 prio=150 "$STRICT" version=3 auth=none advert=0.5 "extra=$EXCL
	accept"
vt_start 1
check "accept: node 1 takes the VIP" wait_for 10 has_vip 1
check "accept: ICMP echo to the VIP answers" wait_for 5 reach icmp "$VT_VIP4"
check "accept: TCP to the VIP answers" reach tcp "$VT_VIP4" $PORT
check "accept: no table" fw_none 1
vt_stop_all

# --- 4. the address owner (priority 255) always accepts
vt_conf 1 prio=255 state=MASTER "$STRICT" "${common[@]}"
vt_start 1
check "owner: node 1 (255) takes the VIP" wait_for 10 has_vip 1
check "owner: ICMP echo to the VIP answers" wait_for 5 reach icmp "$VT_VIP4"
check "owner: TCP to the VIP answers" reach tcp "$VT_VIP4" $PORT
check "owner: no table" fw_none 1
vt_stop_all

# --- 5. a table left behind by a killed predecessor is replaced at start
vt_conf 1 prio=150 "$STRICT" "${common[@]}"
vt_in 1 nft "add table inet vigil; add set inet vigil vips4 { type ipv4_addr; elements = { 10.77.0.222 } }"
vt_start 1
check "restart: node 1 takes the VIP" wait_for 10 has_vip 1
check "restart: the table holds the VIP" wait_for 5 fw_has 1 "$VT_VIP4"
check "restart: the stale address is gone" bash -c "! ip netns exec $(vt_ns 1) nft list table inet vigil | grep -qw 10.77.0.222"
vt_stop_all
check "restart: no table after stop" fw_none 1

# --- 6. without nft: one warning, VRRP runs on (the VIP is then reachable)
# nft is hidden by a bind mount in a private mount namespace of node 1 only.
vt_conf 1 prio=150 "$STRICT" "${common[@]}"
d=$VT_DIR
vt_in 1 unshare -m --propagation private sh -c 'mount --bind /dev/null "$1" && shift && exec "$@"' \
	sh "$(command -v nft)" "$VIGILD" -n -D -G -g "$d/n1.log" -f "$d/n1.conf" -P \
	-p "$d/n1.pid" -r "$d/n1_vrrp.pid" -c "$d/n1_chk.pid" >>"$d/n1.out" 2>&1 &
wait_for 5 test -s "$d/n1_vrrp.pid"
vt_mark 1
check "no nft: node 1 takes the VIP" wait_for 10 has_vip 1
check "no nft: the VIP answers (nothing can drop)" wait_for 5 reach icmp "$VT_VIP4"
check "no nft: no table" fw_none 1
check_eq "no nft: one warning" "$(grep -c 'no_accept: cannot run nft' "$(vt_log 1)")" 1
vt_stop 1
check "no nft: the daemon stops cleanly" test ! -e "$d/n1.pid"
finish
