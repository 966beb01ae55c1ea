/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_vrrp_sock: vrrp_sock, vrrp_arp and vrrp_ndisc against the real kernel.
 * main() puts itself in a new network namespace A, makes a second one B and
 * joins them with a veth pair va (A) / vb (B); tests send on va and receive or
 * capture (AF_PACKET) on vb. Nothing leaves these namespaces. This half tests
 * vrrp_sock; check_vrrp_sock_link.c tests GARP, NA and keepalived interop.
 * Needs root (exit 77 otherwise) and iproute2; Check's fork mode.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "vrrp/vrrp_sock.h"
#include "check_vrrp_sock.h"

int ns_fd[2] = {-1, -1};
int ifindex_of[2];
const char *const ifname_of[2] = {"va", "vb"};
const uint8_t mac_a[6] = {0x02, 0, 0, 0, 0, 0x0a};

/* --- helpers: namespaces, addresses, checksums ------------------------------ */

void
ns_enter(int ns)
{
	ck_assert_msg(setns(ns_fd[ns], CLONE_NEWNET) == 0, "setns: %s", strerror(errno));
}

struct vrrp_sock_addr
addr(int family, const char *s)
{
	struct vrrp_sock_addr a;

	memset(&a, 0, sizeof(a));
	a.family = family;
	ck_assert_msg(inet_pton(family, s, a.addr) == 1, "bad address %s", s);
	return a;
}

void
ck_addr(const struct vrrp_sock_addr *got, int family, const char *want)
{
	char buf[INET6_ADDRSTRLEN] = "?";

	inet_ntop(got->family ? got->family : AF_INET6, got->addr, buf, sizeof(buf));
	ck_assert_msg(got->family == family && !strcmp(buf, want),
		      "address %s (family %d), want %s", buf, got->family, want);
}

uint32_t
sum16(uint32_t sum, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

uint16_t
fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* RFC 8200 8.1 checksum over an IPv6 pseudo-header and msg; 0 when msg's is right. */
uint16_t
csum6(const uint8_t *src, const uint8_t *dst, uint8_t nh, const uint8_t *msg, size_t len)
{
	uint8_t ph[8] = {0, 0, (uint8_t)(len >> 8), (uint8_t)len, 0, 0, 0, nh};
	uint32_t sum = sum16(0, src, 16);

	sum = sum16(sum, dst, 16);
	sum = sum16(sum, ph, sizeof(ph));
	return fold(sum16(sum, msg, len));
}

static void
put_csum(uint8_t *at, uint16_t c)
{
	at[0] = (uint8_t)(c >> 8);
	at[1] = (uint8_t)c;
}

/* A VRRPv2 advert (RFC 3768 5.1) for one IPv4 VIP, no auth: 20 bytes. */
static size_t
build_v2(uint8_t *p, uint8_t vrid, const char *vip)
{
	struct vrrp_sock_addr a = addr(AF_INET, vip);

	memset(p, 0, 20);
	p[0] = 0x21;
	p[1] = vrid;
	p[2] = 100;
	p[3] = 1;
	p[5] = 1;
	memcpy(p + 8, a.addr, 4);
	put_csum(p + 6, fold(sum16(0, p, 20)));
	return 20;
}

/* An IPv4 header (TOS 0xc0, id 1, DF clear) in front of len bytes already at p + 20. */
static size_t
build_ip4(uint8_t *p, uint8_t proto, uint8_t ttl, const char *src, const char *dst, size_t len)
{
	struct vrrp_sock_addr s = addr(AF_INET, src), d = addr(AF_INET, dst);

	memset(p, 0, 20);
	p[0] = 0x45;
	p[1] = 0xc0;
	put_csum(p + 2, (uint16_t)(20 + len));
	p[5] = 1;
	p[8] = ttl;
	p[9] = proto;
	memcpy(p + 12, s.addr, 4);
	memcpy(p + 16, d.addr, 4);
	put_csum(p + 10, fold(sum16(0, p, 20)));
	return 20 + len;
}

/* A VRRPv3 advert (RFC 5798 5.1) for one IPv6 VIP; the kernel fills the checksum. */
static size_t
build_v3_6(uint8_t *p, uint8_t vrid, const char *vip)
{
	struct vrrp_sock_addr a = addr(AF_INET6, vip);

	memset(p, 0, 24);
	p[0] = 0x31;
	p[1] = vrid;
	p[2] = 100;
	p[3] = 1;
	p[5] = 100; /* centiseconds */
	memcpy(p + 8, a.addr, 16);
	return 24;
}

struct vrrp_sock_params
params(int ns, int family, bool unicast, const char *src)
{
	struct vrrp_sock_params p;

	memset(&p, 0, sizeof(p));
	p.family = family;
	p.proto = VRRP_SOCK_PROTO_VRRP;
	p.ifindex = ifindex_of[ns];
	p.ifname = ifname_of[ns];
	p.unicast = unicast;
	if (src)
		p.src = addr(family, src);
	p.hdrincl = family == AF_INET;
	return p;
}

void
open_in(int ns, const struct vrrp_sock_params *p, struct vrrp_sock *s)
{
	char err[256] = "";
	int rc;

	ns_enter(ns);
	rc = vrrp_sock_open(p, s, err, sizeof(err));
	ck_assert_msg(rc == 0, "vrrp_sock_open in %s: %d %s", ns ? "B" : "A", rc, err);
	ck_assert_int_ge(s->fd, 0);
	ck_assert_int_ne(fcntl(s->fd, F_GETFL) & O_NONBLOCK, 0);
	ck_assert_int_ne(fcntl(s->fd, F_GETFD) & FD_CLOEXEC, 0);
}

bool
readable(int fd, int ms)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};

	return poll(&pfd, 1, ms) == 1;
}

