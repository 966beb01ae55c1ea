/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_nl_rtnl_fake: unit tests for the rtnetlink fake and the pure helpers
 * of lib/nl/nl_rtnl.h: transcript lines for every address and route option,
 * kernel-like errors, links, primary addresses, error injection, broadcast
 * computation and route type names. Needs nothing: no root, no kernel.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "nl/nl_rtnl.h"

static struct nl_rtnl rt;

/* An address spec from "ADDR/LEN" on ifindex. */
static struct nl_addr_spec
addr(const char *text, int ifindex)
{
	struct nl_addr_spec a;
	char buf[64];
	char *slash;

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

static void
pton(int family, const char *text, uint8_t *out)
{
	ck_assert_int_eq(inet_pton(family, text, out), 1);
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
	return r;
}

static void
add_link(int ifindex, const char *name, bool up)
{
	struct nl_link_info l;

	memset(&l, 0, sizeof(l));
	l.ifindex = ifindex;
	snprintf(l.name, sizeof(l.name), "%s", name);
	l.mac[5] = (uint8_t)ifindex;
	l.up = l.running = up;
	l.mtu = 1500;
	nl_rtnl_fake_set_link(&rt, &l);
}

static void
setup(void)
{
	nl_rtnl_fake_init(&rt);
	add_link(2, "eth0", true);
	add_link(3, "eth1", false);
}

static void
teardown(void)
{
	nl_rtnl_close(&rt);
	nl_rtnl_close(&rt); /* closing twice is harmless */
}

START_TEST(test_addr_lines)
{
	struct nl_addr_spec a = addr("10.0.0.1/24", 2), b = addr("fd00::1/64", 3);
	struct nl_addr_spec c = addr("10.0.0.5/32", 2);

	nl_addr_spec_brd_auto(&a, true);
	snprintf(a.label, sizeof(a.label), "eth0:1");
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &a), 0);
	b.nodad = true;
	b.has_preferred_lft = true;
	b.preferred_lft = 0;
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &b), 0);
	c.scope = RT_SCOPE_LINK;
	c.has_peer = true;
	pton(AF_INET, "10.0.0.6", c.peer);
	c.noprefixroute = c.home = c.mngtmpaddr = c.autojoin = true;
	c.has_preferred_lft = true;
	c.preferred_lft = NL_RTNL_LFT_FOREVER;
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &c), 0);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &a), 0);
	ck_assert_str_eq(nl_rtnl_fake_transcript(&rt),
			 "addr add 10.0.0.1/24 dev eth0 brd 10.0.0.255 label eth0:1\n"
			 "addr add fd00::1/64 dev eth1 nodad preferred_lft 0\n"
			 "addr add 10.0.0.5 peer 10.0.0.6/32 dev eth0 scope link noprefixroute "
			 "home mngtmpaddr autojoin preferred_lft forever\n"
			 "addr del 10.0.0.1/24 dev eth0 brd 10.0.0.255 label eth0:1\n");
	ck_assert_str_eq(nl_rtnl_last_msg(&rt), "");
}
END_TEST

START_TEST(test_addr_errors)
{
	struct nl_addr_spec a = addr("10.0.0.1/24", 2), a32 = addr("10.0.0.1/32", 2);
	struct nl_addr_spec v6 = addr("fd00::1/64", 2), v6b = addr("fd00::1/128", 2);
	struct nl_addr_spec nodev = addr("10.0.0.1/24", 9), bad = a;

	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &a), 0);
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &a), -EEXIST);
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &a32), 0); /* IPv4: prefix length counts */
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &v6), 0);
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &v6b), -EEXIST);	       /* IPv6: it does not */
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &v6b), -EADDRNOTAVAIL); /* except on delete */
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &nodev), -ENODEV);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &nodev), -ENODEV);
	bad.family = AF_UNIX;
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &bad), -EAFNOSUPPORT);
	bad = a;
	bad.prefixlen = 33;
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &bad), -EINVAL);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &a), 0);
	ck_assert_int_eq(nl_rtnl_addr_del(&rt, &a), -EADDRNOTAVAIL);
	ck_assert_str_eq(nl_rtnl_fake_transcript(&rt),
			 "addr add 10.0.0.1/24 dev eth0\n"
			 "addr add 10.0.0.1/24 dev eth0 -> EEXIST\n"
			 "addr add 10.0.0.1/32 dev eth0\n"
			 "addr add fd00::1/64 dev eth0\n"
			 "addr add fd00::1/128 dev eth0 -> EEXIST\n"
			 "addr del fd00::1/128 dev eth0 -> EADDRNOTAVAIL\n"
			 "addr add 10.0.0.1/24 dev 9 -> ENODEV\n"
			 "addr del 10.0.0.1/24 dev 9 -> ENODEV\n"
			 "addr add ?/24 dev eth0 -> EAFNOSUPPORT\n"
			 "addr add 10.0.0.1/33 dev eth0 -> EINVAL\n"
			 "addr del 10.0.0.1/24 dev eth0\n"
			 "addr del 10.0.0.1/24 dev eth0 -> EADDRNOTAVAIL\n");
}
END_TEST

