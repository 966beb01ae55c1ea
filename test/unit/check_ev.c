/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_ev: unit tests for lib/ev: timers on a fake clock and heap consistency,
 * fd watchers on pipes, signals, child exits, run/break (the timerfd the
 * real-clock loop sleeps on: check_ev_timerfd.c). Needs Check's fork mode:
 * tests keep state in globals and change the signal mask.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ev/ev.h"
#include "ev/ev_priv.h"

static uint64_t fake_now;  /* the fake clock */
static uint64_t fake_step; /* advanced on every read when non-zero */

static uint64_t
fake_clock(void *ctx)
{
	(void)ctx;
	fake_now += fake_step;
	return fake_now;
}

static struct ev_loop *
new_fake_loop(uint64_t start)
{
	struct ev_loop *loop = ev_loop_new();

	fake_now = start;
	fake_step = 0;
	ev_loop_set_clock(loop, fake_clock, NULL);
	return loop;
}

/* records which timers fired, in order */

static int fired[16];
static int nfired;

static void
record_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	ck_assert_int_lt(nfired, 16);
	fired[nfired++] = (int)(intptr_t)arg;
}

START_TEST(test_timer_order)
{
	struct ev_loop *loop = new_fake_loop(1000);
	struct ev_timer t[5];
	static const uint64_t after[5] = {30, 10, 20, 10, 10};
	static const int want[5] = {1, 3, 4, 2, 0};
	int i;

	for (i = 0; i < 5; i++) {
		ev_timer_init(&t[i], record_cb, (void *)(intptr_t)i);
		ev_timer_start(loop, &t[i], after[i]);
	}
	ck_assert_uint_eq(ev_timer_count(loop), 5);
	fake_now = 1009;
	ck_assert_int_eq(ev_run_once(loop, 0), 0);
	fake_now = 1015;
	ck_assert_int_eq(ev_run_once(loop, 0), 3);
	fake_now = 1030;
	ck_assert_int_eq(ev_run_once(loop, 0), 2);
	ck_assert_int_eq(nfired, 5);
	ck_assert_uint_eq(ev_timer_count(loop), 0);
	for (i = 0; i < 5; i++) {
		ck_assert_int_eq(fired[i], want[i]);
		ck_assert(!ev_timer_active(&t[i]));
	}
	ev_loop_free(loop);
}
END_TEST

/* A timer due earlier cancels, re-arms or frees timers due in the same iteration. */

struct owner {
	struct ev_timer t;
	char payload[32];
};

static struct ev_timer later_stop, later_move;
static struct owner *later_owned;

static void
canceller_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	record_cb(loop, t, arg);
	ev_timer_stop(loop, &later_stop);
	ev_timer_start(loop, &later_move, 100);
	ev_timer_stop(loop, &later_owned->t);
	free(later_owned);
	later_owned = NULL;
}

START_TEST(test_timer_cancel_in_callback)
{
	struct ev_loop *loop = new_fake_loop(0);
	struct ev_timer first;

	ev_timer_init(&first, canceller_cb, (void *)(intptr_t)1);
	ev_timer_init(&later_stop, record_cb, (void *)(intptr_t)2);
	ev_timer_init(&later_move, record_cb, (void *)(intptr_t)3);
	later_owned = calloc(1, sizeof(*later_owned));
	ev_timer_init(&later_owned->t, record_cb, (void *)(intptr_t)4);
	ev_timer_start(loop, &first, 10);
	ev_timer_start(loop, &later_stop, 20);
	ev_timer_start(loop, &later_move, 20);
	ev_timer_start(loop, &later_owned->t, 10); /* same expiry, armed after first */
	fake_now = 50;
	ck_assert_int_eq(ev_run_once(loop, 0), 1);
	ck_assert_int_eq(nfired, 1); /* 2 stopped, 3 moved, 4 stopped and freed */
	ck_assert(!ev_timer_active(&later_stop));
	ck_assert(ev_timer_active(&later_move));
	ck_assert_uint_eq(later_move.expiry, 150);
	ck_assert_uint_eq(ev_timer_count(loop), 1);
	fake_now = 150;
	ck_assert_int_eq(ev_run_once(loop, 0), 1);
	ck_assert_int_eq(fired[1], 3);
	ev_loop_free(loop);
}
END_TEST

static int periodic_hits;

