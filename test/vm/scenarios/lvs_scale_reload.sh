#!/bin/sh
# lvs_scale_reload: vigild -C with 2,000 virtual servers x 20 real servers (no
# checkers: every real server is up). Prints the time until the kernel holds the
# whole table. Then traffic goes through two of the VIPs (NAT to a real server
# namespace): a few HTTP requests to 10.0.0.100:80, and one long-lived TCP
# connection to 10.0.0.101:9000. A reload (SIGHUP) of the config with one real
# server's weight changed must send exactly one IPVS command (vigild's own count,
# "IPVS reconcile: N commands"), leave the counters of 10.0.0.100:80 and its real
# servers as they were (a delete and re-add would reset them) and keep the
# long-lived connection working. Last a SIGTERM: vigild must exit on its own within
# child_wait_time (5 s: the parent logs "killing it" and SIGKILLs a child that
# takes longer), having deleted its 2,000 services (the kernel drops the real
# servers with them; one summary line in the log), leaving an empty table; the
# time it took is printed. The size can be lowered with LVS_SCALE_VS and
# LVS_SCALE_RS (set at the top of the script; CI runs the full size).
set -eu

[ "${VIGILD_AVAILABLE:-0}" = 1 ] || { echo "SKIP: no vigild in the guest"; exit 77; }
NVS=${LVS_SCALE_VS:-2000}
NRS=${LVS_SCALE_RS:-20}
fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}
nsx() {
	ns=$1
	shift
	"$IP" netns exec "$ns" "$@"
}
now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# Director: cl (10.0.0.2) -- veth -- guest (10.0.0.1, VIPs .100 and .101); the real
# servers' NRS addresses 10.0.1.11... all live in one namespace rs behind dr.
echo 1 >/proc/sys/net/ipv4/ip_forward
"$IP" netns add cl
"$IP" link add dcl type veth peer name eth0 netns cl
"$IP" addr add 10.0.0.1/24 dev dcl
"$IP" addr add 10.0.0.100/32 dev dcl
"$IP" addr add 10.0.0.101/32 dev dcl
"$IP" link set dcl up
nsx cl "$IP" link set lo up
nsx cl "$IP" addr add 10.0.0.2/24 dev eth0
nsx cl "$IP" link set eth0 up
nsx cl "$IP" route add default via 10.0.0.1
"$IP" netns add rs
"$IP" link add dr type veth peer name eth0 netns rs
"$IP" addr add 10.0.1.1/24 dev dr
"$IP" link set dr up
nsx rs "$IP" link set lo up
i=0
while [ $i -lt "$NRS" ]; do
	nsx rs "$IP" addr add "10.0.1.$((11 + i))/24" dev eth0
	i=$((i + 1))
done
nsx rs "$IP" link set eth0 up
nsx rs "$IP" route add default via 10.0.1.1
mkdir -p www
echo rs >www/index.html
nsx rs busybox httpd -p 80 -h "$PWD/www"

# The config: VS 0 is 10.0.0.100:80, VS 1 10.0.0.101:9000, the others 10.1.X.Y:80;
# every VS has the NRS real servers (same port). W is the weight of the last real
# server of the last VS.
genconf() { # genconf W
	awk -v nvs="$NVS" -v nrs="$NRS" -v w="$1" 'BEGIN {
		for (v = 0; v < nvs; v++) {
			if (v == 0) { vip = "10.0.0.100"; port = 80 }
			else if (v == 1) { vip = "10.0.0.101"; port = 9000 }
			else { vip = sprintf("10.1.%d.%d", int(v / 250), v % 250 + 1); port = 80 }
			printf "virtual_server %s %d {\n\tlvs_sched rr\n\tlvs_method NAT\n\tprotocol TCP\n", vip, port
			for (r = 0; r < nrs; r++) {
				printf "\treal_server 10.0.1.%d %d {\n", 11 + r, port
				printf "\t\tweight %d\n\t}\n", (v == nvs - 1 && r == nrs - 1) ? w : 1
			}
			printf "}\n"
		}
	}'
}
genconf 1 >lvs.conf
last_vip=$(awk -v v=$((NVS - 1)) 'BEGIN { printf "10.1.%d.%d", int(v / 250), v % 250 + 1 }')
last_rs=10.0.1.$((10 + NRS))
echo "config: $NVS virtual servers x $NRS real servers, $(wc -l <lvs.conf) lines"

ipvsadm -C
t0=$(now)
"$VIGILD" -n -l -C -f lvs.conf -p "$PWD/v.pid" -c "$PWD/vc.pid" -r "$PWD/vv.pid" >vigild.log 2>&1 &
VG=$!
i=0
until grep -q "IPVS reconcile: " vigild.log; do
	i=$((i + 1))
	[ $i -lt 1200 ] || { bad "no first reconcile within 120 s"; tail -n 20 vigild.log; exit 1; }
	sleep 0.1
done
t_first=$(since "$t0")
want=$((NVS * (NRS + 1)))
have=$(ipvsadm -Sn | wc -l)
echo "time to a complete table: $t_first s ($(grep -m1 "IPVS reconcile: " vigild.log |
	sed 's/.*IPVS reconcile/reconcile/'); kernel: $have entries)"
