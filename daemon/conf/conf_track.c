/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_track: the named top-level blocks the VRRP child tracks or groups
 * by: vrrp_script, track_file (vrrp_track_file), vrrp_sync_group,
 * garp_group, track_group, plus linkbeat_interfaces,
 * interface_up_down_delays and the static_ipaddress/routes/rules blocks.
 * Parsing and dumping only; references between them are checked by
 * conf_validate_vrrp().
 */
#include "config.h"

#include <limits.h>
#include <string.h>
#include <strings.h>

#include "conf/conf_model_priv.h"

/* ---- vrrp_script ---- */

static void
kw_weight_rev(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	      const struct conf_kw *kw)
{
	int *w = (int *)((char *)obj + kw->off);
	bool *rev = (bool *)(w + 1);
	long long v;

	if (conf_want_args(ctx, n, 1, 2))
		return;
	if (n->argc > 2 && strcmp(n->argv[2], "reverse")) {
		conf_err(ctx, n, "'weight': unexpected '%s' (reverse); ignored", n->argv[2]);
		return;
	}
	if (conf_get_ll(ctx, n, "weight", n->argv[1], kw->min, kw->max, &v))
		return;
	*w = (int)v;
	*rev = n->argc > 2;
}

static void
dump_weight_rev(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const int *w = (const int *)((const char *)obj + kw->off);

	conf_dump_line(d, "weight %d%s", *w, *(const bool *)(w + 1) ? " reverse" : "");
}

static void
kw_script_user(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	       const struct conf_kw *kw)
{
	char **user = (char **)((char *)obj + kw->off);

	if (conf_want_args(ctx, n, 1, 2))
		return;
	user[0] = conf_strdup(ctx->conf, n->argv[1]);
	user[1] = n->argc > 2 ? conf_strdup(ctx->conf, n->argv[2]) : NULL;
}

static void
dump_script_user(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	char *const *user = (char *const *)((const char *)obj + kw->off);

	if (!user[0])
		return;
	conf_dump_start(d, "user");
	conf_dump_word(d, user[0]);
	if (user[1])
		conf_dump_word(d, user[1]);
	conf_dump_end(d);
}

/* "script CMD": several unquoted words are taken as one command line. */
static void
kw_script_cmd(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	      const struct conf_kw *kw)
{
	struct conf_vrrp_script *s = obj;
	char *cmd;
	size_t i, len = 0;

	(void)kw;
	if (conf_want_args(ctx, n, 1, 256))
		return;
	for (i = 1; i < n->argc; i++)
		len += strlen(n->argv[i]) + 1;
	cmd = conf_alloc(ctx->conf, len + 1);
	for (i = 1; i < n->argc; i++) {
		if (i > 1)
			strcat(cmd, " ");
		strcat(cmd, n->argv[i]);
	}
	if (n->argc > 2)
		conf_warn(ctx, n,
			  "unquoted script with arguments: using \"%s\" (keepalived 2.2.7 "
			  "would run only '%s'); quote the command",
			  cmd, n->argv[1]);
	s->script = conf_make_script(ctx, n, cmd, NULL, NULL);
}

static void
dump_script_cmd(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_vrrp_script *s = obj;

	(void)kw;
	if (s->script)
		conf_dump_script(d, "script", s->script);
}

#define S(f) CONF_FIELD(struct conf_vrrp_script, f)
static const struct conf_kw script_kws[] = {
	KW_FN("script", kw_script_cmd, dump_script_cmd, 0),
	KW_TIMER("interval", struct conf_vrrp_script, interval_us, 1000, 86400000000LL),
	KW_TIMER("timeout", struct conf_vrrp_script, timeout_us, 1000, 86400000000LL),
	{.name = "weight",
	 .type = CONF_KW_FN,
	 S(weight),
	 .min = -253,
	 .max = 253,
	 .fn = kw_weight_rev,
	 .dump = dump_weight_rev},
	KW_UINT("rise", struct conf_vrrp_script, rise, 1, INT_MAX),
	KW_UINT("fall", struct conf_vrrp_script, fall, 1, INT_MAX),
	{.name = "user",
	 .type = CONF_KW_FN,
	 S(user),
	 .fn = kw_script_user,
	 .dump = dump_script_user},
	KW_FLAG("init_fail", struct conf_vrrp_script, init_fail),
	KW_END,
};
const struct conf_block conf_vrrp_script_block = {"vrrp_script", script_kws, CONF_NO_RAW, NULL};

