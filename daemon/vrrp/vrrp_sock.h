/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_sock: the raw VRRP sockets of the VRRP child, one per (interface,
 * family, protocol 112 or 51, unicast or multicast): open with keepalived's
 * socket options, send one advert, receive one advert with what the kernel
 * knows about it (source, destination, TTL/hop limit, ifindex). This is the
 * only file that opens raw VRRP sockets (DESIGN.md). It does no packet
 * parsing, no state machine work, no timers and no logging: errors come back
 * as -errno plus a message in the caller's buffer.
 */
#ifndef VIGIL_VRRP_SOCK_H
#define VIGIL_VRRP_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define VRRP_SOCK_PROTO_VRRP 112 /* IANA protocol number of VRRP */
#define VRRP_SOCK_PROTO_AH   51	 /* IPsec AH (VRRPv2 auth_type AH, IPv4 only) */
#define VRRP_SOCK_TTL	     255 /* RFC 5798 5.1.1.3 / 5.1.2.3: multicast TTL/hop limit */

/*
 * An IPv4 or IPv6 address in network byte order, IPv4 in addr[0..3]. Same
 * layout and meaning as struct vrrp_pkt_addr, so the rx glue copies field by
 * field. family 0 means "none".
 */
struct vrrp_sock_addr {
	int family; /* AF_INET, AF_INET6 or 0 */
	uint8_t addr[16];
};

/* What vrrp_sock_open() needs; borrowed for the duration of the call only. */
struct vrrp_sock_params {
	int family;	    /* AF_INET or AF_INET6 */
	int proto;	    /* VRRP_SOCK_PROTO_VRRP, or VRRP_SOCK_PROTO_AH (IPv4 only) */
	int ifindex;	    /* the instance's interface; 0 only for unicast without one */
	const char *ifname; /* its name, for SO_BINDTODEVICE; NULL when ifindex is 0 */
	/* SO_BINDTODEVICE target when it is not ifname: the VRF master for an
	 * interface enslaved to a VRF. NULL or "": bind to ifname. */
	const char *bind_dev;
	bool unicast; /* unicast_peer configured: no group, bind to src */
	/* Unicast: unicast_src_ip, required (the receive filter and our source).
	 * Multicast: mcast_src_ip, optional (family 0: the kernel picks, which for
	 * IPv6 is the interface's link-local address, as keepalived sends). */
	struct vrrp_sock_addr src;
	struct vrrp_sock_addr mcast_group; /* mcast_dst_ip; family 0: 224.0.0.18 / ff02::12 */
	/* unicast_ttl, 1..255 for unicast; 0: IPv4 255, IPv6 the kernel's default
	 * hop limit (keepalived leaves it unset). Multicast always uses 255. */
	int unicast_ttl;
	/* IPv4 only: vrrp_sock_send() gets the whole datagram (IP_HDRINCL), as
	 * keepalived sends every IPv4 advert and as AH needs (the ICV covers the
	 * IP header). The kernel still fills the checksum, and the source and id
	 * when they are 0. Otherwise the kernel builds the header: TOS 0xc0,
	 * TTL as above, DF clear. */
	bool hdrincl;
};

/* An open VRRP socket. Owned by the caller; vrrp_sock_close() releases it. */
struct vrrp_sock {
	int fd; /* O_NONBLOCK|O_CLOEXEC, for the caller's epoll loop; -1 when closed */
	int family, proto, ifindex;
	bool unicast, hdrincl, check_ifindex;
	struct vrrp_sock_addr src, group;
};

/*
 * What the kernel reported about one received packet. Field by field the same
 * as struct vrrp_pkt_rxinfo (plus ifindex), so a pure parser can validate it.
 */
struct vrrp_sock_rxinfo {
	/* The buffer starts with the IPv4 header: always so for IPv4 (raw socket
	 * semantics), never for IPv6 (the kernel strips the header). */
	bool ip_header;
	struct vrrp_sock_addr src; /* sender (recvmsg name) */
	struct vrrp_sock_addr dst; /* IP_PKTINFO / IPV6_PKTINFO; family 0 if unknown */
	int ttl;		   /* IP_TTL / IPV6_HOPLIMIT; -1 if unknown */
	int ifindex;		   /* receiving interface; 0 if unknown */
};

/* Sets s to the closed state (fd -1), so vrrp_sock_close() is always safe. */
void vrrp_sock_init(struct vrrp_sock *s);

/*
 * Opens the socket described by p into s: raw socket of p->proto, bound to
 * the device, multicast group joined on p->ifindex (multicast) or bound to
 * p->src (unicast), TTL/hop limit, loopback off, TOS/traffic class 0xc0,
 * IPV6_CHECKSUM for IPv6 VRRP, ancillary data for vrrp_sock_recv().
 * Returns 0, or -errno with a message in err: -EINVAL for bad parameters,
 * -EADDRNOTAVAIL when the unicast source address is not on this host
 * (keepalived goes to FAULT: "src address not configured"), -EPERM without
 * CAP_NET_RAW. s is left closed on error.
 */
int vrrp_sock_open(const struct vrrp_sock_params *p, struct vrrp_sock *s, char *err, size_t errlen);

/* Closes s->fd (leaving the group) if open; idempotent. */
void vrrp_sock_close(struct vrrp_sock *s);

/*
 * Sends one packet: for IPv4 with hdrincl the whole datagram, otherwise the
 * VRRP message (plus AH for IPv4 without hdrincl, which is unusual). dst NULL
 * sends to the multicast group; unicast sockets need a dst (one unicast_peer).
 * Returns 0, -EAGAIN when the socket buffer is full, -EMSGSIZE on a short
 * write, or another -errno (-ENETDOWN, -ENXIO ... when the link went away).
 */
int vrrp_sock_send(struct vrrp_sock *s, const uint8_t *pkt, size_t len,
		   const struct vrrp_sock_addr *dst);

/*
 * Reads the next packet meant for this socket into buf and fills *rx. Packets
 * the kernel delivers but that are not ours are consumed and skipped: on a
 * multicast socket those not sent to our group, or that arrived on another
 * interface. Returns the length (IPv4: including the IP header), -EAGAIN when
 * nothing is left, -EMSGSIZE when a packet was longer than len (it is
 * dropped), or another -errno.
 */
ssize_t vrrp_sock_recv(struct vrrp_sock *s, uint8_t *buf, size_t len, struct vrrp_sock_rxinfo *rx);

/* The default group of family: 224.0.0.18 or ff02::12 (RFC 5798 5.1.1.2, 5.1.2.2). */
void vrrp_sock_default_group(int family, struct vrrp_sock_addr *out);

#endif
