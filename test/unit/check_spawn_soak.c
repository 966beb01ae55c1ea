/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_spawn_soak: the spawner's process hygiene, checked through /proc
 * rather than through its own bookkeeping: a script that times out takes
 * its whole process group with it (a grandchild sleeping in the background,
 * also one that ignores SIGTERM), and 1,000 runs (exits, failures, shell
 * lines, timeouts, 50 at a time) leave no zombie and no process behind:
 * after each batch no process in /proc has this test as parent.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ev/ev.h"
#include "util/spawn.h"

static int ndone;
static struct spawn_result last;

static void
done_cb(struct spawn_proc *p, const struct spawn_result *r, void *arg)
{
	int *status_out = arg;

	(void)p;
	ndone++;
	last = *r;
	if (status_out)
		*status_out = r->status;
}

/* Fields 3 (state), 4 (ppid) and 5 (pgrp) of /proc/PID/stat; -1 when gone. */
static int
proc_stat(const char *pid, char *state, long *ppid, long *pgrp)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* the command name may hold spaces and parentheses */
	if (!p || sscanf(p + 1, " %c %ld %ld", state, ppid, pgrp) != 3)
		return -1;
	return 0;
}

/* Processes whose parent is us (zombies included), or whose group is pgrp (when > 0). */
static int
count_procs(long pgrp, int *zombies)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	*zombies = 0;
	while ((e = readdir(d))) {
		char state;
		long ppid, grp;

		if (e->d_name[0] < '1' || e->d_name[0] > '9' ||
		    proc_stat(e->d_name, &state, &ppid, &grp) < 0)
			continue;
		if (pgrp > 0 ? grp == pgrp : ppid == (long)getpid()) {
			n++;
			if (state == 'Z')
				(*zombies)++;
		}
	}
	closedir(d);
	return n;
}

static int
run_req(const struct spawn_req *req)
{
	struct ev_loop *loop = ev_loop_new();
	struct spawn_proc p;
	int rc;

	memset(&p, 0, sizeof(p));
	ndone = 0;
	rc = spawn_start(loop, &p, req, done_cb, NULL);
	if (rc == 0) {
		ck_assert_int_eq(ev_run(loop), 0);
		ck_assert_int_eq(ndone, 1);
	}
	ev_loop_free(loop);
	return rc;
}

