/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_lvs: virtual_server_group, virtual_server (IP+port, fwmark, group)
 * and real_server blocks: keyword tables, the handlers for scheduler flags,
 * forwarding methods, persistence and sorry servers, and their dumps. The
 * checker blocks inside a real_server are in conf_checker.c; defaults and
 * inheritance are applied by conf_validate_lvs().
 */
#include "config.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf/conf_model_priv.h"

#define VS(f) CONF_FIELD(struct conf_vs, f)
#define RS(f) CONF_FIELD(struct conf_rs, f)

static const char *const schedulers[] = {"rr", "wrr", "lc",    "wlc", "lblc", "sh",   "mh", "dh",
					 "fo", "ovf", "lblcr", "sed", "nq",   "twos", NULL};

static void
kw_sched(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj, const struct conf_kw *kw)
{
	size_t i;

	(void)kw;
	if (conf_want_args(ctx, n, 1, 1))
		return;
	for (i = 0; schedulers[i] && strcmp(schedulers[i], n->argv[1]); i++)
		;
	if (!schedulers[i]) {
		conf_err(ctx, n,
			 "lvs_sched '%s' is not a known IPVS scheduler "
			 "(rr|wrr|lc|wlc|lblc|sh|mh|dh|fo|ovf|lblcr|sed|nq|twos); ignored",
			 n->argv[1]);
		return;
	}
	((struct conf_vs *)obj)->sched = conf_strdup(ctx->conf, n->argv[1]);
}

static unsigned
flag_bit(const char *name)
{
	if (!strcmp(name, "flag-1") || !strcmp(name, "sh-fallback") || !strcmp(name, "mh-fallback"))
		return CONF_VS_FLAG_1;
	if (!strcmp(name, "flag-2") || !strcmp(name, "sh-port") || !strcmp(name, "mh-port"))
		return CONF_VS_FLAG_2;
	if (!strcmp(name, "flag-3"))
		return CONF_VS_FLAG_3;
	if (!strcmp(name, "ops"))
		return CONF_VS_FLAG_OPS;
	return CONF_VS_FLAG_HASHED;
}

static void
kw_flag(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj, const struct conf_kw *kw)
{
	conf_want_args(ctx, n, 0, 0);
	((struct conf_vs *)obj)->flags |= flag_bit(kw->name);
}

static void
dump_flags(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_vs *vs = obj;
	const char *pfx = vs->sched && (!strcmp(vs->sched, "sh") || !strcmp(vs->sched, "mh"))
				  ? vs->sched
				  : NULL;

	(void)kw;
	if ((vs->flags & CONF_VS_FLAG_1) && pfx)
		conf_dump_line(d, "%s-fallback", pfx);
	else if (vs->flags & CONF_VS_FLAG_1)
		conf_dump_line(d, "flag-1");
	if ((vs->flags & CONF_VS_FLAG_2) && pfx)
		conf_dump_line(d, "%s-port", pfx);
	else if (vs->flags & CONF_VS_FLAG_2)
		conf_dump_line(d, "flag-2");
	if (vs->flags & CONF_VS_FLAG_3)
		conf_dump_line(d, "flag-3");
	if (vs->flags & CONF_VS_FLAG_OPS)
		conf_dump_line(d, "ops");
	if (vs->flags & CONF_VS_FLAG_HASHED)
		conf_dump_line(d, "hashed");
}

