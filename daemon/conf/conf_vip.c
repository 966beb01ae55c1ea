/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_vip: the one-line syntaxes of the VRRP side: an address line
 * (virtual_ipaddress, virtual_ipaddress_excluded, static_ipaddress), a
 * route line (virtual_routes, static_routes: "ip route" syntax), a rule line
 * (virtual_rules, static_rules: "ip rule" syntax) and a tracking line
 * (track_interface/track_script/track_file), plus their canonical dumps.
 * Pure parsing: it never looks at the system's interfaces.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "conf/conf_model_priv.h"

static const struct {
	const char *name;
	unsigned value;
} scopes[] = {{"global", 0}, {"site", 200}, {"link", 253}, {"host", 254}, {"nowhere", 255}};

static int
parse_scope(struct conf_parse_ctx *ctx, const struct conf_node *n, const char *s, unsigned *out)
{
	long long v;
	size_t i;

	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		if (!strcasecmp(s, scopes[i].name)) {
			*out = scopes[i].value;
			return 0;
		}
	}
	if (conf_get_ll(ctx, n, "scope (global|site|link|host|nowhere or 0..255)", s, 0, 255, &v))
		return -1;
	*out = (unsigned)v;
	return 0;
}

static const char *
fmt_scope(char *buf, size_t len, unsigned v)
{
	size_t i;

	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++)
		if (scopes[i].value == v)
			return scopes[i].name;
	snprintf(buf, len, "%u", v);
	return buf;
}

/* The value after option argv[*i]; NULL (reported) when the line ends. */
static const char *
next_arg(struct conf_parse_ctx *ctx, const struct conf_node *n, size_t *i)
{
	if (*i + 1 >= n->argc) {
		conf_err(ctx, n, "'%s' needs a value", n->argv[*i]);
		return NULL;
	}
	return n->argv[++*i];
}

static int
ipaddr_flag(struct conf_ipaddr *ip, const char *w, bool is_static)
{
	if (!strcmp(w, "home"))
		ip->home = true;
	else if (!strcmp(w, "-nodad"))
		ip->nodad = true;
	else if (!strcmp(w, "mngtmpaddr"))
		ip->mngtmpaddr = true;
	else if (!strcmp(w, "noprefixroute"))
		ip->noprefixroute = true;
	else if (!strcmp(w, "autojoin"))
		ip->autojoin = true;
	else if (!strcmp(w, "no_track") && !is_static)
		ip->no_track = true;
	else if (!strcmp(w, "use_vmac") && !is_static)
		ip->use_vmac = true;
	else
		return -1;
	return 0;
}

static int
ipaddr_opt(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_ipaddr *ip, size_t *i,
	   bool is_static)
{
	const char *w = n->argv[*i], *v;
	long long lft;

	if (!ipaddr_flag(ip, w, is_static))
		return 0;
	if (strcmp(w, "brd") && strcmp(w, "dev") && strcmp(w, "scope") && strcmp(w, "label") &&
	    strcmp(w, "peer") && strcmp(w, "preferred_lft") &&
	    (strcmp(w, "track_group") || !is_static)) {
		conf_err(ctx, n, "unknown address option '%s'; ignored", w);
		return 0;
	}
	if (!(v = next_arg(ctx, n, i)))
		return -1;
	if (!strcmp(w, "brd")) {
		ip->brd = !strcmp(v, "+")   ? CONF_BRD_SET
			  : !strcmp(v, "-") ? CONF_BRD_CLEAR
					    : CONF_BRD_ADDR;
		if (ip->brd == CONF_BRD_ADDR && conf_get_addr(ctx, n, "brd", v, &ip->brd_addr))
			ip->brd = CONF_BRD_NONE;
	} else if (!strcmp(w, "dev")) {
		if (conf_ifname_ok(ctx, n, v))
			ip->dev = conf_strdup(ctx->conf, v);
	} else if (!strcmp(w, "scope")) {
		parse_scope(ctx, n, v, &ip->scope);
	} else if (!strcmp(w, "label")) {
		ip->label = conf_strdup(ctx->conf, v);
	} else if (!strcmp(w, "peer")) {
		if (conf_parse_prefix(v, &ip->peer, NULL))
			conf_err(ctx, n, "invalid peer address '%s'; ignored", v);
	} else if (!strcmp(w, "track_group")) {
		ip->track_group = conf_strdup(ctx->conf, v);
	} else if (!strcasecmp(v, "forever")) {
		ip->preferred_lft = -2;
	} else if (!conf_get_ll(ctx, n, "preferred_lft", v, 0, 0x7fffffff, &lft)) {
		ip->preferred_lft = (int)lft;
	}
	return 0;
}

