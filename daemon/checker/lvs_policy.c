/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lvs_policy: builds the desired IPVS table from the config model and the
 * health table. Each virtual server becomes one service (address, fwmark)
 * or one per group entry and address of a range; its real servers become
 * destinations according to their health, inhibit_on_failure, the quorum
 * state and the sorry server. Pure: no logging, no kernel access.
 */
#include "config.h"

#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "checker/lvs_policy.h"
#include "conf/conf.h"
#include "util/xalloc.h"

void
lvs_table_init(struct lvs_table *t)
{
	memset(t, 0, sizeof(*t));
}

void
lvs_table_clear(struct lvs_table *t)
{
	size_t i;

	for (i = 0; i < t->nsvc; i++)
		free(t->svc[i].dest);
	free(t->svc);
	for (i = 0; i < t->nvs; i++)
		free(t->vs[i].rs);
	free(t->vs);
	lvs_table_init(t);
}

void
lvs_table_move(struct lvs_table *dst, struct lvs_table *src)
{
	if (dst == src)
		return;
	lvs_table_clear(dst);
	*dst = *src;
	lvs_table_init(src);
}

const struct lvs_svc *
lvs_table_find(const struct lvs_table *t, const struct nl_ipvs_service *svc)
{
	size_t i;

	for (i = 0; t && i < t->nsvc; i++)
		if (nl_ipvs_service_same(&t->svc[i].svc, svc))
			return &t->svc[i];
	return NULL;
}

static void
copy_addr(uint8_t out[16], const struct conf_addr *a)
{
	memset(out, 0, 16);
	if (a->family == AF_INET6)
		memcpy(out, &a->u.in6, 16);
	else
		memcpy(out, &a->u.in4, 4);
}

static uint16_t
ip_proto(enum conf_proto p)
{
	switch (p) {
	case CONF_PROTO_TCP:
		return IPPROTO_TCP;
	case CONF_PROTO_SCTP:
		return IPPROTO_SCTP;
	case CONF_PROTO_UDP:
		return IPPROTO_UDP;
	default:
		return 0;
	}
}

/* persistence_granularity as a prefix length; 0 = host (the kernel's default). */
static uint8_t
granularity_prefix(const struct conf_vs *vs)
{
	uint32_t m;
	uint8_t n = 0;

	if (vs->family == AF_INET6)
		return vs->persistence_granularity_len >= 128
			       ? 0
			       : (uint8_t)vs->persistence_granularity_len;
	if (vs->persistence_granularity.family != AF_INET)
		return 0;
	m = ntohl(vs->persistence_granularity.u.in4.s_addr);
	while (n < 32 && (m & (0x80000000u >> n)))
		n++;
	return n == 32 ? 0 : n;
}

/* The settings every service of vs shares (not its identity). */
static void
svc_settings(const struct conf_vs *vs, struct nl_ipvs_service *s)
{
	memset(s, 0, sizeof(*s));
	s->af = vs->family;
	snprintf(s->sched_name, sizeof(s->sched_name), "%s", vs->sched ? vs->sched : "wlc");
	if (vs->persistence_timeout) {
		s->flags |= NL_IPVS_SVC_F_PERSISTENT;
		s->timeout = vs->persistence_timeout;
	}
	if (vs->flags & CONF_VS_FLAG_1)
		s->flags |= NL_IPVS_SVC_F_SCHED1;
	if (vs->flags & CONF_VS_FLAG_2)
		s->flags |= NL_IPVS_SVC_F_SCHED2;
	if (vs->flags & CONF_VS_FLAG_3)
		s->flags |= NL_IPVS_SVC_F_SCHED3;
	if (vs->flags & CONF_VS_FLAG_OPS)
		s->flags |= NL_IPVS_SVC_F_ONEPACKET;
	s->netmask = granularity_prefix(vs);
	if (vs->persistence_engine)
		snprintf(s->pe_name, sizeof(s->pe_name), "%s", vs->persistence_engine);
}

/* Adds svc for virtual server vs (index) to t, or finds the service already there. */
static struct lvs_svc *
table_service(struct lvs_table *t, const struct nl_ipvs_service *svc, size_t vs)
{
	struct lvs_svc *s;
	size_t i;

	for (i = 0; i < t->nsvc; i++)
		if (nl_ipvs_service_same(&t->svc[i].svc, svc))
			return &t->svc[i];
	xgrow((void **)&t->svc, &t->cap, t->nsvc + 1, sizeof(*t->svc));
	s = &t->svc[t->nsvc++];
	memset(s, 0, sizeof(*s));
	s->svc = *svc;
	s->vs = vs;
	return s;
}

/*
 * Two users of one destination (a real server listed twice, the sorry server
 * being a real server): the first wins, unless it is only inhibited (weight 0)
 * and the other is active.
 */
