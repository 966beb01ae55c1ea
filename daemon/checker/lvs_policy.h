/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lvs_policy: the IPVS table vigil wants, computed from the config model and
 * the health of each real server: group expansion, forwarding and port rules,
 * persistence, scheduler flags, quorum with hysteresis, sorry server,
 * inhibit_on_failure. It also reports the transitions between two tables
 * (real server up/down, weight, quorum, sorry server) as events the checker
 * child turns into log lines, notify scripts and alerts.
 * Pure: no logging, no kernel access, no clock.
 */
#ifndef VIGIL_LVS_POLICY_H
#define VIGIL_LVS_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "checker/lvs_health.h"
#include "nl/nl_ipvs.h"

struct conf;
struct conf_vs;
struct conf_rs;

/* One IPVS service with its real servers; vs is the index in conf->vs that made it. */
struct lvs_svc {
	struct nl_ipvs_service svc;
	struct nl_ipvs_dest *dest;
	size_t ndest, cap;
	size_t vs;
};

/* Where a real server (or the sorry server) stands in the table. */
enum lvs_in {
	LVS_IN_OUT,	  /* not in the table */
	LVS_IN_ACTIVE,	  /* in the table with its weight */
	LVS_IN_INHIBITED, /* in the table with weight 0 (inhibit_on_failure, sorry_server_inhibit) */
};

struct lvs_rs_view {
	bool up;	/* health verdict */
	enum lvs_in in; /* resulting place in the table */
	int weight;	/* effective weight (clamped to 0..INT32_MAX) */
};

/* The logical state of one virtual server, indexed like conf->vs. */
struct lvs_vs_view {
	bool quorum_up;
	bool sorry_active;
	enum lvs_in sorry_in;
	long weight_sum; /* sum of the weights of the live real servers */
	struct lvs_rs_view *rs;
	size_t nrs;
};

/* A desired table. Zero-initialise it, or use lvs_table_init. */
struct lvs_table {
	struct lvs_svc *svc;
	size_t nsvc, cap;
	struct lvs_vs_view *vs;
	size_t nvs;
};

void lvs_table_init(struct lvs_table *t);
/* Frees what t holds and leaves it empty. */
void lvs_table_clear(struct lvs_table *t);
/* Moves src into dst (dst's old contents are freed); src is left empty. */
void lvs_table_move(struct lvs_table *dst, struct lvs_table *src);
/* The service of t with the identity of svc, or NULL (borrowed). */
const struct lvs_svc *lvs_table_find(const struct lvs_table *t, const struct nl_ipvs_service *svc);

/* Virtual server identity: family + protocol + address + port, fwmark, or group name. */
bool lvs_vs_same(const struct conf_vs *a, const struct conf_vs *b);
/* Real server identity within a virtual server: address + port. */
bool lvs_rs_same(const struct conf_rs *a, const struct conf_rs *b);

/*
 * Moves each virtual server's quorum state in h (keepalived's rules): at
 * start up iff the live weight >= quorum + hysteresis; then gained at
 * >= quorum + hysteresis, lost at < quorum - hysteresis or 0. Call before
 * lvs_policy_desired whenever h changed.
 */
void lvs_policy_update_quorum(const struct conf *conf, struct lvs_health *h);

/*
 * Fills out (cleared first) with the desired table for conf and h (both
 * borrowed; h must have been built for conf). Never fails.
 */
void lvs_policy_desired(const struct conf *conf, const struct lvs_health *h, struct lvs_table *out);

enum lvs_event_type {
	LVS_EV_RS_UP,	    /* rs came up (added, or enabled when inhibited) */
	LVS_EV_RS_DOWN,	    /* rs went down (removed, or disabled when inhibited) */
	LVS_EV_RS_WEIGHT,   /* effective weight changed */
	LVS_EV_QUORUM_UP,   /* quorum gained */
	LVS_EV_QUORUM_DOWN, /* quorum lost (or starting with quorum down) */
	LVS_EV_SORRY_ON,    /* sorry server put in service */
	LVS_EV_SORRY_OFF,   /* sorry server taken out of service */
};

struct lvs_event {
	enum lvs_event_type type;
	size_t vs;
	size_t rs;		    /* RS events only */
	int old_weight, new_weight; /* LVS_EV_RS_WEIGHT */
	long weight_sum, threshold; /* quorum events */
	bool init;		    /* the first table (start-up) */
	bool stopping;		    /* shutdown: every live server goes down */
};

typedef void (*lvs_event_fn)(const struct lvs_event *ev, void *arg);

/*
 * Reports, in configuration order, what changed from before to after (both
 * computed for conf). before NULL: start-up (each virtual server's quorum,
 * up or down, and the sorry servers in use, with init set). after NULL: shutdown (every live server and every quorum goes
 * down, with stopping set).
 */
void lvs_policy_events(const struct conf *conf, const struct lvs_table *before,
		       const struct lvs_table *after, lvs_event_fn fn, void *arg);

/* keepalived's names for log lines: "[10.0.0.1]:tcp:80", "FWM 5", "[GROUP]:tcp:0". */
void lvs_fmt_vs(char *buf, size_t len, const struct conf_vs *vs);
void lvs_fmt_rs(char *buf, size_t len, const struct conf_vs *vs, const struct conf_rs *rs);

#endif
