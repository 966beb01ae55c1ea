/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_ev_timerfd: unit tests for the timerfd a real-clock lib/ev loop sleeps
 * on: one wake per due timer, re-armed for an earlier deadline, disarmed when
 * the earliest timer is cancelled or a fake clock is set, a loop made after
 * fork has its own, and no busy loop when no timer is pending. Real clock:
 * the tests check counts, order and the timerfd's state, never elapsed time.
 * Needs Check's fork mode (globals).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ev/ev.h"
#include "ev/ev_priv.h"

static uint64_t fake_now; /* the fake clock */

static uint64_t
fake_clock(void *ctx)
{
	(void)ctx;
	return fake_now;
}

/* records the readiness calls of an fd watcher; drain reads what is there */
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

/* timerfd: the real-clock loop sleeps on one timerfd armed for the earliest timer */

/* The timerfd's remaining time in microseconds, 0 when disarmed. */
static uint64_t
tfd_remaining_us(const struct ev_loop *loop)
{
	struct itimerspec its;

	ck_assert_int_eq(timerfd_gettime(loop->tfd, &its), 0);
	return (uint64_t)its.it_value.tv_sec * EV_USEC_PER_SEC +
	       (uint64_t)its.it_value.tv_nsec / 1000u;
}

static uint64_t fired_at[16]; /* ev_now() seen by record_now_cb */

static void
record_now_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	fired_at[nfired] = ev_now(loop);
	record_cb(loop, t, arg);
}

/* A timer wakes a blocking ev_run_once() through the timerfd, once, not early. */
START_TEST(test_timerfd_fires_once)
{
	struct ev_loop *loop = ev_loop_new();
	struct ev_timer t;
	uint64_t expiry;

	ck_assert_ptr_nonnull(loop);
	ck_assert_int_ge(loop->tfd, 0);
	ck_assert_uint_eq(tfd_remaining_us(loop), 0);
	ev_timer_init(&t, record_now_cb, (void *)1);
	ev_timer_start(loop, &t, 20000);
	expiry = t.expiry;
	ck_assert_int_eq(ev_run_once(loop, 0), 0); /* not due: arms the timerfd */
	ck_assert_uint_eq(loop->tfd_armed, expiry);
	ck_assert_uint_gt(tfd_remaining_us(loop), 0);
	/* no fd, no bound: only the timerfd can end this wait */
	ck_assert_int_eq(ev_run_once(loop, UINT64_MAX), 1);
	ck_assert_int_eq(nfired, 1);
	ck_assert_uint_ge(fired_at[0], expiry);
	ck_assert_uint_eq(loop->tfd_armed, 0); /* its expiry was read */
	ck_assert_uint_eq(tfd_remaining_us(loop), 0);
	ck_assert_int_eq(ev_run_once(loop, 0), 0);
	ck_assert_int_eq(nfired, 1);
	ev_loop_free(loop);
}
END_TEST

/* Moving the earliest timer earlier re-arms the timerfd before the next wait. */
START_TEST(test_timerfd_rearm_earlier)
{
	struct ev_loop *loop = ev_loop_new();
	struct ev_timer a, b;

	ev_timer_init(&a, record_cb, (void *)1);
	ev_timer_init(&b, record_cb, (void *)2);
	ev_timer_start(loop, &a, 10 * EV_USEC_PER_SEC);
	ev_timer_start(loop, &b, 20 * EV_USEC_PER_SEC);
	ck_assert_int_eq(ev_run_once(loop, 0), 0);
	ck_assert_uint_eq(loop->tfd_armed, a.expiry);
	ck_assert_uint_gt(tfd_remaining_us(loop), 5 * EV_USEC_PER_SEC);
	/* a sleep for the old deadline would outlast Check's timeout */
	ev_timer_start(loop, &b, 20000);
	ck_assert_int_eq(ev_run_once(loop, UINT64_MAX), 1);
	ck_assert_int_eq(nfired, 1);
	ck_assert_int_eq(fired[0], 2);
	ck_assert(ev_timer_active(&a));
	ck_assert_int_eq(ev_run_once(loop, 0), 0);
	ck_assert_uint_eq(loop->tfd_armed, a.expiry); /* back to the remaining one */
	ck_assert_uint_gt(tfd_remaining_us(loop), 5 * EV_USEC_PER_SEC);
	ev_loop_free(loop);
}
END_TEST

/* Cancelling the earliest timer re-arms for the next one; the last one disarms. */
START_TEST(test_timerfd_cancel_earliest)
{
	struct ev_loop *loop = ev_loop_new();
	struct ev_timer a, b;

	ev_timer_init(&a, record_cb, (void *)1);
	ev_timer_init(&b, record_cb, (void *)2);
	ev_timer_start(loop, &a, 20000);
	ev_timer_start(loop, &b, 60000);
	ck_assert_int_eq(ev_run_once(loop, 0), 0);
	ck_assert_uint_eq(loop->tfd_armed, a.expiry);
	ev_timer_stop(loop, &a);
	/* still armed for a, the loop would wake with nothing to do (0) */
	ck_assert_int_eq(ev_run_once(loop, UINT64_MAX), 1);
	ck_assert_int_eq(nfired, 1);
	ck_assert_int_eq(fired[0], 2);
	ev_timer_start(loop, &a, 10 * EV_USEC_PER_SEC);
	ck_assert_int_eq(ev_run_once(loop, 0), 0);
	ck_assert_uint_gt(tfd_remaining_us(loop), 0);
	ev_timer_stop(loop, &a);
	ck_assert_int_eq(ev_run_once(loop, 0), 0);
	ck_assert_uint_eq(loop->tfd_armed, 0);
	ck_assert_uint_eq(tfd_remaining_us(loop), 0);
	ev_loop_free(loop);
}
END_TEST

