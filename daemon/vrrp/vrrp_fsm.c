/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_fsm: the VRRP state machine (RFC 5798 section 6.4, RFC 3768 for v2)
 * plus keepalived's rules, as a table of handlers indexed by [state][event].
 * One timer per instance: the Adver_Timer in MASTER, the Master_Down_Timer
 * in BACKUP (preempt_delay needs no timer of its own). Pure: no logging, no
 * I/O, no clock reads, no globals; every effect goes through vrrp_actions.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp/vrrp_fsm.h"

#define USEC_PER_SEC	 1000000ULL
#define VRRP_FSM_MAX_INT (3600ULL * USEC_PER_SEC) /* sanity bound, no overflow */
#define VRRP_FSM_MAX_DTA 100U			  /* down_timer_adverts upper bound */

typedef void (*vrrp_fsm_handler)(struct vrrp_fsm *fsm, const struct vrrp_fsm_event *ev);

static const struct vrrp_actions vrrp_fsm_no_actions;

/* ---- outputs: NULL-tolerant wrappers that also keep the counters ---- */

static void
act_send_advert(struct vrrp_fsm *fsm, unsigned priority)
{
	fsm->stats.adverts_sent++;
	if (priority == VRRP_PRIO_STOP)
		fsm->stats.pri_zero_sent++;
	if (fsm->act->send_advert)
		fsm->act->send_advert(fsm->act->ctx, priority);
}

static void
act_vips_add(struct vrrp_fsm *fsm)
{
	if (fsm->act->vips_add)
		fsm->act->vips_add(fsm->act->ctx);
}

static void
act_vips_del(struct vrrp_fsm *fsm)
{
	if (fsm->act->vips_del)
		fsm->act->vips_del(fsm->act->ctx);
}

static void
act_garp(struct vrrp_fsm *fsm, unsigned repeat, uint64_t delay_us)
{
	if (repeat && fsm->act->garp)
		fsm->act->garp(fsm->act->ctx, repeat, delay_us);
}

static void
act_notify(struct vrrp_fsm *fsm, enum vrrp_state state)
{
	if (fsm->act->notify)
		fsm->act->notify(fsm->act->ctx, state);
}

static void
arm_timer(struct vrrp_fsm *fsm, uint64_t at_us)
{
	fsm->next_timer_us = at_us;
	if (fsm->act->set_timer)
		fsm->act->set_timer(fsm->act->ctx, at_us);
}

static void
cancel_timer(struct vrrp_fsm *fsm)
{
	fsm->next_timer_us = 0;
	if (fsm->act->cancel_timer)
		fsm->act->cancel_timer(fsm->act->ctx);
}

/*
 * The one place that changes state. Reports the transition exactly once,
 * before the new state's actions, so the adapter's log line comes first.
 */
static void
vrrp_fsm_set_state(struct vrrp_fsm *fsm, enum vrrp_state to)
{
	enum vrrp_state from = fsm->state;

	if (from == to)
		return;
	fsm->state = to;
	fsm->stats.entered[to]++;
	if (fsm->act->transition)
		fsm->act->transition(fsm->act->ctx, from, to);
}

/* ---- timers (RFC 5798 6.1, RFC 3768 6.1) ---- */

uint64_t
vrrp_fsm_skew_time(unsigned version, unsigned priority, uint64_t master_adver_int_us)
{
	uint64_t weight = 256 - (priority > VRRP_PRIO_OWNER ? VRRP_PRIO_OWNER : priority);

	/* v2: (256 - Priority) / 256 seconds, whatever the advert interval */
	if (version == 2)
		return weight * USEC_PER_SEC / 256;
	/* v3: ((256 - Priority) * Master_Adver_Interval) / 256 */
	return weight * master_adver_int_us / 256;
}

uint64_t
vrrp_fsm_master_down_interval(unsigned version, unsigned priority, uint64_t master_adver_int_us,
			      unsigned down_timer_adverts)
{
	uint64_t n = down_timer_adverts ? down_timer_adverts : VRRP_FSM_DOWN_TIMER_ADVERTS;

	/* RFC: 3 * Master_Adver_Interval + Skew_Time; keepalived: N adverts */
	return n * master_adver_int_us + vrrp_fsm_skew_time(version, priority, master_adver_int_us);
}

