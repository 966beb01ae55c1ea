/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_nl_ipvs_fake: the IPVS fake backend and the batch layer above it.
 * The transcript format line by line (policy tests compare it), the kernel's
 * answers the fake imitates (EEXIST, ESRCH, ENOENT), per-operation tolerance
 * and results, invalid operations, injected failures, timeouts saved and
 * restored, dumps. Links no libnl: neither does code tested against the fake.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "nl/nl_ipvs.h"

static struct nl_ipvs_service
service(int af, uint16_t protocol, const char *addr, uint16_t port, const char *sched)
{
	struct nl_ipvs_service s = {.af = af, .protocol = protocol, .port = port};

	inet_pton(af, addr, s.addr);
	snprintf(s.sched_name, sizeof(s.sched_name), "%s", sched);
	return s;
}

static struct nl_ipvs_dest
dest(int af, const char *addr, uint16_t port, uint32_t fwd, int32_t weight)
{
	struct nl_ipvs_dest d = {.af = af, .port = port, .fwd = fwd, .weight = weight};

	inet_pton(af != 0 ? af : AF_INET, addr, d.addr);
	return d;
}

static struct nl_ipvs_service
fwmark(uint32_t mark, const char *sched)
{
	struct nl_ipvs_service s = {.af = AF_INET, .fwmark = mark};

	snprintf(s.sched_name, sizeof(s.sched_name), "%s", sched);
	return s;
}

START_TEST(test_transcript)
{
	static const char want[] =
		"service add tcp 10.0.0.100:80 rr\n"
		"service add udp [2001:db8::1]:53 wlc persistent 300 netmask /64 ops pe sip\n"
		"service add fwmark 1 sh flag-1 flag-2\n"
		"dest add tcp 10.0.0.100:80 -> 192.168.1.1:80 masq w1\n"
		"dest add tcp 10.0.0.100:80 -> 192.168.1.2:80 dr w2 u100 l10\n"
		"dest add udp [2001:db8::1]:53 -> [2001:db8::11]:53 tun w0 gue:6080 csum\n"
		"dest add fwmark 1 -> 10.1.0.1:0 tun w1 ipip\n"
		"service edit tcp 10.0.0.100:80 wrr mask 0x1\n"
		"dest edit tcp 10.0.0.100:80 -> 192.168.1.1:80 masq w5\n"
		"dest del tcp 10.0.0.100:80 -> 192.168.1.2:80\n"
		"service del fwmark 1\n"
		"timeouts tcp 900 tcpfin 120 udp 300\n"
		"daemon start master eth0 id 5 maxlen 1472 group 224.0.0.81 port 8848 ttl 1\n"
		"daemon stop backup\n"
		"flush\n";
	struct nl_ipvs *h = nl_ipvs_fake_new();
	struct nl_ipvs_batch *b = nl_ipvs_batch_begin(h);
	struct nl_ipvs_service tcp = service(AF_INET, IPPROTO_TCP, "10.0.0.100", 80, "rr");
	struct nl_ipvs_service udp = service(AF_INET6, IPPROTO_UDP, "2001:db8::1", 53, "wlc");
	struct nl_ipvs_service fw = fwmark(1, "sh");
	struct nl_ipvs_dest d;
	struct nl_ipvs_op op = {.cmd = NL_IPVS_TIMEOUTS_SET, .timeouts = {900, 120, 300}};
	char err[256];

	udp.flags = NL_IPVS_SVC_F_PERSISTENT | NL_IPVS_SVC_F_ONEPACKET;
	udp.timeout = 300;
	udp.netmask = 64;
	strcpy(udp.pe_name, "sip");
	fw.flags = NL_IPVS_SVC_F_SH_PORT | NL_IPVS_SVC_F_SH_FALLBACK;
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &tcp, 0);
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &udp, 0);
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &fw, 0);
	d = dest(AF_INET, "192.168.1.1", 80, NL_IPVS_FWD_MASQ, 1);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &tcp, &d, 0);
	d = dest(AF_INET, "192.168.1.2", 80, NL_IPVS_FWD_DROUTE, 2);
	d.u_threshold = 100;
	d.l_threshold = 10;
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &tcp, &d, 0);
	d = dest(AF_INET6, "2001:db8::11", 53, NL_IPVS_FWD_TUNNEL, 0);
	d.tun_type = NL_IPVS_TUN_GUE;
	d.tun_port = 6080;
	d.tun_flags = NL_IPVS_TUN_F_CSUM;
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &udp, &d, 0);
	d = dest(0, "10.1.0.1", 0, NL_IPVS_FWD_TUNNEL, 1);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &fw, &d, 0);
	strcpy(tcp.sched_name, "wrr");
	tcp.flags_mask = NL_IPVS_SVC_F_PERSISTENT;
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_EDIT, &tcp, 0);
	d = dest(AF_INET, "192.168.1.1", 80, NL_IPVS_FWD_MASQ, 5);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_EDIT, &tcp, &d, 0);
	d = dest(AF_INET, "192.168.1.2", 80, NL_IPVS_FWD_DROUTE, 0);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_DEL, &tcp, &d, 0);
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_DEL, &fw, 0);
	nl_ipvs_batch_add(b, &op);
	op = (struct nl_ipvs_op){.cmd = NL_IPVS_DAEMON_START};
	op.daemon = (struct nl_ipvs_daemon){NL_IPVS_DAEMON_MASTER, "eth0", 5, 1472, AF_INET,
					    {224, 0, 0, 81},	   8848,   1};
	nl_ipvs_batch_add(b, &op);
	op = (struct nl_ipvs_op){.cmd = NL_IPVS_DAEMON_STOP, .flags = NL_IPVS_OP_IGNORE_MISSING};
	op.daemon.state = NL_IPVS_DAEMON_BACKUP;
	nl_ipvs_batch_add(b, &op);
	nl_ipvs_batch_add(b, &(struct nl_ipvs_op){.cmd = NL_IPVS_FLUSH});
	ck_assert_uint_eq(nl_ipvs_batch_len(b), 15);
	ck_assert_int_eq(nl_ipvs_batch_commit(b, err, sizeof(err)), 0);
	ck_assert_str_eq(nl_ipvs_fake_transcript(h), want);
	/* the backup daemon was not running: ESRCH, tolerated */
	ck_assert_int_eq(nl_ipvs_batch_error(b, 13), -ESRCH);
	ck_assert_int_eq(nl_ipvs_batch_result(b, 13), 0);
	nl_ipvs_fake_clear_transcript(h);
	ck_assert_str_eq(nl_ipvs_fake_transcript(h), "");
	nl_ipvs_batch_free(b);
	nl_ipvs_close(h);
}
END_TEST

