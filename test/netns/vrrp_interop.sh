#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Interop with Debian's keepalived 2.2.7 in the same VRRP group on a bridge,
# for v2 PASS, v2 AH, v3 IPv4 and v3 IPv6, each with vigil as the master
# (priority 150) over a keepalived backup (100) and the reverse. In each
# case: the right node wins; a partitioned master is replaced within
# Master_Down_Interval; the partition heals to the higher priority; SIGTERM
# hands over within Skew_Time; a sampler sees no two VIP holders on the
# segment; neither side drops or complains about the other's adverts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
require_root
command -v keepalived >/dev/null || skip "keepalived not installed (test/install-deps.sh)"
vt_topology io 2

# Lines keepalived logs about an advert it did not like.
KA_COMPLAINTS='invalid|bad |mismatch|not present|wrong|unknown|malformed|checksum|discard'

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
	vt_sample_set 2
	vt_isolate 1
	ms=$(vt_wait_vip 10 2)
	echo "# figure: $label: partitioned master -> $impl2 master in $ms ms (Master_Down_Interval $mdi ms)"
	check "$label: $impl2 takes over within Master_Down_Interval + 500 ms ($ms ms)" \
		test "$ms" -ge 0 -a "$ms" -le $((mdi + 500))
	# Healing: the partition ends, both are master; the lower priority yields.
	vt_rejoin 1
	ms=$(vt_wait_vip 10 2 no)
	echo "# figure: $label: partition healed, $impl2 released in $ms ms"
	check "$label: $impl2 yields to $impl1 when the partition heals" test "$ms" -ge 0
	vt_sample_set 1 2
	check "$label: $impl1 kept the VIP" has_vip 1
	sleep 1
	# Handover: SIGTERM of the master (priority 0); the backup takes over after Skew_Time.
	kill -TERM "$(vt_pid 1)"
	ms=$(vt_wait_vip 5 2)
	echo "# figure: $label: SIGTERM handover $impl1 -> $impl2 in $ms ms (Skew_Time $skew ms)"
	check "$label: SIGTERM handover within Skew_Time + 500 ms ($ms ms)" \
		test "$ms" -ge 0 -a "$ms" -le $((skew + 500))
	check "$label: $impl1 exits and leaves no VIP" wait_for 10 test ! -e "$VT_DIR/n1.pid"
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
				bash -c "! grep -iE '$KA_COMPLAINTS' '$(vt_log "$i")'"
			grep -iE "$KA_COMPLAINTS" "$(vt_log "$i")" | head -3 | sed 's/^/#   keepalived: /'
		fi
	done
	check_eq "$label: no VIP left" "$(vt_holders)" ""
}

for proto in v2-pass v2-ah v3-ipv4 v3-ipv6; do
	scenario $proto vigil
	scenario $proto keepalived
done
finish