int
conf_parse_ipaddr(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_ipaddr *ip,
		  bool is_static)
{
	size_t i;

	memset(ip, 0, sizeof(*ip));
	ip->preferred_lft = -1;
	ip->loc = conf_loc_of(ctx, n);
	if (n->block) {
		conf_err(ctx, n, "unexpected block after address '%s'; ignored", n->argv[0]);
		return -1;
	}
	if (conf_parse_prefix(n->argv[0], &ip->addr, NULL)) {
		conf_err(ctx, n, "invalid IP address '%s'; line ignored", n->argv[0]);
		return -1;
	}
	for (i = 1; i < n->argc; i++)
		if (ipaddr_opt(ctx, n, ip, &i, is_static))
			break;
	if ((ip->brd == CONF_BRD_SET || ip->brd == CONF_BRD_CLEAR) &&
	    ip->addr.len == (ip->addr.addr.family == AF_INET ? 32u : 128u)) {
		conf_warn(ctx, n, "'brd %c' needs a prefix shorter than /%u; ignored",
			  ip->brd == CONF_BRD_SET ? '+' : '-', ip->addr.len);
		ip->brd = CONF_BRD_NONE;
	}
	return 0;
}

void
conf_parse_iplist(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_iplist *l,
		  bool is_static)
{
	struct conf_ipaddr ip;
	size_t i;

	for (i = 0; i < n->nchildren; i++)
		if (!conf_parse_ipaddr(ctx, &n->children[i], &ip, is_static))
			*CONF_PUSH(ctx->conf, l->v, l->n) = ip;
}

void
conf_dump_ipaddr(struct conf_dump *d, const struct conf_ipaddr *ip)
{
	static const char *const brd[] = {"", "", "+", "-"};
	char buf[128];

	conf_dump_start(d, conf_fmt_prefix(buf, sizeof(buf), &ip->addr));
	if (ip->brd == CONF_BRD_ADDR)
		conf_dump_text(d, "brd %s", conf_fmt_addr(buf, sizeof(buf), &ip->brd_addr));
	else if (ip->brd != CONF_BRD_NONE)
		conf_dump_text(d, "brd %s", brd[ip->brd]);
	if (ip->dev) {
		conf_dump_text(d, "dev");
		conf_dump_word(d, ip->dev);
	}
	conf_dump_text(d, "scope %s", fmt_scope(buf, sizeof(buf), ip->scope));
	if (ip->label) {
		conf_dump_text(d, "label");
		conf_dump_word(d, ip->label);
	}
	if (ip->peer.addr.family)
		conf_dump_text(d, "peer %s", conf_fmt_prefix(buf, sizeof(buf), &ip->peer));
	if (ip->home)
		conf_dump_text(d, "home");
	if (ip->nodad)
		conf_dump_text(d, "-nodad");
	if (ip->mngtmpaddr)
		conf_dump_text(d, "mngtmpaddr");
	if (ip->noprefixroute)
		conf_dump_text(d, "noprefixroute");
	if (ip->autojoin)
		conf_dump_text(d, "autojoin");
	if (ip->no_track)
		conf_dump_text(d, "no_track");
	if (ip->use_vmac)
		conf_dump_text(d, "use_vmac");
	if (ip->preferred_lft == -2)
		conf_dump_text(d, "preferred_lft forever");
	else if (ip->preferred_lft >= 0)
		conf_dump_text(d, "preferred_lft %d", ip->preferred_lft);
	if (ip->track_group) {
		conf_dump_text(d, "track_group");
		conf_dump_word(d, ip->track_group);
	}
	conf_dump_end(d);
}

