#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The VRRP child's dump files, as keepalived's: two vigil nodes on a bridge
# (v2, PASS, two VIPs on the master). SIGUSR1 to the parent writes
# <tmp>/keepalived.data, SIGUSR2 <tmp>/keepalived.stats, the JSON signal
# (vigild --signum=JSON, keepalived's SIGRTMIN+2) <tmp>/keepalived.json. Each
# names the instance, its state, priority and VIPs; the stats' received
# advert counters grow between two dumps on the backup; the JSON parses; the
# files are mode 0600 regular files, written through a temporary file and a
# rename (no temporary left behind; a symlink planted at the dump's name is
# replaced, its target untouched). STATS_CLEAR (SIGRTMAX-1) writes the stats
# and zeroes the counters. Both daemons survive every signal.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
require_root
command -v python3 >/dev/null || skip "needs python3"

# The dump directory vigild was built with (configure --with-tmp-dir).
DUMP_DIR=$(sed -n 's/^#define VIGIL_TMP_DIR "\(.*\)"$/\1/p' "$top_builddir/config.h" 2>/dev/null)
DUMP_DIR=${DUMP_DIR:-/tmp}
DATA=$DUMP_DIR/keepalived.data STATS=$DUMP_DIR/keepalived.stats JSON=$DUMP_DIR/keepalived.json
SIGJSON=$("$VIGILD" --signum=JSON)
INAME="VI_dump$$"

vt_topology dump 2
check_eq "--signum=JSON is SIGRTMIN+2" "$SIGJSON" "$(($(kill -l RTMIN) + 2))"
if command -v keepalived >/dev/null; then
	for s in DATA STATS JSON RELOAD STOP; do
		check_eq "--signum=$s as keepalived's" "$("$VIGILD" --signum=$s)" "$(keepalived --signum=$s 2>/dev/null)"
	done
fi

vt_conf 1 name="$INAME" prio=150 vip="$VT_VIP4/24
		10.77.0.101/24"
vt_conf 2 name="$INAME" prio=100 vip="$VT_VIP4/24
		10.77.0.101/24"
vt_start 1
check "node 1 takes the VIPs" wait_for 10 has_vip 1
vt_start 2
check "node 2 enters BACKUP" wait_for 10 vt_logged 2 "($INAME) Entering BACKUP STATE"
sleep 1.5

# dump NODE SIGNAL FILE LOGTEXT: signals node NODE's parent and waits for its
# VRRP child to log that FILE was written (each node writes the same file).
logged_more() { test "$(grep -c -- "$2" "$1")" -gt "$3"; } # logged_more LOG TEXT N
dump() {
	local log before
	log=$(vt_log "$1")
	before=$(grep -c -- "$4" "$log")
	kill -"$2" "$(vt_pid "$1")"
	wait_for 5 logged_more "$log" "$4" "$before" && test -f "$3"
}
# stat_of FILE LABEL: the counter under LABEL ("    Received: N" lines, first match).
stat_of() { awk -v l="$2" '$0 ~ "^ *" l ": " { print $NF; exit }' "$1"; }
jget() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# --- 1. SIGUSR1: keepalived.data
check "master: SIGUSR1 writes $DATA" dump 1 USR1 "$DATA" "VRRP data written"
cp "$DATA" "$VT_DIR/m.data"
check "data: names the instance" grep -q "^ VRRP Instance = $INAME\$" "$VT_DIR/m.data"
check "data: state MASTER" grep -q "^   State = MASTER\$" "$VT_DIR/m.data"
check "data: priority 150" grep -q "^   Priority = 150\$" "$VT_DIR/m.data"
check "data: both VIPs, set" test "$(grep -cE "^     10\.77\.0\.10[01]/24 dev eth0 scope global set\$" "$VT_DIR/m.data")" = 2
check "data: global definitions first" test "$(head -1 "$VT_DIR/m.data")" = "------< Global definitions >------"
check_eq "data: mode 0600" "$(stat -c %a "$DATA")" 600
check "backup: SIGUSR1 writes $DATA" dump 2 USR1 "$DATA" "VRRP data written"
cp "$DATA" "$VT_DIR/b.data"
check "data (backup): state BACKUP, master 10.77.0.1" \
	grep -q "^   Master router = 10.77.0.1\$" "$VT_DIR/b.data"
check "data (backup): VIPs not set" grep -q "^     $VT_VIP4/24 dev eth0 scope global\$" "$VT_DIR/b.data"

# --- 2. SIGUSR2: keepalived.stats; the backup's receive counters move
check "backup: SIGUSR2 writes $STATS" dump 2 USR2 "$STATS" "VRRP statistics written"
cp "$STATS" "$VT_DIR/b1.stats"
sleep 2.5
dump 2 USR2 "$STATS" "VRRP statistics written"
cp "$STATS" "$VT_DIR/b2.stats"
check "stats: names the instance" grep -q "^VRRP Instance: $INAME\$" "$VT_DIR/b1.stats"
for l in "  Advertisements:" "  Packet Errors:" "  Authentication Errors:" "  Priority Zero:" \
	"  Received adverts by verdict (vigil):"; do
	check "stats: has '$l'" grep -qx "$l" "$VT_DIR/b1.stats"
