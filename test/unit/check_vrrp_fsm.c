/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_vrrp_fsm: unit tests for the VRRP state machine. A recording
 * actions table turns every output into one text line, so each test drives
 * events on a fake clock and compares the transcript. No sockets, no sleeps.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp/vrrp_fsm.h"

#define SEC 1000000ULL

/* ---- the recorder ---- */

struct rec {
	char buf[4096];
	size_t len;
	bool veto; /* may_become_master answers !veto */
};

static struct rec rec;

static void __attribute__((format(printf, 1, 2))) rec_line(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(rec.buf + rec.len, sizeof(rec.buf) - rec.len, fmt, ap);
	va_end(ap);
	ck_assert_int_ge(n, 0);
	ck_assert_uint_lt(rec.len + (size_t)n + 1, sizeof(rec.buf));
	rec.len += (size_t)n;
	rec.buf[rec.len++] = '\n';
	rec.buf[rec.len] = '\0';
}

static void
r_send_advert(void *ctx, unsigned priority)
{
	(void)ctx;
	rec_line("send_advert prio=%u", priority);
}

static void
r_vips_add(void *ctx)
{
	(void)ctx;
	rec_line("vips_add");
}

static void
r_vips_del(void *ctx)
{
	(void)ctx;
	rec_line("vips_del");
}

static void
r_garp(void *ctx, unsigned repeat, uint64_t delay_us)
{
	(void)ctx;
	rec_line("garp repeat=%u delay=%llu", repeat, (unsigned long long)delay_us);
}

static void
r_notify(void *ctx, enum vrrp_state state)
{
	(void)ctx;
	rec_line("notify %s", vrrp_fsm_state_name(state));
}

static void
r_rx_lower(void *ctx)
{
	(void)ctx;
	rec_line("notify_master_rx_lower_pri");
}

static void
r_transition(void *ctx, enum vrrp_state from, enum vrrp_state to)
{
	(void)ctx;
	rec_line("transition %s->%s", vrrp_fsm_state_name(from), vrrp_fsm_state_name(to));
}

static bool
r_may_become_master(void *ctx)
{
	(void)ctx;
	return !rec.veto;
}

static void
r_set_timer(void *ctx, uint64_t at_us)
{
	(void)ctx;
	rec_line("timer %llu", (unsigned long long)at_us);
}

static void
r_cancel_timer(void *ctx)
{
	(void)ctx;
	rec_line("cancel_timer");
}

static const struct vrrp_actions rec_actions = {
	.send_advert = r_send_advert,
	.vips_add = r_vips_add,
	.vips_del = r_vips_del,
	.garp = r_garp,
	.notify = r_notify,
	.notify_master_rx_lower_pri = r_rx_lower,
	.transition = r_transition,
	.may_become_master = r_may_become_master,
	.set_timer = r_set_timer,
	.cancel_timer = r_cancel_timer,
};

/* Compares the transcript so far with `want`, then starts a new one. */
#define expect(want)                                                                               \
	do {                                                                                       \
		ck_assert_str_eq(rec.buf, (want));                                                 \
		rec.len = 0;                                                                       \
		rec.buf[0] = '\0';                                                                 \
	} while (0)

/* ---- fixtures ---- */

static struct vrrp_fsm_addr
addr(const char *text)
{
	struct vrrp_fsm_addr a;

	memset(&a, 0, sizeof(a));
	a.family = strchr(text, ':') ? AF_INET6 : AF_INET;
	ck_assert_int_eq(inet_pton(a.family, text, a.bytes), 1);
	return a;
}

static struct vrrp_fsm_config
config(unsigned version, unsigned priority)
{
	struct vrrp_fsm_config c;

	memset(&c, 0, sizeof(c));
	c.version = version;
	c.priority = priority;
	c.adver_int_us = 1 * SEC;
	c.down_timer_adverts = 3;
	c.saddr = addr("10.0.0.2");
	c.garp_master_repeat = 5;
	c.garp_master_delay_us = 5 * SEC;
	return c;
}

static struct vrrp_fsm_advert
advert(unsigned priority, const char *from, uint64_t adver_int_us)
{
	struct vrrp_fsm_advert a;

	memset(&a, 0, sizeof(a));
	a.priority = priority;
	a.saddr = addr(from);
	a.adver_int_us = adver_int_us;
	return a;
}

static void
start(struct vrrp_fsm *fsm, const struct vrrp_fsm_config *c, uint64_t now)
{
	memset(&rec, 0, sizeof(rec));
	ck_assert_int_eq(vrrp_fsm_init(fsm, c, &rec_actions), 0);
	ck_assert_str_eq(rec.buf, ""); /* init is silent */
	ck_assert_int_eq(vrrp_fsm_startup(fsm, now), 0);
}

static void
rx(struct vrrp_fsm *fsm, uint64_t now, unsigned priority, const char *from)
{
	struct vrrp_fsm_advert a = advert(priority, from, 1 * SEC);

	ck_assert_int_eq(vrrp_fsm_advert_rx(fsm, now, &a), 0);
}