/* Waits for one packet on s; fails the test on timeout. */
static ssize_t
recv_wait(struct vrrp_sock *s, uint8_t *buf, size_t len, struct vrrp_sock_rxinfo *rx)
{
	struct timespec t0, t;
	ssize_t n;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		n = vrrp_sock_recv(s, buf, len, rx);
		if (n != -EAGAIN)
			return n;
		clock_gettime(CLOCK_MONOTONIC, &t);
		ck_assert_msg((t.tv_sec - t0.tv_sec) * 1000 < WAIT_MS, "nothing received");
		readable(s->fd, 100);
	}
}

static void
ck_nothing(struct vrrp_sock *s, int ms)
{
	uint8_t buf[256];
	struct vrrp_sock_rxinfo rx;

	readable(s->fd, ms);
	ck_assert_int_eq(vrrp_sock_recv(s, buf, sizeof(buf), &rx), -EAGAIN);
}

/* An AF_PACKET socket capturing ethertype on vb in B. */
int
capture_open(int ethertype)
{
	struct sockaddr_ll sll = {.sll_family = AF_PACKET};
	int fd;

	ns_enter(NS_B);
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ethertype));
	ck_assert_int_ge(fd, 0);
	sll.sll_protocol = htons((uint16_t)ethertype);
	sll.sll_ifindex = ifindex_of[NS_B];
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sll, sizeof(sll)), 0);
	return fd;
}

/*
 * Next captured frame whose bytes at off equal want[0..wlen), skipping others;
 * its length, or 0 once nothing matched within ms (0: what is queued now).
 */
size_t
capture_match(int fd, uint8_t *buf, size_t len, size_t off, const uint8_t *want, size_t wlen,
	      int ms)
{
	ssize_t n;

	for (int waited = 0;;) {
		n = recv(fd, buf, len, 0);
		if (n >= 0) {
			if ((size_t)n >= off + wlen && !memcmp(buf + off, want, wlen))
				return (size_t)n;
			continue;
		}
		if (waited >= ms)
			return 0;
		readable(fd, 50);
		waited += 50;
	}
}

/* --- vrrp_sock ---------------------------------------------------------------- */

