/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_track: tracked scripts and links for the VRRP child. keepalived's
 * rules: a script's result flips to "failed" after `fall` consecutive
 * failures and back after `rise` successes; a positive weight is added while
 * the object is good, a negative one while it is bad, and weight 0 means
 * FAULT while it is bad; `reverse` swaps good and bad. Track files
 * (vrrp_track_file.c) add value x weight instead. A sync group's track_file
 * entries apply to each member (weight 0 unless sync_group_tracking_weight).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "conf/conf.h"
#include "conf/conf_vrrp.h"
#include "ev/ev.h"
#include "nl/nl_rtnl.h"
#include "notify/notify_script.h"
#include "util/log.h"
#include "util/spawn.h"
#include "util/xalloc.h"
#include "vrrp/vrrp_track.h"

struct track_script {
	struct vrrp_track *t;
	const struct conf_vrrp_script *conf;
	struct script_cmd cmd;
	bool prepared;
	bool ok;	 /* the current verdict */
	unsigned streak; /* consecutive results disagreeing with ok */
	struct spawn_proc proc;
	struct ev_timer timer;
};

struct vrrp_track {
	struct ev_loop *loop;
	struct nl_rtnl *rtnl;
	const struct conf *conf;
	vrrp_track_changed_cb cb;
	void *arg;
	struct track_script *scripts; /* one per conf->scripts[i] */
	size_t nscripts;
	struct nl_rtnl_monitor *mon;
	struct ev_io mon_io;
	struct vrrp_tfiles *files;
};

static void script_due(struct ev_loop *loop, struct ev_timer *tm, void *arg);

/* One result in; returns true when the verdict flipped. */
static bool
script_result(struct track_script *s, bool success)
{
	unsigned need = success ? s->conf->rise : s->conf->fall;

	if (success == s->ok) {
		s->streak = 0;
		return false;
	}
	if (++s->streak < (need ? need : 1))
		return false;
	s->ok = success;
	s->streak = 0;
	return true;
}

static void
script_done(struct spawn_proc *p, const struct spawn_result *res, void *arg)
{
	struct track_script *s = arg;
	bool success = !res->timed_out && WIFEXITED(res->status) && WEXITSTATUS(res->status) == 0;

	(void)p;
	if (script_result(s, success)) {
		if (s->ok)
			log_info("VRRP_Script(%s) succeeded", s->conf->name);
		else if (res->timed_out)
			log_info("VRRP_Script(%s) timed out", s->conf->name);
		else
			log_info("VRRP_Script(%s) failed (exited with status %d)", s->conf->name,
				 WIFEXITED(res->status) ? WEXITSTATUS(res->status) : -1);
		s->t->cb(s->t->arg);
	}
	ev_timer_start(s->t->loop, &s->timer, s->conf->interval_us);
}

static void
script_due(struct ev_loop *loop, struct ev_timer *tm, void *arg)
{
	struct track_script *s = arg;
	struct spawn_req req = {
		.argv = s->cmd.argv,
		.use_shell = s->cmd.shell,
		.shell_line = s->cmd.cmd,
		.set_ids = true,
		.uid = s->cmd.uid,
		.gid = s->cmd.gid,
		.timeout_us = s->conf->timeout_us,
	};

	(void)tm;
	if (spawn_running(&s->proc))
		return; /* still running: its completion re-arms the timer */
	if (spawn_start(loop, &s->proc, &req, script_done, s) < 0) {
		script_result(s, false);
		ev_timer_start(loop, &s->timer, s->conf->interval_us);
	}
}

/* True when some instance tracks script name. */
static bool
script_used(const struct conf *conf, const char *name)
{
	for (size_t i = 0; i < conf->nvrrp; i++)
		for (size_t j = 0; j < conf->vrrp[i]->track_script.n; j++)
			if (!strcmp(conf->vrrp[i]->track_script.v[j].name, name))
				return true;
	for (size_t i = 0; i < conf->nsync_groups; i++)
		for (size_t j = 0; j < conf->sync_groups[i]->track_script.n; j++)
			if (!strcmp(conf->sync_groups[i]->track_script.v[j].name, name))
				return true;
	return false;
}

static void
scripts_start(struct vrrp_track *t)
{
	t->nscripts = t->conf->nscripts;
	t->scripts = xcalloc(t->nscripts ? t->nscripts : 1, sizeof(*t->scripts));
	for (size_t i = 0; i < t->nscripts; i++) {
		struct track_script *s = &t->scripts[i];
		char what[96];

		s->t = t;
		s->conf = t->conf->scripts[i];
		s->ok = !s->conf->init_fail;
		ev_timer_init(&s->timer, script_due, s);
		if (!s->conf->script || !script_used(t->conf, s->conf->name))
			continue;
		snprintf(what, sizeof(what), "VRRP_Script(%s)", s->conf->name);
		if (script_cmd_prepare(t->conf, s->conf->script, s->conf->user, s->conf->group,
				       what, &s->cmd) < 0) {
			s->ok = false; /* keepalived: an unusable script counts as failed */
			continue;
		}
		s->prepared = true;
		ev_timer_start(t->loop, &s->timer, 0);
	}
}

static void
on_link_event(const struct nl_rtnl_event *ev, void *arg)
{
	struct vrrp_track *t = arg;

	if (ev->type == NL_RTNL_EV_LINK || ev->type == NL_RTNL_EV_LINK_DEL ||
	    ev->type == NL_RTNL_EV_OVERFLOW)
		t->cb(t->arg);
}

static void
on_monitor(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct vrrp_track *t = arg;

	(void)loop, (void)io, (void)revents;
	nl_rtnl_monitor_dispatch(t->mon);
}

