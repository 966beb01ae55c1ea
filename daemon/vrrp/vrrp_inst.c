/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_inst: the adapter between the pure VRRP modules and the system. Timer
 * and socket events go into vrrp_fsm; its actions come out here as adverts
 * (vrrp_pkt + vrrp_sock), VIP changes (lib/nl rtnetlink), GARP/NA bursts and
 * keepalived's log lines. It never decides a state change itself.
 */
#include "config.h"

#include <errno.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/conf_vrrp.h"
#include "notify/notify_fifo.h"
#include "notify/notify_script.h"
#include "notify/smtp.h"
#include "util/log.h"
#include "vrrp/vrrp_firewall.h"
#include "vrrp/vrrp_inst.h"
#include "vrrp/vrrp_lvs_sync.h"
#include "vrrp/vrrp_routes.h"
#include "vrrp/vrrp_state.h"
#include "vrrp/vrrp_sync.h"

#define VRRP_RX_BURST 64 /* adverts read per wake-up before yielding to the loop */

static const char *
inst_name(const struct vrrp_inst *vi)
{
	return vi->conf->name;
}

static void
sock_addr_from_pkt(const struct vrrp_pkt_addr *a, struct vrrp_sock_addr *out)
{
	out->family = a->family;
	memcpy(out->addr, a->addr, sizeof(out->addr));
}

static void
pkt_addr_from_sock(const struct vrrp_sock_addr *a, struct vrrp_pkt_addr *out)
{
	out->family = a->family;
	memcpy(out->addr, a->addr, sizeof(out->addr));
}

static void
send_one(struct vrrp_inst *vi, unsigned priority, const struct vrrp_pkt_addr *dst, uint8_t ttl,
	 uint32_t ah_seq)
{
	uint8_t buf[VRRP_PKT_MAX_IP4_LEN];
	struct vrrp_pkt_tx tx = {.priority = (uint8_t)priority,
				 .src = vi->src,
				 .dst = *dst,
				 .ttl = ttl,
				 .ah_seq = ah_seq};
	struct vrrp_sock_addr sdst;
	size_t len;
	int rc;

	if (++vi->ip_id == 0)
		vi->ip_id = 1; /* keepalived never sends IP id 0 */
	tx.ip_id = vi->ip_id;
	rc = vrrp_pkt_build(&vi->params.pkt, &tx, buf, sizeof(buf), &len);
	if (rc < 0) {
		log_warnx("(%s) cannot build an advert: %s", inst_name(vi), strerror(-rc));
		return;
	}
	sock_addr_from_pkt(dst, &sdst);
	rc = vrrp_sock_send(&vi->sock, buf, len, &sdst);
	if (rc < 0)
		log_warnx("(%s) cannot send an advert: %s", inst_name(vi), strerror(-rc));
}

/* One advert: one AH sequence number, shared by every unicast peer (keepalived). */
static void
act_send_advert(void *ctx, unsigned priority)
{
	struct vrrp_inst *vi = ctx;
	uint32_t seq = 0;

	if (vi->params.pkt.auth_type == VRRP_PKT_AUTH_AH)
		seq = vrrp_pkt_ah_seq_next(&vi->ah_seq, &vi->ah_cycled);
	if (priority != VRRP_PRIO_STOP && vi->fsm.state == VRRP_STATE_MASTER)
		vrrp_state_touch(vi->env->state_path); /* what a resume can prove (vrrp_state.h) */
	if (!vi->params.pkt.unicast) {
		send_one(vi, priority, &vi->params.mcast_dst, VRRP_PKT_TTL, seq);
		return;
	}
	for (size_t i = 0; i < vi->params.npeers; i++)
		send_one(vi, priority, &vi->params.peers[i].addr,
			 (uint8_t)(vi->params.unicast_ttl > 0 ? vi->params.unicast_ttl : 255), seq);
}

