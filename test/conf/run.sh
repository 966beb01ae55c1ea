#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# test/conf/run.sh: golden tests for the configuration model (daemon/conf).
#
#   test/conf/NAME.conf      input; NAME.dump (stdout), NAME.diag (stderr) and
#                            NAME.rc (exit code, absent = 0) are the expectations.
#                            Run without system checks, so results do not depend
#                            on the machine.
#   test/conf/system/*.conf  same, run with system checks (-s) in a network
#                            namespace that has eth0..eth2; skipped unless root.
#   test/conf/fixtures/*.conf  the seed configurations; run like system tests
#                            when root, else without system checks.
#
# Every dump must parse again to the same dump with no error (round trip).
# When /usr/share/doc/keepalived/samples exists, each sample must round-trip,
# and where keepalived -t accepts it (checked in the namespace when root and
# keepalived is installed) the model must accept it too.
#
#   run.sh --update    rewrites the expectations from the current output.
#
# Needs $top_builddir (the tool) and $top_srcdir (the inputs), as set by
# "make check"; exits 0 on success, 1 on failure.

set -u

top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
top_builddir=${top_builddir:-.}
tool=$(cd "$top_builddir" && pwd)/test/conf/conf_dump_tool
dir=$(cd "$top_srcdir/test/conf" && pwd)
samples=/usr/share/doc/keepalived/samples
update=0
[ "${1:-}" = "--update" ] && update=1

if [ ! -x "$tool" ]; then
	echo "run.sh: $tool not built" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vigil-conf.XXXXXX") || exit 1
ns=""
cleanup() {
	[ -n "$ns" ] && ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# A namespace with eth0..eth2 (veth pairs: dummy may be unavailable).
setup_ns() {
	[ "$(id -u)" = 0 ] || return 1
	command -v ip >/dev/null 2>&1 || return 1
	ns=vigil-conf-$$
	ip netns add "$ns" 2>/dev/null || { ns=""; return 1; }
	for i in 0 1 2; do
		ip -n "$ns" link add "eth$i" type veth peer name "peer$i" 2>/dev/null ||
			ip -n "$ns" link add "eth$i" type dummy 2>/dev/null || return 1
		ip -n "$ns" link set "eth$i" up 2>/dev/null
	done
	ip -n "$ns" link set lo up 2>/dev/null
	return 0
}

in_ns() {
	if [ -n "$ns" ]; then
		ip netns exec "$ns" "$@"
	else
		"$@"
	fi
}

fail=0
pass=0
skip=0

# check NAME.conf in directory D with tool options OPTS (runs in the namespace if set).
check() {
	d=$1
	name=$2
	shift 2
	base=${name%.conf}
	# System checks warn about files a non-root user could change: run those
	# from a root-owned copy so that the checkout's owner does not matter.
	rd=$d
	if [ "${1:-}" = -s ]; then
		rd=$tmp/copy/$(basename "$d")
		[ -d "$rd" ] || { mkdir -p "$tmp/copy" && cp -r "$d" "$rd" && chmod -R go-w "$rd"; }
	fi
	(cd "$rd" && in_ns "$tool" "$@" "$name" >"$tmp/out" 2>"$tmp/err")
	rc=$?
	if [ $update = 1 ]; then
		cp "$tmp/out" "$d/$base.dump"
		cp "$tmp/err" "$d/$base.diag"
		if [ $rc = 0 ]; then rm -f "$d/$base.rc"; else echo $rc >"$d/$base.rc"; fi
	fi
	want=0
	[ -f "$d/$base.rc" ] && want=$(cat "$d/$base.rc")
	ok=1
	if [ "$rc" != "$want" ]; then
		echo "FAIL $d/$name: exit $rc, expected $want"
		ok=0
	fi
	if ! diff -u "$d/$base.dump" "$tmp/out" >"$tmp/diff"; then
		echo "FAIL $d/$name: dump differs"
		cat "$tmp/diff"
		ok=0
	fi
	if ! diff -u "$d/$base.diag" "$tmp/err" >"$tmp/diff"; then
		echo "FAIL $d/$name: diagnostics differ"
		cat "$tmp/diff"
		ok=0
	fi
	if ! round_trip "$tmp/out"; then
		echo "FAIL $d/$name: the dump does not round-trip"
		ok=0
	fi
	if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
}

# The dump in $1 must parse without errors to the same dump.
round_trip() {
	[ -s "$1" ] || return 0
	cp "$1" "$tmp/rt.conf"
	"$tool" "$tmp/rt.conf" >"$tmp/rt.out" 2>"$tmp/rt.err"
	rt=$?
	if [ $rt != 0 ] && [ $rt != 6 ]; then
		cat "$tmp/rt.err"
		return 1
	fi
	diff -u "$1" "$tmp/rt.out"
}

for f in "$dir"/*.conf; do
	[ -f "$f" ] || continue
	check "$dir" "$(basename "$f")"
done

if setup_ns; then
	for f in "$dir"/system/*.conf; do
		[ -f "$f" ] || continue
		check "$dir/system" "$(basename "$f")" -s
	done
	sysopt=-s
	# A configuration file anyone may change is worth a warning (not an error).
	mkdir -p "$tmp/perm" && chmod 755 "$tmp/perm"
	printf 'global_defs {\n    router_id perm\n}\n' >"$tmp/perm/open.conf"
	chmod 666 "$tmp/perm/open.conf"
	(cd "$tmp/perm" && in_ns "$tool" -s open.conf >/dev/null 2>"$tmp/err")
	rc=$?
	if [ $rc = 0 ] && grep -q "^open.conf: warning: .*open.conf is writable by a non-root user" "$tmp/err"; then
		pass=$((pass + 1))
	else
		echo "FAIL a world-writable configuration file: exit $rc, expected 0 and a warning:"
		cat "$tmp/err"
		fail=$((fail + 1))
	fi
else
	echo "SKIP system tests (need root and network namespaces)"
	skip=$((skip + 1))
	sysopt=""
fi

for f in "$dir"/fixtures/*.conf; do
	[ -f "$f" ] || continue
	check "$dir/fixtures" "$(basename "$f")" $sysopt
done

# Debian's keepalived samples: round trip always; accepted wherever keepalived accepts.
if [ -d "$samples" ] && [ $update = 0 ]; then
	ka=""
	[ -n "$ns" ] && command -v keepalived >/dev/null 2>&1 && ka=keepalived
	for f in "$samples"/keepalived.conf.*; do
		[ -f "$f" ] || continue
		n=$(basename "$f")
		(cd "$samples" && in_ns "$tool" $sysopt "$n" >"$tmp/out" 2>"$tmp/err")
		rc=$?
		karc=-
		if [ -n "$ka" ]; then
			(cd "$samples" && in_ns timeout 30 keepalived -t -f "$n" >/dev/null 2>&1)
			karc=$?
		fi
		if [ "$karc" = 0 ] && [ $rc != 0 ]; then
			echo "FAIL sample $n: keepalived -t accepts it, vigil exits $rc"
			cat "$tmp/err"
			fail=$((fail + 1))
		elif ! round_trip "$tmp/out" >"$tmp/diff"; then
			echo "FAIL sample $n: the dump does not round-trip"
			cat "$tmp/diff"
			fail=$((fail + 1))
		else
			echo "ok   sample $n (vigil $rc, keepalived $karc)"
			pass=$((pass + 1))
		fi
	done
fi

echo "conf golden: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