struct vrrp_track *
vrrp_track_new(struct ev_loop *loop, struct nl_rtnl *rtnl, const struct conf *conf,
	       vrrp_track_changed_cb cb, void *arg)
{
	struct vrrp_track *t = xcalloc(1, sizeof(*t));
	char err[256];

	t->loop = loop;
	t->rtnl = rtnl;
	t->conf = conf;
	t->cb = cb;
	t->arg = arg;
	if (nl_rtnl_monitor_open(&t->mon, on_link_event, t, err, sizeof(err)) < 0) {
		log_err("VRRP: cannot watch links: %s", err);
		free(t);
		return NULL;
	}
	ev_io_init(&t->mon_io, nl_rtnl_monitor_fd(t->mon), on_monitor, t);
	ev_io_start(loop, &t->mon_io, EV_READ, 0);
	scripts_start(t);
	t->files = vrrp_tfiles_new(loop, conf, cb, arg);
	return t;
}

void
vrrp_track_free(struct vrrp_track *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nscripts; i++) {
		ev_timer_stop(t->loop, &t->scripts[i].timer);
		if (spawn_running(&t->scripts[i].proc))
			spawn_stop(&t->scripts[i].proc);
		script_cmd_free(&t->scripts[i].cmd);
	}
	free(t->scripts);
	vrrp_tfiles_free(t->files);
	ev_io_stop(t->loop, &t->mon_io);
	nl_rtnl_monitor_free(t->mon);
	free(t);
}

/* keepalived's weight rule for one tracked object; weight 0 faults while bad. */
static int
weight_apply(int weight, bool reverse, bool good, bool *fault)
{
	if (weight == 0) {
		if (!good)
			*fault = true;
		return 0;
	}
	if (weight > 0 && good)
		return reverse ? -weight : weight;
	if (weight < 0 && !good)
		return reverse ? -weight : weight;
	return 0;
}

static bool
link_good(struct vrrp_track *t, const char *ifname)
{
	struct nl_link_info link;

	return nl_rtnl_link_by_name(t->rtnl, ifname, &link) == 0 && link.up && link.running;
}

static const struct track_script *
script_find(const struct vrrp_track *t, const char *name)
{
	for (size_t i = 0; i < t->nscripts; i++)
		if (!strcmp(t->scripts[i].conf->name, name))
			return &t->scripts[i];
	return NULL;
}

void
vrrp_track_carry(struct vrrp_track *to, const struct vrrp_track *from)
{
	if (!to || !from)
		return;
	for (size_t i = 0; i < to->nscripts; i++) {
		struct track_script *s = &to->scripts[i];
		const struct track_script *o = script_find(from, s->conf->name);

		if (o && s->conf->script && o->conf->script &&
		    !strcmp(s->conf->script->cmd, o->conf->script->cmd)) {
			s->ok = o->ok;
			s->streak = o->streak;
		}
	}
}

bool
vrrp_track_script_ok(const struct vrrp_track *t, const char *name)
{
	const struct track_script *s = script_find(t, name);

	return s && s->ok;
}

/*
 * The tracked interfaces, scripts and files of v's sync group, as if v had
 * them itself; their weights count only with sync_group_tracking_weight
 * (otherwise a bad object faults the group, as for members' own tracking).
 */
static void
sync_group_tracking(struct vrrp_track *t, const struct conf_vrrp *v, bool *fault, int *delta)
{
	const struct conf_sync_group *g = NULL;

	for (size_t i = 0; v->sync_group && i < t->conf->nsync_groups && !g; i++)
		if (!strcmp(t->conf->sync_groups[i]->name, v->sync_group))
			g = t->conf->sync_groups[i];
	if (!g)
		return;
	for (size_t i = 0; i < g->track_if.n; i++) {
		const struct conf_track *tr = &g->track_if.v[i];
		int w = g->sync_group_tracking_weight ? tr->weight : 0;

		*delta += weight_apply(w, tr->reverse, link_good(t, tr->name), fault);
	}
	for (size_t i = 0; i < g->track_script.n; i++) {
		const struct conf_track *tr = &g->track_script.v[i];
		int w = g->sync_group_tracking_weight ? tr->weight : 0;

		*delta += weight_apply(w, tr->reverse, vrrp_track_script_ok(t, tr->name), fault);
	}
	for (size_t i = 0; i < g->track_file.n; i++) {
		struct conf_track tr = g->track_file.v[i];

		if (!g->sync_group_tracking_weight)
			tr.weight = 0;
		*delta += vrrp_tfiles_weigh(t->files, &tr, fault);
	}
}

void
vrrp_track_eval(struct vrrp_track *t, const struct conf_vrrp *v, bool *fault, int *delta)
{
	*fault = false;
	*delta = 0;
	if (v->ifname && !v->dont_track_primary && !link_good(t, v->ifname))
		*fault = true;
	for (size_t i = 0; i < v->track_if.n; i++) {
		const struct conf_track *tr = &v->track_if.v[i];

		*delta += weight_apply(tr->weight, tr->reverse, link_good(t, tr->name), fault);
	}
	for (size_t i = 0; i < v->track_script.n; i++) {
		const struct conf_track *tr = &v->track_script.v[i];

		*delta += weight_apply(tr->weight, tr->reverse, vrrp_track_script_ok(t, tr->name),
				       fault);
	}
	for (size_t i = 0; i < v->track_file.n; i++)
		*delta += vrrp_tfiles_weigh(t->files, &v->track_file.v[i], fault);
	sync_group_tracking(t, v, fault, delta);
}
