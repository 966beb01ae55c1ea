/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ev_timer: one-shot timers on a binary min-heap of struct ev_timer pointers,
 * ordered by (expiry, seq) so timers due at the same time fire in the order
 * they were armed. Each timer records its 1-based heap position, so stop and
 * re-arm are O(log n). Due timers are popped one at a time, never from a
 * snapshot, so a callback may stop, re-arm or free any timer. The loop
 * sleeps on one timerfd (absolute CLOCK_MONOTONIC, no timer slack and no
 * millisecond rounding, unlike an epoll_wait() timeout), re-armed lazily
 * before each wait for the heap top. Never logs.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "ev/ev_priv.h"
#include "util/xalloc.h"

/* heap position i (1-based) lives in heap[i - 1] */
#define HEAP_AT(loop, i) ((loop)->heap[(i)-1])

static bool
timer_before(const struct ev_timer *a, const struct ev_timer *b)
{
	if (a->expiry != b->expiry)
		return a->expiry < b->expiry;
	return a->seq < b->seq;
}

static void
heap_place(struct ev_loop *loop, size_t i, struct ev_timer *t)
{
	HEAP_AT(loop, i) = t;
	t->heap_index = i;
}

static void
heap_sift_up(struct ev_loop *loop, size_t i)
{
	struct ev_timer *t = HEAP_AT(loop, i);

	while (i > 1) {
		size_t parent = i / 2;
		struct ev_timer *p = HEAP_AT(loop, parent);

		if (!timer_before(t, p))
			break;
		heap_place(loop, i, p);
		i = parent;
	}
	heap_place(loop, i, t);
}

static void
heap_sift_down(struct ev_loop *loop, size_t i)
{
	struct ev_timer *t = HEAP_AT(loop, i);
	size_t n = loop->heap_len;

	for (;;) {
		size_t child = 2 * i;

		if (child > n)
			break;
		if (child < n && timer_before(HEAP_AT(loop, child + 1), HEAP_AT(loop, child)))
			child++;
		if (!timer_before(HEAP_AT(loop, child), t))
			break;
		heap_place(loop, i, HEAP_AT(loop, child));
		i = child;
	}
	heap_place(loop, i, t);
}

/* Restores heap order at position i after its key changed in either direction. */
static void
heap_fix(struct ev_loop *loop, size_t i)
{
	if (i > 1 && timer_before(HEAP_AT(loop, i), HEAP_AT(loop, i / 2)))
		heap_sift_up(loop, i);
	else
		heap_sift_down(loop, i);
}

static void
heap_remove(struct ev_loop *loop, struct ev_timer *t)
{
	size_t i = t->heap_index;
	struct ev_timer *last = HEAP_AT(loop, loop->heap_len);

	loop->heap_len--;
	t->heap_index = 0;
	if (last == t)
		return;
	heap_place(loop, i, last);
	heap_fix(loop, i);
}

static void
heap_insert(struct ev_loop *loop, struct ev_timer *t)
{
	if (loop->heap_len == loop->heap_cap) {
		size_t ncap = loop->heap_cap ? loop->heap_cap * 2 : 64;

		/* xrealloc aborts on OOM: a timer start cannot report failure */
		loop->heap = xrealloc(loop->heap, ncap * sizeof(*loop->heap));
		loop->heap_cap = ncap;
	}
	loop->heap_len++;
	heap_place(loop, loop->heap_len, t);
	heap_sift_up(loop, loop->heap_len);
}

void
ev_timer_init(struct ev_timer *t, ev_timer_cb cb, void *arg)
{
	memset(t, 0, sizeof(*t));
	t->cb = cb;
	t->arg = arg;
}

void
ev_timer_start_at(struct ev_loop *loop, struct ev_timer *t, uint64_t at_us)
{
	t->expiry = at_us;
	t->seq = loop->timer_seq++;
	if (t->heap_index)
		heap_fix(loop, t->heap_index);
	else
		heap_insert(loop, t);
}

