/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_lvs_reconcile: the reconciler sends only the difference between the
 * desired table and the (fake) kernel's: nothing for an unchanged config,
 * one edit for a weight or scheduler change, one delete for a removed real
 * server or service; services it does not own are never touched; a flush at
 * start when asked; release on stop (services only, flush, -I), also for a
 * table of many services with destinations; an edit
 * of a vanished destination retried as an add.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "checker/lvs_health.h"
#include "checker/lvs_policy.h"
#include "checker/lvs_reconcile.h"
#include "conf/conf.h"

/* One loaded config with its health and desired table. */
struct cfg {
	struct conf_diags diags;
	struct conf *conf;
	struct lvs_health *h;
	struct lvs_table t;
};

static void
cfg_load(struct cfg *c, const char *text)
{
	struct conf_load_opts o = {.path = "t.conf", .config_id = "unit"};

	memset(c, 0, sizeof(*c));
	conf_diags_init(&c->diags);
	c->conf = conf_load_buf("t.conf", text, strlen(text), &o, &c->diags);
	ck_assert_ptr_nonnull(c->conf);
	c->h = lvs_health_new(c->conf);
	lvs_table_init(&c->t);
	lvs_policy_update_quorum(c->conf, c->h);
	lvs_policy_desired(c->conf, c->h, &c->t);
}

static void
cfg_free(struct cfg *c)
{
	lvs_table_clear(&c->t);
	lvs_health_free(c->h);
	conf_free(c->conf);
	conf_diags_free(&c->diags);
}

static int nreported;

static void
count_op(const struct nl_ipvs_op *op, int err, void *arg)
{
	(void)op, (void)err, (void)arg;
	nreported++;
}

/* Reconciles desired against the fake (prev may be NULL); returns the transcript. */
static const char *
sync_table(struct nl_ipvs *ipvs, const struct lvs_table *desired, const struct lvs_table *prev)
{
	char err[256];
	int rc;

	nl_ipvs_fake_clear_transcript(ipvs);
	rc = lvs_reconcile(ipvs, desired, prev, count_op, NULL, err, sizeof(err));
	ck_assert_msg(rc == 0, "reconcile: %d %s", rc, err);
	return nl_ipvs_fake_transcript(ipvs);
}

#define BASE                                                                                       \
	"virtual_server 10.0.0.1 80 {\n protocol TCP\n lvs_sched rr\n"                             \
	" real_server 192.168.1.1 80 {\n weight 1\n }\n"                                           \
	" real_server 192.168.1.2 80 {\n weight 2\n }\n"
#define SECOND                                                                                     \
	"virtual_server 10.0.0.2 443 {\n protocol TCP\n lvs_sched wlc\n"                           \
	" real_server 192.168.1.1 443 {\n }\n}\n"

/* A service added by hand (not in any config), with one real server. */
static void
add_foreign(struct nl_ipvs *ipvs)
{
	struct nl_ipvs_service s = {.af = AF_INET, .protocol = IPPROTO_TCP, .port = 8080};
	struct nl_ipvs_dest d = {.af = AF_INET, .port = 8080, .weight = 1};
	struct nl_ipvs_batch *b = nl_ipvs_batch_begin(ipvs);
	char err[128];

	inet_pton(AF_INET, "10.9.9.9", s.addr);
	inet_pton(AF_INET, "192.168.7.7", d.addr);
	snprintf(s.sched_name, sizeof(s.sched_name), "rr");
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &s, 0);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &s, &d, 0);
	ck_assert_int_eq(nl_ipvs_batch_commit(b, err, sizeof(err)), 0);
	nl_ipvs_batch_free(b);
}

static size_t
kernel_services(struct nl_ipvs *ipvs)
{
	struct nl_ipvs_service *v;
	size_t n;
	char err[128];

	ck_assert_int_eq(nl_ipvs_dump_services(ipvs, &v, &n, err, sizeof(err)), 0);
	free(v);
	return n;
}

