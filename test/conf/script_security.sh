#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# test/conf/script_security.sh: `vigild -t` with enable_script_security on
# scripts the test lays out at run time (git keeps no world-writable modes):
#   world_writable  a world-writable script, and a script in a world-writable
#                   directory: both refused, exit 6 (keepalived's code);
#   secure          root's scripts in root's directories, or in a sticky
#                   world-writable one like /tmp: exit 0.
# Inputs and expected diagnostics are test/conf/security/NAME.{conf,diag}.in
# with @DIR@ standing for the private directory. Needs root (the scripts
# must be root's for the layout to be the only problem): exit 77 otherwise.
#
# Needs $top_builddir (vigild) and $top_srcdir, as set by "make check".

set -u
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
top_builddir=${top_builddir:-.}
vigild=$(cd "$top_builddir" && pwd)/vigild
src=$(cd "$top_srcdir" && pwd)/test/conf/security

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: script_security.sh needs root (root-owned scripts)"
	exit 77
fi
[ -x "$vigild" ] || { echo "script_security.sh: $vigild not built" >&2; exit 99; }

dir=$(mktemp -d /tmp/vigil-scrsec.XXXXXX) || exit 99
trap 'rm -rf "$dir"' EXIT
trap 'exit 99' INT TERM
chmod 755 "$dir"
mkdir "$dir/open" "$dir/sticky"
chmod 777 "$dir/open"
chmod 1777 "$dir/sticky"
for f in ww.sh open/in_open.sh ok.sh sticky/in_sticky.sh; do
	printf '#!/bin/sh\nexit 0\n' >"$dir/$f"
	chmod 755 "$dir/$f"
done
chmod 777 "$dir/ww.sh"

pass=0
fail=0
run() { # run NAME EXPECTED-EXIT
	sed "s|@DIR@|$dir|g" "$src/$1.conf.in" >"$dir/$1.conf"
	sed "s|@DIR@|$dir|g" "$src/$1.diag.in" >"$dir/$1.want"
	(cd "$dir" && "$vigild" -t -f "$1.conf") >"$dir/$1.out" 2>"$dir/$1.err"
	rc=$?
	ok=1
	if [ "$rc" != "$2" ]; then
		echo "FAIL $1: vigild -t exit $rc, expected $2"
		ok=0
	fi
	if ! diff -u "$dir/$1.want" "$dir/$1.err"; then
		echo "FAIL $1: diagnostics differ"
		ok=0
	fi
	if [ $ok = 1 ]; then
		echo "ok   $1 (exit $rc)"
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
}

run world_writable 6
run secure 0
# the same world-writable script is fine once nobody else can write it
chmod 755 "$dir/ww.sh" "$dir/open"
sed "s|@DIR@|$dir|g" "$src/world_writable.conf.in" >"$dir/fixed.conf"
(cd "$dir" && "$vigild" -t -f fixed.conf) >/dev/null 2>"$dir/fixed.err"
rc=$?
if [ $rc = 0 ] && [ ! -s "$dir/fixed.err" ]; then
	echo "ok   fixed modes (exit 0)"
	pass=$((pass + 1))
else
	echo "FAIL fixed modes: exit $rc"
	cat "$dir/fixed.err"
	fail=$((fail + 1))
fi
echo "script security: $pass passed, $fail failed"
[ $fail = 0 ]