/* Commits one op; returns the batch's count of failures and the op's raw answer. */
static int
commit_one(struct nl_ipvs *h, const struct nl_ipvs_op *op, int *error, char *err, size_t errlen)
{
	struct nl_ipvs_batch *b = nl_ipvs_batch_begin(h);
	int rc;

	nl_ipvs_batch_add(b, op);
	rc = nl_ipvs_batch_commit(b, err, errlen);
	*error = nl_ipvs_batch_error(b, 0);
	nl_ipvs_batch_free(b);
	return rc;
}

START_TEST(test_answers_and_tolerance)
{
	struct nl_ipvs *h = nl_ipvs_fake_new();
	struct nl_ipvs_service tcp = service(AF_INET, IPPROTO_TCP, "10.0.0.100", 80, "rr");
	struct nl_ipvs_service other = service(AF_INET, IPPROTO_TCP, "10.0.0.200", 80, "rr");
	struct nl_ipvs_op op = {.cmd = NL_IPVS_SERVICE_ADD, .svc = tcp};
	char err[256] = "";
	int e;

	ck_assert_int_eq(commit_one(h, &op, &e, err, sizeof(err)), 0);
	ck_assert_int_eq(commit_one(h, &op, &e, err, sizeof(err)), 1);
	ck_assert_int_eq(e, -EEXIST);
	ck_assert_str_eq(err, "1 of 1 IPVS operations failed; first: "
			      "service add tcp 10.0.0.100:80 rr: File exists");
	op.flags = NL_IPVS_OP_IGNORE_EXIST;
	ck_assert_int_eq(commit_one(h, &op, &e, err, sizeof(err)), 0);
	ck_assert_int_eq(e, -EEXIST);

	op = (struct nl_ipvs_op){.cmd = NL_IPVS_DEST_DEL, .svc = tcp};
	op.dest = dest(AF_INET, "192.168.1.9", 80, 0, 0);
	ck_assert_int_eq(commit_one(h, &op, &e, err, sizeof(err)), 1);
	ck_assert_int_eq(e, -ENOENT);
	op.flags = NL_IPVS_OP_IGNORE_MISSING;
	ck_assert_int_eq(commit_one(h, &op, &e, err, sizeof(err)), 0);
	op.cmd = NL_IPVS_DEST_EDIT;
	op.flags = 0;
	ck_assert_int_eq(commit_one(h, &op, &e, err, sizeof(err)), 1);
	ck_assert_int_eq(e, -ENOENT);
	op.cmd = NL_IPVS_DEST_ADD;
	op.svc = other;
	ck_assert_int_eq(commit_one(h, &op, &e, err, sizeof(err)), 1);
	ck_assert_int_eq(e, -ESRCH);
	op = (struct nl_ipvs_op){.cmd = NL_IPVS_SERVICE_DEL, .svc = other};
	ck_assert_int_eq(commit_one(h, &op, &e, err, sizeof(err)), 1);
	ck_assert_int_eq(e, -ESRCH);

	/* the sync daemon helpers: start twice fails, stop is idempotent */
	struct nl_ipvs_daemon d = {.state = NL_IPVS_DAEMON_MASTER, .ifname = "eth0"};

	ck_assert_int_eq(nl_ipvs_daemon_start(h, &d, err, sizeof(err)), 0);
	ck_assert_int_eq(nl_ipvs_daemon_start(h, &d, err, sizeof(err)), -EEXIST);
	ck_assert_int_eq(nl_ipvs_daemon_stop(h, NL_IPVS_DAEMON_MASTER, err, sizeof(err)), 0);
	ck_assert_int_eq(nl_ipvs_daemon_stop(h, NL_IPVS_DAEMON_MASTER, err, sizeof(err)), 0);
	nl_ipvs_close(h);
}
END_TEST

