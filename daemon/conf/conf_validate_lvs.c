/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_validate_lvs: completes the IPVS side of the model as keepalived
 * 2.2.7 does at the end of parsing: scheduler, forwarding method and
 * protocol defaults, persistence for port 0, quorum/hysteresis sanity,
 * address families, and the virtual_server -> real_server -> checker
 * inheritance of alpha, inhibit_on_failure, retry, delay_loop, warmup,
 * delay_before_retry, connect_timeout, virtualhost and smtp_alert, with
 * each checker type's own defaults. Never looks at the system.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "conf/conf_model_priv.h"

#define WARN(ctx, loc, ...) conf_diag_at((ctx), CONF_DIAG_WARNING, (loc), __VA_ARGS__)
#define ERR(ctx, loc, ...)  conf_diag_at((ctx), CONF_DIAG_ERROR, (loc), __VA_ARGS__)
#define NOTE(ctx, loc, ...) conf_diag_at((ctx), CONF_DIAG_NOTE, (loc), __VA_ARGS__)

/* "[1.2.3.4]:80", "fwmark 5", "group NAME" for messages. */
static const char *
vs_name(char *buf, size_t len, const struct conf_vs *vs)
{
	char a[64];

	if (vs->kind == CONF_VS_GROUP)
		snprintf(buf, len, "group %s", vs->group);
	else if (vs->kind == CONF_VS_FWMARK)
		snprintf(buf, len, "fwmark %u", vs->fwmark);
	else
		snprintf(buf, len, "[%s]:%u", conf_fmt_addr(a, sizeof(a), &vs->addr), vs->port);
	return buf;
}

static bool
vs_has_addresses(const struct conf_vs *vs)
{
	size_t i;

	if (vs->kind == CONF_VS_ADDR)
		return true;
	if (vs->kind == CONF_VS_FWMARK || !vs->vsg)
		return false;
	for (i = 0; i < vs->vsg->n; i++)
		if (!vs->vsg->v[i].is_fwmark)
			return true;
	return false;
}

static int
vs_family(const struct conf_vs *vs)
{
	size_t i;

	if (vs->kind == CONF_VS_ADDR)
		return vs->addr.family;
	if (vs->ip_family != AF_UNSPEC)
		return vs->ip_family;
	for (i = 0; vs->vsg && i < vs->vsg->n; i++)
		if (!vs->vsg->v[i].is_fwmark)
			return vs->vsg->v[i].addr.family;
	for (i = 0; i < vs->nrs; i++)
		if (vs->rs[i]->fwd.method != CONF_FWD_TUN)
			return vs->rs[i]->addr.family;
	return vs->nrs ? vs->rs[0]->addr.family : AF_INET;
}

static bool
resolve_group(struct conf_parse_ctx *ctx, struct conf_vs *vs, const char *name)
{
	size_t i;

	if (vs->kind != CONF_VS_GROUP)
		return true;
	for (i = 0; i < ctx->conf->nvsgs; i++)
		if (!strcmp(ctx->conf->vsgs[i]->name, vs->group))
			vs->vsg = ctx->conf->vsgs[i];
	if (!vs->vsg)
		ERR(ctx, &vs->loc,
		    "virtual_server %s: virtual_server_group not defined; virtual "
		    "server ignored",
		    name);
	return vs->vsg != NULL;
}

