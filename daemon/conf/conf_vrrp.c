/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_vrrp: the vrrp_instance block: its keyword table, the handlers for
 * keywords with their own syntax (state, authentication, unicast_peer,
 * use_vmac, use_ipvlan, accept/no_accept, notify_deleted, the old
 * lvs_sync_daemon_interface) and the instance dump. Defaults and
 * cross-field rules are applied later by conf_validate_vrrp().
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "conf/conf_model_priv.h"

#define V(f) CONF_FIELD(struct conf_vrrp, f)

static struct conf_vrrp *
inst(void *obj)
{
	return obj;
}

static void
kw_state(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj, const struct conf_kw *kw)
{
	(void)kw;
	if (conf_want_args(ctx, n, 1, 1))
		return;
	if (!strcasecmp(n->argv[1], "MASTER"))
		inst(obj)->state = CONF_VRRP_STATE_MASTER;
	else if (!strcasecmp(n->argv[1], "BACKUP"))
		inst(obj)->state = CONF_VRRP_STATE_BACKUP;
	else
		conf_err(ctx, n, "'state' value '%s' is not MASTER or BACKUP; ignored", n->argv[1]);
}

static void
dump_state(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_vrrp *v = obj;

	(void)kw;
	if (v->state != CONF_VRRP_STATE_UNSET)
		conf_dump_line(d, "state %s",
			       v->state == CONF_VRRP_STATE_MASTER ? "MASTER" : "BACKUP");
}

static void
kw_src_ip(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	  const struct conf_kw *kw)
{
	if (!conf_want_args(ctx, n, 1, 1))
		conf_get_addr(ctx, n, kw->name, n->argv[1], &inst(obj)->src_ip);
}

static void
dump_src_ip(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_vrrp *v = obj;
	char buf[64];

	(void)kw;
	if (v->src_ip.family)
		conf_dump_line(d, "%s %s", v->npeers ? "unicast_src_ip" : "mcast_src_ip",
			       conf_fmt_addr(buf, sizeof(buf), &v->src_ip));
}

static void
peer_line(struct conf_parse_ctx *ctx, const struct conf_node *c, struct conf_vrrp *v)
{
	struct conf_unicast_peer p = {.min_ttl = -1, .max_ttl = -1, .loc = conf_loc_of(ctx, c)};
	long long ttl;
	size_t j;

	if (c->block || conf_get_addr(ctx, c, "unicast_peer", c->argv[0], &p.addr))
		return;
	for (j = 1; j < c->argc; j++) {
		bool is_min = !strcmp(c->argv[j], "min_ttl");

		if ((is_min || !strcmp(c->argv[j], "max_ttl")) && j + 1 < c->argc) {
			if (!conf_get_ll(ctx, c, c->argv[j], c->argv[j + 1], 0, 255, &ttl))
				*(is_min ? &p.min_ttl : &p.max_ttl) = (int)ttl;
			j++;
		} else {
			conf_err(ctx, c, "unicast_peer: unexpected '%s'; ignored", c->argv[j]);
		}
	}
	*CONF_PUSH(ctx->conf, v->peers, v->npeers) = p;
}

static void
kw_unicast_peer(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		const struct conf_kw *kw)
{
	size_t i;

	(void)kw;
	for (i = 0; i < n->nchildren; i++)
		peer_line(ctx, &n->children[i], inst(obj));
}

static void
dump_unicast_peer(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_vrrp *v = obj;
	char buf[64];
	size_t i;

	(void)kw;
	if (!v->npeers)
		return;
	conf_dump_open(d, "unicast_peer");
	for (i = 0; i < v->npeers; i++) {
		conf_dump_start(d, conf_fmt_addr(buf, sizeof(buf), &v->peers[i].addr));
		if (v->peers[i].min_ttl >= 0)
			conf_dump_text(d, "min_ttl %d", v->peers[i].min_ttl);
		if (v->peers[i].max_ttl >= 0)
			conf_dump_text(d, "max_ttl %d", v->peers[i].max_ttl);
		conf_dump_end(d);
	}
	conf_dump_close(d);
}

static const char *const auth_names[] = {"", "PASS", "AH", NULL};

static void
kw_auth_pass(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	     const struct conf_kw *kw)
{
	struct conf_vrrp *v = inst(obj);

	(void)kw;
	if (conf_want_args(ctx, n, 1, 1))
		return;
	if (strlen(n->argv[1]) > 8)
		conf_warn(ctx, n,
			  "auth_pass is longer than 8 characters; only the first 8 are used");
	v->auth_pass = conf_strdup(ctx->conf, n->argv[1]);
	if (strlen(v->auth_pass) > 8)
		v->auth_pass[8] = '\0';
}