/* A v2 priority-100 instance that has become master at 3.609375 s. */
static void
start_master(struct vrrp_fsm *fsm, struct vrrp_fsm_config *c)
{
	start(fsm, c, 0);
	ck_assert_int_eq(vrrp_fsm_timer_expired(fsm, fsm->next_timer_us), 0);
	ck_assert_int_eq(fsm->state, VRRP_STATE_MASTER);
	rec.len = 0;
	rec.buf[0] = '\0';
}

#define MASTER_AT 3609375ULL /* v2, priority 100, 1 s */

/* ---- RFC 5798 6.1 timers ---- */

START_TEST(test_timer_values)
{
	/* v2 (RFC 3768): Skew_Time = (256 - 100) / 256 s */
	ck_assert_uint_eq(vrrp_fsm_skew_time(2, 100, 1 * SEC), 609375);
	ck_assert_uint_eq(vrrp_fsm_master_down_interval(2, 100, 1 * SEC, 3), 3609375);
	/* v2 skew does not scale with the interval */
	ck_assert_uint_eq(vrrp_fsm_skew_time(2, 100, 2 * SEC), 609375);
	ck_assert_uint_eq(vrrp_fsm_master_down_interval(2, 100, 2 * SEC, 3), 6609375);
	/* v3: ((256 - Priority) * Master_Adver_Interval) / 256 */
	ck_assert_uint_eq(vrrp_fsm_master_down_interval(3, 100, 100 * 10000, 3), 3609375);
	ck_assert_uint_eq(vrrp_fsm_skew_time(3, 100, 50 * 10000), 304687);
	ck_assert_uint_eq(vrrp_fsm_master_down_interval(3, 200, 50 * 10000, 3), 1609375);
	/* the owner's skew, and down_timer_adverts (0 means 3) */
	ck_assert_uint_eq(vrrp_fsm_skew_time(2, 255, 1 * SEC), 3906);
	ck_assert_uint_eq(vrrp_fsm_master_down_interval(2, 100, 1 * SEC, 5), 5609375);
	ck_assert_uint_eq(vrrp_fsm_master_down_interval(2, 100, 1 * SEC, 0), 3609375);
}
END_TEST

/* ---- startup (RFC 5798 6.4.1, keepalived's rules) ---- */

START_TEST(test_startup_backup)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);

	start(&fsm, &c, 0);
	expect("transition INIT->BACKUP\nvips_del\nnotify BACKUP\ntimer 3609375\n");
	ck_assert_int_eq(fsm.state, VRRP_STATE_BACKUP);
	ck_assert_uint_eq(fsm.next_timer_us, 3609375);
	ck_assert_uint_eq(fsm.stats.entered[VRRP_STATE_BACKUP], 1);
}
END_TEST

START_TEST(test_startup_state_master_not_owner)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);

	c.init_master = true; /* no immediate effect below 255 */
	start(&fsm, &c, 0);
	expect("transition INIT->BACKUP\nvips_del\nnotify BACKUP\ntimer 3609375\n");
}
END_TEST

START_TEST(test_startup_owner)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 255);

	c.init_master = true;
	start(&fsm, &c, 0);
	expect("transition INIT->MASTER\nsend_advert prio=255\nvips_add\n"
	       "garp repeat=5 delay=5000000\nnotify MASTER\ntimer 1000000\n");
	ck_assert_uint_eq(fsm.stats.become_master, 1);

	/* 255 with "state BACKUP" waits (3 + 1/256) s like any backup */
	c.init_master = false;
	start(&fsm, &c, 0);
	expect("transition INIT->BACKUP\nvips_del\nnotify BACKUP\ntimer 3003906\n");
}
END_TEST

/* A respawned child resuming a mastership it can prove: master at once, VIPs never deleted. */
START_TEST(test_startup_resume_master)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);

	c.resume_master = true;
	start(&fsm, &c, 0);
	expect("transition INIT->MASTER\nsend_advert prio=100\nvips_add\n"
	       "garp repeat=5 delay=5000000\nnotify MASTER\ntimer 1000000\n");
	ck_assert_int_eq(fsm.state, VRRP_STATE_MASTER);
	/* a higher-priority master still wins as usual afterwards */
	struct vrrp_fsm_advert adv = {.priority = 200, .saddr = {.family = AF_INET}};

	vrrp_fsm_advert_rx(&fsm, 100, &adv);
	ck_assert_int_eq(fsm.state, VRRP_STATE_BACKUP);
}
END_TEST

/* ---- BACKUP (RFC 5798 6.4.2) ---- */

START_TEST(test_down_timer_expiry)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);

	start(&fsm, &c, 0);
	expect("transition INIT->BACKUP\nvips_del\nnotify BACKUP\ntimer 3609375\n");
	/* an early (stale) expiry is ignored */
	ck_assert_int_eq(vrrp_fsm_timer_expired(&fsm, 3609374), 0);
	expect("");
	ck_assert_uint_eq(fsm.stats.events_ignored, 1);
	ck_assert_int_eq(vrrp_fsm_timer_expired(&fsm, 3609375), 0);
	expect("transition BACKUP->MASTER\nsend_advert prio=100\nvips_add\n"
	       "garp repeat=5 delay=5000000\nnotify MASTER\ntimer 4609375\n");
}
END_TEST

