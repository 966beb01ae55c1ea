/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * status: a child's status socket (vigild --status). Each child listens on
 * its own unix stream socket next to its pid file ("<pid file>.sock", mode
 * 0600). A client connects, writes one request line ("json", "text" or
 * "reload": vigild --reload), and reads the document until EOF. Everything runs from the child's event
 * loop and never blocks it: non-blocking accept, a bounded document, and a
 * client that neither asks nor reads within STATUS_CLIENT_TIMEOUT_US is
 * dropped. This module knows nothing of VRRP or the checker: the producer's
 * fill callback writes the document. Also the small JSON writing helpers
 * the producers and the client share.
 */
#ifndef VIGIL_DAEMON_STATUS_H
#define VIGIL_DAEMON_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ev/ev.h"

#define STATUS_CLIENT_TIMEOUT_US (1000 * 1000)
#define STATUS_MAX_CLIENTS	 8
#define STATUS_MAX_DOC		 (1024 * 1024) /* a larger document is cut there */
#define STATUS_SOCK_SUFFIX	 ".sock"

/* The request line a client sends: "text", "json" or "reload". */
enum status_req {
	STATUS_REQ_TEXT,
	STATUS_REQ_JSON,
	STATUS_REQ_RELOAD, /* one line: "reload <generation> ok|refused <pid>" */
};

/* Writes the answer to out: JSON (one object), a human table, or the reload line. */
typedef void (*status_fill_fn)(void *arg, FILE *out, enum status_req req);

struct status_server;

/*
 * Listens on path (an old socket file there is replaced) and answers from
 * loop. Returns an owned server, or NULL (logged; the child runs without a
 * status socket). fill and arg are borrowed until status_close().
 */
struct status_server *status_open(struct ev_loop *loop, const char *path, status_fill_fn fill,
				  void *arg);
/* Drops every client, closes the socket and removes its file. NULL is a no-op. */
void status_close(struct status_server *s);

/* In a forked child: closes the inherited fds and frees, keeping the socket file. */
void status_close_after_fork(struct status_server *s);

/* "<pid_file>.sock" into buf; returns buf, or NULL when it does not fit. */
char *status_sock_path(char *buf, size_t len, const char *pid_file);

/* Connects to the status socket at path (3 s send/receive timeouts); fd or -1 (errno). */
int status_connect(const char *path);
/* Writes the reload line of status_req STATUS_REQ_RELOAD. */
void status_reload_line(FILE *out, unsigned long long gen, bool refused);

/* Writes s as a JSON string (quotes included), escaped per RFC 8259. NULL: null. */
void status_json_str(FILE *out, const char *s);
/* Writes "key": (with a leading comma unless first). */
void status_json_key(FILE *out, bool first, const char *key);

/*
 * vigild --status (status_client.c): asks both children through the sockets
 * next to their pid files and prints their documents, merged into one JSON
 * object {"vrrp": ..., "checker": ...} with json. Says on stderr which child
 * does not answer. Returns 0 when at least one answered, else 3.
 */
int status_client_run(const char *vrrp_pid_file, const char *checker_pid_file, bool json);

#endif
