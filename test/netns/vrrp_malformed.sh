#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Malformed adverts on the wire, after the UNH-IOL VRRP test groups: a vigil
# master (node 1) and a vigil backup (node 2) on a bridge, each with five
# instances (v2 PASS, v2 AH, v3 IPv4, v3 IPv6, v2 PASS unicast with
# check_unicast_src), and an injector (node 3: test/netns/vrrp_inject, raw
# AF_PACKET). Valid adverts from the injector are accepted first (the
# controls: the baseline is good, so each case's drop is its one corruption).
# Then each case -- TTL/hop limit, version, type, unknown VRID, length short/
# long/odd/too short, checksum, auth type, password, AH ICV, AH replay, advert
# interval (v2), address count, address list, unicast source not a peer,
# priority 0 from a stranger, a higher priority with bad auth -- must be
# dropped and counted under its reason on the nodes it reached, exactly once
# and under no other reason (deltas of `vigild --status --json`), and change
# no state: no "Entering" line, every VIP only on the master, every backup
# instance BACKUP, also after a Master_Down_Interval. At the end the stats
# dump (SIGUSR2) shows the same per-reason counters as the status command.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
require_root
command -v python3 >/dev/null || skip "needs python3"
INJ=$top_builddir/test/netns/vrrp_inject
[ -x "$INJ" ] || make -s -C "$top_builddir" test/netns/vrrp_inject >/dev/null 2>&1
[ -x "$INJ" ] || { echo "FAIL: $INJ not built (make check builds it)"; exit 1; }
DUMP_DIR=$(sed -n 's/^#define VIGIL_TMP_DIR "\(.*\)"$/\1/p' "$top_builddir/config.h" 2>/dev/null)
STATS=${DUMP_DIR:-/tmp}/keepalived.stats

vt_topology mal 3 # node 3 runs no daemon: it is the injector
VIPS="10.77.0.100 10.77.0.101 10.77.0.102 fd77::100 10.77.0.105"
unicast_block() { # unicast_block I: VI_UC's unicast lines for node I (peer: the other daemon)
	printf '\tunicast_src_ip 10.77.0.%s\n\tunicast_peer {\n\t\t10.77.0.%s\n\t}\n\tcheck_unicast_src' \
		"$1" $((3 - $1))
}
node_conf() { # node_conf I PRIO
	local i=$1 p=$2
	vt_conf "$i" name=VI_V2 vrid=51 prio="$p" vip=10.77.0.100/24 top="$(
		vt_instance "$i" name=VI_AH vrid=52 prio="$p" auth=ah vip=10.77.0.101/24
		vt_instance "$i" name=VI_V3 vrid=53 prio="$p" version=3 vip=10.77.0.102/24
		vt_instance "$i" name=VI_V6 vrid=54 prio="$p" version=3 family=6 vip=fd77::100/64
		vt_instance "$i" name=VI_UC vrid=55 prio="$p" vip=10.77.0.105/24 extra="$(unicast_block "$i")"
	)"
}
node_conf 1 150
node_conf 2 100
all_vips() { local a; for a in $VIPS; do has_vip "$1" "$a" || return 1; done; }
no_vips() { local a; for a in $VIPS; do has_vip "$1" "$a" && return 1; done; return 0; }
vips_ok() { # every VIP on node 1, none on node 2 (one `ip` per node)
	local a s1 s2
	s1=$(ip -n "$(vt_ns 1)" -o addr show dev eth0) s2=$(ip -n "$(vt_ns 2)" -o addr show dev eth0)
	for a in $VIPS; do
		[[ $s1 == *" $a/"* ]] && [[ $s2 != *" $a/"* ]] || return 1
	done
}
vt_start 1
check "node 1 takes every VIP" wait_for 15 all_vips 1
vt_start 2
backups() { test "$(grep -c "Entering BACKUP STATE" "$(vt_log 2)")" -ge 5; }
check "node 2 enters BACKUP for its 5 instances" wait_for 10 backups
sleep 1