/* The interface an address line lives on: its own dev, else the instance's. */
static int
vip_ifindex(const struct vrrp_inst *vi, const struct conf_ipaddr *a)
{
	struct nl_link_info link;

	if (!a->dev || !strcmp(a->dev, vi->conf->ifname))
		return vi->ifindex;
	if (nl_rtnl_link_by_name(vi->env->rtnl, a->dev, &link) < 0)
		return -1;
	return link.ifindex;
}

/* Adds or removes one address line; "already there" / "already gone" are fine. */
static void
vip_apply(struct vrrp_inst *vi, const struct conf_ipaddr *a, bool add)
{
	struct nl_addr_spec spec;
	char text[64];
	int ifindex = vip_ifindex(vi, a), rc;

	if (ifindex < 0) {
		log_warnx("(%s) interface %s of a VIP does not exist", inst_name(vi), a->dev);
		return;
	}
	vrrp_params_addr_spec(a, ifindex, &spec);
	rc = add ? nl_rtnl_addr_add(vi->env->rtnl, &spec) : nl_rtnl_addr_del(vi->env->rtnl, &spec);
	if (rc == 0 || (add && rc == -EEXIST) || (!add && rc == -EADDRNOTAVAIL))
		return;
	inet_ntop(a->addr.addr.family, &a->addr.addr.u, text, sizeof(text));
	log_warnx("(%s) cannot %s %s/%u: %s", inst_name(vi), add ? "add" : "remove", text,
		  a->addr.len, strerror(-rc));
}

static void
vip_list_apply(struct vrrp_inst *vi, const struct conf_iplist *list, bool add)
{
	for (size_t i = 0; i < list->n; i++)
		vip_apply(vi, &list->v[i], add);
}

/* RFC 5798 Accept_Mode False: no `accept`, and not the address owner (which always accepts). */
static bool
inst_no_accept(const struct conf_vrrp *v)
{
	return !v->accept && v->priority != VRRP_PRIO_OWNER;
}

/* A master's no_accept drop rules follow its configuration (also on reload). */
static void
fw_update(struct vrrp_inst *vi, const struct conf_vrrp *v, bool master)
{
	bool want = master && inst_no_accept(v) && vi->env->fw;

	if (want) {
		if (!vi->fw_drop)
			log_info("(%s) setting firewall drop rule", inst_name(vi));
		vrrp_fw_set(vi->env->fw, vi, &v->vips, &v->evips, v->ifname);
	} else if (vi->fw_drop) {
		log_info("(%s) removing firewall drop rule", inst_name(vi));
		vrrp_fw_clear(vi->env->fw, vi);
	}
	vi->fw_drop = want;
}

static void
act_vips_add(void *ctx)
{
	struct vrrp_inst *vi = ctx;

	char who[64];

	fw_update(vi, vi->conf, true);
	log_info("(%s) setting VIPs.", inst_name(vi));
	vip_list_apply(vi, &vi->conf->vips, true);
	vip_list_apply(vi, &vi->conf->evips, true);
	snprintf(who, sizeof(who), "(%s)", inst_name(vi));
	vrrp_routes_apply(vi->env->rtnl, &vi->conf->vroutes, NULL, true, who);
}

static void
act_vips_del(void *ctx)
{
	struct vrrp_inst *vi = ctx;

	ev_timer_stop(vi->env->loop, &vi->garp_timer);
	ev_timer_stop(vi->env->loop, &vi->gq_timer);
	if (vi->stopping && vi->env->dont_release)
		return;
	vrrp_routes_apply(vi->env->rtnl, &vi->conf->vroutes, NULL, false, inst_name(vi));
	vip_list_apply(vi, &vi->conf->vips, false);
	vip_list_apply(vi, &vi->conf->evips, false);
	fw_update(vi, vi->conf, false);
}

