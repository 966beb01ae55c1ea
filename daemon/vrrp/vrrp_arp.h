/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_arp: gratuitous ARP for an IPv4 VIP (RFC 5798 6.4.2 "broadcast a
 * gratuitous ARP request"; RFC 5227 2.4 ARP Announcement; RFC 826 layout),
 * byte for byte the frame keepalived sends, through one AF_PACKET socket per
 * interface. A thin adapter: no scheduling (the caller spaces bursts with
 * vrrp_garp_interval, garp_master_delay/repeat), no logging, no state beyond
 * the socket. Ethernet only (XXX: keepalived also speaks Infiniband).
 */
#ifndef VIGIL_VRRP_ARP_H
#define VIGIL_VRRP_ARP_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define VRRP_ARP_HWADDR_LEN 6
#define VRRP_ARP_FRAME_LEN  42 /* 14-byte Ethernet header + 28-byte ARP (no padding) */

/* One interface's GARP socket. Owned by the caller; vrrp_arp_close() releases it. */
struct vrrp_arp {
	int fd; /* AF_PACKET, O_NONBLOCK|O_CLOEXEC, receives nothing; -1 when closed */
	int ifindex;
};

/*
 * Writes the GARP frame for vip sent from hwaddr into buf (at least
 * VRRP_ARP_FRAME_LEN bytes): Ethernet broadcast from hwaddr, ARP request
 * (opcode 1), sender = hwaddr/vip, target = ff:ff:ff:ff:ff:ff/vip. keepalived
 * sends a request, not a reply, with a broadcast target hardware address.
 * Returns the frame length, or 0 if buflen is too small. Pure.
 */
size_t vrrp_arp_build(uint8_t *buf, size_t buflen, const uint8_t hwaddr[VRRP_ARP_HWADDR_LEN],
		      const struct in_addr *vip);

/* Sets a to the closed state, so vrrp_arp_close() is always safe. */
void vrrp_arp_init(struct vrrp_arp *a);

/*
 * Opens a's socket for the interface ifindex (which must be Ethernet-like).
 * Returns 0, or -errno with a message in err (-EPERM without CAP_NET_RAW,
 * -ENODEV for an unknown interface, -EPROTONOSUPPORT for a non-Ethernet one).
 */
int vrrp_arp_open(struct vrrp_arp *a, int ifindex, char *err, size_t errlen);

/*
 * Sends one gratuitous ARP for vip with sender hardware address hwaddr (the
 * interface's MAC, or the VMAC). Returns 0 or -errno (-EAGAIN when the queue
 * is full, -ENETDOWN when the link is down).
 */
int vrrp_arp_send(struct vrrp_arp *a, const uint8_t hwaddr[VRRP_ARP_HWADDR_LEN],
		  const struct in_addr *vip);

/* Closes a's socket if open; idempotent. */
void vrrp_arp_close(struct vrrp_arp *a);

#endif
