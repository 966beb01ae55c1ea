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

struct conf_load_opts {
	const char *path;      /* config file */
	const char *config_id; /* -i; NULL = hostname up to the first '.' */
	bool all_config;       /* -e: every include must match */
	bool check_system;     /* -t / start-up: check interfaces exist, script security */
};

/* Process-level settings the parent needs. The model defines the rest. */
struct conf_process {
	uint64_t child_wait_time_us; /* child_wait_time, default 5 s */
	char *router_id;	      /* global_defs router_id, default hostname */
};

struct conf;

/*
 * Loads and validates opts->path. Returns an owned model (free with
 * conf_free) even when diags holds errors, or NULL when nothing could be
 * read (a FATAL diagnostic says why).
 */
struct conf *conf_load(const struct conf_load_opts *opts, struct conf_diags *diags);
void conf_free(struct conf *conf);
/* True when the config has content for the VRRP child (instances, static addresses...). */
bool conf_has_vrrp(const struct conf *conf);
/* True when the config has content for the checker child (virtual servers). */
bool conf_has_checker(const struct conf *conf);
const struct conf_process *conf_process(const struct conf *conf);
/* Prints the fully resolved config in keepalived syntax; the output parses to the same dump. */
void conf_dump(FILE *out, const struct conf *conf);

#endif
