/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_sock: raw VRRP (protocol 112) and AH (51) sockets, IPv4 and IPv6,
 * multicast and unicast, with the socket options keepalived uses (RFC 5798
 * section 5.1 for TTL/hop limit and groups). One socket both sends and
 * receives. It must not parse VRRP, log, keep timers or global state; the
 * packet codec is vrrp_pkt.c and the caller polls s->fd.
 *
 * Receive filtering, so a socket only hands up what its instances could want:
 *   multicast: IP_MULTICAST_ALL off (IPv4), group joined on the interface,
 *              SO_BINDTODEVICE; unicast packets to this host and other groups
 *              reach an unbound raw socket too, so vrrp_sock_recv() drops
 *              what was not sent to our group on our interface.
 *   unicast:   bound to the unicast source address (the kernel filters).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vrrp/vrrp_sock.h"

#define VRRP_SOCK_TOS 0xc0 /* IPTOS_PREC_INTERNETCONTROL, keepalived's TOS/traffic class */

/* Fills err with "what: strerror(e)" and returns -e. */
static int __attribute__((format(printf, 4, 5)))
vrrp_sock_fail(char *err, size_t errlen, int e, const char *fmt, ...)
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

static size_t
vrrp_sock_alen(int family)
{
	return family == AF_INET ? 4 : 16;
}

static bool
vrrp_sock_addr_eq(const struct vrrp_sock_addr *a, const struct vrrp_sock_addr *b)
{
	return a->family == b->family && !memcmp(a->addr, b->addr, vrrp_sock_alen(a->family));
}

/* Converts a into *ss; IPv6 link-local and multicast addresses get ifindex as scope. */
static socklen_t
vrrp_sock_to_sockaddr(const struct vrrp_sock_addr *a, int ifindex, struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, a->addr, 4);
		return sizeof(*sin);
	}
	sin6->sin6_family = AF_INET6;
	memcpy(&sin6->sin6_addr, a->addr, 16);
	if (IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr) || IN6_IS_ADDR_MC_LINKLOCAL(&sin6->sin6_addr))
		sin6->sin6_scope_id = (uint32_t)ifindex;
	return sizeof(*sin6);
}

static void
vrrp_sock_from_sockaddr(const struct sockaddr_storage *ss, struct vrrp_sock_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET) {
		a->family = AF_INET;
		memcpy(a->addr, &((const struct sockaddr_in *)ss)->sin_addr, 4);
	} else if (ss->ss_family == AF_INET6) {
		a->family = AF_INET6;
		memcpy(a->addr, &((const struct sockaddr_in6 *)ss)->sin6_addr, 16);
	}
}

void
vrrp_sock_default_group(int family, struct vrrp_sock_addr *out)
{
	static const uint8_t group4[4] = {224, 0, 0, 18};
	static const uint8_t group6[16] = {0xff, 0x02, [15] = 0x12};

	memset(out, 0, sizeof(*out));
	out->family = family;
	if (family == AF_INET)
		memcpy(out->addr, group4, sizeof(group4));
	else
		memcpy(out->addr, group6, sizeof(group6));
}

static bool
vrrp_sock_is_multicast(const struct vrrp_sock_addr *a)
{
	if (a->family == AF_INET)
		return (a->addr[0] & 0xf0) == 0xe0;
	return a->addr[0] == 0xff;
}