static void
periodic_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	uint64_t period = (uint64_t)(uintptr_t)arg;

	periodic_hits++;
	ck_assert_uint_le(t->expiry, ev_now(loop));
	ck_assert(!ev_timer_active(t)); /* disarmed before its callback */
	if (periodic_hits < 5 || period == 0)
		ev_timer_start(loop, t, period);
}

START_TEST(test_timer_periodic)
{
	struct ev_loop *loop = new_fake_loop(0);
	struct ev_timer t;
	int step;

	ev_timer_init(&t, periodic_cb, (void *)(uintptr_t)100);
	ev_timer_start(loop, &t, 100);
	for (step = 1; step <= 10; step++) {
		fake_now += 50;
		ck_assert_int_eq(ev_run_once(loop, 0), 0);
		fake_now += 50;
		ck_assert_int_eq(ev_run_once(loop, 0), step <= 5 ? 1 : 0);
		ck_assert_int_eq(periodic_hits, step <= 5 ? step : 5);
	}
	ck_assert(!ev_timer_active(&t));

	/* a big clock jump fires once (no catch-up burst) */
	periodic_hits = 0;
	ev_timer_start(loop, &t, 100);
	fake_now += 10000;
	ck_assert_int_eq(ev_run_once(loop, 0), 1);
	ck_assert_int_eq(periodic_hits, 1);
	ev_timer_stop(loop, &t);

	/* re-arming with zero delay fires once per iteration, never spins */
	periodic_hits = 0;
	ev_timer_init(&t, periodic_cb, (void *)(uintptr_t)0);
	ev_timer_start(loop, &t, 0);
	ck_assert_int_eq(ev_run_once(loop, 0), 1);
	ck_assert_int_eq(ev_run_once(loop, 0), 1);
	ck_assert_int_eq(periodic_hits, 2);
	ck_assert(ev_timer_active(&t));
	ev_loop_free(loop);
	ck_assert(!ev_timer_active(&t)); /* the loop disarmed it */
}
END_TEST

static void
free_self_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	record_cb(loop, t, (void *)(intptr_t)9);
	ev_timer_stop(loop, t); /* already disarmed: must be a no-op */
	free(arg);
}

START_TEST(test_timer_stop_and_free)
{
	struct ev_loop *loop = new_fake_loop(0);
	struct ev_timer zero, t;
	int i;

	memset(&zero, 0, sizeof(zero));
	ev_timer_stop(loop, &zero);
	ck_assert(!ev_timer_active(&zero));
	ev_timer_init(&t, record_cb, (void *)(intptr_t)7);
	ev_timer_stop(loop, &t);
	ev_timer_start(loop, &t, 100);
	ev_timer_start(loop, &t, 50); /* re-arm moves it, no duplicate */
	ck_assert_uint_eq(ev_timer_count(loop), 1);
	ev_timer_stop(loop, &t);
	ev_timer_stop(loop, &t);
	ck_assert_uint_eq(ev_timer_count(loop), 0);
	ck_assert(!ev_timer_active(&t));
	ev_timer_start_at(loop, &t, 50);
	fake_now = 49;
	ck_assert_int_eq(ev_run_once(loop, 0), 0);
	fake_now = 50;
	ck_assert_int_eq(ev_run_once(loop, 0), 1);
	ck_assert_int_eq(fired[0], 7);

	/* owners freed by their own callbacks (ASan checks nothing touches them after) */
	for (i = 0; i < 3; i++) {
		struct owner *o = calloc(1, sizeof(*o));

		ev_timer_init(&o->t, free_self_cb, o);
		ev_timer_start(loop, &o->t, 10);
	}
	fake_now = 60;
	ck_assert_int_eq(ev_run_once(loop, 0), 3);
	ck_assert_int_eq(nfired, 4);
	ck_assert_uint_eq(ev_timer_count(loop), 0);
	ev_loop_free(loop);
}
END_TEST

/* many timers: heap invariants, sorted firing, random cancellation */

#define MANY 12000

static struct ev_timer many[MANY];
static uint64_t last_expiry, last_seq;
static int many_fired;

static void
heap_check(const struct ev_loop *loop)
{
	size_t i;

	for (i = 1; i <= loop->heap_len; i++) {
		const struct ev_timer *t = loop->heap[i - 1],
				      *p = loop->heap[i > 1 ? i / 2 - 1 : 0];

		ck_assert_uint_eq(t->heap_index, i);
		ck_assert(i == 1 || p->expiry < t->expiry ||
			  (p->expiry == t->expiry && p->seq < t->seq));
	}
}

