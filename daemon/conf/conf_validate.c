/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_validate: the pass after parsing that makes the VRRP side of the
 * model complete and consistent, following keepalived 2.2.7: global
 * defaults flow into instances, priority/state/preempt rules, v2/v3
 * advert_int rounding, vrrp_strict consequences, sync group membership and
 * tracking weights, references by name. Values it changes are reported
 * (warning when keepalived would have "reset"/"cleared" them); objects it
 * cannot use are removed with an error. It never looks at the system.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "conf/conf_model_priv.h"

#define WARN(ctx, loc, ...) conf_diag_at((ctx), CONF_DIAG_WARNING, (loc), __VA_ARGS__)
#define ERR(ctx, loc, ...)  conf_diag_at((ctx), CONF_DIAG_ERROR, (loc), __VA_ARGS__)

static struct conf_vrrp *
find_vrrp(const struct conf *conf, const char *name)
{
	/* The model is still being completed here, hence the cast. */
	return (struct conf_vrrp *)(uintptr_t)conf_find_vrrp(conf, name);
}

static bool
track_group_exists(const struct conf *conf, const char *name)
{
	size_t i;

	for (i = 0; i < conf->ntrack_groups; i++)
		if (!strcmp(conf->track_groups[i]->name, name))
			return true;
	return false;
}

/* Resolves names and default weights of a track_script/track_file list; drops unknown ones. */
static void
resolve_tracks(struct conf_parse_ctx *ctx, const char *owner, struct conf_tracklist *l,
	       bool scripts)
{
	size_t i, k = 0;

	for (i = 0; i < l->n; i++) {
		struct conf_track *t = &l->v[i];
		const struct conf_vrrp_script *s =
			scripts ? conf_find_script(ctx->conf, t->name) : NULL;
		const struct conf_track_file *f =
			scripts ? NULL : conf_find_track_file(ctx->conf, t->name);

		if (!s && !f) {
			ERR(ctx, &t->loc, "(%s) track %s '%s' not found; ignored", owner,
			    scripts ? "script" : "file", t->name);
			continue;
		}
		if (t->weight == CONF_UNSET_INT) {
			t->weight = s ? s->weight : f->weight;
			t->reverse = s ? s->weight_reverse : f->weight_reverse;
		}
		l->v[k++] = *t;
	}
	l->n = k;
}

static void
resolve_track_ifs(struct conf_tracklist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].weight == CONF_UNSET_INT)
			l->v[i].weight = 0;
}

/* The family of the VIPs; mismatching ones are dropped. */
static void
vip_family(struct conf_parse_ctx *ctx, struct conf_vrrp *v)
{
	size_t i, k = 0;

	v->family = v->vips.n ? v->vips.v[0].addr.addr.family : v->native_ipv6 ? AF_INET6 : AF_INET;
	for (i = 0; i < v->vips.n; i++) {
		if (v->vips.v[i].addr.addr.family != v->family) {
			ERR(ctx, &v->vips.v[i].loc,
			    "(%s) virtual_ipaddress mixes IPv4 and IPv6; address ignored (use "
			    "virtual_ipaddress_excluded for the other family)",
			    v->name);
			continue;
		}
		v->vips.v[k++] = v->vips.v[i];
	}
	v->vips.n = k;
	if (v->vips.n > 255) {
		WARN(ctx, &v->loc,
		     "(%s) %zu VIPs exceed the 255 an advert can carry; the rest "
		     "are moved to virtual_ipaddress_excluded",
		     v->name, v->vips.n);
		for (i = 255; i < v->vips.n; i++)
			*CONF_PUSH(ctx->conf, v->evips.v, v->evips.n) = v->vips.v[i];
		v->vips.n = 255;
	}
}

static void
resolve_version(struct conf_parse_ctx *ctx, struct conf_vrrp *v)
{
	const struct conf_global *g = &ctx->conf->global;

	if (v->strict_mode == CONF_UNSET_TRI)
		v->strict_mode = g->vrrp_strict;
	if (v->family == AF_INET6 && v->version == 2) {
		WARN(ctx, &v->loc, "(%s) IPv6 needs VRRP version 3; using version 3", v->name);
		v->version = 3;
	}
	if (!v->version)
		v->version = v->family == AF_INET6 ? 3 : g->vrrp_version;
}

