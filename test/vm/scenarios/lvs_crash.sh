#!/bin/sh
# lvs_crash: crashes of vigild -C leave the IPVS table alone and are followed by a
# reconcile by difference, never a flush. Director with two VIPs in NAT to real
# servers 10.0.1.11-13 (one busybox httpd each, in one namespace): 10.0.0.100:80
# with TCP_CHECK on every real server, 10.0.0.101:80 without checkers, which gets
# requests all along (none may fail). vigild runs with -D: every command it sends
# is logged ("IPVS: ..."), and each reconcile says "IPVS reconcile: N commands".
#  1. kill -9 of the checker child: the table is unchanged right away; the
#     respawned child adopts it with 0 commands; the counters of 10.0.0.100:80 and
#     its real servers (requests sent before) are unchanged.
#  2. kill -9 of the checker child, then one real server's httpd stops while no
#     child runs: the respawned child adopts the table (0 commands), and its
#     checker removes that server: exactly one command, its deletion.
#  3. kill -9 of the whole daemon (child and parent); meanwhile a stray real server
#     is added by hand to 10.0.0.100:80, a foreign service is added, and the config
#     changes one real server of 10.0.0.101:80. Started again, vigild sends exactly
#     the three commands of the difference (stray removed, old server removed, new
#     one added), no flush; the foreign service and the counters stay.
set -eu

[ "${VIGILD_AVAILABLE:-0}" = 1 ] || { echo "SKIP: no vigild in the guest"; exit 77; }
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
for n in 11 12 13 14; do
	nsx rs "$IP" addr add "10.0.1.$n/24" dev eth0
done
nsx rs "$IP" link set eth0 up
nsx rs "$IP" route add default via 10.0.1.1
mkdir -p www
echo rs >www/index.html
serve() { # serve N: httpd on 10.0.1.N:80 (ip netns exec execs it: $! is httpd's pid)
	"$IP" netns exec rs busybox httpd -f -p "10.0.1.$1:80" -h "$PWD/www" &
	eval "HTTPD_$1=\$!"
}
for n in 11 12 13 14; do serve "$n"; done