START_TEST(test_mcast4_hdrincl)
{
	struct vrrp_sock tx, rxs;
	struct vrrp_sock_params p = params(NS_B, AF_INET, false, NULL);
	struct vrrp_sock_rxinfo rx;
	uint8_t pkt[64], buf[256];
	size_t len;
	ssize_t n;

	open_in(NS_B, &p, &rxs);
	p = params(NS_A, AF_INET, false, NULL);
	open_in(NS_A, &p, &tx);
	len = build_ip4(pkt, 112, 255, "10.77.0.1", "224.0.0.18",
			build_v2(pkt + 20, 51, "10.77.0.100"));
	ck_assert_int_eq(vrrp_sock_send(&tx, pkt, len, NULL), 0);

	n = recv_wait(&rxs, buf, sizeof(buf), &rx);
	ck_assert_int_eq(n, 40);
	ck_assert_mem_eq(buf, pkt, 40); /* the header exactly as we built it */
	ck_assert(rx.ip_header);
	ck_assert_int_eq(rx.ttl, 255);
	ck_addr(&rx.src, AF_INET, "10.77.0.1");
	ck_addr(&rx.dst, AF_INET, "224.0.0.18");
	ck_assert_int_eq(rx.ifindex, ifindex_of[NS_B]);
	ck_nothing(&tx, 100); /* IP_MULTICAST_LOOP off */

	/* Too small a buffer: the packet is consumed and reported. */
	ck_assert_int_eq(vrrp_sock_send(&tx, pkt, len, NULL), 0);
	readable(rxs.fd, WAIT_MS);
	ck_assert_int_eq(vrrp_sock_recv(&rxs, buf, 10, &rx), -EMSGSIZE);
	ck_nothing(&rxs, 100);
	vrrp_sock_close(&tx);
	vrrp_sock_close(&tx);
	ck_assert_int_eq(tx.fd, -1);
	ck_assert_int_eq(vrrp_sock_send(&tx, pkt, len, NULL), -EBADF);
	vrrp_sock_close(&rxs);
}
END_TEST

/* Without IP_HDRINCL the kernel builds keepalived's header; mcast_src_ip via IP_PKTINFO. */
START_TEST(test_mcast4_kernel_header)
{
	struct vrrp_sock tx, rxs;
	struct vrrp_sock_params p = params(NS_B, AF_INET, false, NULL);
	struct vrrp_sock_rxinfo rx;
	uint8_t pkt[64], buf[256];
	size_t len = build_v2(pkt, 52, "10.77.0.100");

	open_in(NS_B, &p, &rxs);
	for (int with_src = 0; with_src < 2; with_src++) {
		p = params(NS_A, AF_INET, false, with_src ? "10.77.0.9" : NULL);
		p.hdrincl = false;
		open_in(NS_A, &p, &tx);
		ck_assert_int_eq(vrrp_sock_send(&tx, pkt, len, NULL), 0);
		ck_assert_int_eq(recv_wait(&rxs, buf, sizeof(buf), &rx), 40);
		ck_assert_int_eq(buf[0], 0x45);
		ck_assert_int_eq(buf[1], 0xc0);	    /* TOS */
		ck_assert_int_eq(buf[6] & 0x40, 0); /* DF clear */
		ck_assert_int_eq(buf[8], 255);
		ck_assert_int_eq(buf[9], 112);
		ck_assert_mem_eq(buf + 20, pkt, len);
		ck_assert_int_eq(rx.ttl, 255);
		ck_addr(&rx.src, AF_INET, with_src ? "10.77.0.9" : "10.77.0.1");
		ck_addr(&rx.dst, AF_INET, "224.0.0.18");
		vrrp_sock_close(&tx);
	}
	vrrp_sock_close(&rxs);
}
END_TEST

