/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spawn: runs one external command from an event loop. The parent builds
 * everything the child needs (argv, environment, paths) before fork(); the
 * child only makes async-signal-safe system calls: new process group,
 * default signal dispositions and an empty mask, fds >= 3 closed, ids
 * switched, parent-death signal, execve. An exec or setup failure comes
 * back through a close-on-exec pipe, so spawn_start() reports it and reaps
 * the child itself. Afterwards the child is reaped through an ev_child
 * watcher; a timeout sends SIGTERM to the group, then SIGKILL after the
 * grace time. This is the only code in vigil that forks a script; it never
 * logs and never waits in the loop for a running command.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/spawn.h"
#include "util/xalloc.h"

static char sh_path[] = "/bin/sh";
static char sh_dash_c[] = "-c";
static char env_path[] = "PATH=" SPAWN_PATH;

/* Everything the child uses, built before fork() so the child never allocates. */
struct prep {
	const struct spawn_req *req;
	char path[PATH_MAX]; /* what execve() runs */
	char **argv;	     /* final argv; strings borrowed from req (or line) */
	char **sh_argv;	     /* for a file execve() refuses with ENOEXEC: /bin/sh path args */
	char **envp;
	char *line; /* shell mode: shell_line plus quoted extra args (owned) */
	unsigned max_fd;
	pid_t parent;
};

static void
prep_free(struct prep *c)
{
	free(c->argv);
	free(c->sh_argv);
	free(c->envp);
	free(c->line);
}

/* True when an explicit environment entry is acceptable. */
static bool
env_ok(const char *e)
{
	const char *eq = strchr(e, '=');

	if (!eq || eq == e)
		return false;
	if ((eq - e == 4 && !strncmp(e, "PATH", 4)) || (eq - e == 3 && !strncmp(e, "IFS", 3)))
		return false;
	return strncmp(e, "LD_", 3) != 0;
}

static int
prep_env(struct prep *c)
{
	size_t i, n = spawn_argv_count(c->req->env);

	c->envp = xcalloc(n + 2, sizeof(*c->envp));
	c->envp[0] = env_path;
	for (i = 0; i < n; i++) {
		if (!env_ok(c->req->env[i]))
			return -EINVAL;
		c->envp[i + 1] = c->req->env[i];
	}
	return 0;
}

/* Shell mode: /bin/sh -c 'LINE' with the extra args appended as quoted words. */
static int
prep_shell(struct prep *c)
{
	char *const *extra = c->req->extra_args;
	size_t i, len, cap = strlen(c->req->shell_line) + 1;

	for (i = 0; extra && extra[i]; i++)
		cap += 4 * strlen(extra[i]) + 3;
	c->line = xmalloc(cap);
	strcpy(c->line, c->req->shell_line);
	len = strlen(c->line);
	for (i = 0; extra && extra[i]; i++) {
		if (spawn_shell_quote(c->line, &len, cap, extra[i]) < 0)
			return -EINVAL; /* cannot happen: cap counts the worst case */
	}
	strcpy(c->path, sh_path);
	c->argv = xcalloc(4, sizeof(*c->argv));
	c->argv[0] = sh_path;
	c->argv[1] = sh_dash_c;
	c->argv[2] = c->line;
	return 0;
}

/* Direct mode: resolve argv[0], append the extra args, prepare the ENOEXEC fallback. */
static int
prep_exec(struct prep *c)
{
	const struct spawn_req *req = c->req;
	size_t i, n = spawn_argv_count(req->argv), m = spawn_argv_count(req->extra_args);
	uid_t uid = req->set_ids ? req->uid : geteuid();
	gid_t gid = req->set_ids ? req->gid : getegid();
	int rc;

	if (n == 0)
		return -EINVAL;
	rc = spawn_resolve_exec(req->argv[0], uid, gid, c->path, sizeof(c->path));
	if (rc < 0)
		return rc;
	c->argv = xcalloc(n + m + 1, sizeof(*c->argv));
	for (i = 0; i < n; i++)
		c->argv[i] = req->argv[i];
	for (i = 0; i < m; i++)
		c->argv[n + i] = req->extra_args[i];
	c->sh_argv = xcalloc(n + m + 2, sizeof(*c->sh_argv));
	c->sh_argv[0] = sh_path;
	c->sh_argv[1] = c->path;
	for (i = 1; i < n + m; i++)
		c->sh_argv[i + 1] = c->argv[i];
	return 0;
}