genconf() { # genconf RS_OF_101...: the real servers of 10.0.0.101:80
	cat <<'EOF'
virtual_server 10.0.0.100 80 {
	delay_loop 1
	lvs_sched rr
	lvs_method NAT
	protocol TCP
EOF
	for n in 11 12 13; do
		printf '\treal_server 10.0.1.%s 80 {\n\t\tTCP_CHECK {\n' "$n"
		printf '\t\t\tconnect_timeout 1\n\t\t\tretry 1\n\t\t\tdelay_before_retry 1\n'
		printf '\t\t}\n\t}\n'
	done
	printf '}\nvirtual_server 10.0.0.101 80 {\n\tlvs_sched rr\n\tlvs_method NAT\n\tprotocol TCP\n'
	for n in "$@"; do
		printf '\treal_server 10.0.1.%s 80 {\n\t}\n' "$n"
	done
	printf '}\n'
}
genconf 11 12 >lvs.conf

start() {
	"$VIGILD" -n -l -D -C -f "$PWD/lvs.conf" -p "$PWD/v.pid" -c "$PWD/vc.pid" \
		-r "$PWD/vv.pid" >>vigild.log 2>&1 &
	VG=$!
}
# wait_reconciles N [SECS]: until the log has N "IPVS reconcile" lines.
wait_reconciles() {
	i=0
	while [ "$(grep -c "IPVS reconcile: " vigild.log || true)" -lt "$1" ]; do
		i=$((i + 1))
		[ $i -lt $((${2:-30} * 10)) ] || { bad "no reconcile #$1 within ${2:-30} s"; return 1; }
		sleep 0.1
	done
}
nth_reconcile() { grep "IPVS reconcile: " vigild.log | sed -n "$1s/.*IPVS reconcile: //p"; }
# The commands logged after line $1 of the log.
cmds_after() { tail -n +$(($1 + 1)) vigild.log | grep "IPVS: " | sed 's/.*IPVS: //' || true; }
# settled_stats FILE: the counters of 10.0.0.100:80 once two reads 2.5 s apart agree
# (the kernel folds its per-CPU counters into what ipvsadm reads every 2 s).
settled_stats() {
	ipvsadm -Ln --stats -t 10.0.0.100:80 | grep -v 10.0.1.99 >"$1"
	i=0
	while [ $i -lt 10 ]; do
		sleep 2.5
		ipvsadm -Ln --stats -t 10.0.0.100:80 | grep -v 10.0.1.99 >"$1.next"
		cmp -s "$1" "$1.next" && return 0
		mv "$1.next" "$1"
		i=$((i + 1))
	done
}
same_stats() { # same_stats WHAT FILE
	settled_stats stats.now
	if cmp -s "$2" stats.now; then
		echo "  ok: $1: counters of 10.0.0.100:80 and its real servers unchanged"
	else
		bad "$1: counters of 10.0.0.100:80 changed"
		sed 's/^/  before: /' "$2"
		sed 's/^/  after:  /' stats.now
	fi
}
same_table() { # same_table WHAT: the table equals table.ref
	ipvsadm -Sn | sort >table.now
	if cmp -s table.ref table.now; then
		echo "  ok: $1: table unchanged"
	else
		bad "$1: the table changed"
		diff table.ref table.now | sed 's/^/  /' || true
	fi
}
# wait_child_respawned OLDPID: until vc.pid names another live process.
wait_child_respawned() {
	i=0
	while :; do
		p=$(cat vc.pid 2>/dev/null || true)
		[ -n "$p" ] && [ "$p" != "$1" ] && kill -0 "$p" 2>/dev/null && return 0
		i=$((i + 1))
		[ $i -lt 300 ] || { bad "the checker child was not respawned within 30 s"; return 1; }
		sleep 0.1
	done
}

ipvsadm -C
start
wait_reconciles 1
echo "start: $(nth_reconcile 1)"
[ "$(ipvsadm -Sn | wc -l)" = 7 ] || { bad "start: not 7 entries"; ipvsadm -Sn; }

# Background traffic through 10.0.0.101 for the whole scenario; errors are counted.
: >bg.errors
(
	while [ ! -e bg.stop ]; do
		r=$(nsx cl timeout 5 wget -q -O - http://10.0.0.101/ 2>/dev/null || echo error)
		[ "$r" = rs ] || echo "$r" >>bg.errors
		sleep 0.2
	done
) &
BG=$!
for n in 1 2 3 4 5 6; do
	r=$(nsx cl timeout 5 wget -q -O - http://10.0.0.100/ 2>/dev/null || echo error)
	[ "$r" = rs ] || bad "request $n through 10.0.0.100: '$r'"
done
settled_stats stats.ref
sed 's/^/  counters: /' stats.ref
ipvsadm -Sn | sort >table.ref

echo "1. kill -9 of the checker child"
old=$(cat vc.pid)
lines=$(wc -l <vigild.log)
kill -9 "$old"
same_table "right after the kill"
wait_child_respawned "$old" || true
wait_reconciles 2 || true
echo "  respawned child's first reconcile: $(nth_reconcile 2)"
[ "$(nth_reconcile 2)" = "0 commands" ] || bad "the respawned child sent commands"
cmds_after "$lines" | sed 's/^/  sent: /'
same_table "after the respawn"
same_stats "after the respawn" stats.ref

echo "2. kill -9 of the checker child; 10.0.1.13 goes down meanwhile"
old=$(cat vc.pid)
lines=$(wc -l <vigild.log)
kill -9 "$old"
kill "$HTTPD_13"
same_table "right after the kill"
wait_child_respawned "$old" || true
wait_reconciles 3 || true
echo "  respawned child's first reconcile: $(nth_reconcile 3)"
[ "$(nth_reconcile 3)" = "0 commands" ] || bad "the respawned child's first reconcile sent commands"
i=0
while ipvsadm -Sn | grep -q 10.0.1.13 && [ $i -lt 200 ]; do
	sleep 0.1
	i=$((i + 1))
done
sleep 1
cmds_after "$lines" >sent
sed 's/^/  sent: /' sent
[ "$(cat sent)" = "dest del tcp 10.0.0.100:80 -> 10.0.1.13:80" ] ||
	bad "want exactly one command, the deletion of 10.0.1.13"
ipvsadm -Sn | grep -q 10.0.1.13 && bad "10.0.1.13 is still in the table"
serve 13
wait_reconciles 5 || true
ipvsadm -Sn | grep -q 10.0.0.100:80.*10.0.1.13 || bad "10.0.1.13 did not come back"

echo "3. kill -9 of the whole daemon; changes meanwhile"
settled_stats stats.ref
ipvsadm -Sn | sort >table.ref
c=$(cat vc.pid)
p=$(cat v.pid)
lines=$(wc -l <vigild.log)
kill -9 "$c" "$p"
same_table "right after the kill"
wait "$VG" 2>/dev/null || true
ipvsadm -a -t 10.0.0.100:80 -r 10.0.1.99:80 -m -w 1
ipvsadm -A -t 10.9.9.9:80 -s rr
genconf 11 14 >lvs.conf
rm -f v.pid vc.pid vv.pid
start
wait_reconciles 6 || true
echo "  restarted daemon's first reconcile: $(nth_reconcile 6)"
cmds_after "$lines" | sort >sent
sed 's/^/  sent: /' sent
printf '%s\n' "dest add tcp 10.0.0.101:80 -> 10.0.1.14:80 masq w1" \
	"dest del tcp 10.0.0.100:80 -> 10.0.1.99:80" \
	"dest del tcp 10.0.0.101:80 -> 10.0.1.12:80" | sort >want
cmp -s want sent || { bad "want exactly these commands:"; sed 's/^/  want: /' want; }
tail -n +$((lines + 1)) vigild.log | grep -qi "flush" && bad "the restarted daemon flushed"
ipvsadm -Sn | grep -qxF -- "-A -t 10.9.9.9:80 -s rr" || bad "the foreign service is gone"
same_stats "after the restart" stats.ref

touch bg.stop
wait "$BG" 2>/dev/null || true
nerr=$(wc -l <bg.errors)
if [ "$nerr" = 0 ]; then
	echo "  ok: no request through 10.0.0.101 failed during the crashes"
else
	bad "$nerr requests through 10.0.0.101 failed"
fi
kill "$(cat v.pid)" 2>/dev/null || true
ipvsadm -D -t 10.9.9.9:80 || true
if [ "$fail" != 0 ]; then
	echo "  --- vigild's log"
	grep -v "IPVS: " vigild.log | tail -n 30 | sed 's/^/  /'
	exit 1
fi
echo "lvs_crash: ok"
