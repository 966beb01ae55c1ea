#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# IPVS benchmark in the QEMU guest (test/vm/run.sh), vigil against keepalived 2.2.7,
# both run with -C in the same guest, alternating, several rounds:
#   program   time from start to a complete table, 1,000 x 10 and 5,000 x 10
#             virtual x real servers (bench/vm/ipvs_program.sh)
#   reload    the 40,000-real-server config (2,000 x 20): time to a complete table,
#             then a reload (SIGHUP) with one real server's weight changed, time
#             until the change is in the kernel; RSS of the parent and of the
#             checker child after start and after the reload (bench/vm/ipvs_reload.sh)
# Prints the guest's raw lines, then medians in the format of bench/lib.sh:
#   RESULT ipvs <metric> vigil=<median> keepalived=<median> ratio=<v/k> n=<rounds>
# A ratio below 1 means vigil is faster (or smaller). Never asserts a time.
# Root is not needed (QEMU runs with TCG), so `sudo bench/ipvs.sh` works as well.
#
# Environment: top_builddir (default /work/main/build; vigild is taken from there),
# VIGILD, BENCH_IPVS_ROUNDS (3), BENCH_IPVS_SIZES ("1000x10 5000x10"),
# BENCH_IPVS_RELOAD_SIZES ("2000x20"), BENCH_IPVS_ONLY (program|reload: one part),
# VM_TIMEOUT (3600), VM_MEM (2048), VM_BUILD_DIR (default: a directory of its own).
set -u

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
top_builddir=${top_builddir:-/work/main/build}
VIGILD=${VIGILD:-$top_builddir/vigild}
ROUNDS=${BENCH_IPVS_ROUNDS:-3}
SIZES=${BENCH_IPVS_SIZES:-1000x10 5000x10}
RSIZES=${BENCH_IPVS_RELOAD_SIZES:-2000x20}
[ -x "$VIGILD" ] || { echo "ERROR: $VIGILD not built (set top_builddir or VIGILD)"; exit 1; }

tmp=$(mktemp -d /tmp/vigil-bench-ipvs.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# The guest scripts with this run's rounds and sizes.
scripts=()
for s in ipvs_program ipvs_reload; do
	[ -n "${BENCH_IPVS_ONLY:-}" ] && [ "ipvs_$BENCH_IPVS_ONLY" != "$s" ] && continue
	sz=$SIZES
	[ "$s" = ipvs_reload ] && sz=$RSIZES
	sed -e "s/^ROUNDS=.*/ROUNDS=$ROUNDS/" -e "s/^SIZES=.*/SIZES=\"$sz\"/" \
		"$here/vm/$s.sh" >"$tmp/$s.sh"
	scripts+=("$tmp/$s.sh")
done

echo "# bench/ipvs.sh: $(date -u '+%Y-%m-%d %H:%M UTC'), host $(uname -r)," \
	"$(nproc) cpu ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
echo "# vigild: $VIGILD ($("$VIGILD" -v 2>&1 | head -n 1))"
echo "# rounds $ROUNDS, program sizes $SIZES, reload sizes $RSIZES"
log=$tmp/console.log
VM_TIMEOUT=${VM_TIMEOUT:-3600} VM_SCENARIO_TIMEOUT=${VM_SCENARIO_TIMEOUT:-3000} \
	VM_MEM=${VM_MEM:-2048} VM_BUILD_DIR=${VM_BUILD_DIR:-/tmp/vigil-vm-bench-ipvs-$(id -u)} \
	VIGILD=$VIGILD "$top_srcdir/test/vm/run.sh" "${scripts[@]}" >"$log" 2>&1
rc=$?
grep -E '^(BENCH|VM-RESULT|vm:)' "$log"
[ "$rc" = 0 ] || { echo "# test/vm/run.sh exited $rc; the console:"; tail -n 40 "$log"; }

# Medians: "BENCH kind size daemon round value [value2]".
awk '
function median(s,    n, a, i, j, t) {
	n = split(s, a, " ")
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	if (n == 0) return ""
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function add(key, d, v) {
	val[key, d] = val[key, d] " " v
	cnt[key, d]++
	if (!(key in seen)) { seen[key] = 1; keys[++nk] = key }
}
$1 == "BENCH" && ($2 == "program" || $2 == "reload") {
	add($2 "_" $3 "_s", $4, $6)
}
$1 == "BENCH" && ($2 == "rss" || $2 == "rss-reloaded") {
	add($2 "_" $3 "_parent_kib", $4, $6)
	add($2 "_" $3 "_checker_kib", $4, $7)
	add($2 "_" $3 "_total_kib", $4, $6 + $7)
}
END {
	for (i = 1; i <= nk; i++) {
		k = keys[i]
		v = median(val[k, "vigil"])
		ka = median(val[k, "keepalived"])
		r = (v != "" && ka != "" && ka + 0 > 0) ? sprintf("%.3f", v / ka) : "?"
		printf "RESULT ipvs %s vigil=%s keepalived=%s ratio=%s n=%d\n", k, v, ka, r,
			cnt[k, "vigil"] < cnt[k, "keepalived"] ? cnt[k, "vigil"] : cnt[k, "keepalived"]
	}
}' "$log"
exit 0