START_TEST(test_unchanged_is_silent)
{
	struct nl_ipvs *ipvs = nl_ipvs_fake_new();
	struct cfg a, b;

	cfg_load(&a, BASE "}\n" SECOND);
	sync_table(ipvs, &a.t, NULL);
	nreported = 0;
	ck_assert_str_eq(sync_table(ipvs, &a.t, &a.t), "");
	ck_assert_int_eq(nreported, 0);
	/* the same config loaded again (a reload) changes nothing either */
	cfg_load(&b, BASE "}\n" SECOND);
	ck_assert_str_eq(sync_table(ipvs, &b.t, &a.t), "");
	cfg_free(&a);
	cfg_free(&b);
	nl_ipvs_close(ipvs);
}
END_TEST

START_TEST(test_weight_change_one_edit)
{
	struct nl_ipvs *ipvs = nl_ipvs_fake_new();
	struct cfg a, b;

	cfg_load(&a, BASE "}\n");
	cfg_load(&b, "virtual_server 10.0.0.1 80 {\n protocol TCP\n lvs_sched rr\n"
		     " real_server 192.168.1.1 80 {\n weight 1\n }\n"
		     " real_server 192.168.1.2 80 {\n weight 5\n }\n}\n");
	sync_table(ipvs, &a.t, NULL);
	nreported = 0;
	ck_assert_str_eq(sync_table(ipvs, &b.t, &a.t),
			 "dest edit tcp 10.0.0.1:80 -> 192.168.1.2:80 masq w5\n");
	ck_assert_int_eq(nreported, 1);
	cfg_free(&a);
	cfg_free(&b);
	nl_ipvs_close(ipvs);
}
END_TEST

START_TEST(test_rs_removed_one_del)
{
	struct nl_ipvs *ipvs = nl_ipvs_fake_new();
	struct cfg a, b;

	cfg_load(&a, BASE "}\n");
	cfg_load(&b, "virtual_server 10.0.0.1 80 {\n protocol TCP\n lvs_sched rr\n"
		     " real_server 192.168.1.2 80 {\n weight 2\n }\n}\n");
	sync_table(ipvs, &a.t, NULL);
	ck_assert_str_eq(sync_table(ipvs, &b.t, &a.t),
			 "dest del tcp 10.0.0.1:80 -> 192.168.1.1:80\n");
	cfg_free(&a);
	cfg_free(&b);
	nl_ipvs_close(ipvs);
}
END_TEST

START_TEST(test_scheduler_change_one_edit)
{
	struct nl_ipvs *ipvs = nl_ipvs_fake_new();
	struct cfg a, b, c;

	cfg_load(&a, BASE "}\n");
	cfg_load(&b, "virtual_server 10.0.0.1 80 {\n protocol TCP\n lvs_sched wrr\n"
		     " real_server 192.168.1.1 80 {\n weight 1\n }\n"
		     " real_server 192.168.1.2 80 {\n weight 2\n }\n}\n");
	cfg_load(&c, "virtual_server 10.0.0.1 80 {\n protocol TCP\n lvs_sched wrr\n"
		     " persistence_timeout 120\n"
		     " real_server 192.168.1.1 80 {\n weight 1\n }\n"
		     " real_server 192.168.1.2 80 {\n weight 2\n }\n}\n");
	sync_table(ipvs, &a.t, NULL);
	ck_assert_str_eq(sync_table(ipvs, &b.t, &a.t), "service edit tcp 10.0.0.1:80 wrr\n");
	ck_assert_str_eq(sync_table(ipvs, &c.t, &b.t),
			 "service edit tcp 10.0.0.1:80 wrr persistent 120\n");
	cfg_free(&a);
	cfg_free(&b);
	cfg_free(&c);
	nl_ipvs_close(ipvs);
}
END_TEST

START_TEST(test_service_removed_foreign_untouched)
{
	struct nl_ipvs *ipvs = nl_ipvs_fake_new();
	struct cfg a, b;

	add_foreign(ipvs);
	cfg_load(&a, BASE "}\n" SECOND);
	cfg_load(&b, BASE "}\n");
	ck_assert_str_eq(sync_table(ipvs, &a.t, NULL),
			 "service add tcp 10.0.0.1:80 rr\n"
			 "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n"
			 "dest add tcp 10.0.0.1:80 -> 192.168.1.2:80 masq w2\n"
			 "service add tcp 10.0.0.2:443 wlc\n"
			 "dest add tcp 10.0.0.2:443 -> 192.168.1.1:443 masq w1\n");
	ck_assert_str_eq(sync_table(ipvs, &b.t, &a.t), "service del tcp 10.0.0.2:443\n");
	ck_assert_uint_eq(kernel_services(ipvs), 2); /* 10.0.0.1:80 and the foreign one */
	cfg_free(&a);
	cfg_free(&b);
	nl_ipvs_close(ipvs);
}
END_TEST

