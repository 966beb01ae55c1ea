/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * child: what the VRRP and checker children share. The parent forks and
 * calls child_run() with the child's ops; child_run() names the process,
 * ties its life to the parent's (PR_SET_PDEATHSIG), opens its own log
 * ident, builds a fresh event loop with the signals every child handles
 * (SIGTERM/SIGINT stop, SIGHUP reload, SIGUSR1 data dump, SIGUSR2 stats
 * dump), and runs it. Children share nothing else at run time.
 */
#ifndef VIGIL_DAEMON_CHILD_H
#define VIGIL_DAEMON_CHILD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "daemon/options.h"
#include "ev/ev.h"
#include "util/log.h"

struct conf;
struct child_ctx;
struct status_server;

struct child_ops {
	const char *name;	   /* "VRRP", "Healthcheck": used in log lines */
	const char *title;	   /* process title: "vigild: vrrp" */
	enum log_process log_proc; /* syslog ident */
	/* Start the engine on ctx->conf; returns 0 or a vigil_exit code (CONFIG, ...). */
	int (*start)(struct child_ctx *ctx);
	/* A new configuration was loaded (ctx->conf already replaced). */
	void (*reload)(struct child_ctx *ctx, const struct conf *old);
	/* Stop: hand over and release what the engine owns (adverts, VIPs, IPVS). */
	void (*stop)(struct child_ctx *ctx);
	/* After stop: true while work should finish first (notify_stop scripts);
	 * polled for at most CHILD_STOP_GRACE_US. May be NULL. */
	bool (*busy)(struct child_ctx *ctx);
	/* After the loop ended: free the engine. May be NULL. */
	void (*free)(struct child_ctx *ctx);
	void (*dump_data)(struct child_ctx *ctx);  /* SIGUSR1; may be NULL */
	void (*dump_stats)(struct child_ctx *ctx); /* SIGUSR2; may be NULL */
	/* vigild --status: the child's document (JSON object or table); may be NULL. */
	void (*status)(struct child_ctx *ctx, FILE *out, bool json);
};

struct child_ctx {
	const struct child_ops *ops;
	const struct vigil_opts *opts;
	struct conf *conf; /* owned by the child after fork */
	struct ev_loop *loop;
	pid_t parent_pid;
	void *engine; /* the child's own state */
	int exit_code;
	struct ev_signal sig_term, sig_int, sig_hup, sig_usr1, sig_usr2;
	struct ev_timer stop_poll; /* waits for ops->busy() after a stop */
	uint64_t stop_deadline;
	bool stopping;
	struct status_server *status;  /* "<pid file>.sock" while ops->status exists */
	unsigned long long reload_gen; /* SIGHUPs handled (applied or refused): vigild --reload */
	bool reload_refused;	       /* the last one was refused */
};

/* How long a stopping child lets its scripts finish (below child_wait_time's 5 s default). */
#define CHILD_STOP_GRACE_US (2 * EV_USEC_PER_SEC)

/*
 * Runs a child to completion inside the forked process and returns its exit
 * code. conf is the parent's parsed configuration (the child takes it over).
 */
int child_run(const struct child_ops *ops, const struct vigil_opts *opts, struct conf *conf,
	      pid_t parent_pid);

#endif