static void
garp_one(struct vrrp_inst *vi, const struct conf_ipaddr *a, unsigned repeat)
{
	for (unsigned r = 0; r < repeat; r++) {
		if (a->addr.addr.family == AF_INET && vi->arp.fd >= 0)
			vrrp_arp_send(&vi->arp, vi->mac, &a->addr.addr.u.in4);
		else if (a->addr.addr.family == AF_INET6 && vi->ndisc.fd >= 0)
			vrrp_ndisc_send(&vi->ndisc, vi->mac, &a->addr.addr.u.in6, vi->ndisc_router);
	}
}

/* One message of a spaced burst; re-arms until the burst is out. */
static void
garp_queue_tick(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_inst *vi = arg;
	size_t n = vi->conf->vips.n;

	if (!n || vi->gq_sent >= vi->gq_total)
		return;
	garp_one(vi, &vi->conf->vips.v[vi->gq_sent % n], 1);
	if (++vi->gq_sent < vi->gq_total)
		ev_timer_start(loop, t, vi->garp_spacing_us);
}

/* repeat messages per VIP: at once, or one every garp_spacing_us. */
static void
garp_burst(struct vrrp_inst *vi, unsigned repeat)
{
	if (!vi->garp_spacing_us) {
		for (size_t i = 0; i < vi->conf->vips.n; i++)
			garp_one(vi, &vi->conf->vips.v[i], repeat);
		return;
	}
	vi->gq_sent = 0;
	vi->gq_total = (size_t)repeat * vi->conf->vips.n;
	garp_queue_tick(vi->env->loop, &vi->gq_timer, vi);
}

/* vrrp_garp_interval / vrrp_gna_interval, or the garp_group listing the interface. */
static uint64_t
garp_spacing(const struct conf *conf, const struct conf_vrrp *v)
{
	uint64_t garp = conf->global.garp_interval_us, gna = conf->global.gna_interval_us;

	for (size_t g = 0; v->ifname && g < conf->ngarp_groups; g++) {
		const struct conf_garp_group *gg = conf->garp_groups[g];

		for (size_t i = 0; i < gg->interfaces.n; i++)
			if (!strcmp(gg->interfaces.v[i], v->ifname)) {
				garp = gg->garp_interval_us;
				gna = gg->gna_interval_us;
			}
	}
	garp = garp == CONF_UNSET_U64 ? 0 : garp;
	gna = gna == CONF_UNSET_U64 ? 0 : gna;
	return v->family == AF_INET6 ? gna : garp;
}

static void
garp_again(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_inst *vi = arg;

	(void)loop, (void)t;
	garp_burst(vi, vi->garp_repeat);
}

static void
act_garp(void *ctx, unsigned repeat, uint64_t delay_us)
{
	struct vrrp_inst *vi = ctx;

	log_info("(%s) Sending/queueing gratuitous ARPs on %s", inst_name(vi),
		 vi->conf->ifname ? vi->conf->ifname : "?");
	garp_burst(vi, repeat);
	if (delay_us) {
		vi->garp_repeat = repeat;
		ev_timer_start(vi->env->loop, &vi->garp_timer, delay_us);
	}
}

const struct conf_script *
vrrp_notify_script(const struct conf_notify *n, enum vrrp_state state)
{
	switch (state) {
	case VRRP_STATE_MASTER:
		return n->master;
	case VRRP_STATE_BACKUP:
		return n->backup;
	case VRRP_STATE_FAULT:
		return n->fault;
	case VRRP_STATE_STOP:
		return n->stop;
	default:
		return NULL;
	}
}

/*
 * keepalived's notify: the state's own script with its configured arguments,
 * then "notify" with INSTANCE, name, state and priority appended.
 */