START_TEST(test_owned_service_repaired)
{
	struct nl_ipvs *ipvs = nl_ipvs_fake_new();
	struct nl_ipvs_dest extra = {.af = AF_INET, .port = 80, .weight = 1};
	struct nl_ipvs_batch *bt;
	struct cfg a;
	char err[128];

	cfg_load(&a, BASE "}\n");
	sync_table(ipvs, &a.t, NULL);
	/* by hand: one of vigil's servers deleted, a stranger added to vigil's service */
	inet_pton(AF_INET, "192.168.5.5", extra.addr);
	bt = nl_ipvs_batch_begin(ipvs);
	nl_ipvs_batch_dest(bt, NL_IPVS_DEST_DEL, &a.t.svc[0].svc, &a.t.svc[0].dest[0], 0);
	nl_ipvs_batch_dest(bt, NL_IPVS_DEST_ADD, &a.t.svc[0].svc, &extra, 0);
	ck_assert_int_eq(nl_ipvs_batch_commit(bt, err, sizeof(err)), 0);
	nl_ipvs_batch_free(bt);
	ck_assert_str_eq(sync_table(ipvs, &a.t, &a.t),
			 "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n"
			 "dest del tcp 10.0.0.1:80 -> 192.168.5.5:80\n");
	cfg_free(&a);
	nl_ipvs_close(ipvs);
}
END_TEST

START_TEST(test_edit_enoent_retried_as_add)
{
	struct nl_ipvs *ipvs = nl_ipvs_fake_new();
	struct cfg a, b;

	cfg_load(&a, BASE "}\n");
	cfg_load(&b, "virtual_server 10.0.0.1 80 {\n protocol TCP\n lvs_sched rr\n"
		     " real_server 192.168.1.1 80 {\n weight 3\n }\n"
		     " real_server 192.168.1.2 80 {\n weight 2\n }\n}\n");
	sync_table(ipvs, &a.t, NULL);
	nl_ipvs_fake_fail(ipvs, "dest edit", ENOENT);
	ck_assert_str_eq(sync_table(ipvs, &b.t, &a.t),
			 "dest edit tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w3\n"
			 "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w3\n");
	cfg_free(&a);
	cfg_free(&b);
	nl_ipvs_close(ipvs);
}
END_TEST

START_TEST(test_flush_at_start)
{
	struct nl_ipvs *ipvs = nl_ipvs_fake_new();
	struct cfg a;
	char err[128];

	add_foreign(ipvs);
	cfg_load(&a, BASE "}\n");
	nl_ipvs_fake_clear_transcript(ipvs);
	ck_assert_int_eq(lvs_reconcile_start(ipvs, &a.t, true, NULL, NULL, err, sizeof(err)), 0);
	ck_assert_str_eq(nl_ipvs_fake_transcript(ipvs),
			 "flush\n"
			 "service add tcp 10.0.0.1:80 rr\n"
			 "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n"
			 "dest add tcp 10.0.0.1:80 -> 192.168.1.2:80 masq w2\n");
	ck_assert_uint_eq(kernel_services(ipvs), 1);
	/* without lvs_flush a leftover foreign service stays */
	add_foreign(ipvs);
	nl_ipvs_fake_clear_transcript(ipvs);
	ck_assert_int_eq(lvs_reconcile_start(ipvs, &a.t, false, NULL, NULL, err, sizeof(err)), 0);
	ck_assert_str_eq(nl_ipvs_fake_transcript(ipvs), "");
	ck_assert_uint_eq(kernel_services(ipvs), 2);
	cfg_free(&a);
	nl_ipvs_close(ipvs);
}
END_TEST