static void
resolve_service(struct conf_parse_ctx *ctx, struct conf_vs *vs, const char *name)
{
	bool addrs = vs_has_addresses(vs);

	if (vs->ha_suspend && !addrs) {
		WARN(ctx, &vs->loc,
		     "virtual_server %s: ha_suspend does not work with fwmarks; "
		     "cleared",
		     name);
		vs->ha_suspend = false;
	}
	if (addrs && vs->protocol == CONF_PROTO_UNSET) {
		WARN(ctx, &vs->loc,
		     "virtual_server %s: no protocol; using UDP as keepalived does "
		     "(write 'protocol TCP' if that is what you mean)",
		     name);
		vs->protocol = CONF_PROTO_UDP;
	} else if (!addrs && vs->protocol != CONF_PROTO_UNSET) {
		WARN(ctx, &vs->loc, "virtual_server %s: protocol is ignored for fwmark services",
		     name);
		vs->protocol = CONF_PROTO_UNSET;
	}
	if ((vs->flags & CONF_VS_FLAG_OPS) && addrs && vs->protocol != CONF_PROTO_UDP) {
		WARN(ctx, &vs->loc,
		     "virtual_server %s: ops (one-packet scheduling) needs UDP; "
		     "cleared",
		     name);
		vs->flags &= ~CONF_VS_FLAG_OPS;
	}
	if (vs->kind == CONF_VS_ADDR && !vs->port && !vs->persistence_timeout) {
		WARN(ctx, &vs->loc,
		     "virtual_server %s: port 0 is only valid for persistent "
		     "services; persistence_timeout set to 360",
		     name);
		vs->persistence_timeout = 360;
	}
	if (!vs->sched) {
		NOTE(ctx, &vs->loc, "virtual_server %s: no lvs_sched; using wlc", name);
		vs->sched = conf_strdup(ctx->conf, "wlc");
	}
	if ((vs->flags & CONF_VS_FLAG_HASHED) && strcmp(vs->sched, "sh")) {
		WARN(ctx, &vs->loc,
		     "virtual_server %s: hashed only applies to the sh scheduler; "
		     "cleared",
		     name);
		vs->flags &= ~CONF_VS_FLAG_HASHED;
	}
}

static int
tri_or(int v, int dflt)
{
	return v == CONF_UNSET_TRI ? dflt : v;
}

static int
smtp_default(const struct conf_global *g, int last)
{
	if (g->smtp_alert_checker != CONF_UNSET_TRI)
		return g->smtp_alert_checker;
	return g->smtp_alert != CONF_UNSET_TRI ? g->smtp_alert : last;
}

static void
inherit_rs(struct conf_parse_ctx *ctx, struct conf_vs *vs, struct conf_rs *rs)
{
	if (rs->fwd.method == CONF_FWD_UNSET)
		rs->fwd = vs->fwd;
	rs->alpha = tri_or(rs->alpha, vs->alpha);
	rs->inhibit_on_failure = tri_or(rs->inhibit_on_failure, vs->inhibit_on_failure);
	if (rs->retry == CONF_UNSET_UINT)
		rs->retry = vs->retry;
	if (rs->delay_loop_us == CONF_UNSET_U64)
		rs->delay_loop_us = vs->delay_loop_us;
	if (rs->warmup_us == CONF_UNSET_U64)
		rs->warmup_us = vs->warmup_us;
	if (rs->delay_before_retry_us == CONF_UNSET_U64)
		rs->delay_before_retry_us = vs->delay_before_retry_us;
	if (rs->connect_timeout_us == CONF_UNSET_U64)
		rs->connect_timeout_us = vs->connect_timeout_us;
	if (rs->weight == CONF_UNSET_INT)
		rs->weight = vs->weight;
	if (!rs->virtualhost)
		rs->virtualhost = vs->virtualhost;
	rs->smtp_alert = tri_or(rs->smtp_alert, smtp_default(&ctx->conf->global, 1));
}

static unsigned
default_retry(enum conf_checker_type t)
{
	return t == CONF_CHECK_MISC ? 0 : t == CONF_CHECK_DNS ? 3 : 1;
}

static uint64_t
default_dbr(const struct conf_checker *c)
{
	if (c->type == CONF_CHECK_HTTP || c->type == CONF_CHECK_SSL)
		return 3000000u;
	return c->type == CONF_CHECK_DNS ? c->delay_loop_us : 1000000u;
}

static void
inherit_urls(struct conf_parse_ctx *ctx, const struct conf_rs *rs, struct conf_checker *c)
{
	static struct conf_status_range ok = {200, 299};
	struct conf_http_check *h = &c->u.http;
	size_t i;

	for (i = 0; i < h->nurls; i++) {
		struct conf_url *u = &h->urls[i];

		if (!u->virtualhost)
			u->virtualhost = h->virtualhost ? h->virtualhost : rs->virtualhost;
		if (!u->nstatus)
			*CONF_PUSH(ctx->conf, u->status, u->nstatus) = ok;
	}
}

