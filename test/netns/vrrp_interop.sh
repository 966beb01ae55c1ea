#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Interop with Debian's keepalived 2.2.7 in the same VRRP group on a bridge,
# for v2 PASS, v2 AH, v3 IPv4 and v3 IPv6, each with vigil as the master
# (priority 150) over a keepalived backup (100) and the reverse. In each
# case: the right node wins; a partitioned master is replaced within
# Master_Down_Interval; the partition heals to the higher priority (AH: three
# times, so sequence numbers survive repeated failovers both ways); SIGTERM
# hands over within Skew_Time; a sampler sees no two VIP holders on the
# segment; neither side drops or complains about the other's adverts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
require_root
command -v keepalived >/dev/null || skip "keepalived not installed (test/install-deps.sh)"
vt_topology io 2

# Lines keepalived logs about an advert it did not like.
KA_COMPLAINTS='invalid|bad |mismatch|not present|wrong|unknown|malformed|checksum|discard'

# Those lines of keepalived's log FILE; a restarted higher priority that
# preempts rightly logs "received lower priority ... - discarding".
ka_complaints() { grep -iE "$KA_COMPLAINTS" "$1" | grep -v "received lower priority"; }
export -f ka_complaints
export KA_COMPLAINTS

# scenario PROTO MASTER_IMPL: node 1 runs MASTER_IMPL at priority 150, node 2 the other at 100.
scenario() {
	local proto=$1 impl1=$2 impl2 version auth family advert adv_ms mdi skew ms label
	[ "$impl1" = vigil ] && impl2=keepalived || impl2=vigil
	case $proto in
	v2-pass) version=2 auth=pass family=4 advert=1 adv_ms=1000 ;;
	v2-ah) version=2 auth=ah family=4 advert=1 adv_ms=1000 ;;
	v3-ipv4) version=3 auth=none family=4 advert=0.5 adv_ms=500 ;;
	v3-ipv6) version=3 auth=none family=6 advert=0.5 adv_ms=500 ;;
	esac
	label="$proto $impl1 master/$impl2 backup"
	mdi=$(vt_mdi_ms "$version" $adv_ms 100)
	skew=$(vt_skew_ms "$version" $adv_ms 100)
	local c=("version=$version" "auth=$auth" "family=$family" "advert=$advert")
	vt_conf 1 impl="$impl1" prio=150 "${c[@]}"
	vt_conf 2 impl="$impl2" prio=100 "${c[@]}"
	rm -f "$(vt_log 1)" "$(vt_log 2)" "$VT_DIR"/n?.log
	vt_start 1
	vt_start 2
	if ! wait_for 10 has_vip 1; then
		not_ok "$label: $impl1 (150) becomes master"
		vt_stop_all
		return
	fi
	ok "$label: $impl1 (150) becomes master"
	vt_sampler_start
	sleep 1.5
	check "$label: $impl2 (100) is backup" vt_logged 2 "(VI_1) Entering BACKUP STATE"
	check "$label: $impl2 never was master" vt_not_logged 2 "Entering MASTER STATE"

	# Failover: the master is partitioned off; the backup takes over within MDI.
	# Healing: the partition ends, both are master; the lower priority yields.
	# AH: three rounds, so each side's sequence numbers go on across repeated
	# failovers in both directions (a backup keeps counting from the master's
	# numbers; the higher counter wins the healing).
	local round rounds=1
	[ "$auth" = ah ] && rounds=3
	for ((round = 1; round <= rounds; round++)); do
		failover_round
	done
	# Handover: SIGTERM of the master (priority 0); the backup takes over after Skew_Time.
	kill -TERM "$(vt_pid 1)"
	ms=$(vt_wait_vip 5 2)
	echo "# figure: $label: SIGTERM handover $impl1 -> $impl2 in $ms ms (Skew_Time $skew ms)"
	check "$label: SIGTERM handover within Skew_Time + 500 ms ($ms ms)" \
		test "$ms" -ge 0 -a "$ms" -le $((skew + 500))
	check "$label: $impl1 exits and leaves no VIP" wait_for 10 test ! -e "$VT_DIR/n1.pid"
	if [ "$auth" = ah ]; then
		# AH: the restarted node 1 starts its counter at 0, learns $impl2's numbers
		# as backup and preempts above them: $impl2 must accept its adverts.
		vt_start 1
		check "$label: restarted $impl1 preempts $impl2 (AH numbers continue)" \
			wait_for 15 has_vip 1
		check "$label: $impl2 releases the VIP to the restarted $impl1" wait_for 5 no_vip 2
		check "$label: no AH advert was taken for a replay" bash -c \
			"! grep -hE 'already processed|dropped an advert: ah_replay' $VT_DIR/n?.klog $VT_DIR/n?_vrrp.log 2>/dev/null"
		kill -TERM "$(vt_pid 1)"
		wait_for 10 test ! -e "$VT_DIR/n1.pid"
		wait_for 5 has_vip 2
	fi
	sleep 0.5
	vt_sampler_check "$label" $((mdi + 500))
	vt_stop_all
	local i
	for i in 1 2; do
		if [ "${VT_IMPL[$i]}" = vigil ]; then
			check "$label: vigil dropped no advert from keepalived" \
				vt_not_logged "$i" "dropped an advert"
		else
			check "$label: keepalived accepted vigil's adverts" \
				bash -c "! ka_complaints '$(vt_log "$i")' | grep -q ."
			ka_complaints "$(vt_log "$i")" | head -3 | sed 's/^/#   keepalived: /'
		fi
	done
	check_eq "$label: no VIP left" "$(vt_holders)" ""
}

# One partition of node 1 and its healing (uses scenario's locals).
failover_round() {
	local r=""
	[ "$rounds" -gt 1 ] && r=" (round $round)"
	vt_sample_set 2
	vt_isolate 1
	ms=$(vt_wait_vip 10 2)
	echo "# figure: $label$r: partitioned master -> $impl2 master in $ms ms (Master_Down_Interval $mdi ms)"
	check "$label$r: $impl2 takes over within Master_Down_Interval + 500 ms ($ms ms)" \
		test "$ms" -ge 0 -a "$ms" -le $((mdi + 500))
	vt_rejoin 1
	ms=$(vt_wait_vip 10 2 no)
	echo "# figure: $label$r: partition healed, $impl2 released in $ms ms"
	check "$label$r: $impl2 yields to $impl1 when the partition heals" test "$ms" -ge 0
	vt_sample_set 1 2
	check "$label$r: $impl1 kept the VIP" has_vip 1
	sleep 1
}

for proto in ${VT_INTEROP_PROTOS:-v2-pass v2-ah v3-ipv4 v3-ipv6}; do
	scenario $proto vigil
	scenario $proto keepalived
done
finish
