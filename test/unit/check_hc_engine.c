/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_hc_engine: the health-check engine's scheduling and verdict
 * semantics on a fake clock, with a scripted check type standing in for
 * TCP_CHECK: first run and warmup spread, retry counting and
 * delay_before_retry, delay_loop while up and down, alpha, all checkers
 * must pass, dynamic weights, inhibit_on_failure wording, ha_suspend,
 * reload carrying state over, and keepalived's log lines (read back from a
 * log file).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checker/hc_engine.h"
#include "checker/hc_priv.h"
#include "conf/conf.h"
#include "ev/ev.h"
#include "util/log.h"

#define SEC EV_USEC_PER_SEC
#define MS  1000ULL

/* --- fake clock, loop, log --------------------------------------------------------------- */

static uint64_t fake_now;
static struct ev_loop *loop;
static char logpath[64];

static uint64_t
fake_clock(void *ctx)
{
	(void)ctx;
	return fake_now;
}

/* Runs the loop in 1 ms steps up to the absolute fake time `to`. */
static void
run_until(uint64_t to)
{
	while (fake_now < to) {
		fake_now += MS;
		ev_run_once(loop, 0);
	}
}

static void
setup(void)
{
	struct log_opts lo = {.no_syslog = true};
	int fd;

	strcpy(logpath, "/tmp/check_hc_engine.XXXXXX");
	fd = mkstemp(logpath);
	ck_assert_int_ge(fd, 0);
	close(fd);
	lo.file = logpath;
	log_init(&lo, LOG_PROC_PARENT);
	loop = ev_loop_new();
	ck_assert_ptr_nonnull(loop);
	fake_now = 1000 * SEC;
	ev_loop_set_clock(loop, fake_clock, NULL);
	ev_now_update(loop);
}

static void
teardown(void)
{
	ev_loop_free(loop);
	log_close();
	unlink(logpath);
	hc_engine_set_ops(CONF_CHECK_TCP, NULL);
}