static void
many_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)arg;
	ck_assert(t->expiry > last_expiry || (t->expiry == last_expiry && t->seq > last_seq));
	ck_assert_uint_le(t->expiry, ev_now(loop));
	last_expiry = t->expiry;
	last_seq = t->seq;
	many_fired++;
}

START_TEST(test_timer_many)
{
	struct ev_loop *loop = new_fake_loop(0);
	unsigned seed = 12345;
	int i, live = MANY;

	for (i = 0; i < MANY; i++) {
		ev_timer_init(&many[i], many_cb, NULL);
		/* small range so many expiries tie */
		ev_timer_start(loop, &many[i], 1 + (uint64_t)(rand_r(&seed) % 5000));
	}
	heap_check(loop);
	for (i = 0; i < MANY; i++) {
		int r = rand_r(&seed) % 4;

		if (r < 2) {
			ev_timer_stop(loop, &many[i]);
			live--;
		} else if (r == 2) {
			ev_timer_start(loop, &many[i], 1 + (uint64_t)(rand_r(&seed) % 5000));
		}
	}
	heap_check(loop);
	ck_assert_uint_eq(ev_timer_count(loop), (size_t)live);
	fake_now = 2500;
	ck_assert_int_eq(ev_run_once(loop, 0), many_fired);
	heap_check(loop);
	ck_assert_int_gt(many_fired, 0);
	ck_assert_int_lt(many_fired, live);
	fake_now = 5000;
	ev_run_once(loop, 0);
	ck_assert_int_eq(many_fired, live);
	ck_assert_uint_eq(ev_timer_count(loop), 0);
	for (i = 0; i < MANY; i++)
		ck_assert(!ev_timer_active(&many[i]));
	ev_loop_free(loop);
}
END_TEST

/* fd watchers */

struct io_rec {
	int calls;
	unsigned revents[8];
	bool drain;
};

static void
io_rec_cb(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct io_rec *r = arg;
	char buf[64];

	(void)loop;
	if (r->calls < 8)
		r->revents[r->calls] = revents;
	r->calls++;
	if (r->drain && (revents & EV_READ))
		ck_assert_int_ge(read(io->fd, buf, sizeof(buf)), 0);
}

START_TEST(test_io_read_write)
{
	struct ev_loop *loop = ev_loop_new();
	struct io_rec rr = {.drain = true}, wr = {0};
	struct ev_io rio, wio;
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	ev_io_init(&rio, p[0], io_rec_cb, &rr);
	ev_io_init(&wio, p[1], io_rec_cb, &wr);
	ck_assert_int_eq(ev_io_start(loop, &rio, EV_READ, 0), 0);
	ck_assert_int_eq(ev_run_once(loop, 0), 0);
	ck_assert_int_eq(ev_io_start(loop, &wio, EV_WRITE, 0), 0);
	ck_assert_int_eq(ev_run_once(loop, 0), 1);
	ck_assert_int_eq(wr.calls, 1);
	ck_assert_uint_eq(wr.revents[0], EV_WRITE);
	ev_io_stop(loop, &wio);
	ck_assert_int_eq(write(p[1], "x", 1), 1);
	ck_assert_int_eq(ev_run_once(loop, EV_USEC_PER_SEC), 1);
	ck_assert_int_eq(rr.calls, 1);
	ck_assert_uint_eq(rr.revents[0], EV_READ);
	ck_assert_int_eq(ev_run_once(loop, 0), 0); /* drained */
	ev_io_stop(loop, &rio);
	ev_io_stop(loop, &rio);
	ck_assert(!rio.active);
	ev_loop_free(loop);
}
END_TEST

START_TEST(test_io_start_errors)
{
	struct ev_loop *loop = ev_loop_new();
	struct io_rec r = {0};
	struct ev_io a, b, bad;
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	ev_io_init(&a, p[0], io_rec_cb, &r);
	ev_io_init(&b, p[0], io_rec_cb, &r);
	ck_assert_int_eq(ev_io_start(loop, &a, EV_READ, 0), 0);
	ck_assert_int_eq(ev_io_start(loop, &b, EV_READ, 0), -EEXIST);
	ck_assert_int_eq(ev_io_start(loop, &a, EV_READ | EV_TIMEOUT, 0), -EINVAL);
	ev_io_init(&bad, 900, io_rec_cb, &r);
	ck_assert_int_eq(ev_io_start(loop, &bad, EV_READ, 0), -EBADF);
	ev_io_stop(loop, &a);
	ck_assert_int_eq(ev_io_start(loop, &b, EV_READ, 0), 0);
	ev_loop_free(loop);
	ck_assert(!b.active);
}
END_TEST

