/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf: entry points of the configuration model. Parses the file with
 * lib/conf, walks the top-level statements through the root keyword table,
 * runs validation (defaults, cross-field rules) and, on request, the
 * system checks; answers the parent's questions (has VRRP / checker
 * content, process settings) and prints the dump. Never exits, never logs.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/conf_model_priv.h"
#include "util/xalloc.h"

#define C(f) CONF_FIELD(struct conf, f)
#define SECTION(n, p, d)                                                                           \
	{                                                                                          \
		.name = (n), .type = CONF_KW_FN, .fn = (p), .dump = (d), .flags = CONF_KWF_BLOCK   \
	}

static const char *const no_ns = "network namespaces are not implemented";

static const struct conf_kw root_kws[] = {
	KW_TIMER("child_wait_time", struct conf, process.child_wait_time_us, 0, 3600000000LL),
	KW_STR("instance", struct conf, instance),
	KW_FLAG("use_pid_dir", struct conf, use_pid_dir),
	KW_FLAG("linkbeat_use_polling", struct conf, linkbeat_use_polling),
	KW_UNSUP("net_namespace", no_ns),
	KW_UNSUP("net_namespace_ipvs", no_ns),
	KW_UNSUP("namespace_with_ipsets", no_ns),
	SECTION("global_defs", conf_parse_global, conf_dump_global),
	SECTION("linkbeat_interfaces", conf_parse_linkbeat, conf_dump_linkbeat),
	SECTION("interface_up_down_delays", conf_parse_updown, conf_dump_updown),
	SECTION("track_group", conf_parse_track_group, conf_dump_track_groups),
	{.name = "static_ipaddress",
	 .type = CONF_KW_FN,
	 C(static_addrs),
	 .fn = conf_kw_iplist,
	 .dump = conf_dumpfn_iplist,
	 .flags = CONF_KWF_BLOCK},
	{.name = "static_routes",
	 .type = CONF_KW_FN,
	 C(static_routes),
	 .fn = conf_kw_routes,
	 .dump = conf_dumpfn_routes,
	 .flags = CONF_KWF_BLOCK},
	{.name = "static_rules",
	 .type = CONF_KW_FN,
	 C(static_rules),
	 .fn = conf_kw_rules,
	 .dump = conf_dumpfn_rules,
	 .flags = CONF_KWF_BLOCK},
	SECTION("track_file", conf_parse_track_file, conf_dump_track_files),
	KW_ALIAS("vrrp_track_file", "track_file", "is the old name of 'track_file'"),
	KW_UNSUP("vrrp_track_process", "process tracking is not implemented"),
	KW_UNSUP("bfd_instance", "BFD is not implemented"),
	SECTION("vrrp_script", conf_parse_vrrp_script, conf_dump_scripts),
	SECTION("garp_group", conf_parse_garp_group, conf_dump_garp_groups),
	SECTION("vrrp_sync_group", conf_parse_sync_group, conf_dump_sync_groups),
	SECTION("vrrp_instance", conf_parse_vrrp, conf_dump_instances),
	SECTION("SSL", conf_parse_ssl, conf_dump_ssl),
	SECTION("virtual_server_group", conf_parse_vsg, conf_dump_vsgs),
	SECTION("virtual_server", conf_parse_vs, conf_dump_vss),
	KW_END,
};

static const struct conf_block root_block = {"the top level", root_kws,
					     offsetof(struct conf, unsupported), NULL};

const struct conf_block *const conf_all_blocks[] = {
	&root_block,
	&conf_global_block,
	&conf_vrrp_block,
	&conf_sync_group_block,
	&conf_vrrp_script_block,
	&conf_track_file_block,
	&conf_garp_group_block,
	&conf_vs_block,
	&conf_rs_block,
	&conf_ssl_block,
	&conf_url_block,
	NULL,
};

static struct conf *
conf_new(const struct conf_tree *tree)
{
	struct conf *conf = xcalloc(1, sizeof(*conf));
	size_t i;

	conf->process.child_wait_time_us = 5000000u;
	conf_global_init(&conf->global);
	conf->files = xcalloc(tree->nfiles + 1, sizeof(char *));
	for (i = 0; i < tree->nfiles; i++)
		conf->files[i] = xstrdup(tree->files[i]);
	conf->nfiles = tree->nfiles;
	return conf;
}

