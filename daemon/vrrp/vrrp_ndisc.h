/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_ndisc: unsolicited Neighbor Advertisements for an IPv6 VIP (RFC 5798
 * 6.4.2 "send an unsolicited ND Neighbor Advertisement"; RFC 4861 4.4 and
 * 7.2.6), matching what keepalived sends: to ff02::1 from the VIP, hop limit
 * 255, Override set, Router set when the interface forwards IPv6, a target
 * link-layer address option. One ICMPv6 raw socket per interface. A thin
 * adapter: no scheduling, no logging, no state beyond the socket.
 */
#ifndef VIGIL_VRRP_NDISC_H
#define VIGIL_VRRP_NDISC_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VRRP_NDISC_HWADDR_LEN 6
#define VRRP_NDISC_NA_LEN     32 /* ICMPv6 NA (24) + target link-layer address option (8) */

/* One interface's NA socket. Owned by the caller; vrrp_ndisc_close() releases it. */
struct vrrp_ndisc {
	int fd; /* ICMPv6 raw, O_NONBLOCK|O_CLOEXEC, receives nothing; -1 when closed */
	int ifindex;
};

/*
 * Writes the ICMPv6 part of the advertisement into buf (at least
 * VRRP_NDISC_NA_LEN bytes): type 136, code 0, checksum 0 (the kernel fills
 * it on an ICMPv6 raw socket), flags Override and, if router, Router;
 * target vip; option 2 (target link-layer address) = hwaddr. Returns the
 * length, or 0 if buflen is too small. Pure.
 */
size_t vrrp_ndisc_build(uint8_t *buf, size_t buflen, const uint8_t hwaddr[VRRP_NDISC_HWADDR_LEN],
			const struct in6_addr *vip, bool router);

/* Sets nd to the closed state, so vrrp_ndisc_close() is always safe. */
void vrrp_ndisc_init(struct vrrp_ndisc *nd);

/*
 * Opens nd's socket for the interface ifindex: multicast out of ifindex with
 * hop limit 255, no loopback, no flow label, nothing received, and
 * IPV6_FREEBIND so the VIP can be the source while it is still tentative or
 * not (yet) on this interface, as with keepalived's hand-built frame.
 * Returns 0, or -errno with a message in err (-EPERM without CAP_NET_RAW).
 */
int vrrp_ndisc_open(struct vrrp_ndisc *nd, int ifindex, char *err, size_t errlen);

/*
 * Sends one unsolicited NA for vip, from vip to ff02::1 on nd's interface;
 * hwaddr is the interface's MAC or the VMAC (the Ethernet source is always
 * the sending interface's own address); router: see vrrp_ndisc_forwarding().
 * Returns 0 or -errno (-EAGAIN when the queue is full, -ENETDOWN ...).
 */
int vrrp_ndisc_send(struct vrrp_ndisc *nd, const uint8_t hwaddr[VRRP_NDISC_HWADDR_LEN],
		    const struct in6_addr *vip, bool router);

/*
 * keepalived sets the Router flag when IPv6 forwarding is on for the
 * interface: returns 1 or 0 from /proc/sys/net/ipv6/conf/<ifname>/forwarding,
 * or -errno (-EINVAL for a bad name, -ENOENT for an unknown interface).
 */
int vrrp_ndisc_forwarding(const char *ifname);

/* Closes nd's socket if open; idempotent. */
void vrrp_ndisc_close(struct vrrp_ndisc *nd);

#endif