START_TEST(test_backup_accepts_and_rearms)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);

	start(&fsm, &c, 0);
	expect("transition INIT->BACKUP\nvips_del\nnotify BACKUP\ntimer 3609375\n");
	rx(&fsm, 1 * SEC, 200, "10.0.0.9");
	expect("timer 4609375\n");
	rx(&fsm, 2 * SEC, 100, "10.0.0.1"); /* equal priority is accepted (>=) */
	expect("timer 5609375\n");
	ck_assert_uint_eq(fsm.master_priority, 100);
	ck_assert_uint_eq(fsm.stats.adverts_rcvd, 2);
	/* the old deadline is gone: an expiry at 3.609375 s is stale */
	ck_assert_int_eq(vrrp_fsm_timer_expired(&fsm, 3609375), 0);
	ck_assert_int_eq(fsm.state, VRRP_STATE_BACKUP);
	expect("");
}
END_TEST

START_TEST(test_v3_adopts_master_interval)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(3, 100);
	struct vrrp_fsm_advert a = advert(200, "10.0.0.9", 50 * 10000);

	start(&fsm, &c, 0);
	expect("transition INIT->BACKUP\nvips_del\nnotify BACKUP\ntimer 3609375\n");
	ck_assert_int_eq(vrrp_fsm_advert_rx(&fsm, 1 * SEC, &a), 0);
	/* 3 * 0.5 s + (156 * 0.5 s) / 256 */
	expect("timer 2804687\n");
	ck_assert_uint_eq(fsm.master_adver_int_us, 500000);
	ck_assert_uint_eq(fsm.skew_time_us, 304687);
	/* our own adverts still use our interval once master */
	ck_assert_int_eq(vrrp_fsm_timer_expired(&fsm, 2804687), 0);
	expect("transition BACKUP->MASTER\nsend_advert prio=100\nvips_add\n"
	       "garp repeat=5 delay=5000000\nnotify MASTER\ntimer 3804687\n");

	/* v2 never adopts a different interval */
	c = config(2, 100);
	start(&fsm, &c, 0);
	ck_assert_int_eq(vrrp_fsm_advert_rx(&fsm, 1 * SEC, &a), 0);
	ck_assert_uint_eq(fsm.next_timer_us, 1 * SEC + 3609375);
}
END_TEST

START_TEST(test_priority_zero_skew_only)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);
	struct vrrp_fsm_advert a = advert(200, "10.0.0.9", 50 * 10000);

	start(&fsm, &c, 0);
	rx(&fsm, 1 * SEC, 200, "10.0.0.9");
	expect("transition INIT->BACKUP\nvips_del\nnotify BACKUP\ntimer 3609375\n"
	       "timer 4609375\n");
	rx(&fsm, 2 * SEC, 0, "10.0.0.9");
	expect("timer 2609375\n"); /* Skew_Time only */
	ck_assert_uint_eq(fsm.stats.pri_zero_rcvd, 1);
	ck_assert_int_eq(vrrp_fsm_timer_expired(&fsm, 2609375), 0);
	ck_assert_int_eq(fsm.state, VRRP_STATE_MASTER);

	/* v3: Skew_Time of the learned interval */
	c = config(3, 100);
	start(&fsm, &c, 0);
	ck_assert_int_eq(vrrp_fsm_advert_rx(&fsm, 1 * SEC, &a), 0);
	a.priority = 0;
	ck_assert_int_eq(vrrp_fsm_advert_rx(&fsm, 2 * SEC, &a), 0);
	ck_assert_uint_eq(fsm.next_timer_us, 2 * SEC + 304687);
}
END_TEST

START_TEST(test_preempt)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 150);
	uint64_t t;

	start(&fsm, &c, 0);
	expect("transition INIT->BACKUP\nvips_del\nnotify BACKUP\ntimer 3414062\n");
	/* a lower master keeps advertising: discarded, the down timer runs out */
	for (t = 1; t <= 3; t++)
		rx(&fsm, t * SEC, 100, "10.0.0.9");
	expect("");
	ck_assert_int_eq(vrrp_fsm_timer_expired(&fsm, 3414062), 0);
	ck_assert_int_eq(fsm.state, VRRP_STATE_MASTER);
}
END_TEST

START_TEST(test_nopreempt)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 150);
	uint64_t t;

	c.nopreempt = true;
	start(&fsm, &c, 0);
	expect("transition INIT->BACKUP\nvips_del\nnotify BACKUP\ntimer 3414062\n");
	for (t = 1; t <= 10; t++)
		rx(&fsm, t * SEC, 100, "10.0.0.9");
	ck_assert_int_eq(fsm.state, VRRP_STATE_BACKUP);
	ck_assert_uint_eq(fsm.next_timer_us, 10 * SEC + 3414062);
	/* when the lower master dies, nopreempt still takes over */
	ck_assert_int_eq(vrrp_fsm_timer_expired(&fsm, 10 * SEC + 3414062), 0);
	ck_assert_int_eq(fsm.state, VRRP_STATE_MASTER);
}
END_TEST

