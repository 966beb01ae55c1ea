/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_engine: builds the runtime of the health-check engine from a config
 * (one struct hc_rs per real server, one struct hc_checker per usable
 * checker), carries state over on reload by identity (virtual server,
 * real server, equal check), and tears it down. Scheduling and verdicts
 * are in hc_sched.c and hc_rs.c; the checks themselves in hc_<type>.c.
 * Never touches IPVS.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checker/hc_priv.h"
#include "util/curl_ev.h"
#include "util/log.h"
#include "util/xalloc.h"

static const struct hc_ops *ops_override[CONF_CHECK_BFD + 1];
static bool ops_overridden[CONF_CHECK_BFD + 1];

void
hc_engine_set_ops(enum conf_checker_type t, const struct hc_ops *ops)
{
	ops_override[t] = ops;
	ops_overridden[t] = ops != NULL;
}

static const struct hc_ops *
ops_for(enum conf_checker_type t)
{
	static const struct hc_ops *const builtin[CONF_CHECK_BFD + 1] = {
		[CONF_CHECK_HTTP] = &hc_http_ops, [CONF_CHECK_SSL] = &hc_http_ops,
		[CONF_CHECK_TCP] = &hc_tcp_ops,	  [CONF_CHECK_MISC] = &hc_misc_ops,
		[CONF_CHECK_SMTP] = &hc_smtp_ops, [CONF_CHECK_DNS] = &hc_dns_ops,
		[CONF_CHECK_UDP] = &hc_udp_ops,	  [CONF_CHECK_PING] = &hc_ping_ops,
		[CONF_CHECK_FILE] = &hc_file_ops,
	};

	if ((unsigned)t > CONF_CHECK_BFD)
		return NULL;
	return ops_overridden[t] ? ops_override[t] : builtin[t];
}

/* --- labels and small helpers -------------------------------------------------------------- */

void
hc_fmt_addr(char *buf, size_t len, const struct conf_addr *a, const char *proto, int port)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	if (a->family == AF_INET || a->family == AF_INET6)
		inet_ntop(a->family, &a->u, ip, sizeof(ip));
	if (port < 0)
		snprintf(buf, len, "[%s]", ip);
	else
		snprintf(buf, len, "[%s]:%s:%d", ip, proto, port);
}

socklen_t
hc_sockaddr(const struct conf_addr *a, uint16_t port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_addr = a->u.in6;
		s6->sin6_port = htons(port);
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	s4->sin_family = AF_INET;
	s4->sin_addr = a->u.in4;
	s4->sin_port = htons(port);
	return sizeof(*s4);
}

bool
hc_addr_eq(const struct conf_addr *a, const struct conf_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->u.in4.s_addr == b->u.in4.s_addr;
	if (a->family == AF_INET6)
		return !memcmp(&a->u.in6, &b->u.in6, sizeof(a->u.in6));
	return true;
}

bool
hc_str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static const char *
proto_name(enum conf_proto p)
{
	return p == CONF_PROTO_TCP ? "tcp" : p == CONF_PROTO_SCTP ? "sctp" : "udp";
}

static const char *
checker_proto(enum conf_checker_type t)
{
	return t == CONF_CHECK_UDP || t == CONF_CHECK_DNS ? "udp" : "tcp";
}

static void
vs_label(char *buf, size_t len, const struct conf_vs *vs)
{
	if (vs->kind == CONF_VS_FWMARK)
		snprintf(buf, len, "FWM %u", vs->fwmark);
	else if (vs->kind == CONF_VS_GROUP)
		snprintf(buf, len, "[%s]", vs->group ? vs->group : "?");
	else
		hc_fmt_addr(buf, len, &vs->addr, proto_name(vs->protocol), vs->port);
}

/* --- building ------------------------------------------------------------------------------ */

static struct hc_checker *
checker_new(struct hc_rs *rs, const struct conf_checker *cc)
{
	const struct hc_ops *ops = ops_for(cc->type);
	struct hc_checker *c;

	if (!ops) {
		log_warnx("%s checker of service %s of VS %s is not implemented; ignored",
			  cc->type == CONF_CHECK_BFD ? "BFD_CHECK" : "this", rs->label,
			  rs->v->label);
		return NULL;
	}
	c = x_new(struct hc_checker);
	c->rs = rs;
	c->conf = cc;
	c->ops = ops;
	/* MISC and FILE have no connection of their own; PING has no port */
	if (cc->type == CONF_CHECK_MISC || cc->type == CONF_CHECK_FILE)
		snprintf(c->label, sizeof(c->label), "%s", rs->label);
	else if (cc->type == CONF_CHECK_PING)
		hc_fmt_addr(c->label, sizeof(c->label), &cc->connect_ip, NULL, -1);
	else
		hc_fmt_addr(c->label, sizeof(c->label), &cc->connect_ip, checker_proto(cc->type),
			    cc->connect_port);
	hc_sched_init(c);
	if (ops->init && ops->init(c) < 0) {
		free(c);
		return NULL;
	}
	return c;
}

