#!/bin/sh
# lb_vigil: load balancing end to end through vigild. The guest's root namespace is the
# director, programmed by vigild -C from a config with health checks; rs1 and rs2 are
# namespaces running busybox httpd (each serving its name) behind a bridge; cl is a
# client namespace routed through the director. Two virtual services share the real
# servers: 10.0.0.100:80 over NAT (client cl) and 10.0.0.200:80 over DR (client cl2 on
# the servers' segment, routing the VIP to the director; the real servers hold the VIP
# on lo with arp_ignore/arp_announce and answer cl2 directly). wrr 3:1: requests through each VIP reach both servers in about
# those proportions; rs1's httpd killed: rs1 leaves both services (HTTP_GET fails; the
# time it took is printed, not asserted) and gets no more requests; restarted: it comes
# back with its weight and receives requests again.
set -eu

[ "${VIGILD_AVAILABLE:-0}" = 1 ] || { echo "SKIP: no vigild in the guest"; exit 77; }

VG=""
fail() {
	echo "FAIL: $*"
	ipvsadm -Ln --stats | sed 's/^/  /'
	[ -z "$VG" ] || { echo "  --- vigild's log"; tail -n 30 vigild.log | sed 's/^/  /'; }
	exit 1
}
nsx() {
	ns=$1
	shift
	"$IP" netns exec "$ns" "$@"
}
uptime_ds() { # tenths of a second since boot
	awk '{ printf "%d", $1 * 10 }' /proc/uptime
}

echo 1 >/proc/sys/net/ipv4/ip_forward
echo 0 >/proc/sys/net/ipv4/conf/all/rp_filter
echo 0 >/proc/sys/net/ipv4/conf/default/rp_filter

# Client side: cl (10.0.0.2) -- veth -- director (10.0.0.1; VIPs 10.0.0.100, 10.0.0.200).
"$IP" netns add cl
"$IP" link add dcl type veth peer name eth0 netns cl
"$IP" addr add 10.0.0.1/24 dev dcl
"$IP" addr add 10.0.0.100/32 dev dcl
"$IP" addr add 10.0.0.200/32 dev dcl
"$IP" link set dcl up
nsx cl "$IP" link set lo up
nsx cl "$IP" addr add 10.0.0.2/24 dev eth0
nsx cl "$IP" link set eth0 up
nsx cl "$IP" route add default via 10.0.0.1

# Server side: one L2 segment, bridge br0 (10.0.1.1), rs1 (10.0.1.11), rs2 (10.0.1.12)
# and the DR client cl2 (10.0.1.2), which reaches the VIP through the director.
"$IP" link add br0 type bridge
"$IP" addr add 10.0.1.1/24 dev br0
"$IP" link set br0 up
"$IP" netns add cl2
"$IP" link add dcl2 type veth peer name eth0 netns cl2
"$IP" link set dcl2 master br0
"$IP" link set dcl2 up
nsx cl2 "$IP" link set lo up
nsx cl2 "$IP" addr add 10.0.1.2/24 dev eth0
nsx cl2 "$IP" link set eth0 up
nsx cl2 "$IP" route add 10.0.0.200/32 via 10.0.1.1
for n in 1 2; do
	"$IP" netns add "rs$n"
	"$IP" link add "drs$n" type veth peer name eth0 netns "rs$n"
	"$IP" link set "drs$n" master br0
	"$IP" link set "drs$n" up
	nsx "rs$n" "$IP" link set lo up
	nsx "rs$n" "$IP" addr add "10.0.1.1$n/24" dev eth0
	nsx "rs$n" "$IP" link set eth0 up
	nsx "rs$n" "$IP" route add default via 10.0.1.1
	# DR: the VIP on lo, never answered for in ARP nor used as an ARP source.
	nsx "rs$n" sh -c 'echo 1 >/proc/sys/net/ipv4/conf/all/arp_ignore
		echo 2 >/proc/sys/net/ipv4/conf/all/arp_announce
		echo 0 >/proc/sys/net/ipv4/conf/all/rp_filter'
	nsx "rs$n" "$IP" addr add 10.0.0.200/32 dev lo
	mkdir -p "www$n"
	echo "rs$n" >"www$n/index.html"