static int
vrrp_sock_check_params(const struct vrrp_sock_params *p, char *err, size_t errlen)
{
	if (p->family != AF_INET && p->family != AF_INET6)
		return vrrp_sock_fail(err, errlen, EINVAL, "address family %d not supported",
				      p->family);
	if (p->proto != VRRP_SOCK_PROTO_VRRP &&
	    !(p->proto == VRRP_SOCK_PROTO_AH && p->family == AF_INET))
		return vrrp_sock_fail(err, errlen, EINVAL, "protocol %d not supported", p->proto);
	if (p->ifindex < 0 || (p->ifindex > 0 && (!p->ifname || !*p->ifname)))
		return vrrp_sock_fail(err, errlen, EINVAL, "bad interface index or name");
	if (p->ifindex == 0 && !p->unicast)
		return vrrp_sock_fail(err, errlen, EINVAL, "multicast needs an interface");
	if (p->ifname && strlen(p->ifname) >= IFNAMSIZ)
		return vrrp_sock_fail(err, errlen, EINVAL, "interface name too long");
	if (p->src.family && p->src.family != p->family)
		return vrrp_sock_fail(err, errlen, EINVAL, "source address family mismatch");
	if (p->unicast && !p->src.family)
		return vrrp_sock_fail(err, errlen, EINVAL, "unicast needs a source address");
	if (p->mcast_group.family &&
	    (p->mcast_group.family != p->family || !vrrp_sock_is_multicast(&p->mcast_group)))
		return vrrp_sock_fail(err, errlen, EINVAL, "not a multicast group of this family");
	if (p->unicast_ttl < 0 || p->unicast_ttl > 255)
		return vrrp_sock_fail(err, errlen, EINVAL, "unicast_ttl %d out of range",
				      p->unicast_ttl);
	if (p->hdrincl && p->family != AF_INET)
		return vrrp_sock_fail(err, errlen, EINVAL, "IP_HDRINCL is for IPv4 only");
	return 0;
}

static int
vrrp_sock_setopt(int fd, int level, int opt, int val, const char *name, char *err, size_t errlen)
{
	if (setsockopt(fd, level, opt, &val, sizeof(val)) < 0)
		return vrrp_sock_fail(err, errlen, errno, "setsockopt(%s)", name);
	return 0;
}

