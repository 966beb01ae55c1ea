/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_sched: when each checker runs and what its results mean, as keepalived
 * does it: the first run at 1 s + random(0..warmup); while up, a failure is
 * retried after delay_before_retry and the checker goes down after `retry`
 * failed retries (a pass resets the count); while down, a run every
 * delay_loop and the first pass brings it up; a non-alpha checker starts up
 * with its retries used (its first failure takes it down), an alpha one
 * starts down. Changes go to hc_rs.c. No I/O here beyond logging.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>

#include "checker/hc_priv.h"
#include "util/log.h"

#define HC_BOOTSTRAP_DELAY_US EV_USEC_PER_SEC

uint64_t
hc_rand(struct hc_engine *e, uint64_t n)
{
	uint64_t x = e->rand_state;

	/* xorshift64*: plenty for spreading timers; not for anything secret. */
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	e->rand_state = x;
	x *= 0x2545f4914f6cdd1dULL;
	return n == UINT64_MAX ? x : x % (n + 1);
}

struct ev_loop *
hc_checker_loop(const struct hc_checker *c)
{
	return c->rs->eng->loop;
}

static void
on_timer(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct hc_checker *c = arg;

	(void)loop, (void)t;
	if (c->running || c->rs->v->suspended)
		return;
	c->running = true;
	c->runs++;
	c->ops->start(c);
}

void
hc_sched_init(struct hc_checker *c)
{
	ev_timer_init(&c->timer, on_timer, c);
	c->up = !c->conf->alpha;
	c->retry_it = c->conf->retry;
}

static void
arm(struct hc_checker *c, uint64_t delay_us)
{
	if (c->rs->v->suspended || c->ops->event_driven)
		return;
	if (delay_us > 100000 * EV_USEC_PER_SEC) /* unset or absurd: keep ev's sums sane */
		delay_us = 100000 * EV_USEC_PER_SEC;
	ev_timer_start(c->rs->eng->loop, &c->timer, delay_us);
}

void
hc_sched_first(struct hc_checker *c)
{
	uint64_t warmup = c->conf->warmup_us;

	if (warmup == CONF_UNSET_U64)
		warmup = 0;
	arm(c, HC_BOOTSTRAP_DELAY_US + (warmup ? hc_rand(c->rs->eng, warmup) : 0));
}

void
hc_sched_stop(struct hc_checker *c)
{
	ev_timer_stop(c->rs->eng->loop, &c->timer);
	if (c->running) {
		c->running = false;
		if (c->ops->cancel)
			c->ops->cancel(c);
	}
}

void
hc_sched_migrate(struct hc_checker *n, struct hc_checker *o)
{
	n->up = o->up;
	n->retry_it = o->retry_it;
	n->has_weight = o->has_weight;
	n->weight_delta = o->weight_delta;
	n->runs = o->runs;
	n->failures = o->failures;
	if (o->running)
		n->resume_at = ev_now(o->rs->eng->loop);
	else if (ev_timer_active(&o->timer))
		n->resume_at = o->timer.expiry;
	hc_sched_stop(o);
}

void
hc_sched_resume(struct hc_checker *c)
{
	if (c->rs->v->suspended || c->ops->event_driven)
		return;
	if (c->resume_at)
		ev_timer_start_at(c->rs->eng->loop, &c->timer, c->resume_at);
	else
		hc_sched_first(c);
	c->resume_at = 0;
}

static uint64_t
down_delay(const struct hc_checker *c)
{
	uint64_t d = c->conf->delay_loop_us;

	if (c->ops->down_uses_max_delay && c->conf->delay_before_retry_us > d)
		d = c->conf->delay_before_retry_us;
	return d;
}

static void
on_pass(struct hc_checker *c, enum hc_result r, const char *msg)
{
	c->retry_it = 0;
	if (c->up) {
		arm(c, c->conf->delay_loop_us);
		return;
	}
	if (r == HC_RES_PARTIAL) {
		bool fast = (c->conf->type == CONF_CHECK_HTTP || c->conf->type == CONF_CHECK_SSL) &&
			    c->conf->u.http.fast_recovery;

		arm(c, fast ? 0 : c->conf->delay_loop_us);
		return;
	}
	if (msg)
		log_info("%s", msg);
	c->up = true;
	arm(c, c->conf->delay_loop_us);
	hc_rs_update(c->rs);
}

static void
on_fail(struct hc_checker *c, const char *msg)
{
	c->failures++;
	if (c->up && c->retry_it < c->conf->retry) {
		c->retry_it++;
		if (msg && c->conf->log_all_failures)
			log_info("%s", msg);
		arm(c, c->conf->delay_before_retry_us);
		return;
	}
	if (!c->up) {
		if (msg && c->conf->log_all_failures)
			log_info("%s", msg);
		arm(c, down_delay(c));
		return;
	}
	if (msg)
		log_info("%s", msg);
	if (c->conf->retry)
		log_info("%s on service %s failed after %u retries.", c->ops->name, c->label,
			 c->conf->retry);
	else
		log_info("%s on service %s failed.", c->ops->name, c->label);
	c->up = false;
	c->retry_it = 0;
	arm(c, down_delay(c));
	hc_rs_update(c->rs);
}

void
hc_checker_done(struct hc_checker *c, enum hc_result r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!c->running)
		return;
	c->running = false;
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
	}
	if (r == HC_RES_DOWN)
		on_fail(c, fmt ? msg : NULL);
	else
		on_pass(c, r, fmt ? msg : NULL);
}

void
hc_checker_set_state(struct hc_checker *c, bool up, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (c->up == up)
		return;
	c->up = up;
	if (!c->attached)
		return; /* initial state, set from init() */
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		log_info("%s", msg);
	}
	hc_rs_update(c->rs);
}

void
hc_checker_set_weight(struct hc_checker *c, bool on, int delta)
{
	if (c->has_weight == on && c->weight_delta == delta)
		return;
	c->has_weight = on;
	c->weight_delta = on ? delta : 0;
	if (c->attached)
		hc_rs_update(c->rs);
}

void
hc_sched_dump(const struct hc_checker *c, FILE *out)
{
	uint64_t now = ev_now(c->rs->eng->loop);

	fprintf(out, "   %s %s: %s, retries %u/%u, runs %llu, failures %llu", c->ops->name,
		c->label, c->up ? "up" : "down", c->retry_it, c->conf->retry,
		(unsigned long long)c->runs, (unsigned long long)c->failures);
	if (c->running)
		fprintf(out, ", running");
	else if (ev_timer_active(&c->timer))
		fprintf(out, ", next in %llu ms",
			(unsigned long long)(c->timer.expiry > now ? (c->timer.expiry - now) / 1000
								   : 0));
	if (c->has_weight)
		fprintf(out, ", weight %+d", c->weight_delta);
	fprintf(out, "\n");
	if (c->ops->dump)
		c->ops->dump(c, out);
}