START_TEST(test_mcast6)
{
	struct vrrp_sock tx, rxs;
	struct vrrp_sock_params p = params(NS_B, AF_INET6, false, NULL);
	struct vrrp_sock_rxinfo rx;
	uint8_t pkt[64], buf[256];
	size_t len = build_v3_6(pkt, 53, "fd77::100");
	ssize_t n;

	open_in(NS_B, &p, &rxs);
	p = params(NS_A, AF_INET6, false, NULL);
	open_in(NS_A, &p, &tx);
	ck_assert_int_eq(vrrp_sock_send(&tx, pkt, len, NULL), 0);

	n = recv_wait(&rxs, buf, sizeof(buf), &rx);
	ck_assert_int_eq(n, 24);
	ck_assert(!rx.ip_header);
	ck_assert_int_eq(rx.ttl, 255);
	ck_addr(&rx.src, AF_INET6, "fe80::ff:fe00:a"); /* va's link-local */
	ck_addr(&rx.dst, AF_INET6, "ff02::12");
	ck_assert_int_eq(rx.ifindex, ifindex_of[NS_B]);
	ck_assert_mem_eq(buf, pkt, 6);
	ck_assert_mem_eq(buf + 8, pkt + 8, 16);
	/* IPV6_CHECKSUM: the kernel filled in a correct checksum. */
	ck_assert_int_ne(buf[6] | buf[7], 0);
	ck_assert_int_eq(csum6(rx.src.addr, rx.dst.addr, 112, buf, 24), 0);
	ck_nothing(&tx, 100);
	vrrp_sock_close(&tx);

	/* mcast_src_ip: the global address as source. */
	p = params(NS_A, AF_INET6, false, "fd77::1");
	open_in(NS_A, &p, &tx);
	ck_assert_int_eq(vrrp_sock_send(&tx, pkt, len, NULL), 0);
	ck_assert_int_eq(recv_wait(&rxs, buf, sizeof(buf), &rx), 24);
	ck_addr(&rx.src, AF_INET6, "fd77::1");
	ck_assert_int_eq(rx.ttl, 255);
	vrrp_sock_close(&tx);
	vrrp_sock_close(&rxs);
}
END_TEST

/* mcast_dst_ip: each socket takes only its own group, though B has joined both. */
START_TEST(test_mcast_group_filter)
{
	static const char *const groups[2][2] = {{"224.0.0.18", "239.1.2.3"},
						 {"ff02::12", "ff02::112"}};
	struct vrrp_sock tx, rx_def, rx_grp;
	struct vrrp_sock_params p;
	struct vrrp_sock_rxinfo rx;
	uint8_t pkt[64], buf[256];

	for (int i = 0; i < 2; i++) {
		int family = i ? AF_INET6 : AF_INET;
		size_t len = i ? build_v3_6(pkt, 54, "fd77::100")
			       : build_ip4(pkt, 112, 255, "10.77.0.1", groups[0][1],
					   build_v2(pkt + 20, 54, "10.77.0.100"));

		p = params(NS_B, family, false, NULL);
		open_in(NS_B, &p, &rx_def);
		p.mcast_group = addr(family, groups[i][1]);
		open_in(NS_B, &p, &rx_grp);
		p = params(NS_A, family, false, NULL);
		p.mcast_group = addr(family, groups[i][1]);
		open_in(NS_A, &p, &tx);
		ck_assert_int_eq(vrrp_sock_send(&tx, pkt, len, NULL), 0);
		ck_assert_int_eq(recv_wait(&rx_grp, buf, sizeof(buf), &rx), (ssize_t)len);
		ck_addr(&rx.dst, family, groups[i][1]);
		ck_nothing(&rx_def, 200);
		vrrp_sock_close(&tx);
		vrrp_sock_close(&rx_grp);
		vrrp_sock_close(&rx_def);
	}
}
END_TEST