static void
resolve_priority_state(struct conf_parse_ctx *ctx, struct conf_vrrp *v)
{
	if (!v->priority)
		v->priority = v->state == CONF_VRRP_STATE_MASTER ? 255 : 100;
	if (v->state == CONF_VRRP_STATE_UNSET) {
		v->state = v->priority == 255 ? CONF_VRRP_STATE_MASTER : CONF_VRRP_STATE_BACKUP;
	} else if (v->strict_mode && (v->state == CONF_VRRP_STATE_MASTER) != (v->priority == 255)) {
		WARN(ctx, &v->loc,
		     "(%s) vrrp_strict: state MASTER must match being address owner "
		     "(priority 255); state set to %s",
		     v->name, v->priority == 255 ? "MASTER" : "BACKUP");
		v->state = v->priority == 255 ? CONF_VRRP_STATE_MASTER : CONF_VRRP_STATE_BACKUP;
	}
}

static void
resolve_auth(struct conf_parse_ctx *ctx, struct conf_vrrp *v)
{
	const char *why = NULL;

	if (v->auth_type == CONF_AUTH_NONE)
		return;
	if (v->strict_mode)
		why = "vrrp_strict does not allow authentication";
	else if (v->version == 3)
		why = "VRRP version 3 has no authentication";
	else if (!v->auth_pass || !*v->auth_pass)
		why = "authentication without auth_pass";
	else if (v->family == AF_INET6 && v->auth_type == CONF_AUTH_AH)
		why = "AH authentication does not work with IPv6";
	if (why) {
		WARN(ctx, &v->loc, "(%s) %s; authentication ignored", v->name, why);
		v->auth_type = CONF_AUTH_NONE;
		v->auth_pass = NULL;
		return;
	}
	if (v->auth_type == CONF_AUTH_AH && v->state == CONF_VRRP_STATE_MASTER &&
	    v->priority != 255) {
		WARN(ctx, &v->loc,
		     "(%s) initial state MASTER does not work with AH authentication; "
		     "state set to BACKUP",
		     v->name);
		v->state = CONF_VRRP_STATE_BACKUP;
	}
}

static void
resolve_preempt(struct conf_parse_ctx *ctx, struct conf_vrrp *v)
{
	if (v->priority == 255 && v->nopreempt) {
		WARN(ctx, &v->loc, "(%s) nopreempt does not work with priority 255; cleared",
		     v->name);
		v->nopreempt = false;
	}
	if (v->state == CONF_VRRP_STATE_MASTER && v->nopreempt) {
		WARN(ctx, &v->loc,
		     "(%s) nopreempt needs 'state BACKUP' (it does not work with "
		     "initial state MASTER); cleared",
		     v->name);
		v->nopreempt = false;
	}
	if (v->preempt_delay_us == CONF_UNSET_U64 || v->preempt_delay_us == 0) {
		v->preempt_delay_us = 0;
		return;
	}
	if (v->state == CONF_VRRP_STATE_MASTER)
		WARN(ctx, &v->loc,
		     "(%s) preempt_delay does not work with initial state MASTER; "
		     "cleared",
		     v->name);
	else if (v->strict_mode)
		WARN(ctx, &v->loc, "(%s) preempt_delay is not allowed with vrrp_strict; cleared",
		     v->name);
	else if (v->nopreempt)
		WARN(ctx, &v->loc, "(%s) preempt_delay has no effect with nopreempt; cleared",
		     v->name);
	else
		return;
	v->preempt_delay_us = 0;
}

/* VRRPv2 carries whole seconds (1..255), VRRPv3 centiseconds (0.01..40.95). */
static void
resolve_advert_int(struct conf_parse_ctx *ctx, struct conf_vrrp *v)
{
	uint64_t unit = v->version == 2 ? 1000000u : 10000u;
	uint64_t max = v->version == 2 ? 255000000u : 40950000u;
	char a[32], b[32];
	uint64_t r;

	if (v->advert_int_us == CONF_UNSET_U64)
		v->advert_int_us = 1000000u;
	if (v->advert_int_us > max) {
		WARN(ctx, &v->loc, "(%s) VRRPv%u advert_int %s is out of range; set to %s", v->name,
		     v->version, conf_fmt_timer(a, sizeof(a), v->advert_int_us),
		     conf_fmt_timer(b, sizeof(b), max));
		v->advert_int_us = max;
	}
	if (v->advert_int_us % unit) {
		r = (v->advert_int_us + unit / 2) / unit * unit;
		if (!r)
			r = unit;
		WARN(ctx, &v->loc,
		     "(%s) VRRPv%u advert_int %s must be a multiple of %s s; rounded "
		     "to %s",
		     v->name, v->version, conf_fmt_timer(a, sizeof(a), v->advert_int_us),
		     v->version == 2 ? "1" : "0.01", conf_fmt_timer(b, sizeof(b), r));
		v->advert_int_us = r;
	}
}