static void
recompute_timers(struct vrrp_fsm *fsm)
{
	const struct vrrp_fsm_config *c = &fsm->cfg;

	if (c->version == 2)
		fsm->master_adver_int_us = c->adver_int_us; /* v2 never learns one */
	fsm->skew_time_us =
		vrrp_fsm_skew_time(c->version, fsm->effective_priority, fsm->master_adver_int_us);
	fsm->master_down_interval_us =
		vrrp_fsm_master_down_interval(c->version, fsm->effective_priority,
					      fsm->master_adver_int_us, c->down_timer_adverts);
}

/* Back to our own Advertisement_Interval (startup, fault, stepping down). */
static void
reset_master_adver_int(struct vrrp_fsm *fsm)
{
	fsm->master_adver_int_us = fsm->cfg.adver_int_us;
	recompute_timers(fsm);
}

/* ---- election helpers ---- */

static int
addr_cmp(const struct vrrp_fsm_addr *a, const struct vrrp_fsm_addr *b)
{
	size_t len;

	if (a->family != b->family)
		return 0;
	if (a->family == AF_INET)
		len = 4;
	else if (a->family == AF_INET6)
		len = 16;
	else
		return 0;
	return memcmp(a->bytes, b->bytes, len); /* unsigned bytes, network order */
}

/*
 * RFC 5798 6.4.3: > 0 if the sender wins (higher priority, or equal priority
 * and higher primary address), < 0 if we win, 0 if undecidable (our own
 * address, or a different family).
 */
static int
advert_cmp(const struct vrrp_fsm *fsm, const struct vrrp_fsm_advert *adv)
{
	if (adv->priority != fsm->effective_priority)
		return adv->priority > fsm->effective_priority ? 1 : -1;
	return addr_cmp(&adv->saddr, &fsm->cfg.saddr);
}

static bool
is_owner_master_at_start(const struct vrrp_fsm *fsm)
{
	/* keepalived: "state MASTER" is immediate only for the address owner */
	return (fsm->cfg.init_master && fsm->cfg.priority == VRRP_PRIO_OWNER) ||
	       fsm->cfg.resume_master;
}

/* RFC 5798 6.4.2 "Master_Down_Timer fires" (and 6.4.1 for the owner). */
static void
become_master(struct vrrp_fsm *fsm, uint64_t now)
{
	const struct vrrp_fsm_config *c = &fsm->cfg;

	vrrp_fsm_set_state(fsm, VRRP_STATE_MASTER);
	fsm->stats.become_master++;
	fsm->wants_master = false;
	fsm->preempt_armed = false;
	/* advert first, so an old master drops the VIPs before our GARPs */
	act_send_advert(fsm, fsm->effective_priority);
	act_vips_add(fsm);
	act_garp(fsm, c->garp_master_repeat, c->garp_master_delay_us);
	act_notify(fsm, VRRP_STATE_MASTER);
	fsm->next_garp_refresh_us = c->garp_master_refresh_us ? now + c->garp_master_refresh_us : 0;
	arm_timer(fsm, now + c->adver_int_us);
}

/* Takes over unless a sync group says not yet; then waits another interval. */
static void
try_become_master(struct vrrp_fsm *fsm, uint64_t now)
{
	if (fsm->act->may_become_master && !fsm->act->may_become_master(fsm->act->ctx)) {
		fsm->wants_master = true;
		arm_timer(fsm, now + fsm->master_down_interval_us);
		return;
	}
	become_master(fsm, now);
}

/* Leaving MASTER: optional priority-0 advert, release the addresses. */
static void
leave_master(struct vrrp_fsm *fsm, enum vrrp_state to, bool send_stop)
{
	vrrp_fsm_set_state(fsm, to);
	fsm->stats.release_master++;
	if (send_stop)
		act_send_advert(fsm, VRRP_PRIO_STOP);
	act_vips_del(fsm);
	fsm->next_garp_refresh_us = 0;
}