static int
prep_build(struct prep *c, const struct spawn_req *req)
{
	struct rlimit rl;
	int rc;

	memset(c, 0, sizeof(*c));
	c->req = req;
	c->parent = getpid();
	c->max_fd = 65536;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < (1u << 20))
		c->max_fd = (unsigned)rl.rlim_cur;
	if (req->use_shell && !req->shell_line)
		return -EINVAL;
	rc = prep_env(c);
	if (rc == 0)
		rc = req->use_shell ? prep_shell(c) : prep_exec(c);
	return rc;
}

/* --- the child: async-signal-safe calls only from here to execve() ---------------------- */

static void __attribute__((noreturn)) child_fail(int errfd, int err)
{
	ssize_t n;

	do {
		n = write(errfd, &err, sizeof(err));
	} while (n < 0 && errno == EINTR);
	_exit(127);
}

static void
child_signals(void)
{
	struct sigaction sa;
	sigset_t none;
	int sig;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	/* a signal the daemon ignored would stay ignored across execve() */
	for (sig = 1; sig < NSIG; sig++) {
		if (sig != SIGKILL && sig != SIGSTOP)
			(void)sigaction(sig, &sa, NULL); /* glibc's reserved signals fail: fine */
	}
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Returns fd, or a close-on-exec copy of it >= 3 when it is a standard fd; -1 on error. */
static int
above_stdio(int fd)
{
	return fd >= 0 && fd < 3 ? fcntl(fd, F_DUPFD_CLOEXEC, 3) : fd;
}

/*
 * stdin /dev/null, stdout/stderr as asked, the error pipe moved to fd 3,
 * everything above it closed. Sources are first copied above 2 so that no
 * dup2() clobbers a source still needed. Returns 0 or -1 (errno set).
 */
static int
child_fds(const struct prep *c, int *errfd)
{
	int src[3], fd, null;

	fd = above_stdio(*errfd);
	if (fd < 0)
		return -1;
	*errfd = fd;
	null = above_stdio(open("/dev/null", O_RDWR | O_CLOEXEC));
	if (null < 0)
		return -1;
	src[0] = null;
	src[1] = c->req->stdout_fd > 0 ? fcntl(c->req->stdout_fd, F_DUPFD_CLOEXEC, 3) : null;
	src[2] = c->req->stderr_fd > 0 ? fcntl(c->req->stderr_fd, F_DUPFD_CLOEXEC, 3) : null;
	for (fd = 0; fd < 3; fd++) {
		if (src[fd] < 0 || dup2(src[fd], fd) < 0)
			return -1;
	}
	if (*errfd != 3) {
		if (dup3(*errfd, 3, O_CLOEXEC) < 0)
			return -1;
		*errfd = 3;
	}
	if (close_range(4, ~0u, 0) < 0) {
		for (fd = 4; (unsigned)fd < c->max_fd; fd++)
			(void)close(fd);
	}
	return 0;
}

static int
child_ids(const struct spawn_req *req)
{
	if (!req->set_ids)
		return 0;
	if (geteuid() == 0 && setgroups(req->groups ? req->ngroups : 0, req->groups) < 0)
		return -1;
	if (setgid(req->gid) < 0 || setuid(req->uid) < 0)
		return -1;
	/* paranoia: a dropped root must stay dropped */
	if (req->uid != 0 && setuid(0) == 0) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

static void __attribute__((noreturn)) child_run(const struct prep *c, int errfd)
{
	(void)setpgid(0, 0);
	child_signals();
	if (child_fds(c, &errfd) < 0 || child_ids(c->req) < 0)
		child_fail(errfd, errno);
	/* set after the id switch, which clears it */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0)
		child_fail(errfd, errno);
	if (getppid() != c->parent)
		_exit(127); /* the daemon died before PDEATHSIG was armed */
	execve(c->path, c->argv, c->envp);
	if (errno == ENOEXEC && c->sh_argv)
		execve(sh_path, c->sh_argv, c->envp);
	child_fail(errfd, errno);
}

/* --- the parent -------------------------------------------------------------------------- */

/* Waits for exec (pipe closed) or a setup error; returns 0 or the child's errno. */
static int
read_child_err(int fd)
{
	int err = 0;
	ssize_t n;

	do {
		n = read(fd, &err, sizeof(err));
	} while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof(err) ? err : 0;
}

static void
reap_now(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
}

static void
send_term(struct spawn_proc *p)
{
	p->term_sent = true;
	(void)kill(-p->pid, SIGTERM);
	ev_timer_start(p->loop, &p->timer, p->grace_us);
}

/* Reports the exit; p may be freed or restarted by the callback: do not touch it after. */
static void
finish(struct spawn_proc *p)
{
	struct spawn_result r;

	ev_timer_stop(p->loop, &p->timer);
	/* after a timeout or kill, whatever is left of the group goes too */
	if (p->term_sent)
		(void)kill(-p->pid, SIGKILL);
	r.status = p->status;
	r.timed_out = p->timed_out;
	r.killed = p->killed;
	p->pid = 0;
	p->cb(p, &r, p->arg);
}

static void
on_timer(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct spawn_proc *p = arg;

	(void)loop;
	(void)t;
	if (!p->term_sent) {
		p->timed_out = true;
		send_term(p);
	} else if (p->exited) {
		finish(p); /* the grace time of the leader's group is over */
	} else {
		(void)kill(-p->pid, SIGKILL); /* on_child() will reap and report */
	}
}

static void
on_child(struct ev_loop *loop, struct ev_child *c, int status, void *arg)
{
	struct spawn_proc *p = arg;

	(void)loop;
	(void)c;
	p->status = status;
	p->exited = true;
	/*
	 * The leader went on SIGTERM but others in its group are still alive:
	 * let them use the rest of the grace time before SIGKILL.
	 */
	if (p->term_sent && ev_timer_active(&p->timer) && kill(-p->pid, 0) == 0)
		return;
	finish(p);
}

/* Forks the prepared command; returns the running child's pid or -errno. */
static pid_t
fork_prepared(const struct prep *c)
{
	int fds[2], err;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		err = errno;
		close(fds[0]);
		close(fds[1]);
		return -err;
	}
	if (pid == 0) {
		close(fds[0]);
		child_run(c, fds[1]);
	}
	close(fds[1]);
	/* also from this side, so killing the group works before the child has run */
	(void)setpgid(pid, pid);
	err = read_child_err(fds[0]);
	close(fds[0]);
	if (err) {
		reap_now(pid);
		return -err;
	}
	return pid;
}