static void
act_notify(void *ctx, enum vrrp_state state)
{
	struct vrrp_inst *vi = ctx;
	const struct conf_notify *n = &vi->conf->notify;
	const struct conf_script *own = vrrp_notify_script(n, state);
	char what[96], prio[8], sname[16], lower[16];
	char *args[] = {(char *)"INSTANCE", vi->conf->name, sname, prio, NULL};
	size_t i;

	snprintf(sname, sizeof(sname), "%s", vrrp_fsm_state_name(state));
	for (i = 0; sname[i] && i < sizeof(lower) - 1; i++)
		lower[i] = (char)(sname[i] >= 'A' && sname[i] <= 'Z' ? sname[i] - 'A' + 'a'
								     : sname[i]);
	lower[i] = '\0';
	snprintf(prio, sizeof(prio), "%u", vi->fsm.effective_priority);
	if (own) {
		snprintf(what, sizeof(what), "(%s) notify_%s", inst_name(vi), lower);
		notify_run(vi->env->notify, own, NULL, what);
	}
	if (n->any) {
		snprintf(what, sizeof(what), "(%s) notify", inst_name(vi));
		notify_run(vi->env->notify, n->any, args, what);
	}
	for (size_t f = 0; f < 2; f++)
		notify_fifo_write(vi->env->fifo[f], "INSTANCE \"%s\" %s %s", vi->conf->name, sname,
				  prio);
	if (vi->conf->smtp_alert)
		smtp_alert_vrrp(vi->env->smtp, false, vi->conf->name, sname);
}

static void
act_transition(void *ctx, enum vrrp_state from, enum vrrp_state to)
{
	struct vrrp_inst *vi = ctx;

	log_info("(%s) Entering %s STATE%s", inst_name(vi), vrrp_fsm_state_name(to),
		 from == VRRP_STATE_INIT ? " (init)" : "");
	if (to == VRRP_STATE_MASTER)
		vrrp_pkt_ah_become_master(&vi->ah_seq, &vi->ah_cycled);
	vrrp_lvs_sync_transition(vi->env->lvs_sync, vi->conf->name, from, to);
	if (vi->sync && !vi->stopping)
		vrrp_sync_member_changed(vi->sync, vi, to);
	if (vi->env->on_transition && !vi->stopping)
		vi->env->on_transition(vi->env->on_transition_arg);
}

static bool
act_may_become_master(void *ctx)
{
	struct vrrp_inst *vi = ctx;

	return !vi->sync || vrrp_sync_may_become_master(vi->sync, vi);
}

static void
act_set_timer(void *ctx, uint64_t at_us)
{
	struct vrrp_inst *vi = ctx;

	ev_timer_start_at(vi->env->loop, &vi->timer, at_us);
}

static void
act_cancel_timer(void *ctx)
{
	struct vrrp_inst *vi = ctx;

	ev_timer_stop(vi->env->loop, &vi->timer);
}

static void
on_timer(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_inst *vi = arg;

	(void)t;
	vrrp_fsm_timer_expired(&vi->fsm, ev_now(loop));
}

/* keepalived's AH counter rules for a valid advert, before the FSM acts on it. */
static void
ah_sync(struct vrrp_inst *vi, const struct vrrp_pkt_advert *adv, const struct vrrp_fsm_advert *fa)
{
	if (vi->fsm.state == VRRP_STATE_BACKUP)
		vrrp_pkt_ah_backup_rx(vi->ah_seq, &vi->ah_cycled, adv->ah_seq);
	else if (vi->fsm.state == VRRP_STATE_MASTER && adv->priority != VRRP_PRIO_STOP &&
		 vrrp_pkt_ah_master_rx(&vi->ah_seq, &vi->ah_cycled, adv->ah_seq,
				       vrrp_fsm_advert_compare(&vi->fsm, fa)))
		log_info("(%s) IPSEC-AH : Syncing seq_num - Increment seq", inst_name(vi));
}

