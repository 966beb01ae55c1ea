#!/bin/sh
# nl_ipvs: lib/nl/nl_ipvs against a real kernel, through test/vm/nl_ipvs_probe (shipped
# with VM_EXTRA_BINS=<builddir>/test/vm/nl_ipvs_probe; SKIP without it). Checks each step
# with ipvsadm -Sn: open loads ip_vs itself when it is missing; services of each kind
# (TCP, UDP, SCTP, fwmark, IPv6, persistence, flags) with NAT, DR and TUN (ipip, gue,
# gre, mixed family) real servers; edits, deletes and a batch with mixed answers; a
# batch of 1,000 real servers; dumps; timeouts set and restored; the sync daemon; flush.
set -eu

command -v nl_ipvs_probe >/dev/null || {
	echo "SKIP: nl_ipvs_probe is not in the image (VM_EXTRA_BINS=.../test/vm/nl_ipvs_probe)"
	exit 77
}

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
probe() {
	echo "--- nl_ipvs_probe $*"
	nl_ipvs_probe "$@" >probe.txt 2>&1 || { cat probe.txt; fail "nl_ipvs_probe $*"; }
	cat probe.txt
}
ipvs_modules() {
	sed -n 's/^\(ip_vs[a-z_]*\) .*/\1/p' /proc/modules
}

# 1. Unload IPVS; opening must load it again (modprobe ip_vs), then put back the
# modules the guest had, for the scenarios that follow.
for _ in 1 2 3 4; do
	for m in $(ipvs_modules); do rmmod "$m" 2>/dev/null || true; done
done
if grep -q '^ip_vs ' /proc/modules; then
	echo "note: ip_vs cannot be unloaded here: the modprobe path is not exercised"
else
	echo "ip_vs unloaded"
fi
probe info
grep -q '^ip_vs ' /proc/modules || fail "ip_vs not loaded after open"
while read -r m; do
	case $m in */ip_vs*) insmod "/lib/modules/$KVER/$m" 2>/dev/null || true ;; esac
done </etc/vm-modules
echo "modules: $(ipvs_modules | tr '\n' ' ')"

# 2. A table of every kind.
probe program
save
echo "--- ipvsadm -Sn"
cat saved.txt
expect "-A -t 10.0.0.100:80 -s rr"
expect "-a -t 10.0.0.100:80 -r 192.168.1.1:80 -m -w 1"
expect "-a -t 10.0.0.100:80 -r 192.168.1.2:8080 -m -w 2"
expect "-A -u 10.0.0.100:53 -s wlc"
expect "-a -u 10.0.0.100:53 -r 192.168.1.1:53 -g -w 1"
expect "-A --sctp-service 10.0.0.100:3868 -s sh -b sh-port"
expect "-a --sctp-service 10.0.0.100:3868 -r 192.168.1.3:3868 -i -w 1 --tun-type ipip"
expect "-A -f 1 -s wrr"
expect "-a -f 1 -r 192.168.1.4:0 -g -w 3"
expect "-A -t [2001:db8::100]:443 -s lc -p 300 -M 64"
expect "-a -t [2001:db8::100]:443 -r [2001:db8:1::11]:443 -m -w 1"
expect "-a -t [2001:db8::100]:443 -r [2001:db8:1::12]:443 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum"
expect "-A -f 2 -6 -s rr"
expect "-a -f 2 -6 -r [2001:db8:1::13]:0 -g -w 1"
expect "-A -t 10.0.0.101:443 -s rr -p 600 -M 255.255.255.0 -o"
expect "-a -t 10.0.0.101:443 -r 192.168.2.1:443 -m -w 1"
expect "-A -t 10.0.0.102:80 -s rr"
expect "-a -t 10.0.0.102:80 -r [2001:db8:2::5]:80 -i -w 1 --tun-type gre --tun-nocsum"
[ "$(grep -c '^-A' saved.txt)" -eq 8 ] || fail "expected 8 services"
[ "$(grep -c '^-a' saved.txt)" -eq 10 ] || fail "expected 10 real servers"
# -Sn leaves the thresholds out: -Ln --thresholds shows them.
thresholds() {
	ipvsadm -Ln --thresholds -t 10.0.0.100:80 | awk '$2 == "192.168.1.2:8080" { print $3, $4 }'
}
ipvsadm -Ln --thresholds -t 10.0.0.100:80
[ "$(thresholds)" = "100 10" ] || fail "thresholds of 192.168.1.2:8080: $(thresholds)"

