/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ev_signal: signal watchers through one signalfd, and child-exit watchers
 * driven by SIGCHLD. A watched signal stays blocked and in the signalfd mask
 * until ev_loop_free(), which drains what is pending and unblocks only the
 * signals the loop itself blocked; with no watcher left a signal is dropped
 * rather than risk its default action. Exited children are reaped with a
 * waitpid(-1) sweep; exits nobody watches are dropped. Never logs.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ev/ev_priv.h"

/* Blocks signo and adds it to the signalfd mask (creating the signalfd). */
static int
ev_sigmask_add(struct ev_loop *loop, int signo)
{
	sigset_t one, old;
	int fd, err;

	if (sigismember(&loop->sigmask, signo) == 1)
		return 0;
	sigemptyset(&one);
	sigaddset(&one, signo);
	if (sigprocmask(SIG_BLOCK, &one, &old) < 0)
		return -errno;
	sigaddset(&loop->sigmask, signo);
	fd = signalfd(loop->sigfd, &loop->sigmask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0) {
		err = errno;
		sigdelset(&loop->sigmask, signo);
		if (!sigismember(&old, signo))
			sigprocmask(SIG_UNBLOCK, &one, NULL);
		return -err;
	}
	loop->sigfd = fd;
	if (!sigismember(&old, signo))
		sigaddset(&loop->blocked, signo);
	return 0;
}

int
ev_signal_setup(struct ev_loop *loop)
{
	struct epoll_event ev = {.events = EPOLLIN};
	int rc;

	sigemptyset(&loop->sigmask);
	sigemptyset(&loop->blocked);
	loop->sigfd = -1;
	rc = ev_sigmask_add(loop, SIGCHLD);
	if (rc < 0)
		return rc;
	ev.data.u64 = (uint64_t)EV_GEN_INTERNAL << 32 | (uint32_t)loop->sigfd;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, loop->sigfd, &ev) < 0) {
		rc = -errno;
		ev_signal_teardown(loop);
		return rc;
	}
	return 0;
}

void
ev_signal_teardown(struct ev_loop *loop)
{
	struct signalfd_siginfo buf[16];
	ssize_t r;

	if (loop->sigfd < 0)
		return;
	/*
	 * Signals that arrived while the loop owned them are consumed here, so
	 * unblocking does not run their default action (e.g. kill on SIGUSR1).
	 */
	do {
		r = read(loop->sigfd, buf, sizeof(buf));
	} while (r > 0 || (r < 0 && errno == EINTR));
	close(loop->sigfd);
	loop->sigfd = -1;
	sigprocmask(SIG_UNBLOCK, &loop->blocked, NULL);
	sigemptyset(&loop->blocked);
	sigemptyset(&loop->sigmask);
}

void
ev_signal_init(struct ev_signal *s, int signo, ev_signal_cb cb, void *arg)
{
	memset(s, 0, sizeof(*s));
	s->signo = signo;
	s->cb = cb;
	s->arg = arg;
}

int
ev_signal_start(struct ev_loop *loop, struct ev_signal *s)
{
	int rc;

	if (s->active)
		return 0;
	if (s->signo <= 0 || s->signo >= NSIG || s->signo == SIGKILL || s->signo == SIGSTOP ||
	    !s->cb)
		return -EINVAL;
	rc = ev_sigmask_add(loop, s->signo);
	if (rc < 0)
		return rc;
	/* newest first: a watcher started during dispatch waits for the next signal */
	s->next = loop->signals;
	loop->signals = s;
	s->active = true;
	loop->signal_count++;
	return 0;
}

void
ev_signal_stop(struct ev_loop *loop, struct ev_signal *s)
{
	struct ev_signal **pp;

	if (!s->active)
		return;
	for (pp = &loop->signals; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	}
	if (loop->sig_next == s)
		loop->sig_next = s->next;
	s->next = NULL;
	s->active = false;
	loop->signal_count--;
}

/*
 * Calls every watcher of info's signal. The cursor lives in the loop so that
 * ev_signal_stop() can step it past a watcher a callback removes or frees.
 */
static int
ev_signal_deliver(struct ev_loop *loop, const struct signalfd_siginfo *info)
{
	struct ev_signal *s;
	int n = 0;

	if (info->ssi_signo == SIGCHLD)
		loop->child_sweep = true;
	loop->sig_next = loop->signals;
	while ((s = loop->sig_next) != NULL) {
		loop->sig_next = s->next;
		if (s->active && (uint32_t)s->signo == info->ssi_signo) {
			s->cb(loop, s, info, s->arg);
			n++;
		}
	}
	return n;
}

int
ev_signal_dispatch(struct ev_loop *loop)
{
	struct signalfd_siginfo buf[16];
	int n = 0;

	for (;;) {
		ssize_t r = read(loop->sigfd, buf, sizeof(buf));
		size_t i, cnt;

		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				break;
			return -errno;
		}
		cnt = (size_t)r / sizeof(buf[0]);
		for (i = 0; i < cnt; i++)
			n += ev_signal_deliver(loop, &buf[i]);
		if (cnt < sizeof(buf) / sizeof(buf[0]))
			break;
	}
	return n;
}

void
ev_child_init(struct ev_child *c, pid_t pid, ev_child_cb cb, void *arg)
{
	memset(c, 0, sizeof(*c));
	c->pid = pid;
	c->cb = cb;
	c->arg = arg;
}

int
ev_child_start(struct ev_loop *loop, struct ev_child *c)
{
	if (c->active)
		return 0;
	if (c->pid <= 0 || !c->cb)
		return -EINVAL;
	c->next = loop->children;
	loop->children = c;
	c->active = true;
	loop->child_count++;
	/* the child may have exited (and its SIGCHLD been consumed) already */
	loop->child_sweep = true;
	return 0;
}

void
ev_child_stop(struct ev_loop *loop, struct ev_child *c)
{
	struct ev_child **pp;

	if (!c->active)
		return;
	for (pp = &loop->children; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	if (loop->child_next == c)
		loop->child_next = c->next;
	c->next = NULL;
	c->active = false;
	loop->child_count--;
}

/* Hands one reaped exit to every watcher of pid; each becomes inactive first. */
static int
ev_child_deliver(struct ev_loop *loop, pid_t pid, int status)
{
	struct ev_child *c;
	int n = 0;

	loop->child_next = loop->children;
	while ((c = loop->child_next) != NULL) {
		loop->child_next = c->next;
		if (c->pid != pid)
			continue;
		ev_child_stop(loop, c);
		c->cb(loop, c, status, c->arg);
		n++;
	}
	return n;
}

int
ev_child_sweep(struct ev_loop *loop)
{
	int n = 0;

	if (!loop->child_sweep)
		return 0;
	loop->child_sweep = false;
	for (;;) {
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);

		if (pid < 0 && errno == EINTR)
			continue;
		if (pid <= 0)
			break;
		n += ev_child_deliver(loop, pid, status);
	}
	return n;
}