static void
checker_free(struct hc_checker *c)
{
	hc_sched_stop(c);
	if (c->ops->free)
		c->ops->free(c);
	free(c);
}

static void
rs_build(struct hc_engine *e, struct hc_rs *rs, size_t vs, size_t idx)
{
	const struct conf_vs *cvs = e->conf->vs[vs];
	const struct conf_rs *crs = cvs->rs[idx];
	size_t i;

	rs->eng = e;
	rs->v = &e->vs[vs];
	rs->conf = crs;
	rs->vs = vs;
	rs->idx = idx;
	hc_fmt_addr(rs->label, sizeof(rs->label), &crs->addr, proto_name(cvs->protocol), crs->port);
	rs->c = xcalloc(crs->ncheckers ? crs->ncheckers : 1, sizeof(*rs->c));
	for (i = 0; i < crs->ncheckers; i++) {
		struct hc_checker *c = checker_new(rs, crs->checkers[i]);

		if (c) {
			rs->c[rs->nc++] = c;
			c->attached = true;
		}
	}
	hc_rs_init(rs);
}

/* Builds vs/rs arrays for e->conf into e (which holds none). */
static void
build(struct hc_engine *e)
{
	const struct conf *conf = e->conf;
	size_t i, j, n = 0;

	e->nvs = conf->nvs;
	e->vs = xcalloc(conf->nvs ? conf->nvs : 1, sizeof(*e->vs));
	for (i = 0; i < conf->nvs; i++) {
		e->vs[i].conf = conf->vs[i];
		vs_label(e->vs[i].label, sizeof(e->vs[i].label), conf->vs[i]);
		n += conf->vs[i]->nrs;
	}
	e->rs = xcalloc(n ? n : 1, sizeof(*e->rs));
	for (i = 0; i < conf->nvs; i++)
		for (j = 0; j < conf->vs[i]->nrs; j++)
			rs_build(e, &e->rs[e->nrs++], i, j);
}

static void
teardown(struct hc_vs *vs, struct hc_rs *rs, size_t nrs)
{
	size_t i, j;

	for (i = 0; i < nrs; i++) {
		for (j = 0; j < rs[i].nc; j++)
			checker_free(rs[i].c[j]);
		free(rs[i].c);
	}
	free(rs);
	free(vs);
}

static uint64_t
seed(const struct conf *conf)
{
	struct timespec ts;

	if (conf->global.random_seed != CONF_UNSET_UINT)
		return (uint64_t)conf->global.random_seed * 0x9e3779b97f4a7c15ULL + 1;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 40) ^ 1;
}

struct hc_engine *
hc_engine_new(struct ev_loop *loop, const struct conf *conf, hc_report_fn report, void *arg)
{
	struct hc_engine *e = x_new(struct hc_engine);

	e->loop = loop;
	e->conf = conf;
	e->report = report;
	e->report_arg = arg;
	e->rand_state = seed(conf);
	build(e);
	return e;
}

void
hc_engine_start(struct hc_engine *e)
{
	size_t i, j;

	if (e->started)
		return;
	e->started = true;
	for (i = 0; i < e->nrs; i++)
		hc_rs_start(&e->rs[i]);
	for (i = 0; i < e->nrs; i++)
		for (j = 0; j < e->rs[i].nc; j++)
			hc_sched_first(e->rs[i].c[j]);
}

void
hc_engine_stop(struct hc_engine *e, bool release)
{
	size_t i, j;

	if (!e)
		return;
	for (i = 0; i < e->nrs; i++) {
		for (j = 0; j < e->rs[i].nc; j++)
			checker_free(e->rs[i].c[j]);
		e->rs[i].nc = 0; /* no verdict changes from here on */
	}
	hc_rs_notify_stop_all(e);
	for (i = 0; release && i < e->nrs; i++)
		if (e->rs[i].up && e->rs[i].v->conf->omega)
			hc_rs_notify_shutdown(&e->rs[i]);
}

bool
hc_engine_busy(const struct hc_engine *e)
{
	return e && e->notifies;
}

void
hc_engine_free(struct hc_engine *e)
{
	if (!e)
		return;
	teardown(e->vs, e->rs, e->nrs);
	hc_rs_notify_stop_all(e);
	curl_ev_free(e->http);
	free(e);
}

/* --- reload ------------------------------------------------------------------------------- */

static bool
vs_same(const struct conf_vs *a, const struct conf_vs *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == CONF_VS_FWMARK)
		return a->fwmark == b->fwmark && a->family == b->family;
	if (a->kind == CONF_VS_GROUP)
		return hc_str_eq(a->group, b->group);
	return hc_addr_eq(&a->addr, &b->addr) && a->port == b->port && a->protocol == b->protocol;
}

static bool
checker_same(const struct hc_checker *o, const struct conf_checker *b)
{
	const struct conf_checker *a = o->conf;

	if (a->type != b->type || o->ops != ops_for(b->type))
		return false;
	if (!hc_addr_eq(&a->connect_ip, &b->connect_ip) || a->connect_port != b->connect_port ||
	    !hc_addr_eq(&a->bindto, &b->bindto) || a->bind_port != b->bind_port ||
	    !hc_str_eq(a->bind_if, b->bind_if) || a->fwmark != b->fwmark ||
	    a->connect_timeout_us != b->connect_timeout_us)
		return false;
	return !o->ops->same_as || o->ops->same_as(a, b);
}