static void
inherit_checker(struct conf_parse_ctx *ctx, const struct conf_rs *rs, struct conf_checker *c)
{
	c->alpha = tri_or(c->alpha, rs->alpha);
	if (c->type == CONF_CHECK_FILE || c->type == CONF_CHECK_BFD)
		return;
	if (c->retry == CONF_UNSET_UINT)
		c->retry = rs->retry != CONF_UNSET_UINT ? rs->retry : default_retry(c->type);
	if (c->delay_loop_us == CONF_UNSET_U64)
		c->delay_loop_us = rs->delay_loop_us;
	if (c->warmup_us == CONF_UNSET_U64)
		c->warmup_us = rs->warmup_us != CONF_UNSET_U64 ? rs->warmup_us : c->delay_loop_us;
	if (c->delay_before_retry_us == CONF_UNSET_U64)
		c->delay_before_retry_us = rs->delay_before_retry_us != CONF_UNSET_U64
						   ? rs->delay_before_retry_us
						   : default_dbr(c);
	c->log_all_failures =
		tri_or(c->log_all_failures, ctx->conf->global.checker_log_all_failures);
	if (c->type == CONF_CHECK_MISC) {
		if (c->u.misc.timeout_us == CONF_UNSET_U64)
			c->u.misc.timeout_us = c->delay_loop_us;
		return;
	}
	if (c->connect_timeout_us == CONF_UNSET_U64)
		c->connect_timeout_us = rs->connect_timeout_us;
	if (!c->connect_ip.family)
		c->connect_ip = rs->addr;
	if (!c->connect_port)
		c->connect_port = rs->port;
	if (c->type == CONF_CHECK_HTTP || c->type == CONF_CHECK_SSL)
		inherit_urls(ctx, rs, c);
}

static bool
checker_usable(struct conf_parse_ctx *ctx, const struct conf_checker *c)
{
	size_t i;

	if ((c->type == CONF_CHECK_HTTP || c->type == CONF_CHECK_SSL) && !c->u.http.nurls) {
		ERR(ctx, &c->loc, "%s without a url; checker ignored", conf_checker_names[c->type]);
		return false;
	}
	if (c->type == CONF_CHECK_MISC && !c->u.misc.script) {
		ERR(ctx, &c->loc, "MISC_CHECK without misc_path; checker ignored");
		return false;
	}
	if (c->type == CONF_CHECK_FILE) {
		for (i = 0; c->u.file.track_file && i < ctx->conf->ntrack_files; i++)
			if (!strcmp(ctx->conf->track_files[i]->name, c->u.file.track_file))
				return true;
		ERR(ctx, &c->loc, "FILE_CHECK: track_file '%s' not found; checker ignored",
		    c->u.file.track_file ? c->u.file.track_file : "(none)");
		return false;
	}
	if (c->type == CONF_CHECK_BFD && !c->u.bfd.name) {
		ERR(ctx, &c->loc, "BFD_CHECK without name; checker ignored");
		return false;
	}
	return true;
}

static bool
validate_rs(struct conf_parse_ctx *ctx, struct conf_vs *vs, struct conf_rs *rs, const char *name)
{
	char a[64];
	size_t i, k = 0;

	inherit_rs(ctx, vs, rs);
	if (rs->fwd.method != CONF_FWD_TUN && rs->addr.family != vs->family) {
		ERR(ctx, &rs->loc,
		    "virtual_server %s: real_server %s is not the same address "
		    "family (only tunnelled servers may differ); ignored",
		    name, conf_fmt_addr(a, sizeof(a), &rs->addr));
		return false;
	}
	for (i = 0; i < rs->ncheckers; i++) {
		if (!checker_usable(ctx, rs->checkers[i]))
			continue;
		inherit_checker(ctx, rs, rs->checkers[i]);
		rs->checkers[k++] = rs->checkers[i];
	}
	rs->ncheckers = k;
	return true;
}