/* Checks "KEYWORD NAME {" and that NAME is new among n names at stride. */
static bool
named_block_ok(struct conf_parse_ctx *ctx, const struct conf_node *n, void *const *arr,
	       size_t count)
{
	size_t i;

	if (conf_want_args(ctx, n, 1, 1))
		return false;
	for (i = 0; i < count; i++) {
		if (!strcmp(*(char *const *)arr[i], n->argv[1])) {
			conf_err(ctx, n, "%s '%s' is defined twice; this one is ignored",
				 n->argv[0], n->argv[1]);
			return false;
		}
	}
	return true;
}

void
conf_parse_vrrp_script(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		       const struct conf_kw *kw)
{
	struct conf *conf = obj;
	struct conf_vrrp_script *s;

	(void)kw;
	if (!named_block_ok(ctx, n, (void *const *)conf->scripts, conf->nscripts))
		return;
	s = conf_alloc(conf, sizeof(*s));
	s->name = conf_strdup(conf, n->argv[1]);
	s->loc = conf_loc_of(ctx, n);
	s->interval_us = 1000000u;
	s->timeout_us = CONF_UNSET_U64;
	s->rise = s->fall = 1;
	conf_kw_walk(ctx, n, &conf_vrrp_script_block, s);
	if (!s->script) {
		conf_err(ctx, n, "vrrp_script '%s' has no script; ignored", s->name);
		return;
	}
	*CONF_PUSH(conf, conf->scripts, conf->nscripts) = s;
}

/* ---- track_file ---- */

static void
kw_init_file(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	     const struct conf_kw *kw)
{
	struct conf_track_file *t = obj;
	long long v;
	size_t i;

	(void)kw;
	t->init_file = true;
	for (i = 1; i < n->argc; i++) {
		if (!strcmp(n->argv[i], "overwrite"))
			t->init_overwrite = true;
		else if (i == 1 &&
			 !conf_get_ll(ctx, n, "init_file", n->argv[i], INT_MIN, INT_MAX, &v))
			t->init_value = (long)v;
		else if (i != 1)
			conf_err(ctx, n, "init_file: unexpected '%s'; ignored", n->argv[i]);
	}
}

static void
dump_init_file(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_track_file *t = obj;

	(void)kw;
	if (t->init_file)
		conf_dump_line(d, "init_file %ld%s", t->init_value,
			       t->init_overwrite ? " overwrite" : "");
}

static const struct conf_kw track_file_kws[] = {
	KW_STR("file", struct conf_track_file, file),
	{.name = "weight",
	 .type = CONF_KW_FN,
	 CONF_FIELD(struct conf_track_file, weight),
	 .min = -2147483647,
	 .max = 2147483647,
	 .fn = kw_weight_rev,
	 .dump = dump_weight_rev},
	KW_FN("init_file", kw_init_file, dump_init_file, 0),
	KW_END,
};
const struct conf_block conf_track_file_block = {"track_file", track_file_kws, CONF_NO_RAW, NULL};

void
conf_parse_track_file(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		      const struct conf_kw *kw)
{
	struct conf *conf = obj;
	struct conf_track_file *t;

	(void)kw;
	if (!named_block_ok(ctx, n, (void *const *)conf->track_files, conf->ntrack_files))
		return;
	t = conf_alloc(conf, sizeof(*t));
	t->name = conf_strdup(conf, n->argv[1]);
	t->loc = conf_loc_of(ctx, n);
	t->weight = 1;
	conf_kw_walk(ctx, n, &conf_track_file_block, t);
	if (!t->file) {
		conf_err(ctx, n, "track_file '%s' has no file; ignored", t->name);
		return;
	}
	*CONF_PUSH(conf, conf->track_files, conf->ntrack_files) = t;
}

