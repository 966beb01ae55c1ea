/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * metrics: Prometheus text metrics (vigil extension, global_defs
 * metrics_listen ADDRESS [PORT]). The parent serves GET /metrics from its
 * event loop: for each scrape it asks the children for their status
 * documents over their status sockets (the same as vigild --status --json),
 * without blocking, and renders them in the text exposition format 0.0.4.
 * The parent still never touches VRRP or IPVS: this is a local HTTP
 * listener only, and a child that does not answer shows as vigil_child_up 0.
 *
 * Three parts: metrics.c (listener, HTTP and status-socket I/O),
 * metrics_render.c (pure: request check, JSON documents to exposition
 * text) and metrics_json.c (a small JSON reader for the status documents).
 * The pure parts do no I/O but on the FILE they are given, and never log.
 */
#ifndef VIGIL_DAEMON_METRICS_H
#define VIGIL_DAEMON_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ev/ev.h"

struct conf_global;

#define METRICS_MAX_REQUEST	  4096			/* bytes of request line and headers */
#define METRICS_MAX_CLIENTS	  8			/* more are closed at once */
#define METRICS_CLIENT_TIMEOUT_US (2 * EV_USEC_PER_SEC) /* to send the request */
#define METRICS_FETCH_TIMEOUT_US  (1500 * 1000)		/* a child's status answer */
#define METRICS_CONTENT_TYPE	  "text/plain; version=0.0.4; charset=utf-8"

struct metrics;

/*
 * Listens on g->metrics_addr:g->metrics_port when configured. Returns an
 * owned listener, or NULL when not configured or the socket cannot be set
 * up (logged: the daemon runs without metrics). The pid file names are
 * borrowed for the listener's lifetime; the children's status sockets are
 * "<pid file>.sock".
 */
struct metrics *metrics_open(struct ev_loop *loop, const struct conf_global *g,
			     const char *vrrp_pid_file, const char *checker_pid_file);
/*
 * Reload: keeps *m when the address is unchanged, else closes it and opens
 * the new one (or none).
 */
void metrics_reconf(struct metrics **m, struct ev_loop *loop, const struct conf_global *g,
		    const char *vrrp_pid_file, const char *checker_pid_file);
/* Drops every client and closes the socket. NULL is a no-op. */
void metrics_close(struct metrics *m);
/*
 * In a freshly forked child: closes the listener's and the clients' fds
 * (so a child never holds the port or a scrape open) without touching the
 * loop or freeing anything: that memory is the parent's copy. NULL: no-op.
 */
void metrics_close_after_fork(struct metrics *m);

/* ---- pure: HTTP request check (metrics_render.c) ---- */

/*
 * Checks the request read so far. Returns 0 while more is needed, else the
 * status to answer: 200 (GET or HEAD /metrics, *head set for HEAD), 400
 * (malformed, or larger than METRICS_MAX_REQUEST), 404 (another path) or
 * 405 (another method).
 */
int metrics_http_check(const char *buf, size_t len, bool *head);
/* The reason phrase of the statuses above ("OK", "Bad Request" ...). */
const char *metrics_http_reason(int status);

/* ---- pure: rendering (metrics_render.c) ---- */

/*
 * Writes the exposition text for the two children's status documents
 * (JSON as vigild --status --json prints each; NULL when the child did not
 * answer). A document that does not parse counts as not answered.
 */
void metrics_render(FILE *out, const char *vrrp_doc, size_t vrrp_len, const char *checker_doc,
		    size_t checker_len);
/* Writes s as a label value: backslash, double quote and newline escaped. */
void metrics_label_value(FILE *out, const char *s);

/* ---- pure: JSON reader (metrics_json.c) ---- */

enum mj_type {
	MJ_NULL,
	MJ_BOOL,
	MJ_NUM,
	MJ_STR,
	MJ_ARR,
	MJ_OBJ,
};

/* A JSON value; members of arrays and objects are chained through next. */
struct mj {
	enum mj_type type;
	char *key;  /* member name inside an object, else NULL */
	char *text; /* MJ_STR: the decoded string; MJ_NUM: the number as written */
	bool b;	    /* MJ_BOOL */
	struct mj *child, *next;
};

/* Parses len bytes (one value, surrounding blanks allowed). Owned result, or NULL. */
struct mj *mj_parse(const char *s, size_t len);
void mj_free(struct mj *v);
/* The member key of object o (NULL when o is no object or has none). Borrowed. */
const struct mj *mj_get(const struct mj *o, const char *key);
/* The string of a MJ_STR member, else NULL. Borrowed. */
const char *mj_str(const struct mj *o, const char *key);

#endif