/* A per-instance value: unset takes the global one; strict mode may force it. */
static void
strict_uint(struct conf_parse_ctx *ctx, struct conf_vrrp *v, unsigned *f, unsigned global,
	    const char *name)
{
	if (*f == CONF_UNSET_UINT) {
		*f = v->strict_mode ? 0 : global;
	} else if (v->strict_mode && *f) {
		WARN(ctx, &v->loc, "(%s) vrrp_strict requires %s 0; reset", v->name, name);
		*f = 0;
	}
}

static void
strict_tri(struct conf_parse_ctx *ctx, struct conf_vrrp *v, int *f, bool global, bool forced,
	   const char *name)
{
	if (*f == CONF_UNSET_TRI) {
		*f = v->strict_mode ? forced : global;
	} else if (v->strict_mode && *f != forced) {
		WARN(ctx, &v->loc, "(%s) vrrp_strict requires %s %s; reset", v->name, name,
		     forced ? "on" : "off");
		*f = forced;
	}
}

static void
resolve_protocol(struct conf_parse_ctx *ctx, struct conf_vrrp *v)
{
	const struct conf_global *g = &ctx->conf->global;

	if (v->accept == CONF_UNSET_TRI)
		v->accept = !v->strict_mode;
	if (v->accept && v->priority != 255 && v->strict_mode && v->version == 2) {
		WARN(ctx, &v->loc,
		     "(%s) accept mode with VRRPv2 does not comply with RFC 3768 "
		     "(vrrp_strict); reset",
		     v->name);
		v->accept = 0;
	}
	strict_uint(ctx, v, &v->garp_lower_prio_repeat, g->garp_lower_prio_repeat,
		    "garp_lower_prio_repeat");
	strict_uint(ctx, v, &v->garp_lower_prio_delay, g->garp_lower_prio_delay,
		    "garp_lower_prio_delay");
	strict_tri(ctx, v, &v->lower_prio_no_advert, g->lower_prio_no_advert, true,
		   "lower_prio_no_advert");
	strict_tri(ctx, v, &v->higher_prio_send_advert, g->higher_prio_send_advert, false,
		   "higher_prio_send_advert");
	if (v->skip_check_adv_addr == CONF_UNSET_TRI)
		v->skip_check_adv_addr = g->vrrp_skip_check_adv_addr;
	if (v->smtp_alert == CONF_UNSET_TRI)
		v->smtp_alert = g->smtp_alert_vrrp != CONF_UNSET_TRI ? g->smtp_alert_vrrp
				: g->smtp_alert != CONF_UNSET_TRI    ? g->smtp_alert
								     : 0;
	if (v->notify_priority_changes == CONF_UNSET_TRI)
		v->notify_priority_changes = g->vrrp_notify_priority_changes;
	if (v->garp_master_delay == CONF_UNSET_UINT)
		v->garp_master_delay = g->garp_master_delay;
	if (v->garp_master_repeat == CONF_UNSET_UINT)
		v->garp_master_repeat = g->garp_master_repeat;
	if (v->garp_master_refresh == CONF_UNSET_UINT)
		v->garp_master_refresh = g->garp_master_refresh;
	if (v->garp_master_refresh_repeat == CONF_UNSET_UINT)
		v->garp_master_refresh_repeat = g->garp_master_refresh_repeat;
	if (v->down_timer_adverts == CONF_UNSET_UINT)
		v->down_timer_adverts = v->strict_mode ? 3 : g->down_timer_adverts;
	else if (v->strict_mode && v->down_timer_adverts != 3) {
		WARN(ctx, &v->loc, "(%s) vrrp_strict requires down_timer_adverts 3 (RFC); reset",
		     v->name);
		v->down_timer_adverts = 3;
	}
	if (!v->garp_extra_if && g->garp_extra_if) {
		v->garp_extra_if = g->garp_extra_if;
		v->garp_extra_if_all = g->garp_extra_if_all;
	}
}