/* NAT | DR | TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum] */
static int
parse_fwd(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_fwd *f)
{
	struct conf_fwd r = {CONF_FWD_UNSET, CONF_TUN_IPIP, 0, CONF_TUN_CSUM_DEFAULT};
	static const char *const csums[] = {"", "nocsum", "csum", "remcsum", NULL};
	size_t i, c;

	if (conf_want_args(ctx, n, 1, 6))
		return -1;
	r.method = !strcasecmp(n->argv[1], "NAT")   ? CONF_FWD_NAT
		   : !strcasecmp(n->argv[1], "DR")  ? CONF_FWD_DR
		   : !strcasecmp(n->argv[1], "TUN") ? CONF_FWD_TUN
						    : CONF_FWD_UNSET;
	if (r.method == CONF_FWD_UNSET) {
		conf_err(ctx, n, "'%s' value '%s' is not NAT, DR or TUN; ignored", n->argv[0],
			 n->argv[1]);
		return -1;
	}
	for (i = 2; i < n->argc && r.method == CONF_FWD_TUN; i++) {
		const char *w = n->argv[i];

		for (c = 1; csums[c] && strcmp(csums[c], w); c++)
			;
		if (csums[c]) {
			r.tun_csum = (enum conf_tun_csum)c;
		} else if (!strcmp(w, "type") && i + 1 < n->argc) {
			w = n->argv[++i];
			if (!strcmp(w, "gue") || !strcmp(w, "gre") || !strcmp(w, "ipip"))
				r.tun_type = w[1] == 'u'   ? CONF_TUN_GUE
					     : w[1] == 'r' ? CONF_TUN_GRE
							   : CONF_TUN_IPIP;
			else
				conf_err(ctx, n, "tunnel type '%s' is not ipip, gue or gre", w);
		} else if (!strcmp(w, "port") && i + 1 < n->argc) {
			conf_get_port(ctx, n, n->argv[++i], &r.tun_port);
		} else {
			conf_err(ctx, n, "'%s': unexpected '%s'; ignored", n->argv[0], w);
		}
	}
	if (i < n->argc)
		conf_warn(ctx, n, "'%s %s' takes no options; '%s' ignored", n->argv[0], n->argv[1],
			  n->argv[i]);
	if (r.tun_type == CONF_TUN_GUE && !r.tun_port) {
		conf_err(ctx, n, "'%s TUN type gue' needs a port; ignored", n->argv[0]);
		return -1;
	}
	*f = r;
	return 0;
}

static void
kw_fwd(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj, const struct conf_kw *kw)
{
	parse_fwd(ctx, n, (struct conf_fwd *)((char *)obj + kw->off));
}

static void
dump_fwd(struct conf_dump *d, const char *name, const struct conf_fwd *f)
{
	static const char *const methods[] = {"", "NAT", "DR", "TUN"};
	static const char *const types[] = {"ipip", "gue", "gre"};
	static const char *const csums[] = {"", "nocsum", "csum", "remcsum"};

	if (f->method == CONF_FWD_UNSET)
		return;
	conf_dump_start(d, name);
	conf_dump_text(d, "%s", methods[f->method]);
	if (f->method == CONF_FWD_TUN) {
		conf_dump_text(d, "type %s", types[f->tun_type]);
		if (f->tun_type == CONF_TUN_GUE)
			conf_dump_text(d, "port %u", f->tun_port);
		if (f->tun_csum != CONF_TUN_CSUM_DEFAULT)
			conf_dump_text(d, "%s", csums[f->tun_csum]);
	}
	conf_dump_end(d);
}

static void
dumpfn_fwd(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	dump_fwd(d, kw->name, (const struct conf_fwd *)((const char *)obj + kw->off));
}

static void
kw_persistence_timeout(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		       const struct conf_kw *kw)
{
	long long v = 360;

	(void)kw;
	conf_want_args(ctx, n, 0, 1);
	if (n->argc == 1 || !conf_get_ll(ctx, n, "persistence_timeout", n->argv[1], 0, INT_MAX, &v))
		((struct conf_vs *)obj)->persistence_timeout = (unsigned)v;
}

static void
kw_granularity(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	       const struct conf_kw *kw)
{
	struct conf_vs *vs = obj;
	struct conf_addr a;
	long long len;

	(void)kw;
	if (conf_want_args(ctx, n, 1, 1))
		return;
	if (!conf_parse_addr(n->argv[1], &a) && a.family == AF_INET) {
		vs->persistence_granularity = a;
		vs->persistence_granularity_len = 0;
	} else if (!conf_get_ll(ctx, n, "persistence_granularity (IPv4 mask or IPv6 prefix length)",
				n->argv[1], 1, 128, &len)) {
		memset(&vs->persistence_granularity, 0, sizeof(vs->persistence_granularity));
		vs->persistence_granularity_len = (unsigned)len;
	}
}

static void
dump_granularity(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_vs *vs = obj;
	char buf[64];

	(void)kw;
	if (vs->persistence_granularity.family)
		conf_dump_line(d, "persistence_granularity %s",
			       conf_fmt_addr(buf, sizeof(buf), &vs->persistence_granularity));
	else if (vs->persistence_granularity_len)
		conf_dump_line(d, "persistence_granularity %u", vs->persistence_granularity_len);
}

