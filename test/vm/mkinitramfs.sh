#!/bin/bash
# test/vm/mkinitramfs.sh: build the initramfs for the QEMU test tier.
#
#   mkinitramfs.sh OUT.cpio.gz [--vigild PATH] [--kver VERSION] [--scenario FILE]... [--bin PATH]...
#
# Packs busybox-static (with its applets), iproute2's ip (as /usr/sbin/ip.iproute2),
# ipvsadm, Debian's keepalived, vigild when given, extra binaries (--bin, as
# /usr/bin/BASENAME, e.g. test programs), each with the libraries ldd lists,
# the kernel modules for IPVS, conntrack, veth, bridge, dummy and macvlan (closed
# over modules.dep, in load order), guest-init.sh as /init, the scenario scripts and
# the scenarios' data files (test/vm/fixtures/*, as /fixtures/NAME).
# OUT.hash records a hash of every input: when it matches, OUT is reused as it is.
#
# Runs as root or not (the archive is written with owner 0:0). It only reads the host:
# it never loads modules or touches the network.
set -eu

here=$(cd "$(dirname "$0")" && pwd)

usage() {
	echo "usage: $0 OUT.cpio.gz [--vigild PATH] [--kver VERSION] [--scenario FILE]... [--bin PATH]..." >&2
	exit 2
}