START_TEST(test_preempt_delay_from_startup)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 150);
	uint64_t t;

	c.preempt_delay_us = 10 * SEC;
	start(&fsm, &c, 0);
	/* lower adverts are accepted while the window (startup + 10 s) is open */
	for (t = 1; t <= 9; t++)
		rx(&fsm, t * SEC, 100, "10.0.0.9");
	ck_assert_uint_eq(fsm.next_timer_us, 9 * SEC + 3414062);
	rec.len = 0;
	rec.buf[0] = '\0';
	for (t = 10; t <= 12; t++)
		rx(&fsm, t * SEC, 100, "10.0.0.9");
	expect(""); /* window closed: discarded */
	ck_assert_int_eq(vrrp_fsm_timer_expired(&fsm, 9 * SEC + 3414062), 0);
	ck_assert_int_eq(fsm.state, VRRP_STATE_MASTER);
}
END_TEST

START_TEST(test_preempt_delay_from_lower_master)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 150);
	uint64_t t;

	c.preempt_delay_us = 5 * SEC;
	start(&fsm, &c, 0);
	for (t = 1; t <= 20; t++) /* a higher master closes the startup window */
		rx(&fsm, t * SEC, 200, "10.0.0.9");
	ck_assert(!fsm.preempt_armed);
	/* its priority drops (tracking): the first lower advert opens 5 s */
	for (t = 21; t <= 25; t++)
		rx(&fsm, t * SEC, 100, "10.0.0.9");
	ck_assert(fsm.preempt_armed);
	ck_assert_uint_eq(fsm.preempt_deadline_us, 26 * SEC);
	ck_assert_uint_eq(fsm.next_timer_us, 25 * SEC + 3414062);
	rx(&fsm, 26 * SEC, 100, "10.0.0.9");
	ck_assert_uint_eq(fsm.next_timer_us, 25 * SEC + 3414062); /* discarded */
	ck_assert_int_eq(vrrp_fsm_timer_expired(&fsm, 25 * SEC + 3414062), 0);
	ck_assert_int_eq(fsm.state, VRRP_STATE_MASTER);
}
END_TEST

/* ---- MASTER (RFC 5798 6.4.3) ---- */

START_TEST(test_master_rearm)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);
	uint64_t t;

	start_master(&fsm, &c);
	for (t = 1; t <= 3; t++)
		ck_assert_int_eq(vrrp_fsm_timer_expired(&fsm, MASTER_AT + t * SEC), 0);
	expect("send_advert prio=100\ntimer 5609375\n"
	       "send_advert prio=100\ntimer 6609375\n"
	       "send_advert prio=100\ntimer 7609375\n");
	ck_assert_uint_eq(fsm.stats.adverts_sent, 4);
}
END_TEST

START_TEST(test_master_higher_priority)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);

	start_master(&fsm, &c);
	rx(&fsm, 4 * SEC, 101, "10.0.0.1");
	expect("transition MASTER->BACKUP\nvips_del\nnotify BACKUP\ntimer 7609375\n");
	ck_assert_uint_eq(fsm.stats.release_master, 1);

	/* higher_prio_send_advert: one last advert before stepping down */
	c.higher_prio_send_advert = true;
	start_master(&fsm, &c);
	rx(&fsm, 4 * SEC, 101, "10.0.0.1");
	expect("send_advert prio=100\ntransition MASTER->BACKUP\nvips_del\nnotify BACKUP\n"
	       "timer 7609375\n");
}
END_TEST

START_TEST(test_master_v3_yield_adopts_interval)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(3, 100);
	struct vrrp_fsm_advert a = advert(200, "10.0.0.9", 2 * SEC);

	start_master(&fsm, &c);
	ck_assert_int_eq(vrrp_fsm_advert_rx(&fsm, 4 * SEC, &a), 0);
	/* 3 * 2 s + 156 * 2 s / 256 */
	ck_assert_uint_eq(fsm.next_timer_us, 4 * SEC + 6 * SEC + 1218750);
}
END_TEST

START_TEST(test_master_lower_priority)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);

	/* default: an immediate advert (split-brain healing), timer reset */
	start_master(&fsm, &c);
	rx(&fsm, 4 * SEC, 50, "10.0.0.9");
	expect("send_advert prio=100\ntimer 5000000\nnotify_master_rx_lower_pri\n");
	ck_assert_int_eq(fsm.state, VRRP_STATE_MASTER);
	ck_assert_uint_eq(fsm.stats.lower_prio_rcvd, 1);

	/* garp_lower_prio_repeat: GARPs too */
	c.garp_lower_prio_repeat = 3;
	c.garp_lower_prio_delay_us = 2 * SEC;
	start_master(&fsm, &c);
	rx(&fsm, 4 * SEC, 50, "10.0.0.9");
	expect("send_advert prio=100\ntimer 5000000\ngarp repeat=3 delay=2000000\n"
	       "notify_master_rx_lower_pri\n");

	/* lower_prio_no_advert: no advert, timer untouched (GARPs as configured) */
	c.garp_lower_prio_repeat = 0;
	c.lower_prio_no_advert = true;
	start_master(&fsm, &c);
	rx(&fsm, 4 * SEC, 50, "10.0.0.9");
	expect("notify_master_rx_lower_pri\n");
	ck_assert_uint_eq(fsm.next_timer_us, MASTER_AT + 1 * SEC);
}
END_TEST