START_TEST(test_unicast4)
{
	struct vrrp_sock tx, rxs, rx_mc;
	struct vrrp_sock_params p = params(NS_B, AF_INET, true, "10.77.0.2");
	struct vrrp_sock_addr peer = addr(AF_INET, "10.77.0.2");
	struct vrrp_sock_rxinfo rx;
	uint8_t pkt[64], buf[256];
	size_t len;

	open_in(NS_B, &p, &rxs);
	p = params(NS_B, AF_INET, false, NULL);
	open_in(NS_B, &p, &rx_mc);

	/* Kernel-built header: unicast_ttl applies. */
	p = params(NS_A, AF_INET, true, "10.77.0.1");
	p.hdrincl = false;
	p.unicast_ttl = 7;
	open_in(NS_A, &p, &tx);
	len = build_v2(pkt, 55, "10.77.0.100");
	ck_assert_int_eq(vrrp_sock_send(&tx, pkt, len, NULL), -EDESTADDRREQ);
	ck_assert_int_eq(vrrp_sock_send(&tx, pkt, len, &peer), 0);
	ck_assert_int_eq(recv_wait(&rxs, buf, sizeof(buf), &rx), 40);
	ck_assert_int_eq(rx.ttl, 7);
	ck_assert_int_eq(buf[8], 7);
	ck_addr(&rx.src, AF_INET, "10.77.0.1");
	ck_addr(&rx.dst, AF_INET, "10.77.0.2");
	ck_assert_mem_eq(buf + 20, pkt, len);
	vrrp_sock_close(&tx);

	/* Caller-built header (IP_HDRINCL): its TTL goes out unchanged. */
	p = params(NS_A, AF_INET, true, "10.77.0.1");
	open_in(NS_A, &p, &tx);
	len = build_ip4(pkt, 112, 9, "10.77.0.1", "10.77.0.2",
			build_v2(pkt + 20, 55, "10.77.0.100"));
	ck_assert_int_eq(vrrp_sock_send(&tx, pkt, len, &peer), 0);
	ck_assert_int_eq(recv_wait(&rxs, buf, sizeof(buf), &rx), 40);
	ck_assert_mem_eq(buf, pkt, 40);
	ck_assert_int_eq(rx.ttl, 9);
	ck_nothing(&rx_mc, 100); /* the multicast socket does not take unicast */
	vrrp_sock_close(&tx);
	vrrp_sock_close(&rx_mc);
	vrrp_sock_close(&rxs);
}
END_TEST

/* Sends one v3 advert from src to dst with unicast_ttl and checks what B's socket saw. */
static void
unicast6_once(struct vrrp_sock *rxs, const char *src, const char *dst, int ttl, int want_ttl)
{
	struct vrrp_sock tx;
	struct vrrp_sock_params p = params(NS_A, AF_INET6, true, src);
	struct vrrp_sock_addr peer = addr(AF_INET6, dst);
	struct vrrp_sock_rxinfo rx;
	uint8_t pkt[64], buf[256];
	size_t len = build_v3_6(pkt, 56, "fd77::100");

	p.unicast_ttl = ttl;
	open_in(NS_A, &p, &tx);
	ck_assert_int_eq(vrrp_sock_send(&tx, pkt, len, &peer), 0);
	ck_assert_int_eq(recv_wait(rxs, buf, sizeof(buf), &rx), 24);
	ck_assert_int_eq(rx.ttl, want_ttl);
	ck_addr(&rx.src, AF_INET6, src);
	ck_addr(&rx.dst, AF_INET6, dst);
	ck_assert_int_eq(rx.ifindex, ifindex_of[NS_B]);
	ck_assert_int_eq(csum6(rx.src.addr, rx.dst.addr, 112, buf, 24), 0);
	vrrp_sock_close(&tx);
}

START_TEST(test_unicast6)
{
	struct vrrp_sock rxs, rx_mc;
	struct vrrp_sock_params p = params(NS_B, AF_INET6, true, "fd77::2");

	open_in(NS_B, &p, &rxs);
	p = params(NS_B, AF_INET6, false, NULL);
	open_in(NS_B, &p, &rx_mc);
	unicast6_once(&rxs, "fd77::1", "fd77::2", 7, 7);
	unicast6_once(&rxs, "fd77::1", "fd77::2", 0, 64); /* keepalived: kernel default */
	ck_nothing(&rx_mc, 100);
	vrrp_sock_close(&rxs);

	/* A link-local unicast_src_ip takes the interface as its scope. */
	p = params(NS_B, AF_INET6, true, "fe80::ff:fe00:b");
	open_in(NS_B, &p, &rxs);
	unicast6_once(&rxs, "fe80::ff:fe00:a", "fe80::ff:fe00:b", 0, 64);
	vrrp_sock_close(&rxs);
	vrrp_sock_close(&rx_mc);
}
END_TEST