/*
 * The old real server with the same identity as n, or NULL. The search
 * starts at *hint (one past the last match) and wraps around, so that a
 * config in the same order migrates in linear time (40,000 real servers:
 * 1.6e9 comparisons otherwise).
 */
static struct hc_rs *
find_old_rs(struct hc_rs *old, size_t nold, const struct hc_rs *n, size_t *hint)
{
	size_t i, k;

	for (k = 0; k < nold; k++) {
		i = (*hint + k) % nold;
		if (vs_same(old[i].v->conf, n->v->conf) &&
		    hc_addr_eq(&old[i].conf->addr, &n->conf->addr) &&
		    old[i].conf->port == n->conf->port) {
			*hint = i + 1;
			return &old[i];
		}
	}
	return NULL;
}

static void
migrate_rs(struct hc_rs *n, struct hc_rs *o)
{
	bool *taken = xcalloc(o->nc ? o->nc : 1, sizeof(*taken));
	size_t i, j;

	for (i = 0; i < n->nc; i++) {
		for (j = 0; j < o->nc; j++) {
			if (taken[j] || !checker_same(o->c[j], n->c[i]->conf))
				continue;
			taken[j] = true;
			hc_sched_migrate(n->c[i], o->c[j]);
			if (n->c[i]->ops->migrate)
				n->c[i]->ops->migrate(n->c[i], o->c[j]);
			break;
		}
	}
	free(taken);
}

void
hc_engine_reload(struct hc_engine *e, const struct conf *new_conf)
{
	struct hc_vs *ovs = e->vs;
	struct hc_rs *ors = e->rs, *o;
	size_t onvs = e->nvs, onrs = e->nrs, i, j, hint = 0;

	/* The old objects keep their own vs array (rs->v) until teardown. */
	e->conf = new_conf;
	e->nvs = e->nrs = 0;
	build(e);
	for (i = 0; i < e->nvs; i++) {
		if (i < onvs && vs_same(ovs[i].conf, e->vs[i].conf)) {
			e->vs[i].suspended = ovs[i].suspended; /* same position: the usual case */
			continue;
		}
		for (j = 0; j < onvs; j++)
			if (vs_same(ovs[j].conf, e->vs[i].conf)) {
				e->vs[i].suspended = ovs[j].suspended;
				break;
			}
	}
	for (i = 0; i < e->nrs; i++) {
		o = find_old_rs(ors, onrs, &e->rs[i], &hint);
		if (o)
			migrate_rs(&e->rs[i], o);
		hc_rs_init(&e->rs[i]);
	}
	teardown(ovs, ors, onrs);
	if (!e->started)
		return;
	for (i = 0; i < e->nrs; i++)
		hc_rs_report(&e->rs[i]);
	for (i = 0; i < e->nrs; i++)
		for (j = 0; j < e->rs[i].nc; j++)
			hc_sched_resume(e->rs[i].c[j]);
}

/* --- ha_suspend, queries, dump ------------------------------------------------------------- */

void
hc_engine_suspend_vs(struct hc_engine *e, size_t vs, bool suspended)
{
	size_t i, j;

	if (vs >= e->nvs || e->vs[vs].suspended == suspended)
		return;
	e->vs[vs].suspended = suspended;
	log_info("%s healthchecking for VS %s", suspended ? "Suspending" : "Resuming",
		 e->vs[vs].label);
	for (i = 0; i < e->nrs; i++) {
		if (e->rs[i].vs != vs)
			continue;
		for (j = 0; j < e->rs[i].nc; j++) {
			if (suspended)
				hc_sched_stop(e->rs[i].c[j]);
			else if (e->started)
				hc_sched_first(e->rs[i].c[j]);
		}
	}
}

static const struct hc_rs *
find_rs(const struct hc_engine *e, size_t vs, size_t rs)
{
	size_t i;

	for (i = 0; i < e->nrs; i++)
		if (e->rs[i].vs == vs && e->rs[i].idx == rs)
			return &e->rs[i];
	return NULL;
}

bool
hc_engine_rs_up(const struct hc_engine *e, size_t vs, size_t rs)
{
	const struct hc_rs *r = find_rs(e, vs, rs);

	return !r || r->up;
}

void
hc_engine_dump(const struct hc_engine *e, FILE *out)
{
	size_t i, j;

	fprintf(out, "------< Health checkers >------\n");
	for (i = 0; i < e->nrs; i++) {
		const struct hc_rs *rs = &e->rs[i];

		fprintf(out, " RS %s of VS %s: %s, weight %d, %zu checker(s)%s\n", rs->label,
			rs->v->label, rs->up ? "up" : "down", rs->weight, rs->nc,
			rs->v->suspended ? ", suspended" : "");
		for (j = 0; j < rs->nc; j++)
			hc_sched_dump(rs->c[j], out);
	}
}