int
spawn_start(struct ev_loop *loop, struct spawn_proc *p, const struct spawn_req *req,
	    spawn_done_cb cb, void *arg)
{
	struct prep c;
	pid_t pid;
	int rc;

	if (p->pid)
		return -EBUSY;
	if (!cb)
		return -EINVAL;
	rc = prep_build(&c, req);
	pid = rc < 0 ? rc : fork_prepared(&c);
	prep_free(&c);
	if (pid < 0)
		return (int)pid;
	memset(p, 0, sizeof(*p));
	p->loop = loop;
	p->pid = pid;
	p->grace_us = req->grace_us ? req->grace_us : SPAWN_GRACE_US;
	p->cb = cb;
	p->arg = arg;
	ev_timer_init(&p->timer, on_timer, p);
	ev_child_init(&p->child, pid, on_child, p);
	rc = ev_child_start(loop, &p->child);
	if (rc < 0) {
		(void)kill(-pid, SIGKILL);
		reap_now(pid);
		p->pid = 0;
		return rc;
	}
	if (req->timeout_us)
		ev_timer_start(loop, &p->timer, req->timeout_us);
	return 0;
}

bool
spawn_running(const struct spawn_proc *p)
{
	return p->pid != 0;
}

void
spawn_kill(struct spawn_proc *p)
{
	if (!p->pid)
		return;
	p->killed = true;
	if (!p->term_sent)
		send_term(p);
}

void
spawn_stop(struct spawn_proc *p)
{
	if (!p->pid)
		return;
	(void)kill(-p->pid, SIGKILL);
	ev_child_stop(p->loop, &p->child); /* the loop reaps it regardless */
	ev_timer_stop(p->loop, &p->timer);
	p->pid = 0;
}