/* ---- vrrp_sync_group ---- */

static void
kw_global_tracking(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		   const struct conf_kw *kw)
{
	(void)kw;
	conf_note(ctx, n, "'global_tracking' is deprecated; taken as 'sync_group_tracking_weight'");
	((struct conf_sync_group *)obj)->sync_group_tracking_weight = true;
}

#define SG(f) CONF_FIELD(struct conf_sync_group, f)
#define SG_TRACK(n, f, lo, hi)                                                                     \
	{                                                                                          \
		.name = (n), .type = CONF_KW_FN, SG(f), .min = (lo), .max = (hi),                  \
		.fn = conf_kw_tracklist, .dump = conf_dumpfn_tracklist, .flags = CONF_KWF_BLOCK    \
	}


static const struct conf_kw sync_group_kws[] = {
	KW_LIST("group", struct conf_sync_group, instances),
	SG_TRACK("track_interface", track_if, -253, 253),
	SG_TRACK("track_script", track_script, -253, 253),
	SG_TRACK("track_file", track_file, -254, 254),
	KW_UNSUP("track_process", "process tracking is not implemented"),
	KW_UNSUP("track_bfd", "BFD is not implemented"),
	KW_SCRIPT("notify_master", struct conf_sync_group, notify.master),
	KW_SCRIPT("notify_backup", struct conf_sync_group, notify.backup),
	KW_SCRIPT("notify_fault", struct conf_sync_group, notify.fault),
	KW_SCRIPT("notify_stop", struct conf_sync_group, notify.stop),
	KW_SCRIPT("notify", struct conf_sync_group, notify.any),
	{.name = "notify_deleted",
	 .type = CONF_KW_FN,
	 SG(notify),
	 .fn = conf_kw_notify_deleted,
	 .dump = conf_dump_notify_deleted},
	KW_TRI("notify_priority_changes", struct conf_sync_group, notify_priority_changes),
	KW_TRI("smtp_alert", struct conf_sync_group, smtp_alert),
	KW_FLAG("sync_group_tracking_weight", struct conf_sync_group, sync_group_tracking_weight),
	KW_FN("global_tracking", kw_global_tracking, NULL, 0),
	KW_END,
};
const struct conf_block conf_sync_group_block = {
	"vrrp_sync_group", sync_group_kws, offsetof(struct conf_sync_group, unsupported), NULL};

void
conf_parse_sync_group(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		      const struct conf_kw *kw)
{
	struct conf *conf = obj;
	struct conf_sync_group *g;

	(void)kw;
	if (!named_block_ok(ctx, n, (void *const *)conf->sync_groups, conf->nsync_groups))
		return;
	g = conf_alloc(conf, sizeof(*g));
	g->name = conf_strdup(conf, n->argv[1]);
	g->loc = conf_loc_of(ctx, n);
	g->smtp_alert = g->notify_priority_changes = CONF_UNSET_TRI;
	conf_kw_walk(ctx, n, &conf_sync_group_block, g);
	*CONF_PUSH(conf, conf->sync_groups, conf->nsync_groups) = g;
}

/* ---- garp_group ---- */

static void
kw_gg_interface(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		const struct conf_kw *kw)
{
	(void)kw;
	if (!conf_want_args(ctx, n, 1, 1) && conf_ifname_ok(ctx, n, n->argv[1]))
		conf_strlist_add(ctx->conf, &((struct conf_garp_group *)obj)->interfaces,
				 n->argv[1]);
}

static const struct conf_kw garp_group_kws[] = {
	KW_TIMER("garp_interval", struct conf_garp_group, garp_interval_us, 0, 86400000000LL),
	KW_TIMER("gna_interval", struct conf_garp_group, gna_interval_us, 0, 86400000000LL),
	{.name = "interface", .type = CONF_KW_FN, .fn = kw_gg_interface, .flags = CONF_KWF_NODUMP},
	{.name = "interfaces",
	 .type = CONF_KW_LIST,
	 CONF_FIELD(struct conf_garp_group, interfaces),
	 .flags = CONF_KWF_BLOCK | CONF_KWF_IFNAME},
	KW_END,
};
const struct conf_block conf_garp_group_block = {"garp_group", garp_group_kws, CONF_NO_RAW, NULL};