static void
enter_backup(struct vrrp_fsm *fsm, uint64_t now, uint64_t down_us)
{
	vrrp_fsm_set_state(fsm, VRRP_STATE_BACKUP);
	fsm->preempt_armed = false;
	act_notify(fsm, VRRP_STATE_BACKUP);
	arm_timer(fsm, now + down_us);
}

/* ---- handlers ---- */

/* RFC 5798 6.4.1 Initialize, with keepalived's startup rules. */
static void
on_startup(struct vrrp_fsm *fsm, const struct vrrp_fsm_event *ev)
{
	fsm->wants_master = false;
	reset_master_adver_int(fsm);
	if (is_owner_master_at_start(fsm)) {
		become_master(fsm, ev->now);
		return;
	}
	vrrp_fsm_set_state(fsm, VRRP_STATE_BACKUP);
	act_vips_del(fsm); /* a previous run may have left them (keepalived does too) */
	/* preempt_delay also counts from startup (keepalived.conf(5)) */
	fsm->preempt_armed = fsm->cfg.preempt_delay_us != 0;
	fsm->preempt_deadline_us = ev->now + fsm->cfg.preempt_delay_us;
	act_notify(fsm, VRRP_STATE_BACKUP);
	arm_timer(fsm, ev->now + fsm->master_down_interval_us);
}

/* Tracking failure: a master says goodbye with priority 0 (keepalived). */
static void
on_fault(struct vrrp_fsm *fsm, const struct vrrp_fsm_event *ev)
{
	enum vrrp_state from = fsm->state;

	(void)ev;
	if (from == VRRP_STATE_MASTER) {
		leave_master(fsm, VRRP_STATE_FAULT, true);
	} else {
		vrrp_fsm_set_state(fsm, VRRP_STATE_FAULT);
		if (from == VRRP_STATE_INIT)
			act_vips_del(fsm);
	}
	fsm->wants_master = false;
	fsm->preempt_armed = false;
	reset_master_adver_int(fsm);
	act_notify(fsm, VRRP_STATE_FAULT);
	cancel_timer(fsm);
}

/* All faults gone: like startup, BACKUP with a full Master_Down_Interval. */
static void
on_fault_cleared(struct vrrp_fsm *fsm, const struct vrrp_fsm_event *ev)
{
	fsm->wants_master = false;
	reset_master_adver_int(fsm);
	if (is_owner_master_at_start(fsm))
		become_master(fsm, ev->now);
	else
		enter_backup(fsm, ev->now, fsm->master_down_interval_us);
}

/* RFC 5798 6.4.2: Master_Down_Timer fired. */
static void
on_backup_timer(struct vrrp_fsm *fsm, const struct vrrp_fsm_event *ev)
{
	try_become_master(fsm, ev->now);
}

/* RFC 5798 6.4.3: Adver_Timer fired. */
static void
on_master_timer(struct vrrp_fsm *fsm, const struct vrrp_fsm_event *ev)
{
	const struct vrrp_fsm_config *c = &fsm->cfg;

	act_send_advert(fsm, fsm->effective_priority);
	if (fsm->next_garp_refresh_us && ev->now >= fsm->next_garp_refresh_us) {
		act_garp(fsm, c->garp_master_refresh_repeat, 0);
		fsm->next_garp_refresh_us = ev->now + c->garp_master_refresh_us;
	}
	arm_timer(fsm, ev->now + c->adver_int_us);
}

/*
 * RFC 5798 6.4.2 Preempt_Mode, as keepalived refines it: nopreempt or a
 * priority at least ours accepts; a lower one is accepted only while the
 * preempt_delay window (started by the first lower advert) is open.
 */
static bool
backup_accepts(const struct vrrp_fsm *fsm, const struct vrrp_fsm_advert *adv, uint64_t now)
{
	if (fsm->cfg.nopreempt || adv->priority >= fsm->effective_priority)
		return true;
	return fsm->cfg.preempt_delay_us && (!fsm->preempt_armed || now < fsm->preempt_deadline_us);
}