START_TEST(test_master_priority_zero)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);

	c.lower_prio_no_advert = true; /* does not apply to priority 0 */
	start_master(&fsm, &c);
	rx(&fsm, 4 * SEC, 0, "10.0.0.9");
	expect("send_advert prio=100\ntimer 5000000\n");
	ck_assert_int_eq(fsm.state, VRRP_STATE_MASTER);
	ck_assert_uint_eq(fsm.stats.pri_zero_rcvd, 1);
}
END_TEST

static void
tie(const char *ours, const char *theirs, bool they_win)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(3, 100);

	c.saddr = addr(ours);
	start_master(&fsm, &c);
	rx(&fsm, 4 * SEC, 100, theirs);
	if (they_win)
		expect("transition MASTER->BACKUP\nvips_del\nnotify BACKUP\ntimer 7609375\n");
	else
		expect("send_advert prio=100\ntimer 5000000\nnotify_master_rx_lower_pri\n");
}

START_TEST(test_equal_priority_ipv4)
{
	tie("10.0.0.2", "10.0.0.3", true);
	tie("10.0.0.2", "10.0.0.1", false);
	tie("10.0.0.2", "10.0.0.129", true); /* bytes compare unsigned */
	tie("10.0.0.200", "9.255.255.255", false);
	tie("10.0.0.2", "192.168.0.1", true);
}
END_TEST

START_TEST(test_equal_priority_ipv6)
{
	tie("fe80::2", "fe80::3", true);
	tie("fe80::2", "fe80::1", false);
	tie("fe80::2", "fe80::8000:0:0:1", true);
	tie("fe80::ff00", "fe80::1:0", true);
	tie("fe80::1:0", "fe80::ff00", false);
}
END_TEST

/* The verdict adapters use (AH counter sync) agrees with what the master does. */
START_TEST(test_advert_compare)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);
	struct vrrp_fsm_advert a;

	start_master(&fsm, &c);
	a = advert(101, "10.0.0.1", SEC);
	ck_assert_int_gt(vrrp_fsm_advert_compare(&fsm, &a), 0);
	a = advert(99, "10.0.0.3", SEC);
	ck_assert_int_lt(vrrp_fsm_advert_compare(&fsm, &a), 0);
	a = advert(100, "10.0.0.3", SEC);
	ck_assert_int_gt(vrrp_fsm_advert_compare(&fsm, &a), 0);
	a = advert(100, "10.0.0.1", SEC);
	ck_assert_int_lt(vrrp_fsm_advert_compare(&fsm, &a), 0);
	a = advert(100, "10.0.0.2", SEC);
	ck_assert_int_eq(vrrp_fsm_advert_compare(&fsm, &a), 0);
	/* the effective priority counts, not the configured one */
	ck_assert_int_eq(vrrp_fsm_priority_changed(&fsm, 4 * SEC, 120), 0);
	a = advert(110, "10.0.0.3", SEC);
	ck_assert_int_lt(vrrp_fsm_advert_compare(&fsm, &a), 0);
	ck_assert_str_eq(rec.buf, ""); /* pure: no action */
}
END_TEST

START_TEST(test_equal_priority_undecidable)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);

	start_master(&fsm, &c);
	rx(&fsm, 4 * SEC, 100, "10.0.0.2"); /* our own address */
	rx(&fsm, 4 * SEC, 100, "fe80::9");  /* another family */
	expect("");
	ck_assert_uint_eq(fsm.stats.addr_conflicts, 2);
	ck_assert_int_eq(fsm.state, VRRP_STATE_MASTER);
}
END_TEST

/* ---- FAULT ---- */

START_TEST(test_fault_from_master)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);

	start_master(&fsm, &c);
	ck_assert_int_eq(vrrp_fsm_fault(&fsm, 4 * SEC), 0);
	expect("transition MASTER->FAULT\nsend_advert prio=0\nvips_del\nnotify FAULT\n"
	       "cancel_timer\n");
	ck_assert_uint_eq(fsm.stats.pri_zero_sent, 1);
	/* in FAULT adverts, timers and repeated faults do nothing */
	rx(&fsm, 5 * SEC, 50, "10.0.0.9");
	ck_assert_int_eq(vrrp_fsm_timer_expired(&fsm, 9 * SEC), 0);
	ck_assert_int_eq(vrrp_fsm_fault(&fsm, 9 * SEC), 0);
	expect("");
	ck_assert_int_eq(vrrp_fsm_fault_cleared(&fsm, 10 * SEC), 0);
	expect("transition FAULT->BACKUP\nnotify BACKUP\ntimer 13609375\n");
}
END_TEST

