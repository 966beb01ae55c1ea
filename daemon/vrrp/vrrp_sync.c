/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_sync: sync groups over running instances. It only feeds admin events
 * (GOTO_MASTER / GOTO_BACKUP) to member state machines and runs the group's
 * notify scripts with keepalived's arguments (GROUP, name, state, 0).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/conf_vrrp.h"
#include "notify/notify_fifo.h"
#include "notify/notify_script.h"
#include "notify/smtp.h"
#include "util/log.h"
#include "util/xalloc.h"
#include "vrrp/vrrp_inst.h"
#include "vrrp/vrrp_sync.h"

static void
group_notify(struct vrrp_sync *s, enum vrrp_state state)
{
	const struct conf_notify *n = &s->conf->notify;
	const struct conf_script *own = vrrp_notify_script(n, state);
	char sname[16], what[96];
	char *args[] = {(char *)"GROUP", s->conf->name, sname, (char *)"0", NULL};

	snprintf(sname, sizeof(sname), "%s", vrrp_fsm_state_name(state));
	snprintf(what, sizeof(what), "VRRP_Group(%s) notify", s->conf->name);
	if (own)
		notify_run(s->notify, own, NULL, what);
	if (n->any)
		notify_run(s->notify, n->any, args, what);
	for (size_t f = 0; s->fifo && f < 2; f++)
		notify_fifo_write(s->fifo[f], "GROUP \"%s\" %s 0", s->conf->name, sname);
	if (s->conf->smtp_alert && s->nmembers)
		smtp_alert_vrrp(s->members[0]->env->smtp, true, s->conf->name, sname);
}

static void
propagate(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_sync *s = arg;
	uint64_t now = ev_now(loop);

	(void)t;
	s->pending = false;
	for (size_t i = 0; i < s->nmembers; i++) {
		struct vrrp_fsm *fsm = &s->members[i]->fsm;

		if (s->target == VRRP_STATE_MASTER && fsm->state == VRRP_STATE_BACKUP)
			vrrp_fsm_admin(fsm, now, VRRP_FSM_ADMIN_GOTO_MASTER, NULL);
		else if (s->target == VRRP_STATE_BACKUP && fsm->state == VRRP_STATE_MASTER)
			vrrp_fsm_admin(fsm, now, VRRP_FSM_ADMIN_GOTO_BACKUP, NULL);
	}
}

void
vrrp_sync_member_changed(struct vrrp_sync *s, struct vrrp_inst *member, enum vrrp_state to)
{
	(void)member;
	if (to != s->state) {
		s->state = to;
		if (to == VRRP_STATE_MASTER || to == VRRP_STATE_BACKUP)
			log_info("VRRP_Group(%s) Syncing instances to %s state", s->conf->name,
				 vrrp_fsm_state_name(to));
		group_notify(s, to);
	}
	if (to != VRRP_STATE_MASTER && to != VRRP_STATE_BACKUP)
		return;
	s->target = to;
	if (!s->pending) {
		s->pending = true;
		ev_timer_start(s->loop, &s->propagate, 0);
	}
}

bool
vrrp_sync_may_become_master(const struct vrrp_sync *s, const struct vrrp_inst *member)
{
	for (size_t i = 0; i < s->nmembers; i++)
		if (s->members[i] != member && s->members[i]->fsm.state == VRRP_STATE_FAULT)
			return false;
	return true;
}

bool
vrrp_sync_group_fault(const struct vrrp_sync *s)
{
	for (size_t i = 0; i < s->nmembers; i++)
		if (s->members[i]->track_fault)
			return true;
	return false;
}

struct vrrp_sync *
vrrp_sync_new(struct ev_loop *loop, struct notify_runner *notify, struct notify_fifo *const *fifo,
	      const struct conf_sync_group *g, struct vrrp_inst **inst, size_t ninst)
{
	struct vrrp_sync *s = xcalloc(1, sizeof(*s));

	s->fifo = fifo;
	s->conf = g;
	s->loop = loop;
	s->notify = notify;
	s->state = VRRP_STATE_INIT;
	s->members = xcalloc(g->instances.n ? g->instances.n : 1, sizeof(*s->members));
	ev_timer_init(&s->propagate, propagate, s);
	for (size_t i = 0; i < g->instances.n; i++)
		for (size_t j = 0; j < ninst; j++)
			if (!strcmp(inst[j]->conf->name, g->instances.v[i]))
				s->members[s->nmembers++] = inst[j];
	return s;
}

void
vrrp_sync_announce(struct vrrp_sync *s)
{
	struct vrrp_inst *lead = s->nmembers ? s->members[0] : NULL;

	for (size_t i = 0; i < s->nmembers; i++)
		if (s->members[i]->fsm.state == VRRP_STATE_MASTER)
			lead = s->members[i];
	if (lead)
		vrrp_sync_member_changed(s, lead, lead->fsm.state);
}

void
vrrp_sync_free(struct vrrp_sync *s)
{
	if (!s)
		return;
	ev_timer_stop(s->loop, &s->propagate);
	free(s->members);
	free(s);
}
