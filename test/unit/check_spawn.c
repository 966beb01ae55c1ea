/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_spawn: unit tests for lib/util/spawn*: keepalived's command line
 * splitting, the script security check and user lookups, and running real
 * commands from a real event loop (argv, clean environment, exit status,
 * timeouts escalating to SIGKILL on the whole group, kill/stop, no zombies,
 * signal mask, fds, uid switch). Needs Check's fork mode; some tests need
 * root and pass trivially without it.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ev/ev.h"
#include "util/spawn.h"

/* --- helpers ------------------------------------------------------------------------------ */

static struct spawn_result last;
static int ndone;
static char tmpdir[64];

static void
done_cb(struct spawn_proc *p, const struct spawn_result *r, void *arg)
{
	(void)p;
	(void)arg;
	last = *r;
	ndone++;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
make_tmpdir(void)
{
	strcpy(tmpdir, "/tmp/check_spawn.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Checked teardown: removes the test's directory, if it made one. */
static void
rm_tmpdir(void)
{
	if (tmpdir[0])
		nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	tmpdir[0] = '\0';
}

/* Returns a path inside tmpdir (static buffer, one of four rotating). */
static char *
tmp(const char *name)
{
	static char bufs[4][128];
	static int i;
	char *b = bufs[i++ % 4];

	snprintf(b, sizeof(bufs[0]), "%s/%s", tmpdir, name);
	return b;
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(path, mode), 0);
}

static const char *
read_file(const char *path)
{
	static char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Runs req to completion on a fresh loop; returns spawn_start()'s result. */
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
		ck_assert(spawn_running(&p));
		ck_assert_int_eq(ev_run(loop), 0);
		ck_assert_int_eq(ndone, 1);
		ck_assert(!spawn_running(&p));
	}
	ev_loop_free(loop);
	return rc;
}

/* Runs argv with stdout to a file and returns what it printed. */
static const char *
run_capture(char *const *argv)
{
	struct spawn_req req = {.argv = argv};
	int fd = open(tmp("out"), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	ck_assert_int_ge(fd, 0);
	req.stdout_fd = fd;
	ck_assert_int_eq(run_req(&req), 0);
	close(fd);
	ck_assert(WIFEXITED(last.status));
	return read_file(tmp("out"));
}

/* --- splitting ---------------------------------------------------------------------------- */

struct split_case {
	const char *line;
	bool shell;
	const char *words[9];
};

static const struct split_case split_cases[] = {
	{"/bin/echo a b", false, {"/bin/echo", "a", "b"}},
	{"  /bin/x   'a b'\t\"c d\"  ", false, {"/bin/x", "a b", "c d"}},
	{"abcd\" efg h jkl \"mnop", false, {"abcd efg h jkl mnop"}},
	{"abcd \"efg h jkl\" mnop", false, {"abcd", "efg h jkl", "mnop"}},
	{"x \"\" ''", false, {"x", "", ""}},
	{"x a\\ b", false, {"x", "a b"}},
	{"x '\\t'", false, {"x", "\t"}},
	{"x \\x41\\102\\cA\\E\\q", false, {"x", "AB\001\033q"}},
	{"x \"it's\" 'a\"b' \\\"", false, {"x", "it's", "a\"b", "\""}},
	{"x '|' \"&\" \\; '$HOME' a~b a#b x=y",
	 false,
	 {"x", "|", "&", ";", "$HOME", "a~b", "a#b", "x=y"}},
	{"/bin/x=y", false, {"/bin/x=y"}},
	{"pidof haproxy || exit 1", true, {"pidof", "haproxy", "||", "exit", "1"}},
	{"x > /dev/null", true, {"x", ">", "/dev/null"}},
	{"</dev/tcp/127.0.0.1/80", true, {"</dev/tcp/127.0.0.1/80"}},
	{"x $HOME", true, {"x", "$HOME"}},
	{"x *.txt", true, {"x", "*.txt"}},
	{"x ~/a", true, {"x", "~/a"}},
	{"x #c", true, {"x", "#c"}},
	{"FOO=1 x", true, {"FOO=1", "x"}},
	{"x $(id)", true, {"x", "$(id)"}},
	{"x `id`", true, {"x", "`id`"}},
	{"x; y", true, {"x;", "y"}},
	{"[ -f /x ]", true, {"[", "-f", "/x", "]"}},
};

START_TEST(test_split_table)
{
	const struct split_case *c = &split_cases[_i];
	char err[128] = "", **argv;
	bool shell;
	size_t i, n = 0;

	ck_assert_msg(spawn_argv_split(c->line, &argv, &shell, err, sizeof(err)) == 0, "%s: %s",
		      c->line, err);
	while (c->words[n])
		n++;
	ck_assert_uint_eq(spawn_argv_count(argv), n);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(argv[i], c->words[i]);
	ck_assert_msg(shell == c->shell, "'%s': needs_shell %d", c->line, shell);
	spawn_argv_free(argv);
}
END_TEST

START_TEST(test_split_errors)
{
	static const struct {
		const char *line, *msg;
	} bad[] = {
		{"", "empty command"},
		{" \t ", "empty command"},
		{"x 'abc", "missing terminating '"},
		{"x \"abc", "missing terminating \""},
		{"x abc\\", "trailing backslash"},
	};
	char err[128], *dummy[1] = {NULL}, **argv = dummy;
	bool shell;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		ck_assert_int_eq(spawn_argv_split(bad[i].line, &argv, &shell, err, sizeof(err)),
				 -1);
		ck_assert_ptr_null(argv);
		ck_assert_msg(strstr(err, bad[i].msg), "'%s': %s", bad[i].line, err);
	}
	/* no error buffer is fine */
	ck_assert_int_eq(spawn_argv_split("'", &argv, &shell, NULL, 0), -1);
	spawn_argv_free(NULL);
}
END_TEST

START_TEST(test_shell_quote)
{
	char buf[32] = "cmd";
	size_t len = 3;

	ck_assert_int_eq(spawn_shell_quote(buf, &len, sizeof(buf), "it's"), 0);
	ck_assert_int_eq(spawn_shell_quote(buf, &len, sizeof(buf), ""), 0);
	ck_assert_str_eq(buf, "cmd 'it'\\''s' ''");
	ck_assert_uint_eq(len, strlen(buf));
	ck_assert_int_eq(spawn_shell_quote(buf, &len, sizeof(buf), "0123456789abcdef"), -1);
	ck_assert_str_eq(buf, "cmd 'it'\\''s' ''");
}
END_TEST

/* --- running ------------------------------------------------------------------------------ */

START_TEST(test_argv_env_extra_args)
{
	static const char script[] =
		"#!/bin/sh\n"
		"out=$1; shift\n"
		"for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done > \"$out\"\n"
		"env > \"$out.env\"\n";
	char *argv[] = {NULL, NULL, "a b", "", NULL};
	char *extra[] = {"INSTANCE", "VI_1", "MASTER", "100", NULL};
	char *env[] = {"VIGIL_X=1", NULL};
	struct spawn_req req = {.argv = argv, .extra_args = extra, .env = env};
	const char *envtext;

	make_tmpdir();
	write_file(tmp("notify.sh"), script, 0755);
	argv[0] = tmp("notify.sh");
	argv[1] = tmp("args");
	setenv("LD_PRELOAD", "/nonexistent/vigil.so", 1);
	setenv("LD_LIBRARY_PATH", "/nonexistent", 1);
	setenv("IFS", "x", 1);
	setenv("VIGIL_PARENT_ONLY", "1", 1);
	ck_assert_int_eq(run_req(&req), 0);
	ck_assert(WIFEXITED(last.status) && WEXITSTATUS(last.status) == 0);
	ck_assert(!last.timed_out && !last.killed);
	ck_assert_str_eq(read_file(tmp("args")),
			 "[a b]\n[]\n[INSTANCE]\n[VI_1]\n[MASTER]\n[100]\n");
	envtext = read_file(tmp("args.env"));
	ck_assert_ptr_nonnull(strstr(envtext, "PATH=" SPAWN_PATH "\n"));
	ck_assert_ptr_nonnull(strstr(envtext, "VIGIL_X=1\n"));
	ck_assert_ptr_null(strstr(envtext, "LD_"));
	ck_assert_ptr_null(strstr(envtext, "IFS="));
	ck_assert_ptr_null(strstr(envtext, "VIGIL_PARENT_ONLY"));
}
END_TEST

START_TEST(test_exit_status_and_shell)
{
	char *argv[] = {"sh", "-c", "exit 3", NULL};
	char *extra[] = {"it's", "b c", NULL};
	struct spawn_req req = {.argv = argv};
	int fd;

	ck_assert_int_eq(run_req(&req), 0); /* bare name found through SPAWN_PATH */
	ck_assert(WIFEXITED(last.status));
	ck_assert_int_eq(WEXITSTATUS(last.status), 3);

	memset(&req, 0, sizeof(req));
	req.use_shell = true;
	req.shell_line = "exit 4";
	ck_assert_int_eq(run_req(&req), 0);
	ck_assert_int_eq(WEXITSTATUS(last.status), 4);

	/* extra args become quoted words at the end of the shell line */
	make_tmpdir();
	fd = open(tmp("out"), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	req.shell_line = "printf '[%s]' a";
	req.extra_args = extra;
	req.stdout_fd = fd;
	ck_assert_int_eq(run_req(&req), 0);
	close(fd);
	ck_assert_int_eq(WEXITSTATUS(last.status), 0);
	ck_assert_str_eq(read_file(tmp("out")), "[a][it's][b c]");
}
END_TEST

START_TEST(test_start_errors)
{
	char *missing[] = {"/nonexistent/vigil", NULL};
	char *bare[] = {"no-such-command-vigil", NULL};
	char *plain[] = {NULL, NULL};
	char *sleeper[] = {"/bin/sleep", "10", NULL};
	char *env[] = {"LD_PRELOAD=/x.so", NULL};
	struct spawn_req req = {.argv = missing};
	struct ev_loop *loop = ev_loop_new();
	struct spawn_proc p;

	ck_assert_int_eq(run_req(&req), -ENOENT);
	req.argv = bare;
	ck_assert_int_eq(run_req(&req), -ENOENT);
	make_tmpdir();
	write_file(tmp("plain"), "echo\n", 0644);
	plain[0] = tmp("plain");
	req.argv = plain;
	ck_assert_int_eq(run_req(&req), -EACCES);
	req.argv = sleeper;
	req.env = env;
	ck_assert_int_eq(run_req(&req), -EINVAL);
	req.env = NULL;
	req.use_shell = true;
	ck_assert_int_eq(run_req(&req), -EINVAL); /* no shell_line */
	req.use_shell = false;
	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(spawn_start(loop, &p, &req, done_cb, NULL), 0);
	ck_assert_int_eq(spawn_start(loop, &p, &req, done_cb, NULL), -EBUSY);
	spawn_stop(&p);
	ev_loop_free(loop);
	ck_assert_int_eq(ndone, 0);
}
END_TEST

/* A setup or exec error in the child comes back from spawn_start(), child reaped. */
START_TEST(test_child_errors_reported)
{
	char *argv[] = {NULL, NULL};
	struct spawn_req req = {.argv = argv, .set_ids = true, .uid = 65534, .gid = 65534};

	make_tmpdir();
	write_file(tmp("x.sh"), "#!/bin/sh\nexit 0\n", 0755);
	argv[0] = tmp("x.sh");
	if (geteuid() != 0) {
		req.uid = geteuid() + 1;
		req.gid = getegid() + 1;
	}
	/* root: tmpdir is 0700, so nobody cannot reach the script; else setgid fails */
	ck_assert_int_eq(run_req(&req), geteuid() == 0 ? -EACCES : -EPERM);
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
}
END_TEST

/* A file without #! that execve() refuses runs under /bin/sh, as execvp() does. */
START_TEST(test_enoexec_fallback)
{
	char *argv[] = {NULL, NULL, NULL};
	struct spawn_req req = {.argv = argv};
	char want[160];

	make_tmpdir();
	write_file(tmp("noshebang"), "echo \"hi $0\" > \"$1\"\n", 0755);
	argv[0] = tmp("noshebang");
	argv[1] = tmp("out");
	ck_assert_int_eq(run_req(&req), 0);
	ck_assert_int_eq(WEXITSTATUS(last.status), 0);
	snprintf(want, sizeof(want), "hi %s\n", argv[0]);
	ck_assert_str_eq(read_file(tmp("out")), want);
}
END_TEST

START_TEST(test_timeout_sigterm)
{
	char *argv[] = {"/bin/sleep", "100", NULL};
	struct spawn_req req = {.argv = argv, .timeout_us = 200000, .grace_us = 5000000};
	uint64_t t0 = now_ms();

	ck_assert_int_eq(run_req(&req), 0);
	ck_assert(last.timed_out && !last.killed);
	ck_assert(WIFSIGNALED(last.status));
	ck_assert_int_eq(WTERMSIG(last.status), SIGTERM);
	ck_assert_uint_ge(now_ms() - t0, 190);
	ck_assert_uint_lt(now_ms() - t0, 2000);
}
END_TEST

START_TEST(test_timeout_sigkill_after_grace)
{
	char *argv[] = {"/bin/sh", "-c", "trap '' TERM; while :; do sleep 0.05; done", NULL};
	struct spawn_req req = {.argv = argv, .timeout_us = 200000, .grace_us = 300000};
	uint64_t t0 = now_ms();

	ck_assert_int_eq(run_req(&req), 0);
	ck_assert(last.timed_out);
	ck_assert(WIFSIGNALED(last.status));
	ck_assert_int_eq(WTERMSIG(last.status), SIGKILL);
	ck_assert_uint_ge(now_ms() - t0, 490);
	ck_assert_uint_lt(now_ms() - t0, 3000);
}
END_TEST

START_TEST(test_timeout_kills_group)
{
	char *argv[] = {"/bin/sh", "-c", NULL, NULL};
	char line[256];
	struct spawn_req req = {.argv = argv, .timeout_us = 300000, .grace_us = 300000};
	uint64_t t0;
	pid_t gpid;

	/* orphans come to us, so the grandchild can be reaped and checked */
	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	make_tmpdir();
	/* the grandchild notes the SIGTERM it gets, then lingers: SIGKILL ends it */
	snprintf(line, sizeof(line),
		 "(trap 'echo term > %s' TERM; while :; do sleep 0.05; done) & echo $! > %s; wait",
		 tmp("term"), tmp("gpid"));
	argv[2] = line;
	t0 = now_ms();
	ck_assert_int_eq(run_req(&req), 0);
	ck_assert(last.timed_out);
	/* the leader died on SIGTERM, the callback waited for the grace time */
	ck_assert(WIFSIGNALED(last.status));
	ck_assert_int_eq(WTERMSIG(last.status), SIGTERM);
	ck_assert_uint_ge(now_ms() - t0, 590);
	ck_assert_str_eq(read_file(tmp("term")), "term\n");
	gpid = (pid_t)atoi(read_file(tmp("gpid")));
	ck_assert_int_gt(gpid, 1);
	/* reaped here, or already by the loop's sweep */
	ck_assert(waitpid(gpid, NULL, 0) == gpid || errno == ECHILD);
	ck_assert_int_eq(kill(gpid, 0), -1);
	ck_assert_int_eq(errno, ESRCH);
}
END_TEST

static void
kill_timer_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	spawn_kill(arg);
	spawn_kill(arg); /* twice is harmless */
}

START_TEST(test_spawn_kill)
{
	char *argv[] = {"/bin/sleep", "100", NULL};
	struct spawn_req req = {.argv = argv};
	struct ev_loop *loop = ev_loop_new();
	struct spawn_proc p;
	struct ev_timer t;

	memset(&p, 0, sizeof(p));
	spawn_kill(&p); /* not running: no-op */
	spawn_stop(&p);
	ck_assert_int_eq(spawn_start(loop, &p, &req, done_cb, NULL), 0);
	ev_timer_init(&t, kill_timer_cb, &p);
	ev_timer_start(loop, &t, 100000);
	ck_assert_int_eq(ev_run(loop), 0);
	ck_assert_int_eq(ndone, 1);
	ck_assert(last.killed && !last.timed_out);
	ck_assert(WIFSIGNALED(last.status));
	ck_assert_int_eq(WTERMSIG(last.status), SIGTERM);
	ev_loop_free(loop);
}
END_TEST

static void
noop_timer_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	(void)arg;
}