START_TEST(test_fault_from_backup_and_init)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(3, 100);
	struct vrrp_fsm_advert a = advert(200, "10.0.0.9", 50 * 10000);

	start(&fsm, &c, 0);
	ck_assert_int_eq(vrrp_fsm_advert_rx(&fsm, 1 * SEC, &a), 0);
	rec.len = 0;
	ck_assert_int_eq(vrrp_fsm_fault(&fsm, 2 * SEC), 0);
	expect("transition BACKUP->FAULT\nnotify FAULT\ncancel_timer\n");
	/* recovery uses our own interval again, not the learned one */
	ck_assert_int_eq(vrrp_fsm_fault_cleared(&fsm, 3 * SEC), 0);
	expect("transition FAULT->BACKUP\nnotify BACKUP\ntimer 6609375\n");

	/* an instance can start faulted */
	memset(&rec, 0, sizeof(rec));
	ck_assert_int_eq(vrrp_fsm_init(&fsm, &c, &rec_actions), 0);
	ck_assert_int_eq(vrrp_fsm_fault(&fsm, 0), 0);
	expect("transition INIT->FAULT\nvips_del\nnotify FAULT\ncancel_timer\n");
	ck_assert_int_eq(vrrp_fsm_fault_cleared(&fsm, 1 * SEC), 0);
	expect("transition FAULT->BACKUP\nnotify BACKUP\ntimer 4609375\n");
}
END_TEST

START_TEST(test_fault_cleared_owner)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 255);

	c.init_master = true;
	start(&fsm, &c, 0);
	ck_assert_int_eq(vrrp_fsm_fault(&fsm, 1 * SEC), 0);
	rec.len = 0;
	ck_assert_int_eq(vrrp_fsm_fault_cleared(&fsm, 2 * SEC), 0);
	expect("transition FAULT->MASTER\nsend_advert prio=255\nvips_add\n"
	       "garp repeat=5 delay=5000000\nnotify MASTER\ntimer 3000000\n");
}
END_TEST

/* ---- tracking ---- */

START_TEST(test_priority_change_master)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);

	start_master(&fsm, &c);
	ck_assert_int_eq(vrrp_fsm_priority_changed(&fsm, 4 * SEC, 80), 0);
	expect(""); /* nothing at once: the next advert carries it */
	ck_assert_int_eq(vrrp_fsm_timer_expired(&fsm, MASTER_AT + 1 * SEC), 0);
	expect("send_advert prio=80\ntimer 5609375\n");
	/* clamped to 1..254 */
	vrrp_fsm_priority_changed(&fsm, 5 * SEC, 0);
	ck_assert_uint_eq(fsm.effective_priority, 1);
	vrrp_fsm_priority_changed(&fsm, 5 * SEC, 300);
	ck_assert_uint_eq(fsm.effective_priority, 254);

	/* the owner's 255 never moves */
	c = config(2, 255);
	c.init_master = true;
	start(&fsm, &c, 0);
	vrrp_fsm_priority_changed(&fsm, 1 * SEC, 100);
	ck_assert_uint_eq(fsm.effective_priority, 255);
}
END_TEST

START_TEST(test_priority_change_backup_preempts)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);

	start(&fsm, &c, 0);
	rx(&fsm, 1 * SEC, 110, "10.0.0.9");
	ck_assert_uint_eq(fsm.next_timer_us, 1 * SEC + 3609375);
	rec.len = 0;
	/* 100 -> 200: Skew_Time 609375 -> 218750, the deadline moves earlier */
	ck_assert_int_eq(vrrp_fsm_priority_changed(&fsm, 1500000, 200), 0);
	expect("timer 4218750\n");
	/* the master's adverts (110) are now lower: discarded, we take over */
	rx(&fsm, 2 * SEC, 110, "10.0.0.9");
	rx(&fsm, 3 * SEC, 110, "10.0.0.9");
	rx(&fsm, 4 * SEC, 110, "10.0.0.9");
	expect("");
	ck_assert_int_eq(vrrp_fsm_timer_expired(&fsm, 4218750), 0);
	ck_assert_int_eq(fsm.state, VRRP_STATE_MASTER);
	expect("transition BACKUP->MASTER\nsend_advert prio=200\nvips_add\n"
	       "garp repeat=5 delay=5000000\nnotify MASTER\ntimer 5218750\n");
}
END_TEST

/* ---- shutdown ---- */

START_TEST(test_shutdown)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);

	start_master(&fsm, &c);
	ck_assert_int_eq(vrrp_fsm_shutdown(&fsm, 4 * SEC), 0);
	expect("transition MASTER->STOP\nsend_advert prio=0\nvips_del\nnotify STOP\n"
	       "cancel_timer\n");

	start(&fsm, &c, 0);
	rec.len = 0;
	ck_assert_int_eq(vrrp_fsm_shutdown(&fsm, 1 * SEC), 0);
	expect("transition BACKUP->STOP\nnotify STOP\ncancel_timer\n");
	ck_assert_uint_eq(fsm.stats.adverts_sent, 0);
	/* stopped: everything but a restart is ignored */
	rx(&fsm, 2 * SEC, 50, "10.0.0.9");
	ck_assert_int_eq(vrrp_fsm_fault(&fsm, 2 * SEC), 0);
	ck_assert_int_eq(vrrp_fsm_shutdown(&fsm, 2 * SEC), 0);
	expect("");
	ck_assert_int_eq(vrrp_fsm_startup(&fsm, 3 * SEC), 0);
	expect("transition STOP->BACKUP\nvips_del\nnotify BACKUP\ntimer 6609375\n");
}
END_TEST