/* One received datagram: validate, count, feed the FSM. */
static void
rx_one(struct vrrp_inst *vi, const uint8_t *buf, size_t len, const struct vrrp_sock_rxinfo *srx)
{
	struct vrrp_pkt_rxinfo rx = {.ip_header = srx->ip_header, .ttl = srx->ttl};
	struct vrrp_pkt_advert adv;
	enum vrrp_pkt_reason why;
	int vrid = vrrp_pkt_peek_vrid(vi->params.pkt.family, srx->ip_header, buf, len);

	if (vrid >= 0 && vrid != (int)vi->params.pkt.vrid) {
		vi->rx_other_vrid++;
		return;
	}
	pkt_addr_from_sock(&srx->src, &rx.src);
	pkt_addr_from_sock(&srx->dst, &rx.dst);
	vi->params.pkt.ah_seq = vi->ah_seq;
	why = vrrp_pkt_parse(&vi->params.pkt, buf, len, &rx, &adv);
	if (adv.ah && adv.ah_seq_valid && adv.ah_seq > vi->ah_seq)
		vi->ah_seq = adv.ah_seq;
	vi->rx_reason[why]++;
	if (why != VRRP_PKT_OK) {
		log_detail("(%s) dropped an advert: %s", inst_name(vi), vrrp_pkt_reason_name(why));
		return;
	}
	struct vrrp_fsm_advert fa = {.priority = adv.priority, .adver_int_us = adv.advert_int_us};

	fa.saddr.family = adv.src.family;
	memcpy(fa.saddr.bytes, adv.src.addr, sizeof(fa.saddr.bytes));
	if (vi->fsm.state == VRRP_STATE_BACKUP) {
		vi->params.pkt.last_master = adv.src;
		if (adv.priority && adv.priority < vi->fsm.effective_priority &&
		    !vi->conf->nopreempt) {
			char from[64];

			inet_ntop(adv.src.family, adv.src.addr, from, sizeof(from));
			log_info("(%s) received lower priority (%u) advert from %s - discarding",
				 inst_name(vi), adv.priority, from);
		}
	}
	if (adv.ah)
		ah_sync(vi, &adv, &fa);
	vrrp_fsm_advert_rx(&vi->fsm, ev_now(vi->env->loop), &fa);
}

static void
on_rx(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct vrrp_inst *vi = arg;
	uint8_t buf[VRRP_PKT_MAX_IP4_LEN + 64];
	struct vrrp_sock_rxinfo rx;

	(void)loop, (void)io, (void)revents;
	for (int i = 0; i < VRRP_RX_BURST; i++) {
		ssize_t n = vrrp_sock_recv(&vi->sock, buf, sizeof(buf), &rx);

		if (n < 0)
			break;
		rx_one(vi, buf, (size_t)n, &rx);
	}
}

static const struct vrrp_actions inst_actions = {
	.send_advert = act_send_advert,
	.vips_add = act_vips_add,
	.vips_del = act_vips_del,
	.garp = act_garp,
	.notify = act_notify,
	.transition = act_transition,
	.may_become_master = act_may_become_master,
	.set_timer = act_set_timer,
	.cancel_timer = act_cancel_timer,
};

/* Our advert source: mcast_src_ip / unicast_src_ip, else the interface's primary address. */
static int
resolve_source(struct vrrp_inst *vi, char *err, size_t errlen)
{
	const struct conf_vrrp *v = vi->conf;
	int rc;

	memset(&vi->src, 0, sizeof(vi->src));
	if (v->src_ip.family) {
		vi->src.family = v->src_ip.family;
		memcpy(vi->src.addr, &v->src_ip.u, v->src_ip.family == AF_INET ? 4 : 16);
		return 0;
	}
	vi->src.family = v->family;
	rc = nl_rtnl_addr_primary(vi->env->rtnl, vi->ifindex, v->family, vi->src.addr);
	if (rc < 0) {
		snprintf(err, errlen, "(%s) interface %s has no %s address to send adverts from",
			 v->name, v->ifname, v->family == AF_INET6 ? "link-local IPv6" : "IPv4");
		return -1;
	}
	return 0;
}