void
ev_timer_start(struct ev_loop *loop, struct ev_timer *t, uint64_t after_us)
{
	uint64_t now = ev_now(loop);
	uint64_t at = after_us > UINT64_MAX - now ? UINT64_MAX : now + after_us;

	ev_timer_start_at(loop, t, at);
}

void
ev_timer_stop(struct ev_loop *loop, struct ev_timer *t)
{
	if (!t->heap_index)
		return;
	heap_remove(loop, t);
}

bool
ev_timer_active(const struct ev_timer *t)
{
	return t->heap_index != 0;
}

size_t
ev_timer_count(const struct ev_loop *loop)
{
	return loop->heap_len;
}

uint64_t
ev_timer_next_delay(const struct ev_loop *loop)
{
	const struct ev_timer *top;

	if (!loop->heap_len)
		return UINT64_MAX;
	top = HEAP_AT(loop, 1);
	return top->expiry > loop->now ? top->expiry - loop->now : 0;
}

/*
 * A timer armed during this pass gets a seq >= limit and waits for the next
 * iteration, so a callback re-arming itself with a zero delay cannot spin.
 */
int
ev_timer_run_due(struct ev_loop *loop)
{
	uint64_t limit = loop->timer_seq;
	int n = 0;

	while (loop->heap_len) {
		struct ev_timer *t = HEAP_AT(loop, 1);

		if (t->expiry > loop->now || t->seq >= limit)
			break;
		heap_remove(loop, t);
		/* t may be freed or re-armed by its callback: do not touch it after */
		if (t->cb) {
			t->cb(loop, t, t->arg);
			n++;
		}
	}
	return n;
}

void
ev_timer_clear_all(struct ev_loop *loop)
{
	size_t i;

	for (i = 1; i <= loop->heap_len; i++)
		HEAP_AT(loop, i)->heap_index = 0;
	loop->heap_len = 0;
	free(loop->heap);
	loop->heap = NULL;
	loop->heap_cap = 0;
}

int
ev_timerfd_setup(struct ev_loop *loop)
{
	struct epoll_event ev = {.events = EPOLLIN};
	int err;

	loop->tfd_armed = 0;
	loop->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (loop->tfd < 0)
		return -errno;
	ev.data.u64 = (uint64_t)EV_GEN_INTERNAL << 32 | (uint32_t)loop->tfd;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, loop->tfd, &ev) < 0) {
		err = errno;
		close(loop->tfd);
		loop->tfd = -1;
		return -err;
	}
	return 0;
}

bool
ev_timerfd_sync(struct ev_loop *loop)
{
	struct itimerspec its;
	uint64_t at = 0;

	if (!loop->clock_fn && loop->heap_len)
		at = HEAP_AT(loop, 1)->expiry;
	/* already due: the loop does not sleep, leave the timerfd as it is */
	if (at && at <= loop->now)
		return true;
	if (at == loop->tfd_armed)
		return true;
	memset(&its, 0, sizeof(its));
	/* at == 0 disarms (and resets an unread expiry count) */
	its.it_value.tv_sec = (time_t)(at / EV_USEC_PER_SEC);
	its.it_value.tv_nsec = (long)(at % EV_USEC_PER_SEC) * 1000;
	if (timerfd_settime(loop->tfd, TFD_TIMER_ABSTIME, &its, NULL) < 0) {
		/* state unknown: 1 (long past, so never a pending deadline) forces a retry */
		loop->tfd_armed = 1;
		return false;
	}
	loop->tfd_armed = at;
	return true;
}

void
ev_timerfd_read(struct ev_loop *loop)
{
	uint64_t ticks;
	ssize_t r;

	do {
		r = read(loop->tfd, &ticks, sizeof(ticks));
	} while (r < 0 && errno == EINTR);
	/* a one-shot timerfd that expired is disarmed; EAGAIN: it was re-armed */
	if (r == (ssize_t)sizeof(ticks))
		loop->tfd_armed = 0;
}
