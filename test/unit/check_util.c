/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_util: unit tests for lib/util (log helpers, pid files, xalloc).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "util/log.h"
#include "util/pidfile.h"
#include "util/xalloc.h"

static char tmpdir[64];

static void
make_tmpdir(void)
{
	strcpy(tmpdir, "/tmp/check_util.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

START_TEST(test_log_child_file_name)
{
	char *s;

	s = log_child_file_name("/var/log/keepalived.log", LOG_PROC_VRRP);
	ck_assert_str_eq(s, "/var/log/keepalived_vrrp.log");
	free(s);
	s = log_child_file_name("/var/log/keepalived.log", LOG_PROC_CHECKER);
	ck_assert_str_eq(s, "/var/log/keepalived_healthcheckers.log");
	free(s);
	/* A dot in a directory name is not an extension. */
	s = log_child_file_name("/var/log.d/keepalived", LOG_PROC_VRRP);
	ck_assert_str_eq(s, "/var/log.d/keepalived_vrrp");
	free(s);
	s = log_child_file_name("/tmp/.hidden", LOG_PROC_VRRP);
	ck_assert_str_eq(s, "/tmp/.hidden_vrrp");
	free(s);
}
END_TEST

START_TEST(test_log_facility)
{
	ck_assert_int_eq(log_parse_facility("0"), LOG_LOCAL0);
	ck_assert_int_eq(log_parse_facility("7"), LOG_LOCAL7);
	ck_assert_int_eq(log_parse_facility("local3"), LOG_LOCAL3);
	ck_assert_int_eq(log_parse_facility("LOCAL5"), LOG_LOCAL5);
	ck_assert_int_eq(log_parse_facility("daemon"), LOG_DAEMON);
	ck_assert_int_eq(log_parse_facility("user"), LOG_USER);
	ck_assert_int_eq(log_parse_facility("8"), -1);
	ck_assert_int_eq(log_parse_facility("local8"), -1);
	ck_assert_int_eq(log_parse_facility("kern"), -1);
	ck_assert_int_eq(log_parse_facility(""), -1);
}
END_TEST

START_TEST(test_log_idents)
{
	ck_assert_str_eq(log_ident(LOG_PROC_PARENT), "Keepalived");
	ck_assert_str_eq(log_ident(LOG_PROC_VRRP), "Keepalived_vrrp");
	ck_assert_str_eq(log_ident(LOG_PROC_CHECKER), "Keepalived_healthcheckers");
}
END_TEST

START_TEST(test_log_file_output)
{
	char path[128], line[512];
	FILE *f;

	make_tmpdir();
	snprintf(path, sizeof(path), "%s/k.log", tmpdir);
	log_init(&(struct log_opts){.no_syslog = true, .file = path}, LOG_PROC_PARENT);
	log_info("hello %d", 42);
	log_detail("hidden detail");
	log_set_process(LOG_PROC_VRRP);
	log_info("from vrrp");
	log_close();

	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	ck_assert_ptr_nonnull(strstr(line, "Keepalived: hello 42"));
	ck_assert_ptr_null(fgets(line, sizeof(line), f)); /* detail off, vrrp went elsewhere */
	fclose(f);
	snprintf(path, sizeof(path), "%s/k_vrrp.log", tmpdir);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	ck_assert_ptr_nonnull(strstr(line, "Keepalived_vrrp: from vrrp"));
	fclose(f);
}
END_TEST

START_TEST(test_pidfile_roundtrip)
{
	char path[128];

	make_tmpdir();
	snprintf(path, sizeof(path), "%s/x.pid", tmpdir);
	ck_assert_int_eq(pidfile_read(path), -ENOENT);
	ck_assert_int_eq(pidfile_write(path, 12345), 0);
	ck_assert_int_eq(pidfile_read(path), 12345);
	pidfile_remove(path);
	ck_assert_int_eq(pidfile_read(path), -ENOENT);
	pidfile_remove(path); /* missing is fine */
}
END_TEST

START_TEST(test_pidfile_junk)
{
	char path[128];
	FILE *f;

	make_tmpdir();
	snprintf(path, sizeof(path), "%s/junk.pid", tmpdir);
	f = fopen(path, "w");
	fputs("12ab\n", f);
	fclose(f);
	ck_assert_int_eq(pidfile_read(path), -EINVAL);
	ck_assert_int_eq(pidfile_live(path), 0);
	f = fopen(path, "w");
	fputs("-5\n", f);
	fclose(f);
	ck_assert_int_eq(pidfile_read(path), -EINVAL);
}
END_TEST

START_TEST(test_pidfile_live)
{
	char path[128];
	pid_t child;
	int st;

	make_tmpdir();
	snprintf(path, sizeof(path), "%s/live.pid", tmpdir);
	/* Our own pid never counts as "another instance". */
	ck_assert_int_eq(pidfile_write(path, getpid()), 0);
	ck_assert_int_eq(pidfile_live(path), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	ck_assert_int_eq(pidfile_write(path, child), 0);
	ck_assert_int_eq(pidfile_live(path), child);
	kill(child, SIGKILL);
	waitpid(child, &st, 0);
	ck_assert_int_eq(pidfile_live(path), 0); /* stale pid file */
}
END_TEST

START_TEST(test_xgrow)
{
	int *v = NULL;
	size_t cap = 0;

	xgrow((void **)&v, &cap, 1, sizeof(*v));
	ck_assert_uint_ge(cap, 1);
	xgrow((void **)&v, &cap, 1000, sizeof(*v));
	ck_assert_uint_ge(cap, 1000);
	for (int i = 0; i < 1000; i++)
		v[i] = i;
	ck_assert_int_eq(v[999], 999);
	free(v);
	char *s = xasprintf("%s-%d", "a", 7);
	ck_assert_str_eq(s, "a-7");
	free(s);
	s = xstrndup("abcdef", 3);
	ck_assert_str_eq(s, "abc");
	free(s);
}
END_TEST

static Suite *
util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_log_child_file_name);
	tcase_add_test(tc, test_log_facility);
	tcase_add_test(tc, test_log_idents);
	tcase_add_test(tc, test_log_file_output);
	tcase_add_test(tc, test_pidfile_roundtrip);
	tcase_add_test(tc, test_pidfile_junk);
	tcase_add_test(tc, test_pidfile_live);
	tcase_add_test(tc, test_xgrow);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(util_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