START_TEST(test_io_timeout)
{
	struct ev_loop *loop = new_fake_loop(0);
	struct io_rec r = {.drain = true};
	struct ev_io io;
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	ev_io_init(&io, p[0], io_rec_cb, &r);
	ck_assert_int_eq(ev_io_start(loop, &io, EV_READ, 1000), 0);
	fake_now = 999;
	ck_assert_int_eq(ev_run_once(loop, 0), 0);
	fake_now = 1000;
	ck_assert_int_eq(ev_run_once(loop, 0), 1);
	ck_assert_uint_eq(r.revents[0], EV_TIMEOUT);
	ck_assert(io.active);
	/* readiness at 1500 restarts the timeout: next one is due at 2500 */
	fake_now = 1500;
	ck_assert_int_eq(write(p[1], "x", 1), 1);
	ck_assert_int_eq(ev_run_once(loop, 0), 1);
	ck_assert_uint_eq(r.revents[1], EV_READ);
	fake_now = 2000;
	ck_assert_int_eq(ev_run_once(loop, 0), 0);
	fake_now = 2500;
	ck_assert_int_eq(ev_run_once(loop, 0), 1);
	ck_assert_uint_eq(r.revents[2], EV_TIMEOUT);
	/* restarting without a timeout disarms it */
	ck_assert_int_eq(ev_io_start(loop, &io, EV_READ, 0), 0);
	ck_assert_uint_eq(ev_timer_count(loop), 0);
	fake_now = 10000;
	ck_assert_int_eq(ev_run_once(loop, 0), 0);
	ck_assert_int_eq(r.calls, 3);
	ev_loop_free(loop);
}
END_TEST

START_TEST(test_io_hangup)
{
	struct ev_loop *loop = ev_loop_new();
	struct io_rec rr = {0}, wr = {0};
	struct ev_io rio, wio;
	int p[2], q[2];

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(pipe(q), 0);
	ev_io_init(&rio, p[0], io_rec_cb, &rr);
	ev_io_init(&wio, q[1], io_rec_cb, &wr);
	ck_assert_int_eq(ev_io_start(loop, &rio, EV_READ, 0), 0);
	ck_assert_int_eq(ev_io_start(loop, &wio, EV_WRITE, 0), 0);
	ck_assert_int_eq(write(q[1], "x", 1), 1);
	ck_assert_int_eq(ev_run_once(loop, 0), 1); /* write ready only */
	close(p[1]);
	close(q[0]);
	ck_assert_int_eq(ev_run_once(loop, EV_USEC_PER_SEC), 2);
	ck_assert_uint_eq(rr.revents[0], EV_READ | EV_ERROR);
	ck_assert_uint_eq(wr.revents[1], EV_WRITE | EV_ERROR);
	ev_loop_free(loop);
}
END_TEST

/* Two readable watchers in one batch: whichever runs first stops and frees the other. */

struct peer_io {
	struct ev_io io;
	struct peer_io **other;
	int wfd;
};

static struct peer_io *peers[2];
static int peer_calls, reused;
static struct ev_io fresh;
static struct io_rec fresh_rec;

static void
peer_cb(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct peer_io *self = arg, *victim = *self->other;
	int old_fd = victim->io.fd, p[2];

	(void)io;
	(void)revents;
	peer_calls++;
	ev_io_stop(loop, &victim->io);
	close(victim->io.fd);
	close(victim->wfd);
	free(victim);
	*self->other = NULL;
	/* reuse the victim's fd number for a new, idle watcher */
	ck_assert_int_eq(pipe(p), 0);
	reused = p[0] == old_fd; /* lowest free fd */
	ev_io_init(&fresh, p[0], io_rec_cb, &fresh_rec);
	ck_assert_int_eq(ev_io_start(loop, &fresh, EV_READ, 0), 0);
}