# The dump decodes what the kernel holds into the transcript form.
probe dump
for l in "service add tcp 10.0.0.100:80 rr" \
	"dest add tcp 10.0.0.100:80 -> 192.168.1.2:8080 masq w2 u100 l10" \
	"service add sctp 10.0.0.100:3868 sh flag-2" \
	"service add fwmark 2 inet6 rr" \
	"dest add fwmark 2 inet6 -> [2001:db8:1::13]:0 dr w1" \
	"service add tcp [2001:db8::100]:443 lc persistent 300 netmask /64" \
	"dest add tcp [2001:db8::100]:443 -> [2001:db8:1::12]:443 tun w1 gue:6080 csum" \
	"service add tcp 10.0.0.101:443 rr persistent 600 netmask /24 ops" \
	"dest add tcp 10.0.0.102:80 -> [2001:db8:2::5]:80 tun w1 gre"; do
	grep -qxF -- "dump: $l" probe.txt || fail "dump lacks: $l"
done

# 3. Edits, deletes, and one batch where some operations fail: each gets its answer.
probe edit
save
echo "--- ipvsadm -Sn"
cat saved.txt
expect "-A -t 10.0.0.100:80 -s wrr"
expect "-a -t 10.0.0.100:80 -r 192.168.1.1:80 -m -w 5"
expect "-a -t 10.0.0.100:80 -r 192.168.1.2:8080 -m -w 2"
[ "$(thresholds)" = "200 0" ] || fail "thresholds of 192.168.1.2:8080 after edit: $(thresholds)"
absent "-a -u 10.0.0.100:53 -r 192.168.1.1:53 -g -w 1"
expect "-A -u 10.0.0.100:53 -s wlc"
absent "-A --sctp-service 10.0.0.100:3868 -s sh -b sh-port"
absent "-A -t 10.0.0.103:80 -s nosuch"
expect "-A -t 10.0.0.104:80 -s rr"
expect "-a -t 10.0.0.104:80 -r 192.168.1.5:80 -m -w 1"

# 4. 1,000 real servers in one batch, then removed in one batch.
probe batch 1000
n=$(ipvsadm -Sn | grep -c '^-a -t 10.0.1.1:80 -r 10.200.' || true)
[ "$n" -eq 1000 ] || fail "ipvsadm lists $n real servers of 10.0.1.1:80, not 1000"
probe unbatch 1000
n=$(ipvsadm -Sn | grep -c '10.0.1.1:80' || true)
[ "$n" -eq 0 ] || fail "10.0.1.1:80 still listed $n times"

# 5. Timeouts: set, seen by ipvsadm, restored.
before=$(ipvsadm -L --timeout)
probe timeouts "ipvsadm -L --timeout"
grep -q '(tcp tcpfin udp): 7200 120 60' probe.txt || fail "ipvsadm did not see the timeouts"
after=$(ipvsadm -L --timeout)
[ "$before" = "$after" ] || fail "timeouts not restored: $after"

# 6. Flush.
probe flush
save
[ ! -s saved.txt ] || { cat saved.txt; fail "table not empty after flush"; }

# 7. Sync daemons (after the flush: mixed-family real servers forbid them).
"$IP" link add sync0 type veth peer name sync1
"$IP" link set sync0 up
"$IP" link set sync1 up
probe daemon sync0 "ipvsadm -Ln --daemon"
grep -q '^master sync daemon (mcast=sync0, syncid=7' probe.txt || fail "no master daemon"
grep -q '^backup sync daemon (mcast=sync0, syncid=7, maxlen=1400, group=224.0.0.82, port=8849, ttl=2)' \
	probe.txt || fail "no backup daemon with its settings"
[ -z "$(ipvsadm -Ln --daemon)" ] || fail "daemons still running"
echo "nl_ipvs: ok"