static void
resolve_addressing(struct conf_parse_ctx *ctx, struct conf_vrrp *v)
{
	const struct conf_global *g = &ctx->conf->global;
	const char *dev = v->ifname ? v->ifname : g->default_interface;
	size_t i;

	if (!v->npeers && !v->mcast_dst_ip.family)
		v->mcast_dst_ip = v->family == AF_INET6 ? g->mcast_group6 : g->mcast_group4;
	for (i = 0; i < v->vips.n; i++)
		if (!v->vips.v[i].dev)
			v->vips.v[i].dev = conf_strdup(ctx->conf, dev);
	for (i = 0; i < v->evips.n; i++)
		if (!v->evips.v[i].dev)
			v->evips.v[i].dev = conf_strdup(ctx->conf, dev);
	if (v->family == AF_INET6 && !v->npeers && v->vips.n &&
	    !IN6_IS_ADDR_LINKLOCAL(&v->vips.v[0].addr.addr.u.in6))
		WARN(ctx, &v->vips.v[0].loc,
		     "(%s) the first IPv6 VIP should be link local (RFC 5798)", v->name);
	if (v->vrf && v->ifname) {
		WARN(ctx, &v->loc,
		     "(%s) vrf is only for unicast instances without an interface; "
		     "ignored",
		     v->name);
		v->vrf = NULL;
	}
	if (v->vmac_xmit_base && (!v->use_vmac || v->strict_mode)) {
		WARN(ctx, &v->loc, "(%s) vmac_xmit_base %s; cleared", v->name,
		     v->use_vmac ? "is not allowed with vrrp_strict" : "needs use_vmac");
		v->vmac_xmit_base = false;
	}
	if (v->promote_secondaries && (v->use_vmac || v->use_ipvlan)) {
		WARN(ctx, &v->loc, "(%s) promote_secondaries is implied by vmacs; ignored",
		     v->name);
		v->promote_secondaries = false;
	}
}

/* Instance-level checks that make the instance unusable; returns false to drop it. */
static bool
instance_usable(struct conf_parse_ctx *ctx, struct conf_vrrp *v)
{
	if (!v->vrid) {
		ERR(ctx, &v->loc, "(%s) virtual_router_id is not set; instance ignored", v->name);
		return false;
	}
	if (!v->ifname && !v->npeers) {
		ERR(ctx, &v->loc,
		    "(%s) no interface (needed unless unicast peers are given); "
		    "instance ignored",
		    v->name);
		return false;
	}
	if (!v->vips.n && (v->version == 3 || v->family == AF_INET6 || v->strict_mode)) {
		ERR(ctx, &v->loc,
		    "(%s) no virtual_ipaddress (at least one is required with VRRPv3, "
		    "IPv6 or vrrp_strict); instance ignored",
		    v->name);
		return false;
	}
	if (!v->vips.n)
		WARN(ctx, &v->loc, "(%s) no virtual_ipaddress; at least one is sensible", v->name);
	if (v->strict_mode && v->npeers) {
		ERR(ctx, &v->loc,
		    "(%s) unicast peers are not allowed with vrrp_strict; instance "
		    "ignored",
		    v->name);
		return false;
	}
	return true;
}

static void
drop_own_track_if(struct conf_parse_ctx *ctx, struct conf_vrrp *v)
{
	size_t i, k = 0;

	for (i = 0; i < v->track_if.n; i++) {
		if (v->ifname && !strcmp(v->track_if.v[i].name, v->ifname)) {
			WARN(ctx, &v->track_if.v[i].loc,
			     "(%s) track_interface %s is the instance's "
			     "own interface; ignored",
			     v->name, v->ifname);
			continue;
		}
		v->track_if.v[k++] = v->track_if.v[i];
	}
	v->track_if.n = k;
}