done
start_httpd() { # start_httpd N: sets HTTPD_N (ip netns exec execs httpd: same pid)
	"$IP" netns exec "rs$1" httpd -f -p 80 -h "$PWD/www$1" &
	eval "HTTPD_$1=\$!"
}
start_httpd 1
start_httpd 2
for n in 1 2; do
	i=0
	until [ "$(timeout 3 wget -q -O - "http://10.0.1.1$n/" 2>/dev/null)" = "rs$n" ]; do
		i=$((i + 1))
		[ $i -lt 50 ] || fail "rs$n does not answer"
		sleep 0.2
	done
done
echo "both real servers answer directly"

cat >lb.conf <<'CONF_EOF'
global_defs {
	router_id lb_vigil
}
virtual_server 10.0.0.100 80 {
	delay_loop 1
	lvs_sched wrr
	lvs_method NAT
	protocol TCP
	real_server 10.0.1.11 80 {
		weight 3
		HTTP_GET {
			url {
				path /index.html
				status_code 200
			}
			connect_timeout 1
			retry 1
			delay_before_retry 1
		}
	}
	real_server 10.0.1.12 80 {
		weight 1
		TCP_CHECK {
			connect_timeout 1
			retry 1
			delay_before_retry 1
		}
	}
}
virtual_server 10.0.0.200 80 {
	delay_loop 1
	lvs_sched wrr
	lvs_method DR
	protocol TCP
	real_server 10.0.1.11 80 {
		weight 3
		HTTP_GET {
			url {
				path /index.html
				status_code 200
			}
			connect_timeout 1
			retry 1
			delay_before_retry 1
		}
	}
	real_server 10.0.1.12 80 {
		weight 1
		TCP_CHECK {
			connect_timeout 1
			retry 1
			delay_before_retry 1
		}
	}
}
CONF_EOF

ipvsadm -C
"$VIGILD" -n -l -C -f "$PWD/lb.conf" -p "$PWD/v.pid" -c "$PWD/v_c.pid" -r "$PWD/v_v.pid" \
	>vigild.log 2>&1 &
VG=$!

# wait_table SECS PATTERN [absent]: until ipvsadm -Sn has (or lacks) the line.
wait_table() {
	i=0
	while [ $i -lt $(($1 * 4)) ]; do
		if [ "${3:-}" = absent ]; then
			ipvsadm -Sn | grep -qxF -- "$2" || return 0
		else
			ipvsadm -Sn | grep -qxF -- "$2" && return 0
		fi
		sleep 0.25
		i=$((i + 1))
	done
	return 1
}
NAT1="-a -t 10.0.0.100:80 -r 10.0.1.11:80 -m -w 3"
NAT2="-a -t 10.0.0.100:80 -r 10.0.1.12:80 -m -w 1"
DR1="-a -t 10.0.0.200:80 -r 10.0.1.11:80 -g -w 3"
DR2="-a -t 10.0.0.200:80 -r 10.0.1.12:80 -g -w 1"
for l in "$NAT1" "$NAT2" "$DR1" "$DR2"; do
	wait_table 15 "$l" || fail "vigild did not program: $l"
done
echo "vigild programmed the director:"
ipvsadm -Sn | sort | sed 's/^/  /'

# fetch VIP COUNT: COUNT requests from the VIP's client, each on its own connection,
# by one wget (forking a wget per request is slow under TCG); each answer is a line.
# Sets N1, N2 and NE (requests without an answer from rs1 or rs2).
fetch() {
	case $1 in 10.0.0.200) c=cl2 ;; *) c=cl ;; esac
	urls=$(i=0; while [ $i -lt "$2" ]; do echo "http://$1/"; i=$((i + 1)); done)
	# shellcheck disable=SC2086 # one URL per word
	nsx "$c" timeout 60 wget -q -O - $urls >answers.txt 2>/dev/null || true
	N1=$(grep -cx rs1 answers.txt || true)
	N2=$(grep -cx rs2 answers.txt || true)
	NE=$(($2 - N1 - N2))
}

# Weights 3:1 over 200 requests: 150 and 50 for wrr; the band only catches gross errors.
for v in 10.0.0.100:NAT 10.0.0.200:DR; do
	vip=${v%:*}
	fetch "$vip" 200
	echo "${v#*:} $vip, 200 requests: rs1=$N1 rs2=$N2 errors=$NE"
	[ "$NE" -le 4 ] || fail "${v#*:}: $NE requests failed"
	[ "$N1" -ge 120 ] && [ "$N1" -le 175 ] && [ "$N2" -ge 25 ] && [ "$N2" -le 80 ] ||
		fail "${v#*:}: rs1=$N1 rs2=$N2, want about 150 and 50"
done

# rs1 dies: HTTP_GET fails, rs1 leaves both services, every request goes to rs2.
t0=$(uptime_ds)
kill "$HTTPD_1"
wait "$HTTPD_1" 2>/dev/null || true
wait_table 20 "$NAT1" absent || fail "rs1 still in the NAT service 20 s after its httpd died"
wait_table 5 "$DR1" absent || fail "rs1 still in the DR service after its httpd died"
t1=$(uptime_ds)
echo "rs1 down: removed from both services after" \
	"$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 10 }') s" \
	"(delay_loop 1, connect_timeout 1, retry 1, delay_before_retry 1)"
ipvsadm -Sn | grep -qxF -- "$NAT2" || fail "rs2 left the NAT service too"
ipvsadm -Sn | grep -qxF -- "$DR2" || fail "rs2 left the DR service too"
for vip in 10.0.0.100 10.0.0.200; do
	fetch "$vip" 20
	echo "$vip with rs1 down, 20 requests: rs1=$N1 rs2=$N2 errors=$NE"
	[ "$N1" -eq 0 ] || fail "rs1 answered while down"
	[ "$N2" -ge 18 ] || fail "rs2 answered only $N2 of 20"
done

# rs1 recovers: back with weight 3 in both, and it answers again.
t0=$(uptime_ds)
start_httpd 1
wait_table 20 "$NAT1" || fail "rs1 not back in the NAT service 20 s after its httpd restarted"
wait_table 5 "$DR1" || fail "rs1 not back in the DR service"
t1=$(uptime_ds)
echo "rs1 up: back in both services after" \
	"$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 10 }') s"
for vip in 10.0.0.100 10.0.0.200; do
	fetch "$vip" 40
	echo "$vip after recovery, 40 requests: rs1=$N1 rs2=$N2 errors=$NE"
	[ "$N1" -ge 20 ] && [ "$N2" -ge 5 ] || fail "after recovery: rs1=$N1 rs2=$N2, want about 30 and 10"
done
ipvsadm -Ln --stats | sed 's/^/  /'

kill -TERM "$VG"
i=0
while kill -0 "$VG" 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -0 "$VG" 2>/dev/null && fail "vigild did not stop"
[ -z "$(ipvsadm -Sn)" ] || fail "vigild left entries behind"
echo "lb_vigil: ok"