void
conf_dump_iplist(struct conf_dump *d, const char *name, const struct conf_iplist *l)
{
	size_t i;

	if (!l->n)
		return;
	conf_dump_open(d, "%s", name);
	for (i = 0; i < l->n; i++)
		conf_dump_ipaddr(d, &l->v[i]);
	conf_dump_close(d);
}

/* ---- ip route / ip rule options kept as written ---- */

/* Options taking one value; "lock" may precede the value of metrics. */
static const char *const route_opts1[] = {"mtu",
					  "advmss",
					  "rtt",
					  "rttvar",
					  "reordering",
					  "window",
					  "cwnd",
					  "ssthresh",
					  "realms",
					  "rto_min",
					  "initcwnd",
					  "initrwnd",
					  "hoplimit",
					  "features",
					  "quickack",
					  "congctl",
					  "pref",
					  "expires",
					  "fastopen_no_cookie",
					  "ttl-propagate",
					  "tos",
					  "dsfield",
					  "from",
					  "vrf",
					  NULL};
static const char *const route_opts0[] = {"append", "prepend", NULL};
static const char *const route_types[] = {"unicast", "blackhole", "unreachable", "prohibit",
					  "local",   "broadcast", "throw",	 "nat",
					  "anycast", "multicast", NULL};
static const char *const rule_opts1[] = {"iif",
					 "oif",
					 "tos",
					 "dsfield",
					 "fwmark",
					 "realms",
					 "goto",
					 "uidrange",
					 "protocol",
					 "ip_proto",
					 "ipproto",
					 "sport",
					 "dport",
					 "suppress_prefixlength",
					 "suppress_ifgroup",
					 "type",
					 NULL};
static const char *const rule_opts0[] = {"l3mdev",   "blackhole", "unreachable",
					 "prohibit", "nat",	  NULL};

static bool
in(const char *const *list, const char *w)
{
	for (; *list; list++)
		if (!strcmp(*list, w))
			return true;
	return false;
}

static void
add_opt(struct conf_parse_ctx *ctx, struct conf_ipopt **v, size_t *nv, const char *name,
	const char *a1, const char *a2)
{
	struct conf_ipopt *o = CONF_PUSH(ctx->conf, *v, *nv);

	o->name = conf_strdup(ctx->conf, name);
	if (a1)
		conf_strlist_add(ctx->conf, &o->args, a1);
	if (a2)
		conf_strlist_add(ctx->conf, &o->args, a2);
}

/* A generic option at argv[*i]; returns 1 if consumed, 0 if unknown, -1 on error. */
static int
ip_opt(struct conf_parse_ctx *ctx, const struct conf_node *n, size_t *i, const char *const *opts1,
       const char *const *opts0, struct conf_ipopt **v, size_t *nv)
{
	const char *w = n->argv[*i], *a, *b = NULL;

	if (in(opts0, w)) {
		add_opt(ctx, v, nv, w, NULL, NULL);
		return 1;
	}
	if (!in(opts1, w))
		return 0;
	if (!(a = next_arg(ctx, n, i)))
		return -1;
	if (!strcmp(a, "lock") && opts1 == route_opts1) {
		if (!(b = next_arg(ctx, n, i)))
			return -1;
	}
	add_opt(ctx, v, nv, w, a, b);
	return 1;
}

static void
dump_opts(struct conf_dump *d, const struct conf_ipopt *v, size_t nv)
{
	size_t i, j;

	for (i = 0; i < nv; i++) {
		conf_dump_text(d, "%s", v[i].name);
		for (j = 0; j < v[i].args.n; j++)
			conf_dump_word(d, v[i].args.v[j]);
	}
}

/* ---- routes ---- */