/* ---- one report per state change ---- */

static int
count_lines(const char *buf, const char *prefix)
{
	int n = 0;
	const char *p;

	for (p = buf; (p = strstr(p, prefix)); p++)
		if (p == buf || p[-1] == '\n')
			n++;
	return n;
}

START_TEST(test_one_transition_per_change)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);
	uint64_t total = 0;
	int s;

	start(&fsm, &c, 0);
	vrrp_fsm_timer_expired(&fsm, 3609375); /* -> MASTER */
	rx(&fsm, 4 * SEC, 50, "10.0.0.9");     /* stays */
	vrrp_fsm_timer_expired(&fsm, 5 * SEC); /* stays */
	rx(&fsm, 5500000, 200, "10.0.0.9");    /* -> BACKUP */
	rx(&fsm, 6 * SEC, 200, "10.0.0.9");    /* stays */
	vrrp_fsm_fault(&fsm, 7 * SEC);	       /* -> FAULT */
	vrrp_fsm_fault(&fsm, 7 * SEC);	       /* stays */
	vrrp_fsm_fault_cleared(&fsm, 8 * SEC); /* -> BACKUP */
	vrrp_fsm_shutdown(&fsm, 9 * SEC);      /* -> STOP */
	for (s = 0; s < VRRP_STATE_COUNT; s++)
		total += fsm.stats.entered[s];
	ck_assert_uint_eq(total, 6);
	ck_assert_int_eq(count_lines(rec.buf, "transition "), 6);
	ck_assert_int_eq(count_lines(rec.buf, "notify "), 6);
	ck_assert_uint_eq(fsm.stats.entered[VRRP_STATE_BACKUP], 3);
}
END_TEST

/* ---- sync-group hooks and admin ---- */

START_TEST(test_sync_veto_and_goto_master)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);

	start(&fsm, &c, 0);
	rec.len = 0;
	rec.veto = true;
	ck_assert_int_eq(vrrp_fsm_timer_expired(&fsm, 3609375), 0);
	expect("timer 7218750\n");
	ck_assert_int_eq(fsm.state, VRRP_STATE_BACKUP);
	ck_assert(fsm.wants_master);
	ck_assert_int_eq(vrrp_fsm_admin(&fsm, 4 * SEC, VRRP_FSM_ADMIN_GOTO_MASTER, NULL), 0);
	expect("transition BACKUP->MASTER\nsend_advert prio=100\nvips_add\n"
	       "garp repeat=5 delay=5000000\nnotify MASTER\ntimer 5000000\n");
	ck_assert(!fsm.wants_master);
	ck_assert_int_eq(vrrp_fsm_admin(&fsm, 5 * SEC, VRRP_FSM_ADMIN_GOTO_BACKUP, NULL), 0);
	expect("transition MASTER->BACKUP\nvips_del\nnotify BACKUP\ntimer 8609375\n");
}
END_TEST

START_TEST(test_admin_release)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);

	start_master(&fsm, &c);
	ck_assert_int_eq(vrrp_fsm_admin(&fsm, 4 * SEC, VRRP_FSM_ADMIN_RELEASE, NULL), 0);
	expect("transition MASTER->BACKUP\nsend_advert prio=0\nvips_del\nnotify BACKUP\n"
	       "timer 4609375\n");
	/* release means nothing outside MASTER */
	ck_assert_int_eq(vrrp_fsm_admin(&fsm, 4 * SEC, VRRP_FSM_ADMIN_RELEASE, NULL), 0);
	expect("");
}
END_TEST

START_TEST(test_admin_reload)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100), n;

	start_master(&fsm, &c);
	vrrp_fsm_priority_changed(&fsm, 4 * SEC, 90); /* tracking: -10 */
	n = c;
	n.priority = 150;
	n.adver_int_us = 2 * SEC;
	rec.len = 0;
	ck_assert_int_eq(vrrp_fsm_admin(&fsm, 4 * SEC, VRRP_FSM_ADMIN_RELOAD, &n), 0);
	expect("");
	ck_assert_uint_eq(fsm.effective_priority, 140);
	ck_assert_int_eq(vrrp_fsm_timer_expired(&fsm, MASTER_AT + 1 * SEC), 0);
	expect("send_advert prio=140\ntimer 6609375\n");
	/* a bad config is refused and the old one kept */
	n.version = 4;
	ck_assert_int_eq(vrrp_fsm_admin(&fsm, 5 * SEC, VRRP_FSM_ADMIN_RELOAD, &n), -EINVAL);
	ck_assert_int_eq(vrrp_fsm_admin(&fsm, 5 * SEC, VRRP_FSM_ADMIN_RELOAD, NULL), -EINVAL);
	ck_assert_uint_eq(fsm.cfg.version, 2);
}
END_TEST

