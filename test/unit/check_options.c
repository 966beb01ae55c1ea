/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_options: the command line (daemon/options.c) and the parent's
 * respawn back-off.
 */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "daemon/options.h"
#include "daemon/parent.h"

static int
parse(struct vigil_opts *o, char *err, char *const *args)
{
	static char vigild_name[] = "vigild";
	char *argv[32];
	int argc = 0;

	argv[argc++] = vigild_name;
	for (; *args; args++)
		argv[argc++] = *args;
	argv[argc] = NULL;
	return options_parse(argc, argv, o, err, 256);
}

#define PARSE(o, err, ...) parse(o, err, (char *const[]){__VA_ARGS__, NULL})

START_TEST(test_defaults)
{
	struct vigil_opts o;
	char err[256];
	static char name[] = "vigild";
	char *argv[] = {name, NULL};

	ck_assert_int_eq(options_parse(1, argv, &o, err, sizeof(err)), 0);
	ck_assert_int_eq(o.action, VIGIL_RUN);
	ck_assert_str_eq(o.conf_file, "/etc/keepalived/keepalived.conf");
	ck_assert(!o.dont_fork);
	ck_assert_int_eq(o.umask_val, -1);
	ck_assert_uint_eq(o.nlater, 0);
}
END_TEST

START_TEST(test_short_and_long)
{
	struct vigil_opts o;
	char err[256];

	ck_assert_int_eq(PARSE(&o, err, "-n", "-l", "-D", "-G", "-f", "/x.conf", "-P", "-R", "-p",
			       "/a.pid", "-r", "/b.pid", "-c", "/c.pid", "-S", "local2", "-i",
			       "node1", "-V", "-I", "-e"),
			 0);
	ck_assert(o.dont_fork && o.log_console && o.log_detail && o.no_syslog);
	ck_assert(o.vrrp_only && o.dont_respawn && o.dont_release_vrrp && o.dont_release_ipvs);
	ck_assert(o.all_config);
	ck_assert_str_eq(o.conf_file, "/x.conf");
	ck_assert_str_eq(o.pid_file, "/a.pid");
	ck_assert_str_eq(o.vrrp_pid_file, "/b.pid");
	ck_assert_str_eq(o.checker_pid_file, "/c.pid");
	ck_assert_str_eq(o.config_id, "node1");
	ck_assert_int_eq(o.log_facility, LOG_LOCAL2);

	ck_assert_int_eq(PARSE(&o, err, "--use-file=/y.conf", "--check", "--dont-fork",
			       "--log-console", "--all", "--dump-conf", "--umask=022"),
			 0);
	ck_assert_str_eq(o.conf_file, "/y.conf");
	ck_assert(o.checker_only && o.dont_fork && o.log_console && o.all_children);
	ck_assert(o.dump_conf);
	ck_assert_int_eq(o.umask_val, 022);

	/* -g takes an optional argument: attached, separate, or the default. */
	ck_assert_int_eq(PARSE(&o, err, "-g/tmp/a.log"), 0);
	ck_assert_str_eq(o.log_file, "/tmp/a.log");
	ck_assert_int_eq(PARSE(&o, err, "-g", "/tmp/b.log", "-n"), 0);
	ck_assert_str_eq(o.log_file, "/tmp/b.log");
	ck_assert(o.dont_fork);
	ck_assert_int_eq(PARSE(&o, err, "-g", "-n"), 0);
	ck_assert_str_eq(o.log_file, "/tmp/keepalived.log");
	ck_assert_int_eq(PARSE(&o, err, "--log-file=/tmp/c.log"), 0);
	ck_assert_str_eq(o.log_file, "/tmp/c.log");
}
END_TEST

START_TEST(test_config_test)
{
	struct vigil_opts o;
	char err[256];

	ck_assert_int_eq(PARSE(&o, err, "-t", "-f", "k.conf"), 0);
	ck_assert_int_eq(o.action, VIGIL_CONF_TEST);
	ck_assert_ptr_null(o.config_test_file);
	ck_assert_int_eq(PARSE(&o, err, "--config-test=/tmp/out"), 0);
	ck_assert_int_eq(o.action, VIGIL_CONF_TEST);
	ck_assert_str_eq(o.config_test_file, "/tmp/out");
}
END_TEST