static void
on_backup_advert(struct vrrp_fsm *fsm, const struct vrrp_fsm_event *ev)
{
	const struct vrrp_fsm_advert *adv = &ev->u.advert;

	fsm->stats.adverts_rcvd++;
	if (adv->priority == VRRP_PRIO_STOP) {
		/* the master is leaving: wait only Skew_Time */
		fsm->stats.pri_zero_rcvd++;
		arm_timer(fsm, ev->now + fsm->skew_time_us);
		return;
	}
	if (!backup_accepts(fsm, adv, ev->now))
		return; /* preempting: let the down timer run out */
	if (fsm->cfg.version == 3 && adv->adver_int_us)
		fsm->master_adver_int_us = adv->adver_int_us; /* adopt the master's */
	recompute_timers(fsm);
	fsm->master_priority = adv->priority;
	fsm->wants_master = false;
	if (fsm->cfg.preempt_delay_us) {
		if (adv->priority >= fsm->effective_priority) {
			fsm->preempt_armed = false;
		} else if (!fsm->preempt_armed) {
			fsm->preempt_armed = true;
			fsm->preempt_deadline_us = ev->now + fsm->cfg.preempt_delay_us;
		}
	}
	arm_timer(fsm, ev->now + fsm->master_down_interval_us);
}

/* A better master exists: step down (RFC 5798 6.4.3). */
static void
master_yield(struct vrrp_fsm *fsm, uint64_t now, const struct vrrp_fsm_advert *adv)
{
	/* higher_prio_send_advert: our advert makes the winner re-send GARPs */
	if (fsm->cfg.higher_prio_send_advert)
		act_send_advert(fsm, fsm->effective_priority);
	if (fsm->cfg.version == 3 && adv->adver_int_us)
		fsm->master_adver_int_us = adv->adver_int_us;
	recompute_timers(fsm);
	fsm->master_priority = adv->priority;
	leave_master(fsm, VRRP_STATE_BACKUP, false);
	fsm->preempt_armed = false;
	act_notify(fsm, VRRP_STATE_BACKUP);
	arm_timer(fsm, now + fsm->master_down_interval_us);
}

/* A worse router thinks it is master (split brain): assert ourselves. */
static void
master_heal(struct vrrp_fsm *fsm, uint64_t now)
{
	const struct vrrp_fsm_config *c = &fsm->cfg;

	fsm->stats.lower_prio_rcvd++;
	if (!c->lower_prio_no_advert) {
		act_send_advert(fsm, fsm->effective_priority);
		arm_timer(fsm, now + c->adver_int_us);
	}
	act_garp(fsm, c->garp_lower_prio_repeat, c->garp_lower_prio_delay_us);
	if (fsm->act->notify_master_rx_lower_pri)
		fsm->act->notify_master_rx_lower_pri(fsm->act->ctx);
}

static void
on_master_advert(struct vrrp_fsm *fsm, const struct vrrp_fsm_event *ev)
{
	const struct vrrp_fsm_advert *adv = &ev->u.advert;
	int cmp;

	fsm->stats.adverts_rcvd++;
	if (adv->priority == VRRP_PRIO_STOP) {
		/* RFC 5798 6.4.3: answer at once so backups do not take over */
		fsm->stats.pri_zero_rcvd++;
		act_send_advert(fsm, fsm->effective_priority);
		arm_timer(fsm, ev->now + fsm->cfg.adver_int_us);
		return;
	}
	cmp = advert_cmp(fsm, adv);
	if (cmp > 0)
		master_yield(fsm, ev->now, adv);
	else if (cmp < 0)
		master_heal(fsm, ev->now);
	else
		fsm->stats.addr_conflicts++;
}

static unsigned
clamp_priority(long prio)
{
	if (prio < 1)
		return 1;
	if (prio > VRRP_PRIO_OWNER - 1)
		return VRRP_PRIO_OWNER - 1;
	return (unsigned)prio;
}

/* Tracking changed the effective priority; returns the old Master_Down_Interval. */
static uint64_t
apply_priority(struct vrrp_fsm *fsm, unsigned priority)
{
	uint64_t old_mdi = fsm->master_down_interval_us;

	if (fsm->cfg.priority == VRRP_PRIO_OWNER)
		return old_mdi; /* the owner's 255 is never adjusted */
	fsm->effective_priority = clamp_priority((long)priority);
	recompute_timers(fsm);
	return old_mdi;
}

