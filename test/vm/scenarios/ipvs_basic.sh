#!/bin/sh
# ipvs_basic: ipvsadm can program IPVS in the guest. TCP, UDP, fwmark and IPv6 virtual
# services with NAT real servers; every scheduler module answers; -Sn | -R round-trips;
# deleting a real server and a service shows in -Sn. No traffic is sent.
set -eu

fail() {
	echo "FAIL: $*"
	exit 1
}
save() {
	ipvsadm -Sn >saved.txt
}
expect() {
	grep -qxF -- "$1" saved.txt || { cat saved.txt; fail "missing: $1"; }
}
absent() {
	! grep -qxF -- "$1" saved.txt || { cat saved.txt; fail "still there: $1"; }
}

ipvsadm -C
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 10.0.1.11:80 -m -w 1
ipvsadm -a -t 10.0.0.100:80 -r 10.0.1.12:80 -m -w 2
ipvsadm -A -u 10.0.0.100:53 -s wlc
ipvsadm -a -u 10.0.0.100:53 -r 10.0.1.11:53 -m
ipvsadm -A -f 1 -s wrr
ipvsadm -a -f 1 -r 10.0.1.13:0 -m -w 3
ipvsadm -A -t '[2001:db8::100]:80' -s sh
ipvsadm -a -t '[2001:db8::100]:80' -r '[2001:db8:1::11]:80' -m
ipvsadm -A -t 10.0.0.101:443 -s lc -p 300
ipvsadm -a -t 10.0.0.101:443 -r 10.0.1.11:443 -g
ipvsadm -a -t 10.0.0.101:443 -r 10.0.1.14:443 -i

echo "--- ipvsadm -Ln"
ipvsadm -Ln
save
echo "--- ipvsadm -Sn"
cat saved.txt

expect "-A -t 10.0.0.100:80 -s rr"
expect "-a -t 10.0.0.100:80 -r 10.0.1.11:80 -m -w 1"
expect "-a -t 10.0.0.100:80 -r 10.0.1.12:80 -m -w 2"
expect "-A -u 10.0.0.100:53 -s wlc"
expect "-a -u 10.0.0.100:53 -r 10.0.1.11:53 -m -w 1"
expect "-A -f 1 -s wrr"
expect "-a -f 1 -r 10.0.1.13:0 -m -w 3"
expect "-A -t [2001:db8::100]:80 -s sh"
expect "-a -t [2001:db8::100]:80 -r [2001:db8:1::11]:80 -m -w 1"
expect "-A -t 10.0.0.101:443 -s lc -p 300"
expect "-a -t 10.0.0.101:443 -r 10.0.1.11:443 -g -w 1"
expect "-a -t 10.0.0.101:443 -r 10.0.1.14:443 -i -w 1 --tun-type ipip"
[ "$(grep -c '^-A' saved.txt)" -eq 5 ] || fail "expected 5 services"
[ "$(grep -c '^-a' saved.txt)" -eq 7 ] || fail "expected 7 real servers"

# -Ln shows the NAT real servers as Masq.
ipvsadm -Ln -t 10.0.0.100:80 | grep -q '10.0.1.12:80 *Masq *2' || fail "-Ln: 10.0.1.12 not Masq weight 2"

# Save, clear, restore: the table comes back identical.
cp saved.txt before.txt
ipvsadm -C
save
[ ! -s saved.txt ] || fail "table not empty after -C"
ipvsadm -R <before.txt
save
cmp -s before.txt saved.txt || { diff before.txt saved.txt || true; fail "-R did not restore the table"; }

# Edit a real server and a service.
ipvsadm -e -t 10.0.0.100:80 -r 10.0.1.11:80 -m -w 5
ipvsadm -E -t 10.0.0.100:80 -s wrr
save
expect "-A -t 10.0.0.100:80 -s wrr"
expect "-a -t 10.0.0.100:80 -r 10.0.1.11:80 -m -w 5"

# Delete one real server, then one service.
ipvsadm -d -t 10.0.0.100:80 -r 10.0.1.12:80
save
echo "--- after deleting 10.0.1.12:80"
cat saved.txt
absent "-a -t 10.0.0.100:80 -r 10.0.1.12:80 -m -w 2"
expect "-a -t 10.0.0.100:80 -r 10.0.1.11:80 -m -w 5"
ipvsadm -D -u 10.0.0.100:53
save
absent "-A -u 10.0.0.100:53 -s wlc"
[ "$(grep -c '^-A' saved.txt)" -eq 4 ] || fail "expected 4 services after -D"

# Every scheduler module is there (twos only exists from Linux 6.2 on).
scheds="rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh"
[ -z "$(find "/lib/modules/$KVER" -name 'ip_vs_twos.ko*')" ] || scheds="$scheds twos"
for s in $scheds; do
	ipvsadm -A -t 10.0.2.1:80 -s "$s" || fail "scheduler $s"
	ipvsadm -Sn | grep -qxF -- "-A -t 10.0.2.1:80 -s $s" || fail "scheduler $s not listed"
	ipvsadm -D -t 10.0.2.1:80
done

# Connection timeouts.
ipvsadm --set 900 120 300
ipvsadm -L --timeout
ipvsadm -L --timeout | grep -q '(tcp tcpfin udp): 900 120 300' || fail "--set timeouts"

# The reference binaries run in the guest.
keepalived --version 2>&1 | head -n 1
"$IP" -V
ipvsadm -C
echo "ipvs_basic: ok"
