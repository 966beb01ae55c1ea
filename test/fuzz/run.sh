#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test/fuzz/run.sh [SECONDS [NAME...]]: builds every libFuzzer target
# test/fuzz/fuzz_NAME.c (or only the NAMEs given) with clang (ASan + UBSan) and runs
# each for SECONDS (default 60) on test/fuzz/corpus/NAME.
# Exits non-zero if a target fails to build or the fuzzer finds a crash, leak or
# timeout; the reproducer is left in $FUZZ_BUILD/artifacts.
#
# A target lists what it links in its header comment, paths relative to the top of
# the tree (a directory means its *.c files), and may give dictionary entries:
#   FUZZ_SOURCES: lib/conf lib/util/xalloc.c
#   FUZZ_DICT: "include " "${_HASH}"
# Environment: FUZZ_BUILD (default <top>/build-fuzz), FUZZ_CC (default clang),
# FUZZ_ARGS (extra libFuzzer options, e.g. -jobs=2 -workers=2).
set -u

secs=${1:-60}
[ $# -gt 0 ] && shift
only=" $* "
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${FUZZ_BUILD:-$top/build-fuzz}
cc=${FUZZ_CC:-clang}
status=0

command -v "$cc" >/dev/null 2>&1 || { echo "run.sh: $cc not found (apt-get install clang)" >&2; exit 2; }
mkdir -p "$out/artifacts" || exit 2

# config.h comes from a configure run of our own (kept between runs).
if [ ! -f "$out/config.h" ]; then
	echo "run.sh: configuring $out for config.h"
	(cd "$out" && "$top/configure" CC="$cc" >configure.log 2>&1) ||
		{ echo "run.sh: configure failed, see $out/configure.log" >&2; exit 2; }
fi

for src in "$top"/test/fuzz/fuzz_*.c; do
	[ -f "$src" ] || continue
	base=$(basename "$src" .c)
	name=${base#fuzz_}
	[ "$only" = "  " ] || case "$only" in *" $name "*) ;; *) continue ;; esac
	srcs=""
	for s in $(sed -n 's/^.*FUZZ_SOURCES:\(.*\)$/\1/p' "$src"); do
		if [ -d "$top/$s" ]; then
			srcs="$srcs $(ls "$top/$s"/*.c | tr '\n' ' ')"
		else
			srcs="$srcs $top/$s"
		fi
	done
	libs=$(sed -n 's/^.*FUZZ_LIBS:\(.*\)$/\1/p' "$src")
	dict="$out/$name.dict"
	sed -n 's/^.*FUZZ_DICT:\(.*\)$/\1/p' "$src" | grep -oE '"([^"\\]|\\.)*"' >"$dict"
	dictarg=""
	[ -s "$dict" ] && dictarg="-dict=$dict"

	echo "run.sh: building $base"
	# shellcheck disable=SC2086
	if ! "$cc" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-I"$out" -I"$top" -I"$top/lib" -I"$top/daemon" $srcs "$src" $libs -o "$out/$base"; then
		echo "run.sh: FAIL: $base does not build" >&2
		status=1
		continue
	fi

	mkdir -p "$out/corpus/$name"
	seeds="$top/test/fuzz/corpus/$name"
	[ -d "$seeds" ] || seeds=""
	echo "run.sh: running $base for ${secs}s"
	# shellcheck disable=SC2086
	if ! (cd "$out" && "./$base" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$out/artifacts/$name-" $dictarg \
		${FUZZ_ARGS:-} "$out/corpus/$name" $seeds); then
		echo "run.sh: FAIL: $base found a problem, see $out/artifacts/" >&2
		status=1
	fi
done
exit $status