/* In MASTER the next advert simply carries the new priority (keepalived). */
static void
on_priority(struct vrrp_fsm *fsm, const struct vrrp_fsm_event *ev)
{
	apply_priority(fsm, ev->u.priority);
}

/* In BACKUP the running down timer moves by the change in Skew_Time. */
static void
on_backup_priority(struct vrrp_fsm *fsm, const struct vrrp_fsm_event *ev)
{
	uint64_t old_mdi = apply_priority(fsm, ev->u.priority);
	uint64_t new_mdi = fsm->master_down_interval_us;
	uint64_t at = fsm->next_timer_us;

	if (!at || new_mdi == old_mdi)
		return;
	if (new_mdi > old_mdi)
		at += new_mdi - old_mdi;
	else if (at > ev->now + (old_mdi - new_mdi))
		at -= old_mdi - new_mdi;
	else
		at = ev->now; /* already due */
	arm_timer(fsm, at);
}

/* RFC 5798 6.4.2/6.4.3 Shutdown; a master sends priority 0 and releases. */
static void
on_shutdown(struct vrrp_fsm *fsm, const struct vrrp_fsm_event *ev)
{
	(void)ev;
	if (fsm->state == VRRP_STATE_MASTER)
		leave_master(fsm, VRRP_STATE_STOP, true);
	else
		vrrp_fsm_set_state(fsm, VRRP_STATE_STOP);
	fsm->wants_master = false;
	fsm->preempt_armed = false;
	act_notify(fsm, VRRP_STATE_STOP);
	cancel_timer(fsm);
}

static int
check_config(const struct vrrp_fsm_config *c)
{
	if (c->version != 2 && c->version != 3)
		return -EINVAL;
	if (c->priority < 1 || c->priority > VRRP_PRIO_OWNER)
		return -EINVAL;
	if (!c->adver_int_us || c->adver_int_us > VRRP_FSM_MAX_INT)
		return -EINVAL;
	if (c->down_timer_adverts > VRRP_FSM_MAX_DTA)
		return -EINVAL;
	return 0;
}

/* Reload: keep the state and the tracking offset; timers follow at their next arming. */
static void
apply_config(struct vrrp_fsm *fsm, const struct vrrp_fsm_config *c, uint64_t now)
{
	long offset = (long)fsm->effective_priority - (long)fsm->cfg.priority;

	if (fsm->cfg.priority == VRRP_PRIO_OWNER)
		offset = 0;
	fsm->cfg = *c;
	if (c->priority == VRRP_PRIO_OWNER)
		fsm->effective_priority = VRRP_PRIO_OWNER;
	else
		fsm->effective_priority = clamp_priority((long)c->priority + offset);
	if (fsm->state != VRRP_STATE_BACKUP)
		fsm->master_adver_int_us = c->adver_int_us;
	recompute_timers(fsm);
	if (!c->preempt_delay_us)
		fsm->preempt_armed = false;
	if (fsm->state == VRRP_STATE_MASTER)
		fsm->next_garp_refresh_us =
			c->garp_master_refresh_us ? now + c->garp_master_refresh_us : 0;
}

static void
on_admin(struct vrrp_fsm *fsm, const struct vrrp_fsm_event *ev)
{
	enum vrrp_state state = fsm->state;

	switch (ev->u.admin.op) {
	case VRRP_FSM_ADMIN_GOTO_MASTER:
		if (state == VRRP_STATE_BACKUP)
			become_master(fsm, ev->now);
		break;
	case VRRP_FSM_ADMIN_GOTO_BACKUP:
		if (state == VRRP_STATE_MASTER) {
			leave_master(fsm, VRRP_STATE_BACKUP, false);
			reset_master_adver_int(fsm);
			enter_backup(fsm, ev->now, fsm->master_down_interval_us);
		}
		fsm->wants_master = false;
		break;
	case VRRP_FSM_ADMIN_RELEASE:
		if (state == VRRP_STATE_MASTER) {
			leave_master(fsm, VRRP_STATE_BACKUP, true);
			reset_master_adver_int(fsm);
			/* take the addresses back quickly if nobody else does */
			enter_backup(fsm, ev->now, fsm->skew_time_us);
		}
		break;
	case VRRP_FSM_ADMIN_RELOAD:
		apply_config(fsm, ev->u.admin.config, ev->now);
		break;
	}
}

