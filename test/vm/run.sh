#!/bin/bash
# test/vm/run.sh: run scenarios of the QEMU test tier (IPVS and load balancing).
#
#   run.sh [SCENARIO...]      names (ipvs_basic) or paths; default: scenarios/*.sh
#
# Builds the initramfs (mkinitramfs.sh, cached by a hash of its inputs) in
# $VM_BUILD_DIR (default ${TMPDIR:-/tmp}/vigil-vm-<uid>), boots Debian's cloud kernel in
# qemu-system-x86_64 with TCG and no network device, prints the guest console, and
# exits 0 only if every scenario printed PASS (SKIP is tolerated; all SKIP exits 77),
# 77 if the tier cannot run here (no qemu, no cloud kernel), 1 otherwise.
#
# Environment: VIGILD (vigild binary; default $top_builddir/vigild if it exists),
# VM_EXTRA_BINS (more binaries for the guest's /usr/bin, space-separated),
# top_builddir, VM_TIMEOUT (whole run, s, default 900), VM_SCENARIO_TIMEOUT (each
# scenario, s, default 240), VM_MEM (MiB, default 1024), VM_BUILD_DIR, VM_KERNEL.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
skip() {
	echo "vm: SKIP: $*"
	exit 77
}

qemu=$(command -v qemu-system-x86_64 || true)
[ -n "$qemu" ] || skip "qemu-system-x86_64 not found (apt-get install qemu-system-x86)"
command -v cpio >/dev/null || skip "cpio not found"
command -v busybox >/dev/null || [ -x /bin/busybox ] || skip "busybox-static not installed"
for t in ipvsadm keepalived; do
	command -v "$t" >/dev/null || [ -x "/usr/sbin/$t" ] || skip "$t not installed"
done

kernel=${VM_KERNEL:-}
if [ -z "$kernel" ]; then
	for k in /boot/vmlinuz-*-cloud-amd64; do
		[ -e "$k" ] && kernel=$k
	done
fi
[ -n "$kernel" ] || skip "no /boot/vmlinuz-*-cloud-amd64 (apt-get install linux-image-cloud-amd64)"
[ -r "$kernel" ] || skip "$kernel is not readable by $(id -un)"
kver=${kernel#*/vmlinuz-}
[ -d "/lib/modules/$kver" ] || skip "no /lib/modules/$kver for $kernel"

scen=()
if [ $# -eq 0 ]; then
	for s in "$here"/scenarios/*.sh; do
		[ -e "$s" ] && scen+=("$s")
	done
else
	for a in "$@"; do
		if [ -f "$a" ]; then scen+=("$a")
		elif [ -f "$here/scenarios/$a" ]; then scen+=("$here/scenarios/$a")
		elif [ -f "$here/scenarios/$a.sh" ]; then scen+=("$here/scenarios/$a.sh")
		else echo "vm: no scenario $a" >&2; exit 2; fi
	done
fi
[ ${#scen[@]} -gt 0 ] || skip "no scenarios"

vigild=${VIGILD:-}
if [ -z "$vigild" ]; then
	tb=${top_builddir:-}
	[ -n "$tb" ] || tb=$(cd "$here/../.." && pwd)
	[ -x "$tb/vigild" ] && vigild=$tb/vigild
fi

build=${VM_BUILD_DIR:-${TMPDIR:-/tmp}/vigil-vm-$(id -u)}
mkdir -p "$build"
# One image per scenario set (and vigild or not), so runs with other sets in parallel
# do not replace it under each other; mkinitramfs.sh reuses it while its inputs match.
set_id=$( { printf '%s\n' "${scen[@]##*/}"; echo "${vigild:+vigild}"; echo "${VM_EXTRA_BINS:-}"; } |
	cksum | cut -d' ' -f1)
initrd=$build/initramfs-$set_id.cpio.gz
args=("$initrd" --kver "$kver")
[ -n "$vigild" ] && args+=(--vigild "$vigild")
for b in ${VM_EXTRA_BINS:-}; do args+=(--bin "$b"); done
for s in "${scen[@]}"; do args+=(--scenario "$s"); done

t0=$(date +%s.%N)
"$here/mkinitramfs.sh" "${args[@]}"
t1=$(date +%s.%N)

log=$(mktemp "$build/console.XXXXXX")
trap 'rm -f "$log"' EXIT
timeout_s=${VM_TIMEOUT:-900}
echo "vm: booting $kernel (TCG, ${VM_MEM:-1024} MiB, timeout ${timeout_s} s): ${#scen[@]} scenario(s)"
rc=0
timeout --kill-after=10 "$timeout_s" "$qemu" -accel tcg -m "${VM_MEM:-1024}" -smp 1 \
	-nographic -no-reboot -nic none -monitor none -serial stdio \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 quiet panic=-1 vm.timeout=${VM_SCENARIO_TIMEOUT:-240}" \
	</dev/null >"$log" 2>&1 || rc=$?
t2=$(date +%s.%N)
# The console without carriage returns and SeaBIOS' terminal escapes.
sed -e 's/\r$//' -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g' -e 's/\x1bc//g' "$log"

if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	echo "vm: FAIL: qemu killed after ${timeout_s} s"
fi
pass=0 fail=0 skipped=0
for s in "${scen[@]}"; do
	n=$(basename "$s" .sh)
	line=$(tr -d '\r' <"$log" | grep "^VM-RESULT: $n " | tail -n 1 || true)
	case $line in
	"VM-RESULT: $n PASS"*) pass=$((pass + 1)) ;;
	"VM-RESULT: $n SKIP"*) skipped=$((skipped + 1)) ;;
	"") echo "vm: $n: no result (guest crashed or timed out)"; fail=$((fail + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
done
awk -v a="$t0" -v b="$t1" -v c="$t2" \
	'BEGIN { printf "vm: initramfs %.1f s, boot+scenarios %.1f s\n", b - a, c - b }'
echo "vm: $pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ] || exit 1
[ "$pass" -gt 0 ] || exit 77
exit 0
