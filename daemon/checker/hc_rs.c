/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_rs: a real server's verdict from its checkers. It is up only when all
 * its checkers are up; its weight is the configured weight plus the
 * dynamic adjustments of MISC_CHECK (misc_dynamic) and FILE_CHECK. On a
 * change it logs keepalived's lines ("Removing service [ip]:tcp:port from
 * VS [vip]:tcp:port"), runs notify_up / notify_down and reports to the
 * engine's owner. Also runs the owner's scripts (quorum_up / quorum_down)
 * the same way (hc_engine_notify). It does not program IPVS, write FIFOs
 * or send mail: the owner does, from the report.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checker/hc_priv.h"
#include "util/log.h"
#include "util/xalloc.h"

/* A notify script still running. */
struct hc_notify {
	struct spawn_proc proc;
	struct hc_engine *eng;
	struct hc_notify *next;
	char *cmd;
};

static void
compute(const struct hc_rs *rs, bool *up, int *weight)
{
	long long w = rs->conf->weight == CONF_UNSET_INT ? 1 : rs->conf->weight;
	size_t i;

	*up = true;
	for (i = 0; i < rs->nc; i++) {
		if (!rs->c[i]->up)
			*up = false;
		if (rs->c[i]->has_weight)
			w += rs->c[i]->weight_delta;
	}
	if (w < 0)
		w = 0;
	if (w > INT32_MAX)
		w = INT32_MAX;
	*weight = (int)w;
}

void
hc_rs_init(struct hc_rs *rs)
{
	compute(rs, &rs->up, &rs->weight);
}

void
hc_rs_report(struct hc_rs *rs)
{
	if (rs->nc && rs->eng->report)
		rs->eng->report(rs->eng->report_arg, rs->vs, rs->idx, rs->up, rs->weight);
}

static void
unlink_notify(struct hc_notify *n)
{
	struct hc_notify **pp;

	for (pp = &n->eng->notifies; *pp; pp = &(*pp)->next)
		if (*pp == n) {
			*pp = n->next;
			break;
		}
	free(n->cmd);
	free(n);
}

static void
notify_done(struct spawn_proc *p, const struct spawn_result *r, void *arg)
{
	struct hc_notify *n = arg;

	(void)p;
	if (r->timed_out)
		log_warnx("notify script %s timed out", n->cmd);
	unlink_notify(n);
}

/* Starts sc (NULL: nothing) for label ("[ip]:tcp:port"), tracked in e->notifies. */
static void
run_script(struct hc_engine *e, const struct conf_script *sc, const char *label)
{
	struct hc_script s;
	struct hc_notify *n;
	bool insecure;
	char err[256];
	int r;

	if (!e || !sc)
		return;
	if (hc_script_prepare(e->conf, sc, NULL, NULL, &s, &insecure, err, sizeof(err)) < 0) {
		log_warnx("notify script %s for service %s not run: %s", sc->cmd, label, err);
		return;
	}
	n = x_new(struct hc_notify);
	n->eng = e;
	n->cmd = xstrdup(sc->cmd);
	r = hc_script_run(e->loop, &n->proc, &s, 0, notify_done, n);
	hc_script_clear(&s);
	if (r < 0) {
		log_warnx("notify script %s for service %s failed to start: %s", sc->cmd, label,
			  strerror(-r));
		free(n->cmd);
		free(n);
		return;
	}
	n->next = e->notifies;
	e->notifies = n;
}

static void
run_notify(struct hc_rs *rs, const struct conf_script *sc)
{
	run_script(rs->eng, sc, rs->label);
}

void
hc_engine_notify(struct hc_engine *e, const struct conf_script *sc, const char *label)
{
	run_script(e, sc, label);
}

void
hc_rs_notify_stop_all(struct hc_engine *e)
{
	while (e->notifies) {
		spawn_stop(&e->notifies->proc);
		unlink_notify(e->notifies);
	}
}

void
hc_rs_notify_shutdown(struct hc_rs *rs)
{
	run_notify(rs, rs->conf->notify_down);
}

void
hc_rs_start(struct hc_rs *rs)
{
	hc_rs_init(rs);
	hc_rs_report(rs); /* only real servers with checkers */
	/* keepalived: for real servers without checkers too (always up) */
	if (rs->eng->conf->global.rs_init_notifies)
		run_notify(rs, rs->up ? rs->conf->notify_up : rs->conf->notify_down);
}

void
hc_rs_update(struct hc_rs *rs)
{
	bool up, inhibit = rs->conf->inhibit_on_failure > 0;
	int weight;

	compute(rs, &up, &weight);
	if (up == rs->up && weight == rs->weight)
		return;
	if (weight != rs->weight)
		log_info("Changing weight from %d to %d for %sactive service %s of VS %s",
			 rs->weight, weight, rs->up ? "" : "in", rs->label, rs->v->label);
	if (up != rs->up)
		log_info("%s service %s %s VS %s",
			 up ? (inhibit ? "Enabling" : "Adding")
			    : (inhibit ? "Disabling" : "Removing"),
			 rs->label, up ? "to" : "from", rs->v->label);
	rs->weight = weight;
	if (up != rs->up) {
		rs->up = up;
		run_notify(rs, up ? rs->conf->notify_up : rs->conf->notify_down);
	}
	if (rs->eng->started)
		hc_rs_report(rs);
}