static void
kw_ip_family(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	     const struct conf_kw *kw)
{
	(void)kw;
	if (conf_want_args(ctx, n, 1, 1))
		return;
	if (!strcmp(n->argv[1], "inet") || !strcmp(n->argv[1], "inet6"))
		((struct conf_vs *)obj)->ip_family = n->argv[1][4] ? AF_INET6 : AF_INET;
	else
		conf_err(ctx, n, "ip_family '%s' is not inet or inet6; ignored", n->argv[1]);
}

static void
dump_ip_family(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	int f = ((const struct conf_vs *)obj)->ip_family;

	(void)kw;
	if (f != AF_UNSPEC)
		conf_dump_line(d, "ip_family %s", f == AF_INET6 ? "inet6" : "inet");
}

static int
addr_port(struct conf_parse_ctx *ctx, const struct conf_node *n, size_t i, struct conf_addr *a,
	  uint16_t *port)
{
	*port = 0;
	if (conf_get_addr(ctx, n, n->argv[0], n->argv[i], a))
		return -1;
	if (i + 1 < n->argc && conf_get_port(ctx, n, n->argv[i + 1], port))
		return -1;
	return 0;
}

static struct conf_rs *
new_rs(struct conf *conf)
{
	struct conf_rs *rs = conf_alloc(conf, sizeof(*rs));

	rs->weight = CONF_UNSET_INT;
	rs->smtp_alert = rs->alpha = rs->inhibit_on_failure = CONF_UNSET_TRI;
	rs->connect_timeout_us = rs->delay_before_retry_us = CONF_UNSET_U64;
	rs->warmup_us = rs->delay_loop_us = CONF_UNSET_U64;
	rs->retry = CONF_UNSET_UINT;
	return rs;
}

static void
kw_sorry_server(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		const struct conf_kw *kw)
{
	struct conf_vs *vs = obj;
	struct conf_rs *rs;

	(void)kw;
	if (conf_want_args(ctx, n, 1, 2))
		return;
	rs = new_rs(ctx->conf);
	rs->loc = conf_loc_of(ctx, n);
	if (addr_port(ctx, n, 1, &rs->addr, &rs->port))
		return;
	if (vs->sorry_server)
		rs->fwd = vs->sorry_server->fwd;
	vs->sorry_server = rs;
}

static void
kw_sorry_fwd(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	     const struct conf_kw *kw)
{
	struct conf_vs *vs = obj;
	struct conf_fwd f;

	(void)kw;
	if (parse_fwd(ctx, n, &f))
		return;
	if (!vs->sorry_server) {
		vs->sorry_server = new_rs(ctx->conf);
		vs->sorry_server->loc = conf_loc_of(ctx, n);
	}
	vs->sorry_server->fwd = f;
}

static void
dump_sorry_server(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_vs *vs = obj;
	char buf[64];

	(void)kw;
	if (!vs->sorry_server || !vs->sorry_server->addr.family)
		return;
	conf_dump_start(d, "sorry_server");
	conf_dump_text(d, "%s", conf_fmt_addr(buf, sizeof(buf), &vs->sorry_server->addr));
	if (vs->sorry_server->port)
		conf_dump_text(d, "%u", vs->sorry_server->port);
	conf_dump_end(d);
	dump_fwd(d, "sorry_server_lvs_method", &vs->sorry_server->fwd);
}

static void kw_real_server(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
			   const struct conf_kw *kw);
static void dump_real_servers(struct conf_dump *d, const void *obj, const struct conf_kw *kw);

static const char *const proto_names[] = {"", "TCP", "UDP", "SCTP", NULL};

