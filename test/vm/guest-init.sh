#!/bin/sh
# test/vm/guest-init.sh: /init of the QEMU test guest (busybox sh, PID 1).
#
# Mounts proc/sys/dev/tmp, brings lo up, loads the modules listed in /etc/vm-modules
# (already in dependency order), runs each scenario of /etc/vm-scenarios with a time
# limit, prints "VM-RESULT: <scenario> PASS|FAIL|SKIP" for each, cleans up between
# scenarios, prints "VM-DONE" and powers off. It must never wait for input: the host
# is waiting for the power-off.

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root
export IP=/usr/sbin/ip.iproute2
SCENARIO_TIMEOUT=${SCENARIO_TIMEOUT:-240}

mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /dev/pts /dev/shm /run/netns /run/keepalived
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
hostname vigil-vm

# Kernel command-line overrides, e.g. vm.timeout=60.
read -r cmdline </proc/cmdline
for arg in $cmdline; do
	case $arg in
	vm.timeout=*) SCENARIO_TIMEOUT=${arg#vm.timeout=} ;;
	esac
done

echo "VM-BOOT: kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) cpu," \
	"uptime $(cut -d' ' -f1 /proc/uptime) s"

"$IP" link set lo up

KVER=$(cat /etc/vm-kver)
export KVER
modfail=0
while read -r m; do
	[ -n "$m" ] || continue
	if ! insmod "/lib/modules/$KVER/$m" 2>/tmp/insmod.err; then
		# "File exists" means built in or already loaded: fine.
		if ! grep -q 'exists' /tmp/insmod.err; then
			echo "VM-WARN: insmod $m: $(cat /tmp/insmod.err)"
			modfail=1
		fi
	fi
done </etc/vm-modules
echo "VM-MODULES: $(wc -l </proc/modules) loaded, failures: $modfail"

if [ -x /usr/sbin/vigild ]; then
	VIGILD=/usr/sbin/vigild
	VIGILD_AVAILABLE=1
else
	VIGILD=
	VIGILD_AVAILABLE=0
fi
export VIGILD VIGILD_AVAILABLE

# Leave the guest as the next scenario expects it: no IPVS table, no namespaces,
# no daemons, no extra links, only lo.
cleanup() {
	for p in keepalived vigild httpd; do
		killall -9 "$p" 2>/dev/null
	done
	ipvsadm -C 2>/dev/null
	for ns in $("$IP" netns list 2>/dev/null | cut -d' ' -f1); do
		"$IP" netns delete "$ns" 2>/dev/null
	done
	for l in $("$IP" -o link show | sed -n 's/^[0-9]*: \([^:@]*\).*/\1/p'); do
		[ "$l" = lo ] || "$IP" link delete "$l" 2>/dev/null
	done
	"$IP" addr flush dev lo 2>/dev/null
	"$IP" addr add 127.0.0.1/8 dev lo 2>/dev/null
	"$IP" -6 addr add ::1/128 dev lo 2>/dev/null
	rm -rf /tmp/scenario.*
}

nfail=0
while read -r s; do
	[ -n "$s" ] || continue
	name=${s%.sh}
	echo "VM-START: $name"
	start=$(cut -d' ' -f1 /proc/uptime)
	work=$(mktemp -d /tmp/scenario.XXXXXX)
	(cd "$work" && exec timeout "$SCENARIO_TIMEOUT" sh -eu "/scenarios/$s")
	rc=$?
	end=$(cut -d' ' -f1 /proc/uptime)
	secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
	case $rc in
	0) res=PASS ;;
	77) res=SKIP ;;
	*) res=FAIL; nfail=$((nfail + 1)) ;;
	esac
	[ "$rc" = 143 ] && echo "VM-WARN: $name killed after ${SCENARIO_TIMEOUT} s"
	echo "VM-RESULT: $name $res ($secs s, exit $rc)"
	cleanup
done </etc/vm-scenarios

echo "VM-DONE: $nfail failed, uptime $(cut -d' ' -f1 /proc/uptime) s"
sync
poweroff -f