static const struct conf_kw auth_kws[] = {
	KW_ENUM("auth_type", struct conf_vrrp, auth_type, auth_names),
	KW_FN("auth_pass", kw_auth_pass, NULL, 0),
	KW_END,
};
static const struct conf_block auth_block = {"authentication", auth_kws, CONF_NO_RAW, NULL};

static void
kw_authentication(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		  const struct conf_kw *kw)
{
	(void)kw;
	conf_kw_walk(ctx, n, &auth_block, obj);
}

static void
dump_authentication(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_vrrp *v = obj;

	(void)kw;
	if (v->auth_type == CONF_AUTH_NONE)
		return;
	conf_dump_open(d, "authentication");
	conf_dump_line(d, "auth_type %s", auth_names[v->auth_type]);
	if (v->auth_pass)
		conf_dump_secret(d, "auth_pass", v->auth_pass);
	conf_dump_close(d);
}

static void
kw_use_vmac(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	    const struct conf_kw *kw)
{
	struct conf_vrrp *v = inst(obj);
	size_t i;

	(void)kw;
	conf_want_args(ctx, n, 0, 2);
	v->use_vmac = true;
	for (i = 1; i < n->argc && i < 3; i++) {
		if (strchr(n->argv[i], ':'))
			v->vmac_mac = conf_strdup(ctx->conf, n->argv[i]);
		else if (conf_ifname_ok(ctx, n, n->argv[i]))
			v->vmac_ifname = conf_strdup(ctx->conf, n->argv[i]);
	}
}

static void
dump_use_vmac(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_vrrp *v = obj;

	(void)kw;
	if (!v->use_vmac)
		return;
	conf_dump_start(d, "use_vmac");
	if (v->vmac_ifname)
		conf_dump_word(d, v->vmac_ifname);
	if (v->vmac_mac)
		conf_dump_word(d, v->vmac_mac);
	conf_dump_end(d);
}

static const char *const ipvlan_modes[] = {"bridge", "private", "vepa", NULL};

static void
kw_use_ipvlan(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	      const struct conf_kw *kw)
{
	struct conf_vrrp *v = inst(obj);
	size_t i, m;

	(void)kw;
	conf_want_args(ctx, n, 0, 3);
	v->use_ipvlan = true;
	for (i = 1; i < n->argc && i < 4; i++) {
		for (m = 0; ipvlan_modes[m] && strcmp(ipvlan_modes[m], n->argv[i]); m++)
			;
		if (ipvlan_modes[m])
			v->ipvlan_mode = (enum conf_ipvlan_mode)m;
		else if (!conf_parse_prefix(n->argv[i], &v->ipvlan_addr, NULL))
			continue;
		else if (i == 1 && conf_ifname_ok(ctx, n, n->argv[i]))
			v->ipvlan_ifname = conf_strdup(ctx->conf, n->argv[i]);
		else if (i != 1)
			conf_err(ctx, n, "use_ipvlan: unexpected '%s'; ignored", n->argv[i]);
	}
}

static void
dump_use_ipvlan(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_vrrp *v = obj;
	char buf[128];

	(void)kw;
	if (!v->use_ipvlan)
		return;
	conf_dump_start(d, "use_ipvlan");
	if (v->ipvlan_ifname)
		conf_dump_word(d, v->ipvlan_ifname);
	if (v->ipvlan_addr.addr.family)
		conf_dump_text(d, "%s", conf_fmt_prefix(buf, sizeof(buf), &v->ipvlan_addr));
	conf_dump_text(d, "%s", ipvlan_modes[v->ipvlan_mode]);
	conf_dump_end(d);
}

static void
kw_accept(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	  const struct conf_kw *kw)
{
	(void)kw;
	conf_want_args(ctx, n, 0, 0);
	inst(obj)->accept = strcmp(n->argv[0], "no_accept") != 0;
}

static void
dump_accept(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_vrrp *v = obj;

	(void)kw;
	if (v->accept != CONF_UNSET_TRI)
		conf_dump_line(d, "%s", v->accept ? "accept" : "no_accept");
}

static void
kw_preempt(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	   const struct conf_kw *kw)
{
	(void)kw;
	(void)obj;
	conf_note(ctx, n, "'preempt' is the default and has no effect");
}

