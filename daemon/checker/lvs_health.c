/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lvs_health: the run-time verdicts (up/down), effective weights and quorum
 * states of the checker child, one slot per real server / virtual server of
 * a config, and their migration across reloads by identity. Pure data: it
 * never logs, never schedules and never touches the kernel; the only
 * outward call is the change notification the child registers.
 */
#include "config.h"

#include <stdlib.h>

#include "checker/lvs_health.h"
#include "checker/lvs_policy.h"
#include "conf/conf.h"
#include "util/xalloc.h"

struct lvs_health_rs {
	bool up;
	bool checked; /* has checkers: verdicts apply */
	int weight;
};

struct lvs_health_vs {
	struct lvs_health_rs *rs;
	size_t nrs;
	enum lvs_quorum quorum;
};

struct lvs_health {
	const struct conf *conf;
	struct lvs_health_vs *vs;
	size_t nvs;
	lvs_health_notify_fn notify;
	void *notify_arg;
};

/* Down at start when any checker of rs is in alpha mode (keepalived: one failed checker). */
static bool
rs_starts_up(const struct conf_rs *rs)
{
	size_t i;

	for (i = 0; i < rs->ncheckers; i++)
		if (rs->checkers[i]->alpha > 0)
			return false;
	return true;
}

struct lvs_health *
lvs_health_new(const struct conf *conf)
{
	struct lvs_health *h = xcalloc(1, sizeof(*h));
	size_t i, j;

	h->conf = conf;
	h->nvs = conf->nvs;
	h->vs = xcalloc(h->nvs ? h->nvs : 1, sizeof(*h->vs));
	for (i = 0; i < h->nvs; i++) {
		const struct conf_vs *vs = conf->vs[i];
		struct lvs_health_vs *hv = &h->vs[i];

		hv->nrs = vs->nrs;
		hv->rs = xcalloc(hv->nrs ? hv->nrs : 1, sizeof(*hv->rs));
		for (j = 0; j < hv->nrs; j++) {
			hv->rs[j].checked = vs->rs[j]->ncheckers > 0;
			hv->rs[j].up = rs_starts_up(vs->rs[j]);
			hv->rs[j].weight = vs->rs[j]->weight;
		}
	}
	return h;
}

void
lvs_health_free(struct lvs_health *h)
{
	size_t i;

	if (!h)
		return;
	for (i = 0; i < h->nvs; i++)
		free(h->vs[i].rs);
	free(h->vs);
	free(h);
}

static struct lvs_health_rs *
slot(const struct lvs_health *h, size_t vs, size_t rs)
{
	if (!h || vs >= h->nvs || rs >= h->vs[vs].nrs)
		return NULL;
	return &h->vs[vs].rs[rs];
}

static bool
changed(struct lvs_health *h)
{
	if (h->notify)
		h->notify(h->notify_arg);
	return true;
}

bool
lvs_health_set(struct lvs_health *h, size_t vs, size_t rs, bool up)
{
	struct lvs_health_rs *s = slot(h, vs, rs);

	if (!s || !s->checked || s->up == up)
		return false;
	s->up = up;
	return changed(h);
}

bool
lvs_health_set_weight(struct lvs_health *h, size_t vs, size_t rs, int weight)
{
	struct lvs_health_rs *s = slot(h, vs, rs);

	if (!s || s->weight == weight)
		return false;
	s->weight = weight;
	return changed(h);
}

bool
lvs_health_up(const struct lvs_health *h, size_t vs, size_t rs)
{
	const struct lvs_health_rs *s = slot(h, vs, rs);

	return s && s->up;
}

int
lvs_health_weight(const struct lvs_health *h, size_t vs, size_t rs)
{
	const struct lvs_health_rs *s = slot(h, vs, rs);

	return s ? s->weight : 0;
}

void
lvs_health_set_notify(struct lvs_health *h, lvs_health_notify_fn fn, void *arg)
{
	h->notify = fn;
	h->notify_arg = arg;
}

const struct conf *
lvs_health_conf(const struct lvs_health *h)
{
	return h->conf;
}

enum lvs_quorum
lvs_health_quorum(const struct lvs_health *h, size_t vs)
{
	return h && vs < h->nvs ? h->vs[vs].quorum : LVS_QUORUM_UNKNOWN;
}

void
lvs_health_set_quorum(struct lvs_health *h, size_t vs, enum lvs_quorum q)
{
	if (h && vs < h->nvs)
		h->vs[vs].quorum = q;
}

/* Carries one virtual server's state from old (index ovs in old_conf) to h (index nvs). */
static void
migrate_vs(struct lvs_health *h, size_t nvs, const struct lvs_health *old, size_t ovs,
	   const struct conf *old_conf)
{
	const struct conf_vs *nv = h->conf->vs[nvs], *ov = old_conf->vs[ovs];
	size_t i, j;

	h->vs[nvs].quorum = old->vs[ovs].quorum;
	for (i = 0; i < nv->nrs; i++) {
		for (j = 0; j < ov->nrs; j++) {
			struct lvs_health_rs *n = &h->vs[nvs].rs[i];
			const struct lvs_health_rs *o = &old->vs[ovs].rs[j];

			if (!lvs_rs_same(nv->rs[i], ov->rs[j]))
				continue;
			/* A server that lost its checkers is up; one that gained them keeps its state. */
			if (n->checked)
				n->up = o->up;
			if (nv->rs[i]->weight == ov->rs[j]->weight)
				n->weight = o->weight;
			break;
		}
	}
}

void
lvs_health_migrate(struct lvs_health *h, const struct lvs_health *old, const struct conf *old_conf)
{
	size_t i, j;

	if (!h || !old || !old_conf)
		return;
	for (i = 0; i < h->nvs; i++) {
		/* the same position first: configs mostly keep their order */
		if (i < old->nvs && i < old_conf->nvs &&
		    lvs_vs_same(h->conf->vs[i], old_conf->vs[i])) {
			migrate_vs(h, i, old, i, old_conf);
			continue;
		}
		for (j = 0; j < old->nvs && j < old_conf->nvs; j++) {
			if (lvs_vs_same(h->conf->vs[i], old_conf->vs[j])) {
				migrate_vs(h, i, old, j, old_conf);
				break;
			}
		}
	}
}
