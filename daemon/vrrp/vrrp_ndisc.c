/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_ndisc: unsolicited Neighbor Advertisements for IPv6 VIPs on an ICMPv6
 * raw socket. keepalived 2.2.7 hand-builds the whole Ethernet frame on an
 * AF_PACKET socket; we let the kernel add the IPv6 header and the checksum and
 * set the socket up so the frame comes out the same (checked against a
 * capture, see test/unit/check_vrrp_sock.c): source = VIP (IPV6_PKTINFO),
 * ff02::1, hop limit 255, traffic class 0, flow label 0. It must not log,
 * schedule or retry.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vrrp/vrrp_ndisc.h"

#define VRRP_NDISC_HOPLIMIT	 255  /* RFC 4861 7.1.2: receivers drop anything else */
#define VRRP_NDISC_FLAG_ROUTER	 0x80 /* RFC 4861 4.4, first byte of the flags word */
#define VRRP_NDISC_FLAG_OVERRIDE 0x20
#define VRRP_NDISC_OPT_TARGET_LL 2 /* RFC 4861 4.6.1 Target Link-Layer Address */

/* Socket options from <linux/in6.h> that glibc 2.36's <netinet/in.h> lacks. */
static const int vrrp_ndisc_ipv6_autoflowlabel = 70; /* IPV6_AUTOFLOWLABEL, Linux 4.0 */
static const int vrrp_ndisc_ipv6_freebind = 78;	     /* IPV6_FREEBIND, Linux 4.15 */

static int __attribute__((format(printf, 4, 5)))
vrrp_ndisc_fail(char *err, size_t errlen, int e, const char *fmt, ...)
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

size_t
vrrp_ndisc_build(uint8_t *buf, size_t buflen, const uint8_t hwaddr[VRRP_NDISC_HWADDR_LEN],
		 const struct in6_addr *vip, bool router)
{
	if (buflen < VRRP_NDISC_NA_LEN)
		return 0;
	memset(buf, 0, VRRP_NDISC_NA_LEN);
	buf[0] = ND_NEIGHBOR_ADVERT; /* 136; code 0; checksum 0 for the kernel */
	/* RFC 4861 7.2.6: Override set so caches take the new address; Solicited
	 * clear (unsolicited); Router as the interface forwards (keepalived). */
	buf[4] = VRRP_NDISC_FLAG_OVERRIDE | (router ? VRRP_NDISC_FLAG_ROUTER : 0);
	memcpy(buf + 8, vip, 16);
	buf[24] = VRRP_NDISC_OPT_TARGET_LL;
	buf[25] = 1; /* option length in units of 8 bytes */
	memcpy(buf + 26, hwaddr, VRRP_NDISC_HWADDR_LEN);
	return VRRP_NDISC_NA_LEN;
}

void
vrrp_ndisc_init(struct vrrp_ndisc *nd)
{
	nd->fd = -1;
	nd->ifindex = 0;
}

static int
vrrp_ndisc_setopt(int fd, int opt, int val, const char *name, char *err, size_t errlen)
{
	if (setsockopt(fd, IPPROTO_IPV6, opt, &val, sizeof(val)) < 0)
		return vrrp_ndisc_fail(err, errlen, errno, "setsockopt(%s)", name);
	return 0;
}