static void
kw_native_ipv6(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	       const struct conf_kw *kw)
{
	(void)kw;
	conf_note(ctx, n, "'native_ipv6' is deprecated: the addresses decide the family");
	inst(obj)->native_ipv6 = true;
}

static void
dump_native_ipv6(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	(void)kw;
	(void)d;
	(void)obj;
	/* Resolved into the family, which the dumped addresses already show. */
}

static void
kw_old_checksum(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		const struct conf_kw *kw)
{
	(void)kw;
	if (n->argc > 1 && strcmp(n->argv[1], "never")) {
		conf_err(ctx, n, "old_unicast_checksum: unexpected '%s' (never); ignored",
			 n->argv[1]);
		return;
	}
	inst(obj)->old_unicast_checksum = n->argc > 1 ? 2 : 1;
}

static void
dump_old_checksum(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	int v = ((const struct conf_vrrp *)obj)->old_unicast_checksum;

	(void)kw;
	if (v)
		conf_dump_line(d, "old_unicast_checksum%s", v == 2 ? " never" : "");
}

/* notify_deleted [CMD]: shared by vrrp_instance and vrrp_sync_group. */
void
conf_kw_notify_deleted(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		       const struct conf_kw *kw)
{
	struct conf_notify *nt = (struct conf_notify *)((char *)obj + kw->off);

	nt->deleted_set = true;
	if (n->argc > 1)
		nt->deleted = conf_get_script(ctx, n);
}

void
conf_dump_notify_deleted(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_notify *nt = (const struct conf_notify *)((const char *)obj + kw->off);

	if (nt->deleted)
		conf_dump_script(d, "notify_deleted", nt->deleted);
	else if (nt->deleted_set)
		conf_dump_line(d, "notify_deleted");
}

static void
kw_garp_extra(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	      const struct conf_kw *kw)
{
	(void)kw;
	conf_kw_garp_extra_if(ctx, n, &inst(obj)->garp_extra_if, &inst(obj)->garp_extra_if_all);
}

static void
dump_garp_extra(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_vrrp *v = obj;

	(void)kw;
	if (v->garp_extra_if)
		conf_dump_line(d, "garp_extra_if %s%u", v->garp_extra_if_all ? "all " : "",
			       v->garp_extra_if);
}

/*
 * lvs_sync_daemon_interface (and its old misspelling) in an instance: the
 * keepalived 1.x way to run the IPVS sync daemon; becomes the global
 * lvs_sync_daemon tied to this instance.
 */
static void
kw_lvs_syncd_if(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		const struct conf_kw *kw)
{
	struct conf_lvs_syncd *s = &ctx->conf->global.lvs_sync_daemon;
	const char *spelt = strcmp(n->argv[0], "lvs_sync_daemon_interface") ? " (misspelt)" : "";

	(void)kw;
	if (conf_want_args(ctx, n, 1, 1) || !conf_ifname_ok(ctx, n, n->argv[1]))
		return;
	if (s->ifname) {
		conf_note(ctx, n,
			  "'%s'%s is old syntax; global lvs_sync_daemon already set, ignored",
			  n->argv[0], spelt);
		return;
	}
	conf_note(ctx, n, "'%s'%s is old syntax for global 'lvs_sync_daemon %s inst %s'",
		  n->argv[0], spelt, n->argv[1], inst(obj)->name);
	s->ifname = conf_strdup(ctx->conf, n->argv[1]);
	s->vrrp_instance = conf_strdup(ctx->conf, inst(obj)->name);
	s->loc = conf_loc_of(ctx, n);
}

static const char *const newer = "from keepalived newer than 2.2.7";
static const char *const no_bfd = "BFD is not implemented";
static const char *const no_proc = "process tracking is not implemented";

#define TRACK(n, f, lo, hi)                                                                        \
	{                                                                                          \
		.name = (n), .type = CONF_KW_FN, V(f), .min = (lo), .max = (hi),                   \
		.fn = conf_kw_tracklist, .dump = conf_dumpfn_tracklist, .flags = CONF_KWF_BLOCK    \
	}
#define LIST_FN(n, f, p, d)                                                                        \
	{                                                                                          \
		.name = (n), .type = CONF_KW_FN, V(f), .fn = (p), .dump = (d),                     \
		.flags = CONF_KWF_BLOCK                                                            \
	}
#define U(f) CONF_UNSET_UINT

