/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_nl_rtnl: the real rtnetlink backend and monitor against the kernel.
 * Each test runs in its own forked child, in a fresh network namespace
 * (unshare(CLONE_NEWNET)) holding a veth pair v0/v1 made with iproute2, and
 * checks our results against `ip` output. Never touches the host's
 * interfaces. Needs root and iproute2: otherwise the binary exits 77 (skip).
 */
#define _GNU_SOURCE
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nl/nl_rtnl.h"

static struct nl_rtnl rt;
static int v0, v1; /* ifindexes of the veth pair */

/* --- helpers --- */

static void __attribute__((format(printf, 1, 2))) sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	ck_assert_msg(rc == 0, "'%s' failed: %d", cmd, rc);
}

/* Output of a command, NUL-terminated, in a static buffer. */
static const char *__attribute__((format(printf, 1, 2))) run(const char *fmt, ...)
{
	static char out[16384];
	char cmd[512];
	va_list ap;
	FILE *p;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	pclose(p);
	return out;
}

/* The line of text that contains needle, copied into a static buffer, or NULL. */
static const char *
line_with(const char *text, const char *needle)
{
	static char line[1024];
	const char *hit = strstr(text, needle), *start, *end;

	if (!hit)
		return NULL;
	for (start = hit; start > text && start[-1] != '\n'; start--)
		;
	end = strchr(hit, '\n');
	if (!end)
		end = hit + strlen(hit);
	snprintf(line, sizeof(line), "%.*s", (int)(end - start), start);
	return line;
}

/* Asserts that out has a line containing the first word, which has all the others. */
#define ck_line(out, ...)                                                                          \
	do {                                                                                       \
		const char *w_[] = {__VA_ARGS__};                                                  \
		const char *l_ = line_with((out), w_[0]);                                          \
		ck_assert_msg(l_, "no line with '%s' in:\n%s", w_[0], (out));                      \
		for (size_t i_ = 1; i_ < sizeof(w_) / sizeof(w_[0]); i_++)                         \
			ck_assert_msg(strstr(l_, w_[i_]), "'%s' not in: %s", w_[i_], l_);          \
	} while (0)

static struct nl_addr_spec
addr(const char *text, int ifindex)
{
	struct nl_addr_spec a;
	char buf[64], *slash;

	memset(&a, 0, sizeof(a));
	snprintf(buf, sizeof(buf), "%s", text);
	slash = strchr(buf, '/');
	ck_assert_ptr_nonnull(slash);
	*slash = '\0';
	a.family = strchr(buf, ':') ? AF_INET6 : AF_INET;
	ck_assert_int_eq(inet_pton(a.family, buf, a.addr), 1);
	a.prefixlen = (unsigned)atoi(slash + 1);
	a.ifindex = ifindex;
	return a;
}

static struct nl_route_spec
route(const char *dst, int ifindex)
{
	struct nl_addr_spec a = addr(dst, 0);
	struct nl_route_spec r;

	memset(&r, 0, sizeof(r));
	r.family = a.family;
	memcpy(r.dst, a.addr, sizeof(r.dst));
	r.dst_len = a.prefixlen;
	r.ifindex = ifindex;
	r.protocol = NL_RTNL_PROTO_KEEPALIVED;
	return r;
}

static void
pton(int family, const char *text, uint8_t *out)
{
	ck_assert_int_eq(inet_pton(family, text, out), 1);
}

static void
add_ok(const struct nl_addr_spec *a)
{
	int rc = nl_rtnl_addr_add(&rt, a);

	ck_assert_msg(rc == 0, "addr_add: %s (%s)", strerror(-rc), nl_rtnl_last_msg(&rt));
	ck_assert_int_eq(nl_rtnl_addr_exists(&rt, a), 1);
}

static void
route_ok(const struct nl_route_spec *r)
{
	int rc = nl_rtnl_route_add(&rt, r);

	ck_assert_msg(rc == 0, "route_add: %s (%s)", strerror(-rc), nl_rtnl_last_msg(&rt));
}

/* Waits up to 3 s for v's IFF_RUNNING to become want. */
static void
wait_running(int ifindex, bool want)
{
	struct nl_link_info li;

	for (int i = 0; i < 300; i++) {
		ck_assert_int_eq(nl_rtnl_link_by_index(&rt, ifindex, &li), 0);
		if (li.running == want)
			return;
		usleep(10000);
	}
	ck_abort_msg("link %d: running never became %d", ifindex, want);
}