#define VRRP_SOCK_SETOPT(fd, level, opt, val, err, errlen)                                         \
	vrrp_sock_setopt(fd, level, opt, val, #opt, err, errlen)

/* Options of every IPv4 socket: no foreign groups, header handling, TTL, rx cmsgs. */
static int
vrrp_sock_setup4(int fd, const struct vrrp_sock_params *p, char *err, size_t errlen)
{
	int ttl = p->unicast && p->unicast_ttl ? p->unicast_ttl : VRRP_SOCK_TTL;
	int rc;

	if ((rc = VRRP_SOCK_SETOPT(fd, IPPROTO_IP, IP_MULTICAST_ALL, 0, err, errlen)) ||
	    (rc = VRRP_SOCK_SETOPT(fd, IPPROTO_IP, IP_HDRINCL, p->hdrincl, err, errlen)) ||
	    (rc = VRRP_SOCK_SETOPT(fd, IPPROTO_IP, IP_TOS, VRRP_SOCK_TOS, err, errlen)) ||
	    (rc = VRRP_SOCK_SETOPT(fd, IPPROTO_IP, IP_TTL, ttl, err, errlen)) ||
	    /* DF clear, as in keepalived's header, when the kernel builds it */
	    (rc = VRRP_SOCK_SETOPT(fd, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT, err,
				   errlen)) ||
	    (rc = VRRP_SOCK_SETOPT(fd, IPPROTO_IP, IP_PKTINFO, 1, err, errlen)) ||
	    (rc = VRRP_SOCK_SETOPT(fd, IPPROTO_IP, IP_RECVTTL, 1, err, errlen)))
		return rc;
	return 0;
}

/* Options of every IPv6 socket: kernel checksum, traffic class, hop limit, rx cmsgs. */
static int
vrrp_sock_setup6(int fd, const struct vrrp_sock_params *p, char *err, size_t errlen)
{
	int rc;

	/* RFC 5798 5.2.8: the checksum sits at offset 6; the kernel computes it
	 * on send and drops bad ones on receive, as keepalived has it do. */
	if ((rc = VRRP_SOCK_SETOPT(fd, IPPROTO_IPV6, IPV6_CHECKSUM, 6, err, errlen)) ||
	    (rc = VRRP_SOCK_SETOPT(fd, IPPROTO_IPV6, IPV6_TCLASS, VRRP_SOCK_TOS, err, errlen)) ||
	    (rc = VRRP_SOCK_SETOPT(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, err, errlen)) ||
	    (rc = VRRP_SOCK_SETOPT(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, err, errlen)))
		return rc;
	if (p->unicast && p->unicast_ttl &&
	    (rc = VRRP_SOCK_SETOPT(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, p->unicast_ttl, err,
				   errlen)))
		return rc;
	return 0;
}

/* Multicast: join the group on the interface, send there with TTL 255, no loopback. */
static int
vrrp_sock_setup_mcast(int fd, const struct vrrp_sock_params *p, const struct vrrp_sock_addr *grp,
		      char *err, size_t errlen)
{
	struct ip_mreqn mreq4;
	struct ipv6_mreq mreq6;
	int rc;

	if (p->family == AF_INET) {
		memset(&mreq4, 0, sizeof(mreq4));
		memcpy(&mreq4.imr_multiaddr, grp->addr, 4);
		mreq4.imr_ifindex = p->ifindex;
		if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq4, sizeof(mreq4)) < 0)
			return vrrp_sock_fail(err, errlen, errno, "IP_ADD_MEMBERSHIP on %s",
					      p->ifname);
		if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq4, sizeof(mreq4)) < 0)
			return vrrp_sock_fail(err, errlen, errno, "IP_MULTICAST_IF on %s",
					      p->ifname);
		if ((rc = VRRP_SOCK_SETOPT(fd, IPPROTO_IP, IP_MULTICAST_TTL, VRRP_SOCK_TTL, err,
					   errlen)) ||
		    (rc = VRRP_SOCK_SETOPT(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0, err, errlen)))
			return rc;
		return 0;
	}
	memset(&mreq6, 0, sizeof(mreq6));
	memcpy(&mreq6.ipv6mr_multiaddr, grp->addr, 16);
	mreq6.ipv6mr_interface = (unsigned)p->ifindex;
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mreq6, sizeof(mreq6)) < 0)
		return vrrp_sock_fail(err, errlen, errno, "IPV6_JOIN_GROUP on %s", p->ifname);
	if ((rc = VRRP_SOCK_SETOPT(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, p->ifindex, err, errlen)) ||
	    (rc = VRRP_SOCK_SETOPT(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, VRRP_SOCK_TTL, err,
				   errlen)) ||
	    (rc = VRRP_SOCK_SETOPT(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0, err, errlen)))
		return rc;
	return 0;
}

/* Unicast: bind to our address, so we only receive what is sent to it. */
static int
vrrp_sock_setup_unicast(int fd, const struct vrrp_sock_params *p, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sl = vrrp_sock_to_sockaddr(&p->src, p->ifindex, &ss);
	char buf[INET6_ADDRSTRLEN];

	if (bind(fd, (struct sockaddr *)&ss, sl) < 0) {
		if (!inet_ntop(p->family, p->src.addr, buf, sizeof(buf)))
			snprintf(buf, sizeof(buf), "?");
		return vrrp_sock_fail(err, errlen, errno, "bind to unicast source %s", buf);
	}
	return 0;
}

static int
vrrp_sock_bind_dev(int fd, const struct vrrp_sock_params *p, char *err, size_t errlen)
{
	const char *dev = p->bind_dev && *p->bind_dev ? p->bind_dev : p->ifname;

	if (!dev || !*dev)
		return 0;
	if (strlen(dev) >= IFNAMSIZ)
		return vrrp_sock_fail(err, errlen, EINVAL, "device name %s too long", dev);
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, (socklen_t)strlen(dev) + 1) < 0)
		return vrrp_sock_fail(err, errlen, errno, "SO_BINDTODEVICE %s", dev);
	return 0;
}