static const struct conf_kw vs_kws[] = {
	{.name = "lvs_sched",
	 .type = CONF_KW_FN,
	 VS(sched),
	 .fn = kw_sched,
	 .dump = conf_dumpfn_str},
	KW_ALIAS("lb_algo", "lvs_sched", "is the old name of 'lvs_sched'"),
	{.name = "lvs_method", .type = CONF_KW_FN, VS(fwd), .fn = kw_fwd, .dump = dumpfn_fwd},
	KW_ALIAS("lb_kind", "lvs_method", "is the old name of 'lvs_method'"),
	KW_ENUM("protocol", struct conf_vs, protocol, proto_names),
	KW_FN("flag-1", kw_flag, dump_flags, 0),
	{.name = "flag-2", .type = CONF_KW_FN, .fn = kw_flag, .flags = CONF_KWF_NODUMP},
	{.name = "flag-3", .type = CONF_KW_FN, .fn = kw_flag, .flags = CONF_KWF_NODUMP},
	{.name = "sh-port", .type = CONF_KW_FN, .fn = kw_flag, .flags = CONF_KWF_NODUMP},
	{.name = "sh-fallback", .type = CONF_KW_FN, .fn = kw_flag, .flags = CONF_KWF_NODUMP},
	{.name = "mh-port", .type = CONF_KW_FN, .fn = kw_flag, .flags = CONF_KWF_NODUMP},
	{.name = "mh-fallback", .type = CONF_KW_FN, .fn = kw_flag, .flags = CONF_KWF_NODUMP},
	{.name = "ops", .type = CONF_KW_FN, .fn = kw_flag, .flags = CONF_KWF_NODUMP},
	{.name = "hashed", .type = CONF_KW_FN, .fn = kw_flag, .flags = CONF_KWF_NODUMP},
	KW_STR("persistence_engine", struct conf_vs, persistence_engine),
	{.name = "persistence_timeout",
	 .type = CONF_KW_FN,
	 VS(persistence_timeout),
	 .fn = kw_persistence_timeout,
	 .dump = conf_dumpfn_uint,
	 .flags = CONF_KWF_NONZERO},
	KW_FN("persistence_granularity", kw_granularity, dump_granularity, 0),
	KW_FN("ip_family", kw_ip_family, dump_ip_family, 0),
	KW_TIMER("delay_loop", struct conf_vs, delay_loop_us, 1000, 86400000000LL),
	KW_TIMER("connect_timeout", struct conf_vs, connect_timeout_us, 1000, 86400000000LL),
	KW_UINT("retry", struct conf_vs, retry, 0, INT_MAX),
	KW_TIMER("delay_before_retry", struct conf_vs, delay_before_retry_us, 0, 86400000000LL),
	KW_TIMER("warmup", struct conf_vs, warmup_us, 0, 86400000000LL),
	KW_FLAG("inhibit_on_failure", struct conf_vs, inhibit_on_failure),
	KW_FLAG("alpha", struct conf_vs, alpha),
	KW_FLAG("omega", struct conf_vs, omega),
	KW_UINT("quorum", struct conf_vs, quorum, 1, INT_MAX),
	KW_UINT("hysteresis", struct conf_vs, hysteresis, 0, INT_MAX),
	KW_SCRIPT("quorum_up", struct conf_vs, quorum_up),
	KW_SCRIPT("quorum_down", struct conf_vs, quorum_down),
	KW_FLAG("ha_suspend", struct conf_vs, ha_suspend),
	KW_TRI("smtp_alert", struct conf_vs, smtp_alert),
	KW_STR("virtualhost", struct conf_vs, virtualhost),
	KW_STR("snmp_name", struct conf_vs, snmp_name),
	KW_INT("weight", struct conf_vs, weight, 0, INT_MAX),
	KW_FN("sorry_server", kw_sorry_server, dump_sorry_server, 0),
	{.name = "sorry_server_lvs_method",
	 .type = CONF_KW_FN,
	 .fn = kw_sorry_fwd,
	 .flags = CONF_KWF_NODUMP},
	KW_FLAG("sorry_server_inhibit", struct conf_vs, sorry_server_inhibit),
	KW_LEGACY("nat_mask", "is from keepalived 1.x and has no effect; ignored"),
	KW_FN("real_server", kw_real_server, dump_real_servers, CONF_KWF_BLOCK),
	KW_END,
};
const struct conf_block conf_vs_block = {"virtual_server", vs_kws,
					 offsetof(struct conf_vs, unsupported), NULL};

