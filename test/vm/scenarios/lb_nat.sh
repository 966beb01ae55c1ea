#!/bin/sh
# lb_nat: real NAT load balancing in the guest. The guest's root namespace is the
# director (VIP 10.0.0.100 on the client side, 10.0.1.1 on a bridge to the real
# servers); rs1 and rs2 are namespaces running busybox httpd, each serving its name;
# cl is a client namespace. IPVS rr over NAT must spread wget requests to the VIP over
# both servers, and a server removed from the table must stop answering through it.
# All addresses live inside the guest, which has no network device.
set -eu

fail() {
	echo "FAIL: $*"
	exit 1
}
nsx() {
	ns=$1
	shift
	"$IP" netns exec "$ns" "$@"
}

echo 1 >/proc/sys/net/ipv4/ip_forward

# Client side: cl (10.0.0.2) -- veth -- director (10.0.0.1, VIP 10.0.0.100).
"$IP" netns add cl
"$IP" link add dcl type veth peer name eth0 netns cl
"$IP" addr add 10.0.0.1/24 dev dcl
"$IP" addr add 10.0.0.100/32 dev dcl
"$IP" link set dcl up
nsx cl "$IP" link set lo up
nsx cl "$IP" addr add 10.0.0.2/24 dev eth0
nsx cl "$IP" link set eth0 up
nsx cl "$IP" route add default via 10.0.0.1

# Server side: a bridge br0 (10.0.1.1) with rs1 (10.0.1.11) and rs2 (10.0.1.12).
"$IP" link add br0 type bridge
"$IP" addr add 10.0.1.1/24 dev br0
"$IP" link set br0 up
for n in 1 2; do
	"$IP" netns add "rs$n"
	"$IP" link add "drs$n" type veth peer name eth0 netns "rs$n"
	"$IP" link set "drs$n" master br0
	"$IP" link set "drs$n" up
	nsx "rs$n" "$IP" link set lo up
	nsx "rs$n" "$IP" addr add "10.0.1.1$n/24" dev eth0
	nsx "rs$n" "$IP" link set eth0 up
	nsx "rs$n" "$IP" route add default via 10.0.1.1
	mkdir -p "www$n"
	echo "rs$n" >"www$n/index.html"
	nsx "rs$n" busybox httpd -p 80 -h "$PWD/www$n"
done

# Busybox 1.35's wget crashes with -T: time it out with timeout instead.
# Wait for both servers, straight from the director.
for n in 1 2; do
	i=0
	until [ "$(timeout 3 wget -q -O - "http://10.0.1.1$n/" 2>/dev/null)" = "rs$n" ]; do
		i=$((i + 1))
		[ $i -lt 50 ] || fail "rs$n does not answer"
		sleep 0.2
	done
done
echo "both real servers answer directly"

ipvsadm -C
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 10.0.1.11:80 -m
ipvsadm -a -t 10.0.0.100:80 -r 10.0.1.12:80 -m
ipvsadm -Ln

fetch() { # $1 = count; prints one server name per line
	i=0
	while [ $i -lt "$1" ]; do
		nsx cl timeout 5 wget -q -O - http://10.0.0.100/ || echo "error"
		i=$((i + 1))
	done
}

fetch 6 >answers.txt
echo "--- answers through the VIP"
cat answers.txt
n1=$(grep -cx rs1 answers.txt || true)
n2=$(grep -cx rs2 answers.txt || true)
[ "$n1" -eq 3 ] || fail "rr: rs1=$n1"
[ "$n2" -eq 3 ] || fail "rr over 6 requests: rs1=$n1 rs2=$n2, want 3 and 3"
ipvsadm -Ln --stats

# Take rs2 out: every answer now comes from rs1.
ipvsadm -d -t 10.0.0.100:80 -r 10.0.1.12:80
fetch 4 >answers.txt
echo "--- answers after removing rs2"
cat answers.txt
[ "$(grep -cx rs1 answers.txt || true)" -eq 4 ] || fail "after removing rs2, not all answers from rs1"

# Weighted: wrr 3:1 over 8 requests gives 6 and 2.
ipvsadm -a -t 10.0.0.100:80 -r 10.0.1.12:80 -m -w 1
ipvsadm -e -t 10.0.0.100:80 -r 10.0.1.11:80 -m -w 3
ipvsadm -E -t 10.0.0.100:80 -s wrr
fetch 8 >answers.txt
n1=$(grep -cx rs1 answers.txt || true)
n2=$(grep -cx rs2 answers.txt || true)
echo "wrr 3:1 over 8 requests: rs1=$n1 rs2=$n2"
[ "$n1" -eq 6 ] || fail "wrr: rs1=$n1"
[ "$n2" -eq 2 ] || fail "wrr 3:1: rs1=$n1 rs2=$n2, want 6 and 2"

echo "lb_nat: ok"