status() { vt_in "$1" "$VIGILD" --status --json -r "$VT_DIR/n${1}_vrrp.pid" -c "$VT_DIR/n${1}_chk.pid" 2>/dev/null; }
# flat: the status document as lines "INST state S" and "INST reason N" (awk,
# not python: this runs a few hundred times and must stay cheap).
flat() {
	awk '{
		n = split($0, inst, /\{"name":/)
		for (i = 2; i <= n; i++) {
			c = inst[i]
			name = substr(c, 2, index(substr(c, 2), "\"") - 1)
			if (match(c, /"state":"[A-Z]+"/))
				print name, "state", substr(c, RSTART + 9, RLENGTH - 10)
			if (!match(c, /"rx":\{[^}]*\}/))
				continue
			m = split(substr(c, RSTART + 6, RLENGTH - 7), kv, ",")
			for (j = 1; j <= m; j++) {
				split(kv[j], p, ":")
				gsub(/"/, "", p[1])
				print name, p[1], p[2]
			}
		}
	}'
}
# delta I: the receive counters of node I that moved since its base snapshot
# (INST.reason=+N), and any instance not in the node's state. VI_V2/VI_V3's
# other_vrid counts the other multicast instances' adverts and is left out;
# "ok" too on the backup (the master's is quiet: the backup sends nothing).
STATE=([1]=MASTER [2]=BACKUP) WITH_OK=([1]=1 [2]=0)
snap() { status "$1" | flat >"$VT_DIR/s$1.new" && mv "$VT_DIR/s$1.new" "$VT_DIR/s$1.$2"; }
delta() {
	snap "$1" now && awk -v st="${STATE[$1]}" -v ok="${WITH_OK[$1]}" '
		NR == FNR { base[$1 " " $2] = $3; next }
		$2 == "state" { if ($3 != st) out = out " " $1 ".state=" $3; next }
		$2 == "ok" && !ok { next }
		$2 == "other_vrid" && ($1 == "VI_V2" || $1 == "VI_V3") { next }
		$3 != base[$1 " " $2] { out = out " " $1 "." $2 "=+" ($3 - base[$1 " " $2]) }
		END { print substr(out, 2) }' "$VT_DIR/s$1.base" "$VT_DIR/s$1.now" |
		tr ' ' '\n' | sort | paste -sd' '
}
snap 1 base
snap 2 base
check_eq "setup: master's instances MASTER, no drop" "$(delta 1)" ""
check_eq "setup: backup's instances BACKUP, no drop" "$(delta 2)" ""
vt_mark_all
entering() { cat "$(vt_log 1)" "$(vt_log 2)" | grep -c "Entering"; }
ENTER0=$(entering)

inj() { vt_in 3 "$INJ" -i eth0 "$@" || not_ok "vrrp_inject $*"; }
# expect LABEL EXP1 EXP2: node 1 and node 2 count exactly EXP1 / EXP2 since the
# last case (waiting for the non-empty ones), and nothing changed state.
expect() {
	local label=$1 i t
	local exp=([1]="$2" [2]="$3") got=()
	for ((t = 0; t < 60; t++)); do # up to ~3 s for the packet to be counted
		got[1]=$(delta 1) got[2]=$(delta 2)
		[ "${got[1]}" = "${exp[1]}" ] && [ "${got[2]}" = "${exp[2]}" ] && break
		sleep 0.05
	done
	for i in 1 2; do
		check_eq "$label: node $i (${STATE[i]}) counts '${exp[i]:-nothing}'" "${got[i]}" "${exp[i]}"
		cp "$VT_DIR/s$i.now" "$VT_DIR/s$i.base"
	done
	if [ "$(entering)" = "$ENTER0" ] && vips_ok; then
		ok "$label: no state change, VIPs only on the master"
	else
		not_ok "$label: state changed: $(vt_log_since 1 | grep Entering) $(vt_log_since 2 | grep Entering) master VIPs: $(all_vips 1 && echo all) backup: $(no_vips 2 && echo none)"
	fi
}

S4=10.77.0.3 S6=fe80::77:ff:fe00:3 G4=224.0.0.18 G6=ff02::12
V2=(--dst "$G4" --src "$S4" --vrid 51 --auth pass --pass s3cret --addr 10.77.0.100)
AH=(--dst "$G4" --src "$S4" --vrid 52 --auth ah --pass s3cret --addr 10.77.0.101)
V3=(--dst "$G4" --src "$S4" --vrid 53 --version 3 --int 100 --addr 10.77.0.102)
V6=(-6 --dst "$G6" --src "$S6" --vrid 54 --int 100 --addr fd77::100)
uc() { echo "--dst 10.77.0.$1 --dst-mac $(vt_mac "$1") --vrid 55 --auth pass --pass s3cret --addr 10.77.0.105"; }

# --- controls: the injector's valid adverts (lower priority) are accepted
inj "${V2[@]}" --prio 50
expect "control v2 PASS" "VI_V2.ok=+1" ""
inj "${AH[@]}" --prio 50 --ah-seq 1000000
expect "control v2 AH" "VI_AH.ok=+1" ""
inj "${V3[@]}" --prio 50
expect "control v3 IPv4" "VI_V3.ok=+1" ""
inj "${V6[@]}" --prio 50
expect "control v3 IPv6" "VI_V6.ok=+1" ""
# shellcheck disable=SC2046
inj $(uc 1) --src 10.77.0.2 --prio 50
expect "control unicast from the peer" "VI_UC.ok=+1" ""