static int
route_nexthop(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_route *r,
	      size_t *i)
{
	struct conf_nexthop *nh = CONF_PUSH(ctx->conf, r->nexthops, r->nnexthops);
	const char *v;
	long long w;

	while (*i + 1 < n->argc) {
		const char *o = n->argv[*i + 1];

		if (!strcmp(o, "onlink")) {
			nh->onlink = true;
			++*i;
			continue;
		}
		if (strcmp(o, "via") && strcmp(o, "dev") && strcmp(o, "weight"))
			break;
		++*i;
		if (!(v = next_arg(ctx, n, i)))
			return -1;
		if (!strcmp(o, "via") && conf_get_addr(ctx, n, "nexthop via", v, &nh->via))
			return -1;
		if (!strcmp(o, "dev") && conf_ifname_ok(ctx, n, v))
			nh->dev = conf_strdup(ctx->conf, v);
		if (!strcmp(o, "weight") && !conf_get_ll(ctx, n, "nexthop weight", v, 1, 256, &w))
			nh->weight = (unsigned)w;
	}
	return 0;
}

static int
route_word(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_route *r, size_t *i,
	   bool is_static)
{
	const char *w = n->argv[*i], *v;
	long long m;

	if (in(route_types, w) && !r->type && !r->dst.addr.family) {
		r->type = strcmp(w, "unicast") ? conf_strdup(ctx->conf, w) : NULL;
		return 0;
	}
	if (!strcmp(w, "onlink") || !strcmp(w, "no_track") || !strcmp(w, "inet6")) {
		*(w[0] == 'o' ? &r->onlink : w[0] == 'n' ? &r->no_track : &r->inet6) = true;
		return 0;
	}
	if (!strcmp(w, "nexthop"))
		return route_nexthop(ctx, n, r, i);
	switch (ip_opt(ctx, n, i, route_opts1, route_opts0, &r->opts, &r->nopts)) {
	case 1:
		return 0;
	case -1:
		return -1;
	}
	if (!strcmp(w, "to") || !strcmp(w, "src") || !strcmp(w, "via") || !strcmp(w, "gw") ||
	    !strcmp(w, "or") || !strcmp(w, "dev") || !strcmp(w, "oif") || !strcmp(w, "table") ||
	    !strcmp(w, "metric") || !strcmp(w, "priority") || !strcmp(w, "preference") ||
	    !strcmp(w, "scope") || !strcmp(w, "protocol") || !strcmp(w, "proto") ||
	    (!strcmp(w, "track_group") && is_static)) {
		if (!(v = next_arg(ctx, n, i)))
			return -1;
		if (!strcmp(w, "via") && (!strcmp(v, "inet") || !strcmp(v, "inet6")) &&
		    !(v = next_arg(ctx, n, i)))
			return -1;
	} else if (!r->dst.addr.family && !conf_parse_prefix(w, &r->dst, NULL)) {
		return 0;
	} else {
		conf_err(ctx, n, "unknown route option '%s'; ignored", w);
		return 0;
	}
	if (!strcmp(w, "to")) {
		if (conf_parse_prefix(v, &r->dst, NULL))
			conf_err(ctx, n, "invalid route destination '%s'", v);
	} else if (!strcmp(w, "src")) {
		if (conf_parse_prefix(v, &r->src, NULL))
			conf_err(ctx, n, "invalid route source '%s'", v);
	} else if (!strcmp(w, "via") || !strcmp(w, "gw")) {
		if (w[0] == 'g')
			conf_note(ctx, n, "'gw' in a route is the old name of 'via'");
		conf_get_addr(ctx, n, w, v, &r->via);
	} else if (!strcmp(w, "or")) {
		struct conf_nexthop *nh = CONF_PUSH(ctx->conf, r->nexthops, r->nnexthops);

		conf_note(ctx, n, "'or' in a route is the old form of 'nexthop'");
		conf_get_addr(ctx, n, "or", v, &nh->via);
	} else if (!strcmp(w, "dev") || !strcmp(w, "oif")) {
		if (conf_ifname_ok(ctx, n, v))
			r->dev = conf_strdup(ctx->conf, v);
	} else if (!strcmp(w, "table")) {
		r->table = conf_strdup(ctx->conf, v);
	} else if (!strcmp(w, "scope")) {
		parse_scope(ctx, n, v, &r->scope);
	} else if (!strcmp(w, "protocol") || !strcmp(w, "proto")) {
		r->protocol = conf_strdup(ctx->conf, v);
	} else if (!strcmp(w, "track_group")) {
		r->track_group = conf_strdup(ctx->conf, v);
	} else if (!conf_get_ll(ctx, n, "route metric", v, 0, 0xffffffffLL - 1, &m)) {
		r->metric = (unsigned)m;
	}
	return 0;
}

