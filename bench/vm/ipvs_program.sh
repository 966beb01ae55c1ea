#!/bin/sh
# bench/vm/ipvs_program.sh: guest side of bench/ipvs.sh (run through
# test/vm/run.sh, busybox sh). Time from start to a complete IPVS table for
# SIZES (virtual x real servers, no checkers: every real server is up), vigild -C
# and keepalived -C alternating (the first one changes every round), ROUNDS
# rounds. Prints one "BENCH program SIZE DAEMON ROUND SECONDS" line per run;
# bench/ipvs.sh computes medians. Never fails on a time; exits 1 only when a
# daemon never completes the table. bench/ipvs.sh may rewrite the two lines below.
ROUNDS=3
SIZES="1000x10 5000x10"
set -eu

[ "${VIGILD_AVAILABLE:-0}" = 1 ] || { echo "SKIP: no vigild in the guest"; exit 77; }
# Both daemons log to syslog as in production: without a syslogd, keepalived's
# messages go to the (serial, slow) console instead (LOG_CONS) and it loses time.
syslogd -O "$PWD/syslog.log"
trap 'killall syslogd 2>/dev/null' EXIT
now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

genconf() { # genconf NVS NRS: one TCP VS per address 10.1.X.Y:80, NRS NAT real servers
	awk -v nvs="$1" -v nrs="$2" 'BEGIN {
		for (v = 0; v < nvs; v++) {
			printf "virtual_server 10.%d.%d.%d 80 {\n", 1 + int(v / 62500),
				int(v / 250) % 250, v % 250 + 1
			printf "\tlvs_sched rr\n\tlvs_method NAT\n\tprotocol TCP\n"
			for (r = 0; r < nrs; r++)
				printf "\treal_server 10.200.%d.%d 80 {\n\t\tweight 1\n\t}\n",
					int(r / 250), r % 250 + 1
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

echo "BENCH-INFO guest kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) cpu (TCG)," \
	"$(keepalived -v 2>&1 | head -n 1)"
rc=0
for size in $SIZES; do
	nvs=${size%x*}
	nrs=${size#*x}
	genconf "$nvs" "$nrs" >"lvs-$size.conf"
done
r=1
while [ $r -le "$ROUNDS" ]; do
	if [ $((r % 2)) = 1 ]; then order="vigil keepalived"; else order="keepalived vigil"; fi
	for size in $SIZES; do
		nvs=${size%x*}
		nrs=${size#*x}
		for d in $order; do
			stop_all
			newns "b$r-$size-$d"
			t0=$(now)
			start "$d" "$PWD/lvs-$size.conf"
			if wait_complete "$nvs" "$nrs" 300; then
				echo "BENCH program $size $d $r $(since "$t0")"
			else
				echo "BENCH-ERROR program $size $d $r: no complete table after 300 s" \
					"($(ipvs -Sn | wc -l) entries)"
				tail -n 5 daemon.log
				rc=1
			fi
		done
	done
	r=$((r + 1))
done
stop_all
exit $rc