void
vrrp_sock_init(struct vrrp_sock *s)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
}

int
vrrp_sock_open(const struct vrrp_sock_params *p, struct vrrp_sock *s, char *err, size_t errlen)
{
	struct vrrp_sock_addr grp;
	int fd, rc;

	vrrp_sock_init(s);
	if ((rc = vrrp_sock_check_params(p, err, errlen)))
		return rc;
	if (p->mcast_group.family)
		grp = p->mcast_group;
	else
		vrrp_sock_default_group(p->family, &grp);

	fd = socket(p->family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, p->proto);
	if (fd < 0)
		return vrrp_sock_fail(err, errlen, errno, "socket(%s, SOCK_RAW, %d)",
				      p->family == AF_INET ? "AF_INET" : "AF_INET6", p->proto);
	rc = vrrp_sock_bind_dev(fd, p, err, errlen);
	if (!rc)
		rc = p->family == AF_INET ? vrrp_sock_setup4(fd, p, err, errlen)
					  : vrrp_sock_setup6(fd, p, err, errlen);
	if (!rc)
		rc = p->unicast ? vrrp_sock_setup_unicast(fd, p, err, errlen)
				: vrrp_sock_setup_mcast(fd, p, &grp, err, errlen);
	if (rc) {
		close(fd);
		return rc;
	}
	s->fd = fd;
	s->family = p->family;
	s->proto = p->proto;
	s->ifindex = p->ifindex;
	s->unicast = p->unicast;
	s->hdrincl = p->hdrincl;
	/* Bound to a VRF master, packets of other member interfaces arrive too,
	 * and the reported ifindex is not always the member's: no check then. */
	s->check_ifindex = !p->unicast && !(p->bind_dev && *p->bind_dev);
	s->src = p->src;
	s->group = grp;
	return 0;
}

void
vrrp_sock_close(struct vrrp_sock *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* Ancillary data naming our source address for one send, if we have one. */
static size_t
vrrp_sock_tx_cmsg(const struct vrrp_sock *s, void *cbuf, size_t cbuflen)
{
	struct msghdr msg = {.msg_control = cbuf, .msg_controllen = cbuflen};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	struct in_pktinfo pi4;
	struct in6_pktinfo pi6;

	/* With IP_HDRINCL the header carries the source; unicast sockets are
	 * bound to it. That leaves multicast with mcast_src_ip. */
	if (!s->src.family || s->unicast || s->hdrincl)
		return 0;
	memset(cbuf, 0, cbuflen);
	if (s->family == AF_INET) {
		memset(&pi4, 0, sizeof(pi4));
		pi4.ipi_ifindex = s->ifindex;
		memcpy(&pi4.ipi_spec_dst, s->src.addr, 4);
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi4));
		memcpy(CMSG_DATA(cm), &pi4, sizeof(pi4));
		return CMSG_SPACE(sizeof(pi4));
	}
	memset(&pi6, 0, sizeof(pi6));
	pi6.ipi6_ifindex = (unsigned)s->ifindex;
	memcpy(&pi6.ipi6_addr, s->src.addr, 16);
	cm->cmsg_level = IPPROTO_IPV6;
	cm->cmsg_type = IPV6_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(pi6));
	memcpy(CMSG_DATA(cm), &pi6, sizeof(pi6));
	return CMSG_SPACE(sizeof(pi6));
}