static const struct conf_kw vrrp_kws[] = {
	KW_FN("state", kw_state, dump_state, 0),
	KW_IFNAME("interface", struct conf_vrrp, ifname),
	KW_IFNAME("vrf", struct conf_vrrp, vrf),
	KW_UINT("virtual_router_id", struct conf_vrrp, vrid, 1, 255),
	KW_UINT("priority", struct conf_vrrp, priority, 1, 255),
	KW_TIMER("advert_int", struct conf_vrrp, advert_int_us, 1, 4294000000LL),
	KW_UINT("version", struct conf_vrrp, version, 2, 3),
	KW_FN("native_ipv6", kw_native_ipv6, dump_native_ipv6, 0),
	KW_FN("authentication", kw_authentication, dump_authentication, CONF_KWF_BLOCK),
	KW_FLAG("nopreempt", struct conf_vrrp, nopreempt),
	KW_FN("preempt", kw_preempt, NULL, 0),
	KW_TIMER("preempt_delay", struct conf_vrrp, preempt_delay_us, 0, 1000000000LL),
	KW_FN("accept", kw_accept, dump_accept, 0),
	{.name = "no_accept", .type = CONF_KW_FN, .fn = kw_accept, .flags = CONF_KWF_NODUMP},
	KW_TRI("strict_mode", struct conf_vrrp, strict_mode),
	KW_TRI("skip_check_adv_addr", struct conf_vrrp, skip_check_adv_addr),
	KW_FN("mcast_src_ip", kw_src_ip, dump_src_ip, 0),
	{.name = "unicast_src_ip", .type = CONF_KW_FN, .fn = kw_src_ip, .flags = CONF_KWF_NODUMP},
	KW_ADDR("mcast_dst_ip", struct conf_vrrp, mcast_dst_ip),
	KW_FLAG("track_src_ip", struct conf_vrrp, track_src_ip),
	KW_FN("unicast_peer", kw_unicast_peer, dump_unicast_peer, CONF_KWF_BLOCK),
	KW_FLAG("unicast_fault_no_peer", struct conf_vrrp, unicast_fault_no_peer),
	KW_FLAG("check_unicast_src", struct conf_vrrp, check_unicast_src),
	KW_INT("unicast_ttl", struct conf_vrrp, unicast_ttl, 0, 255),
	KW_FN("old_unicast_checksum", kw_old_checksum, dump_old_checksum, 0),
	LIST_FN("virtual_ipaddress", vips, conf_kw_iplist, conf_dumpfn_iplist),
	LIST_FN("virtual_ipaddress_excluded", evips, conf_kw_iplist, conf_dumpfn_iplist),
	LIST_FN("virtual_routes", vroutes, conf_kw_routes, conf_dumpfn_routes),
	LIST_FN("virtual_rules", vrules, conf_kw_rules, conf_dumpfn_rules),
	KW_FLAG("promote_secondaries", struct conf_vrrp, promote_secondaries),
	KW_FN("use_vmac", kw_use_vmac, dump_use_vmac, 0),
	KW_FLAG("use_vmac_addr", struct conf_vrrp, use_vmac_addr),
	KW_FLAG("vmac_xmit_base", struct conf_vrrp, vmac_xmit_base),
	KW_FN("use_ipvlan", kw_use_ipvlan, dump_use_ipvlan, 0),
	KW_FLAG("dont_track_primary", struct conf_vrrp, dont_track_primary),
	TRACK("track_interface", track_if, -253, 253),
	TRACK("track_script", track_script, -253, 253),
	TRACK("track_file", track_file, -254, 254),
	KW_UNSUP("track_process", no_proc),
	KW_UNSUP("track_bfd", no_bfd),
	KW_FLAG("linkbeat_use_polling", struct conf_vrrp, linkbeat_use_polling),
	KW_UINT("down_timer_adverts", struct conf_vrrp, down_timer_adverts, 1, 100),
	KW_TRI("lower_prio_no_advert", struct conf_vrrp, lower_prio_no_advert),
	KW_TRI("higher_prio_send_advert", struct conf_vrrp, higher_prio_send_advert),
	KW_UINT("garp_master_delay", struct conf_vrrp, garp_master_delay, 0, 86400),
	KW_UINT("garp_master_repeat", struct conf_vrrp, garp_master_repeat, 0, 255),
	KW_UINT("garp_master_refresh", struct conf_vrrp, garp_master_refresh, 0, 86400),
	KW_UINT("garp_master_refresh_repeat", struct conf_vrrp, garp_master_refresh_repeat, 0, 255),
	KW_UINT("garp_lower_prio_delay", struct conf_vrrp, garp_lower_prio_delay, 0, 86400),
	KW_UINT("garp_lower_prio_repeat", struct conf_vrrp, garp_lower_prio_repeat, 0, 255),
	KW_FN("garp_extra_if", kw_garp_extra, dump_garp_extra, 0),
	KW_ALIAS("vmac_garp_intvl", "garp_extra_if", "is the old name of 'garp_extra_if'"),
	KW_SCRIPT("notify_master", struct conf_vrrp, notify.master),
	KW_SCRIPT("notify_backup", struct conf_vrrp, notify.backup),
	KW_SCRIPT("notify_fault", struct conf_vrrp, notify.fault),
	KW_SCRIPT("notify_stop", struct conf_vrrp, notify.stop),
	KW_SCRIPT("notify", struct conf_vrrp, notify.any),
	{.name = "notify_deleted",
	 .type = CONF_KW_FN,
	 V(notify),
	 .fn = conf_kw_notify_deleted,
	 .dump = conf_dump_notify_deleted},
	KW_SCRIPT("notify_master_rx_lower_pri", struct conf_vrrp, notify.master_rx_lower_pri),
	KW_TRI("notify_priority_changes", struct conf_vrrp, notify_priority_changes),
	KW_TRI("smtp_alert", struct conf_vrrp, smtp_alert),
	KW_UINT("kernel_rx_buf_size", struct conf_vrrp, kernel_rx_buf_size, 0, 0x7fffffff),
	KW_UINT("debug", struct conf_vrrp, debug, 0, 4),
	KW_FN("lvs_sync_daemon_interface", kw_lvs_syncd_if, NULL, 0),
	KW_FN("lvs_sync_daemon_inteface", kw_lvs_syncd_if, NULL, 0),
	KW_UNSUP("no_virtual_ipaddress", newer),
	KW_UNSUP("owner_ignore_adverts", newer),
	KW_UNSUP("timer_expired_backup", newer),
	KW_UNSUP("thread_timer_expired", newer),
	KW_UNSUP("auth_hmac", newer),
	KW_UNSUP("v3_checksum_as_v2", newer),
	KW_END,
};

