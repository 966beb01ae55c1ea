#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# checker_stop: what the checker child does with IPVS at SIGTERM, seen through
# --ipvs-dry-run (the host kernel has no IPVS; every command is logged instead).
# A config of 52 virtual servers (50 of them with 20 real servers):
#  - default stop: one "service del" per virtual server and not one "dest del"
#    (the kernel drops the real servers with their service), one summary line
#    "Removed 52 virtual services (1003 real servers) from IPVS", no
#    "Shutting down service" line for a virtual server without omega;
#  - omega: notify_down runs for each of its real servers that is up (and for
#    no real server of the virtual server without omega), and keepalived's
#    "Shutting down service" line is logged for them;
#  - -I (--dont-release-ipvs): no command at all at stop, no notify_down;
#  - both times the daemon exits on its own: the parent never logs "killing".
. "$(dirname "$0")/lib.sh"
require_root
setup_ns cstop

cat >"$TMP/down.sh" <<EOF
#!/bin/sh
echo "\$*" >>"$TMP/down.events"
EOF
chmod 755 "$TMP/down.sh"

{
	printf 'global_defs {\n\trouter_id cstop\n\tscript_user root\n\tenable_script_security\n}\n'
	printf 'virtual_server 10.0.0.1 80 {\n\tprotocol TCP\n\tlvs_sched rr\n\tomega\n'
	for r in 1 2; do
		printf '\treal_server 192.168.1.%s 80 {\n\t\tnotify_down "%s omega-%s"\n\t}\n' \
			"$r" "$TMP/down.sh" "$r"
	done
	printf '}\n'
	printf 'virtual_server 10.0.0.2 80 {\n\tprotocol TCP\n\tlvs_sched rr\n'
	printf '\treal_server 192.168.1.3 80 {\n\t\tnotify_down "%s plain"\n\t}\n}\n' "$TMP/down.sh"
	for v in $(seq 1 50); do
		printf 'virtual_server 10.1.0.%s 80 {\n\tprotocol TCP\n\tlvs_sched rr\n' "$v"
		for r in $(seq 1 20); do
			printf '\treal_server 192.168.2.%s 80 {\n\t}\n' "$r"
		done
		printf '}\n'
	done
} >"$TMP/c.conf"

# run NAME [vigild options]: start, wait for the first table, SIGTERM, wait for the exit.
run() {
	local n=$1 pid
	shift
	rm -f "$TMP/down.events"
	ip netns exec "$NS" "$VIGILD" -n -l -C --ipvs-dry-run -f "$TMP/c.conf" "$@" \
		-p "$TMP/$n.ppid" -r "$TMP/$n.rpid" -c "$TMP/$n.cpid" >"$TMP/$n.log" 2>&1 &
	pid=$!
	echo "$pid" >"$TMP/$n.pid"
	check "$n: first table programmed" wait_for 60 grep -q "IPVS reconcile: " "$TMP/$n.log"
	kill -TERM "$pid"
	check "$n: the daemon exits after SIGTERM" wait_for 30 pid_dead "$pid"
	wait "$pid" 2>/dev/null
	check_eq "$n: the parent killed no child" "$(grep -c "killing" "$TMP/$n.log")" 0
	# what the checker sent after its SIGTERM
	sed -n '/Healthcheck child process terminating/,$p' "$TMP/$n.log" >"$TMP/$n.stop"
}

run rel
check_eq "stop: service deletes" "$(grep -c "IPVS dry-run: service del" "$TMP/rel.stop")" 52
check_eq "stop: no destination delete" "$(grep -c "IPVS dry-run: dest" "$TMP/rel.stop")" 0
check_eq "stop: no other IPVS command" "$(grep -c "IPVS dry-run: " "$TMP/rel.stop")" 52
check "stop: one summary line" grep -q "Removed 52 virtual services (1003 real servers) from IPVS" \
	"$TMP/rel.stop"
check_eq "stop: keepalived's per-server line for omega's servers only" \
	"$(grep "Shutting down service" "$TMP/rel.stop" | sed 's/.*Shutting/Shutting/' | sort | tr '\n' ';')" \
	"Shutting down service [192.168.1.1]:tcp:80 from VS [10.0.0.1]:tcp:80;Shutting down service [192.168.1.2]:tcp:80 from VS [10.0.0.1]:tcp:80;"
check_eq "stop: notify_down of omega's real servers, nothing else" \
	"$(sort "$TMP/down.events" 2>/dev/null | tr '\n' ';')" "omega-1;omega-2;"

run keep -I
check_eq "-I: no IPVS command at stop" "$(grep -c "IPVS dry-run: " "$TMP/keep.stop")" 0
check "-I: summary of what is kept" grep -q "Keeping 52 virtual services (1003 real servers)" \
	"$TMP/keep.stop"
check "-I: no notify_down" test ! -e "$TMP/down.events"
finish