# --- v2 PASS over multicast, priority 254 (a master would yield to it)
both() { expect "$1" "$2" "$2"; }
inj "${V2[@]}" --prio 254 --ttl 254
both "v2: TTL 254" "VI_V2.bad_ttl=+1"
inj "${V2[@]}" --prio 254 --ttl 1
both "v2: TTL 1" "VI_V2.bad_ttl=+1"
inj --dst $G4 --src $S4 --vrid 51 --version 3 --int 100 --addr 10.77.0.100 --prio 254
both "v2: a version 3 advert" "VI_V2.bad_version=+1"
inj "${V2[@]}" --prio 254 --type 2
both "v2: type 2" "VI_V2.bad_type=+1"
inj "${V2[@]}" --prio 254 --type 0
both "v2: type 0" "VI_V2.bad_type=+1"
inj "${V2[@]}" --prio 254 --trunc 4
both "v2: 4 bytes short" "VI_V2.bad_length=+1"
inj "${V2[@]}" --prio 254 --extra 4
both "v2: 4 bytes long" "VI_V2.bad_length=+1"
inj "${V2[@]}" --prio 254 --extra 1
both "v2: odd length" "VI_V2.bad_length=+1"
inj "${V2[@]}" --prio 254 --trunc 14
both "v2: shorter than a VRRP header" "VI_V2.too_short=+1 VI_V3.too_short=+1"
inj "${V2[@]}" --prio 254 --count 2
both "v2: count 2, one address" "VI_V2.bad_length=+1"
inj "${V2[@]}" --prio 254 --csum bad
both "v2: checksum" "VI_V2.bad_checksum=+1"
inj "${V2[@]}" --prio 254 --csum 0
both "v2: checksum 0" "VI_V2.bad_checksum=+1"
inj "${V2[@]}" --prio 254 --auth-type 0
both "v2: auth type 0 (ours is PASS)" "VI_V2.auth_type_mismatch=+1"
inj "${V2[@]}" --prio 254 --auth-type 2
both "v2: auth type AH without AH" "VI_V2.auth_type_mismatch=+1"
inj "${V2[@]}" --prio 254 --auth-type 3
both "v2: auth type 3" "VI_V2.invalid_auth_type=+1"
inj "${V2[@]}" --prio 254 --pass wrong
both "v2: higher priority, wrong password" "VI_V2.bad_password=+1"
inj "${V2[@]}" --prio 254 --pass s3cre
both "v2: higher priority, password prefix" "VI_V2.bad_password=+1"
inj "${V2[@]}" --prio 0 --pass wrong
both "v2: priority 0 from a stranger, wrong password" "VI_V2.bad_password=+1"
inj "${V2[@]}" --prio 254 --int 2
both "v2: advert interval 2 (ours 1)" "VI_V2.bad_advert_int=+1"
inj "${V2[@]}" --prio 254 --addr 10.77.0.99
both "v2: two addresses (ours one)" "VI_V2.bad_addr_count=+1"
inj --dst $G4 --src $S4 --vrid 51 --auth pass --pass s3cret --addr 10.77.0.99 --prio 254
both "v2: another address" "VI_V2.bad_addr_list=+1"

# --- v2 AH
inj "${AH[@]}" --prio 254 --ah-seq 2000000 --ah-icv bad
both "AH: higher priority, corrupt ICV" "VI_AH.bad_ah=+1"
inj "${AH[@]}" --prio 254 --ah-seq 5
both "AH: replayed sequence number" "VI_AH.ah_replay=+1"
inj "${AH[@]}" --prio 0 --ah-seq 6
both "AH: priority 0, replayed sequence number" "VI_AH.ah_replay=+1"
inj "${AH[@]}" --prio 254 --ah-seq 2000001 --ttl 254
both "AH: TTL 254" "VI_AH.bad_ttl=+1"
inj "${AH[@]}" --prio 254 --ah-seq 2000002 --pass wrong
both "AH: wrong key" "VI_AH.bad_ah=+1"

# --- v3 IPv4
inj "${V3[@]}" --prio 254 --csum bad
both "v3: checksum" "VI_V3.bad_checksum=+1"
inj --dst $G4 --src $S4 --vrid 53 --version 2 --addr 10.77.0.102 --prio 254
both "v3: a version 2 advert" "VI_V3.bad_version=+1"
inj "${V3[@]}" --prio 254 --ttl 128
both "v3: TTL 128" "VI_V3.bad_ttl=+1"
inj "${V3[@]}" --prio 254 --extra 1
both "v3: odd length" "VI_V3.bad_length=+1"
inj "${V3[@]}" --prio 254 --type 15
both "v3: type 15" "VI_V3.bad_type=+1"