[ $# -ge 1 ] || usage
out=$1
shift
vigild=""
kver=""
scenarios=()
extra=()
while [ $# -gt 0 ]; do
	case $1 in
	--vigild) [ $# -ge 2 ] || usage; vigild=$2; shift 2 ;;
	--kver) [ $# -ge 2 ] || usage; kver=$2; shift 2 ;;
	--scenario) [ $# -ge 2 ] || usage; scenarios+=("$2"); shift 2 ;;
	--bin) [ $# -ge 2 ] || usage; extra+=("$2"); shift 2 ;;
	*) usage ;;
	esac
done

die() {
	echo "mkinitramfs: $*" >&2
	exit 1
}

# The kernel: the newest Debian cloud flavour unless --kver says otherwise.
if [ -z "$kver" ]; then
	for k in /boot/vmlinuz-*-cloud-amd64; do
		[ -e "$k" ] && kver=${k#/boot/vmlinuz-}
	done
fi
[ -n "$kver" ] || die "no /boot/vmlinuz-*-cloud-amd64 (apt-get install linux-image-cloud-amd64)"
moddir=/lib/modules/$kver
[ -r "$moddir/modules.dep" ] || die "no $moddir/modules.dep"

find_bin() {
	local p
	for p in "$@"; do
		[ -x "$p" ] && { echo "$p"; return 0; }
	done
	return 1
}
busybox=$(find_bin /bin/busybox /usr/bin/busybox) || die "busybox-static is not installed"
iproute=$(find_bin /usr/sbin/ip /sbin/ip /bin/ip /usr/bin/ip) || die "iproute2 is not installed"
ipvsadm=$(find_bin /usr/sbin/ipvsadm /sbin/ipvsadm) || die "ipvsadm is not installed"
keepalived=$(find_bin /usr/sbin/keepalived /sbin/keepalived) || die "keepalived is not installed"
if [ -n "$vigild" ]; then
	[ -x "$vigild" ] || die "--vigild $vigild: not an executable"
	# A libtool wrapper script keeps the real binary in .libs/.
	if [ "$(head -c 4 "$vigild" | od -An -c | tr -d ' ')" != '177ELF' ]; then
		d=$(dirname "$vigild")
		b=$(basename "$vigild")
		if [ -x "$d/.libs/lt-$b" ]; then vigild=$d/.libs/lt-$b;
		elif [ -x "$d/.libs/$b" ]; then vigild=$d/.libs/$b;
		else die "--vigild $vigild: not an ELF binary"; fi
	fi
fi
for s in ${scenarios[@]+"${scenarios[@]}"}; do
	[ -r "$s" ] || die "--scenario $s: cannot read"
done
for b in ${extra[@]+"${extra[@]}"}; do
	[ -x "$b" ] || die "--bin $b: not an executable"
done

# Modules wanted, closed over modules.dep and sorted so that dependencies come first.
wanted="ip_vs ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_fo ip_vs_ovf ip_vs_lblc
	ip_vs_lblcr ip_vs_dh ip_vs_sh ip_vs_mh ip_vs_sed ip_vs_nq ip_vs_twos ip_vs_ftp
	nf_conntrack nf_nat veth bridge dummy macvlan"
modorder=$(awk -v wanted="$wanted" '
	function base(p,  b) { b = p; sub(/.*\//, "", b); sub(/\.ko(\.[a-z]+)?$/, "", b); gsub(/-/, "_", b); return b }
	function visit(p,  n, i, d) {
		if (p in seen) return
		seen[p] = 1
		n = split(deps[p], d, " ")
		for (i = n; i >= 1; i--) visit(d[i])
		print p
	}
	{
		p = $1; sub(/:$/, "", p)
		deps[p] = ""
		for (i = 2; i <= NF; i++) deps[p] = deps[p] " " $i
		path[base(p)] = p
	}
	END {
		n = split(wanted, w, /[ \t\n]+/)
		for (i = 1; i <= n; i++) if (w[i] != "" && (w[i] in path)) visit(path[w[i]])
	}' "$moddir/modules.dep")
[ -n "$modorder" ] || die "no IPVS modules in $moddir (built in? then nothing to load)"

bins=("$busybox" "$iproute" "$ipvsadm" "$keepalived")
[ -n "$vigild" ] && bins+=("$vigild")
bins+=(${extra[@]+"${extra[@]}"})

# Libraries of the dynamic binaries, and the dynamic loader.
libs() {
	ldd "$1" 2>/dev/null | awk '
		$2 == "=>" && $3 ~ /^\// { print $3 }
		$1 ~ /^\// { print $1 }' || true
}
liblist=$(for b in "${bins[@]}"; do libs "$b"; done | sort -u)

# Hash every input: the scripts, the binaries, their libraries, the modules, the kernel version.
hash=$( {
	echo "kver $kver"
	echo "vigild ${vigild:+yes}"
	for b in ${extra[@]+"${extra[@]}"}; do echo "bin $(basename "$b")"; done
	sha256sum "$0" "$here/guest-init.sh" "${bins[@]}"
	# shellcheck disable=SC2086 # one path per word
	[ -z "$liblist" ] || sha256sum $liblist
	for m in $modorder; do sha256sum "$moddir/$m"; done
	for s in ${scenarios[@]+"${scenarios[@]}"}; do
		echo "scenario $(basename "$s")"
		sha256sum <"$s"
	done
	for f in "$here"/fixtures/*; do
		[ ! -f "$f" ] || sha256sum "$f"
	done
} | sed 's#  /.*/#  #' | sha256sum | cut -c1-64)

if [ -s "$out" ] && [ -r "$out.hash" ] && [ "$(cat "$out.hash")" = "$hash" ]; then
	echo "mkinitramfs: $out is up to date (inputs $(echo "$hash" | cut -c1-12))"
	exit 0
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/vigil-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# A merged-/usr layout like Debian's: /bin, /sbin, /lib, /lib64 point into /usr.
mkdir -p "$stage"/usr/bin "$stage"/usr/sbin "$stage"/usr/lib "$stage"/usr/lib64 \
	"$stage"/proc "$stage"/sys "$stage"/dev "$stage"/tmp "$stage"/run "$stage"/root \
	"$stage"/etc/keepalived "$stage"/scenarios "$stage"/var/log "$stage"/var/tmp
for d in bin sbin lib lib64; do ln -s "usr/$d" "$stage/$d"; done
ln -s ../run "$stage/var/run"

cp "$busybox" "$stage/usr/bin/busybox"
"$busybox" --list-full | while read -r a; do
	# usr/bin/foo, sbin/foo ... land under usr/ through the symlinks above
	[ -e "$stage/$a" ] || [ -L "$stage/$a" ] || ln -s /usr/bin/busybox "$stage/$a"
done
cp "$iproute" "$stage/usr/sbin/ip.iproute2"
cp "$ipvsadm" "$stage/usr/sbin/ipvsadm"
cp "$keepalived" "$stage/usr/sbin/keepalived"
[ -z "$vigild" ] || cp "$vigild" "$stage/usr/sbin/vigild"
for b in ${extra[@]+"${extra[@]}"}; do cp "$b" "$stage/usr/bin/$(basename "$b")"; done
for l in $liblist; do
	mkdir -p "$stage/$(dirname "$l")"
	cp -L "$l" "$stage/$l"
done

mkdir -p "$stage/lib/modules/$kver"
: >"$stage/lib/modules/$kver/modules.dep"
for m in $modorder; do
	mkdir -p "$stage/lib/modules/$kver/$(dirname "$m")"
	cp "$moddir/$m" "$stage/lib/modules/$kver/$m"
	echo "$m" >>"$stage/etc/vm-modules"
	grep "^$m:" "$moddir/modules.dep" >>"$stage/lib/modules/$kver/modules.dep"
done

cp "$here/guest-init.sh" "$stage/init"
chmod 755 "$stage/init"
for s in ${scenarios[@]+"${scenarios[@]}"}; do
	cp "$s" "$stage/scenarios/$(basename "$s")"
	basename "$s" >>"$stage/etc/vm-scenarios"
done
: >>"$stage/etc/vm-scenarios"
# Data files of the scenarios (test/vm/fixtures/*), as /fixtures/NAME.
mkdir -p "$stage/fixtures"
for f in "$here"/fixtures/*; do
	[ ! -f "$f" ] || cp "$f" "$stage/fixtures/"
done
echo "root:x:0:0:root:/root:/bin/sh" >"$stage/etc/passwd"
echo "root:x:0:" >"$stage/etc/group"
echo "$kver" >"$stage/etc/vm-kver"
echo "127.0.0.1 localhost" >"$stage/etc/hosts"

tmp=$out.tmp.$$
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -1 >"$tmp"
mv "$tmp" "$out"
echo "$hash" >"$out.hash"
echo "mkinitramfs: wrote $out ($(du -k "$out" | cut -f1) KiB, kernel $kver," \
	"$(echo "$modorder" | wc -l) modules, vigild ${vigild:-absent})"
