#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Sets up a fresh Debian machine and runs every test tier:
#   format check, build with -Werror, unit + config golden tests (make check),
#   the same unit tier under ASan+UBSan, make distcheck, the netns tier
#   (root), the QEMU tier (IPVS in a guest) and a short fuzz run.
# Usage: test/run-all.sh [--quick]   (--quick skips distcheck, vm and fuzz)
set -u
cd "$(dirname "$0")/.." || exit 1
TOP=$PWD
QUICK=0
[ "${1:-}" = --quick ] && QUICK=1
JOBS=$(nproc 2>/dev/null || echo 2)
declare -a RESULTS=()
FAILED=0

step() { # step NAME CMD...: run, record PASS/FAIL/SKIP (exit 77)
	local name=$1 rc start=$SECONDS
	shift
	echo
	echo "===== $name"
	"$@"
	rc=$?
	case $rc in
	0) RESULTS+=("PASS  $name ($((SECONDS - start)) s)") ;;
	77) RESULTS+=("SKIP  $name") ;;
	*) RESULTS+=("FAIL  $name (exit $rc)"); FAILED=1 ;;
	esac
	return 0
}

build() { # build DIR CONFIGURE-ARGS...
	local dir=$1
	shift
	mkdir -p "$dir" && cd "$dir" && "$TOP/configure" -q --enable-werror "$@" &&
		make -s -j"$JOBS" && cd "$TOP"
}

format_check() {
	local bad=0 f
	for f in $(git ls-files '*.c' '*.h'); do
		clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || { echo "not formatted: $f"; bad=1; }
	done
	return $bad
}

fuzz_wait() {
	local rc=0
	wait "$fuzz_pid" || rc=$?
	cat "$fuzz_log"
	return $rc
}

unit_tier() { make -C "$1" -s -j"$JOBS" check || { cat "$1"/test-suite.log; return 1; }; }

step "install dependencies" test/install-deps.sh
step "autogen" ./autogen.sh
step "format (.clang-format)" format_check
step "build (-Werror)" build build-ci
step "unit + config golden tiers" unit_tier build-ci
step "build with ASan+UBSan" build build-ci-san --enable-sanitizers
step "unit tier under ASan+UBSan" unit_tier build-ci-san
step "netns tier" env top_builddir="$TOP/build-ci" top_srcdir="$TOP" NETNS_JOBS="${NETNS_JOBS:-2}" \
	test/netns/run.sh
if [ $QUICK = 0 ]; then
	step "install tier (unit, man pages, sample config)" env top_srcdir="$TOP" test/install/unit_verify.sh
	step "make distcheck" make -C build-ci -s distcheck DISTCHECK_CONFIGURE_FLAGS=--enable-werror
	# The guest (one TCG vCPU) and libFuzzer are one thread each: on a
	# two-core machine they run side by side; the fuzz log follows the VM's.
	fuzz_log=$TOP/build-ci/fuzz-tier.log
	test/fuzz/run.sh "${FUZZ_SECONDS:-60}" >"$fuzz_log" 2>&1 &
	fuzz_pid=$!
	step "vm tier (QEMU, IPVS)" env top_builddir="$TOP/build-ci" VIGILD="$TOP/build-ci/vigild" \
		VM_EXTRA_BINS="$TOP/build-ci/test/vm/nl_ipvs_probe" test/vm/run.sh
	step "fuzz tier (short, alongside the vm tier)" fuzz_wait
fi

echo
echo "===== summary"
printf '%s\n' "${RESULTS[@]}"
exit $FAILED