START_TEST(test_addr_exists)
{
	struct nl_addr_spec a = addr("10.0.0.1/24", 2), any = addr("10.0.0.1/24", 0);
	struct nl_addr_spec other = addr("10.0.0.1/24", 3), p = addr("10.0.0.1/32", 2);

	ck_assert_int_eq(nl_rtnl_addr_exists(&rt, &a), 0);
	ck_assert_int_eq(nl_rtnl_fake_preload_addr(&rt, &a), 0);
	ck_assert_int_eq(nl_rtnl_fake_preload_addr(&rt, &a), -EEXIST);
	ck_assert_int_eq(nl_rtnl_addr_exists(&rt, &a), 1);
	ck_assert_int_eq(nl_rtnl_addr_exists(&rt, &any), 1);
	ck_assert_int_eq(nl_rtnl_addr_exists(&rt, &other), 0);
	ck_assert_int_eq(nl_rtnl_addr_exists(&rt, &p), 0);
	p.has_peer = true;
	ck_assert(!nl_addr_spec_match(&p, &a));
	ck_assert_str_eq(nl_rtnl_fake_transcript(&rt), ""); /* preloads and queries: silent */
}
END_TEST

START_TEST(test_route_lines)
{
	struct nl_route_spec r1 = route("10.1.0.0/24", 2), r2 = route("10.2.0.0/16", 2);
	struct nl_route_spec bh = route("10.3.0.0/16", 0), def = route("0.0.0.0/0", 3);
	struct nl_route_spec r6 = route("fd01::/64", 3);

	r1.protocol = NL_RTNL_PROTO_KEEPALIVED;
	ck_assert_int_eq(nl_rtnl_route_add(&rt, &r1), 0);
	pton(AF_INET, "10.0.0.254", r2.gateway);
	r2.has_gateway = true;
	pton(AF_INET, "10.0.0.1", r2.src);
	r2.has_src = true;
	r2.table = 100;
	r2.metric = 10;
	r2.has_metric = true;
	r2.onlink = true;
	ck_assert_int_eq(nl_rtnl_route_add(&rt, &r2), 0);
	bh.type = RTN_BLACKHOLE;
	ck_assert_int_eq(nl_rtnl_route_add(&rt, &bh), 0);
	def.has_gateway = true;
	pton(AF_INET, "192.168.1.1", def.gateway);
	def.scope = RT_SCOPE_UNIVERSE;
	def.has_scope = true;
	def.protocol = 99;
	ck_assert_int_eq(nl_rtnl_route_add(&rt, &def), 0);
	r6.type = RTN_UNREACHABLE;
	r6.table = RT_TABLE_MAIN;
	ck_assert_int_eq(nl_rtnl_route_add(&rt, &r6), 0);
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &bh), 0);
	ck_assert_str_eq(nl_rtnl_fake_transcript(&rt),
			 "route add 10.1.0.0/24 dev eth0 proto keepalived\n"
			 "route add 10.2.0.0/16 via 10.0.0.254 dev eth0 src 10.0.0.1 table 100 "
			 "metric 10 onlink\n"
			 "route add blackhole 10.3.0.0/16\n"
			 "route add default via 192.168.1.1 dev eth1 scope global proto 99\n"
			 "route add unreachable fd01::/64 dev eth1\n"
			 "route del blackhole 10.3.0.0/16\n");
}
END_TEST

