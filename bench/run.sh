#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs every benchmark in bench/ (each bench/*.sh but lib.sh and this file, in
# name order), then prints all their RESULT lines together. Needs root. Each
# benchmark's full output goes to $BENCH_LOG_DIR/<name>.log (default: a new
# /tmp/vigil-bench-logs.XXXXXX). Environment is passed through (top_builddir,
# VIGILD, BENCH_N, ...). Exit status: 1 if a benchmark failed, else 0. Never
# part of make check: "make bench" runs it.
if [ "$(id -u)" != 0 ]; then
	echo "bench/run.sh: the benchmarks need root (network namespaces); refusing" >&2
	exit 1
fi
cd "$(dirname "$0")" || exit 1
LOGS=${BENCH_LOG_DIR:-$(mktemp -d /tmp/vigil-bench-logs.XXXXXX)}
mkdir -p "$LOGS"
failed="" skipped=""
for b in ./*.sh; do
	case "$b" in ./lib*.sh | ./run.sh) continue ;; esac
	name=$(basename "$b" .sh)
	echo "=== bench: $name ($(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg))"
	bash "$b" 2>&1 | tee "$LOGS/$name.log"
	rc=${PIPESTATUS[0]}
	case $rc in
	0) ;;
	77) skipped="$skipped $name" ;;
	*) failed="$failed $name"; echo "FAILED: $name (exit $rc)" ;;
	esac
done
echo "=== summary (logs in $LOGS; ratio = vigil/keepalived, below 1: vigil faster or smaller)"
cat "$LOGS"/*.log | grep '^RESULT ' | column -t
[ -n "$skipped" ] && echo "skipped:$skipped"
[ -n "$failed" ] && { echo "failed:$failed"; exit 1; }
exit 0
