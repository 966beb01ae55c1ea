#!/bin/sh
# bench/vm/ipvs_reload.sh: guest side of bench/ipvs.sh (run through
# test/vm/run.sh, busybox sh). For the 40,000-real-server config (SIZES:
# 2,000 virtual x 20 real servers, no checkers), vigild -C and keepalived -C
# alternating, ROUNDS rounds: the time to a complete table, the RSS (VmRSS) of
# the parent and of the checker child, then a reload (SIGHUP) of the config with
# one real server's weight changed and the time until the new weight is in the
# kernel, and the RSS again. Prints "BENCH program|reload SIZE DAEMON ROUND
# SECONDS" and "BENCH rss|rss-reloaded SIZE DAEMON ROUND PARENT_KB CHILD_KB";
# bench/ipvs.sh computes medians. Never fails on a time. bench/ipvs.sh may
# rewrite the two lines below.
ROUNDS=3
SIZES="2000x20"
set -eu

[ "${VIGILD_AVAILABLE:-0}" = 1 ] || { echo "SKIP: no vigild in the guest"; exit 77; }
# Both daemons log to syslog as in production: without a syslogd, keepalived's
# messages go to the (serial, slow) console instead (LOG_CONS) and it loses time.
syslogd -O "$PWD/syslog.log"
trap 'killall syslogd 2>/dev/null' EXIT
now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# genconf NVS NRS [W]: one TCP VS per address 10.1.X.Y:80, NRS NAT real servers;
# W is the weight of the last real server of the last VS (1).
genconf() {
	awk -v nvs="$1" -v nrs="$2" -v w="${3:-1}" 'BEGIN {
		for (v = 0; v < nvs; v++) {
			printf "virtual_server 10.%d.%d.%d 80 {\n", 1 + int(v / 62500),
				int(v / 250) % 250, v % 250 + 1
			printf "\tlvs_sched rr\n\tlvs_method NAT\n\tprotocol TCP\n"
			for (r = 0; r < nrs; r++)
				printf "\treal_server 10.200.%d.%d 80 {\n\t\tweight %d\n\t}\n",
					int(r / 250), r % 250 + 1,
					(v == nvs - 1 && r == nrs - 1) ? w : 1
			printf "}\n"
		}
	}'
}
last_vip() { awk -v v="$(($1 - 1))" 'BEGIN { printf "10.%d.%d.%d", 1 + int(v / 62500), int(v / 250) % 250, v % 250 + 1 }'; }

# Each run gets a network namespace of its own, and with it an IPVS table of its own:
# the kernel keeps deleted destinations in a trash list for 2-3 minutes and walks
# it on every destination add, so after a flush of 50,000 entries the next run in
# the same namespace would be several times slower, whichever daemon it is.
NS=
newns() { # newns NAME
	NS=$1
	"$IP" netns add "$NS"
	"$IP" netns exec "$NS" "$IP" link set lo up
}
ipvs() { "$IP" netns exec "$NS" ipvsadm "$@"; }
start() { # start vigil|keepalived CONF: in $NS
	case $1 in
	vigil) "$IP" netns exec "$NS" "$VIGILD" -n -C -f "$2" -p "$PWD/v.pid" -c "$PWD/vc.pid" \
		-r "$PWD/vv.pid" >daemon.log 2>&1 & ;;
	keepalived) "$IP" netns exec "$NS" keepalived -n -C -f "$2" -p "$PWD/k.pid" \
		-c "$PWD/kc.pid" -r "$PWD/kv.pid" >daemon.log 2>&1 & ;;
	esac
}
stop_all() {
	killall -9 vigild keepalived 2>/dev/null || true
	i=0
	while pidof vigild keepalived >/dev/null 2>&1 && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	rm -f ./*.pid
	[ -z "$NS" ] || "$IP" netns delete "$NS"
	NS=
	sleep 1
}
# wait_complete NVS NRS LIMIT: until the last VS has NRS destinations and the
# table NVS*(NRS+1) entries; returns 1 after LIMIT s.
wait_complete() {
	lv=$(last_vip "$1")
	i=0
	while :; do
		n=$(ipvs -Ln -t "$lv:80" 2>/dev/null | grep -c '^  -> [0-9]' || true)
		if [ "$n" = "$2" ] && [ "$(ipvs -Sn | wc -l)" = $(($1 * ($2 + 1))) ]; then
			return 0
		fi
		i=$((i + 1))
		[ $i -lt $(($3 * 20)) ] || return 1
		sleep 0.05
	done
}

rss() { # rss PIDFILE: VmRSS in KiB
	awk '$1 == "VmRSS:" { print $2 }' "/proc/$(cat "$1")/status" 2>/dev/null || echo "?"
}
# wait_weight NVS NRS W LIMIT: until the last real server of the last VS has weight W.
wait_weight() {
	lv=$(last_vip "$1")
	lr=$(awk -v r="$(($2 - 1))" 'BEGIN { printf "10.200.%d.%d:80", int(r / 250), r % 250 + 1 }')
	i=0
	while ! ipvs -Ln -t "$lv:80" 2>/dev/null | grep -Eq -- "-> $lr +Masq +$3 "; do
		i=$((i + 1))
		[ $i -lt $(($4 * 20)) ] || return 1
		sleep 0.05
	done
}
pidfiles() { # pidfiles DAEMON: parent and checker pid files
	case $1 in
	vigil) echo "v.pid vc.pid" ;;
	keepalived) echo "k.pid kc.pid" ;;
	esac
}

echo "BENCH-INFO guest kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) cpu (TCG)," \
	"$(keepalived -v 2>&1 | head -n 1)"
rc=0
r=1
while [ $r -le "$ROUNDS" ]; do
	if [ $((r % 2)) = 1 ]; then order="vigil keepalived"; else order="keepalived vigil"; fi
	for size in $SIZES; do
		nvs=${size%x*}
		nrs=${size#*x}
		for d in $order; do
			stop_all
			newns "r$r-$size-$d"
			genconf "$nvs" "$nrs" 1 >lvs.conf
			t0=$(now)
			start "$d" "$PWD/lvs.conf"
			if ! wait_complete "$nvs" "$nrs" 300; then
				echo "BENCH-ERROR program $size $d $r: no complete table after 300 s"
				rc=1
				continue
			fi
			echo "BENCH program $size $d $r $(since "$t0")"
			sleep 2
			set -- $(pidfiles "$d")
			echo "BENCH rss $size $d $r $(rss "$1") $(rss "$2")"
			genconf "$nvs" "$nrs" 7 >lvs.conf
			t0=$(now)
			kill -HUP "$(cat "$1")"
			if wait_weight "$nvs" "$nrs" 7 300; then
				echo "BENCH reload $size $d $r $(since "$t0")"
			else
				echo "BENCH-ERROR reload $size $d $r: the new weight is not in the kernel after 300 s"
				rc=1
			fi
			sleep 2
			echo "BENCH rss-reloaded $size $d $r $(rss "$1") $(rss "$2")"
			[ "$(ipvs -Sn | wc -l)" = $((nvs * (nrs + 1))) ] ||
				echo "BENCH-ERROR reload $size $d $r: $(ipvs -Sn | wc -l) entries after the reload"
			[ "$d" = keepalived ] ||
				grep "IPVS reconcile" syslog.log | tail -n 1 | sed "s/^/BENCH-INFO $d: /"
		done
	done
	r=$((r + 1))
done
stop_all
exit $rc
