/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ev: a small single-threaded event loop (epoll) with timers on a min-heap
 * (woken by one timerfd: exact to the microsecond, without the slack and the
 * millisecond rounding of an epoll_wait() timeout), fd watchers with optional
 * timeouts, signals through one signalfd, child-exit watchers and a monotonic
 * clock cached once per iteration (replaceable by a fake clock in tests).
 *
 * Watchers are structs embedded in their owner and zero-initialised or set up
 * with the *_init() helpers. Stopping a watcher that is not running is a
 * no-op, so an owner's _free() may stop all its watchers unconditionally; a
 * watcher may be stopped, re-armed or freed from inside any callback
 * (including its own). This module never logs and never exits the process.
 */
#ifndef VIGIL_EV_H
#define VIGIL_EV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/signalfd.h>
#include <sys/types.h>

struct ev_loop;
struct ev_timer;
struct ev_io;
struct ev_signal;
struct ev_child;

/* Times are microseconds of CLOCK_MONOTONIC (or of the fake clock). */
#define EV_USEC_PER_SEC 1000000ULL

/* Event bits passed to ev_io callbacks. */
#define EV_READ	   0x1u
#define EV_WRITE   0x2u
#define EV_TIMEOUT 0x4u /* the watcher's timeout expired before the fd was ready */
#define EV_ERROR   0x8u /* EPOLLERR / EPOLLHUP (also reported with READ/WRITE bits) */

typedef void (*ev_timer_cb)(struct ev_loop *loop, struct ev_timer *t, void *arg);
typedef void (*ev_io_cb)(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg);
typedef void (*ev_signal_cb)(struct ev_loop *loop, struct ev_signal *s,
			     const struct signalfd_siginfo *info, void *arg);
/* status is as from waitpid(): use WIFEXITED() etc. */
typedef void (*ev_child_cb)(struct ev_loop *loop, struct ev_child *c, int status, void *arg);
/* Returns the current time in microseconds; for ev_loop_set_clock(). */
typedef uint64_t (*ev_clock_fn)(void *ctx);

struct ev_timer {
	uint64_t expiry;   /* absolute time, microseconds */
	uint64_t seq;	   /* insertion order: timers with equal expiry fire FIFO */
	size_t heap_index; /* 0 when not armed, else 1-based position in the heap */
	ev_timer_cb cb;
	void *arg;
};

struct ev_io {
	int fd;
	unsigned events; /* EV_READ | EV_WRITE requested */
	bool active;
	struct ev_timer timeout; /* armed only when started with a timeout */
	ev_io_cb cb;
	void *arg;
};

struct ev_signal {
	int signo;
	bool active;
	struct ev_signal *next; /* loop's list of watchers */
	ev_signal_cb cb;
	void *arg;
};

struct ev_child {
	pid_t pid;
	bool active;
	struct ev_child *next; /* loop's list of watchers */
	ev_child_cb cb;
	void *arg;
};

/* Loop. ev_loop_new() returns an owned loop or NULL with errno set. */
struct ev_loop *ev_loop_new(void);
/* Closes the loop's fds and restores the signal mask it changed; watchers are not called. */
void ev_loop_free(struct ev_loop *loop);
/*
 * Runs until ev_break() or until no watcher is active. Returns 0, or -errno on a loop error.
 * Not re-entrant: do not call ev_run()/ev_run_once()/ev_loop_free() from a callback.
 */
/*
 * In a forked child: closes the parent's loop fds (the timerfd too, without
 * disarming it: the parent shares it; a loop made now gets its own) and
 * frees its memory
 * without calling, stopping or touching any watcher, and without changing
 * the signal mask or draining pending signals (they belong to the child's
 * own loop now). The watchers' memory is the parent's copy: leave it alone.
 */
void ev_loop_free_after_fork(struct ev_loop *loop);
int ev_run(struct ev_loop *loop);
/*
 * Runs one iteration: waits at most timeout_us (0 = poll, UINT64_MAX = until
 * the next timer or event), dispatches what is ready. Returns the number of
 * callbacks run, or -errno.
 */
