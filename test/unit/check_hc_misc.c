/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_hc_misc: MISC_CHECK through the whole engine on a real loop, with
 * scripts written to a mkdtemp directory: exit 0 / 1, misc_dynamic
 * weights, misc_timeout killing the whole process group, arguments passed
 * without a shell, `user`, and scripts refused by script security or not
 * found (checker left out, keepalived's log lines).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checker/hc_engine.h"
#include "conf/conf.h"
#include "conf/conf_model.h"
#include "ev/ev.h"
#include "notify/notify_script.h"
#include "test/unit/hc_test_util.h"
#include "util/log.h"

static char rs_extra[1024]; /* real_server lines for run_misc() */

static void
setup(void)
{
	hct_setup();
	hct.last_weight = -1;
	rs_extra[0] = '\0';
}

/* Writes an executable script hct.dir/name with body after a #!/bin/sh line; returns its path. */
static const char *
script(const char *name, const char *body)
{
	static char path[4][160];
	static int k;
	char *p = path[k++ % 4];
	FILE *f;

	snprintf(p, sizeof(path[0]), "%s/%s", hct.dir, name);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	ck_assert_int_eq(chmod(p, 0755), 0);
	return p;
}

/*
 * Runs an engine for ms on one real server (weight 5) whose only checker
 * is a MISC_CHECK with misc_path path and the extra lines; global is put in
 * global_defs. Returns the engine's verdict.
 */
static void
run_misc(const char *global, const char *misc_path, const char *extra, uint64_t ms)
{
	char text[4096];
	struct conf *conf;
	struct hc_engine *e;

	snprintf(text, sizeof(text),
		 "global_defs {\n%s\n}\nvirtual_server 10.0.0.1 80 {\n protocol TCP\n"
		 " delay_loop 0.3\n real_server 127.0.0.1 80 {\n  weight 5\n%s\n  MISC_CHECK {\n"
		 "   misc_path \"%s\"\n   warmup 0\n%s\n  }\n }\n}\n",
		 global, rs_extra, misc_path, extra);
	conf = hct_conf_load(text);
	e = hc_engine_new(hct.loop, conf, hct_on_report, NULL);
	hc_engine_start(e);
	hct_run_ms(ms);
	hc_engine_free(e);
	conf_free(conf);
}

START_TEST(test_exit_codes)
{
	const char *ok = script("ok.sh", "exit 0"), *bad = script("bad.sh", "exit 1");
	char want[512];

	run_misc("", ok, "alpha", 1200);
	ck_assert(hct.last_up);
	snprintf(want, sizeof(want),
		 "Misc check for [[127.0.0.1]:tcp:80 VS [10.0.0.1]:tcp:80] by [%s] succeeded.", ok);
	ck_assert(hct_log_has(want));
	hct.nreports = 0;
	run_misc("", bad, "", 1200);
	ck_assert_int_eq(hct.nreports, 2);
	ck_assert(!hct.last_up);
	snprintf(want, sizeof(want),
		 "Misc check for [[127.0.0.1]:tcp:80 VS [10.0.0.1]:tcp:80] by [%s] failed (exited "
		 "with status 1).",
		 bad);
	ck_assert(hct_log_has(want));
	ck_assert(hct_log_has("MISC_CHECK on service [127.0.0.1]:tcp:80 failed."));
	/* without misc_dynamic, 2-255 fail too */
	run_misc("", script("seven.sh", "exit 7"), "alpha", 1200);
	ck_assert(!hct.last_up);
}
END_TEST

START_TEST(test_dynamic_weight)
{
	char path[160], body[256], seq[512];

	snprintf(path, sizeof(path), "%s/code", hct.dir);
	snprintf(body, sizeof(body), "exit $(cat %s)", path);
	FILE *f = fopen(path, "w");
	fprintf(f, "9\n");
	fclose(f);
	run_misc("", script("dyn.sh", body), "misc_dynamic\n alpha", 1200);
	ck_assert(hct.last_up);
	ck_assert_int_eq(hct.last_weight, 7);
	ck_assert(hct_log_has("Changing weight from 5 to 7 for"));
	/* a fresh engine whose script exits 0: the configured weight */
	f = fopen(path, "w");
	fprintf(f, "0\n");
	fclose(f);
	run_misc("", script("dyn.sh", body), "misc_dynamic\n alpha", 1200);
	ck_assert(hct.last_up);
	ck_assert_int_eq(hct.last_weight, 5);
	/* one engine: exit 9 (weight 7), then exit 0 restores the configured weight,
	 * as keepalived 2.2.7 does (seen in test/vm/scenarios/lvs_verdicts.sh) */
	snprintf(path, sizeof(path), "%s/runs", hct.dir);
	snprintf(seq, sizeof(seq),
		 "n=$(cat %s 2>/dev/null || echo 0)\necho $((n + 1)) >%s\n"
		 "[ \"$n\" != 0 ] || exit 9\nexit 0",
		 path, path);
	run_misc("", script("dyn0.sh", seq), "misc_dynamic\n alpha", 1500);
	ck_assert(hct.last_up);
	ck_assert_int_eq(hct.last_weight, 5);
	ck_assert(hct_log_has("Changing weight from 7 to 5 for"));
}
END_TEST

static bool
pid_gone(pid_t pid)
{
	char path[64];
	const char *st;

	if (kill(pid, 0) < 0 && errno == ESRCH)
		return true;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	st = strrchr(hct_slurp(path), ')');
	return !st || st[2] == 'Z';
}

START_TEST(test_timeout_kills_group)
{
	char body[256], pidfile[160], want[512];
	const char *s;
	pid_t bg;
	int i;

	snprintf(pidfile, sizeof(pidfile), "%s/bg.pid", hct.dir);
	snprintf(body, sizeof(body), "sleep 30 &\necho $! >> %s\nsleep 30", pidfile);
	s = script("slow.sh", body);
	run_misc("", s, "misc_timeout 0.4\n log_all_failures", 4000);
	ck_assert(!hct.last_up);
	snprintf(want, sizeof(want),
		 "Misc check for [[127.0.0.1]:tcp:80 VS [10.0.0.1]:tcp:80] by [%s] timed out.", s);
	ck_assert(hct_log_has(want));
	bg = (pid_t)atoi(hct_slurp(pidfile));
	ck_assert_int_gt(bg, 0);
	/* the first run's background process: killed with its group by the timeout */
	for (i = 0; i < 100 && !pid_gone(bg); i++)
		usleep(10000);
	ck_assert(pid_gone(bg));
}
END_TEST

START_TEST(test_args_without_shell)
{
	char body[256], out[160], cmd[400];
	const char *s;

	snprintf(out, sizeof(out), "%s/args", hct.dir);
	snprintf(body, sizeof(body), "echo \"$#:$1:$2\" > %s", out);
	s = script("args.sh", body);
	snprintf(cmd, sizeof(cmd), "%s a 'b c'", s);
	run_misc("", cmd, "alpha", 1200);
	ck_assert(hct.last_up);
	ck_assert_str_eq(hct_slurp(out), "2:a:b c\n");
}
END_TEST

START_TEST(test_user)
{
	char body[256], out[160];

	if (geteuid() != 0)
		return; /* switching users needs root */
	ck_assert_int_eq(chmod(hct.dir, 0777), 0);
	snprintf(out, sizeof(out), "%s/uid", hct.dir);
	snprintf(body, sizeof(body), "id -un > %s", out);
	run_misc("", script("who.sh", body), "user nobody\n alpha", 1200);
	ck_assert(hct.last_up);
	ck_assert_str_eq(hct_slurp(out), "nobody\n");
}
END_TEST

START_TEST(test_refused_scripts)
{
	char want[256], missing[160];
	const char *s;

	snprintf(missing, sizeof(missing), "%s/nope.sh", hct.dir);
	run_misc("", missing, "", 1200);
	ck_assert_int_eq(hct.nreports, 0); /* no checker left: never reported, always up */
	snprintf(want, sizeof(want), "Disabling misc script %s since not found/accessible",
		 missing);
	ck_assert(hct_log_has(want));
	if (geteuid() != 0)
		return; /* the security check matters for scripts run as root */
	ck_assert_int_eq(chmod(hct.dir, 0777), 0);
	s = script("insecure.sh", "exit 0");
	run_misc("enable_script_security", s, "", 1200);
	ck_assert_int_eq(hct.nreports, 0);
	snprintf(want, sizeof(want), "Disabling misc script %s due to insecure", s);
	ck_assert(hct_log_has(want));
}
END_TEST

/*
 * enable_script_security without script_user, and no user keepalived_script:
 * keepalived removes the script ("Unable to set default user"); so does vigil
 * (it must not fall back to root). With script_user root it runs.
 */
static int
prepare_notify_up(const char *global)
{
	char text[1024];
	struct conf_load_opts o = {.path = "t.conf", .config_id = "unit"};
	struct conf_diags d;
	struct conf *conf;
	struct script_cmd cmd;
	int rc;

	snprintf(text, sizeof(text),
		 "global_defs {\n%s\n}\nvirtual_server 10.0.0.1 80 {\n protocol TCP\n"
		 " real_server 127.0.0.1 80 {\n  notify_up /bin/true\n }\n}\n",
		 global);
	conf_diags_init(&d);
	conf = conf_load_buf("t.conf", text, strlen(text), &o, &d);
	conf_diags_free(&d);
	ck_assert_ptr_nonnull(conf);
	rc = script_cmd_prepare(conf, conf->vs[0]->rs[0]->notify_up, NULL, NULL, "notify_up", &cmd);
	if (rc == 0)
		script_cmd_free(&cmd);
	conf_free(conf);
	return rc;
}

START_TEST(test_security_needs_a_script_user)
{
	if (getpwnam("keepalived_script"))
		return; /* that user would be the default */
	ck_assert_int_eq(prepare_notify_up("enable_script_security"), -1);
	ck_assert(hct_log_has("enable_script_security without script_user"));
	ck_assert_int_eq(prepare_notify_up("enable_script_security\nscript_user root"), 0);
	ck_assert_int_eq(prepare_notify_up(""), 0); /* no script security: root, as keepalived */
}
END_TEST

START_TEST(test_notify_scripts)
{
	char up[160], down[160], body[512], mark[160], want[512];
	const char *flip;

	/* passes once (alpha: up), then fails (down) */
	snprintf(mark, sizeof(mark), "%s/ran", hct.dir);
	snprintf(body, sizeof(body), "[ -e %s ] && exit 1\ntouch %s\nexit 0", mark, mark);
	flip = script("flip.sh", body);
	snprintf(body, sizeof(body), "echo up >> %s/events", hct.dir);
	snprintf(up, sizeof(up), "%s", script("up.sh", body));
	snprintf(body, sizeof(body), "echo down >> %s/events", hct.dir);
	snprintf(down, sizeof(down), "%s", script("down.sh", body));
	snprintf(rs_extra, sizeof(rs_extra), "  notify_up %s\n  notify_down %s", up, down);
	run_misc("", flip, "alpha", 1500);
	ck_assert(!hct.last_up);
	ck_assert_int_eq(hct.nreports, 3);
	snprintf(want, sizeof(want), "%s/events", hct.dir);
	ck_assert_str_eq(hct_slurp(want), "up\ndown\n");
}
END_TEST

static Suite *
hc_misc_suite(void)
{
	Suite *s = suite_create("hc_misc");
	TCase *tc = tcase_create("misc");

	tcase_add_checked_fixture(tc, setup, hct_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_exit_codes);
	tcase_add_test(tc, test_dynamic_weight);
	tcase_add_test(tc, test_timeout_kills_group);
	tcase_add_test(tc, test_args_without_shell);
	tcase_add_test(tc, test_user);
	tcase_add_test(tc, test_refused_scripts);
	tcase_add_test(tc, test_notify_scripts);
	tcase_add_test(tc, test_security_needs_a_script_user);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return hct_run_suite(hc_misc_suite());
}
