/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_hc_local: the checkers that need no server of ours: PING_CHECK to
 * the loopback addresses (and, as root, in a private network namespace:
 * loopback down fails, loopback up with ping sockets allowed passes), and
 * FILE_CHECK following a track file through inotify (plain, dynamic
 * weights, reverse, init_file).
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checker/hc_engine.h"
#include "conf/conf.h"
#include "ev/ev.h"
#include "test/unit/hc_test_util.h"

static char valpath[160];
static struct conf *conf;
static struct hc_engine *engine;

static void
setup(void)
{
	hct_setup();
	snprintf(valpath, sizeof(valpath), "%s/value", hct.dir);
	hct.last_weight = -1;
}

static void
stop_engine(void)
{
	hc_engine_free(engine);
	conf_free(conf);
	engine = NULL;
	conf = NULL;
}

static void
teardown(void)
{
	stop_engine();
	hct_teardown();
}

/* Starts an engine on: track_file tf for dir/value, and one real server rs with checker. */
static void
start_engine(const char *rs, const char *checker, const char *tf_extra)
{
	char text[4096];

	snprintf(text, sizeof(text),
		 "track_file tf {\n file \"%s\"\n%s\n}\n"
		 "virtual_server %s 80 {\n protocol TCP\n delay_loop 0.3\n"
		 " real_server %s 80 {\n  weight 5\n%s\n }\n}\n",
		 valpath, tf_extra, strchr(rs, ':') ? "2001:db8::1" : "10.0.0.1", rs, checker);
	conf = hct_conf_load(text);
	engine = hc_engine_new(hct.loop, conf, hct_on_report, NULL);
	hc_engine_start(engine);
}

/* Replaces the value file: written in place, or atomically through a rename. */
static void
set_value(const char *v, bool rename_it)
{
	char tmp[192];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", valpath);
	f = fopen(rename_it ? tmp : valpath, "w");
	ck_assert_ptr_nonnull(f);
	fputs(v, f);
	fclose(f);
	if (rename_it)
		ck_assert_int_eq(rename(tmp, valpath), 0);
}

/* --- PING_CHECK -------------------------------------------------------------------------- */

#define PING "PING_CHECK {\n connect_timeout 0.3\n warmup 0\n retry 1\n delay_before_retry 0.1\n"

START_TEST(test_ping_loopback)
{
	start_engine("127.0.0.1", PING " alpha\n}", "");
	hct_run_ms(1200);
	ck_assert(hct.last_up);
	ck_assert(hct_log_has("ICMP connection to [127.0.0.1] success."));
	stop_engine();
	start_engine("::1", PING " alpha\n}", "");
	hct_run_ms(1200);
	ck_assert(hct.last_up);
	ck_assert(hct_log_has("ICMP connection to [::1] success."));
}
END_TEST

static void
lo_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	ck_assert_int_eq(ioctl(fd, SIOCGIFFLAGS, &ifr), 0);
	ifr.ifr_flags |= IFF_UP;
	ck_assert_int_eq(ioctl(fd, SIOCSIFFLAGS, &ifr), 0);
	close(fd);
}

START_TEST(test_ping_private_namespace)
{
	FILE *f;

	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0)
		return; /* needs root; the namespace is this forked test's only */
	start_engine("127.0.0.1", PING "}", "");
	hct_run_ms(1300); /* loopback is down: fails, retries, down */
	ck_assert(!hct.last_up);
	ck_assert(hct_log_has("ICMP CHECK on service [127.0.0.1] failed after 1 retries."));
	stop_engine();
	lo_up();
	f = fopen("/proc/sys/net/ipv4/ping_group_range", "w");
	ck_assert_ptr_nonnull(f);
	fputs("0 2147483647\n", f); /* ping sockets allowed: the unprivileged path */
	fclose(f);
	start_engine("127.0.0.1", PING " alpha\n}", "");
	hct_run_ms(1200);
	ck_assert(hct.last_up);
}
END_TEST

/* --- FILE_CHECK -------------------------------------------------------------------------- */

START_TEST(test_file_plain)
{
	set_value("0\n", false);
	start_engine("127.0.0.1", "FILE_CHECK {\n track_file tf\n}", "");
	ck_assert_int_eq(hct.nreports, 1);
	ck_assert(hct.last_up);
	set_value("1\n", false);
	hct_run_ms(200);
	ck_assert_int_eq(hct.nreports, 2);
	ck_assert(!hct.last_up);
	ck_assert(hct_log_has(
		"FILE_CHECK on service [127.0.0.1]:tcp:80: track file tf value 1, down"));
	ck_assert(hct_log_has("Removing service [127.0.0.1]:tcp:80 from VS [10.0.0.1]:tcp:80"));
	set_value("0\n", true);
	hct_run_ms(200);
	ck_assert(hct.last_up);
	unlink(valpath); /* a missing file reads as 0 */
	hct_run_ms(200);
	ck_assert(hct.last_up);
	stop_engine();
	/* reverse: up while the value is not 0 */
	set_value("0\n", false);
	start_engine("127.0.0.1", "FILE_CHECK {\n track_file tf\n weight 1 reverse\n}", "");
	ck_assert(!hct.last_up);
}
END_TEST

START_TEST(test_file_dynamic)
{
	set_value("2\n", false);
	start_engine("127.0.0.1", "FILE_CHECK {\n track_file tf\n weight 3\n dynamic\n}", "");
	ck_assert(hct.last_up);
	ck_assert_int_eq(hct.last_weight, 11);
	set_value("-1\n", true);
	hct_run_ms(200);
	ck_assert(hct.last_up);
	ck_assert_int_eq(hct.last_weight, 2);
	ck_assert(
		hct_log_has("Changing weight from 11 to 2 for active service [127.0.0.1]:tcp:80"));
	stop_engine();
	set_value("2\n", false);
	start_engine("127.0.0.1", "FILE_CHECK {\n track_file tf\n weight 3 reverse\n dynamic\n}",
		     "");
	ck_assert(hct.last_up);
	ck_assert_int_eq(hct.last_weight, 0); /* 5 - 6, clamped */
}
END_TEST

START_TEST(test_file_init)
{
	char buf[32] = "";
	FILE *f;

	start_engine("127.0.0.1", "FILE_CHECK {\n track_file tf\n}", " init_file 3");
	ck_assert(!hct.last_up);
	f = fopen(valpath, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
	fclose(f);
	ck_assert_str_eq(buf, "3\n");
}
END_TEST

static Suite *
hc_local_suite(void)
{
	Suite *s = suite_create("hc_local");
	TCase *tc = tcase_create("ping");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_ping_loopback);
	tcase_add_test(tc, test_ping_private_namespace);
	suite_add_tcase(s, tc);
	tc = tcase_create("file");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_file_plain);
	tcase_add_test(tc, test_file_dynamic);
	tcase_add_test(tc, test_file_init);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return hct_run_suite(hc_local_suite());
}