void
conf_parse_garp_group(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		      const struct conf_kw *kw)
{
	struct conf *conf = obj;
	struct conf_garp_group *g = conf_alloc(conf, sizeof(*g));

	(void)kw;
	conf_want_args(ctx, n, 0, 0);
	g->loc = conf_loc_of(ctx, n);
	g->garp_interval_us = g->gna_interval_us = CONF_UNSET_U64;
	conf_kw_walk(ctx, n, &conf_garp_group_block, g);
	if (!g->interfaces.n) {
		conf_err(ctx, n, "garp_group without interface(s); ignored");
		return;
	}
	*CONF_PUSH(conf, conf->garp_groups, conf->ngarp_groups) = g;
}

/* ---- small global blocks ---- */

void
conf_parse_linkbeat(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		    const struct conf_kw *kw)
{
	static const char *const types[] = {"", "MII", "ETHTOOL", "IOCTL", NULL};
	struct conf *conf = obj;
	size_t i, t;

	(void)kw;
	for (i = 0; i < n->nchildren; i++) {
		const struct conf_node *c = &n->children[i];
		struct conf_linkbeat_if lb = {.loc = conf_loc_of(ctx, c)};

		if (c->block || !conf_ifname_ok(ctx, c, c->argv[0]))
			continue;
		lb.ifname = conf_strdup(conf, c->argv[0]);
		if (c->argc > 1) {
			for (t = 1; types[t] && strcasecmp(types[t], c->argv[1]); t++)
				;
			if (!types[t])
				conf_err(ctx, c, "linkbeat type '%s' is not MII, ETHTOOL or IOCTL",
					 c->argv[1]);
			else
				lb.type = (enum conf_linkbeat_type)t;
		}
		*CONF_PUSH(conf, conf->linkbeat, conf->nlinkbeat) = lb;
	}
}

void
conf_parse_updown(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		  const struct conf_kw *kw)
{
	struct conf *conf = obj;
	size_t i;

	(void)kw;
	for (i = 0; i < n->nchildren; i++) {
		const struct conf_node *c = &n->children[i];
		struct conf_updown_delay u = {.loc = conf_loc_of(ctx, c)};

		if (c->block || !conf_ifname_ok(ctx, c, c->argv[0]))
			continue;
		if (c->argc < 2 || c->argc > 3) {
			conf_err(ctx, c, "expected 'IFNAME down_delay [up_delay]'; ignored");
			continue;
		}
		if (conf_get_timer(ctx, c, "down_delay", c->argv[1], 0, 255000000u, &u.down_us))
			continue;
		u.up_us = u.down_us;
		if (c->argc > 2 &&
		    conf_get_timer(ctx, c, "up_delay", c->argv[2], 0, 255000000u, &u.up_us))
			continue;
		u.ifname = conf_strdup(conf, c->argv[0]);
		*CONF_PUSH(conf, conf->updown, conf->nupdown) = u;
	}
}

void
conf_parse_track_group(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		       const struct conf_kw *kw)
{
	struct conf *conf = obj;
	struct conf_track_group *g;
	size_t i;

	(void)kw;
	if (!named_block_ok(ctx, n, (void *const *)conf->track_groups, conf->ntrack_groups))
		return;
	g = conf_alloc(conf, sizeof(*g));
	g->name = conf_strdup(conf, n->argv[1]);
	g->loc = conf_loc_of(ctx, n);
	for (i = 0; i < n->nchildren; i++) {
		const struct conf_node *c = &n->children[i];

		if (!strcmp(c->argv[0], "group") && c->block)
			conf_get_list(ctx, c, &g->instances, false);
		else
			conf_err(ctx, c, "unknown keyword '%s' in track_group (expected group { })",
				 c->argv[0]);
	}
	*CONF_PUSH(conf, conf->track_groups, conf->ntrack_groups) = g;
}