static int
resolve_interface(struct vrrp_inst *vi, char *err, size_t errlen)
{
	struct nl_link_info link;

	if (!vi->conf->ifname) {
		snprintf(err, errlen, "(%s) no interface", vi->conf->name);
		return -1;
	}
	if (nl_rtnl_link_by_name(vi->env->rtnl, vi->conf->ifname, &link) < 0) {
		snprintf(err, errlen, "(%s) interface %s does not exist", vi->conf->name,
			 vi->conf->ifname);
		return -1;
	}
	vi->ifindex = link.ifindex;
	memcpy(vi->mac, link.mac, sizeof(vi->mac));
	return 0;
}

static int
open_sockets(struct vrrp_inst *vi, char *err, size_t errlen)
{
	const struct conf_vrrp *v = vi->conf;
	struct vrrp_sock_params sp = {
		.family = v->family,
		.proto = vi->params.pkt.auth_type == VRRP_PKT_AUTH_AH ? VRRP_SOCK_PROTO_AH
								      : VRRP_SOCK_PROTO_VRRP,
		.ifindex = vi->ifindex,
		.ifname = v->ifname,
		.unicast = vi->params.pkt.unicast,
		.unicast_ttl = vi->params.unicast_ttl > 0 ? vi->params.unicast_ttl : 0,
		.hdrincl = v->family == AF_INET,
	};

	if (v->src_ip.family)
		sock_addr_from_pkt(&vi->src, &sp.src);
	else if (sp.unicast)
		sock_addr_from_pkt(&vi->src, &sp.src);
	sock_addr_from_pkt(&vi->params.mcast_dst, &sp.mcast_group);
	if (vrrp_sock_open(&sp, &vi->sock, err, errlen) < 0)
		return -1;
	if (v->family == AF_INET && vrrp_arp_open(&vi->arp, vi->ifindex, err, errlen) < 0)
		return -1;
	if (v->family == AF_INET6 && vrrp_ndisc_open(&vi->ndisc, vi->ifindex, err, errlen) < 0)
		return -1;
	/* keepalived sets the NA Router flag when the interface forwards IPv6. */
	vi->ndisc_router = v->family == AF_INET6 && vrrp_ndisc_forwarding(v->ifname) == 1;
	return 0;
}

/*
 * A predecessor (a crashed child, a daemon killed with SIGKILL) recorded this
 * instance as MASTER, its last advert left less than three advert intervals
 * ago (no backup can have taken over yet: Master_Down_Interval is longer),
 * and every VIP is still in place: resume instead of deleting the VIPs and
 * waiting a full Master_Down_Interval. Anything older is not provable: the
 * instance starts as BACKUP and removes the stale VIPs.
 */
#define VRRP_RESUME_MAX_ADVERTS 3

static bool
may_resume_master(struct vrrp_inst *vi)
{
	const struct conf_vrrp *v = vi->conf;

	if (!vrrp_state_was_master(vi->env->state_path, v->name, v->vrid,
				   VRRP_RESUME_MAX_ADVERTS * vi->params.fsm.adver_int_us))
		return false;
	for (size_t i = 0; i < v->vips.n; i++) {
		struct nl_addr_spec spec;
		int ifindex = vip_ifindex(vi, &v->vips.v[i]);

		if (ifindex < 0)
			return false;
		vrrp_params_addr_spec(&v->vips.v[i], ifindex, &spec);
		if (nl_rtnl_addr_exists(vi->env->rtnl, &spec) != 1)
			return false;
	}
	log_info("(%s) was MASTER before a restart and its VIPs are in place: resuming", v->name);
	return v->vips.n > 0;
}