START_TEST(test_spawn_stop)
{
	char *argv[] = {"/bin/sleep", "100", NULL};
	struct spawn_req req = {.argv = argv};
	struct ev_loop *loop = ev_loop_new();
	struct spawn_proc p;
	struct ev_timer t;
	pid_t pid;

	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(spawn_start(loop, &p, &req, done_cb, NULL), 0);
	pid = p.pid;
	spawn_stop(&p);
	ck_assert(!spawn_running(&p));
	/* let the loop sweep the killed child */
	ev_timer_init(&t, noop_timer_cb, NULL);
	ev_timer_start(loop, &t, 300000);
	ck_assert_int_eq(ev_run(loop), 0);
	ck_assert_int_eq(ndone, 0);
	ck_assert_int_eq(waitpid(pid, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
	ev_loop_free(loop);
}
END_TEST

START_TEST(test_no_zombies)
{
	enum { N = 100 };
	char *argv[] = {"/bin/true", NULL};
	struct spawn_req req = {.argv = argv};
	struct ev_loop *loop = ev_loop_new();
	static struct spawn_proc procs[N];
	int i;

	ndone = 0;
	for (i = 0; i < N; i++)
		ck_assert_int_eq(spawn_start(loop, &procs[i], &req, done_cb, NULL), 0);
	ck_assert_int_eq(ev_run(loop), 0);
	ck_assert_int_eq(ndone, N);
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
	ev_loop_free(loop);
}
END_TEST

START_TEST(test_signals_reset)
{
	char *argv[] = {"/bin/grep", "-E", "^Sig(Blk|Ign):", "/proc/self/status", NULL};
	unsigned long long blk, ign;
	const char *out;
	sigset_t set;
	int sig;

	make_tmpdir();
	/* the loop (in run_req) blocks SIGCHLD; block and ignore more here */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, &set, NULL), 0);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	out = run_capture(argv);
	ck_assert_int_eq(sscanf(out, "SigBlk: %llx SigIgn: %llx", &blk, &ign), 2);
	/* glibc keeps 32 .. SIGRTMIN-1 to itself: sigaction() cannot reset them */
	for (sig = 32; sig < SIGRTMIN; sig++)
		ign &= ~(1ull << (sig - 1));
	ck_assert_msg(blk == 0 && ign == 0, "%s", out);
}
END_TEST