/* Can this IPv6 address be used as a source right now (not tentative)? */
static int
bind6(const char *text)
{
	struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6};
	int fd = socket(AF_INET6, SOCK_DGRAM, 0), rc;

	ck_assert_int_ge(fd, 0);
	pton(AF_INET6, text, sin6.sin6_addr.s6_addr);
	rc = bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) ? -errno : 0;
	close(fd);
	return rc;
}

static void
setup(void)
{
	char err[256] = "";

	ck_assert_msg(unshare(CLONE_NEWNET) == 0, "unshare: %s", strerror(errno));
	sh("ip link set lo up && ip link add v0 type veth peer name v1 && "
	   "ip link set v0 addrgenmode none && ip link set v1 addrgenmode none && "
	   "ip link set v0 up && ip link set v1 up");
	v0 = (int)if_nametoindex("v0");
	v1 = (int)if_nametoindex("v1");
	ck_assert(v0 > 0 && v1 > 0);
	ck_assert_msg(nl_rtnl_open(&rt, err, sizeof(err)) == 0, "open: %s", err);
}

static void
teardown(void)
{
	nl_rtnl_close(&rt);
}

/* --- addresses --- */

START_TEST(test_addr4_options)
{
	struct nl_addr_spec a = addr("10.0.0.1/24", 0), p = addr("10.0.0.5/32", 0);
	struct nl_addr_spec mc = addr("239.1.1.1/32", 0);
	const char *out;

	a.ifindex = p.ifindex = mc.ifindex = v0;
	nl_addr_spec_brd_auto(&a, true);
	snprintf(a.label, sizeof(a.label), "v0:vip");
	add_ok(&a);
	p.has_peer = true;
	pton(AF_INET, "10.0.0.6", p.peer);
	p.scope = RT_SCOPE_LINK;
	p.noprefixroute = true;
	p.has_preferred_lft = true;
	p.preferred_lft = 0;
	add_ok(&p);
	mc.autojoin = true;
	add_ok(&mc);

	out = run("ip -o -4 addr show dev v0");
	ck_line(out, "inet 10.0.0.1/24", "brd 10.0.0.255", "scope global", "v0:vip",
		"preferred_lft forever");
	/* IPv4 shows preferred_lft 0 as "deprecated" only, as after `ip addr add` */
	ck_line(out, "inet 10.0.0.5 peer 10.0.0.6/32", "scope link", "noprefixroute", "deprecated");
	ck_line(out, "inet 239.1.1.1/32", "autojoin");
	ck_line(run("ip maddr show dev v0"), "239.1.1.1", "inet");
	out = run("ip -4 route show dev v0");
	ck_line(out, "10.0.0.0/24", "proto kernel");
	ck_assert_ptr_null(strstr(out, "10.0.0.6")); /* noprefixroute: no peer route */

	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &a), 0);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &p), 0);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &mc), 0);
	ck_assert_int_eq(nl_rtnl_addr_exists(&rt, &a), 0);
	ck_assert_int_eq(nl_rtnl_addr_exists(&rt, &p), 0);
	ck_assert_str_eq(run("ip -o -4 addr show dev v0"), "");
}
END_TEST

START_TEST(test_addr4_errors)
{
	struct nl_addr_spec a = addr("10.0.0.1/24", 0), bad;

	a.ifindex = v0;
	add_ok(&a);
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &a), -EEXIST);
	bad = a;
	bad.prefixlen = 32; /* a different IPv4 address to the kernel */
	ck_assert_int_eq(nl_rtnl_addr_exists(&rt, &bad), 0);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &bad), -EADDRNOTAVAIL);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &a), 0);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &a), -EADDRNOTAVAIL);
	bad = a;
	bad.ifindex = 9999;
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &bad), -ENODEV);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &bad), -ENODEV);
	ck_assert_int_eq(nl_rtnl_addr_exists(&rt, &bad), 0);
	bad = a;
	bad.family = AF_UNIX;
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &bad), -EAFNOSUPPORT);
	bad = a;
	bad.prefixlen = 33;
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &bad), -EINVAL);
}
END_TEST

