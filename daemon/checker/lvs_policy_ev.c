/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lvs_policy_ev: the side of lvs_policy that compares: virtual and real
 * server identities (reload migration), the events between two desired
 * tables (server up/down, weight, quorum, sorry server) and keepalived's
 * names for virtual and real servers in log lines. Pure: no logging.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "checker/lvs_policy.h"
#include "conf/conf.h"

static bool
addr_eq(const struct conf_addr *a, const struct conf_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET6)
		return !memcmp(&a->u.in6, &b->u.in6, sizeof(a->u.in6));
	return a->u.in4.s_addr == b->u.in4.s_addr;
}

bool
lvs_vs_same(const struct conf_vs *a, const struct conf_vs *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case CONF_VS_GROUP:
		return a->group && b->group && !strcmp(a->group, b->group) &&
		       a->protocol == b->protocol;
	case CONF_VS_FWMARK:
		return a->family == b->family && a->fwmark == b->fwmark;
	default:
		return a->protocol == b->protocol && a->port == b->port &&
		       addr_eq(&a->addr, &b->addr);
	}
}

bool
lvs_rs_same(const struct conf_rs *a, const struct conf_rs *b)
{
	return a->port == b->port && addr_eq(&a->addr, &b->addr);
}

static const char *
proto_name(enum conf_proto p)
{
	return p == CONF_PROTO_UDP ? "udp" : p == CONF_PROTO_SCTP ? "sctp" : "tcp";
}

static const char *
addr_str(char *buf, size_t len, const struct conf_addr *a)
{
	if (!inet_ntop(a->family == AF_INET6 ? AF_INET6 : AF_INET, &a->u, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

void
lvs_fmt_vs(char *buf, size_t len, const struct conf_vs *vs)
{
	char a[INET6_ADDRSTRLEN];

	if (vs->kind == CONF_VS_GROUP)
		snprintf(buf, len, "[%s]:%s:0", vs->group, proto_name(vs->protocol));
	else if (vs->kind == CONF_VS_FWMARK)
		snprintf(buf, len, "FWM %u", vs->fwmark);
	else
		snprintf(buf, len, "[%s]:%s:%u", addr_str(a, sizeof(a), &vs->addr),
			 proto_name(vs->protocol), vs->port);
}

void
lvs_fmt_rs(char *buf, size_t len, const struct conf_vs *vs, const struct conf_rs *rs)
{
	char a[INET6_ADDRSTRLEN];

	snprintf(buf, len, "[%s]:%s:%u", addr_str(a, sizeof(a), &rs->addr),
		 proto_name(vs->protocol), rs->port);
}

struct ev_ctx {
	lvs_event_fn fn;
	void *arg;
};

static void
emit(const struct ev_ctx *c, struct lvs_event ev)
{
	c->fn(&ev, c->arg);
}

static void
quorum_event(const struct ev_ctx *c, const struct conf_vs *vs, size_t i,
	     const struct lvs_vs_view *v, bool up, bool init, bool stopping)
{
	struct lvs_event ev = {.vs = i, .init = init, .stopping = stopping};

	ev.type = up ? LVS_EV_QUORUM_UP : LVS_EV_QUORUM_DOWN;
	ev.weight_sum = stopping ? 0 : v->weight_sum;
	/* keepalived's figures: the threshold that was crossed (at start, the one for gaining) */
	ev.threshold = up || init ? (long)vs->quorum + (long)vs->hysteresis
				  : (long)vs->quorum - (long)vs->hysteresis;
	emit(c, ev);
}

static void
start_events(const struct ev_ctx *c, const struct conf *conf, const struct lvs_table *t)
{
	size_t i;

	for (i = 0; i < t->nvs && i < conf->nvs; i++) {
		quorum_event(c, conf->vs[i], i, &t->vs[i], t->vs[i].quorum_up, true, false);
		if (t->vs[i].sorry_active)
			emit(c, (struct lvs_event){.type = LVS_EV_SORRY_ON, .vs = i, .init = true});
	}
}

static void
stop_events(const struct ev_ctx *c, const struct conf *conf, const struct lvs_table *t)
{
	size_t i, j;

	for (i = 0; i < t->nvs && i < conf->nvs; i++) {
		const struct lvs_vs_view *v = &t->vs[i];

		for (j = 0; j < v->nrs; j++)
			if (v->rs[j].up)
				emit(c, (struct lvs_event){.type = LVS_EV_RS_DOWN,
							   .vs = i,
							   .rs = j,
							   .stopping = true});
		quorum_event(c, conf->vs[i], i, v, false, false, true);
	}
}

static void
rs_events(const struct ev_ctx *c, size_t i, const struct lvs_vs_view *b,
	  const struct lvs_vs_view *a)
{
	size_t j;

	for (j = 0; j < a->nrs && j < b->nrs; j++) {
		const struct lvs_rs_view *o = &b->rs[j], *n = &a->rs[j];

		if (o->weight != n->weight)
			emit(c, (struct lvs_event){.type = LVS_EV_RS_WEIGHT,
						   .vs = i,
						   .rs = j,
						   .old_weight = o->weight,
						   .new_weight = n->weight});
		if (o->up != n->up)
			emit(c, (struct lvs_event){.type = n->up ? LVS_EV_RS_UP : LVS_EV_RS_DOWN,
						   .vs = i,
						   .rs = j});
	}
}

void
lvs_policy_events(const struct conf *conf, const struct lvs_table *before,
		  const struct lvs_table *after, lvs_event_fn fn, void *arg)
{
	struct ev_ctx c = {fn, arg};
	size_t i;

	if (!before && !after)
		return;
	if (!before) {
		start_events(&c, conf, after);
		return;
	}
	if (!after) {
		stop_events(&c, conf, before);
		return;
	}
	for (i = 0; i < conf->nvs && i < before->nvs && i < after->nvs; i++) {
		const struct lvs_vs_view *b = &before->vs[i], *a = &after->vs[i];

		rs_events(&c, i, b, a);
		if (b->quorum_up != a->quorum_up)
			quorum_event(&c, conf->vs[i], i, a, a->quorum_up, false, false);
		if (b->sorry_active != a->sorry_active)
			emit(&c, (struct lvs_event){.type = a->sorry_active ? LVS_EV_SORRY_ON
									    : LVS_EV_SORRY_OFF,
						    .vs = i});
	}
}