/* "via A or B": the first gateway becomes the first nexthop. */
static void
route_fold_or(struct conf_parse_ctx *ctx, struct conf_route *r)
{
	struct conf_nexthop first = {.via = r->via}, *nh;
	size_t i;

	if (!r->nnexthops || !r->via.family || r->nexthops[0].weight || r->nexthops[0].dev)
		return;
	nh = CONF_PUSH(ctx->conf, r->nexthops, r->nnexthops);
	(void)nh;
	for (i = r->nnexthops - 1; i > 0; i--)
		r->nexthops[i] = r->nexthops[i - 1];
	r->nexthops[0] = first;
	memset(&r->via, 0, sizeof(r->via));
	for (i = 0; i < r->nnexthops; i++)
		if (!r->nexthops[i].dev && r->dev)
			r->nexthops[i].dev = r->dev;
	r->dev = NULL;
}

int
conf_parse_route(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_route *r,
		 bool is_static)
{
	bool had_or = false;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->metric = r->scope = CONF_UNSET_UINT;
	r->loc = conf_loc_of(ctx, n);
	if (n->block) {
		conf_err(ctx, n, "unexpected block in a route; ignored");
		return -1;
	}
	for (i = 0; i < n->argc; i++) {
		had_or |= !strcmp(n->argv[i], "or");
		if (route_word(ctx, n, r, &i, is_static))
			return -1;
	}
	if (!r->dst.addr.family) {
		conf_err(ctx, n, "route without a destination; ignored");
		return -1;
	}
	if (had_or)
		route_fold_or(ctx, r);
	return 0;
}

void
conf_dump_route(struct conf_dump *d, const struct conf_route *r)
{
	char buf[128];
	size_t i;

	conf_dump_start(d, r->type ? r->type : "");
	conf_dump_text(d, "%s", conf_fmt_prefix(buf, sizeof(buf), &r->dst));
	if (r->src.addr.family)
		conf_dump_text(d, "src %s", conf_fmt_addr(buf, sizeof(buf), &r->src.addr));
	if (r->via.family)
		conf_dump_text(d, "via %s", conf_fmt_addr(buf, sizeof(buf), &r->via));
	if (r->dev) {
		conf_dump_text(d, "dev");
		conf_dump_word(d, r->dev);
	}
	if (r->table) {
		conf_dump_text(d, "table");
		conf_dump_word(d, r->table);
	}
	if (r->metric != CONF_UNSET_UINT)
		conf_dump_text(d, "metric %u", r->metric);
	if (r->scope != CONF_UNSET_UINT)
		conf_dump_text(d, "scope %s", fmt_scope(buf, sizeof(buf), r->scope));
	if (r->protocol) {
		conf_dump_text(d, "protocol");
		conf_dump_word(d, r->protocol);
	}
	if (r->onlink)
		conf_dump_text(d, "onlink");
	dump_opts(d, r->opts, r->nopts);
	for (i = 0; i < r->nnexthops; i++) {
		const struct conf_nexthop *nh = &r->nexthops[i];

		conf_dump_text(d, "nexthop");
		if (nh->via.family)
			conf_dump_text(d, "via %s", conf_fmt_addr(buf, sizeof(buf), &nh->via));
		if (nh->dev) {
			conf_dump_text(d, "dev");
			conf_dump_word(d, nh->dev);
		}
		if (nh->weight)
			conf_dump_text(d, "weight %u", nh->weight);
		if (nh->onlink)
			conf_dump_text(d, "onlink");
	}
	if (r->no_track)
		conf_dump_text(d, "no_track");
	if (r->track_group) {
		conf_dump_text(d, "track_group");
		conf_dump_word(d, r->track_group);
	}
	if (r->inet6)
		conf_dump_text(d, "inet6");
	conf_dump_end(d);
}

/* ---- rules ---- */