START_TEST(test_io_stop_other_in_batch)
{
	struct ev_loop *loop = ev_loop_new();
	int i, p[2];

	for (i = 0; i < 2; i++) {
		peers[i] = calloc(1, sizeof(*peers[i]));
		ck_assert_int_eq(pipe(p), 0);
		peers[i]->wfd = p[1];
		peers[i]->other = &peers[1 - i];
		ev_io_init(&peers[i]->io, p[0], peer_cb, peers[i]);
		ck_assert_int_eq(ev_io_start(loop, &peers[i]->io, EV_READ, 0), 0);
		ck_assert_int_eq(write(p[1], "x", 1), 1);
	}
	ck_assert_int_eq(ev_run_once(loop, EV_USEC_PER_SEC), 1);
	ck_assert_int_eq(peer_calls, 1);
	/* the stale event of the freed watcher reached neither it nor its fd's new owner */
	ck_assert(reused);
	ck_assert_int_eq(fresh_rec.calls, 0);
	ev_loop_free(loop);
	free(peers[0]);
	free(peers[1]);
}
END_TEST

/* signals */

static int sig_calls[2];
static uint32_t sig_seen;
static struct ev_signal sigw[2];
static bool sig_stop_other;

static void
sig_cb(struct ev_loop *loop, struct ev_signal *s, const struct signalfd_siginfo *info, void *arg)
{
	int i = (int)(intptr_t)arg;

	ck_assert_ptr_eq(s, &sigw[i]);
	sig_seen = info->ssi_signo;
	sig_calls[i]++;
	if (sig_stop_other)
		ev_signal_stop(loop, &sigw[1 - i]);
}

static bool
blocked(int signo)
{
	sigset_t cur;

	sigprocmask(SIG_BLOCK, NULL, &cur);
	return sigismember(&cur, signo) == 1;
}

START_TEST(test_signal_two_watchers)
{
	struct ev_loop *loop = ev_loop_new();
	int i;

	ck_assert(!blocked(SIGUSR1));
	ev_signal_init(&sigw[0], SIGKILL, sig_cb, NULL);
	ck_assert_int_eq(ev_signal_start(loop, &sigw[0]), -EINVAL);
	for (i = 0; i < 2; i++) {
		ev_signal_init(&sigw[i], SIGUSR1, sig_cb, (void *)(intptr_t)i);
		ck_assert_int_eq(ev_signal_start(loop, &sigw[i]), 0);
	}
	ck_assert(blocked(SIGUSR1));
	ck_assert_int_eq(ev_run_once(loop, 0), 0);
	raise(SIGUSR1);
	ck_assert_int_eq(ev_run_once(loop, EV_USEC_PER_SEC), 2);
	ck_assert_uint_eq(sig_seen, SIGUSR1);
	ck_assert_int_eq(sig_calls[0], 1);
	ck_assert_int_eq(sig_calls[1], 1);

	/* one watcher stops the other during dispatch: exactly one runs */
	sig_stop_other = true;
	raise(SIGUSR1);
	ck_assert_int_eq(ev_run_once(loop, EV_USEC_PER_SEC), 1);
	ck_assert_int_eq(sig_calls[0] + sig_calls[1], 3);

	/* with no watcher left the signal is dropped, not fatal */
	ev_signal_stop(loop, &sigw[0]);
	ev_signal_stop(loop, &sigw[1]);
	ev_signal_stop(loop, &sigw[1]);
	raise(SIGUSR1);
	ck_assert_int_eq(ev_run_once(loop, 0), 0);
	ck_assert_int_eq(ev_run(loop), 0);
	ev_loop_free(loop);
	ck_assert(!blocked(SIGUSR1));
}
END_TEST

START_TEST(test_signal_mask_restored)
{
	struct ev_loop *loop;
	struct ev_signal s2, s3;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL); /* blocked before the loop: stays blocked */
	ck_assert(!blocked(SIGCHLD));
	loop = ev_loop_new();
	ck_assert(blocked(SIGCHLD));
	ev_signal_init(&s2, SIGUSR2, sig_cb, NULL);
	ev_signal_init(&s3, SIGHUP, sig_cb, NULL);
	ck_assert_int_eq(ev_signal_start(loop, &s2), 0);
	ck_assert_int_eq(ev_signal_start(loop, &s3), 0);
	ck_assert(blocked(SIGHUP));
	raise(SIGHUP); /* pending at free: must be consumed, not kill us */
	ev_loop_free(loop);
	ck_assert(!s3.active);
	ck_assert(!blocked(SIGHUP));
	ck_assert(!blocked(SIGCHLD));
	ck_assert(blocked(SIGUSR2));
	ck_assert_int_eq(sig_calls[0], 0);
}
END_TEST

