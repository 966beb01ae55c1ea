/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ev_priv: the loop structure shared by ev_loop.c, ev_timer.c and
 * ev_signal.c. Nothing outside lib/ev/ may include this header.
 */
#ifndef VIGIL_EV_PRIV_H
#define VIGIL_EV_PRIV_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ev/ev.h"

/*
 * One slot per fd number. gen identifies one epoll registration: it is stored
 * in the high half of epoll_data.u64 (the fd in the low half), so an event
 * already fetched for a registration that was removed (and perhaps replaced
 * by a new one on a reused fd) is recognised as stale and dropped.
 */
struct ev_fd_slot {
	struct ev_io *io;
	uint32_t gen;
	uint64_t timeout_us;
};

/*
 * Registration generation 0 marks the loop's own fds (signalfd, timerfd),
 * told apart by the fd in the low half.
 */
#define EV_GEN_INTERNAL 0u

struct ev_loop {
	int epfd;
	int sigfd;
	int tfd;	    /* timerfd (CLOCK_MONOTONIC) armed for the earliest timer */
	uint64_t tfd_armed; /* absolute expiry it is armed for (us), 0 = disarmed */

	/* clock */
	uint64_t now;
	ev_clock_fn clock_fn;
	void *clock_ctx;

	/* timers: 1-based binary min-heap stored in heap[0 .. heap_len - 1] */
	struct ev_timer **heap;
	size_t heap_len;
	size_t heap_cap;
	uint64_t timer_seq;

	/* fd watchers */
	struct ev_fd_slot *fds;
	size_t fds_cap;
	size_t io_count;
	uint32_t io_gen;

	/* signals */
	sigset_t sigmask;	    /* signals read through sigfd */
	sigset_t blocked;	    /* signals this loop blocked (restored by ev_loop_free) */
	struct ev_signal *signals;  /* active watchers, newest first */
	struct ev_signal *sig_next; /* dispatch cursor, advanced by ev_signal_stop() */
	size_t signal_count;

	/* children */
	struct ev_child *children;   /* active watchers, newest first */
	struct ev_child *child_next; /* dispatch cursor, advanced by ev_child_stop() */
	size_t child_count;
	bool child_sweep; /* SIGCHLD seen or watcher started: waitpid() sweep due */

	bool brk;
};

/* ev_timer.c */
/* Fires due timers one at a time from the heap top; returns callbacks run. */
int ev_timer_run_due(struct ev_loop *loop);
/* Microseconds until the earliest timer (0 if due), or UINT64_MAX if none. */
uint64_t ev_timer_next_delay(const struct ev_loop *loop);
/* Disarms every timer without calling it (ev_loop_free). */
void ev_timer_clear_all(struct ev_loop *loop);
/* Creates the timerfd and registers it in epoll; 0 or -errno. */
int ev_timerfd_setup(struct ev_loop *loop);
/*
 * Before epoll_wait(): arms the timerfd for the earliest timer (real clock
 * only; a fake clock disarms it). Returns false if the timerfd could not be
 * armed, in which case the caller falls back to an epoll_wait() timeout.
 */
bool ev_timerfd_sync(struct ev_loop *loop);
/* The timerfd was reported readable: consumes its expiry count. */
void ev_timerfd_read(struct ev_loop *loop);

/* ev_signal.c */
/* Blocks SIGCHLD and creates the signalfd; 0 or -errno. */
int ev_signal_setup(struct ev_loop *loop);
/* Drains the signalfd, closes it and unblocks what the loop blocked. */
void ev_signal_teardown(struct ev_loop *loop);
/* Reads the signalfd and dispatches; returns callbacks run or -errno. */
int ev_signal_dispatch(struct ev_loop *loop);
/* waitpid() sweep if one is due; returns callbacks run. */
int ev_child_sweep(struct ev_loop *loop);

#endif