START_TEST(test_status)
{
	struct vigil_opts o;
	char err[256];

	ck_assert_int_eq(PARSE(&o, err, "--status"), 0);
	ck_assert_int_eq(o.action, VIGIL_STATUS);
	ck_assert(!o.json);
	ck_assert_int_eq(PARSE(&o, err, "--status", "--json", "-r", "/x/v.pid", "-c", "/x/c.pid"),
			 0);
	ck_assert_int_eq(o.action, VIGIL_STATUS);
	ck_assert(o.json);
	ck_assert_str_eq(o.vrrp_pid_file, "/x/v.pid");
	ck_assert_str_eq(o.checker_pid_file, "/x/c.pid");
}
END_TEST

START_TEST(test_reload)
{
	struct vigil_opts o;
	char err[256];

	/* ExecReload passes the daemon's own options ($VIGILD_OPTIONS) along. */
	ck_assert_int_eq(PARSE(&o, err, "--reload", "-D", "-f", "/x/k.conf", "-p", "/x/p.pid"), 0);
	ck_assert_int_eq(o.action, VIGIL_RELOAD);
	ck_assert_str_eq(o.conf_file, "/x/k.conf");
	ck_assert_str_eq(o.pid_file, "/x/p.pid");
}
END_TEST

START_TEST(test_signum)
{
	struct vigil_opts o;
	char err[256];

	ck_assert_int_eq(PARSE(&o, err, "--signum=RELOAD"), 0);
	ck_assert_int_eq(o.action, VIGIL_SIGNUM);
	ck_assert_int_eq(o.signum, SIGHUP);
	ck_assert_int_eq(options_signum("STOP"), SIGTERM);
	ck_assert_int_eq(options_signum("DATA"), SIGUSR1);
	ck_assert_int_eq(options_signum("STATS"), SIGUSR2);
	ck_assert_int_eq(options_signum("JSON"), SIGRTMIN + 2);
	ck_assert_int_eq(options_signum("STATS_CLEAR"), SIGRTMAX - 1);
	ck_assert_int_eq(options_signum("TDUMP"), SIGRTMAX);
	ck_assert_int_eq(PARSE(&o, err, "--signum=BOGUS"), -1);
	ck_assert_ptr_nonnull(strstr(err, "BOGUS"));
}
END_TEST

START_TEST(test_later_options_are_named)
{
	struct vigil_opts o;
	char err[256];

	ck_assert_int_eq(PARSE(&o, err, "-B", "-X", "-a", "--debug", "-s", "ns1"), 0);
	ck_assert_uint_eq(o.nlater, 5);
	ck_assert_ptr_nonnull(strstr(o.later[0], "-B"));
	ck_assert_ptr_nonnull(strstr(o.later[1], "-X"));
	ck_assert_ptr_nonnull(strstr(o.later[4], "-s"));
	ck_assert_str_eq(o.namespace, "ns1");
}
END_TEST

START_TEST(test_errors)
{
	struct vigil_opts o;
	char err[256];

	ck_assert_int_eq(PARSE(&o, err, "-S", "kern"), -1);
	ck_assert_ptr_nonnull(strstr(err, "kern"));
	ck_assert_int_eq(PARSE(&o, err, "-P", "-C"), -1);
	ck_assert_int_eq(PARSE(&o, err, "--no-such-option"), -1);
	ck_assert_ptr_nonnull(strstr(err, "no-such-option"));
	ck_assert_int_eq(PARSE(&o, err, "-f"), -1);
	ck_assert_int_eq(PARSE(&o, err, "stray"), -1);
	ck_assert_ptr_nonnull(strstr(err, "stray"));
	ck_assert_int_eq(PARSE(&o, err, "-u", "0999"), -1);
}
END_TEST

START_TEST(test_respawn_delay)
{
	unsigned d = 0;
	const unsigned expect[] = {1, 2, 4, 8, 16, 32, 60, 60};

	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
		d = parent_respawn_delay(d, 0.5);
		ck_assert_uint_eq(d, expect[i]);
	}
	/* A child that had run longer than 60 s is restarted at once. */
	ck_assert_uint_eq(parent_respawn_delay(60, 61.0), 0);
	ck_assert_uint_eq(parent_respawn_delay(0, 61.0), 0);
	ck_assert_uint_eq(parent_respawn_delay(0, 59.0), 1);
}
END_TEST

static Suite *
options_suite(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_short_and_long);
	tcase_add_test(tc, test_config_test);
	tcase_add_test(tc, test_status);
	tcase_add_test(tc, test_signum);
	tcase_add_test(tc, test_later_options_are_named);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_respawn_delay);
	tcase_add_test(tc, test_reload);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(options_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
