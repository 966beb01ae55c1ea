/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ev_loop: the loop itself (epoll), the cached clock and fd watchers.
 * One iteration arms the timerfd for the earliest timer, waits in
 * epoll_wait(), dispatches ready fds and signals, sweeps exited children,
 * then fires due timers. Events fetched in a batch are validated against a
 * table indexed by fd before dispatch, so a callback may stop or free any
 * watcher. Never logs, never exits: errors are -errno.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "ev/ev_priv.h"
#include "util/xalloc.h"

#define EV_MAX_EVENTS 64

static uint64_t
ev_monotonic_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * EV_USEC_PER_SEC + (uint64_t)ts.tv_nsec / 1000u;
}

uint64_t
ev_now(const struct ev_loop *loop)
{
	return loop->now;
}

void
ev_now_update(struct ev_loop *loop)
{
	loop->now = loop->clock_fn ? loop->clock_fn(loop->clock_ctx) : ev_monotonic_us();
}

void
ev_loop_set_clock(struct ev_loop *loop, ev_clock_fn fn, void *ctx)
{
	loop->clock_fn = fn;
	loop->clock_ctx = fn ? ctx : NULL;
	ev_now_update(loop);
}

struct ev_loop *
ev_loop_new(void)
{
	struct ev_loop *loop = calloc(1, sizeof(*loop));
	int err;

	if (!loop)
		return NULL;
	loop->sigfd = -1;
	loop->tfd = -1;
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0) {
		err = errno;
		free(loop);
		errno = err;
		return NULL;
	}
	err = ev_timerfd_setup(loop);
	if (err == 0)
		err = ev_signal_setup(loop);
	if (err < 0) {
		if (loop->tfd >= 0)
			close(loop->tfd);
		close(loop->epfd);
		free(loop);
		errno = -err;
		return NULL;
	}
	ev_now_update(loop);
	return loop;
}

/* Marks every watcher inactive so an owner's later _stop() is a no-op. */
static void
ev_loop_forget_watchers(struct ev_loop *loop)
{
	struct ev_signal *s;
	struct ev_child *c;
	size_t fd;

	for (fd = 0; fd < loop->fds_cap; fd++) {
		if (loop->fds[fd].io)
			loop->fds[fd].io->active = false;
	}
	for (s = loop->signals; s; s = s->next)
		s->active = false;
	for (c = loop->children; c; c = c->next)
		c->active = false;
	ev_timer_clear_all(loop);
}

void
ev_loop_free(struct ev_loop *loop)
{
	if (!loop)
		return;
	ev_loop_forget_watchers(loop);
	ev_signal_teardown(loop);
	close(loop->tfd);
	close(loop->epfd);
	free(loop->fds);
	free(loop);
}

void
ev_loop_free_after_fork(struct ev_loop *loop)
{
	if (!loop)
		return;
	/* The watchers belong to the other process: never call or touch them,
	 * and leave the signal mask and any pending signals to the new loop.
	 * The timerfd is shared with the parent: close it, never disarm it. */
	close(loop->sigfd);
	close(loop->tfd);
	close(loop->epfd);
	free(loop->heap);
	free(loop->fds);
	free(loop);
}

void
ev_break(struct ev_loop *loop)
{
	loop->brk = true;
}

static bool
ev_loop_alive(const struct ev_loop *loop)
{
	return loop->heap_len || loop->io_count || loop->signal_count || loop->child_count;
}

int
ev_run(struct ev_loop *loop)
{
	loop->brk = false;
	while (!loop->brk && ev_loop_alive(loop)) {
		int rc = ev_run_once(loop, UINT64_MAX);

		if (rc < 0)
			return rc;
	}
	loop->brk = false;
	return 0;
}

/*
 * epoll_wait() timeout in ms: 0 when work is pending or with a fake clock,
 * else the caller's bound (rounded up), -1 for none. Timers wake the loop
 * through the timerfd; only if it cannot be armed do they shorten the wait.
 */