int
vrrp_inst_start(struct vrrp_inst *vi, const struct vrrp_env *env, const struct conf *conf,
		const struct conf_vrrp *v, char *err, size_t errlen)
{
	memset(vi, 0, sizeof(*vi));
	vi->conf = v;
	vi->env = env;
	vrrp_sock_init(&vi->sock);
	vrrp_arp_init(&vi->arp);
	vrrp_ndisc_init(&vi->ndisc);
	ev_timer_init(&vi->timer, on_timer, vi);
	ev_timer_init(&vi->garp_timer, garp_again, vi);
	ev_timer_init(&vi->gq_timer, garp_queue_tick, vi);
	vi->garp_spacing_us = garp_spacing(conf, v);
	if (resolve_interface(vi, err, errlen) < 0 || resolve_source(vi, err, errlen) < 0)
		goto fail;
	if (vrrp_params_from_conf(conf, v, &vi->src, &vi->params, err, errlen) < 0)
		goto fail;
	if (open_sockets(vi, err, errlen) < 0)
		goto fail;
	vi->params.fsm.resume_master = may_resume_master(vi);
	vi->act = inst_actions;
	vi->act.ctx = vi;
	if (vrrp_fsm_init(&vi->fsm, &vi->params.fsm, &vi->act) < 0) {
		snprintf(err, errlen, "(%s) the state machine refuses this configuration", v->name);
		goto fail;
	}
	ev_io_init(&vi->rx_io, vi->sock.fd, on_rx, vi);
	if (ev_io_start(env->loop, &vi->rx_io, EV_READ, 0) < 0) {
		snprintf(err, errlen, "(%s) cannot watch its socket", v->name);
		goto fail;
	}
	vrrp_fsm_startup(&vi->fsm, ev_now(env->loop));
	return 0;
fail:
	vrrp_inst_free(vi);
	return -1;
}

void
vrrp_inst_track_update(struct vrrp_inst *vi, bool fault, int delta)
{
	uint64_t now = ev_now(vi->env->loop);
	unsigned base = vi->conf->priority;
	int want = (int)base + delta;

	if (base != VRRP_PRIO_OWNER) {
		want = want < 1 ? 1 : want > 254 ? 254 : want;
		if ((unsigned)want != vi->fsm.effective_priority) {
			log_info("(%s) Changing effective priority from %u to %d", inst_name(vi),
				 vi->fsm.effective_priority, want);
			vrrp_fsm_priority_changed(&vi->fsm, now, (unsigned)want);
		}
	}
	if (fault && vi->fsm.state != VRRP_STATE_FAULT)
		vrrp_fsm_fault(&vi->fsm, now);
	else if (!fault && vi->fsm.state == VRRP_STATE_FAULT)
		vrrp_fsm_fault_cleared(&vi->fsm, now);
}

void
vrrp_inst_shutdown(struct vrrp_inst *vi)
{
	vi->stopping = true;
	vrrp_fsm_shutdown(&vi->fsm, ev_now(vi->env->loop));
}

void
vrrp_inst_free(struct vrrp_inst *vi)
{
	if (!vi->env)
		return;
	ev_io_stop(vi->env->loop, &vi->rx_io);
	ev_timer_stop(vi->env->loop, &vi->timer);
	ev_timer_stop(vi->env->loop, &vi->garp_timer);
	ev_timer_stop(vi->env->loop, &vi->gq_timer);
	if (vi->fw_drop)
		vrrp_fw_clear(vi->env->fw, vi); /* the key must not outlive vi */
	vrrp_sock_close(&vi->sock);
	vrrp_arp_close(&vi->arp);
	vrrp_ndisc_close(&vi->ndisc);
	vrrp_params_free(&vi->params);
}

/* ---- reload: the instance keeps its state; only what changed is applied ---- */

static bool
str_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool
addr_same(const struct conf_addr *a, const struct conf_addr *b)
{
	size_t len = a->family == AF_INET ? 4 : 16;

	return a->family == b->family && (!a->family || !memcmp(&a->u, &b->u, len));
}

bool
vrrp_inst_same_identity(const struct conf_vrrp *a, const struct conf_vrrp *b)
{
	if (a->vrid != b->vrid || a->family != b->family || !str_same(a->ifname, b->ifname))
		return false;
	if ((a->npeers > 0) != (b->npeers > 0))
		return false;
	return a->npeers ? addr_same(&a->src_ip, &b->src_ip)
			 : addr_same(&a->mcast_dst_ip, &b->mcast_dst_ip);
}