int ev_run_once(struct ev_loop *loop, uint64_t timeout_us);
/* Makes ev_run() return once the current iteration has dispatched what it fetched. */
void ev_break(struct ev_loop *loop);

/* Clock. ev_now() is the time cached at the start of the current iteration. */
uint64_t ev_now(const struct ev_loop *loop);
void ev_now_update(struct ev_loop *loop);
/*
 * Replace the clock (tests). With a fake clock the loop never sleeps waiting
 * for a timer (its timerfd stays disarmed): ev_run_once() polls fds with a
 * zero timeout and fires timers whose expiry is <= the fake now. fn == NULL
 * restores CLOCK_MONOTONIC.
 * Armed timers keep their absolute expiry: switch clocks before arming any.
 */
void ev_loop_set_clock(struct ev_loop *loop, ev_clock_fn fn, void *ctx);

/* Timers. */
void ev_timer_init(struct ev_timer *t, ev_timer_cb cb, void *arg);
/* (Re)arms t to fire once at ev_now() + after_us. Re-arming an armed timer moves it. */
void ev_timer_start(struct ev_loop *loop, struct ev_timer *t, uint64_t after_us);
/* (Re)arms t to fire once at the absolute time at_us. */
void ev_timer_start_at(struct ev_loop *loop, struct ev_timer *t, uint64_t at_us);
void ev_timer_stop(struct ev_loop *loop, struct ev_timer *t);
bool ev_timer_active(const struct ev_timer *t);
/* Number of armed timers (tests and stats). */
size_t ev_timer_count(const struct ev_loop *loop);

/* fd watchers. */
void ev_io_init(struct ev_io *io, int fd, ev_io_cb cb, void *arg);
/*
 * Starts (or changes) watching io->fd for events (EV_READ|EV_WRITE). If
 * timeout_us is non-zero the callback gets EV_TIMEOUT when nothing arrived
 * for that long; the timeout restarts each time the callback runs for a
 * ready fd. After EV_TIMEOUT the timeout is re-armed, so an idle fd keeps
 * reporting it every timeout_us until the callback stops or restarts the
 * watcher. One watcher per fd (-EEXIST); io->fd must not change while the
 * watcher is active, and the watcher must be stopped before its fd is closed.
 * Returns 0 or -errno (from epoll_ctl, or -EINVAL).
 */
int ev_io_start(struct ev_loop *loop, struct ev_io *io, unsigned events, uint64_t timeout_us);
void ev_io_stop(struct ev_loop *loop, struct ev_io *io);

/*
 * Signals: the loop blocks signo and reads it from its signalfd. Several
 * watchers may watch one signal. Returns 0 or -errno. The signal stays
 * blocked (and is dropped while no watcher is active) until ev_loop_free(),
 * which discards pending instances and unblocks only what the loop blocked.
 * ev_loop_new() blocks SIGCHLD: code that forks must reset the child's mask.
 */
void ev_signal_init(struct ev_signal *s, int signo, ev_signal_cb cb, void *arg);
int ev_signal_start(struct ev_loop *loop, struct ev_signal *s);
void ev_signal_stop(struct ev_loop *loop, struct ev_signal *s);

/*
 * Child exits: the loop watches SIGCHLD itself and reaps with waitpid().
 * The callback runs once, after which the watcher is inactive. Exits of
 * children nobody watches are reaped and dropped (no zombies), so start
 * the watcher right after fork(), before the loop runs again; an exit that
 * happened before ev_child_start() is still delivered.
 */
void ev_child_init(struct ev_child *c, pid_t pid, ev_child_cb cb, void *arg);
int ev_child_start(struct ev_loop *loop, struct ev_child *c);
void ev_child_stop(struct ev_loop *loop, struct ev_child *c);

#endif