int
vrrp_sock_send(struct vrrp_sock *s, const uint8_t *pkt, size_t len,
	       const struct vrrp_sock_addr *dst)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} cbuf;
	struct sockaddr_storage ss;
	struct iovec iov = {.iov_base = (void *)(uintptr_t)pkt, .iov_len = len};
	struct msghdr msg = {.msg_name = &ss, .msg_iov = &iov, .msg_iovlen = 1};
	ssize_t n;

	if (s->fd < 0)
		return -EBADF;
	if (!dst) {
		if (s->unicast)
			return -EDESTADDRREQ;
		dst = &s->group;
	}
	if (dst->family != s->family)
		return -EAFNOSUPPORT;
	msg.msg_namelen = vrrp_sock_to_sockaddr(dst, s->ifindex, &ss);
	msg.msg_controllen = vrrp_sock_tx_cmsg(s, cbuf.buf, sizeof(cbuf.buf));
	if (msg.msg_controllen)
		msg.msg_control = cbuf.buf;
	n = sendmsg(s->fd, &msg, 0);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	if ((size_t)n != len)
		return -EMSGSIZE;
	return 0;
}

/* Fills rx from the ancillary data of msg. */
static void
vrrp_sock_rx_cmsgs(struct msghdr *msg, struct vrrp_sock_rxinfo *rx)
{
	struct cmsghdr *cm;
	struct in_pktinfo pi4;
	struct in6_pktinfo pi6;
	int v;

	for (cm = CMSG_FIRSTHDR(msg); cm; cm = CMSG_NXTHDR(msg, cm)) {
		if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(pi4))) {
			memcpy(&pi4, CMSG_DATA(cm), sizeof(pi4));
			rx->dst.family = AF_INET;
			memcpy(rx->dst.addr, &pi4.ipi_addr, 4);
			rx->ifindex = pi4.ipi_ifindex;
		} else if (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_PKTINFO &&
			   cm->cmsg_len >= CMSG_LEN(sizeof(pi6))) {
			memcpy(&pi6, CMSG_DATA(cm), sizeof(pi6));
			rx->dst.family = AF_INET6;
			memcpy(rx->dst.addr, &pi6.ipi6_addr, 16);
			rx->ifindex = (int)pi6.ipi6_ifindex;
		} else if (((cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_TTL) ||
			    (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_HOPLIMIT)) &&
			   cm->cmsg_len >= CMSG_LEN(sizeof(v))) {
			memcpy(&v, CMSG_DATA(cm), sizeof(v));
			rx->ttl = v;
		}
	}
}

/* Whether a received packet is for this socket (see the top of this file). */
static bool
vrrp_sock_rx_wanted(const struct vrrp_sock *s, const struct vrrp_sock_rxinfo *rx)
{
	if (s->unicast)
		return true;
	if (rx->dst.family && !vrrp_sock_addr_eq(&rx->dst, &s->group))
		return false;
	if (s->check_ifindex && rx->ifindex && rx->ifindex != s->ifindex)
		return false;
	return true;
}

ssize_t
vrrp_sock_recv(struct vrrp_sock *s, uint8_t *buf, size_t len, struct vrrp_sock_rxinfo *rx)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int)) +
			 CMSG_SPACE(sizeof(struct in_pktinfo))];
	} cbuf;
	struct sockaddr_storage from;
	struct iovec iov = {.iov_base = buf, .iov_len = len};
	struct msghdr msg;
	ssize_t n;

	if (s->fd < 0)
		return -EBADF;
	for (;;) {
		memset(&msg, 0, sizeof(msg));
		memset(&from, 0, sizeof(from));
		msg.msg_name = &from;
		msg.msg_namelen = sizeof(from);
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = cbuf.buf;
		msg.msg_controllen = sizeof(cbuf.buf);
		n = recvmsg(s->fd, &msg, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EWOULDBLOCK ? -EAGAIN : -errno;
		}
		if (msg.msg_flags & MSG_TRUNC)
			return -EMSGSIZE;
		memset(rx, 0, sizeof(*rx));
		rx->ttl = -1;
		rx->ip_header = s->family == AF_INET;
		vrrp_sock_from_sockaddr(&from, &rx->src);
		vrrp_sock_rx_cmsgs(&msg, rx);
		if (vrrp_sock_rx_wanted(s, rx))
			return n;
	}
}