const struct conf_block conf_vrrp_block = {"vrrp_instance", vrrp_kws,
					   offsetof(struct conf_vrrp, unsupported), NULL};

static struct conf_vrrp *
new_instance(struct conf_parse_ctx *ctx, const struct conf_node *n)
{
	struct conf_vrrp *v = conf_alloc(ctx->conf, sizeof(*v));

	v->name = conf_strdup(ctx->conf, n->argv[1]);
	v->loc = conf_loc_of(ctx, n);
	v->advert_int_us = CONF_UNSET_U64;
	v->preempt_delay_us = CONF_UNSET_U64;
	v->unicast_ttl = CONF_UNSET_INT;
	v->accept = v->strict_mode = v->skip_check_adv_addr = CONF_UNSET_TRI;
	v->lower_prio_no_advert = v->higher_prio_send_advert = CONF_UNSET_TRI;
	v->smtp_alert = v->notify_priority_changes = CONF_UNSET_TRI;
	v->garp_master_delay = v->garp_master_repeat = v->garp_master_refresh = U(0);
	v->garp_master_refresh_repeat = v->garp_lower_prio_delay = U(0);
	v->garp_lower_prio_repeat = v->down_timer_adverts = U(0);
	v->kernel_rx_buf_size = v->debug = U(0);
	return v;
}

void
conf_parse_vrrp(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		const struct conf_kw *kw)
{
	struct conf *conf = obj;
	struct conf_vrrp *v;
	size_t i;

	(void)kw;
	if (conf_want_args(ctx, n, 1, 1))
		return;
	for (i = 0; i < conf->nvrrp; i++) {
		if (!strcmp(conf->vrrp[i]->name, n->argv[1])) {
			conf_err(ctx, n, "vrrp_instance '%s' is defined twice; this one is ignored",
				 n->argv[1]);
			return;
		}
	}
	v = new_instance(ctx, n);
	conf_kw_walk(ctx, n, &conf_vrrp_block, v);
	*CONF_PUSH(conf, conf->vrrp, conf->nvrrp) = v;
}

void
conf_dump_instances(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf *conf = obj;
	size_t i;

	(void)kw;
	for (i = 0; i < conf->nvrrp; i++) {
		conf_dump_open_named(d, "vrrp_instance", conf->vrrp[i]->name);
		conf_kw_dump(d, &conf_vrrp_block, conf->vrrp[i]);
		conf_dump_close(d);
	}
}
