/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_params: translate the config model into the inputs of the pure VRRP
 * modules. Every unit conversion between the model (seconds, microseconds,
 * "unset" markers) and the FSM/codec lives here and nowhere else.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/conf_vrrp.h"
#include "util/xalloc.h"
#include "vrrp/vrrp_params.h"

static void
addr_from_conf(const struct conf_addr *c, struct vrrp_pkt_addr *out)
{
	memset(out, 0, sizeof(*out));
	out->family = c->family;
	if (c->family == AF_INET)
		memcpy(out->addr, &c->u.in4, 4);
	else if (c->family == AF_INET6)
		memcpy(out->addr, &c->u.in6, 16);
	else
		out->family = 0;
}

static void
fsm_config_from_conf(const struct conf_vrrp *v, const struct vrrp_pkt_addr *primary,
		     struct vrrp_fsm_config *f)
{
	memset(f, 0, sizeof(*f));
	f->priority = v->priority;
	f->init_master = v->state == CONF_VRRP_STATE_MASTER;
	f->version = v->version;
	f->adver_int_us = v->advert_int_us;
	f->down_timer_adverts = v->down_timer_adverts;
	f->nopreempt = v->nopreempt;
	f->preempt_delay_us = v->preempt_delay_us;
	f->saddr.family = primary->family;
	memcpy(f->saddr.bytes, primary->addr, sizeof(f->saddr.bytes));
	f->lower_prio_no_advert = v->lower_prio_no_advert;
	f->higher_prio_send_advert = v->higher_prio_send_advert;
	f->garp_master_repeat = v->garp_master_repeat;
	f->garp_master_delay_us = (uint64_t)v->garp_master_delay * 1000000u;
	f->garp_lower_prio_repeat = v->garp_lower_prio_repeat;
	f->garp_lower_prio_delay_us = (uint64_t)v->garp_lower_prio_delay * 1000000u;
	f->garp_master_refresh_us = (uint64_t)v->garp_master_refresh * 1000000u;
	f->garp_master_refresh_repeat = v->garp_master_refresh_repeat;
}

/* The VIPs of the instance's family: the advert carries those only. */
static size_t
collect_vips(const struct conf_vrrp *v, struct vrrp_pkt_addr **out)
{
	size_t n = 0;

	*out = xcalloc(v->vips.n ? v->vips.n : 1, sizeof(**out));
	for (size_t i = 0; i < v->vips.n && n < VRRP_PKT_MAX_ADDRS; i++) {
		const struct conf_addr *a = &v->vips.v[i].addr.addr;

		if (a->family == v->family)
			addr_from_conf(a, &(*out)[n++]);
	}
	return n;
}

static void
pkt_params_from_conf(const struct conf *conf, const struct conf_vrrp *v, struct vrrp_params *p)
{
	struct vrrp_pkt_params *k = &p->pkt;

	memset(k, 0, sizeof(*k));
	k->version = v->version;
	k->family = v->family;
	k->vrid = (uint8_t)v->vrid;
	k->advert_int = v->version == 2 ? (unsigned)(v->advert_int_us / 1000000u)
					: (unsigned)(v->advert_int_us / 10000u);
	k->vips = p->vips;
	k->nvips = p->nvips;
	k->auth_type = v->auth_type == CONF_AUTH_PASS ? VRRP_PKT_AUTH_PASS
		       : v->auth_type == CONF_AUTH_AH ? VRRP_PKT_AUTH_AH
						      : VRRP_PKT_AUTH_NONE;
	if (v->auth_pass)
		memcpy(k->auth_data, v->auth_pass, strnlen(v->auth_pass, VRRP_PKT_AUTH_LEN));
	k->unicast = v->npeers > 0;
	k->peers = p->peers;
	k->npeers = p->npeers;
	k->check_unicast_src = v->check_unicast_src;
	k->skip_check_adv_addr = v->skip_check_adv_addr;
	/* XXX: v3_checksum_as_v2 is parsed as "not supported" by the model (a keepalived
	 * 2.3 keyword); the codec supports it once the model carries it. */
	k->v3_checksum_as_v2 = false;
	k->v3_unicast_csum_mcast = v->old_unicast_checksum == 1;
	k->v3_unicast_csum_no_autodetect = v->old_unicast_checksum == 2;
	/* The codec's mcast_group is the IPv4 group of the old-unicast-checksum
	 * compatibility; IPv6 adverts go to mcast_dst (ff02::12 or configured). */
	if (v->family == AF_INET)
		addr_from_conf(&conf->global.mcast_group4, &k->mcast_group);
}