static void
svc_dest(struct lvs_svc *s, const struct nl_ipvs_dest *d)
{
	size_t i;

	for (i = 0; i < s->ndest; i++) {
		if (nl_ipvs_dest_same(&s->dest[i], d)) {
			if (s->dest[i].weight == 0 && d->weight > 0)
				s->dest[i] = *d;
			return;
		}
	}
	xgrow((void **)&s->dest, &s->cap, s->ndest + 1, sizeof(*s->dest));
	s->dest[s->ndest++] = *d;
}

static uint32_t
fwd_method(enum conf_fwd_method m)
{
	switch (m) {
	case CONF_FWD_DR:
		return NL_IPVS_FWD_DROUTE;
	case CONF_FWD_TUN:
		return NL_IPVS_FWD_TUNNEL;
	default:
		return NL_IPVS_FWD_MASQ;
	}
}

/*
 * The destination for rs in service svc. DR and TUN use the service's port;
 * NAT the real server's, or (none given) the virtual server's configured port
 * (keepalived: 0 for groups and fwmarks). dflt_port is that port, or 0.
 */
static void
rs_dest(const struct conf_rs *rs, uint16_t dflt_port, const struct nl_ipvs_service *svc, int weight,
	struct nl_ipvs_dest *d)
{
	memset(d, 0, sizeof(*d));
	d->af = rs->addr.family;
	copy_addr(d->addr, &rs->addr);
	d->fwd = fwd_method(rs->fwd.method);
	if (d->fwd != NL_IPVS_FWD_MASQ)
		d->port = svc->port;
	else
		d->port = rs->port ? rs->port : dflt_port;
	d->weight = weight;
	d->u_threshold = rs->uthreshold;
	d->l_threshold = rs->lthreshold;
	if (d->fwd != NL_IPVS_FWD_TUNNEL)
		return;
	d->tun_type = rs->fwd.tun_type == CONF_TUN_GUE	 ? NL_IPVS_TUN_GUE
		      : rs->fwd.tun_type == CONF_TUN_GRE ? NL_IPVS_TUN_GRE
							 : NL_IPVS_TUN_IPIP;
	if (d->tun_type == NL_IPVS_TUN_GUE)
		d->tun_port = rs->fwd.tun_port;
	if (rs->fwd.tun_csum == CONF_TUN_CSUM)
		d->tun_flags = NL_IPVS_TUN_F_CSUM;
	else if (rs->fwd.tun_csum == CONF_TUN_REMCSUM)
		d->tun_flags = NL_IPVS_TUN_F_REMCSUM;
}

static int
real_weight(int w)
{
	return w < 0 ? 0 : w;
}

static int
sorry_weight(const struct conf_rs *ss)
{
	return ss->weight == CONF_UNSET_INT ? 1 : real_weight(ss->weight);
}

/* Adds every destination of view v to service s. */
static void
fill_dests(const struct conf_vs *vs, const struct lvs_vs_view *v, struct lvs_svc *s)
{
	struct nl_ipvs_dest d;
	size_t j;

	for (j = 0; j < vs->nrs; j++) {
		if (v->rs[j].in == LVS_IN_OUT)
			continue;
		rs_dest(vs->rs[j], vs->kind == CONF_VS_ADDR ? vs->port : 0, &s->svc,
			v->rs[j].in == LVS_IN_ACTIVE ? v->rs[j].weight : 0, &d);
		svc_dest(s, &d);
	}
	if (vs->sorry_server && v->sorry_in != LVS_IN_OUT) {
		/* a sorry server without a port keeps port 0 (keepalived) */
		rs_dest(vs->sorry_server, 0, &s->svc,
			v->sorry_in == LVS_IN_ACTIVE ? sorry_weight(vs->sorry_server) : 0, &d);
		svc_dest(s, &d);
	}
}

/* Address i of a group range: IPv4 counts on the whole address, IPv6 on its last 16 bits. */
static void
range_addr(const struct conf_vsg_entry *e, uint32_t i, uint8_t out[16])
{
	copy_addr(out, &e->addr);
	if (e->addr.family == AF_INET6) {
		uint32_t low = (uint32_t)(out[14] << 8 | out[15]) + i;

		out[14] = (uint8_t)(low >> 8);
		out[15] = (uint8_t)low;
	} else {
		uint32_t a = ntohl(e->addr.u.in4.s_addr) + i;

		a = htonl(a);
		memcpy(out, &a, 4);
	}
}

