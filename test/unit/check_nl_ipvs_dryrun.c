/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_nl_ipvs_dryrun: the dry-run IPVS backend behind vigild
 * --ipvs-dry-run. Every command reaches the line callback once, in order,
 * in the fake's transcript format; the answers are the fake's (success for
 * a consistent sequence, EEXIST/ESRCH when the sequence is not), dumps show
 * what was "sent", and nothing accumulates in the transcript.
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

struct lines {
	char buf[4096];
	size_t n;
};

static void
collect(const char *line, void *arg)
{
	struct lines *l = arg;
	size_t len = strlen(l->buf);

	snprintf(l->buf + len, sizeof(l->buf) - len, "%s\n", line);
	l->n++;
}

static struct nl_ipvs_service
svc80(void)
{
	struct nl_ipvs_service s = {.af = AF_INET, .protocol = IPPROTO_TCP, .port = 80};

	inet_pton(AF_INET, "10.0.0.100", s.addr);
	snprintf(s.sched_name, sizeof(s.sched_name), "rr");
	return s;
}

static struct nl_ipvs_dest
rs(const char *addr, int32_t weight)
{
	struct nl_ipvs_dest d = {.af = AF_INET, .port = 80, .weight = weight};

	inet_pton(AF_INET, addr, d.addr);
	return d;
}

START_TEST(test_lines_in_order)
{
	struct lines l = {.n = 0};
	struct nl_ipvs *h = nl_ipvs_dryrun_new(collect, &l);
	struct nl_ipvs_service s = svc80();
	struct nl_ipvs_dest a = rs("192.168.1.1", 1), b = rs("192.168.1.2", 2);
	struct nl_ipvs_batch *bt = nl_ipvs_batch_begin(h);
	char err[256];

	nl_ipvs_batch_service(bt, NL_IPVS_SERVICE_ADD, &s, 0);
	nl_ipvs_batch_dest(bt, NL_IPVS_DEST_ADD, &s, &a, 0);
	nl_ipvs_batch_dest(bt, NL_IPVS_DEST_ADD, &s, &b, 0);
	nl_ipvs_batch_dest(bt, NL_IPVS_DEST_DEL, &s, &a, 0);
	ck_assert_int_eq(nl_ipvs_batch_commit(bt, err, sizeof(err)), 0);
	for (size_t i = 0; i < 4; i++)
		ck_assert_int_eq(nl_ipvs_batch_result(bt, i), 0);
	nl_ipvs_batch_free(bt);
	ck_assert_uint_eq(l.n, 4);
	ck_assert_str_eq(l.buf, "service add tcp 10.0.0.100:80 rr\n"
				"dest add tcp 10.0.0.100:80 -> 192.168.1.1:80 masq w1\n"
				"dest add tcp 10.0.0.100:80 -> 192.168.1.2:80 masq w2\n"
				"dest del tcp 10.0.0.100:80 -> 192.168.1.1:80\n");
	/* nothing is kept: a daemon's memory does not grow with each command */
	ck_assert_str_eq(nl_ipvs_fake_transcript(h), "");
	nl_ipvs_close(h);
}
END_TEST

START_TEST(test_answers_and_dumps)
{
	struct lines l = {.n = 0};
	struct nl_ipvs *h = nl_ipvs_dryrun_new(collect, &l);
	struct nl_ipvs_service s = svc80(), *svcs = NULL;
	struct nl_ipvs_dest a = rs("192.168.1.1", 1), *dests = NULL;
	struct nl_ipvs_batch *bt = nl_ipvs_batch_begin(h);
	struct nl_ipvs_timeouts t = {.tcp = 7200};
	size_t n = 0;
	char err[256];

	nl_ipvs_batch_service(bt, NL_IPVS_SERVICE_ADD, &s, 0);
	nl_ipvs_batch_dest(bt, NL_IPVS_DEST_ADD, &s, &a, 0);
	nl_ipvs_batch_dest(bt, NL_IPVS_DEST_ADD, &s, &a, 0); /* twice: as the kernel */
	ck_assert_int_eq(nl_ipvs_batch_commit(bt, err, sizeof(err)), 1);
	ck_assert_int_eq(nl_ipvs_batch_result(bt, 2), -EEXIST);
	nl_ipvs_batch_free(bt);
	ck_assert_int_eq(nl_ipvs_dump_services(h, &svcs, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert(nl_ipvs_service_same(&svcs[0], &s));
	ck_assert_int_eq(nl_ipvs_dump_dests(h, &s, &dests, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert(nl_ipvs_dest_same(&dests[0], &a));
	free(svcs);
	free(dests);
	/* one-operation helpers go through the same callback */
	ck_assert_int_eq(nl_ipvs_set_timeouts(h, &t, err, sizeof(err)), 0);
	ck_assert_int_eq(nl_ipvs_flush(h, err, sizeof(err)), 0);
	ck_assert_uint_eq(l.n, 5);
	ck_assert_ptr_nonnull(strstr(l.buf, "timeouts tcp 7200"));
	ck_assert_str_eq(strrchr(l.buf, '\n') - strlen("flush"), "flush\n");
	nl_ipvs_close(h);
}
END_TEST

static Suite *
dryrun_suite(void)
{
	Suite *s = suite_create("nl_ipvs_dryrun");
	TCase *tc = tcase_create("dryrun");

	tcase_add_test(tc, test_lines_in_order);
	tcase_add_test(tc, test_answers_and_dumps);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(dryrun_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