START_TEST(test_route_errors)
{
	struct nl_route_spec r = route("10.1.0.0/24", 2), m = r, nodev = route("10.5.0.0/24", 7);
	struct nl_route_spec t = r, gw = r;

	ck_assert_int_eq(nl_rtnl_route_add(&rt, &r), 0);
	ck_assert_int_eq(nl_rtnl_route_add(&rt, &r), -EEXIST);
	m.metric = 5;
	m.has_metric = true;
	ck_assert_int_eq(nl_rtnl_route_add(&rt, &m), 0); /* another metric: another route */
	t.table = 200;
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &t), -ESRCH);
	gw.has_gateway = true;
	pton(AF_INET, "10.0.0.9", gw.gateway);
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &gw), -ESRCH);
	ck_assert_int_eq(nl_rtnl_route_add(&rt, &nodev), -ENODEV);
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &m), 0);
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &r), 0); /* no metric: matches any */
	ck_assert_int_eq(nl_rtnl_route_del(&rt, &r), -ESRCH);
	r.type = RTN_MAX + 1;
	ck_assert_int_eq(nl_rtnl_route_add(&rt, &r), -EINVAL);
	r.type = 0;
	r.family = 0;
	ck_assert_int_eq(nl_rtnl_route_add(&rt, &r), -EAFNOSUPPORT);
}
END_TEST

START_TEST(test_links)
{
	struct nl_link_info l;

	ck_assert_int_eq(nl_rtnl_link_by_name(&rt, "eth1", &l), 0);
	ck_assert_int_eq(l.ifindex, 3);
	ck_assert(!l.up && !l.running);
	ck_assert_int_eq(l.mac[5], 3);
	ck_assert_int_eq(nl_rtnl_link_by_index(&rt, 2, &l), 0);
	ck_assert_str_eq(l.name, "eth0");
	ck_assert(l.up && l.running);
	ck_assert_int_eq(l.mtu, 1500);
	ck_assert_int_eq(nl_rtnl_link_by_name(&rt, "eth9", &l), -ENODEV);
	ck_assert_int_eq(nl_rtnl_link_by_index(&rt, 9, &l), -ENODEV);
	add_link(2, "eth0", false); /* replace: the link went down */
	ck_assert_int_eq(nl_rtnl_link_by_index(&rt, 2, &l), 0);
	ck_assert(!l.up);
}
END_TEST

START_TEST(test_primary)
{
	struct nl_addr_spec g6 = addr("fd00::1/64", 2), ll = addr("fe80::1/64", 2);
	struct nl_addr_spec p = addr("10.0.0.1/24", 2), s = addr("10.0.0.2/24", 2);
	uint8_t out[16], want[16];

	ck_assert_int_eq(nl_rtnl_addr_primary(&rt, 2, AF_INET, out), -EADDRNOTAVAIL);
	ck_assert_int_eq(nl_rtnl_addr_primary(&rt, 9, AF_INET, out), -ENODEV);
	ck_assert_int_eq(nl_rtnl_addr_primary(&rt, 2, AF_UNIX, out), -EAFNOSUPPORT);
	ck_assert_int_eq(nl_rtnl_fake_preload_addr(&rt, &p), 0);
	ck_assert_int_eq(nl_rtnl_fake_preload_addr(&rt, &s), 0);
	ck_assert_int_eq(nl_rtnl_addr_primary(&rt, 2, AF_INET, out), 0);
	ck_assert_mem_eq(out, p.addr, 4);
	ck_assert_int_eq(nl_rtnl_fake_preload_addr(&rt, &g6), 0);
	ck_assert_int_eq(nl_rtnl_addr_primary(&rt, 2, AF_INET6, out), -EADDRNOTAVAIL);
	ck_assert_int_eq(nl_rtnl_fake_preload_addr(&rt, &ll), 0);
	ck_assert_int_eq(nl_rtnl_addr_primary(&rt, 2, AF_INET6, out), 0);
	pton(AF_INET6, "fe80::1", want);
	ck_assert_mem_eq(out, want, 16);
}
END_TEST

START_TEST(test_fail_next)
{
	struct nl_addr_spec a = addr("10.0.0.9/32", 2), b = addr("10.0.0.8/32", 2);

	nl_rtnl_fake_fail_next(&rt, "addr add 10.0.0.9", -EPERM, "not allowed");
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &b), 0); /* prefix does not match */
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &a), -EPERM);
	ck_assert_str_eq(nl_rtnl_last_msg(&rt), "not allowed");
	ck_assert_int_eq(nl_rtnl_addr_exists(&rt, &a), 0);
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &a), 0); /* only once */
	ck_assert_str_eq(nl_rtnl_last_msg(&rt), "");
	nl_rtnl_fake_fail_next(&rt, "route", -1234, NULL);
	{
		struct nl_route_spec r = route("10.1.0.0/24", 2);

		ck_assert_int_eq(nl_rtnl_route_add(&rt, &r), -1234);
	}
	ck_assert_str_eq(nl_rtnl_fake_transcript(&rt), "addr add 10.0.0.8/32 dev eth0\n"
						       "addr add 10.0.0.9/32 dev eth0 -> EPERM\n"
						       "addr add 10.0.0.9/32 dev eth0\n"
						       "route add 10.1.0.0/24 dev eth0 -> -1234\n");
}
END_TEST