/* auth_type AH: protocol 51 sockets; a protocol 112 socket sees none of it. */
START_TEST(test_ah4)
{
	struct vrrp_sock tx, rx_ah, rx_vrrp;
	struct vrrp_sock_params p = params(NS_B, AF_INET, false, NULL);
	struct vrrp_sock_rxinfo rx;
	uint8_t pkt[96], buf[256];
	size_t len;

	open_in(NS_B, &p, &rx_vrrp);
	p.proto = VRRP_SOCK_PROTO_AH;
	open_in(NS_B, &p, &rx_ah);
	p = params(NS_A, AF_INET, false, NULL);
	p.proto = VRRP_SOCK_PROTO_AH;
	open_in(NS_A, &p, &tx);
	/* RFC 2402 AH: next header 112, length 4 (24 bytes), SPI = source, seq 1. */
	memset(pkt + 20, 0, 24);
	pkt[20] = 112;
	pkt[21] = 4;
	memcpy(pkt + 24, (uint8_t[]){10, 77, 0, 1}, 4);
	pkt[31] = 1;
	len = build_ip4(pkt, 51, 255, "10.77.0.1", "224.0.0.18",
			24 + build_v2(pkt + 44, 57, "10.77.0.100"));
	ck_assert_int_eq(vrrp_sock_send(&tx, pkt, len, NULL), 0);
	ck_assert_int_eq(recv_wait(&rx_ah, buf, sizeof(buf), &rx), 64);
	ck_assert_mem_eq(buf, pkt, 64);
	ck_assert_int_eq(rx.ttl, 255);
	ck_nothing(&rx_vrrp, 100);
	vrrp_sock_close(&tx);
	vrrp_sock_close(&rx_ah);
	vrrp_sock_close(&rx_vrrp);
}
END_TEST

START_TEST(test_open_errors)
{
	struct vrrp_sock s;
	struct vrrp_sock_params p;
	char err[256];

	ns_enter(NS_A);
	p = params(NS_A, AF_UNIX, false, NULL);
	ck_assert_int_eq(vrrp_sock_open(&p, &s, err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(s.fd, -1);
	p = params(NS_A, AF_INET6, false, NULL);
	p.proto = VRRP_SOCK_PROTO_AH;
	ck_assert_int_eq(vrrp_sock_open(&p, &s, err, sizeof(err)), -EINVAL);
	p = params(NS_A, AF_INET6, false, NULL);
	p.hdrincl = true;
	ck_assert_int_eq(vrrp_sock_open(&p, &s, err, sizeof(err)), -EINVAL);
	p = params(NS_A, AF_INET, false, NULL);
	p.ifindex = 0;
	ck_assert_int_eq(vrrp_sock_open(&p, &s, err, sizeof(err)), -EINVAL);
	p = params(NS_A, AF_INET, true, NULL);
	ck_assert_int_eq(vrrp_sock_open(&p, &s, err, sizeof(err)), -EINVAL);
	p = params(NS_A, AF_INET, false, NULL);
	p.mcast_group = addr(AF_INET, "10.1.1.1");
	ck_assert_int_eq(vrrp_sock_open(&p, &s, err, sizeof(err)), -EINVAL);
	p = params(NS_A, AF_INET, true, "10.77.0.1");
	p.unicast_ttl = 256;
	ck_assert_int_eq(vrrp_sock_open(&p, &s, err, sizeof(err)), -EINVAL);

	/* The unicast source is not on this host: keepalived's FAULT case. */
	p = params(NS_A, AF_INET, true, "10.77.0.2");
	ck_assert_int_eq(vrrp_sock_open(&p, &s, err, sizeof(err)), -EADDRNOTAVAIL);
	ck_assert_msg(strstr(err, "10.77.0.2") != NULL, "%s", err);
	p = params(NS_A, AF_INET6, true, "fd77::2");
	ck_assert_int_eq(vrrp_sock_open(&p, &s, err, sizeof(err)), -EADDRNOTAVAIL);
	ck_assert_int_eq(s.fd, -1);

	p = params(NS_A, AF_INET, false, NULL);
	p.ifname = "nosuch0";
	ck_assert_int_eq(vrrp_sock_open(&p, &s, err, sizeof(err)), -ENODEV);
	ck_assert_msg(strstr(err, "nosuch0") != NULL, "%s", err);
	vrrp_sock_close(&s);
}
END_TEST

/* --- setup ------------------------------------------------------------------------ */

static int __attribute__((format(printf, 1, 2))) sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0) {
		fprintf(stderr, "check_vrrp_sock: failed: %s\n", cmd);
		return -1;
	}
	return 0;
}