# --- v3 IPv6
inj "${V6[@]}" --prio 254 --ttl 254
both "v6: hop limit 254" "VI_V6.bad_ttl=+1"
inj "${V6[@]}" --prio 254 --set-version 2
both "v6: version 2" "VI_V6.bad_version=+1"
inj "${V6[@]}" --prio 254 --type 3
both "v6: type 3" "VI_V6.bad_type=+1"
inj "${V6[@]}" --prio 254 --vrid 99
both "v6: unknown VRID" "VI_V6.other_vrid=+1"
inj "${V6[@]}" --prio 254 --trunc 4
both "v6: 4 bytes short" "VI_V6.bad_length=+1"
inj "${V6[@]}" --prio 254 --extra 1
both "v6: odd length" "VI_V6.bad_length=+1"
inj "${V6[@]}" --prio 254 --addr fd77::99
both "v6: two addresses" "VI_V6.bad_addr_count=+1"
inj -6 --dst $G6 --src $S6 --vrid 54 --int 100 --addr fd77::99 --prio 254
both "v6: another address" "VI_V6.bad_addr_list=+1"
# The kernel checks IPv6 checksums (IPV6_CHECKSUM) and drops silently: the
# unknown-VRID marker behind it shows it was dropped, not counted otherwise.
inj "${V6[@]}" --prio 254 --csum bad
inj "${V6[@]}" --prio 254 --vrid 98
both "v6: checksum (dropped by the kernel; marker)" "VI_V6.other_vrid=+1"

# --- unicast with check_unicast_src, against each node
# shellcheck disable=SC2046
{
	inj $(uc 1) --src $S4 --prio 254
	expect "unicast: a stranger to the master" "VI_UC.bad_unicast_src=+1" ""
	inj $(uc 2) --src $S4 --prio 0
	expect "unicast: priority 0 from a stranger to the backup" "" "VI_UC.bad_unicast_src=+1"
	inj $(uc 2) --src 10.77.0.1 --prio 0 --pass wrong
	expect "unicast: priority 0, the master's address, wrong password" "" "VI_UC.bad_password=+1"
	inj $(uc 1) --src 10.77.0.2 --prio 254 --vrid 99
	expect "unicast: unknown VRID to the master" "VI_UC.other_vrid=+1" ""
	inj $(uc 2) --src 10.77.0.1 --prio 254 --int 3
	expect "unicast: advert interval 3 to the backup" "" "VI_UC.bad_advert_int=+1"
}

# --- after a Master_Down_Interval, still nothing changed
sleep 3.5
check_eq "no Entering line during the injections" "$(entering)" "$ENTER0"
check "master holds every VIP" all_vips 1
check "backup holds none" no_vips 2
states() { snap "$1" now && awk '$2 == "state" { print $3 }' "$VT_DIR/s$1.now" | sort -u | paste -sd' '; }
check_eq "node 1: every instance MASTER" "$(states 1)" MASTER
check_eq "node 2: every instance BACKUP" "$(states 2)" BACKUP

# --- the stats dump (SIGUSR2) shows the same drops as the status command
n=$(grep -c "VRRP statistics written" "$(vt_log 2)")
kill -USR2 "$(vt_pid 2)"
logged_more() { test "$(grep -c "VRRP statistics written" "$(vt_log 2)")" -gt "$n"; }
check "backup: SIGUSR2 writes $STATS" wait_for 5 logged_more
status 2 >"$VT_DIR/s2.json"
cmp=$(python3 - "$STATS" "$VT_DIR/s2.json" <<'PY'
import json, re, sys
dump, inst = {}, None
for line in open(sys.argv[1]):
    m = re.match(r"VRRP Instance: (\S+)$", line)
    if m:
        inst = m.group(1)
    m = re.match(r"    ([a-z_]+): (\d+)$", line)
    if m and inst:
        dump[(inst, m.group(1))] = int(m.group(2))
bad, n = [], 0
for i in json.load(open(sys.argv[2]))["vrrp"]["instances"]:
    for k, v in i["rx"].items():
        if k in ("ok", "other_vrid"):
            continue
        n += v
        if dump.get((i["name"], k)) != v:
            bad.append("%s.%s dump %s status %d" % (i["name"], k, dump.get((i["name"], k)), v))
print("%d drops, %s" % (n, "; ".join(bad) or "agree"))
PY
)
echo "# stats dump vs status: $cmp"
check "stats dump: per-reason drops agree with the status command ($cmp)" \
	test "${cmp#* drops, }" = agree -a "${cmp%% drops*}" -gt 30
check "stats dump: keepalived's TTL counter of VI_V2 is 2" \
	awk '/^VRRP Instance: VI_V2$/ { v = 1 } /^VRRP Instance: VI_AH$/ { v = 0 } v && /^    TTL: 2$/ { f = 1 } END { exit !f }' "$STATS"
vt_stop_all
finish