static int
ev_poll_timeout_ms(struct ev_loop *loop, uint64_t timeout_us)
{
	uint64_t wait_us = timeout_us;
	uint64_t ms;

	if (!ev_timerfd_sync(loop) && ev_timer_next_delay(loop) < wait_us)
		wait_us = ev_timer_next_delay(loop);
	if (loop->clock_fn || loop->child_sweep || wait_us == 0 || ev_timer_next_delay(loop) == 0)
		return 0;
	if (wait_us == UINT64_MAX)
		return -1;
	ms = wait_us / 1000u + (wait_us % 1000u != 0);
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

static unsigned
ev_io_revents(const struct ev_io *io, uint32_t ep)
{
	unsigned rev = 0;

	if (ep & EPOLLIN)
		rev |= EV_READ;
	if (ep & EPOLLOUT)
		rev |= EV_WRITE;
	if (ep & (EPOLLERR | EPOLLHUP))
		rev |= EV_ERROR | EV_READ | EV_WRITE;
	rev &= io->events | EV_ERROR;
	return rev;
}

/* Dispatches one epoll event for a watcher; returns 1 if a callback ran. */
static int
ev_io_dispatch(struct ev_loop *loop, const struct epoll_event *ev)
{
	int fd = (int)(uint32_t)ev->data.u64;
	uint32_t gen = (uint32_t)(ev->data.u64 >> 32);
	struct ev_fd_slot *slot;
	struct ev_io *io;
	unsigned rev;

	if (fd < 0 || (size_t)fd >= loop->fds_cap)
		return 0;
	slot = &loop->fds[fd];
	io = slot->io;
	/* stopped (maybe freed) or replaced since epoll_wait(): stale event */
	if (!io || slot->gen != gen || !io->active || io->fd != fd)
		return 0;
	rev = ev_io_revents(io, ev->events);
	if (!rev)
		return 0;
	if (slot->timeout_us)
		ev_timer_start(loop, &io->timeout, slot->timeout_us);
	io->cb(loop, io, rev, io->arg);
	return 1;
}

static int
ev_dispatch_batch(struct ev_loop *loop, const struct epoll_event *evs, int nev)
{
	int i, n = 0;

	for (i = 0; i < nev; i++) {
		if ((uint32_t)(evs[i].data.u64 >> 32) != EV_GEN_INTERNAL) {
			n += ev_io_dispatch(loop, &evs[i]);
		} else if ((int)(uint32_t)evs[i].data.u64 == loop->tfd) {
			ev_timerfd_read(loop); /* the timers themselves run after the batch */
		} else {
			int rc = ev_signal_dispatch(loop);

			if (rc < 0)
				return rc;
			n += rc;
		}
	}
	return n;
}

int
ev_run_once(struct ev_loop *loop, uint64_t timeout_us)
{
	struct epoll_event evs[EV_MAX_EVENTS];
	int nev, n, rc;

	ev_now_update(loop);
	nev = epoll_wait(loop->epfd, evs, EV_MAX_EVENTS, ev_poll_timeout_ms(loop, timeout_us));
	if (nev < 0) {
		if (errno != EINTR)
			return -errno;
		nev = 0;
	}
	ev_now_update(loop);
	n = ev_dispatch_batch(loop, evs, nev);
	if (n < 0)
		return n;
	n += ev_child_sweep(loop);
	rc = ev_timer_run_due(loop);
	return n + rc;
}

/* fd watchers */

static void
ev_io_timeout_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct ev_io *io = arg;

	(void)t;
	/* keep reporting while idle; the callback may stop or restart the watcher */
	ev_timer_start(loop, &io->timeout, loop->fds[io->fd].timeout_us);
	io->cb(loop, io, EV_TIMEOUT, io->arg);
}

void
ev_io_init(struct ev_io *io, int fd, ev_io_cb cb, void *arg)
{
	memset(io, 0, sizeof(*io));
	io->fd = fd;
	io->cb = cb;
	io->arg = arg;
	ev_timer_init(&io->timeout, ev_io_timeout_cb, io);
}

static void
ev_fds_grow(struct ev_loop *loop, size_t need)
{
	size_t ncap = loop->fds_cap ? loop->fds_cap : 64;

	if (need <= loop->fds_cap)
		return;
	while (ncap < need)
		ncap *= 2;
	/* xrealloc aborts on OOM; fd numbers are bounded by RLIMIT_NOFILE */
	loop->fds = xrealloc(loop->fds, ncap * sizeof(*loop->fds));
	memset(loop->fds + loop->fds_cap, 0, (ncap - loop->fds_cap) * sizeof(*loop->fds));
	loop->fds_cap = ncap;
}

static int
ev_io_register(struct ev_loop *loop, struct ev_io *io, uint32_t ep)
{
	struct epoll_event ev = {.events = ep};
	struct ev_fd_slot *slot;
	uint32_t gen;

	ev_fds_grow(loop, (size_t)io->fd + 1);
	slot = &loop->fds[io->fd];
	if (slot->io)
		return -EEXIST;
	gen = ++loop->io_gen;
	if (gen == EV_GEN_INTERNAL)
		gen = ++loop->io_gen;
	ev.data.u64 = (uint64_t)gen << 32 | (uint32_t)io->fd;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, io->fd, &ev) < 0)
		return -errno;
	slot->io = io;
	slot->gen = gen;
	io->active = true;
	loop->io_count++;
	return 0;
}

int
ev_io_start(struct ev_loop *loop, struct ev_io *io, unsigned events, uint64_t timeout_us)
{
	uint32_t ep = 0;
	int rc;

	if (io->fd < 0 || (events & ~(EV_READ | EV_WRITE)) || !io->cb)
		return -EINVAL;
	if (events & EV_READ)
		ep |= EPOLLIN;
	if (events & EV_WRITE)
		ep |= EPOLLOUT;
	if (io->active) {
		struct ev_fd_slot *slot;
		struct epoll_event ev = {.events = ep};

		/* io->fd must not change while the watcher is active */
		if ((size_t)io->fd >= loop->fds_cap || loop->fds[io->fd].io != io)
			return -EINVAL;
		slot = &loop->fds[io->fd];
		ev.data.u64 = (uint64_t)slot->gen << 32 | (uint32_t)io->fd;
		if (epoll_ctl(loop->epfd, EPOLL_CTL_MOD, io->fd, &ev) < 0)
			return -errno;
	} else {
		rc = ev_io_register(loop, io, ep);
		if (rc < 0)
			return rc;
	}
	io->events = events;
	/* zero-initialised watchers skipped ev_io_init(): wire the timeout here */
	io->timeout.cb = ev_io_timeout_cb;
	io->timeout.arg = io;
	loop->fds[io->fd].timeout_us = timeout_us;
	if (timeout_us)
		ev_timer_start(loop, &io->timeout, timeout_us);
	else
		ev_timer_stop(loop, &io->timeout);
	return 0;
}

void
ev_io_stop(struct ev_loop *loop, struct ev_io *io)
{
	struct ev_fd_slot *slot;

	if (!io->active)
		return;
	io->active = false;
	loop->io_count--;
	ev_timer_stop(loop, &io->timeout);
	if ((size_t)io->fd >= loop->fds_cap || loop->fds[io->fd].io != io)
		return;
	slot = &loop->fds[io->fd];
	slot->io = NULL;
	slot->gen = 0;
	slot->timeout_us = 0;
	/* fails harmlessly with EBADF if the owner already closed the fd */
	(void)epoll_ctl(loop->epfd, EPOLL_CTL_DEL, io->fd, NULL);
}