static int
rule_word(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_rule *r, size_t *i,
	  bool is_static)
{
	const char *w = n->argv[*i], *v;
	long long p;

	if (!strcmp(w, "not") || !strcmp(w, "no_track") || !strcmp(w, "inet6")) {
		*(w[0] == 'i' ? &r->inet6 : w[2] == 't' ? &r->not_ : &r->no_track) = true;
		return 0;
	}
	switch (ip_opt(ctx, n, i, rule_opts1, rule_opts0, &r->opts, &r->nopts)) {
	case 1:
		return 0;
	case -1:
		return -1;
	}
	if (strcmp(w, "from") && strcmp(w, "to") && strcmp(w, "table") && strcmp(w, "lookup") &&
	    strcmp(w, "preference") && strcmp(w, "priority") && strcmp(w, "pref") &&
	    (strcmp(w, "track_group") || !is_static)) {
		conf_err(ctx, n, "unknown rule option '%s'; ignored", w);
		return 0;
	}
	if (!(v = next_arg(ctx, n, i)))
		return -1;
	if (!strcmp(w, "from") || !strcmp(w, "to")) {
		struct conf_prefix *pf = w[0] == 'f' ? &r->from : &r->to;

		if (!strcmp(v, "all"))
			return 0;
		if (conf_parse_prefix(v, pf, NULL)) {
			conf_err(ctx, n, "invalid rule %s address '%s'; rule ignored", w, v);
			return -1;
		}
	} else if (!strcmp(w, "table") || !strcmp(w, "lookup")) {
		r->table = conf_strdup(ctx->conf, v);
	} else if (!strcmp(w, "track_group")) {
		r->track_group = conf_strdup(ctx->conf, v);
	} else if (!conf_get_ll(ctx, n, "rule preference", v, 0, 0xffffffffLL - 1, &p)) {
		r->preference = (unsigned)p;
	}
	return 0;
}

int
conf_parse_rule(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_rule *r,
		bool is_static)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->preference = CONF_UNSET_UINT;
	r->loc = conf_loc_of(ctx, n);
	if (n->block) {
		conf_err(ctx, n, "unexpected block in a rule; ignored");
		return -1;
	}
	for (i = 0; i < n->argc; i++)
		if (rule_word(ctx, n, r, &i, is_static))
			return -1;
	if (r->preference == CONF_UNSET_UINT)
		conf_warn(ctx, n,
			  "rule has no preference; one will be assigned, which is probably "
			  "not what you want");
	return 0;
}

void
conf_dump_rule(struct conf_dump *d, const struct conf_rule *r)
{
	char buf[128];

	conf_dump_start(d, r->not_ ? "not" : "");
	if (r->from.addr.family)
		conf_dump_text(d, "from %s", conf_fmt_prefix(buf, sizeof(buf), &r->from));
	if (r->to.addr.family)
		conf_dump_text(d, "to %s", conf_fmt_prefix(buf, sizeof(buf), &r->to));
	if (!r->from.addr.family && !r->to.addr.family)
		conf_dump_text(d, "from all");
	if (r->table) {
		conf_dump_text(d, "table");
		conf_dump_word(d, r->table);
	}
	if (r->preference != CONF_UNSET_UINT)
		conf_dump_text(d, "preference %u", r->preference);
	dump_opts(d, r->opts, r->nopts);
	if (r->no_track)
		conf_dump_text(d, "no_track");
	if (r->track_group) {
		conf_dump_text(d, "track_group");
		conf_dump_word(d, r->track_group);
	}
	if (r->inet6)
		conf_dump_text(d, "inet6");
	conf_dump_end(d);
}

/* ---- track_interface / track_script / track_file lines ---- */

void
conf_parse_tracklist(struct conf_parse_ctx *ctx, const struct conf_node *n,
		     struct conf_tracklist *l, int lo, int hi, bool allow_noreverse)
{
	size_t i, j;
	long long w;