/* Timers on a fake clock never arm the timerfd; switching to one disarms it. */
START_TEST(test_timerfd_fake_clock_unused)
{
	struct ev_loop *loop = ev_loop_new();
	struct ev_timer a;

	ev_timer_init(&a, record_cb, (void *)1);
	ev_timer_start(loop, &a, 10 * EV_USEC_PER_SEC);
	ck_assert_int_eq(ev_run_once(loop, 0), 0);
	ck_assert_uint_gt(tfd_remaining_us(loop), 0);
	ev_timer_stop(loop, &a);
	fake_now = 1000;
	ev_loop_set_clock(loop, fake_clock, NULL);
	ev_timer_start(loop, &a, 500);
	ck_assert_int_eq(ev_run_once(loop, UINT64_MAX), 0); /* polls, never sleeps */
	ck_assert_uint_eq(loop->tfd_armed, 0);
	ck_assert_uint_eq(tfd_remaining_us(loop), 0);
	fake_now = 1500;
	ck_assert_int_eq(ev_run_once(loop, UINT64_MAX), 1);
	ck_assert_int_eq(nfired, 1);
	ev_loop_free(loop);
}
END_TEST

/*
 * A loop made in a forked child has its own timerfd: the parent's (shared
 * with the child until closed) keeps its deadline.
 */
START_TEST(test_timerfd_after_fork)
{
	struct ev_loop *loop = ev_loop_new();
	struct ev_timer t;
	int st;
	pid_t pid;

	ev_timer_init(&t, record_cb, (void *)1);
	ev_timer_start(loop, &t, 10 * EV_USEC_PER_SEC);
	ck_assert_int_eq(ev_run_once(loop, 0), 0);
	ck_assert_uint_gt(tfd_remaining_us(loop), 5 * EV_USEC_PER_SEC);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct ev_loop *mine;
		struct ev_timer t2;

		ev_loop_free_after_fork(loop);
		mine = ev_loop_new();
		if (!mine || mine->tfd < 0)
			_exit(1);
		ev_timer_init(&t2, record_cb, (void *)2);
		ev_timer_start(mine, &t2, 20000);
		if (ev_run_once(mine, UINT64_MAX) != 1 || nfired != 1)
			_exit(2);
		ev_timer_start(mine, &t2, 30 * EV_USEC_PER_SEC);
		ev_run_once(mine, 0);
		ev_loop_free(mine);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	/* neither disarmed nor moved to the child's 20 ms / 30 s */
	ck_assert_uint_gt(tfd_remaining_us(loop), EV_USEC_PER_SEC);
	ck_assert_uint_lt(tfd_remaining_us(loop), 11 * EV_USEC_PER_SEC);
	ck_assert_int_eq(nfired, 0);
	ev_loop_free(loop);
}
END_TEST

/*
 * Once a timer has fired and none is left, ev_run_once() blocks in
 * epoll_wait() until an fd is ready: one iteration, not a spin on a timerfd
 * left readable.
 */
START_TEST(test_timerfd_no_busy_loop)
{
	struct ev_loop *loop = ev_loop_new();
	struct io_rec rr = {.drain = true};
	struct ev_timer t;
	struct ev_io rio;
	int p[2], iters = 0;
	pid_t pid;

	ck_assert_int_eq(pipe(p), 0);
	ev_io_init(&rio, p[0], io_rec_cb, &rr);
	ck_assert_int_eq(ev_io_start(loop, &rio, EV_READ, 0), 0);
	ev_timer_init(&t, record_cb, (void *)1);
	ev_timer_start(loop, &t, 1000);
	while (nfired == 0 && iters < 100000) {
		ck_assert_int_ge(ev_run_once(loop, UINT64_MAX), 0);
		iters++;
	}
	ck_assert_int_eq(nfired, 1);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		usleep(200000);
		_exit(write(p[1], "x", 1) == 1 ? 0 : 1);
	}
	iters = 0;
	while (rr.calls == 0 && iters < 1000) {
		ck_assert_int_ge(ev_run_once(loop, UINT64_MAX), 0);
		iters++;
	}
	ck_assert_int_eq(rr.calls, 1);
	ck_assert_int_eq(iters, 1);
	ck_assert_int_eq(nfired, 1);
	ev_io_stop(loop, &rio);
	ev_loop_free(loop);
	(void)waitpid(pid, NULL, 0); /* may already be reaped by the loop's sweep */
	close(p[0]);
	close(p[1]);
}
END_TEST

Suite *ev_timerfd_suite(void);

Suite *
ev_timerfd_suite(void)
{
	Suite *s = suite_create("ev_timerfd");
	TCase *tc = tcase_create("timerfd");

	tcase_add_test(tc, test_timerfd_fires_once);
	tcase_add_test(tc, test_timerfd_rearm_earlier);
	tcase_add_test(tc, test_timerfd_cancel_earliest);
	tcase_add_test(tc, test_timerfd_fake_clock_unused);
	tcase_add_test(tc, test_timerfd_after_fork);
	tcase_add_test(tc, test_timerfd_no_busy_loop);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ev_timerfd_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
