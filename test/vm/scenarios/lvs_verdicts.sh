#!/bin/sh
# lvs_verdicts: vigild's checkers reach the same verdicts as keepalived 2.2.7's, step by
# step. One config checks six real servers with TCP_CHECK, HTTP_GET with status_code,
# HTTP_GET with digest, MISC_CHECK (inhibit_on_failure) and MISC_CHECK with
# misc_dynamic, against busybox httpd listeners on 127.0.0.1 and a script whose exit
# status a file sets; a second service has a sorry server. A scripted sequence (a
# listener killed and restarted, a page removed (404), a page changed (wrong digest),
# scripts exiting 0 and 1, dynamic weights, exit 0 after a dynamic weight) runs under
# keepalived -C, then again under vigild -C; `ipvsadm -Sn | sort` is recorded after
# each step once settled and the two sequences must be identical. Settled: keepalived's
# table unchanged for 1.5 s, at least 2 s after the step (each step changes the table,
# which the scenario checks); vigild's equal to keepalived's for that step and
# unchanged for 1.5 s, within 20 s.
set -eu

[ "${VIGILD_AVAILABLE:-0}" = 1 ] || { echo "SKIP: no vigild in the guest"; exit 77; }
fail=0

# Scripts live under /run (root's, mode 755): enable_script_security accepts them.
S=/run/vigil-verdicts
mkdir -p "$S"
chmod 755 "$S"
cat >"$S/misc.sh" <<'EOF'
#!/bin/sh
# misc.sh NAME: exits with the status in /run/vigil-verdicts/NAME.rc
exit "$(cat "/run/vigil-verdicts/$1.rc")"
EOF
chmod 755 "$S/misc.sh"

mkdir -p www
echo "status page" >www/status.html.good
echo "digest page" >www/digest.html.good
digest=$(md5sum www/digest.html.good | cut -d' ' -f1)

cat >lvs.conf <<CONF_EOF
global_defs {
	router_id lvs_verdicts
	script_user root
	enable_script_security
}
virtual_server 10.9.0.1 80 {
	protocol TCP
	lvs_sched wrr
	delay_loop 1
	retry 0
	delay_before_retry 1
	warmup 0
	real_server 10.9.1.1 80 {
		weight 1
		TCP_CHECK {
			connect_ip 127.0.0.1
			connect_port 8101
			connect_timeout 1
		}
	}
	real_server 10.9.1.2 80 {
		weight 2
		HTTP_GET {
			url {
				path /status.html
				status_code 200
			}
			connect_ip 127.0.0.1
			connect_port 8102
			connect_timeout 1
		}
	}
	real_server 10.9.1.3 80 {
		weight 3
		HTTP_GET {
			url {
				path /digest.html
				digest $digest
			}
			connect_ip 127.0.0.1
			connect_port 8102
			connect_timeout 1
		}
	}
	real_server 10.9.1.4 80 {
		weight 4
		inhibit_on_failure
		MISC_CHECK {
			misc_path "$S/misc.sh m4"
			misc_timeout 5
		}
	}
	real_server 10.9.1.5 80 {
		weight 1
		MISC_CHECK {
			misc_path "$S/misc.sh m5"
			misc_timeout 5
			misc_dynamic
		}
	}
}
virtual_server 10.9.0.2 80 {
	protocol TCP
	lvs_sched rr
	delay_loop 1
	retry 0
	warmup 0
	sorry_server 10.9.1.9 80
	real_server 10.9.1.6 80 {
		TCP_CHECK {
			connect_ip 127.0.0.1
			connect_port 8101
			connect_timeout 1
		}
	}
}
CONF_EOF

table() {
	ipvsadm -Sn | sort
}
uptime_ds() { # tenths of a second since boot
	awk '{ printf "%d", $1 * 10 }' /proc/uptime
}

# listen PORT / unlisten PORT: a busybox httpd on 127.0.0.1:PORT serving www/.
listen() {
	httpd -f -p "127.0.0.1:$1" -h www &
	eval "HTTPD_$1=\$!"
}
unlisten() {
	eval "kill \$HTTPD_$1" 2>/dev/null || true
	eval "wait \$HTTPD_$1" 2>/dev/null || true
}
page() { # page NAME good|bad|gone
	case $2 in
	good) cp "www/$1.good" "www/$1" ;;
	bad) echo "something else" >"www/$1" ;;
	gone) rm -f "www/$1" ;;
	esac
}
rc() { # rc NAME STATUS: the exit status of misc.sh NAME
	echo "$2" >"$S/$1.rc"
}