static const struct conf_kw rs_kws[] = {
	KW_INT("weight", struct conf_rs, weight, 0, INT_MAX),
	{.name = "lvs_method", .type = CONF_KW_FN, RS(fwd), .fn = kw_fwd, .dump = dumpfn_fwd},
	KW_TRI("inhibit_on_failure", struct conf_rs, inhibit_on_failure),
	KW_TRI("alpha", struct conf_rs, alpha),
	KW_TIMER("delay_loop", struct conf_rs, delay_loop_us, 1000, 86400000000LL),
	KW_TIMER("connect_timeout", struct conf_rs, connect_timeout_us, 1000, 86400000000LL),
	KW_UINT("retry", struct conf_rs, retry, 0, INT_MAX),
	KW_TIMER("delay_before_retry", struct conf_rs, delay_before_retry_us, 0, 86400000000LL),
	KW_TIMER("warmup", struct conf_rs, warmup_us, 0, 86400000000LL),
	{.name = "uthreshold",
	 .type = CONF_KW_UINT,
	 RS(uthreshold),
	 .min = 0,
	 .max = INT_MAX,
	 .flags = CONF_KWF_NONZERO},
	{.name = "lthreshold",
	 .type = CONF_KW_UINT,
	 RS(lthreshold),
	 .min = 0,
	 .max = INT_MAX,
	 .flags = CONF_KWF_NONZERO},
	KW_SCRIPT("notify_up", struct conf_rs, notify_up),
	KW_SCRIPT("notify_down", struct conf_rs, notify_down),
	KW_TRI("smtp_alert", struct conf_rs, smtp_alert),
	KW_STR("virtualhost", struct conf_rs, virtualhost),
	KW_STR("snmp_name", struct conf_rs, snmp_name),
	KW_FN("HTTP_GET", conf_parse_checker, NULL, CONF_KWF_BLOCK),
	KW_FN("SSL_GET", conf_parse_checker, NULL, CONF_KWF_BLOCK),
	KW_FN("TCP_CHECK", conf_parse_checker, NULL, CONF_KWF_BLOCK),
	KW_FN("MISC_CHECK", conf_parse_checker, NULL, CONF_KWF_BLOCK),
	KW_FN("SMTP_CHECK", conf_parse_checker, NULL, CONF_KWF_BLOCK),
	KW_FN("DNS_CHECK", conf_parse_checker, NULL, CONF_KWF_BLOCK),
	KW_FN("UDP_CHECK", conf_parse_checker, NULL, CONF_KWF_BLOCK),
	KW_FN("PING_CHECK", conf_parse_checker, NULL, CONF_KWF_BLOCK),
	KW_FN("FILE_CHECK", conf_parse_checker, NULL, CONF_KWF_BLOCK),
	KW_FN("BFD_CHECK", conf_parse_checker, NULL, CONF_KWF_BLOCK),
	KW_END,
};
const struct conf_block conf_rs_block = {"real_server", rs_kws,
					 offsetof(struct conf_rs, unsupported), NULL};

static void
kw_real_server(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	       const struct conf_kw *kw)
{
	struct conf_vs *vs = obj;
	struct conf_rs *rs;

	(void)kw;
	if (conf_want_args(ctx, n, 1, 2))
		return;
	rs = new_rs(ctx->conf);
	rs->loc = conf_loc_of(ctx, n);
	if (addr_port(ctx, n, 1, &rs->addr, &rs->port)) {
		conf_err(ctx, n, "real_server ignored");
		return;
	}
	conf_kw_walk(ctx, n, &conf_rs_block, rs);
	*CONF_PUSH(ctx->conf, vs->rs, vs->nrs) = rs;
}

static void
dump_real_servers(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_vs *vs = obj;
	char buf[64];
	size_t i, j;

	(void)kw;
	for (i = 0; i < vs->nrs; i++) {
		const struct conf_rs *rs = vs->rs[i];

		conf_dump_start(d, "real_server");
		conf_dump_text(d, "%s", conf_fmt_addr(buf, sizeof(buf), &rs->addr));
		if (rs->port)
			conf_dump_text(d, "%u", rs->port);
		fputs(" {\n", d->out);
		d->depth++;
		conf_kw_dump(d, &conf_rs_block, rs);
		for (j = 0; j < rs->ncheckers; j++)
			conf_dump_checker(d, rs->checkers[j]);
		conf_dump_close(d);
	}
}

static struct conf_vs *
new_vs(struct conf_parse_ctx *ctx, const struct conf_node *n)
{
	struct conf_vs *vs = conf_alloc(ctx->conf, sizeof(*vs));

	vs->loc = conf_loc_of(ctx, n);
	vs->delay_loop_us = 60000000u;
	vs->connect_timeout_us = 5000000u;
	vs->retry = CONF_UNSET_UINT;
	vs->delay_before_retry_us = vs->warmup_us = CONF_UNSET_U64;
	vs->quorum = 1;
	vs->weight = 1;
	vs->smtp_alert = CONF_UNSET_TRI;
	return vs;
}