/* children */

static int child_calls, child_status;

static void
child_cb(struct ev_loop *loop, struct ev_child *c, int status, void *arg)
{
	(void)loop;
	ck_assert(!c->active);
	ck_assert_ptr_eq(arg, c);
	child_status = status;
	child_calls++;
}

static pid_t
spawn_exit(int code)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(code);
	return pid;
}

START_TEST(test_child_exit_status)
{
	struct ev_loop *loop = ev_loop_new();
	struct timespec zero = {0, 0};
	struct ev_child c;
	siginfo_t si;
	sigset_t set;
	pid_t pid;

	ev_child_init(&c, spawn_exit(7), child_cb, &c);
	ck_assert_int_eq(ev_child_start(loop, &c), 0);
	ck_assert_int_eq(ev_run(loop), 0); /* returns once the watcher is done */
	ck_assert_int_eq(child_calls, 1);
	ck_assert(WIFEXITED(child_status));
	ck_assert_int_eq(WEXITSTATUS(child_status), 7);
	ck_assert(!c.active);
	ck_assert_int_eq(waitpid(c.pid, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);

	/* exited before the watcher started, its SIGCHLD swallowed behind the loop's back */
	pid = spawn_exit(3);
	ck_assert_int_eq(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	ck_assert_int_eq(sigtimedwait(&set, NULL, &zero), SIGCHLD);
	ev_child_init(&c, pid, child_cb, &c);
	ck_assert_int_eq(ev_child_start(loop, &c), 0);
	ck_assert_int_eq(ev_run_once(loop, 0), 1);
	ck_assert_int_eq(child_calls, 2);
	ck_assert_int_eq(WEXITSTATUS(child_status), 3);
	ev_loop_free(loop);
}
END_TEST

/* True once the loop (not us) has reaped pid; peeks with WNOWAIT meanwhile. */
static bool
reaped_by_loop(struct ev_loop *loop, pid_t pid)
{
	siginfo_t si;
	int i;

	for (i = 0; i < 250; i++) {
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
			return errno == ECHILD;
		ev_run_once(loop, 20000);
	}
	return false;
}

START_TEST(test_child_unwatched_reaped)
{
	struct ev_loop *loop = ev_loop_new();
	struct ev_child c;

	ck_assert(reaped_by_loop(loop, spawn_exit(0)));
	ck_assert_int_eq(child_calls, 0);

	/* a stopped watcher is not called; its child is still reaped */
	ev_child_init(&c, spawn_exit(1), child_cb, &c);
	ck_assert_int_eq(ev_child_start(loop, &c), 0);
	ev_child_stop(loop, &c);
	ev_child_stop(loop, &c);
	ck_assert_int_eq(ev_run(loop), 0); /* nothing active */
	ck_assert(reaped_by_loop(loop, c.pid));
	ck_assert_int_eq(child_calls, 0);
	ev_loop_free(loop);
}
END_TEST

/* run, break, clock */

static int break_hits;

static void
break_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)arg;
	if (++break_hits % 3 == 0)
		ev_break(loop);
	ev_timer_start(loop, t, 10);
}

START_TEST(test_run_break)
{
	struct ev_loop *loop = new_fake_loop(0);
	struct ev_timer t;

	fake_step = 1; /* the fake clock advances by itself */
	ev_timer_init(&t, break_cb, NULL);
	ev_timer_start(loop, &t, 10);
	ck_assert_int_eq(ev_run(loop), 0);
	ck_assert_int_eq(break_hits, 3);
	ck_assert(ev_timer_active(&t));
	ck_assert_int_eq(ev_run(loop), 0);
	ck_assert_int_eq(break_hits, 6);
	ev_timer_stop(loop, &t);
	ck_assert_int_eq(ev_run(loop), 0);
	ev_loop_free(loop);
}
END_TEST