_Static_assert(offsetof(struct conf_vrrp_script, weight_reverse) ==
		       offsetof(struct conf_vrrp_script, weight) + sizeof(int),
	       "kw_weight_rev needs the reverse flag right after the weight");
_Static_assert(offsetof(struct conf_track_file, weight_reverse) ==
		       offsetof(struct conf_track_file, weight) + sizeof(int),
	       "kw_weight_rev needs the reverse flag right after the weight");
_Static_assert(offsetof(struct conf_vrrp_script, group) ==
		       offsetof(struct conf_vrrp_script, user) + sizeof(char *),
	       "kw_script_user needs the group right after the user");

/* ---- dumps (obj is the struct conf) ---- */

void
conf_dump_scripts(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf *conf = obj;
	size_t i;

	(void)kw;
	for (i = 0; i < conf->nscripts; i++) {
		conf_dump_open_named(d, "vrrp_script", conf->scripts[i]->name);
		conf_kw_dump(d, &conf_vrrp_script_block, conf->scripts[i]);
		conf_dump_close(d);
	}
}

void
conf_dump_track_files(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf *conf = obj;
	size_t i;

	(void)kw;
	for (i = 0; i < conf->ntrack_files; i++) {
		conf_dump_open_named(d, "track_file", conf->track_files[i]->name);
		conf_kw_dump(d, &conf_track_file_block, conf->track_files[i]);
		conf_dump_close(d);
	}
}

void
conf_dump_sync_groups(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf *conf = obj;
	size_t i;

	(void)kw;
	for (i = 0; i < conf->nsync_groups; i++) {
		conf_dump_open_named(d, "vrrp_sync_group", conf->sync_groups[i]->name);
		conf_kw_dump(d, &conf_sync_group_block, conf->sync_groups[i]);
		conf_dump_close(d);
	}
}

void
conf_dump_garp_groups(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf *conf = obj;
	size_t i;

	(void)kw;
	for (i = 0; i < conf->ngarp_groups; i++) {
		conf_dump_open(d, "garp_group");
		conf_kw_dump(d, &conf_garp_group_block, conf->garp_groups[i]);
		conf_dump_close(d);
	}
}

void
conf_dump_linkbeat(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	static const char *const types[] = {"", " MII", " ETHTOOL", " IOCTL"};
	const struct conf *conf = obj;
	size_t i;

	(void)kw;
	if (!conf->nlinkbeat)
		return;
	conf_dump_open(d, "linkbeat_interfaces");
	for (i = 0; i < conf->nlinkbeat; i++)
		conf_dump_line(d, "%s%s", conf->linkbeat[i].ifname, types[conf->linkbeat[i].type]);
	conf_dump_close(d);
}

void
conf_dump_updown(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf *conf = obj;
	char a[32], b[32];
	size_t i;

	(void)kw;
	if (!conf->nupdown)
		return;
	conf_dump_open(d, "interface_up_down_delays");
	for (i = 0; i < conf->nupdown; i++)
		conf_dump_line(d, "%s %s %s", conf->updown[i].ifname,
			       conf_fmt_timer(a, sizeof(a), conf->updown[i].down_us),
			       conf_fmt_timer(b, sizeof(b), conf->updown[i].up_us));
	conf_dump_close(d);
}

void
conf_dump_track_groups(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf *conf = obj;
	size_t i, j;

	(void)kw;
	for (i = 0; i < conf->ntrack_groups; i++) {
		const struct conf_track_group *g = conf->track_groups[i];

		conf_dump_open_named(d, "track_group", g->name);
		conf_dump_open(d, "group");
		for (j = 0; j < g->instances.n; j++) {
			conf_dump_start(d, "");
			conf_dump_word(d, g->instances.v[j]);
			conf_dump_end(d);
		}
		conf_dump_close(d);
		conf_dump_close(d);
	}
}