START_TEST(test_addr_exists_scope)
{
	struct nl_addr_spec a = addr("10.0.0.1/24", 0), any = addr("10.0.0.1/24", 0);
	struct nl_addr_spec other = addr("10.0.0.1/24", 0), b = addr("fd00::1/64", 0);

	a.ifindex = v0;
	other.ifindex = v1;
	add_ok(&a);
	ck_assert_int_eq(nl_rtnl_addr_exists(&rt, &any), 1); /* ifindex 0: any link */
	ck_assert_int_eq(nl_rtnl_addr_exists(&rt, &other), 0);
	b.ifindex = v1;
	b.nodad = true;
	add_ok(&b);
	b.prefixlen = 128; /* IPv6: the prefix length is not part of the identity */
	ck_assert_int_eq(nl_rtnl_addr_exists(&rt, &b), 1);
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &b), -EEXIST);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &b), -EADDRNOTAVAIL); /* ... except on delete */
}
END_TEST

START_TEST(test_addr6_options)
{
	struct nl_addr_spec n = addr("fd00::1/64", 0), t = addr("fd00::2/64", 0);
	struct nl_addr_spec d = addr("fd00::3/64", 0), f = addr("fd00::4/64", 0);
	struct nl_addr_spec p = addr("fd00::10/128", 0);
	const char *out;

	n.ifindex = t.ifindex = d.ifindex = f.ifindex = p.ifindex = v0;
	n.nodad = true;
	add_ok(&n);
	add_ok(&t); /* DAD on: tentative for about a second */
	d.nodad = true;
	d.has_preferred_lft = true;
	d.preferred_lft = 0;
	add_ok(&d);
	f.nodad = f.noprefixroute = f.home = f.mngtmpaddr = true;
	add_ok(&f);
	p.nodad = true;
	p.has_peer = true;
	pton(AF_INET6, "fd00::11", p.peer);
	add_ok(&p);

	/* nodad: usable at once, while the DAD address is not yet */
	ck_assert_int_eq(bind6("fd00::1"), 0);
	ck_assert_int_eq(bind6("fd00::2"), -EADDRNOTAVAIL);
	out = run("ip -o -6 addr show dev v0");
	ck_line(out, "inet6 fd00::1/64", "scope global", "nodad");
	ck_assert_ptr_null(strstr(line_with(out, "inet6 fd00::1/64"), "tentative"));
	ck_line(out, "inet6 fd00::2/64", "tentative");
	ck_line(out, "inet6 fd00::3/64", "deprecated", "preferred_lft 0sec");
	ck_line(out, "inet6 fd00::4/64", "home", "mngtmpaddr", "noprefixroute", "nodad");
	ck_line(out, "inet6 fd00::10 peer fd00::11/128", "nodad");

	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &n), 0);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &t), 0);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &d), 0);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &f), 0);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &p), 0);
	ck_assert_int_eq(nl_rtnl_addr_exists(&rt, &p), 0);
	ck_assert_ptr_null(strstr(run("ip -o -6 addr show dev v0"), "fd00"));
}
END_TEST

START_TEST(test_addr6_errors)
{
	struct nl_addr_spec a = addr("fd00::1/64", 0), bad;

	a.ifindex = v0;
	a.nodad = true;
	add_ok(&a);
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &a), -EEXIST);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &a), 0);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &a), -EADDRNOTAVAIL);
	bad = a;
	bad.ifindex = 9999;
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &bad), -ENODEV);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &bad), -ENODEV);
	/* the kernel's extended ACK text comes back through last_msg */
	bad = addr("fd00::9/128", v0);
	bad.mngtmpaddr = true;
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &bad), -EINVAL);
	ck_assert_msg(strstr(nl_rtnl_last_msg(&rt), "mngtmpaddr"), "last_msg: '%s'",
		      nl_rtnl_last_msg(&rt));
	add_ok(&a); /* a success clears it */
	ck_assert_str_eq(nl_rtnl_last_msg(&rt), "");
}
END_TEST

/* --- links and primary addresses --- */