static long
read_pid(const char *path)
{
	FILE *f = fopen(path, "r");
	long pid = 0;

	if (f) {
		if (fscanf(f, "%ld", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	return pid;
}

/* Runs script with a short timeout; returns the grandchild's pid it wrote to gpid_file. */
static long
timeout_script(char *script, const char *gpid_file, pid_t *leader)
{
	char *argv[] = {"/bin/sh", "-c", script, NULL};
	struct spawn_req req = {.argv = argv, .timeout_us = 300000, .grace_us = 700000};
	struct ev_loop *loop = ev_loop_new();
	struct spawn_proc p;
	long gpid;

	/* orphaned grandchildren come to us: nothing else reaps them before we look */
	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	memset(&p, 0, sizeof(p));
	ndone = 0;
	ck_assert_int_eq(spawn_start(loop, &p, &req, done_cb, NULL), 0);
	*leader = p.pid;
	ck_assert_int_eq(ev_run(loop), 0);
	ev_loop_free(loop);
	ck_assert_int_eq(ndone, 1);
	ck_assert(last.timed_out);
	gpid = read_pid(gpid_file);
	ck_assert_int_gt(gpid, 1);
	/*
	 * The group got SIGKILL before the callback; give the kernel a moment to
	 * finish it (bounded: a survivor sleeps 100 s) and reap it, as its parent.
	 */
	for (int i = 0; i < 300 && kill((pid_t)gpid, 0) == 0; i++) {
		if (waitpid((pid_t)gpid, NULL, WNOHANG) == 0)
			usleep(10000);
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return gpid;
}

static void
assert_group_gone(pid_t leader, long gpid)
{
	int n, zombies;

	ck_assert_int_eq(kill((pid_t)gpid, 0), -1);
	ck_assert_int_eq(errno, ESRCH);
	ck_assert_int_eq(kill(-leader, 0), -1);
	ck_assert_int_eq(errno, ESRCH);
	n = count_procs(leader, &zombies);
	ck_assert_msg(n == 0, "%d process(es) of group %ld left", n, (long)leader);
	n = count_procs(0, &zombies);
	ck_assert_msg(n == 0 && zombies == 0, "%d children, %d zombies", n, zombies);
}

START_TEST(test_timeout_kills_sleeping_grandchild)
{
	char dir[] = "/tmp/check_spawn_soak.XXXXXX", gfile[64], script[256];
	pid_t leader;
	long gpid;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(gfile, sizeof(gfile), "%s/gpid", dir);
	/* the script forks a sleeping grandchild and sleeps itself */
	snprintf(script, sizeof(script), "sleep 100 & echo $! > %s; sleep 100", gfile);
	gpid = timeout_script(script, gfile, &leader);
	ck_assert(WIFSIGNALED(last.status));
	ck_assert_int_eq(WTERMSIG(last.status), SIGTERM);
	assert_group_gone(leader, gpid);
	unlink(gfile);
	rmdir(dir);
}
END_TEST

START_TEST(test_timeout_kills_grandchild_ignoring_term)
{
	char dir[] = "/tmp/check_spawn_soak.XXXXXX", gfile[64], script[256];
	pid_t leader;
	long gpid;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(gfile, sizeof(gfile), "%s/gpid", dir);
	/* the grandchild ignores SIGTERM: only the group's SIGKILL after the grace ends it */
	snprintf(script, sizeof(script), "(trap '' TERM; exec sleep 100) & echo $! > %s; sleep 100",
		 gfile);
	gpid = timeout_script(script, gfile, &leader);
	ck_assert(WIFSIGNALED(last.status));
	assert_group_gone(leader, gpid);
	unlink(gfile);
	rmdir(dir);
}
END_TEST

START_TEST(test_no_zombies_1000_runs)
{
	enum { TOTAL = 1000, BATCH = 50 };
	char *t[] = {"/bin/true", NULL}, *f[] = {"/bin/false", NULL};
	char *sh[] = {"/bin/sh", "-c", "exit 3", NULL}, *sl[] = {"/bin/sleep", "30", NULL};
	static struct spawn_proc procs[BATCH];
	static int status[BATCH];
	int exits[4] = {0}, timeouts = 0;

	for (int base = 0; base < TOTAL; base += BATCH) {
		struct ev_loop *loop = ev_loop_new();
		int n, zombies;

		ndone = 0;
		memset(procs, 0, sizeof(procs));
		for (int i = 0; i < BATCH; i++) {
			int k = base + i;
			struct spawn_req req = {.argv = k % 3 == 0 ? t : k % 3 == 1 ? f : sh};

			if (k % 100 == 99) { /* one in a hundred times out */
				req.argv = sl;
				req.timeout_us = 20000;
				req.grace_us = 200000;
			}
			ck_assert_int_eq(spawn_start(loop, &procs[i], &req, done_cb, &status[i]),
					 0);
		}
		ck_assert_int_eq(ev_run(loop), 0);
		ev_loop_free(loop);
		ck_assert_int_eq(ndone, BATCH);
		for (int i = 0; i < BATCH; i++) {
			if (WIFSIGNALED(status[i]))
				timeouts++;
			else if (WEXITSTATUS(status[i]) < 4)
				exits[WEXITSTATUS(status[i])]++;
		}
		/* every command of the batch is reaped: no child of ours in /proc, no zombie */
		n = count_procs(0, &zombies);
		ck_assert_msg(n == 0 && zombies == 0, "after %d runs: %d children, %d zombies",
			      base + BATCH, n, zombies);
	}
	ck_assert_int_eq(exits[0], 330);
	ck_assert_int_eq(exits[1], 330);
	ck_assert_int_eq(exits[3], 330);
	ck_assert_int_eq(timeouts, 10);
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
}
END_TEST

START_TEST(test_proc_scan_sees_zombies)
{
	int n, zombies;
	pid_t pid = fork();

	/* the scan itself must see an unreaped child, or the tests above prove nothing */
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(0);
	for (int i = 0; i < 200; i++) {
		n = count_procs(0, &zombies);
		if (zombies)
			break;
		usleep(10000);
	}
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(zombies, 1);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	ck_assert_int_eq(count_procs(0, &zombies), 0);
	ck_assert_int_eq(run_req(&(struct spawn_req){.argv = (char *[]){"/bin/true", NULL}}), 0);
}
END_TEST

static Suite *
spawn_soak_suite(void)
{
	Suite *s = suite_create("spawn_soak");
	TCase *tc = tcase_create("hygiene");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_proc_scan_sees_zombies);
	tcase_add_test(tc, test_timeout_kills_sleeping_grandchild);
	tcase_add_test(tc, test_timeout_kills_grandchild_ignoring_term);
	tcase_add_test(tc, test_no_zombies_1000_runs);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(spawn_soak_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
