/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * child: the common life of a forked child: identity (title, log ident,
 * parent-death signal), its event loop, its signals, and reloading its
 * configuration on SIGHUP. The engines (VRRP, checker) plug in through
 * struct child_ops and never fork or handle signals themselves.
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "conf/conf.h"
#include "daemon/child.h"
#include "daemon/conf_load_log.h"
#include "daemon/status.h"
#include "util/proctitle.h"

#define CHILD_STOP_POLL_US (50 * 1000)

static void
child_stop_poll(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct child_ctx *ctx = arg;

	if (ctx->ops->busy && ctx->ops->busy(ctx) && ev_now(loop) < ctx->stop_deadline) {
		ev_timer_start(loop, t, CHILD_STOP_POLL_US);
		return;
	}
	ev_break(loop);
}

/*
 * How long after the signal a stopping child may wait for ops->busy():
 * CHILD_STOP_GRACE_US, but never past three quarters of child_wait_time,
 * after which the parent SIGKILLs it (the last quarter is for the exit).
 */
static uint64_t
child_stop_grace(const struct child_ctx *ctx)
{
	uint64_t wait = conf_process(ctx->conf)->child_wait_time_us;
	uint64_t cap = wait - wait / 4;

	return cap < CHILD_STOP_GRACE_US ? cap : CHILD_STOP_GRACE_US;
}

static void
child_on_stop(struct ev_loop *loop, struct ev_signal *s, const struct signalfd_siginfo *info,
	      void *arg)
{
	struct child_ctx *ctx = arg;
	uint64_t t0 = ev_now(loop), took;

	(void)s;
	if (ctx->stopping)
		return;
	ctx->stopping = true;
	log_info("%s child process terminating (signal %u)", ctx->ops->name, info->ssi_signo);
	if (ctx->ops->stop)
		ctx->ops->stop(ctx);
	ev_now_update(loop);
	took = ev_now(loop) - t0;
	if (took > child_stop_grace(ctx))
		log_warnx("%s child: stopping took %llu ms (child_wait_time %llu ms)",
			  ctx->ops->name, (unsigned long long)(took / 1000),
			  (unsigned long long)(conf_process(ctx->conf)->child_wait_time_us / 1000));
	ctx->stop_deadline = t0 + child_stop_grace(ctx);
	ev_timer_init(&ctx->stop_poll, child_stop_poll, ctx);
	ev_timer_start(loop, &ctx->stop_poll, 0);
}

static void
child_on_reload(struct ev_loop *loop, struct ev_signal *s, const struct signalfd_siginfo *info,
		void *arg)
{
	struct child_ctx *ctx = arg;
	struct conf *fresh, *old;
	int worst;

	(void)loop, (void)s, (void)info;
	if (ctx->stopping)
		return;
	log_info("Reloading");
	fresh = conf_load_logged(ctx->opts, CONF_DIAG_ERROR, &worst);
	ctx->reload_gen++;
	ctx->reload_refused = !fresh || worst >= CONF_DIAG_ERROR;
	if (ctx->reload_refused) {
		log_warnx("%s: new configuration has errors; keeping the running one",
			  ctx->ops->name);
		conf_free(fresh);
		return;
	}
	old = ctx->conf;
	ctx->conf = fresh;
	if (ctx->ops->reload)
		ctx->ops->reload(ctx, old);
	conf_free(old);
	conf_release_memory();
	log_info("Reload finished");
}

static void
child_on_dump(struct ev_loop *loop, struct ev_signal *s, const struct signalfd_siginfo *info,
	      void *arg)
{
	struct child_ctx *ctx = arg;
	void (*dump)(struct child_ctx *) =
		info->ssi_signo == SIGUSR1 ? ctx->ops->dump_data : ctx->ops->dump_stats;

	(void)loop, (void)s;
	if (dump)
		dump(ctx);
	else
		log_info("%s: %s dump is not implemented yet", ctx->ops->name,
			 info->ssi_signo == SIGUSR1 ? "data" : "stats");
}

static int
child_watch_signals(struct child_ctx *ctx)
{
	struct {
		struct ev_signal *w;
		int signo;
		ev_signal_cb cb;
	} sigs[] = {
		{&ctx->sig_term, SIGTERM, child_on_stop}, {&ctx->sig_int, SIGINT, child_on_stop},
		{&ctx->sig_hup, SIGHUP, child_on_reload}, {&ctx->sig_usr1, SIGUSR1, child_on_dump},
		{&ctx->sig_usr2, SIGUSR2, child_on_dump},
	};

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (sigs[i].signo == SIGINT && ctx->opts->ignore_sigint)
			continue;
		ev_signal_init(sigs[i].w, sigs[i].signo, sigs[i].cb, ctx);
		if (ev_signal_start(ctx->loop, sigs[i].w) < 0)
			return -1;
	}
	return 0;
}

static void
child_status_fill(void *arg, FILE *out, enum status_req req)
{
	struct child_ctx *ctx = arg;

	/* Answered between two events: a reload is never half done here. */
	if (req == STATUS_REQ_RELOAD)
		status_reload_line(out, ctx->reload_gen, ctx->reload_refused);
	else
		ctx->ops->status(ctx, out, req == STATUS_REQ_JSON);
}

/* The status socket next to the child's own pid file (vigild --status). */
static void
child_status_open(struct child_ctx *ctx)
{
	const char *pid_file = ctx->ops->log_proc == LOG_PROC_VRRP ? ctx->opts->vrrp_pid_file
								   : ctx->opts->checker_pid_file;
	char path[512];

	if (ctx->ops->status && pid_file && status_sock_path(path, sizeof(path), pid_file))
		ctx->status = status_open(ctx->loop, path, child_status_fill, ctx);
}

int
child_run(const struct child_ops *ops, const struct vigil_opts *opts, struct conf *conf,
	  pid_t parent_pid)
{
	struct child_ctx ctx = {
		.ops = ops,
		.opts = opts,
		.conf = conf,
		.parent_pid = parent_pid,
	};
	int rc;

	/* Never outlive the parent; it may have died before prctl() took effect. */
	prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	if (getppid() != parent_pid)
		return VIGIL_EXIT_OK;
	proctitle_set(ops->title);
	log_set_process(ops->log_proc);
	ctx.loop = ev_loop_new();
	if (!ctx.loop || child_watch_signals(&ctx) < 0) {
		log_warn("%s child: cannot set up its event loop", ops->name);
		return VIGIL_EXIT_FATAL;
	}
	log_info("Starting %s child process, pid=%ld", ops->name, (long)getpid());
	rc = ops->start ? ops->start(&ctx) : 0;
	if (rc == 0) {
		child_status_open(&ctx);
		if (ev_run(ctx.loop) < 0)
			ctx.exit_code = VIGIL_EXIT_PROGRAM_ERROR;
		rc = ctx.exit_code;
	}
	ev_timer_stop(ctx.loop, &ctx.stop_poll);
	status_close(ctx.status);
	if (ops->free)
		ops->free(&ctx);
	ev_loop_free(ctx.loop);
	conf_free(ctx.conf);
	log_info("Stopped %s child process", ops->name);
	return rc;
}
