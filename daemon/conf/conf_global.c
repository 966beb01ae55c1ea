/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_global: global_defs: keepalived's defaults and the keyword table for
 * identity, mail (with vigil's STARTTLS/AUTH extensions), the metrics
 * listener, VRRP defaults and IPVS settings, with the handlers for
 * the keywords whose syntax is more than one value. Process, script, file
 * and unsupported keywords are in conf_global_proc.c (a chained table).
 * Only fills struct conf_global; never touches the system.
 */
#include "config.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "conf/conf_model_priv.h"

#define G(f)  CONF_FIELD(struct conf_global, f)
#define DAY_S 86400LL

void
conf_global_init(struct conf_global *g)
{
	g->smtp_port = 25;
	g->smtp_connect_timeout_us = 30000000u;
	g->smtp_alert = g->smtp_alert_vrrp = g->smtp_alert_checker = CONF_UNSET_TRI;
	g->smtp_tls_verify = CONF_UNSET_TRI;
	g->metrics_port = CONF_METRICS_PORT;
	g->max_auto_priority = 0;
	g->min_auto_priority_delay_us = 1000000u;
	g->vrrp_sched.rlimit_rttime_us = g->checker_sched.rlimit_rttime_us = 10000u;
	g->startup_script_timeout = g->shutdown_script_timeout = 10;
	g->umask = -1;
	g->mcast_group4.family = AF_INET;
	inet_pton(AF_INET, "224.0.0.18", &g->mcast_group4.u.in4);
	g->mcast_group6.family = AF_INET6;
	inet_pton(AF_INET6, "ff02::12", &g->mcast_group6.u.in6);
	g->vrrp_version = 2;
	g->garp_master_delay = 5;
	g->garp_master_repeat = 5;
	g->garp_master_refresh_repeat = 1;
	g->garp_lower_prio_delay = g->garp_lower_prio_repeat = CONF_UNSET_UINT;
	g->garp_interval_us = g->gna_interval_us = CONF_UNSET_U64;
	g->down_timer_adverts = 3;
	g->rx_bufs_multiplier = 3;
	g->vrrp_startup_delay_us = CONF_UNSET_U64;
	g->lvs_sync_daemon.syncid = CONF_UNSET_UINT;
	g->lvs_sync_daemon.port = 8848;
	g->lvs_sync_daemon.group.family = AF_INET;
	inet_pton(AF_INET, "224.0.0.81", &g->lvs_sync_daemon.group.u.in4);
	g->random_seed = CONF_UNSET_UINT;
}

static struct conf_global *
glob(void *obj)
{
	return obj;
}

static void
kw_smtp_server(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	       const struct conf_kw *kw)
{
	struct conf_global *g = glob(obj);
	long long port = 25;

	(void)kw;
	if (conf_want_args(ctx, n, 1, 2))
		return;
	if (n->argc > 2 && conf_get_ll(ctx, n, "smtp_server port", n->argv[2], 1, 65535, &port))
		return;
	g->smtp_server = conf_strdup(ctx->conf, n->argv[1]);
	g->smtp_port = (unsigned)port;
}

static void
dump_smtp_server(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_global *g = obj;

	(void)kw;
	if (!g->smtp_server)
		return;
	conf_dump_start(d, "smtp_server");
	conf_dump_word(d, g->smtp_server);
	conf_dump_text(d, "%u", g->smtp_port);
	conf_dump_end(d);
}

/* smtp_starttls [required|optional|off] (vigil extension); no argument: required. */
static void
kw_smtp_starttls(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		 const struct conf_kw *kw)
{
	struct conf_global *g = glob(obj);

	(void)kw;
	if (n->argc > 2)
		conf_want_args(ctx, n, 0, 1);
	if (n->argc == 1 || !strcasecmp(n->argv[1], "required"))
		g->smtp_starttls = CONF_SMTP_TLS_REQUIRED;
	else if (!strcasecmp(n->argv[1], "optional"))
		g->smtp_starttls = CONF_SMTP_TLS_OPTIONAL;
	else if (!strcasecmp(n->argv[1], "off"))
		g->smtp_starttls = CONF_SMTP_TLS_OFF;
	else
		conf_err(ctx, n,
			 "smtp_starttls: unknown mode '%s' (required|optional|off); ignored",
			 n->argv[1]);
}

static void
dump_smtp_starttls(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_global *g = obj;

	(void)kw;
	if (g->smtp_starttls != CONF_SMTP_TLS_OFF)
		conf_dump_line(d, "smtp_starttls %s",
			       g->smtp_starttls == CONF_SMTP_TLS_REQUIRED ? "required"
									  : "optional");
}

/* smtp_password SECRET: never printed back, not even by the dump. */
static void
kw_smtp_password(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		 const struct conf_kw *kw)
{
	(void)kw;
	if (conf_want_args(ctx, n, 1, 1))
		return;
	glob(obj)->smtp_password = conf_strdup(ctx->conf, n->argv[1]);
}

static void
dump_smtp_password(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	(void)kw;
	if (((const struct conf_global *)obj)->smtp_password)
		conf_dump_line(d, "smtp_password <hidden>");
}

/* metrics_listen ADDRESS [PORT] (vigil extension). */
static void
kw_metrics_listen(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		  const struct conf_kw *kw)
{
	struct conf_global *g = glob(obj);
	struct conf_addr a;
	long long port = CONF_METRICS_PORT;

	(void)kw;
	if (conf_want_args(ctx, n, 1, 2) ||
	    conf_get_addr(ctx, n, "metrics_listen address", n->argv[1], &a))
		return;
	if (n->argc > 2 && conf_get_ll(ctx, n, "metrics_listen port", n->argv[2], 1, 65535, &port))
		return;
	g->metrics_addr = a;
	g->metrics_port = (unsigned)port;
}

static void
dump_metrics_listen(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_global *g = obj;
	char buf[64];

	(void)kw;
	if (g->metrics_addr.family != AF_UNSPEC)
		conf_dump_line(d, "metrics_listen %s %u",
			       conf_fmt_addr(buf, sizeof(buf), &g->metrics_addr), g->metrics_port);
}

static int
syncd_option(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_lvs_syncd *s,
	     size_t *i)
{
	const char *opt = n->argv[*i], *val = n->argv[*i + 1];
	long long v;

	if (!strcmp(opt, "group"))
		return conf_get_addr(ctx, n, "lvs_sync_daemon group", val, &s->group);
	if (!strcmp(opt, "id") && !conf_get_ll(ctx, n, "lvs_sync_daemon id", val, 0, 255, &v))
		s->syncid = (unsigned)v;
	else if (!strcmp(opt, "maxlen") &&
		 !conf_get_ll(ctx, n, "lvs_sync_daemon maxlen", val, 1, 65507, &v))
		s->maxlen = (unsigned)v;
	else if (!strcmp(opt, "port") &&
		 !conf_get_ll(ctx, n, "lvs_sync_daemon port", val, 1, 65535, &v))
		s->port = (unsigned)v;
	else if (!strcmp(opt, "ttl") &&
		 !conf_get_ll(ctx, n, "lvs_sync_daemon ttl", val, 1, 255, &v))
		s->ttl = (unsigned)v;
	return 0;
}

static void
kw_lvs_sync_daemon(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		   const struct conf_kw *kw)
{
	struct conf_lvs_syncd *s = &glob(obj)->lvs_sync_daemon;
	static const char *const opts[] = {"id", "maxlen", "port", "ttl", "group", NULL};
	size_t i, j;

	(void)kw;
	if (conf_want_args(ctx, n, 1, 20) || !conf_ifname_ok(ctx, n, n->argv[1]))
		return;
	s->ifname = conf_strdup(ctx->conf, n->argv[1]);
	s->loc = conf_loc_of(ctx, n);
	for (i = 2; i < n->argc; i++) {
		for (j = 0; opts[j] && strcmp(opts[j], n->argv[i]); j++)
			;
		if (opts[j] && i + 1 < n->argc) {
			syncd_option(ctx, n, s, &i);
			i++;
		} else if (!strcmp(n->argv[i], "inst") && i + 1 < n->argc) {
			s->vrrp_instance = conf_strdup(ctx->conf, n->argv[++i]);
		} else if (i == 2 && !opts[j]) {
			s->vrrp_instance = conf_strdup(ctx->conf, n->argv[i]);
		} else {
			conf_err(ctx, n, "lvs_sync_daemon: unexpected '%s'; ignored", n->argv[i]);
		}
	}
}

static void
dump_lvs_sync_daemon(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_lvs_syncd *s = &((const struct conf_global *)obj)->lvs_sync_daemon;
	char buf[64];

	(void)kw;
	if (!s->ifname)
		return;
	conf_dump_start(d, "lvs_sync_daemon");
	conf_dump_word(d, s->ifname);
	if (s->vrrp_instance) {
		conf_dump_text(d, "inst");
		conf_dump_word(d, s->vrrp_instance);
	}
	if (s->syncid != CONF_UNSET_UINT)
		conf_dump_text(d, "id %u", s->syncid);
	if (s->maxlen)
		conf_dump_text(d, "maxlen %u", s->maxlen);
	conf_dump_text(d, "port %u", s->port);
	if (s->ttl)
		conf_dump_text(d, "ttl %u", s->ttl);
	conf_dump_text(d, "group %s", conf_fmt_addr(buf, sizeof(buf), &s->group));
	conf_dump_end(d);
}

static void
kw_lvs_timeouts(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		const struct conf_kw *kw)
{
	struct conf_lvs_timeouts *t = &glob(obj)->lvs_timeouts;
	size_t i;
	long long v;

	(void)kw;
	if (conf_want_args(ctx, n, 2, 6))
		return;
	for (i = 1; i + 1 < n->argc; i += 2) {
		unsigned *f = !strcmp(n->argv[i], "tcp")      ? &t->tcp
			      : !strcmp(n->argv[i], "tcpfin") ? &t->tcpfin
			      : !strcmp(n->argv[i], "udp")    ? &t->udp
							      : NULL;

		if (!f)
			conf_err(ctx, n, "lvs_timeouts: unknown timeout '%s' (tcp|tcpfin|udp)",
				 n->argv[i]);
		else if (!conf_get_ll(ctx, n, n->argv[i], n->argv[i + 1], 1, INT_MAX / 1000, &v))
			*f = (unsigned)v;
	}
	if (i < n->argc)
		conf_err(ctx, n, "lvs_timeouts: '%s' has no value", n->argv[i]);
}

static void
dump_lvs_timeouts(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_lvs_timeouts *t = &((const struct conf_global *)obj)->lvs_timeouts;

	(void)kw;
	if (!t->tcp && !t->tcpfin && !t->udp)
		return;
	conf_dump_start(d, "lvs_timeouts");
	if (t->tcp)
		conf_dump_text(d, "tcp %u", t->tcp);
	if (t->tcpfin)
		conf_dump_text(d, "tcpfin %u", t->tcpfin);
	if (t->udp)
		conf_dump_text(d, "udp %u", t->udp);
	conf_dump_end(d);
}

static void
kw_flush_on_stop(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		 const struct conf_kw *kw)
{
	struct conf_global *g = glob(obj);

	(void)kw;
	if (n->argc > 2)
		conf_want_args(ctx, n, 0, 1);
	if (n->argc == 1)
		g->lvs_flush_on_stop = CONF_LVS_FLUSH_STOP_ALL;
	else if (!strcasecmp(n->argv[1], "VS"))
		g->lvs_flush_on_stop = CONF_LVS_FLUSH_STOP_VS;
	else
		conf_err(ctx, n, "lvs_flush_on_stop: unknown option '%s' (VS); ignored",
			 n->argv[1]);
}

static void
dump_flush_on_stop(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_global *g = obj;

	(void)kw;
	if (g->lvs_flush_on_stop == CONF_LVS_FLUSH_STOP_ALL)
		conf_dump_line(d, "lvs_flush_on_stop");
	else if (g->lvs_flush_on_stop == CONF_LVS_FLUSH_STOP_VS)
		conf_dump_line(d, "lvs_flush_on_stop VS");
}

static void
kw_dynamic_interfaces(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		      const struct conf_kw *kw)
{
	struct conf_global *g = glob(obj);

	(void)kw;
	if (n->argc > 1 && strcmp(n->argv[1], "allow_if_changes")) {
		conf_err(ctx, n, "dynamic_interfaces: unknown option '%s' (allow_if_changes)",
			 n->argv[1]);
		return;
	}
	g->dynamic_interfaces = true;
	g->allow_if_changes = n->argc > 1;
}

static void
dump_dynamic_interfaces(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_global *g = obj;

	(void)kw;
	if (g->dynamic_interfaces)
		conf_dump_line(d, "dynamic_interfaces%s",
			       g->allow_if_changes ? " allow_if_changes" : "");
}

static void
kw_rx_bufs_policy(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		  const struct conf_kw *kw)
{
	struct conf_global *g = glob(obj);
	long long v;

	(void)kw;
	if (conf_want_args(ctx, n, 1, 1))
		return;
	if (!strcasecmp(n->argv[1], "MTU")) {
		g->rx_bufs_policy = CONF_RX_BUFS_MTU;
	} else if (!strcasecmp(n->argv[1], "ADVERT")) {
		g->rx_bufs_policy = CONF_RX_BUFS_ADVERT;
	} else if (!conf_get_ll(ctx, n, "vrrp_rx_bufs_policy (MTU|ADVERT|bytes)", n->argv[1], 1,
				INT_MAX, &v)) {
		g->rx_bufs_policy = CONF_RX_BUFS_SIZE;
		g->rx_bufs_size = (unsigned)v;
	}
}

static void
dump_rx_bufs_policy(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_global *g = obj;

	(void)kw;
	if (g->rx_bufs_policy == CONF_RX_BUFS_MTU)
		conf_dump_line(d, "vrrp_rx_bufs_policy MTU");
	else if (g->rx_bufs_policy == CONF_RX_BUFS_ADVERT)
		conf_dump_line(d, "vrrp_rx_bufs_policy ADVERT");
	else if (g->rx_bufs_policy == CONF_RX_BUFS_SIZE)
		conf_dump_line(d, "vrrp_rx_bufs_policy %u", g->rx_bufs_size);
}

/* vrrp_garp_interval / vrrp_gna_interval: 0 was common in old samples and means "none". */
static void
kw_garp_interval(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		 const struct conf_kw *kw)
{
	uint64_t *f = (uint64_t *)((char *)obj + kw->off);
	uint64_t v;

	if (conf_want_args(ctx, n, 1, 1))
		return;
	if (!strcmp(n->argv[1], "0") || !strcmp(n->argv[1], "0.0")) {
		conf_note(ctx, n, "'%s 0' means no delay, the default (keepalived 2.2.7 rejects 0)",
			  kw->name);
		*f = CONF_UNSET_U64;
		return;
	}
	if (!conf_get_timer(ctx, n, kw->name, n->argv[1], 1, 86400000000ull, &v))
		*f = v;
}

/* [vrrp_]garp_extra_if [all] SECS, shared with vrrp_instance. */
void
conf_kw_garp_extra_if(struct conf_parse_ctx *ctx, const struct conf_node *n, unsigned *secs,
		      bool *all)
{
	size_t i = 1;
	long long v;

	if (conf_want_args(ctx, n, 1, 2))
		return;
	if (!strcmp(n->argv[1], "all")) {
		i = 2;
		if (n->argc < 3) {
			conf_err(ctx, n, "'%s all' needs a number of seconds; ignored", n->argv[0]);
			return;
		}
	}
	if (!conf_get_ll(ctx, n, n->argv[0], n->argv[i], 0, DAY_S, &v)) {
		*secs = (unsigned)v;
		*all = i == 2;
	}
}

static void
kw_garp_extra(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	      const struct conf_kw *kw)
{
	(void)kw;
	conf_kw_garp_extra_if(ctx, n, &glob(obj)->garp_extra_if, &glob(obj)->garp_extra_if_all);
}

static void
dump_garp_extra(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_global *g = obj;

	(void)kw;
	if (g->garp_extra_if)
		conf_dump_line(d, "vrrp_garp_extra_if %s%u", g->garp_extra_if_all ? "all " : "",
			       g->garp_extra_if);
}

static void
kw_mcast_group(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	       const struct conf_kw *kw)
{
	struct conf_addr a, *f = (struct conf_addr *)((char *)obj + kw->off);
	bool v6 = !strcmp(kw->name, "vrrp_mcast_group6");

	if (conf_want_args(ctx, n, 1, 1) || conf_get_addr(ctx, n, kw->name, n->argv[1], &a))
		return;
	if (a.family != (v6 ? AF_INET6 : AF_INET) ||
	    (v6 ? a.u.in6.s6_addr[0] != 0xff : (ntohl(a.u.in4.s_addr) >> 28) != 0xe)) {
		conf_err(ctx, n, "%s: '%s' is not an IPv%c multicast address; ignored", kw->name,
			 n->argv[1], v6 ? '6' : '4');
		return;
	}
	*f = a;
}

#define GC struct conf_global

static const struct conf_kw global_kws[] = {
	KW_STR("router_id", GC, router_id),
	KW_ALIAS("lvs_id", "router_id", "is the old name of 'router_id'"),
	KW_LIST("notification_email", GC, emails),
	KW_STR("notification_email_from", GC, email_from),
	KW_FN("smtp_server", kw_smtp_server, dump_smtp_server, 0),
	KW_STR("smtp_helo_name", GC, smtp_helo_name),
	KW_TIMER("smtp_connect_timeout", GC, smtp_connect_timeout_us, 1, 3600000000LL),
	KW_TRI("smtp_alert", GC, smtp_alert),
	KW_TRI("smtp_alert_vrrp", GC, smtp_alert_vrrp),
	KW_TRI("smtp_alert_checker", GC, smtp_alert_checker),
	KW_FN("smtp_starttls", kw_smtp_starttls, dump_smtp_starttls, 0),
	KW_TRI("smtp_tls_verify", GC, smtp_tls_verify),
	KW_STR("smtp_tls_ca", GC, smtp_tls_ca),
	KW_STR("smtp_username", GC, smtp_username),
	KW_FN("smtp_password", kw_smtp_password, dump_smtp_password, 0),
	KW_FN("metrics_listen", kw_metrics_listen, dump_metrics_listen, 0),
	KW_FLAG("checker_log_all_failures", GC, checker_log_all_failures),
	KW_FLAG("no_email_faults", GC, no_email_faults),
	KW_FLAG("no_checker_emails", GC, no_checker_emails),
	KW_FLAG("rs_init_notifies", GC, rs_init_notifies),
	KW_FNOFF("vrrp_mcast_group4", GC, mcast_group4, kw_mcast_group, conf_dumpfn_addr, 0),
	KW_FNOFF("vrrp_mcast_group6", GC, mcast_group6, kw_mcast_group, conf_dumpfn_addr, 0),
	KW_IFNAME("default_interface", GC, default_interface),
	KW_UINT("vrrp_version", GC, vrrp_version, 2, 3),
	KW_FLAG("vrrp_strict", GC, vrrp_strict),
	KW_FLAG("vrrp_skip_check_adv_addr", GC, vrrp_skip_check_adv_addr),
	KW_FLAG("vrrp_check_unicast_src", GC, vrrp_check_unicast_src),
	KW_UINT("vrrp_garp_master_delay", GC, garp_master_delay, 0, DAY_S),
	KW_UINT("vrrp_garp_master_repeat", GC, garp_master_repeat, 0, 255),
	KW_UINT("vrrp_garp_master_refresh", GC, garp_master_refresh, 0, DAY_S),
	KW_UINT("vrrp_garp_master_refresh_repeat", GC, garp_master_refresh_repeat, 0, 255),
	KW_UINT("vrrp_garp_lower_prio_delay", GC, garp_lower_prio_delay, 0, DAY_S),
	KW_UINT("vrrp_garp_lower_prio_repeat", GC, garp_lower_prio_repeat, 0, 255),
	KW_FNOFF("vrrp_garp_interval", GC, garp_interval_us, kw_garp_interval, conf_dumpfn_timer,
		 0),
	KW_FNOFF("vrrp_gna_interval", GC, gna_interval_us, kw_garp_interval, conf_dumpfn_timer, 0),
	KW_FLAG("vrrp_min_garp", GC, vrrp_min_garp),
	KW_FN("vrrp_garp_extra_if", kw_garp_extra, dump_garp_extra, 0),
	KW_ALIAS("vrrp_vmac_garp_intvl", "vrrp_garp_extra_if",
		 "is the old name of 'vrrp_garp_extra_if'"),
	KW_UINT("vrrp_down_timer_adverts", GC, down_timer_adverts, 1, 100),
	KW_FLAG("vrrp_lower_prio_no_advert", GC, lower_prio_no_advert),
	KW_FLAG("vrrp_higher_prio_send_advert", GC, higher_prio_send_advert),
	KW_FLAG("vrrp_notify_priority_changes", GC, vrrp_notify_priority_changes),
	KW_FLAG("log_unknown_vrids", GC, log_unknown_vrids),
	KW_TIMER("vrrp_startup_delay", GC, vrrp_startup_delay_us, 0, 3600000000LL),
	KW_STR("vmac_prefix", GC, vmac_prefix),
	KW_STR("vmac_addr_prefix", GC, vmac_addr_prefix),
	KW_FN("dynamic_interfaces", kw_dynamic_interfaces, dump_dynamic_interfaces, 0),
	KW_FN("vrrp_rx_bufs_policy", kw_rx_bufs_policy, dump_rx_bufs_policy, 0),
	KW_UINT("vrrp_rx_bufs_multiplier", GC, rx_bufs_multiplier, 1, 1000),
	KW_FN("lvs_sync_daemon", kw_lvs_sync_daemon, dump_lvs_sync_daemon, 0),
	KW_FN("lvs_timeouts", kw_lvs_timeouts, dump_lvs_timeouts, 0),
	KW_FLAG("lvs_flush", GC, lvs_flush),
	KW_FN("lvs_flush_on_stop", kw_flush_on_stop, dump_flush_on_stop, 0),
	KW_ALIAS("lvs_flush_onstop", "lvs_flush_on_stop", "is the old name of 'lvs_flush_on_stop'"),
	KW_END,
};

const struct conf_block conf_global_block = {"global_defs", global_kws,
					     offsetof(struct conf_global, unsupported),
					     &conf_global_proc_block};

void
conf_parse_global(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		  const struct conf_kw *kw)
{
	struct conf *conf = obj;

	(void)kw;
	if (n->argc > 1)
		conf_want_args(ctx, n, 0, 0);
	conf->global.loc = conf_loc_of(ctx, n);
	conf_kw_walk(ctx, n, &conf_global_block, &conf->global);
}

void
conf_dump_global(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf *conf = obj;

	(void)kw;
	conf_dump_open(d, "global_defs");
	conf_kw_dump(d, &conf_global_block, &conf->global);
	conf_dump_close(d);
}