START_TEST(test_clear)
{
	struct nl_addr_spec a = addr("10.0.0.1/24", 2);

	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &a), 0);
	nl_rtnl_fake_clear(&rt);
	ck_assert_str_eq(nl_rtnl_fake_transcript(&rt), "");
	ck_assert_int_eq(nl_rtnl_addr_add(&rt, &a), -EEXIST); /* state survives */
	ck_assert_str_eq(nl_rtnl_fake_transcript(&rt), "addr add 10.0.0.1/24 dev eth0 -> EEXIST\n");
}
END_TEST

START_TEST(test_brd_auto)
{
	struct nl_addr_spec a = addr("192.168.1.77/26", 2);
	char buf[128];

	nl_addr_spec_brd_auto(&a, true);
	ck_assert_str_eq(nl_addr_spec_format(&a, NULL, buf, sizeof(buf)),
			 "192.168.1.77/26 dev 2 brd 192.168.1.127");
	nl_addr_spec_brd_auto(&a, false);
	ck_assert_str_eq(nl_addr_spec_format(&a, "x", buf, sizeof(buf)),
			 "192.168.1.77/26 dev x brd 192.168.1.64");
	a.prefixlen = 32;
	nl_addr_spec_brd_auto(&a, true);
	ck_assert_str_eq(nl_addr_spec_format(&a, NULL, buf, sizeof(buf)),
			 "192.168.1.77/32 dev 2 brd 192.168.1.77");
	a.prefixlen = 0;
	a.ifindex = 0;
	nl_addr_spec_brd_auto(&a, true);
	ck_assert_str_eq(nl_addr_spec_format(&a, NULL, buf, sizeof(buf)),
			 "192.168.1.77/0 brd 255.255.255.255");
	a = addr("fd00::1/64", 2);
	nl_addr_spec_brd_auto(&a, true); /* IPv6: no broadcast */
	ck_assert(!a.has_brd);
	/* a short buffer truncates, never overflows */
	ck_assert_str_eq(nl_addr_spec_format(&a, NULL, buf, 6), "fd00:");
}
END_TEST

START_TEST(test_route_types)
{
	static const char *const names[] = {"unicast",	 "local",     "broadcast",   "anycast",
					    "multicast", "blackhole", "unreachable", "prohibit",
					    "throw",	 "nat",	      "xresolve"};
	char buf[128];
	struct nl_route_spec r = route("fd00::/8", 0);

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int t = nl_route_type_from_name(names[i]);

		ck_assert_int_gt(t, 0);
		ck_assert_str_eq(nl_route_type_name((unsigned)t), names[i]);
	}
	ck_assert_int_eq(nl_route_type_from_name("bogus"), -EINVAL);
	ck_assert_ptr_null(nl_route_type_name(0));
	ck_assert_ptr_null(nl_route_type_name(200));
	r.type = RTN_PROHIBIT;
	r.table = 1000;
	r.protocol = RTPROT_STATIC;
	ck_assert_str_eq(nl_route_spec_format(&r, NULL, buf, sizeof(buf)),
			 "prohibit fd00::/8 table 1000 proto static");
	r.type = 200;
	ck_assert_int_eq(nl_route_spec_check(&r), -EINVAL);
	ck_assert_str_eq(nl_route_spec_format(&r, NULL, buf, sizeof(buf)),
			 "type 200 fd00::/8 table 1000 proto static");
}
END_TEST

static Suite *
nl_rtnl_fake_suite(void)
{
	Suite *s = suite_create("nl_rtnl_fake");
	TCase *tc = tcase_create("fake");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_addr_lines);
	tcase_add_test(tc, test_addr_errors);
	tcase_add_test(tc, test_addr_exists);
	tcase_add_test(tc, test_route_lines);
	tcase_add_test(tc, test_route_errors);
	tcase_add_test(tc, test_links);
	tcase_add_test(tc, test_primary);
	tcase_add_test(tc, test_fail_next);
	tcase_add_test(tc, test_clear);
	suite_add_tcase(s, tc);
	tc = tcase_create("helpers");
	tcase_add_test(tc, test_brd_auto);
	tcase_add_test(tc, test_route_types);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(nl_rtnl_fake_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
