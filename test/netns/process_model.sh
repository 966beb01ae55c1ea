#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Process model: the parent forks "vigild: vrrp" and "vigild: checker",
# writes pid files, respawns a killed child within 2 s, refuses a second
# instance, starts only the children the config (or -P/-C) asks for, stops
# everything on -R or SIGTERM, and leaves no process or pid file behind.
. "$(dirname "$0")/lib.sh"
require_root
setup_ns pm eth0

cat >"$TMP/both.conf" <<CONF
global_defs {
	router_id pm_test
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority 100
	virtual_ipaddress {
		192.0.2.10/24
	}
}
virtual_server 192.0.2.10 80 {
	delay_loop 5
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 192.0.2.21 80 {
		TCP_CHECK {
			connect_timeout 2
		}
	}
}
CONF
sed -n '/^vrrp_instance/,/^}/p' "$TMP/both.conf" >"$TMP/vrrp.conf"

P="$TMP/p.pid" R="$TMP/v.pid" C="$TMP/c.pid"
PIDARGS=(-p "$P" -r "$R" -c "$C")

start_fg() { # start_fg CONF ARGS...: foreground daemon, pid in $DAEMON
	local conf=$1; shift
	in_ns "$VIGILD" -n -G -g "$TMP/vigild.log" -f "$conf" "${PIDARGS[@]}" "$@" &
	DAEMON=$!
}
children_of() { pgrep -P "$1" | sort; }
stop_and_check_clean() { # stop_and_check_clean LABEL
	local parent vpid cpid
	parent=$(pidfile_pid "$P") vpid=$(pidfile_pid "$R") cpid=$(pidfile_pid "$C")
	kill -TERM "$parent"
	check "$1: parent exits after SIGTERM" wait_for 10 pid_dead "$parent"
	[ -n "$vpid" ] && check "$1: vrrp child gone" pid_dead "$vpid"
	[ -n "$cpid" ] && check "$1: checker child gone" pid_dead "$cpid"
	check "$1: no pid files left" test ! -e "$P" -a ! -e "$R" -a ! -e "$C"
	check "$1: no vigild process left in the namespace" \
		test -z "$(ip netns pids "$NS" 2>/dev/null)"
}

# 1. Both children, names, pid files.
start_fg "$TMP/both.conf"
check "parent writes its pid file" wait_for 5 test -s "$P"
check "vrrp pid file written" wait_for 5 test -s "$R"
check "checker pid file written" wait_for 5 test -s "$C"
parent=$(pidfile_pid "$P") vpid=$(pidfile_pid "$R") cpid=$(pidfile_pid "$C")
# $DAEMON is "ip netns exec", which forks vigild: the pid file names that process.
check "parent pid file names the foreground daemon" \
	test "$parent" = "$DAEMON" -o "$(ps -o ppid= -p "$parent" | tr -d ' ')" = "$DAEMON"
check_eq "parent process name" "$(comm_of "$parent")" "vigild"
check_eq "vrrp child process name" "$(comm_of "$vpid")" "vigild: vrrp"
check_eq "checker child process name" "$(comm_of "$cpid")" "vigild: checker"
check_eq "vrrp child title in ps" "$(cmdline_of "$vpid")" "vigild: vrrp"
check_eq "children are the parent's" "$(children_of "$parent" | tr '\n' ' ')" \
	"$(printf '%s\n' "$vpid" "$cpid" | sort | tr '\n' ' ')"

# 2. A second instance refuses to start while the first runs.
out=$(in_ns "$VIGILD" -n -G -f "$TMP/both.conf" "${PIDARGS[@]}" 2>&1); rc=$?
check "second instance exits non-zero" test "$rc" -ne 0
check "second instance says why" grep -q "already running" <<<"$out"
check "first instance still running" pid_alive "$parent"
check_eq "pid file untouched by the refused instance" "$(pidfile_pid "$P")" "$parent"

