/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf: the configuration model. Turns the tree from lib/conf into plain
 * data (struct conf), applies keepalived's defaults and cross-field rules,
 * and reports every problem as a diagnostic. A struct conf holds no fds,
 * timers or runtime pointers and is immutable once conf_load() returns.
 */
#ifndef VIGIL_DAEMON_CONF_H
#define VIGIL_DAEMON_CONF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "conf/conf_diag.h"
#include "conf/conf_lvs.h"
#include "conf/conf_model.h"
#include "conf/conf_vrrp.h"

struct conf_load_opts {
	const char *path;      /* config file */
	const char *config_id; /* -i; NULL = hostname up to the first '.' */
	bool all_config;       /* -e: every include must match */
	bool check_system;     /* -t / start-up: check interfaces exist, script security */
};

/* Process-level settings the parent needs. The model defines the rest. */
struct conf_process {
	uint64_t child_wait_time_us; /* child_wait_time, default 5 s */
	char *router_id;	     /* global_defs router_id, default hostname */
};

struct conf_pool_hdr;

/*
 * The whole model. Arrays are (pointer, count) pairs in configuration
 * order; objects the validation rejected are not in them.
 */
struct conf {
	struct conf_process process;
	char *instance;		   /* top-level "instance NAME" */
	bool use_pid_dir;	   /* top-level */
	bool linkbeat_use_polling; /* top-level */
	struct conf_global global;
	struct conf_linkbeat_if *linkbeat;
	size_t nlinkbeat;
	struct conf_updown_delay *updown;
	size_t nupdown;
	struct conf_track_group **track_groups;
	size_t ntrack_groups;
	struct conf_iplist static_addrs;
	struct conf_routelist static_routes;
	struct conf_rulelist static_rules;
	struct conf_track_file **track_files;
	size_t ntrack_files;
	struct conf_vrrp_script **scripts;
	size_t nscripts;
	struct conf_garp_group **garp_groups;
	size_t ngarp_groups;
	struct conf_sync_group **sync_groups;
	size_t nsync_groups;
	struct conf_vrrp **vrrp;
	size_t nvrrp;
	struct conf_ssl *ssl;
	struct conf_vsg **vsgs;
	size_t nvsgs;
	struct conf_vs **vs;
	size_t nvs;
	struct conf_rawlist unsupported; /* top-level statements vigil does not support */
	char **files;			 /* every file read (owned) */
	size_t nfiles;
	struct conf_pool_hdr *pool; /* every allocation of the model */
	char *pool_cur;		    /* small allocations are cut from a pool chunk here */
	size_t pool_left;	    /* bytes left at pool_cur */
};

/*
 * Loads and validates opts->path. Returns an owned model (free with
 * conf_free) even when diags holds errors, or NULL when nothing could be
 * read (a FATAL diagnostic says why).
 */
struct conf *conf_load(const struct conf_load_opts *opts, struct conf_diags *diags);
/* Same from a buffer (tests, fuzzing); name is used in diagnostics. opts->path is ignored. */
struct conf *conf_load_buf(const char *name, const char *buf, size_t len,
			   const struct conf_load_opts *opts, struct conf_diags *diags);
void conf_free(struct conf *conf);
/* True when the config has content for the VRRP child (instances, static addresses...). */
bool conf_has_vrrp(const struct conf *conf);
/* True when the config has content for the checker child (virtual servers). */
bool conf_has_checker(const struct conf *conf);
const struct conf_process *conf_process(const struct conf *conf);
/* Prints the fully resolved config in keepalived syntax; the output parses to the same dump. */
void conf_dump(FILE *out, const struct conf *conf);
/* The same with every secret (auth_pass, passwords) printed as <hidden>: for logs. */
void conf_dump_redacted(FILE *out, const struct conf *conf);

/* Lookups by name in a loaded model; each borrows from conf, NULL when absent. */
const struct conf_vrrp *conf_find_vrrp(const struct conf *conf, const char *name);
const struct conf_vrrp_script *conf_find_script(const struct conf *conf, const char *name);
const struct conf_track_file *conf_find_track_file(const struct conf *conf, const char *name);
const struct conf_sync_group *conf_find_sync_group(const struct conf *conf, const char *name);

#endif