/* The transcript of releasing BASE + SECOND with `how`, with a foreign service present. */
static void
check_release(enum lvs_release how, const char *want, size_t services_left)
{
	struct nl_ipvs *ipvs = nl_ipvs_fake_new();
	struct cfg a;
	char err[128];

	add_foreign(ipvs);
	cfg_load(&a, BASE "}\n" SECOND);
	sync_table(ipvs, &a.t, NULL);
	nl_ipvs_fake_clear_transcript(ipvs);
	ck_assert_int_eq(lvs_reconcile_release(ipvs, &a.t, how, NULL, NULL, err, sizeof(err)), 0);
	ck_assert_str_eq(nl_ipvs_fake_transcript(ipvs), want);
	ck_assert_uint_eq(kernel_services(ipvs), services_left);
	cfg_free(&a);
	nl_ipvs_close(ipvs);
}

START_TEST(test_release_at_stop)
{
	/* the default: services only, their destinations go with them */
	check_release(LVS_RELEASE_SERVICES,
		      "service del tcp 10.0.0.1:80\n"
		      "service del tcp 10.0.0.2:443\n",
		      1);
	check_release(LVS_RELEASE_FLUSH, "flush\n", 0);
	check_release(LVS_RELEASE_KEEP, "", 3); /* -I */
}
END_TEST

START_TEST(test_release_tolerates_missing)
{
	struct nl_ipvs *ipvs = nl_ipvs_fake_new();
	struct cfg a;
	char err[128];

	cfg_load(&a, BASE "}\n");
	/* nothing was programmed (or someone flushed): still a clean stop */
	ck_assert_int_eq(lvs_reconcile_release(ipvs, &a.t, LVS_RELEASE_SERVICES, NULL, NULL, err,
					       sizeof(err)),
			 0);
	cfg_free(&a);
	nl_ipvs_close(ipvs);
}
END_TEST

/* A config of nvs virtual servers 10.1.0.X:80 with nrs real servers each. */
static char *
scale_conf(size_t nvs, size_t nrs)
{
	size_t len = 64 + nvs * (80 + nrs * 64), off = 0, v, r;
	char *buf = malloc(len);

	ck_assert_ptr_nonnull(buf);
	for (v = 0; v < nvs; v++) {
		off += (size_t)snprintf(buf + off, len - off,
					"virtual_server 10.1.%zu.%zu 80 {\n protocol TCP\n"
					" lvs_sched rr\n",
					v / 250, v % 250 + 1);
		for (r = 0; r < nrs; r++)
			off += (size_t)snprintf(buf + off, len - off,
						" real_server 192.168.2.%zu 80 {\n }\n", r + 1);
		off += (size_t)snprintf(buf + off, len - off, "}\n");
	}
	ck_assert_uint_lt(off, len);
	return buf;
}