	for (i = 0; i < n->nchildren; i++) {
		const struct conf_node *c = &n->children[i];
		struct conf_track t = {.weight = CONF_UNSET_INT, .loc = conf_loc_of(ctx, c)};

		if (c->block) {
			conf_err(ctx, c, "unexpected block in '%s'; ignored", n->argv[0]);
			continue;
		}
		if (!strcmp(n->argv[0], "track_interface") && !conf_ifname_ok(ctx, c, c->argv[0]))
			continue;
		t.name = conf_strdup(ctx->conf, c->argv[0]);
		for (j = 1; j < c->argc; j++) {
			const char *o = c->argv[j];

			if (!strcmp(o, "weight") && j + 1 < c->argc) {
				if (!conf_get_ll(ctx, c, "weight", c->argv[++j], lo, hi, &w))
					t.weight = (int)w;
			} else if (!strcmp(o, "reverse")) {
				t.reverse = true;
			} else if (allow_noreverse &&
				   (!strcmp(o, "noreverse") || !strcmp(o, "no_reverse"))) {
				t.reverse = false;
			} else {
				conf_err(ctx, c, "'%s': unexpected '%s'; ignored", n->argv[0], o);
			}
		}
		*CONF_PUSH(ctx->conf, l->v, l->n) = t;
	}
}

void
conf_dump_tracklist(struct conf_dump *d, const char *name, const struct conf_tracklist *l)
{
	size_t i;

	if (!l->n)
		return;
	conf_dump_open(d, "%s", name);
	for (i = 0; i < l->n; i++) {
		conf_dump_start(d, "");
		conf_dump_word(d, l->v[i].name);
		if (l->v[i].weight != CONF_UNSET_INT)
			conf_dump_text(d, "weight %d", l->v[i].weight);
		if (l->v[i].reverse)
			conf_dump_text(d, "reverse");
		conf_dump_end(d);
	}
	conf_dump_close(d);
}

/* ---- FN entries for list blocks (the block's .off names the list) ---- */

void
conf_kw_iplist(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	       const struct conf_kw *kw)
{
	conf_parse_iplist(ctx, n, (struct conf_iplist *)((char *)obj + kw->off),
			  !strcmp(n->argv[0], "static_ipaddress"));
}

void
conf_kw_routes(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	       const struct conf_kw *kw)
{
	struct conf_routelist *l = (struct conf_routelist *)((char *)obj + kw->off);
	struct conf_route r;
	bool is_static = !strcmp(n->argv[0], "static_routes");
	size_t i;

	for (i = 0; i < n->nchildren; i++)
		if (!conf_parse_route(ctx, &n->children[i], &r, is_static))
			*CONF_PUSH(ctx->conf, l->v, l->n) = r;
}

void
conf_kw_rules(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	      const struct conf_kw *kw)
{
	struct conf_rulelist *l = (struct conf_rulelist *)((char *)obj + kw->off);
	struct conf_rule r;
	bool is_static = !strcmp(n->argv[0], "static_rules");
	size_t i;

	for (i = 0; i < n->nchildren; i++)
		if (!conf_parse_rule(ctx, &n->children[i], &r, is_static))
			*CONF_PUSH(ctx->conf, l->v, l->n) = r;
}

void
conf_kw_tracklist(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		  const struct conf_kw *kw)
{
	conf_parse_tracklist(ctx, n, (struct conf_tracklist *)((char *)obj + kw->off), (int)kw->min,
			     (int)kw->max, true);
}

void
conf_dumpfn_iplist(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	conf_dump_iplist(d, kw->name, (const struct conf_iplist *)((const char *)obj + kw->off));
}

void
conf_dumpfn_routes(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_routelist *l =
		(const struct conf_routelist *)((const char *)obj + kw->off);
	size_t i;

	if (!l->n)
		return;
	conf_dump_open(d, "%s", kw->name);
	for (i = 0; i < l->n; i++)
		conf_dump_route(d, &l->v[i]);
	conf_dump_close(d);
}

void
conf_dumpfn_rules(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_rulelist *l = (const struct conf_rulelist *)((const char *)obj + kw->off);
	size_t i;

	if (!l->n)
		return;
	conf_dump_open(d, "%s", kw->name);
	for (i = 0; i < l->n; i++)
		conf_dump_rule(d, &l->v[i]);
	conf_dump_close(d);
}

void
conf_dumpfn_tracklist(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	conf_dump_tracklist(d, kw->name,
			    (const struct conf_tracklist *)((const char *)obj + kw->off));
}