START_TEST(test_fds_closed_and_group)
{
	char *argv[] = {"/bin/sh", "-c", "ls /proc/$$/fd; cut -d' ' -f5 /proc/$$/stat; echo $$",
			NULL};
	char want[64];
	const char *out, *nl;
	int fd = open("/dev/null", O_RDONLY);

	make_tmpdir();
	ck_assert_int_eq(dup2(fd, 40), 40); /* not close-on-exec */
	out = run_capture(argv);
	ck_assert_msg(!strncmp(out, "0\n1\n2\n", 6), "fds: %s", out);
	/* the shell leads its own process group */
	nl = strchr(out + 6, '\n');
	ck_assert_ptr_nonnull(nl);
	snprintf(want, sizeof(want), "%.*s", (int)(nl - (out + 6)), out + 6);
	ck_assert_str_eq(nl + 1, strcat(want, "\n"));
}
END_TEST

START_TEST(test_uid_switch)
{
	char *argv[] = {"/bin/sh", "-c", "id -u; id -g; id -G", NULL};
	struct spawn_req req = {.argv = argv, .set_ids = true};
	char err[128];
	int fd;

	if (geteuid() != 0)
		return; /* needs root */
	ck_assert_int_eq(spawn_lookup_user("nobody", NULL, &req.uid, &req.gid, err, sizeof(err)),
			 0);
	make_tmpdir();
	fd = open(tmp("out"), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	req.stdout_fd = fd;
	req.stderr_fd = fd;
	ck_assert_int_eq(run_req(&req), 0);
	close(fd);
	ck_assert_int_eq(WEXITSTATUS(last.status), 0);
	snprintf(err, sizeof(err), "%u\n%u\n%u\n", (unsigned)req.uid, (unsigned)req.gid,
		 (unsigned)req.gid);
	ck_assert_str_eq(read_file(tmp("out")), err);
}
END_TEST

/* --- files and users ---------------------------------------------------------------------- */

START_TEST(test_resolve_exec)
{
	char path[256];

	ck_assert_int_eq(spawn_resolve_exec("sh", 0, 0, path, sizeof(path)), 0);
	ck_assert_str_eq(strrchr(path, '/'), "/sh");
	ck_assert_int_eq(access(path, X_OK), 0);
	ck_assert_int_eq(spawn_resolve_exec("no-such-command-vigil", 0, 0, path, sizeof(path)),
			 -ENOENT);
	ck_assert_int_eq(spawn_resolve_exec("/nonexistent/x", 0, 0, path, sizeof(path)), -ENOENT);
	ck_assert_int_eq(spawn_resolve_exec("", 0, 0, path, sizeof(path)), -ENOENT);
	ck_assert_int_eq(spawn_resolve_exec("/bin/sh", 0, 0, path, 4), -ENAMETOOLONG);
	ck_assert_int_eq(spawn_resolve_exec("/etc/passwd", 0, 0, path, sizeof(path)), -EACCES);
}
END_TEST

START_TEST(test_lookup_user)
{
	char err[128];
	uid_t uid = 1;
	gid_t gid = 1;

	ck_assert_int_eq(spawn_lookup_user("root", NULL, &uid, &gid, err, sizeof(err)), 0);
	ck_assert_uint_eq(uid, 0);
	ck_assert_uint_eq(gid, 0);
	ck_assert_int_eq(spawn_lookup_user("root", "root", &uid, &gid, err, sizeof(err)), 0);
	ck_assert_int_eq(
		spawn_lookup_user("no-such-user-vigil", NULL, &uid, &gid, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "'no-such-user-vigil' does not exist"));
	ck_assert_int_eq(
		spawn_lookup_user("root", "no-such-group-vigil", &uid, &gid, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "group 'no-such-group-vigil'"));
}
END_TEST

START_TEST(test_security)
{
	char err[256];

	make_tmpdir();
	write_file(tmp("s.sh"), "#!/bin/sh\n", 0755);
	ck_assert_int_eq(spawn_check_security(tmp("missing"), err, sizeof(err)), -ENOENT);
	ck_assert_int_eq(spawn_check_security("no-such-command-vigil", err, sizeof(err)), -ENOENT);
	ck_assert_int_ne(spawn_check_security("sh", err, sizeof(err)), -ENOENT);
	if (geteuid() != 0) {
		/* our own files are not root's */
		ck_assert_int_eq(spawn_check_security(tmp("s.sh"), err, sizeof(err)), -EPERM);
		return;
	}
	ck_assert_int_eq(chmod(tmpdir, 0755), 0);
	ck_assert_msg(spawn_check_security(tmp("s.sh"), err, sizeof(err)) == 0, "%s", err);
	/* a world-writable directory on the way */
	ck_assert_int_eq(chmod(tmpdir, 0777), 0);
	ck_assert_int_eq(spawn_check_security(tmp("s.sh"), err, sizeof(err)), -EPERM);
	ck_assert_msg(strstr(err, tmpdir) && strstr(err, "writable by others"), "%s", err);
	/* ... unless sticky, like /tmp */
	ck_assert_int_eq(chmod(tmpdir, 01777), 0);
	ck_assert_msg(spawn_check_security(tmp("s.sh"), err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(chmod(tmpdir, 0755), 0);
	/* a group-writable script: insecure for a non-root group, fine for root's */
	ck_assert_int_eq(chown(tmp("s.sh"), 0, 65534), 0);
	ck_assert_int_eq(chmod(tmp("s.sh"), 0775), 0);
	ck_assert_int_eq(spawn_check_security(tmp("s.sh"), err, sizeof(err)), -EPERM);
	ck_assert_msg(strstr(err, tmp("s.sh")) && strstr(err, "writable by group 65534"), "%s",
		      err);
	ck_assert_int_eq(chown(tmp("s.sh"), 0, 0), 0);
	ck_assert_int_eq(spawn_check_security(tmp("s.sh"), err, sizeof(err)), 0);
	/* a script owned by someone else */
	ck_assert_int_eq(chown(tmp("s.sh"), 65534, 0), 0);
	ck_assert_int_eq(spawn_check_security(tmp("s.sh"), err, sizeof(err)), -EPERM);
	ck_assert_ptr_nonnull(strstr(err, "owned by uid 65534"));
	ck_assert_int_eq(chown(tmp("s.sh"), 0, 0), 0);
	/* a root symlink in a safe directory to a script in an unsafe one */
	ck_assert_int_eq(mkdir(tmp("open"), 0777), 0);
	ck_assert_int_eq(chmod(tmp("open"), 0777), 0);
	write_file(tmp("open/t.sh"), "#!/bin/sh\n", 0755);
	ck_assert_int_eq(symlink(tmp("open/t.sh"), tmp("link.sh")), 0);
	ck_assert_int_eq(spawn_check_security(tmp("link.sh"), err, sizeof(err)), -EPERM);
	ck_assert_msg(strstr(err, tmp("open")), "%s", err);
	/* a directory in place of the script */
	ck_assert_int_eq(spawn_check_security(tmpdir, err, sizeof(err)), -ENOENT);
}
END_TEST

Suite *spawn_suite(void);

Suite *
spawn_suite(void)
{
	Suite *s = suite_create("spawn");
	TCase *tc = tcase_create("argv");

	tcase_add_loop_test(tc, test_split_table, 0,
			    (int)(sizeof(split_cases) / sizeof(split_cases[0])));
	tcase_add_test(tc, test_split_errors);
	tcase_add_test(tc, test_shell_quote);
	suite_add_tcase(s, tc);
	tc = tcase_create("run");
	tcase_add_test(tc, test_argv_env_extra_args);
	tcase_add_test(tc, test_exit_status_and_shell);
	tcase_add_test(tc, test_start_errors);
	tcase_add_test(tc, test_child_errors_reported);
	tcase_add_test(tc, test_enoexec_fallback);
	tcase_add_test(tc, test_timeout_sigterm);
	tcase_add_test(tc, test_timeout_sigkill_after_grace);
	tcase_add_test(tc, test_timeout_kills_group);
	tcase_add_test(tc, test_spawn_kill);
	tcase_add_test(tc, test_spawn_stop);
	tcase_add_test(tc, test_no_zombies);
	tcase_add_test(tc, test_signals_reset);
	tcase_add_test(tc, test_fds_closed_and_group);
	tcase_add_test(tc, test_uid_switch);
	tcase_add_checked_fixture(tc, NULL, rm_tmpdir);
	suite_add_tcase(s, tc);
	tc = tcase_create("files");
	tcase_add_test(tc, test_resolve_exec);
	tcase_add_test(tc, test_lookup_user);
	tcase_add_test(tc, test_security);
	tcase_add_checked_fixture(tc, NULL, rm_tmpdir);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(spawn_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