/* ---- the table: [state][event]; NULL means "ignored in this state" ---- */

/* clang-format off */
static const vrrp_fsm_handler vrrp_fsm_table[VRRP_STATE_COUNT][VRRP_FSM_EV_COUNT] = {
	[VRRP_STATE_INIT] = {
		[VRRP_FSM_EV_STARTUP]		= on_startup,
		[VRRP_FSM_EV_FAULT]		= on_fault,
		[VRRP_FSM_EV_PRIORITY_CHANGED]	= on_priority,
		[VRRP_FSM_EV_SHUTDOWN]		= on_shutdown,
		[VRRP_FSM_EV_ADMIN]		= on_admin,
	},
	[VRRP_STATE_BACKUP] = {
		[VRRP_FSM_EV_ADVER_TIMER]	= on_backup_timer,
		[VRRP_FSM_EV_ADVERT_RX]		= on_backup_advert,
		[VRRP_FSM_EV_FAULT]		= on_fault,
		[VRRP_FSM_EV_PRIORITY_CHANGED]	= on_backup_priority,
		[VRRP_FSM_EV_SHUTDOWN]		= on_shutdown,
		[VRRP_FSM_EV_ADMIN]		= on_admin,
	},
	[VRRP_STATE_MASTER] = {
		[VRRP_FSM_EV_ADVER_TIMER]	= on_master_timer,
		[VRRP_FSM_EV_ADVERT_RX]		= on_master_advert,
		[VRRP_FSM_EV_FAULT]		= on_fault,
		[VRRP_FSM_EV_PRIORITY_CHANGED]	= on_priority,
		[VRRP_FSM_EV_SHUTDOWN]		= on_shutdown,
		[VRRP_FSM_EV_ADMIN]		= on_admin,
	},
	[VRRP_STATE_FAULT] = {
		/* adverts and timers are ignored in FAULT (keepalived) */
		[VRRP_FSM_EV_FAULT_CLEARED]	= on_fault_cleared,
		[VRRP_FSM_EV_PRIORITY_CHANGED]	= on_priority,
		[VRRP_FSM_EV_SHUTDOWN]		= on_shutdown,
		[VRRP_FSM_EV_ADMIN]		= on_admin,
	},
	[VRRP_STATE_STOP] = {
		[VRRP_FSM_EV_STARTUP]		= on_startup,
		[VRRP_FSM_EV_PRIORITY_CHANGED]	= on_priority,
		[VRRP_FSM_EV_ADMIN]		= on_admin,
	},
};
/* clang-format on */

/* ---- public entry points ---- */

int
vrrp_fsm_init(struct vrrp_fsm *fsm, const struct vrrp_fsm_config *cfg,
	      const struct vrrp_actions *act)
{
	int err;

	if (!fsm || !cfg)
		return -EINVAL;
	err = check_config(cfg);
	if (err)
		return err;
	memset(fsm, 0, sizeof(*fsm));
	fsm->cfg = *cfg;
	fsm->act = act ? act : &vrrp_fsm_no_actions;
	fsm->state = VRRP_STATE_INIT;
	fsm->effective_priority = cfg->priority;
	reset_master_adver_int(fsm);
	return 0;
}

static int
check_event(const struct vrrp_fsm *fsm, const struct vrrp_fsm_event *ev)
{
	if ((unsigned)ev->type >= VRRP_FSM_EV_COUNT || (unsigned)fsm->state >= VRRP_STATE_COUNT)
		return -EINVAL;
	if (ev->type == VRRP_FSM_EV_ADVERT_RX && ev->u.advert.priority > VRRP_PRIO_OWNER)
		return -EINVAL;
	if (ev->type == VRRP_FSM_EV_ADMIN) {
		if ((unsigned)ev->u.admin.op > VRRP_FSM_ADMIN_RELOAD)
			return -EINVAL;
		if (ev->u.admin.op == VRRP_FSM_ADMIN_RELOAD &&
		    (!ev->u.admin.config || check_config(ev->u.admin.config)))
			return -EINVAL;
	}
	return 0;
}