/* New namespace for this process, DAD off so addresses are usable at once. */
static int
new_ns(int *fd)
{
	if (unshare(CLONE_NEWNET) < 0)
		return -1;
	*fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return -1;
	return sh("sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0"
		  " && ip link set lo up");
}

/* Waits until ifname has a non-tentative link-local address (/proc/net/if_inet6). */
static int
wait_lladdr(const char *ifname)
{
	char line[256], a[40], name[IFNAMSIZ];
	unsigned idx, plen, scope, flags;
	FILE *f;

	for (int i = 0; i < 100; i++) {
		f = fopen("/proc/net/if_inet6", "r");
		while (f && fgets(line, sizeof(line), f))
			if (sscanf(line, "%39s %x %x %x %x %15s", a, &idx, &plen, &scope, &flags,
				   name) == 6 &&
			    !strcmp(name, ifname) && scope == 0x20 && !(flags & 0x40)) {
				fclose(f);
				return 0;
			}
		if (f)
			fclose(f);
		usleep(50000);
	}
	fprintf(stderr, "check_vrrp_sock: no link-local address on %s\n", ifname);
	return -1;
}

static int
setup_netns(void)
{
	if (new_ns(&ns_fd[NS_A]) < 0 || new_ns(&ns_fd[NS_B]) < 0 ||
	    setns(ns_fd[NS_A], CLONE_NEWNET) < 0)
		return -1;
	if (sh("ip link add va address 02:00:00:00:00:0a type veth peer name vb"
	       " address 02:00:00:00:00:0b netns /proc/%d/fd/%d",
	       (int)getpid(), ns_fd[NS_B]) ||
	    sh("ip addr add 10.77.0.1/24 dev va && ip addr add 10.77.0.9/24 dev va"
	       " && ip -6 addr add fd77::1/64 dev va nodad && ip link set va up"))
		return -1;
	if (setns(ns_fd[NS_B], CLONE_NEWNET) < 0 ||
	    sh("ip addr add 10.77.0.2/24 dev vb && ip -6 addr add fd77::2/64 dev vb nodad"
	       " && ip link set vb up"))
		return -1;
	ifindex_of[NS_B] = (int)if_nametoindex("vb");
	if (!ifindex_of[NS_B] || wait_lladdr("vb") < 0 || setns(ns_fd[NS_A], CLONE_NEWNET) < 0)
		return -1;
	ifindex_of[NS_A] = (int)if_nametoindex("va");
	if (!ifindex_of[NS_A] || wait_lladdr("va") < 0)
		return -1;
	return 0;
}

static Suite *
vrrp_sock_suite(void)
{
	Suite *s = suite_create("vrrp_sock");
	TCase *tc = tcase_create("sock");

	tcase_add_test(tc, test_mcast4_hdrincl);
	tcase_add_test(tc, test_mcast4_kernel_header);
	tcase_add_test(tc, test_mcast6);
	tcase_add_test(tc, test_mcast_group_filter);
	tcase_add_test(tc, test_unicast4);
	tcase_add_test(tc, test_unicast6);
	tcase_add_test(tc, test_ah4);
	tcase_add_test(tc, test_open_errors);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, vrrp_sock_link_tcase());
	suite_add_tcase(s, vrrp_sock_ka_tcase());
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	if (geteuid() != 0) {
		fprintf(stderr, "check_vrrp_sock: needs root (network namespaces), skipped\n");
		return 77;
	}
	if (system("ip -V >/dev/null 2>&1") != 0) {
		fprintf(stderr, "check_vrrp_sock: needs iproute2, skipped\n");
		return 77;
	}
	if (unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr, "check_vrrp_sock: unshare(CLONE_NEWNET): %s, skipped\n",
			strerror(errno));
		return 77;
	}
	/* This first namespace only proved we may; A and B are made next. */
	if (setup_netns() < 0) {
		fprintf(stderr, "check_vrrp_sock: namespace setup failed\n");
		return 99;
	}
	sr = srunner_create(vrrp_sock_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
