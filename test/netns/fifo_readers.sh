#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# notify_fifo_script / lvs_notify_fifo_script: the parent creates each FIFO
# and starts its reader before the children, with the FIFO's path as last
# argument, as one process (its own process group) under vigild. Checked
# here with the checker child only (-C --ipvs-dry-run, a TCP_CHECK against a
# loopback listener of this test), so no namespace is needed:
#  - each reader got its FIFO path last and reads "VS [10.99.0.1]:tcp:80 UP";
#  - a reload with an unchanged configuration keeps both readers (same pid);
#  - a reload changing one reader's command replaces that one only;
#  - at SIGTERM the readers still read the children's last line (omega:
#    "VS ... DOWN"), reach end of file, and are gone when vigild has exited.
# script_user root with enable_script_security (root-owned script in a 0755
# directory under sticky /tmp: secure).
# Root only (scripts run as root here): exit 77 otherwise.
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || skip "needs root (scripts switch to the script user)"
[ -x "$VIGILD" ] || { echo "FAIL: $VIGILD not built"; exit 1; }
TMP=$(mktemp -d /tmp/vigil-fifo.XXXXXX)
chmod 755 "$TMP"
LISTENER=""
await() { local what=$1; shift; check "$what" wait_for "$@"; }
trap 'cleanup; [ -n "$LISTENER" ] && kill "$LISTENER" 2>/dev/null; true' EXIT

python3 -c '
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64)
print(s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept(); c.close()
' >"$TMP/port" &
LISTENER=$!
await "listener port" 5 test -s "$TMP/port"
port=$(cat "$TMP/port")

# The reader: one bash process, no fork per line.
cat >"$TMP/reader.sh" <<'SH'
#!/bin/bash
tag=$1
fifo=${!#}
dir=${fifo%/*}
echo "start $tag $$ $fifo" >>"$dir/starts"
while IFS= read -r line; do
	echo "$line" >>"$dir/$tag.out"
done <"$fifo"
echo "eof $tag $$" >>"$dir/starts"
SH
chmod 755 "$TMP/reader.sh"

write_conf() { # write_conf LVS_TAG
	cat >"$TMP/k.conf" <<CONF
global_defs {
	script_user root
	enable_script_security
	notify_fifo $TMP/all.fifo
	notify_fifo_script "$TMP/reader.sh all"
	lvs_notify_fifo $TMP/lvs.fifo
	lvs_notify_fifo_script "$TMP/reader.sh $1"
}
virtual_server 10.99.0.1 80 {
	delay_loop 1
	lb_algo rr
	protocol TCP
	omega
	real_server 127.0.0.1 $port {
		TCP_CHECK {
			connect_timeout 2
		}
	}
}
CONF
}
write_conf lvs
VS="VS [10.99.0.1]:tcp:80"
OPTS=(-f "$TMP/k.conf" -p "$TMP/vigild.pid" -c "$TMP/checker.pid" -r "$TMP/vrrp.pid")

"$VIGILD" -n -C --ipvs-dry-run -l -G "${OPTS[@]}" >"$TMP/log" 2>&1 &
vpid=$!
reader_pid() { awk -v t="$1" '$1 == "start" && $2 == t { p = $3 } END { print p }' "$TMP/starts"; }
await "both readers started" 10 bash -c "[ \$(grep -c '^start' '$TMP/starts' 2>/dev/null) -ge 2 ]"
await "UP line read from notify_fifo" 15 grep -qxF "$VS UP" "$TMP/all.out"
await "UP line read from lvs_notify_fifo" 5 grep -qxF "$VS UP" "$TMP/lvs.out"
all_pid=$(reader_pid all)
lvs_pid=$(reader_pid lvs)
check_eq "notify_fifo reader got the FIFO path last" \
	"$(awk '$2 == "all" { print $4 }' "$TMP/starts")" "$TMP/all.fifo"
check_eq "lvs_notify_fifo reader got the FIFO path last" \
	"$(awk '$2 == "lvs" { print $4 }' "$TMP/starts")" "$TMP/lvs.fifo"
first_reader=$(grep -n 'notify_fifo_script: started' "$TMP/log" | head -n 1 | cut -d: -f1)
child=$(grep -n 'Starting Healthcheck child process' "$TMP/log" | head -n 1 | cut -d: -f1)
check "readers started before the checker child (log lines $first_reader < $child)" \
	test "${first_reader:-999999}" -lt "${child:-0}"
check "the FIFOs were created as FIFOs" test -p "$TMP/all.fifo" -a -p "$TMP/lvs.fifo"
for p in "$all_pid" "$lvs_pid"; do
	check_eq "reader $p is a child of vigild" "$(ps -o ppid= -p "$p" | tr -d ' ')" "$vpid"
	check_eq "reader $p runs as one process (its group)" "$(pgrep -g "$p" | tr '\n' ' ')" "$p "
done

"$VIGILD" --reload "${OPTS[@]}" >>"$TMP/log" 2>&1
check "reload (unchanged) applied" test $? -eq 0
check_eq "unchanged reload: same readers" "$(grep -c '^start' "$TMP/starts")" 2
check "notify_fifo reader $all_pid still runs" kill -0 "$all_pid"
check "lvs_notify_fifo reader $lvs_pid still runs" kill -0 "$lvs_pid"

write_conf lvs2
"$VIGILD" --reload "${OPTS[@]}" >>"$TMP/log" 2>&1
check "reload (lvs reader changed) applied" test $? -eq 0
await "the changed reader started" 10 grep -q '^start lvs2 ' "$TMP/starts"
await "the old lvs reader is gone" 10 bash -c "! kill -0 $lvs_pid 2>/dev/null"
check "notify_fifo reader $all_pid kept" kill -0 "$all_pid"
lvs2_pid=$(reader_pid lvs2)

kill -TERM "$vpid"
wait "$vpid"
rc=$?
check_eq "vigild stops cleanly" "$rc" 0
check_eq "notify_fifo reader read the stop line last" "$(tail -n 1 "$TMP/all.out")" "$VS DOWN"
check_eq "lvs_notify_fifo reader read the stop line last" "$(tail -n 1 "$TMP/lvs2.out")" \
	"$VS DOWN"
check "notify_fifo reader reached end of file" grep -qx "eof all $all_pid" "$TMP/starts"
check "lvs_notify_fifo reader reached end of file" grep -qx "eof lvs2 $lvs2_pid" "$TMP/starts"
for p in "$all_pid" "$lvs2_pid"; do
	check "reader $p gone after vigild exited" bash -c "! kill -0 $p 2>/dev/null"
done
[ "$FAILS" -eq 0 ] || { cat "$TMP/log"; cat "$TMP/starts"; }
finish