int
vrrp_ndisc_open(struct vrrp_ndisc *nd, int ifindex, char *err, size_t errlen)
{
	struct icmp6_filter filter;
	int fd, rc, off = 0, on = 1;

	vrrp_ndisc_init(nd);
	if (ifindex <= 0)
		return vrrp_ndisc_fail(err, errlen, EINVAL, "NA needs an interface");
	fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMPV6);
	if (fd < 0)
		return vrrp_ndisc_fail(err, errlen, errno, "socket(AF_INET6, SOCK_RAW, ICMPv6)");
	/* A send-only socket: block every ICMPv6 type on receive. */
	ICMP6_FILTER_SETBLOCKALL(&filter);
	if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof(filter)) < 0) {
		rc = vrrp_ndisc_fail(err, errlen, errno, "setsockopt(ICMP6_FILTER)");
		goto fail;
	}
	if ((rc = vrrp_ndisc_setopt(fd, IPV6_MULTICAST_IF, ifindex, "IPV6_MULTICAST_IF", err,
				    errlen)) ||
	    (rc = vrrp_ndisc_setopt(fd, IPV6_MULTICAST_HOPS, VRRP_NDISC_HOPLIMIT,
				    "IPV6_MULTICAST_HOPS", err, errlen)) ||
	    (rc = vrrp_ndisc_setopt(fd, IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP", err,
				    errlen)))
		goto fail;
	/* Best effort, kernels before 4.15 / 4.0 lack them: the VIP as source
	 * before DAD is done or while not on this link, and flow label 0 like
	 * keepalived's frame. */
	if (setsockopt(fd, IPPROTO_IPV6, vrrp_ndisc_ipv6_freebind, &on, sizeof(on)) < 0 &&
	    errno != ENOPROTOOPT) {
		rc = vrrp_ndisc_fail(err, errlen, errno, "setsockopt(IPV6_FREEBIND)");
		goto fail;
	}
	if (setsockopt(fd, IPPROTO_IPV6, vrrp_ndisc_ipv6_autoflowlabel, &off, sizeof(off)) < 0 &&
	    errno != ENOPROTOOPT) {
		rc = vrrp_ndisc_fail(err, errlen, errno, "setsockopt(IPV6_AUTOFLOWLABEL)");
		goto fail;
	}
	nd->fd = fd;
	nd->ifindex = ifindex;
	return 0;
fail:
	close(fd);
	return rc;
}

int
vrrp_ndisc_send(struct vrrp_ndisc *nd, const uint8_t hwaddr[VRRP_NDISC_HWADDR_LEN],
		const struct in6_addr *vip, bool router)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} cbuf;
	uint8_t na[VRRP_NDISC_NA_LEN];
	struct sockaddr_in6 dst;
	struct in6_pktinfo pi;
	struct iovec iov = {.iov_base = na, .iov_len = sizeof(na)};
	struct msghdr msg = {.msg_name = &dst,
			     .msg_namelen = sizeof(dst),
			     .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = cbuf.buf,
			     .msg_controllen = sizeof(cbuf.buf)};
	struct cmsghdr *cm;
	ssize_t n;

	if (nd->fd < 0)
		return -EBADF;
	vrrp_ndisc_build(na, sizeof(na), hwaddr, vip, router);
	memset(&dst, 0, sizeof(dst));
	dst.sin6_family = AF_INET6;
	dst.sin6_addr.s6_addr[0] = 0xff; /* ff02::1, all nodes (RFC 4861 7.2.6) */
	dst.sin6_addr.s6_addr[1] = 0x02;
	dst.sin6_addr.s6_addr[15] = 0x01;
	dst.sin6_scope_id = (uint32_t)nd->ifindex;
	/* RFC 4861 7.2.6 leaves the source open; keepalived sends from the VIP. */
	memset(&cbuf, 0, sizeof(cbuf));
	memset(&pi, 0, sizeof(pi));
	pi.ipi6_addr = *vip;
	pi.ipi6_ifindex = (unsigned)nd->ifindex;
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = IPPROTO_IPV6;
	cm->cmsg_type = IPV6_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	n = sendmsg(nd->fd, &msg, 0);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	return (size_t)n == sizeof(na) ? 0 : -EMSGSIZE;
}

int
vrrp_ndisc_forwarding(const char *ifname)
{
	char path[64 + IFNAMSIZ], val[8];
	ssize_t n;
	int fd, e;

	if (!ifname || !*ifname || strlen(ifname) >= IFNAMSIZ || strchr(ifname, '/') ||
	    !strcmp(ifname, ".") || !strcmp(ifname, ".."))
		return -EINVAL;
	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/forwarding", ifname);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, val, sizeof(val) - 1);
	e = errno;
	close(fd);
	if (n < 0)
		return -e;
	if (n == 0)
		return -EINVAL;
	return val[0] != '0';
}

void
vrrp_ndisc_close(struct vrrp_ndisc *nd)
{
	if (nd->fd >= 0)
		close(nd->fd);
	nd->fd = -1;
}
