#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Configuration compatibility through the real vigild binary, in a namespace
# with eth0..eth2 (the interfaces the configs name):
#  - every seed fixture: vigild -t exits 0 with notes for legacy keywords,
#    except seed002-nat-howto-syncgroup.conf (exit 5, only its two
#    "-- cut here --" lines are errors);
#  - every sample of Debian's keepalived package: where keepalived 2.2.7 -t
#    exits 0, vigild -t exits 0, and vigild -t -d's dump parses to the same dump.
. "$(dirname "$0")/lib.sh"
require_root
setup_ns conf eth0 eth1 eth2

vt() { in_ns "$VIGILD" -t "$@"; }
roundtrip() { # roundtrip FILE: dump, re-parse the dump, dumps equal
	local d1="$TMP/d1" d2="$TMP/d2"
	vt -d -f "$1" >"$d1" 2>/dev/null
	vt -d -f "$d1" >"$d2" 2>"$TMP/d2.err"
	cmp -s "$d1" "$d2" && ! grep -q "error" "$TMP/d2.err"
}

for f in "$top_srcdir"/test/conf/fixtures/seed*.conf; do
	name=$(basename "$f")
	out=$(vt -f "$f" 2>&1); rc=$?
	if [ "$name" = seed002-nat-howto-syncgroup.conf ]; then
		check_eq "$name: -t exit code" "$rc" 5
		check_eq "$name: errors are the two cut-here lines" \
			"$(grep -c ': error:' <<<"$out")" 2
		check "$name: the errors name '--'" test "$(grep ': error:' <<<"$out" | grep -c -- "'--'")" = 2
	else
		check_eq "$name: -t exit code" "$rc" 0
		check "$name: no error or warning lines beyond notes" \
			bash -c "! grep -q ': error:' <<<'$(sed "s/'/ /g" <<<"$out")'"
	fi
	check "$name: dump round-trips" roundtrip "$f"
done
notes=$(vt -f "$top_srcdir/test/conf/fixtures/seed000-lvs-keepalived.conf" 2>&1)
check "legacy keywords get a one-line note" grep -q "note: 'lb_algo'" <<<"$notes"

samples=/usr/share/doc/keepalived/samples
if command -v keepalived >/dev/null && [ -d "$samples" ]; then
	accepted=0
	for f in "$samples"/keepalived.conf.*; do
		[ -f "$f" ] || continue
		case "$f" in *.gz) zcat "$f" >"$TMP/sample.conf" ;; *) cp "$f" "$TMP/sample.conf" ;; esac
		in_ns keepalived -t -f "$TMP/sample.conf" >/dev/null 2>&1 || continue
		accepted=$((accepted + 1))
		vt -f "$TMP/sample.conf" >/dev/null 2>"$TMP/v.err"; rc=$?
		check_eq "$(basename "$f"): keepalived accepts, vigild -t exit" "$rc" 0
		check "$(basename "$f"): dump round-trips" roundtrip "$TMP/sample.conf"
	done
	check "keepalived accepted some samples ($accepted)" test "$accepted" -gt 0
else
	echo "# keepalived or its samples not installed: sample comparison skipped"
fi
finish