[ "$have" = "$want" ] || bad "the kernel has $have services+destinations, want $want"
grep -m1 -q "IPVS reconcile: $want commands" vigild.log || bad "first reconcile: not $want commands"

# Traffic: requests through 10.0.0.100:80, and a long-lived connection to :9000.
for n in 1 2 3 4 5 6; do
	r=$(nsx cl timeout 5 wget -q -O - http://10.0.0.100/ 2>/dev/null || echo error)
	[ "$r" = rs ] || bad "request $n through 10.0.0.100: '$r'"
done
(nsx rs sh -c 'tail -f /dev/null | nc -l -p 9000 >srv.out') &
SRV=$!
sleep 0.5
: >cl.in
(nsx cl sh -c 'tail -f cl.in | nc 10.0.0.101 9000 >/dev/null') &
CLI=$!
echo before >>cl.in
i=0
until grep -q before srv.out 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 50 ] || { bad "the long-lived connection does not carry data"; break; }
	sleep 0.2
done
ipvsadm -Lnc | grep ":9000" | sed 's/^/  conn: /'
# The kernel folds its per-CPU counters into what ipvsadm reads every 2 s: wait
# until two reads 2.5 s apart agree.
settled_stats() { # settled_stats FILE
	ipvsadm -Ln --stats -t 10.0.0.100:80 >"$1"
	i=0
	while [ $i -lt 10 ]; do
		sleep 2.5
		ipvsadm -Ln --stats -t 10.0.0.100:80 >"$1.next"
		cmp -s "$1" "$1.next" && return 0
		mv "$1.next" "$1"
		i=$((i + 1))
	done
}
settled_stats stats.before
sed 's/^/  before: /' stats.before
nconn=$(awk '$1 == "TCP" { print $3 }' stats.before)
[ "${nconn:-0}" -ge 6 ] 2>/dev/null || bad "10.0.0.100:80 counted ${nconn:-no} connections, want 6"
ipvsadm -Sn | sort >table.before

# Reload with the weight of the last real server of the last VS changed.
genconf 7 >lvs.conf
t0=$(now)
kill -HUP "$VG"
i=0
until [ "$(grep -c "IPVS reconcile: " vigild.log)" -ge 2 ]; do
	i=$((i + 1))
	[ $i -lt 600 ] || { bad "no reconcile after the reload within 60 s"; break; }
	sleep 0.1
done
echo "reload: $(since "$t0") s until vigild's reconcile finished:" \
	"$(grep "IPVS reconcile: " vigild.log | sed -n '2s/.*IPVS reconcile/reconcile/p')"
grep "IPVS reconcile: " vigild.log | sed -n 2p | grep -q "IPVS reconcile: 1 commands$" ||
	bad "the reload did not send exactly one IPVS command"
ipvsadm -Sn | sort >table.after
# Lines of one table missing from the other (awk: busybox diff is unified only).
only_in() { awk 'NR == FNR { a[$0] = 1; next } !($0 in a)' "$2" "$1"; }
only_in table.before table.after | sed 's/^/  table: gone: /'
only_in table.after table.before | sed 's/^/  table: new:  /'
[ "$(only_in table.before table.after | wc -l)" = 1 ] &&
	[ "$(only_in table.after table.before | wc -l)" = 1 ] || bad "the table changed in more than one line"
grep -qxF -- "-a -t $last_vip:80 -r $last_rs:80 -m -w 7" table.after ||
	bad "the changed weight is not in the kernel"
settled_stats stats.after
if cmp -s stats.before stats.after; then
	echo "  ok: counters of 10.0.0.100:80 and its real servers unchanged"
else
	bad "counters of 10.0.0.100:80 changed"
	sed 's/^/  after: /' stats.after
fi
echo after >>cl.in
i=0
until grep -q after srv.out 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 50 ] || { bad "the long-lived connection does not survive the reload"; break; }
	sleep 0.2
done
grep -q after srv.out 2>/dev/null && echo "  ok: the long-lived connection still carries data after the reload"

kill "$CLI" "$SRV" 2>/dev/null || true
t0=$(now)
kill -TERM "$VG"
i=0
while kill -0 "$VG" 2>/dev/null && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
t_stop=$(since "$t0")
left=$(ipvsadm -Sn | wc -l)
echo "stop: $t_stop s until vigild exited (child_wait_time 5 s); entries left: $left"
grep -E "Removed [0-9]+ virtual services|stopping took|killing" vigild.log | sed 's/^/  log: /'
if kill -0 "$VG" 2>/dev/null; then
	bad "vigild still runs 60 s after SIGTERM"
	kill -KILL "$VG" 2>/dev/null || true
fi
grep -q "killing" vigild.log && bad "the parent had to kill a child at stop (child_wait_time exceeded)"
[ "$left" = 0 ] || bad "$left IPVS entries left after the stop"
grep -q "Removed $NVS virtual services ($((NVS * NRS)) real servers)" vigild.log ||
	bad "no 'Removed $NVS virtual services ($((NVS * NRS)) real servers)' line"
n=$(grep -c "Shutting down service" vigild.log || true)
[ "$n" = 0 ] || bad "$n 'Shutting down service' lines at stop (no omega: one summary line)"
if [ "$fail" != 0 ]; then
	echo "  --- vigild's log"
	tail -n 30 vigild.log | sed 's/^/  /'
	exit 1
fi
echo "lvs_scale_reload: ok"