done
r1=$(stat_of "$VT_DIR/b1.stats" Received) r2=$(stat_of "$VT_DIR/b2.stats" Received)
check "stats: adverts received grow on the backup ($r1 -> $r2)" test "${r2:-0}" -gt "${r1:-0}"
o1=$(stat_of "$VT_DIR/b1.stats" ok) o2=$(stat_of "$VT_DIR/b2.stats" ok)
check "stats: verdict ok grows with them ($o1 -> $o2)" test "${o2:-0}" -gt "${o1:-0}"
check_eq "stats: no drop counted" "$(awk '/by verdict/ { v = 1; next } v && $1 != "ok:" && $2 != 0' "$VT_DIR/b2.stats")" ""
check "master: SIGUSR2 writes $STATS" dump 1 USR2 "$STATS" "VRRP statistics written"
check "stats (master): adverts sent" test "$(awk '/^    Sent: / { print $2; exit }' "$STATS")" -gt 0
check "stats (master): became master once" grep -qx "  Became master: 1" "$STATS"
check_eq "stats: mode 0600" "$(stat -c %a "$STATS")" 600

# --- 3. the JSON signal: keepalived.json
check "master: the JSON signal writes $JSON" dump 1 "$SIGJSON" "$JSON" "VRRP JSON written"
cp "$JSON" "$VT_DIR/m.json"
check "json: parses" python3 -m json.tool "$VT_DIR/m.json" /dev/null
check_eq "json: one instance, named" "$(jget "$VT_DIR/m.json" 'len(d), d[0]["data"]["iname"]')" "1 $INAME"
check_eq "json: master state 2, priority 150" "$(jget "$VT_DIR/m.json" 'd[0]["data"]["state"], d[0]["data"]["effective_priority"]')" "2 150"
check_eq "json: VIPs" "$(jget "$VT_DIR/m.json" '" ".join(v.split()[0] for v in d[0]["data"]["vips"])')" "$VT_VIP4/24 10.77.0.101/24"
check "json: advert_sent > 0" test "$(jget "$VT_DIR/m.json" 'd[0]["stats"]["advert_sent"]')" -gt 0
check_eq "json: rx_drops per reason" "$(jget "$VT_DIR/m.json" '"ok" in d[0]["rx_drops"], all(k in d[0]["rx_drops"] for k in ("bad_ttl", "bad_password", "bad_checksum", "other_vrid"))')" "False True"
check_eq "json: mode 0600" "$(stat -c %a "$JSON")" 600
check "backup: the JSON signal writes $JSON" dump 2 "$SIGJSON" "$JSON" "VRRP JSON written"
check_eq "json (backup): state 1, master priority 150" "$(jget "$JSON" 'd[0]["data"]["state"], d[0]["data"]["master_priority"]')" "1 150"

# --- 4. STATS_CLEAR (SIGRTMAX-1): the stats dump, then every counter back to 0
SIGCLEAR=$("$VIGILD" --signum=STATS_CLEAR)
check_eq "--signum=STATS_CLEAR is SIGRTMAX-1" "$SIGCLEAR" "$(($(kill -l RTMAX) - 1))"
dump 2 USR2 "$STATS" "VRRP statistics written"
before=$(stat_of "$STATS" Received)
check "backup: STATS_CLEAR writes $STATS" dump 2 "$SIGCLEAR" "$STATS" "VRRP statistics cleared"
check "STATS_CLEAR: the dump it wrote still has the counts" test "$(stat_of "$STATS" Received)" -ge "${before:-1}"
dump 2 USR2 "$STATS" "VRRP statistics written"
after=$(stat_of "$STATS" Received)
check "STATS_CLEAR: received adverts restart from 0 ($before before, $after after)" \
	test "${after:-99}" -lt "${before:-0}"
check_eq "STATS_CLEAR: no drop counted since" \
	"$(awk '/by verdict/ { v = 1; next } v && $1 != "ok:" && $2 != 0' "$STATS")" ""

# --- 5. the file is replaced, never written through: a planted symlink stays a victim
VICTIM=$VT_DIR/victim
echo untouched >"$VICTIM"
ln -sfn "$VICTIM" "$STATS"
check "symlink: SIGUSR2 writes $STATS" dump 2 USR2 "$STATS" "VRRP statistics written"
check "symlink: $STATS is now a regular file" test -f "$STATS" -a ! -L "$STATS"
check_eq "symlink: its target is untouched" "$(cat "$VICTIM")" untouched
check_eq "no temporary file left" "$(find "$DUMP_DIR" -maxdepth 1 -name '.keepalived.*.??????' -user root -newer "$VT_DIR/n1.conf" | wc -l)" 0

# --- 6. both daemons and their VRRP children survived; nothing changed state
check "node 1 alive" pid_alive "$(vt_pid 1)"
check "node 2 alive" pid_alive "$(vt_pid 2)"
check "node 1's VRRP child alive" pid_alive "$(vt_vrrp_pid 1)"
check "node 2's VRRP child alive" pid_alive "$(vt_vrrp_pid 2)"
check_eq "the VIPs stay on node 1" "$(vt_holders)" 1
check "node 2 never was master" vt_not_logged 2 "Entering MASTER"
vt_stop_all
finish