static bool
ipaddr_same(const struct conf_ipaddr *a, const struct conf_ipaddr *b)
{
	return addr_same(&a->addr.addr, &b->addr.addr) && a->addr.len == b->addr.len &&
	       str_same(a->dev, b->dev) && str_same(a->label, b->label) && a->scope == b->scope;
}

static bool
iplist_has(const struct conf_iplist *l, const struct conf_ipaddr *a)
{
	for (size_t i = 0; i < l->n; i++)
		if (ipaddr_same(&l->v[i], a))
			return true;
	return false;
}

/* A master on vi's interface among held[] has a (a VIP moving between instances). */
static bool
held_has(const struct vrrp_inst *vi, const struct conf_vrrp *const *held, size_t nheld,
	 const struct conf_ipaddr *a)
{
	for (size_t i = 0; i < nheld; i++)
		if (held[i] && str_same(held[i]->ifname, vi->conf->ifname) &&
		    (iplist_has(&held[i]->vips, a) || iplist_has(&held[i]->evips, a)))
			return true;
	return false;
}

/*
 * Addresses in from but not in to (nor held by another master): removed
 * (add=false) or added (add=true, GARP too).
 */
static void
iplist_diff_apply(struct vrrp_inst *vi, const struct conf_iplist *from,
		  const struct conf_iplist *to, bool add, unsigned garp_repeat,
		  const struct conf_vrrp *const *held, size_t nheld)
{
	for (size_t i = 0; i < from->n; i++) {
		if (iplist_has(to, &from->v[i]) || held_has(vi, held, nheld, &from->v[i]))
			continue;
		vip_apply(vi, &from->v[i], add);
		if (add && garp_repeat)
			garp_one(vi, &from->v[i], garp_repeat);
	}
}

void
vrrp_inst_reload_remove(struct vrrp_inst *vi, const struct conf_vrrp *v,
			const struct conf_vrrp *const *held, size_t nheld)
{
	if (vi->fsm.state != VRRP_STATE_MASTER)
		return;
	vrrp_routes_apply(vi->env->rtnl, &vi->conf->vroutes, &v->vroutes, false, inst_name(vi));
	iplist_diff_apply(vi, &vi->conf->vips, &v->vips, false, 0, held, nheld);
	iplist_diff_apply(vi, &vi->conf->evips, &v->evips, false, 0, held, nheld);
}

int
vrrp_inst_reload_apply(struct vrrp_inst *vi, const struct conf *conf, const struct conf_vrrp *v,
		       const struct conf_vrrp *const *held, size_t nheld, char *err, size_t errlen)
{
	struct vrrp_params fresh;

	if (vrrp_params_from_conf(conf, v, &vi->src, &fresh, err, errlen) < 0)
		return -1;
	if (vi->fsm.state == VRRP_STATE_MASTER) {
		unsigned repeat = v->garp_master_repeat ? v->garp_master_repeat : 1;

		iplist_diff_apply(vi, &v->vips, &vi->conf->vips, true, repeat, held, nheld);
		iplist_diff_apply(vi, &v->evips, &vi->conf->evips, true, 0, held, nheld);
		vrrp_routes_apply(vi->env->rtnl, &v->vroutes, &vi->conf->vroutes, true,
				  inst_name(vi));
		fw_update(vi, v, true);
	}
	fresh.pkt.ah_seq = vi->params.pkt.ah_seq;
	fresh.pkt.last_master = vi->params.pkt.last_master;
	vrrp_params_free(&vi->params);
	vi->params = fresh;
	vi->conf = v;
	vi->garp_spacing_us = garp_spacing(conf, v);
	vrrp_fsm_admin(&vi->fsm, ev_now(vi->env->loop), VRRP_FSM_ADMIN_RELOAD, &vi->params.fsm);
	return 0;
}