START_TEST(test_links)
{
	struct nl_link_info li;
	char mac[32];
	const char *out;

	ck_assert_int_eq(nl_rtnl_link_by_name(&rt, "v0", &li), 0);
	ck_assert_int_eq(li.ifindex, v0);
	ck_assert_str_eq(li.name, "v0");
	ck_assert_int_eq(li.mtu, 1500);
	ck_assert(li.up);
	snprintf(mac, sizeof(mac), "link/ether %02x:%02x:%02x:%02x:%02x:%02x", li.mac[0], li.mac[1],
		 li.mac[2], li.mac[3], li.mac[4], li.mac[5]);
	out = run("ip -o link show dev v0");
	ck_assert_msg(strstr(out, mac), "'%s' not in %s", mac, out);
	wait_running(v0, true);

	sh("ip link set v0 mtu 1400 && ip link set v1 down");
	wait_running(v0, false); /* no carrier, still administratively up */
	ck_assert_int_eq(nl_rtnl_link_by_index(&rt, v0, &li), 0);
	ck_assert(li.up);
	ck_assert_int_eq(li.mtu, 1400);
	ck_assert_int_eq(nl_rtnl_link_by_index(&rt, v1, &li), 0);
	ck_assert_str_eq(li.name, "v1");
	ck_assert(!li.up && !li.running);

	ck_assert_int_eq(nl_rtnl_link_by_name(&rt, "nope", &li), -ENODEV);
	ck_assert_int_eq(nl_rtnl_link_by_name(&rt, "", &li), -ENODEV);
	ck_assert_int_eq(nl_rtnl_link_by_name(&rt, "a-name-far-too-long", &li), -ENODEV);
	ck_assert_int_eq(nl_rtnl_link_by_index(&rt, 9999, &li), -ENODEV);
	ck_assert_int_eq(nl_rtnl_link_by_index(&rt, 0, &li), -ENODEV);
}
END_TEST

START_TEST(test_primary)
{
	struct nl_addr_spec p = addr("10.0.0.1/24", 0), s = addr("10.0.0.2/24", 0);
	struct nl_addr_spec o = addr("10.9.0.1/24", 0), g = addr("fd00::1/64", 0);
	struct nl_addr_spec ll = addr("fe80::1/64", 0), t = addr("fe80::5/64", 0);
	uint8_t out[16], want[16];

	p.ifindex = s.ifindex = o.ifindex = g.ifindex = ll.ifindex = v0;
	t.ifindex = v1;
	ck_assert_int_eq(nl_rtnl_addr_primary(&rt, v0, AF_INET, out), -EADDRNOTAVAIL);
	ck_assert_int_eq(nl_rtnl_addr_primary(&rt, 9999, AF_INET, out), -ENODEV);
	ck_assert_int_eq(nl_rtnl_addr_primary(&rt, v0, AF_UNIX, out), -EAFNOSUPPORT);
	add_ok(&p);
	add_ok(&s);
	add_ok(&o);
	ck_line(run("ip -o -4 addr show dev v0"), "10.0.0.2/24", "secondary");
	ck_assert_int_eq(nl_rtnl_addr_primary(&rt, v0, AF_INET, out), 0);
	ck_assert_mem_eq(out, p.addr, 4);

	g.nodad = true;
	add_ok(&g); /* global: not what VRRPv3 sends from */
	ck_assert_int_eq(nl_rtnl_addr_primary(&rt, v0, AF_INET6, out), -EADDRNOTAVAIL);
	add_ok(&t); /* link-local but tentative */
	ck_assert_int_eq(nl_rtnl_addr_primary(&rt, v1, AF_INET6, out), -EADDRNOTAVAIL);
	ll.nodad = true;
	add_ok(&ll);
	ck_assert_int_eq(nl_rtnl_addr_primary(&rt, v0, AF_INET6, out), 0);
	pton(AF_INET6, "fe80::1", want);
	ck_assert_mem_eq(out, want, 16);
}
END_TEST

/* --- routes --- */