# 3. kill -9 of each child brings a new one within 2 s.
kill -9 "$vpid"
check "vrrp child respawned within 2 s" wait_for 2 \
	bash -c "p=\$(cat '$R' 2>/dev/null); [ -n \"\$p\" ] && [ \"\$p\" != $vpid ] && kill -0 \$p"
nvpid=$(pidfile_pid "$R")
check_eq "respawned vrrp child has its name" "$(comm_of "$nvpid")" "vigild: vrrp"
kill -9 "$cpid"
check "checker child respawned within 2 s" wait_for 2 \
	bash -c "p=\$(cat '$C' 2>/dev/null); [ -n \"\$p\" ] && [ \"\$p\" != $cpid ] && kill -0 \$p"
check "respawn logged" grep -q "died on signal 9: Respawning" "$TMP/vigild.log"

# 4. SIGHUP is forwarded and children keep running.
kill -HUP "$parent"
check "children reload on SIGHUP" wait_for 5 grep -q "Reload finished" "$TMP/vigild_vrrp.log"
check "vrrp child survives SIGHUP" pid_alive "$(pidfile_pid "$R")"

# 5. SIGTERM leaves nothing behind.
stop_and_check_clean "SIGTERM"
wait "$DAEMON"; rc=$?
check_eq "SIGTERM exit status" "$rc" 0

# 6. Only the children the config needs; -P / -C choose.
start_fg "$TMP/vrrp.conf"
check "vrrp-only config: vrrp child" wait_for 5 test -s "$R"
sleep 0.3
check "vrrp-only config: no checker child" test ! -e "$C"
stop_and_check_clean "vrrp-only"
wait "$DAEMON"
start_fg "$TMP/both.conf" -C
check "-C: checker child" wait_for 5 test -s "$C"
sleep 0.3
check "-C: no vrrp child" test ! -e "$R"
stop_and_check_clean "-C"
wait "$DAEMON"

# 7. -R: a dead child is not respawned; the daemon stops.
start_fg "$TMP/both.conf" -R
wait_for 5 test -s "$R"
kill -9 "$(pidfile_pid "$R")"
check "-R: daemon stops when a child dies" wait_for 5 pid_dead "$DAEMON"
check "-R: no pid files left" test ! -e "$P" -a ! -e "$R" -a ! -e "$C"

# 8. Daemonised (no -n): the launcher returns once the pid file is valid.
in_ns "$VIGILD" -G -f "$TMP/both.conf" "${PIDARGS[@]}"; rc=$?
check_eq "daemonising launcher exits 0" "$rc" 0
check "pid file valid when the launcher returns" pid_alive "$(pidfile_pid "$P")"
dpid=$(pidfile_pid "$P")
check_eq "daemon is a session leader" "$(ps -o sid= -p "${dpid:-0}" | tr -d ' ')" "$dpid"
wait_for 5 test -s "$R"
stop_and_check_clean "daemonised"

# 9. A child exiting with a configuration error stops the daemon with that code:
#    the interface disappears, the VRRP child is killed, its successor cannot
#    resolve the interface and exits 2; the parent stops everything with 2.
add_if eth9
sed 's/interface eth0/interface eth9/' "$TMP/both.conf" >"$TMP/eth9.conf"
start_fg "$TMP/eth9.conf"
wait_for 5 test -s "$R"
ip -n "$NS" link del eth9
kill -9 "$(pidfile_pid "$R")"
check "daemon stops after the child's config error" wait_for 5 pid_dead "$DAEMON"
wait "$DAEMON"; rc=$?
check_eq "daemon exit code is the child's (CONFIG)" "$rc" 2
check "the log names the missing interface" grep -q "interface eth9 does not exist" "$TMP/vigild_vrrp.log"
check "permanent error logged" grep -q "exited with permanent error 2" "$TMP/vigild.log"
check "no pid files left after the config error" test ! -e "$P" -a ! -e "$R" -a ! -e "$C"

finish