/* Counts the lines of text that start with prefix. */
static size_t
count_lines(const char *text, const char *prefix)
{
	size_t n = 0;
	const char *p;

	for (p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		n += !strncmp(p, prefix, strlen(prefix));
	return n;
}

/*
 * The stop of a table with many destinations (300 services x 20) is one
 * service delete per service and nothing else; the foreign service and its
 * destination stay. With -I nothing is sent at all.
 */
START_TEST(test_release_scale)
{
	struct nl_ipvs *ipvs = nl_ipvs_fake_new();
	struct nl_ipvs_service foreign = {.af = AF_INET, .protocol = IPPROTO_TCP, .port = 8080};
	struct nl_ipvs_dest *d = NULL;
	char *text = scale_conf(300, 20), err[128];
	const char *tr;
	struct cfg a;
	size_t nd;

	add_foreign(ipvs);
	inet_pton(AF_INET, "10.9.9.9", foreign.addr);
	cfg_load(&a, text);
	ck_assert_uint_eq(a.t.nsvc, 300);
	ck_assert_uint_eq(a.t.svc[299].ndest, 20);
	tr = sync_table(ipvs, &a.t, NULL);
	ck_assert_uint_eq(count_lines(tr, "dest add "), 6000);

	/* -I: the table stays, not one command */
	nl_ipvs_fake_clear_transcript(ipvs);
	nreported = 0;
	ck_assert_int_eq(lvs_reconcile_release(ipvs, &a.t, LVS_RELEASE_KEEP, count_op, NULL, err,
					       sizeof(err)),
			 0);
	ck_assert_str_eq(nl_ipvs_fake_transcript(ipvs), "");
	ck_assert_int_eq(nreported, 0);
	ck_assert_uint_eq(kernel_services(ipvs), 301);

	nl_ipvs_fake_clear_transcript(ipvs);
	ck_assert_int_eq(lvs_reconcile_release(ipvs, &a.t, LVS_RELEASE_SERVICES, count_op, NULL,
					       err, sizeof(err)),
			 0);
	tr = nl_ipvs_fake_transcript(ipvs);
	ck_assert_uint_eq(count_lines(tr, "service del tcp 10.1."), 300);
	ck_assert_uint_eq(count_lines(tr, ""), 300); /* ... and no other line */
	ck_assert_int_eq(nreported, 300);	     /* every answer reported */
	ck_assert_uint_eq(kernel_services(ipvs), 1);
	ck_assert_int_eq(nl_ipvs_dump_dests(ipvs, &foreign, &d, &nd, err, sizeof(err)), 0);
	ck_assert_uint_eq(nd, 1);
	free(d);
	cfg_free(&a);
	free(text);
	nl_ipvs_close(ipvs);
}
END_TEST

/*
 * lvs_reconcile_changes reads back only the services that changed since
 * prev: a hand-made change in an unchanged service is left for the next
 * full pass, while a changed service is diffed against the kernel.
 */
START_TEST(test_changes_reads_only_changed)
{
	struct nl_ipvs *ipvs = nl_ipvs_fake_new();
	struct nl_ipvs_dest extra = {.af = AF_INET, .port = 80, .weight = 1};
	struct nl_ipvs_batch *bt;
	struct cfg a, b;
	char err[128];

	cfg_load(&a, BASE "}\n" SECOND);
	cfg_load(&b, BASE "}\nvirtual_server 10.0.0.2 443 {\n protocol TCP\n lvs_sched wlc\n"
			  " real_server 192.168.1.1 443 {\n weight 4\n }\n}\n");
	sync_table(ipvs, &a.t, NULL);
	inet_pton(AF_INET, "192.168.5.5", extra.addr);
	bt = nl_ipvs_batch_begin(ipvs);
	nl_ipvs_batch_dest(bt, NL_IPVS_DEST_ADD, &a.t.svc[0].svc, &extra, 0);
	ck_assert_int_eq(nl_ipvs_batch_commit(bt, err, sizeof(err)), 0);
	nl_ipvs_batch_free(bt);
	nl_ipvs_fake_clear_transcript(ipvs);
	ck_assert_int_eq(lvs_reconcile_changes(ipvs, &b.t, &a.t, NULL, NULL, err, sizeof(err)), 0);
	ck_assert_str_eq(nl_ipvs_fake_transcript(ipvs),
			 "dest edit tcp 10.0.0.2:443 -> 192.168.1.1:443 masq w4\n");
	/* the full pass repairs the unchanged service */
	ck_assert_str_eq(sync_table(ipvs, &b.t, &b.t),
			 "dest del tcp 10.0.0.1:80 -> 192.168.5.5:80\n");
	cfg_free(&a);
	cfg_free(&b);
	nl_ipvs_close(ipvs);
}
END_TEST

static Suite *
lvs_reconcile_suite(void)
{
	Suite *s = suite_create("lvs_reconcile");
	TCase *tc = tcase_create("diff");

	tcase_add_test(tc, test_unchanged_is_silent);
	tcase_add_test(tc, test_weight_change_one_edit);
	tcase_add_test(tc, test_rs_removed_one_del);
	tcase_add_test(tc, test_scheduler_change_one_edit);
	tcase_add_test(tc, test_service_removed_foreign_untouched);
	tcase_add_test(tc, test_owned_service_repaired);
	tcase_add_test(tc, test_edit_enoent_retried_as_add);
	tcase_add_test(tc, test_changes_reads_only_changed);
	tcase_add_test(tc, test_flush_at_start);
	tcase_add_test(tc, test_release_at_stop);
	tcase_add_test(tc, test_release_tolerates_missing);
	tcase_add_test(tc, test_release_scale);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(lvs_reconcile_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