static bool
validate_instance(struct conf_parse_ctx *ctx, struct conf_vrrp *v)
{
	vip_family(ctx, v);
	resolve_version(ctx, v);
	if (!instance_usable(ctx, v))
		return false;
	resolve_priority_state(ctx, v);
	resolve_auth(ctx, v);
	resolve_preempt(ctx, v);
	resolve_advert_int(ctx, v);
	resolve_protocol(ctx, v);
	resolve_addressing(ctx, v);
	drop_own_track_if(ctx, v);
	resolve_track_ifs(&v->track_if);
	resolve_tracks(ctx, v->name, &v->track_script, true);
	resolve_tracks(ctx, v->name, &v->track_file, false);
	return true;
}

static bool
same_vrid_slot(const struct conf_vrrp *a, const struct conf_vrrp *b)
{
	return a->vrid == b->vrid && a->family == b->family && a->ifname && b->ifname &&
	       !strcmp(a->ifname, b->ifname) && !a->npeers && !b->npeers &&
	       !memcmp(&a->mcast_dst_ip, &b->mcast_dst_ip, sizeof(a->mcast_dst_ip));
}

static void
validate_instances(struct conf_parse_ctx *ctx)
{
	struct conf *conf = ctx->conf;
	size_t i, j, k = 0;

	for (i = 0; i < conf->nvrrp; i++) {
		struct conf_vrrp *v = conf->vrrp[i];
		bool dup = false;

		if (!validate_instance(ctx, v))
			continue;
		for (j = 0; j < k && !dup; j++) {
			dup = same_vrid_slot(conf->vrrp[j], v);
			if (dup)
				ERR(ctx, &v->loc,
				    "(%s) virtual_router_id %u is already used by %s on "
				    "%s; instance ignored",
				    v->name, v->vrid, conf->vrrp[j]->name, v->ifname);
		}
		if (!dup)
			conf->vrrp[k++] = v;
	}
	conf->nvrrp = k;
}

static void
zero_member_weights(struct conf_parse_ctx *ctx, struct conf_vrrp *v, const char *group)
{
	struct conf_tracklist *lists[] = {&v->track_if, &v->track_script, &v->track_file};
	size_t i, j;

	for (i = 0; i < 3; i++) {
		for (j = 0; j < lists[i]->n; j++) {
			if (!lists[i]->v[j].weight)
				continue;
			WARN(ctx, &lists[i]->v[j].loc,
			     "(%s) tracking weights of sync group %s "
			     "members are set to 0 (use "
			     "sync_group_tracking_weight to keep them)",
			     v->name, group);
			lists[i]->v[j].weight = 0;
		}
	}
}

static bool
validate_sync_group(struct conf_parse_ctx *ctx, struct conf_sync_group *g)
{
	const struct conf_global *gl = &ctx->conf->global;
	struct conf_strlist kept = {NULL, 0};
	struct conf_vrrp *v;
	size_t i;

	for (i = 0; i < g->instances.n; i++) {
		v = find_vrrp(ctx->conf, g->instances.v[i]);
		if (!v) {
			ERR(ctx, &g->loc, "sync group %s: vrrp_instance '%s' not found; ignored",
			    g->name, g->instances.v[i]);
		} else if (v->sync_group) {
			ERR(ctx, &g->loc, "sync group %s: %s is already in sync group %s; ignored",
			    g->name, v->name, v->sync_group);
		} else if (!conf_strlist_has(&kept, v->name)) {
			v->sync_group = g->name;
			conf_strlist_add(ctx->conf, &kept, v->name);
			if (!g->sync_group_tracking_weight)
				zero_member_weights(ctx, v, g->name);
		}
	}
	g->instances = kept;
	if (!kept.n) {
		WARN(ctx, &g->loc, "sync group %s has no vrrp instances; ignored", g->name);
		return false;
	}
	if (kept.n == 1)
		WARN(ctx, &g->loc, "sync group %s has only one vrrp instance", g->name);
	resolve_track_ifs(&g->track_if);
	resolve_tracks(ctx, g->name, &g->track_script, true);
	resolve_tracks(ctx, g->name, &g->track_file, false);
	if (g->smtp_alert == CONF_UNSET_TRI)
		g->smtp_alert = gl->smtp_alert_vrrp != CONF_UNSET_TRI ? gl->smtp_alert_vrrp
				: gl->smtp_alert != CONF_UNSET_TRI    ? gl->smtp_alert
								      : 0;
	if (g->notify_priority_changes == CONF_UNSET_TRI)
		g->notify_priority_changes = gl->vrrp_notify_priority_changes;
	return true;
}

