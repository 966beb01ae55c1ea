#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VRRP on the wire, captured on the bridge with tcpdump and decoded by
# tshark: two vigil nodes run four instances (v2 PASS, v2 AH, v3 IPv4, v3
# IPv6); tshark decodes every advert with no malformed-packet or expert error,
# good checksums and keepalived's header fields (TTL/hop limit 255, TOS 0xc0);
# the new master sends gratuitous ARPs (and an unsolicited NA) for its VIPs
# with its own MAC, the backup's only after the old master's priority-0 advert.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
require_root
command -v tshark >/dev/null || skip "needs tshark (apt-get install tshark)"
command -v tcpdump >/dev/null || skip "needs tcpdump (apt-get install tcpdump)"
vt_topology wi 2

# VRID -> what the instance is; the VIPs differ so each GARP names its instance.
VIP_PASS=10.77.0.101 VIP_AH=10.77.0.102 VIP_V3=10.77.0.103 VIP_V6=fd77::106
conf_node() { # conf_node I PRIO
	vt_conf "$1" prio="$2" name=VI_PASS vrid=51 auth=pass vip=$VIP_PASS/24 \
		top="$(vt_instance "$1" prio="$2" name=VI_AH vrid=52 auth=ah vip=$VIP_AH/24
		vt_instance "$1" prio="$2" name=VI_V3 vrid=53 version=3 vip=$VIP_V3/24
		vt_instance "$1" prio="$2" name=VI_V6 vrid=54 version=3 family=6 vip=$VIP_V6/64)"
}
conf_node 1 150
conf_node 2 100
M1=$(vt_mac 1) M2=$(vt_mac 2)

vt_capture_start wire "vrrp or ip6 proto 112 or ah or arp or icmp6"
vt_start 2
vt_start 1
check "node 1 becomes master (v2 PASS VIP)" wait_for 10 has_vip 1 $VIP_PASS
wait_for 3 has_vip 1 $VIP_V6
sleep 2.5 # a few adverts of every instance
kill -TERM "$(vt_pid 1)"
check "node 2 takes over after node 1's SIGTERM" wait_for 5 has_vip 2 $VIP_PASS
wait_for 3 has_vip 2 $VIP_V6
sleep 1.5
vt_capture_stop
vt_stop_all
PCAP=$VT_DIR/wire.pcap

ts() { tshark -r "$PCAP" "$@" 2>/dev/null; }
count() { ts -Y "$1" | wc -l; }
first() { ts -Y "$1" -T fields -e frame.number | head -1; }
last() { ts -Y "$1" -T fields -e frame.number | tail -1; }
echo "# figure: $(ts | wc -l) frames captured, $(count vrrp) VRRP adverts"

# --- tshark decodes vigil's adverts
check_eq "no malformed frame or expert error in the capture" \
	"$(ts -Y '_ws.malformed || _ws.expert.severity == error' -T fields -e frame.number -e _ws.expert.message | head -3)" ""
for spec in "51 2 v2-PASS" "52 2 v2-AH" "53 3 v3-IPv4" "54 3 v3-IPv6"; do
	read -r vrid ver what <<<"$spec"
	for i in 1 2; do
		m=$(vt_mac $i)
		n=$(count "eth.src == $m && vrrp.virt_rtr_id == $vrid")
		check "$what: tshark decodes node $i's adverts ($n)" test "$n" -gt 0
		check_eq "$what: node $i's adverts all decode as version $ver advertisements" \
			"$(count "eth.src == $m && vrrp.virt_rtr_id == $vrid && !(vrrp.version == $ver && vrrp.type == 1 && vrrp.addr_count == 1)")" 0
		check_eq "$what: node $i's adverts have good checksums" \
			"$(count "eth.src == $m && vrrp.virt_rtr_id == $vrid && vrrp.checksum.status != 1")" 0
	done
done
check_eq "v2-PASS: auth type 1, password s3cret, interval 1 s" \
	"$(count 'vrrp.virt_rtr_id == 51 && !(vrrp.auth_type == 1 && vrrp.auth_string == "s3cret" && vrrp.adver_int == 1)')" 0
check_eq "v2-AH: AH (SPI = sender, next header VRRP) around auth type 2" \
	"$(count 'vrrp.virt_rtr_id == 52 && !(ah.next_header == 112 && ah.spi == ip.src && vrrp.auth_type == 2)')" 0
check_eq "v3: interval 100 centiseconds" \
	"$(count 'vrrp.version == 3 && vrrp.short_adver_int != 100')" 0