START_TEST(test_garp_refresh)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);

	c.garp_master_refresh_us = 2 * SEC;
	c.garp_master_refresh_repeat = 2;
	start_master(&fsm, &c);
	vrrp_fsm_timer_expired(&fsm, MASTER_AT + 1 * SEC);
	vrrp_fsm_timer_expired(&fsm, MASTER_AT + 2 * SEC);
	vrrp_fsm_timer_expired(&fsm, MASTER_AT + 3 * SEC);
	expect("send_advert prio=100\ntimer 5609375\n"
	       "send_advert prio=100\ngarp repeat=2 delay=0\ntimer 6609375\n"
	       "send_advert prio=100\ntimer 7609375\n");
}
END_TEST

START_TEST(test_invalid_input)
{
	struct vrrp_fsm fsm;
	struct vrrp_fsm_config c = config(2, 100);
	struct vrrp_fsm_advert a = advert(256, "10.0.0.9", SEC);
	struct vrrp_fsm_event ev;

	c.version = 4;
	ck_assert_int_eq(vrrp_fsm_init(&fsm, &c, &rec_actions), -EINVAL);
	c = config(2, 0);
	ck_assert_int_eq(vrrp_fsm_init(&fsm, &c, &rec_actions), -EINVAL);
	c = config(2, 100);
	c.adver_int_us = 0;
	ck_assert_int_eq(vrrp_fsm_init(&fsm, &c, &rec_actions), -EINVAL);
	c = config(2, 100);
	start(&fsm, &c, 0);
	ck_assert_int_eq(vrrp_fsm_advert_rx(&fsm, SEC, &a), -EINVAL);
	memset(&ev, 0, sizeof(ev));
	ev.type = VRRP_FSM_EV_COUNT;
	ck_assert_int_eq(vrrp_fsm_handle(&fsm, &ev), -EINVAL);
	/* NULL actions are allowed: the FSM still runs */
	ck_assert_int_eq(vrrp_fsm_init(&fsm, &c, NULL), 0);
	ck_assert_int_eq(vrrp_fsm_startup(&fsm, 0), 0);
	ck_assert_int_eq(vrrp_fsm_timer_expired(&fsm, 3609375), 0);
	ck_assert_int_eq(fsm.state, VRRP_STATE_MASTER);
	ck_assert_str_eq(vrrp_fsm_state_name(VRRP_STATE_COUNT), "UNKNOWN");
}
END_TEST

Suite *vrrp_fsm_suite(void);

Suite *
vrrp_fsm_suite(void)
{
	Suite *s = suite_create("vrrp_fsm");
	TCase *tc = tcase_create("startup");

	tcase_add_test(tc, test_timer_values);
	tcase_add_test(tc, test_startup_backup);
	tcase_add_test(tc, test_startup_state_master_not_owner);
	tcase_add_test(tc, test_startup_owner);
	tcase_add_test(tc, test_startup_resume_master);
	suite_add_tcase(s, tc);
	tc = tcase_create("backup");
	tcase_add_test(tc, test_down_timer_expiry);
	tcase_add_test(tc, test_backup_accepts_and_rearms);
	tcase_add_test(tc, test_v3_adopts_master_interval);
	tcase_add_test(tc, test_priority_zero_skew_only);
	tcase_add_test(tc, test_preempt);
	tcase_add_test(tc, test_nopreempt);
	tcase_add_test(tc, test_preempt_delay_from_startup);
	tcase_add_test(tc, test_preempt_delay_from_lower_master);
	suite_add_tcase(s, tc);
	tc = tcase_create("master");
	tcase_add_test(tc, test_master_rearm);
	tcase_add_test(tc, test_master_higher_priority);
	tcase_add_test(tc, test_master_v3_yield_adopts_interval);
	tcase_add_test(tc, test_master_lower_priority);
	tcase_add_test(tc, test_master_priority_zero);
	tcase_add_test(tc, test_equal_priority_ipv4);
	tcase_add_test(tc, test_equal_priority_ipv6);
	tcase_add_test(tc, test_equal_priority_undecidable);
	suite_add_tcase(s, tc);
	tc = tcase_create("fault_tracking_shutdown");
	tcase_add_test(tc, test_fault_from_master);
	tcase_add_test(tc, test_fault_from_backup_and_init);
	tcase_add_test(tc, test_fault_cleared_owner);
	tcase_add_test(tc, test_priority_change_master);
	tcase_add_test(tc, test_priority_change_backup_preempts);
	tcase_add_test(tc, test_shutdown);
	tcase_add_test(tc, test_one_transition_per_change);
	suite_add_tcase(s, tc);
	tc = tcase_create("admin");
	tcase_add_test(tc, test_sync_veto_and_goto_master);
	tcase_add_test(tc, test_admin_release);
	tcase_add_test(tc, test_admin_reload);
	tcase_add_test(tc, test_garp_refresh);
	tcase_add_test(tc, test_invalid_input);
	tcase_add_test(tc, test_advert_compare);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(vrrp_fsm_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