/* As keepalived: a quorum the real servers' weights can never reach is lowered. */
static void
check_quorum(struct conf_parse_ctx *ctx, struct conf_vs *vs, const char *name)
{
	unsigned long long total = 0;
	size_t i;

	for (i = 0; i < vs->nrs; i++)
		total += (unsigned)vs->rs[i]->weight;
	if (total && vs->quorum > total) {
		WARN(ctx, &vs->loc,
		     "virtual_server %s: quorum %u exceeds the total weight %llu of "
		     "the real servers; set to %llu",
		     name, vs->quorum, total, total);
		vs->quorum = (unsigned)total;
	}
	if (vs->hysteresis >= vs->quorum) {
		WARN(ctx, &vs->loc, "virtual_server %s: hysteresis %u >= quorum %u; set to %u",
		     name, vs->hysteresis, vs->quorum, vs->quorum - 1);
		vs->hysteresis = vs->quorum - 1;
	}
}

/* A group's addresses share one family; an empty group is dropped. */
static void
validate_vsgs(struct conf_parse_ctx *ctx)
{
	struct conf *conf = ctx->conf;
	size_t i, j, k, n = 0;
	int family;

	for (i = 0; i < conf->nvsgs; i++) {
		struct conf_vsg *g = conf->vsgs[i];

		family = AF_UNSPEC;
		for (j = k = 0; j < g->n; j++) {
			if (!g->v[j].is_fwmark && family && g->v[j].addr.family != family) {
				ERR(ctx, &g->v[j].loc,
				    "virtual_server_group %s mixes IPv4 and IPv6 "
				    "addresses; entry ignored",
				    g->name);
				continue;
			}
			if (!g->v[j].is_fwmark)
				family = g->v[j].addr.family;
			g->v[k++] = g->v[j];
		}
		g->n = k;
		if (!g->n) {
			WARN(ctx, &g->loc, "virtual_server_group %s has no entries; ignored",
			     g->name);
			continue;
		}
		conf->vsgs[n++] = g;
	}
	conf->nvsgs = n;
}

static bool
validate_vs(struct conf_parse_ctx *ctx, struct conf_vs *vs)
{
	char name[128];
	size_t i, k = 0;

	vs_name(name, sizeof(name), vs);
	if (!resolve_group(ctx, vs, name))
		return false;
	if (!vs->nrs) {
		WARN(ctx, &vs->loc, "virtual_server %s has no real servers; ignored", name);
		return false;
	}
	resolve_service(ctx, vs, name);
	if (vs->fwd.method == CONF_FWD_UNSET) {
		NOTE(ctx, &vs->loc, "virtual_server %s: no lvs_method; using NAT", name);
		vs->fwd.method = CONF_FWD_NAT;
	}
	vs->family = vs_family(vs);
	vs->smtp_alert = tri_or(vs->smtp_alert, smtp_default(&ctx->conf->global, 0));
	if (vs->sorry_server && !vs->sorry_server->addr.family) {
		ERR(ctx, &vs->loc,
		    "virtual_server %s: sorry_server_lvs_method without "
		    "sorry_server; ignored",
		    name);
		vs->sorry_server = NULL;
	}
	if (vs->sorry_server && vs->sorry_server->fwd.method == CONF_FWD_UNSET)
		vs->sorry_server->fwd = vs->fwd;
	for (i = 0; i < vs->nrs; i++)
		if (validate_rs(ctx, vs, vs->rs[i], name))
			vs->rs[k++] = vs->rs[i];
	vs->nrs = k;
	if (!k) {
		WARN(ctx, &vs->loc, "virtual_server %s has no usable real servers; ignored", name);
		return false;
	}
	check_quorum(ctx, vs, name);
	return true;
}

void
conf_validate_lvs(struct conf_parse_ctx *ctx)
{
	struct conf *conf = ctx->conf;
	size_t i, k = 0;

	validate_vsgs(ctx);
	for (i = 0; i < conf->nvs; i++)
		if (validate_vs(ctx, conf->vs[i]))
			conf->vs[k++] = conf->vs[i];
	conf->nvs = k;
}