static char *
host_name(struct conf *conf)
{
	char buf[256];

	if (gethostname(buf, sizeof(buf) - 1))
		return conf_strdup(conf, "localhost");
	buf[sizeof(buf) - 1] = '\0';
	return conf_strdup(conf, buf);
}

/* Builds the model from a parsed tree; the tree stays owned by the caller. */
static struct conf *
conf_build(const struct conf_tree *tree, const struct conf_load_opts *opts,
	   struct conf_diags *diags)
{
	struct conf *conf = conf_new(tree);
	struct conf_parse_ctx ctx = {.conf = conf, .diags = diags, .opts = opts};

	conf_kw_walk(&ctx, &tree->root, &root_block, conf);
	conf_validate(&ctx);
	if (opts->check_system)
		conf_check_system(&ctx);
	/* Host-dependent defaults stay out of the model (and the dump) but the parent needs one. */
	conf->process.router_id = conf->global.router_id ? conf->global.router_id : host_name(conf);
	return conf;
}

static struct conf_parse_opts
parse_opts(const struct conf_load_opts *opts)
{
	struct conf_parse_opts po = {.config_id = opts->config_id};

	if (opts->all_config)
		po.include_check = CONF_INCLUDE_READABLE | CONF_INCLUDE_MATCH |
				   CONF_INCLUDE_WILDCARD | CONF_INCLUDE_BRACE;
	return po;
}

struct conf *
conf_load(const struct conf_load_opts *opts, struct conf_diags *diags)
{
	struct conf_parse_opts po = parse_opts(opts);
	struct conf_tree *tree = NULL;
	struct conf *conf;

	if (conf_tree_parse_file(opts->path, &po, &tree, diags) || !tree)
		return NULL;
	conf = conf_build(tree, opts, diags);
	conf_tree_free(tree);
	return conf;
}

struct conf *
conf_load_buf(const char *name, const char *buf, size_t len, const struct conf_load_opts *opts,
	      struct conf_diags *diags)
{
	struct conf_parse_opts po = parse_opts(opts);
	struct conf_tree *tree = NULL;
	struct conf *conf;

	if (conf_tree_parse_buf(name, buf, len, &po, &tree, diags) || !tree)
		return NULL;
	conf = conf_build(tree, opts, diags);
	conf_tree_free(tree);
	return conf;
}

void
conf_free(struct conf *conf)
{
	size_t i;

	if (!conf)
		return;
	conf_pool_free(conf);
	for (i = 0; i < conf->nfiles; i++)
		free(conf->files[i]);
	free(conf->files);
	free(conf);
}

bool
conf_has_vrrp(const struct conf *conf)
{
	return conf && (conf->nvrrp || conf->static_addrs.n || conf->static_routes.n ||
			conf->static_rules.n);
}

bool
conf_has_checker(const struct conf *conf)
{
	return conf && conf->nvs;
}

const struct conf_process *
conf_process(const struct conf *conf)
{
	return &conf->process;
}

void
conf_dump(FILE *out, const struct conf *conf)
{
	struct conf_dump d = {.out = out, .conf = conf};

	if (!conf)
		return;
	fputs("# vigil resolved configuration; secrets are marked \"# secret\"\n", out);
	conf_kw_dump(&d, &root_block, conf);
}

void
conf_dump_redacted(FILE *out, const struct conf *conf)
{
	struct conf_dump d = {.out = out, .conf = conf, .hide_secrets = true};

	if (!conf)
		return;
	fputs("# vigil resolved configuration; secrets are <hidden>\n", out);
	conf_kw_dump(&d, &root_block, conf);
}

/* The element of a (pointer array, count) whose first member, a name, equals name. */
static const void *
find_named(void *const *arr, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(*(char *const *)arr[i], name))
			return arr[i];
	return NULL;
}

const struct conf_vrrp *
conf_find_vrrp(const struct conf *conf, const char *name)
{
	return find_named((void *const *)conf->vrrp, conf->nvrrp, name);
}

const struct conf_vrrp_script *
conf_find_script(const struct conf *conf, const char *name)
{
	return find_named((void *const *)conf->scripts, conf->nscripts, name);
}

const struct conf_track_file *
conf_find_track_file(const struct conf *conf, const char *name)
{
	return find_named((void *const *)conf->track_files, conf->ntrack_files, name);
}

const struct conf_sync_group *
conf_find_sync_group(const struct conf *conf, const char *name)
{
	return find_named((void *const *)conf->sync_groups, conf->nsync_groups, name);
}
