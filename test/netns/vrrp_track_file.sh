#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# track_file on two nodes in network namespaces joined by a veth pair: node A
# (priority 150) tracks a file with weight -60, so writing 1 lowers it to 90
# and B (100) takes over, writing 0 brings A back (also through an atomic
# replace by rename); init_file creates the file at start. Then with weight 0
# a non-zero value puts A in FAULT and B takes over; 0 clears it; init_file
# overwrite writes at start but not on a reload. Then a sync
# group's track_file faults its members.
. "$(dirname "$0")/lib.sh"
require_root
VIP=10.10.0.100
NSA="vigil-tfa-$$" NSB="vigil-tfb-$$"
TMP=$(mktemp -d /tmp/vigil-tf.XXXXXX)
cleanup_tf() {
	for ns in "$NSA" "$NSB"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup_tf EXIT
ip netns add "$NSA" && ip netns add "$NSB" || skip "cannot create namespaces"
ip -n "$NSA" link add eth0 type veth peer name eth0 netns "$NSB"
for ns in "$NSA" "$NSB"; do ip -n "$ns" link set lo up; ip -n "$ns" link set eth0 up; done
ip -n "$NSA" addr add 10.10.0.1/24 dev eth0
ip -n "$NSB" addr add 10.10.0.2/24 dev eth0
mkdir "$TMP/files"
F=$TMP/files/state

conf() { # conf NAME PRIORITY [TRACK_FILE_BLOCK [INSTANCE_LINES [TOP]]]
	cat >"$TMP/$1.conf" <<CONF
global_defs {
	router_id $1
}
${3:-}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority $2
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass s3cret
	}
	virtual_ipaddress {
		$VIP/24
	}
${4:-}
}
${5:-}
CONF
}
start_vigil() { # start_vigil NS NAME
	ip netns exec "$1" "$VIGILD" -n -D -G -g "$TMP/$2.log" -f "$TMP/$2.conf" -P \
		-p "$TMP/$2.pid" -r "$TMP/$2_vrrp.pid" -c "$TMP/$2_checker.pid" &
}
stop_pidfile() { [ -s "$1" ] && kill -TERM "$(cat "$1")" 2>/dev/null; wait_for 10 test ! -e "$1"; }
has_vip() { ip -n "$1" -o addr show dev eth0 | grep -q " $VIP/"; }
no_vip() { ! has_vip "$1"; }
logged() { grep -qF -- "$2" "$TMP/$1_vrrp.log"; }
mark() { : >"$TMP/a_vrrp.log"; }

# --- 1. weight -60, init_file creates the file with 0
TF="track_file tf {
	file $F
	weight -60
	init_file
}"
conf a 150 "$TF" "	track_file {
		tf
	}"
conf b 100
start_vigil "$NSA" a
start_vigil "$NSB" b
check "init_file created the file" wait_for 5 test -e "$F"
check_eq "init_file wrote 0" "$(cat "$F" 2>/dev/null)" "0"
check "A (150) becomes master" wait_for 10 has_vip "$NSA"
sleep 1
check "B stays backup" no_vip "$NSB"

mark
echo 1 >"$F"
check "value 1 x -60: A logs priority 90" \
	wait_for 3 logged a "(VI_1) Changing effective priority from 150 to 90"
check "B (100) takes over" wait_for 10 has_vip "$NSB"
check "A released the VIP" wait_for 3 no_vip "$NSA"
mark
echo 0 >"$F.tmp" && mv "$F.tmp" "$F"
check "value 0 (atomic rename): A back at 150" \
	wait_for 3 logged a "(VI_1) Changing effective priority from 90 to 150"
check "A preempts again" wait_for 10 has_vip "$NSA"
check "B released the VIP" wait_for 3 no_vip "$NSB"
mark
rm -f "$F"
sleep 1
check "a deleted file reads as 0: A stays master" has_vip "$NSA"
stop_pidfile "$TMP/a.pid"
stop_pidfile "$TMP/b.pid"

# --- 2. weight 0: a non-zero value is a FAULT; init_file 5 overwrite
echo 0 >"$F"
conf a 150 "track_file tf {
	file $F
	weight 0
}" "	track_file {
		tf
	}"
start_vigil "$NSA" a
start_vigil "$NSB" b
check "weight 0: A becomes master" wait_for 10 has_vip "$NSA"
mark
echo 7 >"$F"
check "weight 0, value 7: A enters FAULT" wait_for 3 logged a "(VI_1) Entering FAULT STATE"
check "weight 0: A released the VIP" wait_for 2 no_vip "$NSA"
check "weight 0: B takes over" wait_for 5 has_vip "$NSB"
mark
echo 0 >"$F"
check "weight 0, value 0: A leaves FAULT" wait_for 3 logged a "(VI_1) Entering BACKUP STATE"
check "weight 0: A preempts again" wait_for 10 has_vip "$NSA"
stop_pidfile "$TMP/a.pid"

conf a 150 "track_file tf {
	file $F
	weight 0
	init_file 5 overwrite
}" "	track_file {
		tf
	}"
start_vigil "$NSA" a
check_eq "init_file 5 overwrite rewrote the file" "$(wait_for 3 grep -qx 5 "$F"; cat "$F")" "5"
check "weight 0, initial value 5: A starts in FAULT" \
	wait_for 3 logged a "(VI_1) Entering FAULT STATE"
sleep 1
check "A in FAULT does not take the VIP" no_vip "$NSA"
mark
echo 0 >"$F"
check "value 0: A leaves FAULT" wait_for 3 logged a "(VI_1) Entering BACKUP STATE"
kill -HUP "$(cat "$TMP/a.pid")"
check "A reloads" wait_for 5 logged a "Reloading"
sleep 1
check_eq "a reload does not overwrite the file again" "$(cat "$F")" "0"
check "A master after the reload" wait_for 10 has_vip "$NSA"
stop_pidfile "$TMP/a.pid"
stop_pidfile "$TMP/b.pid"

# --- 3. a sync group's track_file faults its members
echo 0 >"$F"
conf a 150 "track_file tf {
	file $F
}" "" "vrrp_sync_group SG {
	group {
		VI_1
	}
	track_file {
		tf
	}
}"
start_vigil "$NSA" a
start_vigil "$NSB" b
check "sync group: A becomes master" wait_for 10 has_vip "$NSA"
mark
echo 1 >"$F"
check "sync group track_file: A's member enters FAULT" \
	wait_for 3 logged a "(VI_1) Entering FAULT STATE"
check "sync group track_file: B takes over" wait_for 5 has_vip "$NSB"
echo 0 >"$F"
check "sync group track_file: A preempts again" wait_for 10 has_vip "$NSA"
stop_pidfile "$TMP/a.pid"
stop_pidfile "$TMP/b.pid"
finish