static void
add_group(struct lvs_table *t, const struct conf_vs *vs, size_t vsi, const struct lvs_vs_view *v,
	  const struct nl_ipvs_service *base)
{
	struct nl_ipvs_service svc;
	size_t k;
	uint32_t i;

	for (k = 0; vs->vsg && k < vs->vsg->n; k++) {
		const struct conf_vsg_entry *e = &vs->vsg->v[k];

		svc = *base;
		if (e->is_fwmark) {
			if (e->fwmark_family != AF_UNSPEC && e->fwmark_family != vs->family)
				continue;
			svc.fwmark = e->fwmark;
			fill_dests(vs, v, table_service(t, &svc, vsi));
			continue;
		}
		if (e->addr.family != vs->family)
			continue;
		svc.protocol = ip_proto(vs->protocol);
		svc.port = e->port;
		for (i = 0; i <= e->range; i++) {
			range_addr(e, i, svc.addr);
			fill_dests(vs, v, table_service(t, &svc, vsi));
		}
	}
}

static void
add_vs(struct lvs_table *t, const struct conf_vs *vs, size_t vsi, const struct lvs_vs_view *v)
{
	struct nl_ipvs_service svc;

	svc_settings(vs, &svc);
	switch (vs->kind) {
	case CONF_VS_FWMARK:
		svc.fwmark = vs->fwmark;
		break;
	case CONF_VS_GROUP:
		add_group(t, vs, vsi, v, &svc);
		return;
	default:
		svc.protocol = ip_proto(vs->protocol);
		copy_addr(svc.addr, &vs->addr);
		svc.port = vs->port;
		break;
	}
	fill_dests(vs, v, table_service(t, &svc, vsi));
}

static long
live_weight(const struct conf_vs *vs, const struct lvs_health *h, size_t i)
{
	long sum = 0;
	size_t j;

	for (j = 0; j < vs->nrs; j++)
		if (lvs_health_up(h, i, j))
			sum += real_weight(lvs_health_weight(h, i, j));
	return sum;
}

/* keepalived's update_quorum_state() thresholds, start-up rule included. */
static enum lvs_quorum
next_quorum(const struct conf_vs *vs, enum lvs_quorum q, long sum)
{
	long up_at = (long)vs->quorum + (long)vs->hysteresis;
	long down_below = (long)vs->quorum - (long)vs->hysteresis;

	if (q == LVS_QUORUM_UNKNOWN || q == LVS_QUORUM_DOWN)
		return sum >= up_at ? LVS_QUORUM_UP : LVS_QUORUM_DOWN;
	return sum == 0 || sum < down_below ? LVS_QUORUM_DOWN : LVS_QUORUM_UP;
}

void
lvs_policy_update_quorum(const struct conf *conf, struct lvs_health *h)
{
	size_t i;

	for (i = 0; i < conf->nvs; i++)
		lvs_health_set_quorum(h, i,
				      next_quorum(conf->vs[i], lvs_health_quorum(h, i),
						  live_weight(conf->vs[i], h, i)));
}

static void
vs_view(const struct conf_vs *vs, const struct lvs_health *h, size_t i, struct lvs_vs_view *v)
{
	enum lvs_quorum q = lvs_health_quorum(h, i);
	bool sorry = vs->sorry_server != NULL;
	size_t j;

	v->weight_sum = live_weight(vs, h, i);
	if (q == LVS_QUORUM_UNKNOWN)
		q = next_quorum(vs, q, v->weight_sum);
	v->quorum_up = q == LVS_QUORUM_UP;
	v->sorry_active = sorry && !v->quorum_up;
	if (v->sorry_active)
		v->sorry_in = LVS_IN_ACTIVE;
	else if (sorry && vs->sorry_server_inhibit)
		v->sorry_in = LVS_IN_INHIBITED;
	else
		v->sorry_in = LVS_IN_OUT;
	v->nrs = vs->nrs;
	v->rs = xcalloc(vs->nrs ? vs->nrs : 1, sizeof(*v->rs));
	for (j = 0; j < vs->nrs; j++) {
		struct lvs_rs_view *r = &v->rs[j];

		r->up = lvs_health_up(h, i, j);
		r->weight = real_weight(lvs_health_weight(h, i, j));
		if (r->up && !v->sorry_active)
			r->in = LVS_IN_ACTIVE;
		else
			r->in = vs->rs[j]->inhibit_on_failure > 0 ? LVS_IN_INHIBITED : LVS_IN_OUT;
	}
}

void
lvs_policy_desired(const struct conf *conf, const struct lvs_health *h, struct lvs_table *out)
{
	size_t i;

	lvs_table_clear(out);
	out->nvs = conf->nvs;
	out->vs = xcalloc(conf->nvs ? conf->nvs : 1, sizeof(*out->vs));
	for (i = 0; i < conf->nvs; i++) {
		vs_view(conf->vs[i], h, i, &out->vs[i]);
		add_vs(out, conf->vs[i], i, &out->vs[i]);
	}
}
