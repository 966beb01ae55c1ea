/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_arp: gratuitous ARP announcements for IPv4 VIPs on an AF_PACKET
 * socket. The frame is what keepalived 2.2.7 puts on the wire (checked against
 * a capture, see test/unit/check_vrrp_sock.c): 42 bytes, Ethernet broadcast,
 * ARP request with sender and target protocol address both the VIP and a
 * broadcast target hardware address. It must not log, schedule or retry; the
 * caller decides how many and when.
 */
#include "config.h"

#include <errno.h>
#include <net/ethernet.h>
#include <net/if_arp.h>
#include <netpacket/packet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vrrp/vrrp_arp.h"

#define VRRP_ARP_OP_REQUEST 1 /* RFC 826 ares_op$REQUEST */

static const uint8_t vrrp_arp_bcast[VRRP_ARP_HWADDR_LEN] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static int __attribute__((format(printf, 4, 5)))
vrrp_arp_fail(char *err, size_t errlen, int e, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
		n = strlen(err);
		if (e && n < errlen)
			snprintf(err + n, errlen - n, ": %s", strerror(e));
	}
	return -e;
}

static uint8_t *
vrrp_arp_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

static uint8_t *
vrrp_arp_put(uint8_t *p, const void *src, size_t len)
{
	memcpy(p, src, len);
	return p + len;
}

size_t
vrrp_arp_build(uint8_t *buf, size_t buflen, const uint8_t hwaddr[VRRP_ARP_HWADDR_LEN],
	       const struct in_addr *vip)
{
	uint8_t *p = buf;

	if (buflen < VRRP_ARP_FRAME_LEN)
		return 0;
	/* Ethernet II header: to everyone, from us. */
	p = vrrp_arp_put(p, vrrp_arp_bcast, VRRP_ARP_HWADDR_LEN);
	p = vrrp_arp_put(p, hwaddr, VRRP_ARP_HWADDR_LEN);
	p = vrrp_arp_put16(p, ETHERTYPE_ARP);
	/* RFC 826: hardware Ethernet (1), protocol IPv4, lengths 6 and 4. */
	p = vrrp_arp_put16(p, ARPHRD_ETHER);
	p = vrrp_arp_put16(p, ETHERTYPE_IP);
	*p++ = VRRP_ARP_HWADDR_LEN;
	*p++ = 4;
	p = vrrp_arp_put16(p, VRRP_ARP_OP_REQUEST);
	/* RFC 5227 2.4 / RFC 5798 6.4.2: sender and target IP are the VIP. The
	 * target MAC is broadcast where RFC 5227 suggests zero: keepalived's. */
	p = vrrp_arp_put(p, hwaddr, VRRP_ARP_HWADDR_LEN);
	p = vrrp_arp_put(p, &vip->s_addr, 4);
	p = vrrp_arp_put(p, vrrp_arp_bcast, VRRP_ARP_HWADDR_LEN);
	p = vrrp_arp_put(p, &vip->s_addr, 4);
	return (size_t)(p - buf);
}

void
vrrp_arp_init(struct vrrp_arp *a)
{
	a->fd = -1;
	a->ifindex = 0;
}

int
vrrp_arp_open(struct vrrp_arp *a, int ifindex, char *err, size_t errlen)
{
	struct sockaddr_ll sll;
	socklen_t sl = sizeof(sll);
	int fd, rc;

	vrrp_arp_init(a);
	if (ifindex <= 0)
		return vrrp_arp_fail(err, errlen, EINVAL, "GARP needs an interface");
	/* Protocol 0: the socket is never hooked to receive anything. */
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return vrrp_arp_fail(err, errlen, errno, "socket(AF_PACKET)");
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		rc = vrrp_arp_fail(err, errlen, errno, "bind AF_PACKET to ifindex %d", ifindex);
		goto fail;
	}
	/* getsockname() reports the device's hardware type and address length. */
	if (getsockname(fd, (struct sockaddr *)&sll, &sl) < 0) {
		rc = vrrp_arp_fail(err, errlen, errno, "getsockname(AF_PACKET)");
		goto fail;
	}
	if (sll.sll_hatype != ARPHRD_ETHER || sll.sll_halen != VRRP_ARP_HWADDR_LEN) {
		rc = vrrp_arp_fail(err, errlen, EPROTONOSUPPORT,
				   "ifindex %d: hardware type %u is not Ethernet", ifindex,
				   (unsigned)sll.sll_hatype);
		goto fail;
	}
	a->fd = fd;
	a->ifindex = ifindex;
	return 0;
fail:
	close(fd);
	return rc;
}

int
vrrp_arp_send(struct vrrp_arp *a, const uint8_t hwaddr[VRRP_ARP_HWADDR_LEN],
	      const struct in_addr *vip)
{
	uint8_t frame[VRRP_ARP_FRAME_LEN];
	struct sockaddr_ll sll;
	size_t len;
	ssize_t n;

	if (a->fd < 0)
		return -EBADF;
	len = vrrp_arp_build(frame, sizeof(frame), hwaddr, vip);
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETHERTYPE_ARP);
	sll.sll_ifindex = a->ifindex;
	sll.sll_halen = VRRP_ARP_HWADDR_LEN;
	memcpy(sll.sll_addr, vrrp_arp_bcast, VRRP_ARP_HWADDR_LEN);
	n = sendto(a->fd, frame, len, 0, (struct sockaddr *)&sll, sizeof(sll));
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	return (size_t)n == len ? 0 : -EMSGSIZE;
}

void
vrrp_arp_close(struct vrrp_arp *a)
{
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
}