# settle OUT [WANT]: wait (20 s at most) until the table has been the same for 1.5 s,
# and equals the file WANT when given, or else is not empty and 2 s have passed; the
# table goes to OUT.
settle() {
	t0=$(uptime_ds)
	prev="" since=$t0 min=20
	[ -z "${2:-}" ] || min=0 # equal to WANT: no minimum needed
	while :; do
		now=$(uptime_ds)
		cur=$(table)
		# the table is never empty here: empty means not started yet
		if [ "$cur" != "$prev" ] || [ -z "$cur" ] ||
			{ [ -n "${2:-}" ] && [ "$cur" != "$(cat "$2")" ]; }; then
			since=$now
		fi
		prev=$cur
		if [ $((now - t0)) -ge "$min" ] && [ $((now - since)) -ge 15 ]; then
			printf '%s\n' "$cur" >"$1"
			return 0
		fi
		if [ $((now - t0)) -ge 200 ]; then
			printf '%s\n' "$cur" >"$1"
			return 1
		fi
		sleep 0.3
	done
}

# The steps; step N prepares the servers, the tables are recorded after each.
STEPS="0 1 2 3 4"
step() {
	case $1 in
	0) # all up; the dynamic script says weight 3
		page status.html good
		page digest.html good
		rc m4 0
		rc m5 5
		listen 8101
		listen 8102 ;;
	1) # TCP port closed, status 404, misc exit 1 (inhibit), dynamic weight 7
		unlisten 8101
		page status.html gone
		rc m4 1
		rc m5 9 ;;
	2) # TCP back, status back, wrong digest, misc exit 0, dynamic script exit 0
		listen 8101
		page status.html good
		page digest.html bad
		rc m4 0
		rc m5 0 ;;
	3) # every server down: listeners gone (the digest page is fixed meanwhile),
		# both scripts exit 1
		unlisten 8101
		unlisten 8102
		page digest.html good
		rc m4 1
		rc m5 1 ;;
	4) # every server back, the dynamic script exits 2 (weight 0)
		listen 8101
		listen 8102
		rc m4 0
		rc m5 2 ;;
	esac
}

stop() { # stop PID NAME
	kill -TERM "$1" 2>/dev/null || true
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		echo "  $2 did not stop; killing it"
		kill -KILL "$1" 2>/dev/null || true
	fi
	wait "$1" 2>/dev/null || true
}

# Keepalived first: the reference sequence.
ipvsadm -C
step 0
keepalived -n -C -f "$PWD/lvs.conf" -p "$PWD/k.pid" -c "$PWD/kc.pid" -r "$PWD/kv.pid" \
	>ka.log 2>&1 &
KA=$!
for n in $STEPS; do
	[ "$n" = 0 ] || step "$n"
	settle "ka.$n" || echo "  keepalived: step $n: table not stable"
done
stop "$KA" keepalived
unlisten 8101
unlisten 8102
prev=""
for n in $STEPS; do
	if [ -n "$prev" ] && cmp -s "ka.$prev" "ka.$n"; then
		echo "FAIL: keepalived's table after step $n is the one of step $prev (scenario wrong?)"
		fail=1
	fi
	prev=$n
done

# Then vigild through the same steps.
ipvsadm -C
step 0
"$VIGILD" -n -l -C -f "$PWD/lvs.conf" -p "$PWD/v.pid" -c "$PWD/vc.pid" -r "$PWD/vv.pid" \
	>vigild.log 2>&1 &
VG=$!
for n in $STEPS; do
	[ "$n" = 0 ] || step "$n"
	settle "vigil.$n" "ka.$n" || echo "  vigild: step $n: never reached keepalived's table"
done
stop "$VG" vigild
unlisten 8101
unlisten 8102

for n in $STEPS; do
	if cmp -s "ka.$n" "vigil.$n"; then
		echo "PASS: step $n: $(grep -c '^-a' "ka.$n" || true) real servers, same as keepalived"
		sed 's/^/  /' "ka.$n"
	else
		echo "FAIL: step $n: vigild's table differs from keepalived's"
		diff -u "ka.$n" "vigil.$n" | sed 's/^/  /' || true
		fail=1
	fi
done
[ -z "$(table)" ] || { echo "FAIL: vigild left entries behind"; table; fail=1; }
if [ $fail != 0 ]; then
	echo "  --- vigild's log"
	tail -n 40 vigild.log | sed 's/^/  /'
	exit 1
fi
echo "lvs_verdicts: ok"