START_TEST(test_run_until_idle_and_clock)
{
	struct ev_loop *loop = ev_loop_new();
	struct ev_timer a, b;
	struct timespec ts = {0, 2000000};
	uint64_t t0;

	ev_timer_init(&a, record_cb, (void *)(intptr_t)1);
	ev_timer_init(&b, record_cb, (void *)(intptr_t)2);
	ev_timer_start(loop, &a, 20000);
	ev_timer_start(loop, &b, 5000);
	t0 = ev_now(loop);
	ck_assert_int_eq(ev_run(loop), 0);
	ck_assert_int_eq(nfired, 2);
	ck_assert_int_eq(fired[0], 2);
	ck_assert_uint_ge(ev_now(loop) - t0, 20000);
	ck_assert_uint_lt(ev_now(loop) - t0, 5 * EV_USEC_PER_SEC);

	/* ev_now() is cached until the next iteration or ev_now_update() */
	t0 = ev_now(loop);
	nanosleep(&ts, NULL);
	ck_assert_uint_eq(ev_now(loop), t0);
	ev_now_update(loop);
	ck_assert_uint_ge(ev_now(loop) - t0, 2000);
	t0 = ev_now(loop);
	ck_assert_int_eq(ev_run_once(loop, 3000), 0); /* waits, nothing happens */
	ck_assert_uint_ge(ev_now(loop) - t0, 3000);
	fake_now = 42;
	ev_loop_set_clock(loop, fake_clock, NULL);
	ck_assert_uint_eq(ev_now(loop), 42);
	ev_loop_set_clock(loop, NULL, NULL);
	ck_assert_uint_ge(ev_now(loop), t0);
	ev_loop_free(loop);
}
END_TEST

static void
count_signal(struct ev_loop *loop, struct ev_signal *s, const struct signalfd_siginfo *info,
	     void *arg)
{
	(void)loop, (void)s, (void)info;
	(*(int *)arg)++;
}

/* A forked child drops the parent's loop without losing a signal already sent to it. */
START_TEST(test_free_after_fork_keeps_signals)
{
	struct ev_loop *loop = ev_loop_new();
	struct ev_signal s;
	int hits = 0, st;
	pid_t pid;

	ck_assert_ptr_nonnull(loop);
	ev_signal_init(&s, SIGUSR1, count_signal, &hits);
	ck_assert_int_eq(ev_signal_start(loop, &s), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		sigset_t pending, mask;
		struct ev_loop *mine;
		struct ev_signal s2;
		int got = 0;

		raise(SIGUSR1); /* blocked: stays pending */
		ev_loop_free_after_fork(loop);
		sigprocmask(SIG_BLOCK, NULL, &mask);
		sigpending(&pending);
		if (!sigismember(&mask, SIGUSR1) || !sigismember(&pending, SIGUSR1))
			_exit(1);
		mine = ev_loop_new();
		ev_signal_init(&s2, SIGUSR1, count_signal, &got);
		ev_signal_start(mine, &s2);
		ev_run_once(mine, 0);
		_exit(got == 1 ? 0 : 2);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	ck_assert_int_eq(hits, 0);
	ev_loop_free(loop);
}
END_TEST

Suite *ev_suite(void);

Suite *
ev_suite(void)
{
	Suite *s = suite_create("ev");
	TCase *tc = tcase_create("timer");

	tcase_add_test(tc, test_timer_order);
	tcase_add_test(tc, test_timer_cancel_in_callback);
	tcase_add_test(tc, test_timer_periodic);
	tcase_add_test(tc, test_timer_stop_and_free);
	tcase_add_test(tc, test_timer_many);
	suite_add_tcase(s, tc);
	tc = tcase_create("io");
	tcase_add_test(tc, test_io_read_write);
	tcase_add_test(tc, test_io_start_errors);
	tcase_add_test(tc, test_io_timeout);
	tcase_add_test(tc, test_io_hangup);
	tcase_add_test(tc, test_io_stop_other_in_batch);
	suite_add_tcase(s, tc);
	tc = tcase_create("signal");
	tcase_add_test(tc, test_signal_two_watchers);
	tcase_add_test(tc, test_signal_mask_restored);
	tcase_add_test(tc, test_child_exit_status);
	tcase_add_test(tc, test_child_unwatched_reaped);
	suite_add_tcase(s, tc);
	tc = tcase_create("run");
	tcase_add_test(tc, test_free_after_fork_keeps_signals);
	tcase_add_test(tc, test_run_break);
	tcase_add_test(tc, test_run_until_idle_and_clock);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ev_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