check_eq "IPv4 adverts: TTL 255, TOS 0xc0, to 224.0.0.18" \
	"$(count 'vrrp && ip && !(ip.ttl == 255 && ip.dsfield == 0xc0 && ip.dst == 224.0.0.18)')" 0
check_eq "IPv6 adverts: hop limit 255, link-local source, to ff02::12" \
	"$(count 'vrrp && ipv6 && !(ipv6.hlim == 255 && ipv6.src == fe80::/10 && ipv6.dst == ff02::12)')" 0
check_eq "VIPs in the adverts" \
	"$(ts -Y 'vrrp' -T fields -e vrrp.virt_rtr_id -e vrrp.ip_addr -e vrrp.ipv6_addr | sort -u | tr '\t\n' ' ')" \
	"51 $VIP_PASS  52 $VIP_AH  53 $VIP_V3  54  $VIP_V6 "
check "node 1 sent priority 0 on SIGTERM (v2 PASS)" \
	test "$(count "eth.src == $M1 && vrrp.virt_rtr_id == 51 && vrrp.prio == 0")" -ge 1

# --- gratuitous ARP / unsolicited NA with the master's MAC
garp() { # garp VIP MAC: ARP requests announcing VIP from MAC, broadcast
	echo "arp.opcode == 1 && arp.src.proto_ipv4 == $1 && arp.dst.proto_ipv4 == $1 && arp.src.hw_mac == $2 && eth.src == $2 && eth.dst == ff:ff:ff:ff:ff:ff"
}
una() { # una VIP MAC: unsolicited NA for VIP with MAC, override flag, to all nodes
	echo "icmpv6.type == 136 && icmpv6.nd.na.target_address == $1 && icmpv6.opt.linkaddr == $2 && icmpv6.nd.na.flag.o == 1 && icmpv6.nd.na.flag.s == 0 && ipv6.dst == ff02::1 && ipv6.hlim == 255 && eth.src == $2"
}
for v in $VIP_PASS $VIP_AH $VIP_V3; do
	n1=$(count "$(garp "$v" "$M1")") n2=$(count "$(garp "$v" "$M2")")
	echo "# figure: GARPs for $v: $n1 from node 1, $n2 from node 2"
	check "GARP for $v with node 1's MAC after it became master" test "$n1" -ge 1
	check "GARP for $v with node 2's MAC after the takeover" test "$n2" -ge 1
done
n1=$(count "$(una $VIP_V6 "$M1")") n2=$(count "$(una $VIP_V6 "$M2")")
echo "# figure: unsolicited NAs for $VIP_V6: $n1 from node 1, $n2 from node 2"
check "unsolicited NA for $VIP_V6 with node 1's MAC" test "$n1" -ge 1
check "unsolicited NA for $VIP_V6 with node 2's MAC" test "$n2" -ge 1
check_eq "no ARP for a VIP with a MAC that is not a node's" \
	"$(count "arp.src.proto_ipv4 in {$VIP_PASS $VIP_AH $VIP_V3} && !(arp.src.hw_mac in {$M1 $M2})")" 0

# --- event order on the wire (frame numbers)
p0=$(first "eth.src == $M1 && vrrp.virt_rtr_id == 51 && vrrp.prio == 0")
g2=$(first "$(garp $VIP_PASS "$M2")")
a2=$(first "eth.src == $M2 && vrrp.virt_rtr_id == 51 && vrrp.prio == 100")
g1=$(first "$(garp $VIP_PASS "$M1")")
a1=$(first "eth.src == $M1 && vrrp.virt_rtr_id == 51 && vrrp.prio == 150")
check "node 1 advertised before its first GARP (frames $a1 < $g1)" test "${a1:-0}" -gt 0 -a "${a1:-0}" -lt "${g1:-0}"
check "node 2's GARPs follow node 1's priority-0 advert (frames $p0 < $g2)" \
	test "${p0:-0}" -gt 0 -a "${p0:-0}" -lt "${g2:-0}"
check "node 2 advertised as master before its GARPs (frames $a2 < $g2)" \
	test "${a2:-0}" -gt 0 -a "${a2:-0}" -lt "${g2:-0}"
check "node 2 never advertised before node 1 stopped" test "${a2:-0}" -gt "${p0:-0}"
if [ -n "$p0" ] && [ -n "$a2" ]; then
	echo "# figure: wire handover (v2 PASS, backup priority 100): $(ts -Y "frame.number == $a2" -T fields -e frame.time_epoch |
		awk -v t0="$(ts -Y "frame.number == $p0" -T fields -e frame.time_epoch)" '{ printf "%d", ($1 - t0) * 1000 }') ms from priority 0 to the new master's advert (Skew_Time $(vt_skew_ms 2 1000 100) ms)"
fi
finish