static int
vs_head(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_vs *vs)
{
	long long mark;

	if (conf_want_args(ctx, n, 1, 2))
		return -1;
	if (!strcmp(n->argv[1], "group") || !strcmp(n->argv[1], "fwmark")) {
		if (n->argc < 3) {
			conf_err(ctx, n, "virtual_server %s needs a value; ignored", n->argv[1]);
			return -1;
		}
		if (n->argv[1][0] == 'g') {
			vs->kind = CONF_VS_GROUP;
			vs->group = conf_strdup(ctx->conf, n->argv[2]);
			return 0;
		}
		if (conf_get_ll(ctx, n, "fwmark", n->argv[2], 1, 0xffffffffLL, &mark))
			return -1;
		vs->kind = CONF_VS_FWMARK;
		vs->fwmark = (uint32_t)mark;
		return 0;
	}
	vs->kind = CONF_VS_ADDR;
	return addr_port(ctx, n, 1, &vs->addr, &vs->port);
}

void
conf_parse_vs(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	      const struct conf_kw *kw)
{
	struct conf *conf = obj;
	struct conf_vs *vs = new_vs(ctx, n);

	(void)kw;
	if (vs_head(ctx, n, vs)) {
		conf_err(ctx, n, "virtual_server ignored");
		return;
	}
	conf_kw_walk(ctx, n, &conf_vs_block, vs);
	*CONF_PUSH(conf, conf->vs, conf->nvs) = vs;
}

void
conf_dump_vss(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf *conf = obj;
	char buf[64];
	size_t i;

	(void)kw;
	for (i = 0; i < conf->nvs; i++) {
		const struct conf_vs *vs = conf->vs[i];

		conf_dump_start(d, "virtual_server");
		if (vs->kind == CONF_VS_GROUP) {
			conf_dump_text(d, "group");
			conf_dump_word(d, vs->group);
		} else if (vs->kind == CONF_VS_FWMARK) {
			conf_dump_text(d, "fwmark %u", vs->fwmark);
		} else {
			conf_dump_text(d, "%s", conf_fmt_addr(buf, sizeof(buf), &vs->addr));
			if (vs->port)
				conf_dump_text(d, "%u", vs->port);
		}
		fputs(" {\n", d->out);
		d->depth++;
		conf_kw_dump(d, &conf_vs_block, vs);
		conf_dump_close(d);
	}
}

/* ---- virtual_server_group ---- */

/* a.b.c.d-e, a.b.c.d-a.b.c.e, a.b.c.d/nn and their IPv6 forms (last 16 bits vary). */
static int
parse_range(const char *s, struct conf_vsg_entry *e)
{
	char buf[128];
	const char *dash = strchr(s, '-');
	struct conf_prefix p;
	struct conf_addr end;
	uint32_t first, last;
	bool has_len;
	char *x;
	unsigned long v;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	if (!dash) {
		if (conf_parse_prefix(buf, &p, &has_len))
			return -1;
		e->addr = p.addr;
		if (!has_len)
			return 0;
		if ((p.addr.family == AF_INET && p.len < 24) ||
		    (p.addr.family == AF_INET6 && p.len < 112))
			return -2;
		e->range = (1u << ((p.addr.family == AF_INET ? 32 : 128) - p.len)) - 1;
		return 0;
	}
	buf[dash - s] = '\0';
	if (conf_parse_addr(buf, &e->addr))
		return -1;
	first = e->addr.family == AF_INET
			? ntohl(e->addr.u.in4.s_addr) & 0xff
			: (uint32_t)(e->addr.u.in6.s6_addr[14] << 8 | e->addr.u.in6.s6_addr[15]);
	if (!conf_parse_addr(dash + 1, &end)) {
		if (end.family != e->addr.family)
			return -1;
		last = end.family == AF_INET
			       ? ntohl(end.u.in4.s_addr) & 0xff
			       : (uint32_t)(end.u.in6.s6_addr[14] << 8 | end.u.in6.s6_addr[15]);
	} else {
		v = strtoul(dash + 1, &x, e->addr.family == AF_INET ? 10 : 16);
		if (!dash[1] || *x || v > (e->addr.family == AF_INET ? 255u : 0xffffu))
			return -1;
		last = (uint32_t)v;
	}
	if (last <= first)
		return -2;
	e->range = last - first;
	return 0;
}