START_TEST(test_routes4)
{
	struct nl_addr_spec a = addr("10.0.0.1/24", 0);
	struct nl_route_spec r1 = route("10.1.0.0/24", 0), r2 = route("10.2.0.0/16", 0);
	struct nl_route_spec bh = route("10.3.0.0/16", 0), pr = route("10.5.0.0/16", 0);
	struct nl_route_spec def = route("0.0.0.0/0", 0), ol = route("10.6.0.0/24", 0);
	struct nl_route_spec h = route("10.7.0.0/24", 0), bad;
	const char *out;

	a.ifindex = r1.ifindex = r2.ifindex = def.ifindex = ol.ifindex = h.ifindex = v0;
	add_ok(&a);
	route_ok(&r1);
	pton(AF_INET, "10.0.0.254", r2.gateway);
	r2.has_gateway = true;
	pton(AF_INET, "10.0.0.1", r2.src);
	r2.has_src = true;
	r2.table = 100;
	r2.metric = 10;
	r2.has_metric = true;
	route_ok(&r2);
	bh.type = RTN_BLACKHOLE;
	route_ok(&bh);
	pr.type = RTN_PROHIBIT;
	pr.table = 1000; /* beyond rtm_table's 8 bits */
	route_ok(&pr);
	def.has_gateway = true;
	memcpy(def.gateway, r2.gateway, 4);
	def.table = 101;
	route_ok(&def);
	pton(AF_INET, "192.168.99.1", ol.gateway);
	ol.has_gateway = true;
	ck_assert_int_eq(nl_rtnl_route_add(&rt, &ol), -ENETUNREACH); /* gateway not on-link */
	ck_assert_str_ne(nl_rtnl_last_msg(&rt), "");
	ol.onlink = true;
	route_ok(&ol);
	h.scope = RT_SCOPE_HOST;
	h.has_scope = true;
	route_ok(&h);

	out = run("ip -4 route show");
	ck_line(out, "10.1.0.0/24 dev v0", "proto keepalived", "scope link");
	ck_line(out, "blackhole 10.3.0.0/16", "proto keepalived");
	ck_line(out, "10.6.0.0/24 via 192.168.99.1 dev v0", "onlink");
	ck_line(out, "10.7.0.0/24 dev v0", "scope host");
	ck_line(run("ip -4 route show table 100"), "10.2.0.0/16 via 10.0.0.254 dev v0",
		"proto keepalived", "src 10.0.0.1", "metric 10");
	ck_line(run("ip -4 route show table 101"), "default via 10.0.0.254 dev v0");
	ck_line(run("ip -4 route show table 1000"), "prohibit 10.5.0.0/16");

	ck_assert_int_eq(nl_rtnl_route_add(&rt, &r1), -EEXIST);
	bad = r1;
	bad.ifindex = 9999;
	bad.dst[2] = 99;
	ck_assert_int_eq(nl_rtnl_route_add(&rt, &bad), -ENODEV);
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &r1), 0);
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &r1), -ESRCH);
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &r2), 0);
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &bh), 0);
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &pr), 0);
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &def), 0);
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &ol), 0);
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &h), 0);
	ck_assert_ptr_null(strstr(run("ip -4 route show table all"), "keepalived"));
}
END_TEST

START_TEST(test_routes6)
{
	struct nl_addr_spec a = addr("fd00::1/64", 0);
	struct nl_route_spec r = route("fd01::/64", 0), bh = route("fd02::/64", 0);
	struct nl_route_spec s = route("fd03::/64", 0);
	const char *out;

	a.ifindex = r.ifindex = s.ifindex = v0;
	a.nodad = true;
	add_ok(&a);
	pton(AF_INET6, "fd00::fe", r.gateway);
	r.has_gateway = true;
	r.metric = 100;
	r.has_metric = true;
	route_ok(&r);
	bh.type = RTN_BLACKHOLE;
	route_ok(&bh);
	memcpy(s.src, a.addr, 16);
	s.has_src = true;
	route_ok(&s);
	out = run("ip -6 route show");
	ck_line(out, "fd01::/64 via fd00::fe dev v0", "proto keepalived", "metric 100");
	ck_line(out, "blackhole fd02::/64", "proto keepalived");
	ck_line(out, "fd03::/64 dev v0", "src fd00::1");
	ck_assert_int_eq(nl_rtnl_route_add(&rt, &r), -EEXIST);
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &r), 0);
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &r), -ESRCH);
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &bh), 0);
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &s), 0);
	ck_assert_ptr_null(strstr(run("ip -6 route show"), "keepalived"));
}
END_TEST

/* --- the monitor --- */

static struct nl_rtnl_event events[512];
static int nevents;

static void
collect(const struct nl_rtnl_event *ev, void *arg)
{
	(void)arg;
	if (nevents < (int)(sizeof(events) / sizeof(events[0])))
		events[nevents++] = *ev;
}

/* Dispatches for up to 3 s until pred finds an event; returns it. */
static const struct nl_rtnl_event *
wait_event(struct nl_rtnl_monitor *m, bool (*pred)(const struct nl_rtnl_event *ev))
{
	struct pollfd pfd = {.fd = nl_rtnl_monitor_fd(m), .events = POLLIN};

	for (int round = 0; round < 30; round++) {
		for (int i = 0; i < nevents; i++)
			if (pred(&events[i]))
				return &events[i];
		poll(&pfd, 1, 100);
		ck_assert_int_ge(nl_rtnl_monitor_dispatch(m), 0);
	}
	ck_abort_msg("event never came (%d seen)", nevents);
	return NULL;
}

static bool
is_add_v4(const struct nl_rtnl_event *ev)
{
	return ev->type == NL_RTNL_EV_ADDR_ADD && ev->addr.family == AF_INET &&
	       ev->addr.ifindex == v0 && ev->addr.prefixlen == 24 && ev->addr.addr[3] == 1;
}

