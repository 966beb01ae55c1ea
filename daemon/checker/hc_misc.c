/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_misc: MISC_CHECK. Runs misc_path through lib/util/spawn (its own
 * process group, clean environment, `user`, no shell unless the line needs
 * one) with misc_timeout (SIGTERM, then SIGKILL to the group). Exit 0
 * passes, 1 fails; 2-255 fail too unless misc_dynamic, which makes them a
 * pass with the real server's weight set to exit - 2 (exit 0: the configured
 * weight again, as keepalived 2.2.7 does). A script that fails
 * the security check or cannot be found leaves the checker out, as
 * keepalived does. Never waits for the script: the loop reaps it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "checker/hc_priv.h"
#include "util/log.h"
#include "util/xalloc.h"

struct hc_misc {
	struct spawn_proc proc;
	struct hc_script script;
};

static void
misc_done(struct spawn_proc *p, const struct spawn_result *r, void *arg)
{
	struct hc_checker *c = arg;
	const struct conf_misc_check *m = &c->conf->u.misc;
	const char *vs = c->rs->v->label, *cmd = m->script->cmd;
	int st;

	(void)p;
	if (r->timed_out) {
		hc_checker_done(c, HC_RES_DOWN, "Misc check for [%s VS %s] by [%s] timed out.",
				c->label, vs, cmd);
		return;
	}
	if (WIFSIGNALED(r->status)) {
		hc_checker_done(c, HC_RES_DOWN,
				"Misc check for [%s VS %s] by [%s] failed (killed by signal %d).",
				c->label, vs, cmd, WTERMSIG(r->status));
		return;
	}
	st = WEXITSTATUS(r->status);
	if (st == 0 || (m->dynamic && st >= 2)) {
		int base = c->rs->conf->weight == CONF_UNSET_INT ? 1 : c->rs->conf->weight;

		/* exit 0 restores the configured weight: keepalived 2.2.7 does, although
		 * keepalived.conf(5) says it leaves the weight as it is */
		if (m->dynamic)
			hc_checker_set_weight(c, st != 0, st ? (st - 2) - base : 0);
		hc_checker_done(c, HC_RES_UP, "Misc check for [%s VS %s] by [%s] succeeded.",
				c->label, vs, cmd);
		return;
	}
	hc_checker_done(c, HC_RES_DOWN,
			"Misc check for [%s VS %s] by [%s] failed (exited with status %d).",
			c->label, vs, cmd, st);
}

static void
misc_start(struct hc_checker *c)
{
	struct hc_misc *m = c->priv;
	int r;

	r = hc_script_run(hc_checker_loop(c), &m->proc, &m->script, c->conf->u.misc.timeout_us,
			  misc_done, c);
	if (r < 0)
		hc_checker_done(c, HC_RES_DOWN, "Misc check for [%s VS %s] by [%s] failed (%s).",
				c->label, c->rs->v->label, c->conf->u.misc.script->cmd,
				strerror(-r));
}

static int
misc_init(struct hc_checker *c)
{
	const struct conf_misc_check *mc = &c->conf->u.misc;
	struct hc_misc *m = x_new(struct hc_misc);
	bool insecure;
	char err[256];

	if (hc_script_prepare(c->rs->eng->conf, mc->script, mc->user, mc->group, &m->script,
			      &insecure, err, sizeof(err)) < 0) {
		if (insecure)
			log_warnx("Disabling misc script %s due to insecure (%s)", mc->script->cmd,
				  err);
		else
			log_warnx("Disabling misc script %s since not found/accessible (%s)",
				  mc->script ? mc->script->cmd : "(none)", err);
		free(m);
		return -1;
	}
	c->priv = m;
	return 0;
}

static void
misc_cancel(struct hc_checker *c)
{
	struct hc_misc *m = c->priv;

	spawn_stop(&m->proc);
}

static void
misc_free(struct hc_checker *c)
{
	struct hc_misc *m = c->priv;

	if (!m)
		return;
	spawn_stop(&m->proc);
	hc_script_clear(&m->script);
	free(m);
	c->priv = NULL;
}

static void
misc_dump(const struct hc_checker *c, FILE *out)
{
	const struct hc_misc *m = c->priv;

	fprintf(out, "     script %s%s, %s\n", c->conf->u.misc.script->cmd,
		c->conf->u.misc.dynamic ? " (dynamic)" : "",
		spawn_running(&m->proc) ? "running" : "idle");
}

static bool
misc_same_as(const struct conf_checker *a, const struct conf_checker *b)
{
	const struct conf_misc_check *x = &a->u.misc, *y = &b->u.misc;

	return x->script && y->script && hc_str_eq(x->script->cmd, y->script->cmd) &&
	       hc_str_eq(x->script->user, y->script->user) &&
	       hc_str_eq(x->script->group, y->script->group) && x->timeout_us == y->timeout_us &&
	       x->dynamic == y->dynamic && hc_str_eq(x->user, y->user) &&
	       hc_str_eq(x->group, y->group);
}

const struct hc_ops hc_misc_ops = {
	.name = "MISC_CHECK",
	.init = misc_init,
	.start = misc_start,
	.cancel = misc_cancel,
	.free = misc_free,
	.dump = misc_dump,
	.same_as = misc_same_as,
};