START_TEST(test_invalid_and_injected)
{
	struct nl_ipvs *h = nl_ipvs_fake_new();
	struct nl_ipvs_batch *b = nl_ipvs_batch_begin(h);
	struct nl_ipvs_service tcp = service(AF_INET, IPPROTO_TCP, "10.0.0.100", 80, "rr");
	struct nl_ipvs_service bad = tcp;
	struct nl_ipvs_dest d1 = dest(AF_INET, "192.168.1.1", 80, 0, 1);
	struct nl_ipvs_dest d2 = dest(AF_INET, "192.168.1.2", 80, 0, 1);
	char err[256];

	bad.sched_name[0] = '\0';
	nl_ipvs_fake_fail(h, "dest add tcp 10.0.0.100:80 -> 192.168.1.1:", ENOMEM);
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &bad, 0);
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &tcp, 0);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &tcp, &d1, 0);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &tcp, &d2, 0);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &tcp, &d1, 0);
	ck_assert_int_eq(nl_ipvs_batch_commit(b, err, sizeof(err)), 2);
	ck_assert_str_eq(err,
			 "2 of 5 IPVS operations failed; first: service add tcp 10.0.0.100:80 : "
			 "service: scheduler missing, or a name too long");
	ck_assert_int_eq(nl_ipvs_batch_result(b, 0), -EINVAL);
	ck_assert_int_eq(nl_ipvs_batch_result(b, 1), 0);
	ck_assert_int_eq(nl_ipvs_batch_result(b, 2), -ENOMEM);
	ck_assert_int_eq(nl_ipvs_batch_result(b, 3), 0);
	ck_assert_int_eq(nl_ipvs_batch_result(b, 4), 0); /* the failure was injected once */
	ck_assert_int_eq(nl_ipvs_batch_result(b, 5), -EINVAL);
	/* the invalid op never reached the backend */
	ck_assert_str_eq(nl_ipvs_fake_transcript(h),
			 "service add tcp 10.0.0.100:80 rr\n"
			 "dest add tcp 10.0.0.100:80 -> 192.168.1.1:80 masq w1\n"
			 "dest add tcp 10.0.0.100:80 -> 192.168.1.2:80 masq w1\n"
			 "dest add tcp 10.0.0.100:80 -> 192.168.1.1:80 masq w1\n");
	ck_assert_int_eq(nl_ipvs_batch_commit(b, err, sizeof(err)), -EALREADY);
	nl_ipvs_batch_free(b);
	nl_ipvs_close(h);
}
END_TEST

START_TEST(test_timeouts_restore)
{
	struct nl_ipvs *h = nl_ipvs_fake_new();
	struct nl_ipvs_timeouts t = {.tcp = 7200}, got;
	char err[128];

	ck_assert_int_eq(nl_ipvs_restore_timeouts(h, err, sizeof(err)), 0); /* nothing set */
	ck_assert_int_eq(nl_ipvs_set_timeouts(h, &t, err, sizeof(err)), 0);
	t = (struct nl_ipvs_timeouts){.udp = 60};
	ck_assert_int_eq(nl_ipvs_set_timeouts(h, &t, err, sizeof(err)), 0);
	ck_assert_int_eq(nl_ipvs_get_timeouts(h, &got, err, sizeof(err)), 0);
	ck_assert_uint_eq(got.tcp, 7200);
	ck_assert_uint_eq(got.tcp_fin, 120);
	ck_assert_uint_eq(got.udp, 60);
	ck_assert_int_eq(nl_ipvs_restore_timeouts(h, err, sizeof(err)), 0);
	ck_assert_int_eq(nl_ipvs_restore_timeouts(h, err, sizeof(err)), 0);
	ck_assert_int_eq(nl_ipvs_get_timeouts(h, &got, err, sizeof(err)), 0);
	ck_assert_uint_eq(got.tcp, 900);
	ck_assert_uint_eq(got.udp, 300);
	/* the originals are those before the first set, restored once */
	ck_assert_str_eq(nl_ipvs_fake_transcript(h), "timeouts tcp 7200 tcpfin 0 udp 0\n"
						     "timeouts tcp 0 tcpfin 0 udp 60\n"
						     "timeouts tcp 900 tcpfin 120 udp 300\n");
	nl_ipvs_close(h);
}
END_TEST