static bool
is_del_v4(const struct nl_rtnl_event *ev)
{
	return ev->type == NL_RTNL_EV_ADDR_DEL && ev->addr.family == AF_INET &&
	       ev->addr.ifindex == v0;
}

static bool
is_tentative_v6(const struct nl_rtnl_event *ev)
{
	return ev->type == NL_RTNL_EV_ADDR_ADD && ev->addr.family == AF_INET6 &&
	       ev->addr.ifindex == v0 && (ev->addr_flags & IFA_F_TENTATIVE);
}

static bool
is_v0_no_carrier(const struct nl_rtnl_event *ev)
{
	return ev->type == NL_RTNL_EV_LINK && ev->link.ifindex == v0 && ev->link.up &&
	       !ev->link.running;
}

static bool
is_v1_gone(const struct nl_rtnl_event *ev)
{
	return ev->type == NL_RTNL_EV_LINK_DEL && ev->link.ifindex == v1 &&
	       !strcmp(ev->link.name, "v1");
}

START_TEST(test_monitor)
{
	struct nl_addr_spec a = addr("10.0.0.1/24", 0), b = addr("fd00::1/64", 0);
	struct nl_rtnl_monitor *m;
	const struct nl_rtnl_event *ev;
	char err[256] = "";

	ck_assert_msg(nl_rtnl_monitor_open(&m, collect, NULL, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_ge(nl_rtnl_monitor_fd(m), 0);
	ck_assert_int_eq(nl_rtnl_monitor_dispatch(m), 0); /* nothing yet, no blocking */
	a.ifindex = b.ifindex = v0;
	snprintf(a.label, sizeof(a.label), "v0:x");
	add_ok(&a);
	ev = wait_event(m, is_add_v4);
	ck_assert_str_eq(ev->addr.label, "v0:x");
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &a), 0);
	wait_event(m, is_del_v4);
	add_ok(&b);
	ev = wait_event(m, is_tentative_v6);
	ck_assert_mem_eq(ev->addr.addr, b.addr, 16);
	sh("ip link set v1 down");
	wait_event(m, is_v0_no_carrier);
	sh("ip link del v1");
	wait_event(m, is_v1_gone);
	nl_rtnl_monitor_free(m);
}
END_TEST

static bool
is_overflow(const struct nl_rtnl_event *ev)
{
	return ev->type == NL_RTNL_EV_OVERFLOW;
}

START_TEST(test_monitor_overflow)
{
	struct nl_rtnl_monitor *m;
	struct nl_addr_spec a = addr("10.1.0.0/32", 0);

	ck_assert_int_eq(nl_rtnl_monitor_open(&m, collect, NULL, NULL, 0), 0);
	ck_assert_int_eq(nl_rtnl_monitor_set_rcvbuf(m, 1), 0); /* the kernel's minimum */
	a.ifindex = v0;
	for (int i = 1; i <= 200; i++) {
		a.addr[3] = (uint8_t)i;
		add_ok(&a);
	}
	wait_event(m, is_overflow);
	nl_rtnl_monitor_free(m);
}
END_TEST

static Suite *
nl_rtnl_suite(void)
{
	Suite *s = suite_create("nl_rtnl");
	TCase *tc = tcase_create("kernel");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_addr4_options);
	tcase_add_test(tc, test_addr4_errors);
	tcase_add_test(tc, test_addr_exists_scope);
	tcase_add_test(tc, test_addr6_options);
	tcase_add_test(tc, test_addr6_errors);
	tcase_add_test(tc, test_links);
	tcase_add_test(tc, test_primary);
	tcase_add_test(tc, test_routes4);
	tcase_add_test(tc, test_routes6);
	tcase_add_test(tc, test_monitor);
	tcase_add_test(tc, test_monitor_overflow);
	suite_add_tcase(s, tc);
	return s;
}

/* Can we make a network namespace with a veth pair here? */
static bool
can_run(void)
{
	pid_t pid;
	int status;

	if (geteuid() != 0)
		return false;
	pid = fork();
	if (pid == 0) {
		if (unshare(CLONE_NEWNET))
			_exit(1);
		_exit(system("ip link add v0 type veth peer name v1 >/dev/null 2>&1") ? 1 : 0);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	if (!can_run()) {
		printf("check_nl_rtnl: SKIP: needs root, network namespaces, veth and iproute2\n");
		return 77;
	}
	sr = srunner_create(nl_rtnl_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