/* A track_group reference that does not resolve is dropped (and reported). */
static void
check_track_group(struct conf_parse_ctx *ctx, char **name, const struct conf_loc *loc)
{
	if (*name && !track_group_exists(ctx->conf, *name)) {
		ERR(ctx, loc, "track_group '%s' not found; ignored", *name);
		*name = NULL;
	}
}

static void
validate_track_groups(struct conf_parse_ctx *ctx)
{
	struct conf *conf = ctx->conf;
	size_t i, j, k;

	for (i = 0; i < conf->ntrack_groups; i++) {
		struct conf_track_group *g = conf->track_groups[i];

		for (j = k = 0; j < g->instances.n; j++) {
			if (find_vrrp(conf, g->instances.v[j]))
				g->instances.v[k++] = g->instances.v[j];
			else
				WARN(ctx, &g->loc,
				     "track_group %s: vrrp_instance '%s' not found; ignored",
				     g->name, g->instances.v[j]);
		}
		g->instances.n = k;
	}
}

static void
validate_statics(struct conf_parse_ctx *ctx)
{
	struct conf *conf = ctx->conf;
	const char *dev = conf->global.default_interface ? conf->global.default_interface : "eth0";
	size_t i;

	for (i = 0; i < conf->static_addrs.n; i++) {
		struct conf_ipaddr *ip = &conf->static_addrs.v[i];

		if (!ip->dev)
			ip->dev = conf_strdup(conf, dev);
		check_track_group(ctx, &ip->track_group, &ip->loc);
	}
	for (i = 0; i < conf->static_routes.n; i++)
		check_track_group(ctx, &conf->static_routes.v[i].track_group,
				  &conf->static_routes.v[i].loc);
	for (i = 0; i < conf->static_rules.n; i++)
		check_track_group(ctx, &conf->static_rules.v[i].track_group,
				  &conf->static_rules.v[i].loc);
	validate_track_groups(ctx);
}

static void
validate_global(struct conf_parse_ctx *ctx)
{
	struct conf_global *g = &ctx->conf->global;

	if (!g->default_interface)
		g->default_interface = conf_strdup(ctx->conf, "eth0");
	if (g->garp_lower_prio_delay == CONF_UNSET_UINT)
		g->garp_lower_prio_delay = g->garp_master_delay;
	if (g->garp_lower_prio_repeat == CONF_UNSET_UINT)
		g->garp_lower_prio_repeat = g->garp_master_repeat;
	if (g->vrrp_min_garp) {
		g->garp_master_repeat = 1;
		g->garp_master_delay = 0;
	}
}

/* After the instances: the sync daemon may follow one that validation dropped. */
static void
validate_lvs_syncd(struct conf_parse_ctx *ctx)
{
	struct conf_lvs_syncd *s = &ctx->conf->global.lvs_sync_daemon;
	const struct conf_vrrp *v;

	if (!s->ifname || !s->vrrp_instance)
		return;
	v = find_vrrp(ctx->conf, s->vrrp_instance);
	if (!v) {
		ERR(ctx, &s->loc,
		    "lvs_sync_daemon: vrrp_instance '%s' not found; the sync daemon "
		    "runs without it",
		    s->vrrp_instance);
		s->vrrp_instance = NULL;
	} else if (s->syncid == CONF_UNSET_UINT) {
		s->syncid = v->vrid;
	}
}

void
conf_validate_vrrp(struct conf_parse_ctx *ctx)
{
	struct conf *conf = ctx->conf;
	size_t i, k = 0;

	for (i = 0; i < conf->nscripts; i++)
		if (conf->scripts[i]->timeout_us == CONF_UNSET_U64)
			conf->scripts[i]->timeout_us = conf->scripts[i]->interval_us;
	validate_instances(ctx);
	for (i = 0; i < conf->nsync_groups; i++)
		if (validate_sync_group(ctx, conf->sync_groups[i]))
			conf->sync_groups[k++] = conf->sync_groups[i];
	conf->nsync_groups = k;
	validate_statics(ctx);
	validate_lvs_syncd(ctx);
}

void
conf_validate(struct conf_parse_ctx *ctx)
{
	validate_global(ctx);
	conf_validate_vrrp(ctx);
	conf_validate_lvs(ctx);
}