START_TEST(test_dumps)
{
	struct nl_ipvs *h = nl_ipvs_fake_new();
	struct nl_ipvs_batch *b = nl_ipvs_batch_begin(h);
	struct nl_ipvs_service fw = fwmark(3, "rr"), tcp, *svcs;
	struct nl_ipvs_dest d, *dests;
	struct nl_ipvs_info info;
	size_t n, i;
	char err[128];

	tcp = service(AF_INET, IPPROTO_TCP, "10.0.0.100", 80, "rr");
	fw.protocol = IPPROTO_UDP; /* not part of a fwmark service */
	fw.port = 99;
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &tcp, 0);
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &fw, 0);
	for (i = 0; i < 1000; i++) {
		d = dest(0, "10.9.0.0", (uint16_t)(1000 + i), NL_IPVS_FWD_MASQ, (int32_t)i);
		d.addr[2] = (uint8_t)(i >> 8);
		d.addr[3] = (uint8_t)i;
		nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &tcp, &d, 0);
	}
	ck_assert_int_eq(nl_ipvs_batch_commit(b, err, sizeof(err)), 0);
	nl_ipvs_batch_free(b);

	ck_assert_int_eq(nl_ipvs_dump_services(h, &svcs, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert(nl_ipvs_service_same(&svcs[0], &tcp));
	ck_assert_uint_eq(svcs[0].flags, NL_IPVS_SVC_F_HASHED); /* as the kernel shows it */
	ck_assert(nl_ipvs_service_same(&svcs[1], &fw));
	ck_assert_uint_eq(svcs[1].port, 0);
	free(svcs);
	ck_assert_int_eq(nl_ipvs_dump_dests(h, &tcp, &dests, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 1000);
	ck_assert_int_eq(dests[999].af, AF_INET); /* the service's */
	ck_assert_int_eq(dests[999].weight, 999);
	ck_assert_uint_eq(dests[999].port, 1999);
	free(dests);
	ck_assert_int_eq(nl_ipvs_dump_dests(h, &fw, &dests, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(dests);
	ck_assert_int_eq(nl_ipvs_get_info(h, &info, err, sizeof(err)), 0);
	ck_assert_uint_eq(info.version, 0x010201);

	ck_assert_int_eq(nl_ipvs_flush(h, err, sizeof(err)), 0);
	ck_assert_int_eq(nl_ipvs_dump_services(h, &svcs, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(svcs);
	nl_ipvs_close(h);
}
END_TEST

START_TEST(test_same)
{
	struct nl_ipvs_service a = service(AF_INET, IPPROTO_TCP, "10.0.0.1", 80, "rr"), b = a;
	struct nl_ipvs_dest x = dest(0, "10.0.0.2", 80, 0, 1),
			    y = dest(AF_INET, "10.0.0.2", 80, 3, 9);
	char buf[8];

	b.addr[8] = 1; /* beyond the IPv4 address: not compared */
	strcpy(b.sched_name, "wlc");
	ck_assert(nl_ipvs_service_same(&a, &b));
	b.protocol = IPPROTO_UDP;
	ck_assert(!nl_ipvs_service_same(&a, &b));
	ck_assert(nl_ipvs_dest_same(&x, &y));
	y.port = 81;
	ck_assert(!nl_ipvs_dest_same(&x, &y));
	/* formatting counts like snprintf */
	ck_assert_int_eq(nl_ipvs_service_format(&a, buf, sizeof(buf)), 15);
	ck_assert_str_eq(buf, "tcp 10.");
}
END_TEST

static Suite *
nl_ipvs_fake_suite(void)
{
	Suite *s = suite_create("nl_ipvs_fake");
	TCase *tc = tcase_create("fake");

	tcase_add_test(tc, test_transcript);
	tcase_add_test(tc, test_answers_and_tolerance);
	tcase_add_test(tc, test_invalid_and_injected);
	tcase_add_test(tc, test_timeouts_restore);
	tcase_add_test(tc, test_dumps);
	tcase_add_test(tc, test_same);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(nl_ipvs_fake_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
