/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_vrrp_sock_link: vrrp_arp and vrrp_ndisc on the veth pair of
 * check_vrrp_sock.c (frames captured on vb with AF_PACKET and compared byte for
 * byte), and interop: keepalived 2.2.7 run on va, its adverts taken by our
 * receive path and its GARP and NA frames compared with ours.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vrrp/vrrp_arp.h"
#include "vrrp/vrrp_ndisc.h"
#include "check_vrrp_sock.h"

/* --- vrrp_arp ------------------------------------------------------------------- */

/* Written out by hand from RFC 826 and the keepalived 2.2.7 capture: VIP 10.77.0.100. */
/* clang-format off */
static const uint8_t garp_want[VRRP_ARP_FRAME_LEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff,	/* Ethernet destination: broadcast */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,	/* Ethernet source: va */
	0x08, 0x06,				/* ARP */
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04,	/* Ethernet, IPv4, lengths 6 and 4 */
	0x00, 0x01,				/* request */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,	/* sender MAC */
	10, 77, 0, 100,				/* sender IP: the VIP */
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff,	/* target MAC: broadcast */
	10, 77, 0, 100,				/* target IP: the VIP */
};
/* clang-format on */

START_TEST(test_garp)
{
	struct vrrp_arp a;
	struct in_addr vip;
	uint8_t buf[128];
	char err[256];
	int cap = capture_open(ETH_P_ARP);

	inet_pton(AF_INET, "10.77.0.100", &vip);
	ck_assert_uint_eq(vrrp_arp_build(buf, sizeof(buf), mac_a, &vip), VRRP_ARP_FRAME_LEN);
	ck_assert_mem_eq(buf, garp_want, VRRP_ARP_FRAME_LEN);
	ck_assert_uint_eq(vrrp_arp_build(buf, VRRP_ARP_FRAME_LEN - 1, mac_a, &vip), 0);

	ns_enter(NS_A);
	ck_assert_int_eq(vrrp_arp_open(&a, ifindex_of[NS_A], err, sizeof(err)), 0);
	ck_assert_int_ne(fcntl(a.fd, F_GETFL) & O_NONBLOCK, 0);
	ck_assert_int_ne(fcntl(a.fd, F_GETFD) & FD_CLOEXEC, 0);
	ck_assert_int_eq(vrrp_arp_send(&a, mac_a, &vip), 0);
	ck_assert_uint_eq(capture_match(cap, buf, sizeof(buf), 28, garp_want + 28, 4, WAIT_MS),
			  VRRP_ARP_FRAME_LEN);
	ck_assert_mem_eq(buf, garp_want, VRRP_ARP_FRAME_LEN);
	ck_assert(!readable(a.fd, 0)); /* it receives nothing */
	vrrp_arp_close(&a);
	vrrp_arp_close(&a);
	ck_assert_int_eq(vrrp_arp_send(&a, mac_a, &vip), -EBADF);

	ck_assert_int_eq(vrrp_arp_open(&a, 0, err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(vrrp_arp_open(&a, 99999, err, sizeof(err)), -ENODEV);
	ck_assert_int_eq(vrrp_arp_open(&a, (int)if_nametoindex("lo"), err, sizeof(err)),
			 -EPROTONOSUPPORT);
	ck_assert_int_eq(a.fd, -1);
	close(cap);
}
END_TEST

/* --- vrrp_ndisc ----------------------------------------------------------------- */

/* The frame keepalived 2.2.7 sends for VIP fd77::100 on va, checksum left out (56..57). */
/* clang-format off */
static const uint8_t na_want[86] = {
	0x33, 0x33, 0x00, 0x00, 0x00, 0x01,		/* Ethernet destination: ff02::1 */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,		/* Ethernet source: va */
	0x86, 0xdd,					/* IPv6 */
	0x60, 0x00, 0x00, 0x00,				/* version 6, class 0, flow 0 */
	0x00, 0x20, 58, 255,				/* length 32, ICMPv6, hop limit 255 */
	0xfd, 0x77, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00,	/* source: the VIP */
	0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,	/* destination ff02::1 */
	136, 0, 0, 0,					/* NA, code 0, checksum */
	0x20, 0, 0, 0,					/* Override */
	0xfd, 0x77, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00,	/* target: the VIP */
	2, 1, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,	/* target link-layer address: va */
};
/* clang-format on */

/* Captures the next NA for the target at tgt (16 bytes) on vb; returns its length. */
static size_t
capture_na(int cap, uint8_t *buf, size_t len, const uint8_t *tgt)
{
	for (int waited = 0; waited < WAIT_MS; waited += 100) {
		size_t n = capture_match(cap, buf, len, 62, tgt, 16, 100);

		if (n && buf[20] == 58 && buf[54] == 136) /* ICMPv6, type NA */
			return n;
	}
	return 0;
}

START_TEST(test_na)
{
	struct vrrp_ndisc nd;
	struct in6_addr vip;
	uint8_t buf[256];
	char err[256];
	int cap = capture_open(ETH_P_IPV6);

	inet_pton(AF_INET6, "fd77::100", &vip);
	ck_assert_uint_eq(vrrp_ndisc_build(buf, sizeof(buf), mac_a, &vip, false), 32);
	ck_assert_mem_eq(buf, na_want + 54, 32);
	ck_assert_uint_eq(vrrp_ndisc_build(buf, 31, mac_a, &vip, false), 0);

	ns_enter(NS_A);
	ck_assert_int_eq(vrrp_ndisc_open(&nd, ifindex_of[NS_A], err, sizeof(err)), 0);
	ck_assert_int_ne(fcntl(nd.fd, F_GETFD) & FD_CLOEXEC, 0);
	/* The VIP is not on va: IPV6_FREEBIND lets it be the source anyway. */
	ck_assert_int_eq(vrrp_ndisc_send(&nd, mac_a, &vip, false), 0);
	ck_assert_uint_eq(capture_na(cap, buf, sizeof(buf), vip.s6_addr), 86);
	ck_assert_mem_eq(buf, na_want, 56);
	ck_assert_mem_eq(buf + 58, na_want + 58, 86 - 58);
	ck_assert_int_eq(csum6(buf + 22, buf + 38, 58, buf + 54, 32), 0);

	ck_assert_int_eq(vrrp_ndisc_send(&nd, mac_a, &vip, true), 0);
	ck_assert_uint_eq(capture_na(cap, buf, sizeof(buf), vip.s6_addr), 86);
	ck_assert_int_eq(buf[58], 0xa0); /* Router | Override */
	ck_assert_int_eq(csum6(buf + 22, buf + 38, 58, buf + 54, 32), 0);
	vrrp_ndisc_close(&nd);
	vrrp_ndisc_close(&nd);
	ck_assert_int_eq(vrrp_ndisc_send(&nd, mac_a, &vip, false), -EBADF);
	ck_assert_int_eq(vrrp_ndisc_open(&nd, 0, err, sizeof(err)), -EINVAL);
	close(cap);
}
END_TEST

START_TEST(test_na_forwarding)
{
	int fd;

	ns_enter(NS_A);
	ck_assert_int_eq(vrrp_ndisc_forwarding("va"), 0);
	fd = open("/proc/sys/net/ipv6/conf/va/forwarding", O_WRONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "1\n", 2), 2);
	close(fd);
	ck_assert_int_eq(vrrp_ndisc_forwarding("va"), 1);
	fd = open("/proc/sys/net/ipv6/conf/va/forwarding", O_WRONLY | O_CLOEXEC);
	ck_assert_int_eq(write(fd, "0\n", 2), 2);
	close(fd);
	ck_assert_int_eq(vrrp_ndisc_forwarding("nosuch0"), -ENOENT);
	ck_assert_int_eq(vrrp_ndisc_forwarding("../all"), -EINVAL);
	ck_assert_int_eq(vrrp_ndisc_forwarding(".."), -EINVAL);
	ck_assert_int_eq(vrrp_ndisc_forwarding(""), -EINVAL);
}
END_TEST

/* --- interop: keepalived 2.2.7 on va ---------------------------------------------- */

#define KEEPALIVED "/usr/sbin/keepalived"

static const char ka_global[] = "global_defs {\n  router_id vigil_check\n"
				"  vrrp_garp_master_delay 0\n  vrrp_garp_master_repeat 1\n}\n";
static const char ka_inst[] = "vrrp_instance VI_%d {\n  state MASTER\n  interface va\n"
			      "  virtual_router_id %d\n  priority 255\n  advert_int 1\n"
			      "  virtual_ipaddress {\n    %s\n  }\n}\n";

/* What we saw of keepalived: its first adverts (via vrrp_sock), GARP and NA frames. */
struct ka_seen {
	ssize_t n4, n6;
	uint8_t adv4[256], adv6[256];
	struct vrrp_sock_rxinfo rx4, rx6;
	size_t ngarp, nna;
	uint8_t garp[128], na[256];
	char log[1024];
};

static void
ka_path(char *buf, size_t len, const char *dir, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

/* Starts keepalived in A with VI_4 and VI_6 on va, its log in dir/ka.log. */
static pid_t
ka_start(const char *dir)
{
	char conf[256], p1[256], p2[256], p3[256], log[256];
	FILE *f;
	pid_t pid;

	ka_path(conf, sizeof(conf), dir, "keepalived.conf");
	ka_path(p1, sizeof(p1), dir, "ka.pid");
	ka_path(p2, sizeof(p2), dir, "vrrp.pid");
	ka_path(p3, sizeof(p3), dir, "checker.pid");
	ka_path(log, sizeof(log), dir, "ka.log");
	f = fopen(conf, "w");
	ck_assert_ptr_nonnull(f);
	fputs(ka_global, f);
	fprintf(f, ka_inst, 4, 61, "10.77.0.200/32");
	fprintf(f, ka_inst, 6, 62, "fd77::200/128");
	fclose(f);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (fd < 0 || setns(ns_fd[NS_A], CLONE_NEWNET) < 0)
			_exit(126);
		dup2(fd, 1);
		dup2(fd, 2);
		execl(KEEPALIVED, "keepalived", "-n", "-l", "-P", "-f", conf, "-p", p1, "-r", p2,
		      "-c", p3, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Stops keepalived, keeps the start of its log in seen->log and removes dir. */
static void
ka_stop(pid_t pid, const char *dir, struct ka_seen *seen)
{
	static const char *const files[] = {"keepalived.conf", "ka.pid", "vrrp.pid", "checker.pid",
					    "ka.log"};
	char path[256];
	int status, fd;
	ssize_t n;

	kill(pid, SIGTERM);
	for (int i = 0; i < 100 && waitpid(pid, &status, WNOHANG) == 0; i++)
		usleep(50000);
	if (waitpid(pid, &status, WNOHANG) == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	ka_path(path, sizeof(path), dir, "ka.log");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	n = fd >= 0 ? read(fd, seen->log, sizeof(seen->log) - 1) : 0;
	seen->log[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		ka_path(path, sizeof(path), dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* Takes one packet or frame from whichever of the four sockets is readable. */
static void
ka_collect_one(struct vrrp_sock *s4, struct vrrp_sock *s6, int cap_arp, int cap6,
	       struct ka_seen *seen)
{
	static const uint8_t vip4[4] = {10, 77, 0, 200};
	static const uint8_t vip6[16] = {0xfd, 0x77, [14] = 0x02, [15] = 0x00};
	uint8_t buf[256];
	struct vrrp_sock_rxinfo rx;
	ssize_t n;
	size_t m;

	/* Drain everything, so poll() waits again; keep the first of each. */
	while ((n = vrrp_sock_recv(s4, buf, sizeof(buf), &rx)) >= 0)
		if (!seen->n4 && n > 21 && buf[21] == 61) {
			seen->n4 = n;
			memcpy(seen->adv4, buf, (size_t)n);
			seen->rx4 = rx;
		}
	while ((n = vrrp_sock_recv(s6, buf, sizeof(buf), &rx)) >= 0)
		if (!seen->n6 && n > 1 && buf[1] == 62) {
			seen->n6 = n;
			memcpy(seen->adv6, buf, (size_t)n);
			seen->rx6 = rx;
		}
	while ((m = capture_match(cap_arp, buf, sizeof(buf), 28, vip4, 4, 0)))
		if (!seen->ngarp) {
			seen->ngarp = m;
			memcpy(seen->garp, buf, m);
		}
	while ((m = capture_match(cap6, buf, sizeof(buf), 62, vip6, 16, 0)))
		if (!seen->nna && m > 54 && buf[20] == 58 && buf[54] == 136) {
			seen->nna = m;
			memcpy(seen->na, buf, m);
		}
}

static void
ka_run(struct ka_seen *seen)
{
	struct vrrp_sock s4, s6;
	struct vrrp_sock_params p = params(NS_B, AF_INET, false, NULL);
	struct pollfd pfd[4];
	char dir[] = "/tmp/vigil-ka-XXXXXX";
	int cap_arp = capture_open(ETH_P_ARP), cap6 = capture_open(ETH_P_IPV6);
	pid_t pid;

	open_in(NS_B, &p, &s4);
	p = params(NS_B, AF_INET6, false, NULL);
	open_in(NS_B, &p, &s6);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	pid = ka_start(dir);
	pfd[0] = (struct pollfd){.fd = s4.fd, .events = POLLIN};
	pfd[1] = (struct pollfd){.fd = s6.fd, .events = POLLIN};
	pfd[2] = (struct pollfd){.fd = cap_arp, .events = POLLIN};
	pfd[3] = (struct pollfd){.fd = cap6, .events = POLLIN};
	for (int i = 0; i < 60 && !(seen->n4 && seen->n6 && seen->ngarp && seen->nna); i++) {
		poll(pfd, 4, 100);
		ka_collect_one(&s4, &s6, cap_arp, cap6, seen);
	}
	ka_stop(pid, dir, seen);
	vrrp_sock_close(&s4);
	vrrp_sock_close(&s6);
	close(cap_arp);
	close(cap6);
}

/* Our own GARP and NA for keepalived's VIPs, captured the same way. */
static void
ours_for_ka(uint8_t *garp, size_t *ngarp, uint8_t *na, size_t *nna)
{
	struct vrrp_arp a;
	struct vrrp_ndisc nd;
	struct in_addr vip4;
	struct in6_addr vip6;
	char err[256];
	int cap_arp = capture_open(ETH_P_ARP), cap6 = capture_open(ETH_P_IPV6);

	inet_pton(AF_INET, "10.77.0.200", &vip4);
	inet_pton(AF_INET6, "fd77::200", &vip6);
	ns_enter(NS_A);
	ck_assert_int_eq(vrrp_arp_open(&a, ifindex_of[NS_A], err, sizeof(err)), 0);
	ck_assert_int_eq(vrrp_ndisc_open(&nd, ifindex_of[NS_A], err, sizeof(err)), 0);
	ck_assert_int_eq(vrrp_arp_send(&a, mac_a, &vip4), 0);
	ck_assert_int_eq(vrrp_ndisc_send(&nd, mac_a, &vip6, vrrp_ndisc_forwarding("va") == 1), 0);
	*ngarp = capture_match(cap_arp, garp, 128, 28, (const uint8_t *)&vip4, 4, WAIT_MS);
	*nna = capture_na(cap6, na, 256, vip6.s6_addr);
	vrrp_arp_close(&a);
	vrrp_ndisc_close(&nd);
	close(cap_arp);
	close(cap6);
}

START_TEST(test_keepalived_interop)
{
	static struct ka_seen seen;
	const uint8_t *v;
	uint8_t garp[128], na[256];
	size_t ngarp, nna;

	if (access(KEEPALIVED, X_OK) != 0) {
		fprintf(stderr, "check_vrrp_sock: no %s, interop test skipped\n", KEEPALIVED);
		return;
	}
	memset(&seen, 0, sizeof(seen));
	ka_run(&seen);
	ck_assert_msg(seen.n4 && seen.n6 && seen.ngarp && seen.nna,
		      "from keepalived: advert4 %zd advert6 %zd garp %zu na %zu; log:\n%s", seen.n4,
		      seen.n6, seen.ngarp, seen.nna, seen.log);

	/* IPv4 advert, header as keepalived builds it: TOS 0xc0, DF clear, TTL 255. */
	ck_assert_int_eq(seen.n4, 40);
	v = seen.adv4;
	ck_assert(seen.rx4.ip_header);
	ck_assert_int_eq(seen.rx4.ttl, 255);
	ck_addr(&seen.rx4.src, AF_INET, "10.77.0.1");
	ck_addr(&seen.rx4.dst, AF_INET, "224.0.0.18");
	ck_assert_int_eq(seen.rx4.ifindex, ifindex_of[NS_B]);
	ck_assert_mem_eq(v, ((uint8_t[]){0x45, 0xc0, 0, 40}), 4);
	ck_assert_mem_eq(v + 6, ((uint8_t[]){0, 0, 255, 112}), 4);
	ck_assert_mem_eq(v + 20, ((uint8_t[]){0x21, 61, 255, 1, 0, 1}), 6);
	ck_assert_mem_eq(v + 28, ((uint8_t[]){10, 77, 0, 200, 0, 0, 0, 0, 0, 0, 0, 0}), 12);
	ck_assert_int_eq(fold(sum16(0, v + 20, 20)), 0);

	/* IPv6 advert: VRRPv3, from va's link-local, hop limit 255. */
	ck_assert_int_eq(seen.n6, 24);
	v = seen.adv6;
	ck_assert(!seen.rx6.ip_header);
	ck_assert_int_eq(seen.rx6.ttl, 255);
	ck_addr(&seen.rx6.src, AF_INET6, "fe80::ff:fe00:a");
	ck_addr(&seen.rx6.dst, AF_INET6, "ff02::12");
	ck_assert_int_eq(seen.rx6.ifindex, ifindex_of[NS_B]);
	ck_assert_mem_eq(v, ((uint8_t[]){0x31, 62, 255, 1, 0, 100}), 6);
	ck_assert_int_eq(csum6(seen.rx6.src.addr, seen.rx6.dst.addr, 112, v, 24), 0);

	/* GARP and NA: ours are keepalived's, byte for byte (checksum included). */
	ours_for_ka(garp, &ngarp, na, &nna);
	ck_assert_uint_eq(seen.ngarp, VRRP_ARP_FRAME_LEN);
	ck_assert_uint_eq(ngarp, seen.ngarp);
	ck_assert_mem_eq(garp, seen.garp, ngarp);
	ck_assert_uint_eq(seen.nna, 86);
	ck_assert_uint_eq(nna, seen.nna);
	ck_assert_mem_eq(na, seen.na, nna);
}
END_TEST

TCase *
vrrp_sock_link_tcase(void)
{
	TCase *tc = tcase_create("link");

	tcase_add_test(tc, test_garp);
	tcase_add_test(tc, test_na);
	tcase_add_test(tc, test_na_forwarding);
	return tc;
}

TCase *
vrrp_sock_ka_tcase(void)
{
	TCase *tc = tcase_create("keepalived");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_keepalived_interop);
	return tc;
}