int
vrrp_fsm_handle(struct vrrp_fsm *fsm, const struct vrrp_fsm_event *ev)
{
	vrrp_fsm_handler handler;
	int err;

	if (!fsm || !ev)
		return -EINVAL;
	err = check_event(fsm, ev);
	if (err)
		return err;
	if (ev->type == VRRP_FSM_EV_ADVER_TIMER) {
		/* a stale or early expiry (timer re-armed meanwhile) is not ours */
		if (!fsm->next_timer_us || ev->now < fsm->next_timer_us) {
			fsm->stats.events_ignored++;
			return 0;
		}
		fsm->next_timer_us = 0; /* consumed; the handler re-arms */
	}
	handler = vrrp_fsm_table[fsm->state][ev->type];
	if (!handler) {
		fsm->stats.events_ignored++;
		return 0;
	}
	handler(fsm, ev);
	return 0;
}

static int
handle_simple(struct vrrp_fsm *fsm, enum vrrp_fsm_event_type type, uint64_t now)
{
	struct vrrp_fsm_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.now = now;
	return vrrp_fsm_handle(fsm, &ev);
}

int
vrrp_fsm_startup(struct vrrp_fsm *fsm, uint64_t now)
{
	return handle_simple(fsm, VRRP_FSM_EV_STARTUP, now);
}

int
vrrp_fsm_timer_expired(struct vrrp_fsm *fsm, uint64_t now)
{
	return handle_simple(fsm, VRRP_FSM_EV_ADVER_TIMER, now);
}

int
vrrp_fsm_advert_rx(struct vrrp_fsm *fsm, uint64_t now, const struct vrrp_fsm_advert *adv)
{
	struct vrrp_fsm_event ev;

	if (!adv)
		return -EINVAL;
	memset(&ev, 0, sizeof(ev));
	ev.type = VRRP_FSM_EV_ADVERT_RX;
	ev.now = now;
	ev.u.advert = *adv;
	return vrrp_fsm_handle(fsm, &ev);
}

int
vrrp_fsm_fault(struct vrrp_fsm *fsm, uint64_t now)
{
	return handle_simple(fsm, VRRP_FSM_EV_FAULT, now);
}

int
vrrp_fsm_fault_cleared(struct vrrp_fsm *fsm, uint64_t now)
{
	return handle_simple(fsm, VRRP_FSM_EV_FAULT_CLEARED, now);
}

int
vrrp_fsm_priority_changed(struct vrrp_fsm *fsm, uint64_t now, unsigned priority)
{
	struct vrrp_fsm_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = VRRP_FSM_EV_PRIORITY_CHANGED;
	ev.now = now;
	ev.u.priority = priority;
	return vrrp_fsm_handle(fsm, &ev);
}

int
vrrp_fsm_shutdown(struct vrrp_fsm *fsm, uint64_t now)
{
	return handle_simple(fsm, VRRP_FSM_EV_SHUTDOWN, now);
}

int
vrrp_fsm_admin(struct vrrp_fsm *fsm, uint64_t now, enum vrrp_fsm_admin_op op,
	       const struct vrrp_fsm_config *config)
{
	struct vrrp_fsm_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = VRRP_FSM_EV_ADMIN;
	ev.now = now;
	ev.u.admin.op = op;
	ev.u.admin.config = config;
	return vrrp_fsm_handle(fsm, &ev);
}

int
vrrp_fsm_advert_compare(const struct vrrp_fsm *fsm, const struct vrrp_fsm_advert *adv)
{
	return advert_cmp(fsm, adv);
}

const char *
vrrp_fsm_state_name(enum vrrp_state state)
{
	static const char *const names[VRRP_STATE_COUNT] = {
		[VRRP_STATE_INIT] = "INIT",	[VRRP_STATE_BACKUP] = "BACKUP",
		[VRRP_STATE_MASTER] = "MASTER", [VRRP_STATE_FAULT] = "FAULT",
		[VRRP_STATE_STOP] = "STOP",
	};

	if ((unsigned)state >= VRRP_STATE_COUNT)
		return "UNKNOWN";
	return names[state];
}