int
vrrp_params_from_conf(const struct conf *conf, const struct conf_vrrp *v,
		      const struct vrrp_pkt_addr *primary, struct vrrp_params *out, char *err,
		      size_t errlen)
{
	memset(out, 0, sizeof(*out));
	out->nvips = collect_vips(v, &out->vips);
	out->peers = xcalloc(v->npeers ? v->npeers : 1, sizeof(*out->peers));
	for (size_t i = 0; i < v->npeers; i++) {
		addr_from_conf(&v->peers[i].addr, &out->peers[i].addr);
		out->peers[i].min_ttl =
			(uint8_t)(v->peers[i].min_ttl < 0 ? 0 : v->peers[i].min_ttl);
		out->peers[i].max_ttl =
			(uint8_t)(v->peers[i].max_ttl < 0 ? 255 : v->peers[i].max_ttl);
	}
	out->npeers = v->npeers;
	out->unicast_ttl = v->unicast_ttl;
	fsm_config_from_conf(v, primary, &out->fsm);
	pkt_params_from_conf(conf, v, out);
	if (v->mcast_dst_ip.family)
		addr_from_conf(&v->mcast_dst_ip, &out->mcast_dst);
	else if (v->family == AF_INET6 && conf->global.mcast_group6.family)
		addr_from_conf(&conf->global.mcast_group6, &out->mcast_dst);
	else if (out->pkt.mcast_group.family)
		out->mcast_dst = out->pkt.mcast_group;
	else {
		out->mcast_dst.family = v->family;
		if (v->family == AF_INET6)
			memcpy(out->mcast_dst.addr, "\xff\x02\0\0\0\0\0\0\0\0\0\0\0\0\0\x12", 16);
		else
			memcpy(out->mcast_dst.addr, "\xe0\0\0\x12", 4);
	}
	if (vrrp_pkt_params_check(&out->pkt) < 0) {
		snprintf(err, errlen,
			 "(%s) cannot build adverts from this configuration (version %u, %zu VIPs)",
			 v->name, v->version, out->nvips);
		vrrp_params_free(out);
		return -1;
	}
	return 0;
}

void
vrrp_params_free(struct vrrp_params *p)
{
	free(p->vips);
	free(p->peers);
	memset(p, 0, sizeof(*p));
}

void
vrrp_params_addr_spec(const struct conf_ipaddr *a, int ifindex, struct nl_addr_spec *out)
{
	struct vrrp_pkt_addr tmp;

	memset(out, 0, sizeof(*out));
	out->family = a->addr.addr.family;
	addr_from_conf(&a->addr.addr, &tmp);
	memcpy(out->addr, tmp.addr, sizeof(out->addr));
	out->prefixlen = a->addr.len;
	out->ifindex = ifindex;
	out->scope = (int)a->scope;
	if (a->label)
		snprintf(out->label, sizeof(out->label), "%s", a->label);
	if (a->peer.addr.family) {
		addr_from_conf(&a->peer.addr, &tmp);
		memcpy(out->peer, tmp.addr, sizeof(out->peer));
		out->has_peer = true;
		out->prefixlen = a->peer.len;
	}
	if (a->brd == CONF_BRD_ADDR) {
		memcpy(out->brd, &a->brd_addr.u.in4, 4);
		out->has_brd = true;
	} else if (a->brd == CONF_BRD_SET || a->brd == CONF_BRD_CLEAR) {
		nl_addr_spec_brd_auto(out, a->brd == CONF_BRD_SET);
	}
	/* keepalived adds IPv6 VIPs without DAD; "-nodad" on the line asks for DAD. */
	out->nodad = out->family == AF_INET6 && !a->nodad;
	out->noprefixroute = a->noprefixroute;
	out->home = a->home;
	out->mngtmpaddr = a->mngtmpaddr;
	out->autojoin = a->autojoin;
	if (a->preferred_lft != -1) {
		out->has_preferred_lft = true;
		out->preferred_lft =
			a->preferred_lft == -2 ? NL_RTNL_LFT_FOREVER : (uint32_t)a->preferred_lft;
	}
}
