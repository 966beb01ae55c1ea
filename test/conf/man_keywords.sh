#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# test/conf/man_keywords.sh: fails when doc/vigil.conf.5 and the keyword
# tables of the config model (daemon/conf) disagree.
#
# The keyword list comes from the code, never from a hand-kept list:
#   - test/conf/kwlist, linked with daemon/conf/libconfmodel.a, walks the
#     tables the model exports (conf_all_blocks with their chained tables,
#     conf_checker_blocks) and prints "BLOCK KEYWORD KIND";
#   - the few tables the model keeps static and reaches only from a handler
#     (authentication { }, SMTP_CHECK host { }) are invisible to kwlist, so
#     the table entries of daemon/conf/*.c are also extracted from the
#     sources (KW_FLAG("name", ...) and the other macros that set .name from
#     their first parameter, and .name = "name"); those kwlist does not
#     print must appear somewhere in the page as ".It Ic keyword".
#
# The page marks the region of each block with a comment line
# '.\" @block NAME [NAME...]'; a region ends at the next marker or .Sh.
# Checked:
#   - every keyword of a block is an ".It Ic keyword" item in a region of
#     that block; an unsupported one (KW_UNSUP) may instead be listed with
#     ".Ic" (its block's "Not supported" list);
#   - every ".It Ic" item of a region is a keyword of one of the region's
#     blocks (or a keyword of a static table), so removed keywords go too.
#
# Needs $top_builddir (kwlist) and $top_srcdir (page and sources), as set by
# "make check"; exits 0 on success, 1 on a mismatch, 99 when it cannot run.

set -u

top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
top_builddir=${top_builddir:-.}
kwlist=$top_builddir/test/conf/kwlist
page=$top_srcdir/doc/vigil.conf.5
srcdir=$top_srcdir/daemon/conf

for f in "$kwlist" "$page" "$srcdir/conf.c"; do
	if [ ! -e "$f" ]; then
		echo "man_keywords.sh: $f not found (build kwlist; run from the build tree)" >&2
		exit 99
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vigil-mankw.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' INT TERM

if ! "$kwlist" >"$tmp/tables"; then
	echo "man_keywords.sh: $kwlist failed" >&2
	exit 99
fi

# The keyword macros are those whose definition sets .name from their first
# parameter (KW_FLAG, SECTION, TRACK ...; not SCHED_KWS, whose argument is a
# prefix); each literal first argument of one, and each .name = "name", is
# a keyword.
macros=$(awk '
	{ line = cont ? line " " $0 : $0; cont = sub(/\\$/, "", line) }
	cont { next }
	match(line, /^#define [A-Z][A-Z0-9_]*\([a-z]+/) {
		split(substr(line, 9, RLENGTH - 8), w, "(")
		if (index(line, ".name = (" w[2] ")")) print w[1]
	}
' "$srcdir"/*.h "$srcdir"/*.c | sort -u | paste -sd'|' -)
if [ -z "$macros" ]; then
	echo "man_keywords.sh: no keyword macro found in $srcdir" >&2
	exit 99
fi
grep -ohE "(^|[^A-Za-z0-9_])($macros)\\(\"[^\"]+\"|\\.name = \"[^\"]+\"" "$srcdir"/*.c |
	sed -E 's/.*"([^"]+)"$/\1/' | sort -u >"$tmp/grepped"
awk '{ print $2 }' "$tmp/tables" | sort -u >"$tmp/listed"
comm -23 "$tmp/grepped" "$tmp/listed" >"$tmp/static"

# The page's documented keywords, one line per region and block:
# "item REGION BLOCK KW" for ".It Ic KW", "list REGION BLOCK KW" for each
# word of an ".Ic" line.
awk '
	/^\.\\" @block / { n = split($0, w, " "); nb = 0; region++
		for (i = 3; i <= n; i++) blocks[++nb] = w[i]
		next }
	/^\.Sh / { nb = 0; next }
	nb == 0 { next }
	{ gsub(/\\-/, "-") }
	/^\.It Ic / { for (b = 1; b <= nb; b++) print "item", region, blocks[b], $3; next }
	/^\.Ic / {
		for (i = 2; i <= NF; i++) {
			if ($i ~ /^[A-Z][a-z][a-z]?$/) break
			if ($i ~ /^[,;:.()]$/) continue
			for (b = 1; b <= nb; b++) print "list", region, blocks[b], $i
		}
	}
' "$page" >"$tmp/page"

awk -v page="$page" '
	FILENAME == ARGV[1] { nt++; tb[nt] = $1; tk[nt] = $2; tkind[nt] = $3
		known[$1, $2] = 1; blocks[$1] = 1; next }
	FILENAME == ARGV[2] { static[$1] = 1; ns++; next }
	!(($2, $3) in seen) { seen[$2, $3] = 1; region_blocks[$2] = region_blocks[$2] " " $3 }
	{ hasblock[$3] = 1
	  if ($1 == "item") { item[$3, $4] = 1; anyitem[$4] = 1; ritem[$2, $4] = 1 }
	  else list[$3, $4] = 1 }
	function bad(msg) { print msg; fail = 1 }
	END {
		for (b in blocks)
			if (!(b in hasblock))
				bad("block " b ": no region marked \".\\\" @block " b "\" in " page)
		for (i = 1; i <= nt; i++) {
			b = tb[i]; k = tk[i]
			if ((b, k) in item) continue
			if (tkind[i] == "unsup" && (b, k) in list) continue
			if (tkind[i] == "unsup")
				bad(b ": unsupported keyword \"" k "\" is not in its Not supported list")
			else
				bad(b ": keyword \"" k "\" (" tkind[i] ") has no \".It Ic " k "\" entry")
		}
		for (k in static)
			if (!(k in anyitem))
				bad("keyword \"" k "\" (in a table kwlist cannot see) has no \".It Ic " k "\" entry")
		for (rk in ritem) {
			split(rk, p, SUBSEP); r = p[1]; k = p[2]
			ok = k in static
			nb = split(region_blocks[r], rb, " ")
			for (j = 1; j <= nb && !ok; j++) ok = (rb[j], k) in known
			if (!ok)
				bad("region of" region_blocks[r] ": \".It Ic " k "\" is no keyword of the model there")
		}
		if (!fail)
			printf "man_keywords: %d table entries and %d other keywords documented in %s\n", \
			    nt, ns, page
		exit fail
	}
' "$tmp/tables" "$tmp/static" "$tmp/page"