static bool
log_has(const char *needle)
{
	static char buf[1 << 16];
	FILE *f = fopen(logpath, "r");
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

/* --- scripted check type: result per connect_port, runs recorded ------------------------- */

#define NPORTS 64
static enum hc_result result_of[NPORTS];
static uint64_t runs_at[NPORTS][64];
static size_t nruns[NPORTS];
static struct hc_checker *last_checker[NPORTS];

static void
fake_start(struct hc_checker *c)
{
	unsigned p = c->conf->connect_port % NPORTS;

	if (nruns[p] < 64)
		runs_at[p][nruns[p]] = ev_now(loop) - 1000 * SEC;
	nruns[p]++;
	last_checker[p] = c;
	hc_checker_done(c, result_of[p],
			result_of[p] == HC_RES_DOWN ? "fake %u failed." : "fake %u ok.", p);
}

static bool
fake_same(const struct conf_checker *a, const struct conf_checker *b)
{
	(void)a, (void)b;
	return true;
}

static const struct hc_ops fake_ops = {
	.name = "TCP_CHECK",
	.start = fake_start,
	.same_as = fake_same,
};

/* --- reports ----------------------------------------------------------------------------- */

struct report {
	size_t vs, rs;
	bool up;
	int weight;
};
static struct report reports[256];
static size_t nreports;

static void
on_report(void *arg, size_t vs, size_t rs, bool up, int weight)
{
	(void)arg;
	ck_assert_uint_lt(nreports, 256);
	reports[nreports++] = (struct report){vs, rs, up, weight};
}

static struct conf *
load(const char *text)
{
	struct conf_load_opts o = {.path = "t.conf", .config_id = "unit"};
	struct conf_diags d;
	struct conf *conf;
	size_t i;

	conf_diags_init(&d);
	conf = conf_load_buf("t.conf", text, strlen(text), &o, &d);
	for (i = 0; i < d.n; i++)
		if (d.v[i].level >= CONF_DIAG_WARNING)
			ck_abort_msg("config error: %s", d.v[i].msg);
	conf_diags_free(&d);
	ck_assert_ptr_nonnull(conf);
	return conf;
}

static struct hc_engine *
engine(const struct conf *conf)
{
	memset(result_of, 0, sizeof(result_of));
	memset(nruns, 0, sizeof(nruns));
	nreports = 0;
	hc_engine_set_ops(CONF_CHECK_TCP, &fake_ops);
	return hc_engine_new(loop, conf, on_report, NULL);
}

/* One VS, one RS on port 8001; CHECKER_OPTS inside TCP_CHECK. */
#define ONE_RS(vs_opts, rs_opts, chk_opts)                                                         \
	"virtual_server 10.0.0.1 80 {\n protocol TCP\n " vs_opts "\n"                              \
	" real_server 127.0.0.1 8001 {\n  weight 5\n " rs_opts "\n"                                \
	"  TCP_CHECK {\n   " chk_opts "\n  }\n }\n}\n"

/* --- tests ------------------------------------------------------------------------------- */

START_TEST(test_first_failure_takes_non_alpha_down)
{
	struct conf *conf =
		load(ONE_RS("delay_loop 10", "", "retry 2\n delay_before_retry 1\n warmup 0"));
	struct hc_engine *e = engine(conf);

	result_of[1] = HC_RES_DOWN;
	hc_engine_start(e);
	ck_assert_uint_eq(nreports, 1);
	ck_assert(reports[0].up);
	ck_assert_int_eq(reports[0].weight, 5);
	run_until(fake_now + 999 * MS);
	ck_assert_uint_eq(nruns[1], 0);
	run_until(fake_now + 1 * MS);
	ck_assert_uint_eq(nruns[1], 1);
	ck_assert_uint_eq(runs_at[1][0], 1 * SEC);
	ck_assert_uint_eq(nreports, 2);
	ck_assert(!reports[1].up);
	ck_assert(!hc_engine_rs_up(e, 0, 0));
	ck_assert(log_has("fake 1 failed."));
	ck_assert(log_has("TCP_CHECK on service [127.0.0.1]:tcp:8001 failed after 2 retries."));
	ck_assert(log_has("Removing service [127.0.0.1]:tcp:8001 from VS [10.0.0.1]:tcp:80"));
	/* Down: every delay_loop. */
	run_until(1000 * SEC + 31 * SEC);
	ck_assert_uint_eq(nruns[1], 4);
	ck_assert_uint_eq(runs_at[1][1], 11 * SEC);
	ck_assert_uint_eq(runs_at[1][3], 31 * SEC);
	ck_assert_uint_eq(nreports, 2);
	/* First pass brings it up. */
	result_of[1] = HC_RES_UP;
	run_until(1000 * SEC + 41 * SEC);
	ck_assert_uint_eq(nreports, 3);
	ck_assert(reports[2].up);
	ck_assert(log_has("fake 1 ok."));
	ck_assert(log_has("Adding service [127.0.0.1]:tcp:8001 to VS [10.0.0.1]:tcp:80"));
	hc_engine_free(e);
	conf_free(conf);
}
END_TEST

START_TEST(test_retry_counting)
{
	struct conf *conf =
		load(ONE_RS("delay_loop 10", "", "retry 2\n delay_before_retry 3\n warmup 0"));
	struct hc_engine *e = engine(conf);

	hc_engine_start(e);
	run_until(1000 * SEC + 1 * SEC); /* pass at 1 s: retry count reset */
	ck_assert_uint_eq(nruns[1], 1);
	result_of[1] = HC_RES_DOWN;
	run_until(1000 * SEC + 11 * SEC); /* failure 1 at 11 s */
	ck_assert_uint_eq(nreports, 1);
	run_until(1000 * SEC + 17 * SEC); /* retries at 14 s and 17 s */
	ck_assert_uint_eq(nruns[1], 4);
	ck_assert_uint_eq(runs_at[1][2], 14 * SEC);
	ck_assert_uint_eq(runs_at[1][3], 17 * SEC);
	ck_assert_uint_eq(nreports, 2); /* down after retry + 1 failures */
	ck_assert(!reports[1].up);
	/* A pass during retries resets the count. */
	result_of[1] = HC_RES_UP;
	run_until(1000 * SEC + 27 * SEC);
	ck_assert_uint_eq(nreports, 3);
	result_of[1] = HC_RES_DOWN;
	run_until(1000 * SEC + 37 * SEC + 3 * SEC); /* fail 37, retry 40 */
	result_of[1] = HC_RES_UP;
	run_until(1000 * SEC + 43 * SEC); /* pass at 43 */
	ck_assert_uint_eq(runs_at[1][nruns[1] - 1], 43 * SEC);
	result_of[1] = HC_RES_DOWN;
	run_until(1000 * SEC + 53 * SEC + 3 * SEC); /* fail 53, retry 56: still up */
	ck_assert_uint_eq(nreports, 3);
	run_until(1000 * SEC + 59 * SEC);
	ck_assert_uint_eq(nreports, 4);
	ck_assert(!reports[3].up);
	hc_engine_free(e);
	conf_free(conf);
}
END_TEST

START_TEST(test_retry_zero_and_log_all_failures)
{
	struct conf *conf =
		load(ONE_RS("delay_loop 5", "", "retry 0\n warmup 0\n log_all_failures"));
	struct hc_engine *e = engine(conf);

	hc_engine_start(e);
	run_until(1000 * SEC + 1 * SEC);
	result_of[1] = HC_RES_DOWN;
	run_until(1000 * SEC + 6 * SEC);
	ck_assert_uint_eq(nreports, 2);
	ck_assert(log_has("TCP_CHECK on service [127.0.0.1]:tcp:8001 failed."));
	ck_assert(!log_has("failed after"));
	hc_engine_free(e);
	conf_free(conf);
}
END_TEST

START_TEST(test_alpha_starts_down)
{
	struct conf *conf = load(ONE_RS("delay_loop 10", "", "alpha\n retry 1\n warmup 0"));
	struct hc_engine *e = engine(conf);

	result_of[1] = HC_RES_DOWN;
	hc_engine_start(e);
	ck_assert_uint_eq(nreports, 1);
	ck_assert(!reports[0].up);
	run_until(1000 * SEC + 21 * SEC); /* 1, 11, 21: no retries while down */
	ck_assert_uint_eq(nruns[1], 3);
	ck_assert_uint_eq(nreports, 1);
	ck_assert(!log_has("failed after"));
	result_of[1] = HC_RES_UP;
	run_until(1000 * SEC + 31 * SEC);
	ck_assert_uint_eq(nreports, 2);
	ck_assert(reports[1].up);
	hc_engine_free(e);
	conf_free(conf);
}
END_TEST

START_TEST(test_warmup_spread)
{
	char text[16384];
	size_t len, i;
	struct conf *conf;
	struct hc_engine *e;
	uint64_t lo = UINT64_MAX, hi = 0;

	len = (size_t)snprintf(text, sizeof(text),
			       "virtual_server 10.0.0.1 80 {\n protocol TCP\n delay_loop 60\n");
	for (i = 0; i < 40; i++)
		len += (size_t)snprintf(
			text + len, sizeof(text) - len,
			" real_server 127.0.0.1 %zu {\n TCP_CHECK { warmup 10 }\n }\n", 8001 + i);
	snprintf(text + len, sizeof(text) - len, "}\n");
	conf = load(text);
	e = engine(conf);
	hc_engine_start(e);
	run_until(1000 * SEC + 12 * SEC);
	for (i = 1; i <= 40; i++) {
		ck_assert_uint_eq(nruns[i], 1);
		lo = runs_at[i][0] < lo ? runs_at[i][0] : lo;
		hi = runs_at[i][0] > hi ? runs_at[i][0] : hi;
	}
	ck_assert_uint_ge(lo, 1 * SEC);
	ck_assert_uint_le(hi, 11 * SEC + MS);
	ck_assert_uint_gt(hi - lo, 2 * SEC); /* spread, not all at once */
	hc_engine_free(e);
	conf_free(conf);
}
END_TEST

START_TEST(test_all_checkers_must_pass)
{
	struct conf *conf = load("virtual_server 10.0.0.1 80 {\n protocol TCP\n delay_loop 10\n"
				 " real_server 127.0.0.1 8001 {\n"
				 "  TCP_CHECK {\n connect_port 8001\n retry 0\n warmup 0\n }\n"
				 "  TCP_CHECK {\n connect_port 8002\n retry 0\n warmup 0\n }\n"
				 " }\n}\n");
	struct hc_engine *e = engine(conf);

	hc_engine_start(e);
	run_until(1000 * SEC + 1 * SEC);
	ck_assert_uint_eq(nreports, 1);
	result_of[2] = HC_RES_DOWN;
	run_until(1000 * SEC + 11 * SEC);
	ck_assert_uint_eq(nreports, 2);
	ck_assert(!reports[1].up);
	result_of[1] = HC_RES_DOWN;
	run_until(1000 * SEC + 21 * SEC);
	ck_assert_uint_eq(nreports, 2); /* already down */
	result_of[1] = HC_RES_UP;
	run_until(1000 * SEC + 31 * SEC);
	ck_assert_uint_eq(nreports, 2); /* 8002 still down */
	ck_assert(!hc_engine_rs_up(e, 0, 0));
	result_of[2] = HC_RES_UP;
	run_until(1000 * SEC + 41 * SEC);
	ck_assert_uint_eq(nreports, 3);
	ck_assert(reports[2].up);
	hc_engine_free(e);
	conf_free(conf);
}
END_TEST

START_TEST(test_inhibit_and_weight)
{
	struct conf *conf =
		load(ONE_RS("delay_loop 10", "inhibit_on_failure", "retry 0\n warmup 0"));
	struct hc_engine *e = engine(conf);

	hc_engine_start(e);
	run_until(1000 * SEC + 1 * SEC);
	hc_checker_set_weight(last_checker[1], true, 7);
	ck_assert_uint_eq(nreports, 2);
	ck_assert_int_eq(reports[1].weight, 12);
	ck_assert(log_has("Changing weight from 5 to 12 for active service [127.0.0.1]:tcp:8001"));
	hc_checker_set_weight(last_checker[1], true, -100);
	ck_assert_int_eq(reports[2].weight, 0);
	result_of[1] = HC_RES_DOWN;
	run_until(1000 * SEC + 11 * SEC);
	ck_assert(log_has("Disabling service [127.0.0.1]:tcp:8001 from VS [10.0.0.1]:tcp:80"));
	result_of[1] = HC_RES_UP;
	run_until(1000 * SEC + 21 * SEC);
	ck_assert(log_has("Enabling service [127.0.0.1]:tcp:8001 to VS [10.0.0.1]:tcp:80"));
	hc_engine_free(e);
	conf_free(conf);
}
END_TEST

START_TEST(test_suspend_resume)
{
	struct conf *conf = load(ONE_RS("delay_loop 10\n ha_suspend", "", "warmup 0"));
	struct hc_engine *e = engine(conf);

	hc_engine_start(e);
	run_until(1000 * SEC + 1 * SEC);
	ck_assert_uint_eq(nruns[1], 1);
	hc_engine_suspend_vs(e, 0, true);
	run_until(1000 * SEC + 60 * SEC);
	ck_assert_uint_eq(nruns[1], 1);
	hc_engine_suspend_vs(e, 0, false);
	run_until(1000 * SEC + 61 * SEC);
	ck_assert_uint_eq(nruns[1], 2);
	hc_engine_free(e);
	conf_free(conf);
}
END_TEST

START_TEST(test_reload_carries_state)
{
	struct conf *c1 =
		load("virtual_server 10.0.0.1 80 {\n protocol TCP\n delay_loop 10\n"
		     " real_server 127.0.0.1 8001 {\n TCP_CHECK {\n retry 0\n warmup 0\n }\n }\n"
		     " real_server 127.0.0.1 8002 {\n TCP_CHECK {\n retry 0\n warmup 0\n }\n }\n"
		     "}\n");
	struct conf *c2 =
		load("virtual_server 10.0.0.9 80 {\n protocol TCP\n delay_loop 10\n"
		     " real_server 127.0.0.1 8003 {\n TCP_CHECK {\n retry 0\n warmup 0\n }\n }\n"
		     "}\n"
		     "virtual_server 10.0.0.1 80 {\n protocol TCP\n delay_loop 10\n"
		     " real_server 127.0.0.1 8002 {\n TCP_CHECK {\n retry 0\n warmup 0\n }\n }\n"
		     " real_server 127.0.0.1 8001 {\n TCP_CHECK {\n connect_port 8011\n"
		     " retry 0\n warmup 0\n }\n }\n"
		     "}\n");
	struct hc_engine *e = engine(c1);

	result_of[2] = HC_RES_DOWN;
	result_of[11] = HC_RES_UP;
	hc_engine_start(e);
	run_until(1000 * SEC + 5 * SEC);
	ck_assert(!hc_engine_rs_up(e, 0, 1));
	nreports = 0;
	hc_engine_reload(e, c2);
	conf_free(c1);
	ck_assert_uint_eq(nreports, 3);
	/* 8003 new (up), 8002 carried (down, now vs 1 rs 0), 8001's checker changed: fresh (up). */
	ck_assert(reports[0].vs == 0 && reports[0].rs == 0 && reports[0].up);
	ck_assert(reports[1].vs == 1 && reports[1].rs == 0 && !reports[1].up);
	ck_assert(reports[2].vs == 1 && reports[2].rs == 1 && reports[2].up);
	/* The carried checker keeps its schedule: next run at 11 s, not 1 s + warmup. */
	run_until(1000 * SEC + 10 * SEC);
	ck_assert_uint_eq(nruns[2], 1);
	ck_assert_uint_eq(nruns[11], 1); /* fresh checker: 5 s + 1 s */
	ck_assert_uint_eq(runs_at[11][0], 6 * SEC);
	run_until(1000 * SEC + 11 * SEC);
	ck_assert_uint_eq(nruns[2], 2);
	hc_engine_free(e);
	conf_free(c2);
}
END_TEST

static Suite *
hc_engine_suite(void)
{
	Suite *s = suite_create("hc_engine");
	TCase *tc = tcase_create("sched");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_first_failure_takes_non_alpha_down);
	tcase_add_test(tc, test_retry_counting);
	tcase_add_test(tc, test_retry_zero_and_log_all_failures);
	tcase_add_test(tc, test_alpha_starts_down);
	tcase_add_test(tc, test_warmup_spread);
	tcase_add_test(tc, test_all_checkers_must_pass);
	tcase_add_test(tc, test_inhibit_and_weight);
	tcase_add_test(tc, test_suspend_resume);
	tcase_add_test(tc, test_reload_carries_state);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(hc_engine_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