static void
vsg_line(struct conf_parse_ctx *ctx, const struct conf_node *c, struct conf_vsg *g)
{
	struct conf_vsg_entry e = {.loc = conf_loc_of(ctx, c)};
	long long v;
	int r;

	if (c->block) {
		conf_err(ctx, c, "unexpected block in virtual_server_group; ignored");
		return;
	}
	if (!strcmp(c->argv[0], "fwmark")) {
		if (c->argc < 2 || c->argc > 3 ||
		    conf_get_ll(ctx, c, "fwmark", c->argv[1], 1, 0xffffffffLL, &v))
			return;
		e.is_fwmark = true;
		e.fwmark = (uint32_t)v;
		if (c->argc > 2 && strcmp(c->argv[2], "inet") && strcmp(c->argv[2], "inet6")) {
			conf_err(ctx, c, "fwmark family '%s' is not inet or inet6", c->argv[2]);
			return;
		}
		if (c->argc > 2)
			e.fwmark_family = c->argv[2][4] ? AF_INET6 : AF_INET;
	} else {
		r = parse_range(c->argv[0], &e);
		if (r) {
			conf_err(ctx, c,
				 r == -2 ? "invalid address range '%s'; ignored"
					 : "invalid address '%s'; ignored",
				 c->argv[0]);
			return;
		}
		if (c->argc > 1 && conf_get_port(ctx, c, c->argv[1], &e.port))
			return;
		if (c->argc > 2)
			conf_want_args(ctx, c, 0, 1);
	}
	*CONF_PUSH(ctx->conf, g->v, g->n) = e;
}

void
conf_parse_vsg(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	       const struct conf_kw *kw)
{
	struct conf *conf = obj;
	struct conf_vsg *g;
	size_t i;

	(void)kw;
	if (conf_want_args(ctx, n, 1, 1))
		return;
	for (i = 0; i < conf->nvsgs; i++) {
		if (!strcmp(conf->vsgs[i]->name, n->argv[1])) {
			conf_err(ctx, n,
				 "virtual_server_group '%s' is defined twice; this one is "
				 "ignored",
				 n->argv[1]);
			return;
		}
	}
	g = conf_alloc(conf, sizeof(*g));
	g->name = conf_strdup(conf, n->argv[1]);
	g->loc = conf_loc_of(ctx, n);
	for (i = 0; i < n->nchildren; i++)
		vsg_line(ctx, &n->children[i], g);
	*CONF_PUSH(conf, conf->vsgs, conf->nvsgs) = g;
}

static void
dump_vsg_entry(struct conf_dump *d, const struct conf_vsg_entry *e)
{
	char buf[64];
	uint32_t first;

	if (e->is_fwmark) {
		conf_dump_line(d, "fwmark %u%s", e->fwmark,
			       e->fwmark_family == AF_INET6  ? " inet6"
			       : e->fwmark_family == AF_INET ? " inet"
							     : "");
		return;
	}
	conf_dump_start(d, conf_fmt_addr(buf, sizeof(buf), &e->addr));
	if (e->range && e->addr.family == AF_INET) {
		first = ntohl(e->addr.u.in4.s_addr) & 0xff;
		fprintf(d->out, "-%u", first + e->range);
	} else if (e->range) {
		first = (uint32_t)(e->addr.u.in6.s6_addr[14] << 8 | e->addr.u.in6.s6_addr[15]);
		fprintf(d->out, "-%x", first + e->range);
	}
	if (e->port)
		conf_dump_text(d, "%u", e->port);
	conf_dump_end(d);
}

void
conf_dump_vsgs(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf *conf = obj;
	size_t i, j;

	(void)kw;
	for (i = 0; i < conf->nvsgs; i++) {
		conf_dump_open_named(d, "virtual_server_group", conf->vsgs[i]->name);
		for (j = 0; j < conf->vsgs[i]->n; j++)
			dump_vsg_entry(d, &conf->vsgs[i]->v[j]);
		conf_dump_close(d);
	}
}
