/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * parent: supervision of the children. One struct child per kind; each is
 * forked from the parent's current configuration, watched with an ev_child
 * watcher, and respawned after 1, 2, 4 ... 60 s (at once if it had run
 * longer than 60 s). Exit codes FATAL, CONFIG and MISSING_PERMISSION are
 * permanent: the parent stops everything and exits with that code.
 * With metrics_listen it also serves GET /metrics (metrics.c), a local
 * HTTP listener fed by the children's status sockets. The notify FIFO
 * reader scripts (fifo_readers.c) start before the children and stop after
 * them, so they read the children's last lines.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checker/hc_main.h"
#include "conf/conf.h"
#include "daemon/child.h"
#include "daemon/conf_load_log.h"
#include "daemon/fifo_readers.h"
#include "daemon/metrics.h"
#include "daemon/parent.h"
#include "daemon/status.h"
#include "ev/ev.h"
#include "util/log.h"
#include "util/pidfile.h"
#include "util/sdnotify.h"
#include "vrrp/vrrp_dump.h"
#include "vrrp/vrrp_main.h"

#define RESPAWN_MAX_DELAY_S 60
#define RESPAWN_STABLE_S    60.0

struct parent;

struct child {
	struct parent *parent;
	const struct child_ops *ops;
	const char *pid_file;
	bool wanted; /* the configuration (or --all) asks for this child */
	pid_t pid;
	uint64_t started_at;
	unsigned delay_s; /* last respawn delay */
	struct ev_child watch;
	struct ev_timer respawn;
};

struct parent {
	const struct vigil_opts *opts;
	struct conf *conf;
	struct ev_loop *loop;
	struct child children[2]; /* checker first, as keepalived starts them */
	struct ev_signal sig_term, sig_int, sig_hup, sig_usr1, sig_usr2, sig_json, sig_clear;
	struct ev_timer kill_timer;
	struct metrics *metrics;       /* metrics_listen: GET /metrics from the children's status */
	struct status_server *status;  /* "<pid file>.sock": reload generation (vigild --reload) */
	struct fifo_readers *readers;  /* *_notify_fifo_script */
	unsigned long long reload_gen; /* SIGHUPs handled, applied or refused */
	bool reload_refused;
	bool stopping;
	int exit_code;
};

unsigned
parent_respawn_delay(unsigned prev, double ran_s)
{
	if (ran_s > RESPAWN_STABLE_S)
		return 0;
	if (prev == 0)
		return 1;
	return prev * 2 > RESPAWN_MAX_DELAY_S ? RESPAWN_MAX_DELAY_S : prev * 2;
}

static bool
exit_is_permanent(int code)
{
	return code == VIGIL_EXIT_FATAL || code == VIGIL_EXIT_CONFIG ||
	       code == VIGIL_EXIT_MISSING_PERMISSION;
}

static void child_exited(struct ev_loop *loop, struct ev_child *w, int status, void *arg);
static void parent_stop(struct parent *p, int exit_code);

static int
child_spawn(struct child *c)
{
	struct parent *p = c->parent;
	pid_t pid = fork();

	if (pid < 0) {
		log_warn("cannot fork the %s child", c->ops->name);
		return -1;
	}
	if (pid == 0) {
		/* The child takes over its copy of the parent's config and
		 * drops the parent's loop (signals stay blocked and pending
		 * for the child's own loop). */
		ev_loop_free_after_fork(p->loop);
		status_close_after_fork(p->status);
		metrics_close_after_fork(p->metrics);
		fifo_readers_close_after_fork(p->readers);
		_exit(child_run(c->ops, p->opts, p->conf, getppid()));
	}
	c->pid = pid;
	c->started_at = ev_now(p->loop);
	ev_child_init(&c->watch, pid, child_exited, c);
	ev_child_start(p->loop, &c->watch);
	int err = pidfile_write(c->pid_file, pid);
	if (err < 0)
		log_warnx("cannot write pid file %s: %s", c->pid_file, strerror(-err));
	return 0;
}

static void
child_respawn_due(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct child *c = arg;

	(void)loop, (void)t;
	if (!c->parent->stopping && c->wanted && c->pid == 0)
		child_spawn(c);
}

static void
child_exited(struct ev_loop *loop, struct ev_child *w, int status, void *arg)
{
	struct child *c = arg;
	struct parent *p = c->parent;
	double ran_s = (double)(ev_now(loop) - c->started_at) / EV_USEC_PER_SEC;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;

	(void)w;
	pidfile_remove(c->pid_file);
	c->pid = 0;
	if (p->stopping) {
		parent_stop(p, p->exit_code); /* may finish the shutdown */
		return;
	}
	if (exit_is_permanent(code)) {
		log_err("%s child process(%ld) exited with permanent error %d. Terminating",
			c->ops->name, (long)w->pid, code);
		parent_stop(p, code);
		return;
	}
	if (WIFSIGNALED(status))
		log_warnx("%s child process(%ld) died on signal %d: Respawning", c->ops->name,
			  (long)w->pid, WTERMSIG(status));
	else
		log_warnx("%s child process(%ld) exited with status %d: Respawning", c->ops->name,
			  (long)w->pid, code);
	if (p->opts->dont_respawn) {
		log_info("-R given: not respawning; stopping");
		parent_stop(p, VIGIL_EXIT_OK);
		return;
	}
	c->delay_s = parent_respawn_delay(c->delay_s, ran_s);
	ev_timer_init(&c->respawn, child_respawn_due, c);
	ev_timer_start(loop, &c->respawn, (uint64_t)c->delay_s * EV_USEC_PER_SEC);
	if (c->delay_s)
		log_info("%s child will be respawned in %u s", c->ops->name, c->delay_s);
}

static size_t
children_running(const struct parent *p)
{
	size_t n = 0;

	for (size_t i = 0; i < 2; i++)
		n += p->children[i].pid != 0;
	return n;
}

static void
kill_stragglers(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct parent *p = arg;

	(void)loop, (void)t;
	for (size_t i = 0; i < 2; i++) {
		struct child *c = &p->children[i];

		if (c->pid) {
			log_warnx("%s child process(%ld) did not stop within child_wait_time: "
				  "killing it",
				  c->ops->name, (long)c->pid);
			kill(c->pid, SIGKILL);
		}
	}
}

/* Starts or continues an orderly stop; ends the loop once every child, then reader, is gone. */
static void
parent_stop(struct parent *p, int exit_code)
{
	if (!p->stopping) {
		p->stopping = true;
		sdnotify("STOPPING=1");
		p->exit_code = exit_code;
		for (size_t i = 0; i < 2; i++) {
			ev_timer_stop(p->loop, &p->children[i].respawn);
			if (p->children[i].pid)
				kill(p->children[i].pid, SIGTERM);
		}
		ev_timer_init(&p->kill_timer, kill_stragglers, p);
		ev_timer_start(p->loop, &p->kill_timer, conf_process(p->conf)->child_wait_time_us);
	}
	if (children_running(p) == 0) {
		ev_timer_stop(p->loop, &p->kill_timer);
		fifo_readers_stop(p->readers);
		if (fifo_readers_running(p->readers) == 0)
			ev_break(p->loop);
	}
}

static void
readers_gone(void *arg)
{
	struct parent *p = arg;

	if (p->stopping && children_running(p) == 0)
		ev_break(p->loop);
}

static void
on_stop_signal(struct ev_loop *loop, struct ev_signal *s, const struct signalfd_siginfo *info,
	       void *arg)
{
	(void)loop, (void)s;
	log_info("Stopping (signal %u)", info->ssi_signo);
	parent_stop(arg, VIGIL_EXIT_OK);
}

static void
forward_signal(struct parent *p, int signo, bool vrrp_only)
{
	for (size_t i = 0; i < 2; i++) {
		struct child *c = &p->children[i];

		if (c->pid && (!vrrp_only || c->ops == &vrrp_child_ops))
			kill(c->pid, signo);
	}
}

static void
on_dump_signal(struct ev_loop *loop, struct ev_signal *s, const struct signalfd_siginfo *info,
	       void *arg)
{
	(void)loop, (void)s;
	/* keepalived forwards SIGUSR2 (stats), JSON and STATS_CLEAR to the VRRP child only. */
	forward_signal(arg, (int)info->ssi_signo, info->ssi_signo != SIGUSR1);
}

static void parent_decide_children(struct parent *p);

static void
on_reload_signal(struct ev_loop *loop, struct ev_signal *s, const struct signalfd_siginfo *info,
		 void *arg)
{
	struct parent *p = arg;
	struct conf *fresh;
	int worst;

	(void)loop, (void)s, (void)info;
	if (p->stopping)
		return;
	log_info("Reloading: validating %s", p->opts->conf_file);
	sdnotify("RELOADING=1");
	fresh = conf_load_logged(p->opts, CONF_DIAG_ERROR, &worst);
	if (!fresh || worst >= CONF_DIAG_ERROR) {
		log_err("Reload refused: the new configuration has errors; "
			"still running on the previous one");
		p->reload_gen++;
		p->reload_refused = true;
		conf_free(fresh);
		sdnotify("READY=1");
		return;
	}
	conf_free(p->conf);
	conf_release_memory();
	p->conf = fresh;
	metrics_reconf(&p->metrics, p->loop, &p->conf->global, p->opts->vrrp_pid_file,
		       p->opts->checker_pid_file);
	fifo_readers_apply(p->readers, p->conf);
	forward_signal(p, SIGHUP, false);
	parent_decide_children(p);
	/* SIGHUPs arriving meanwhile stayed pending (coalesced into one) in
	 * the signalfd: the next reload starts after this one, never inside. */
	p->reload_gen++;
	p->reload_refused = false;
	sdnotify("READY=1");
}

/* The parent's status socket answers the reload generation, and a summary. */
static void
parent_status_fill(void *arg, FILE *out, enum status_req req)
{
	const struct parent *p = arg;
	const char *last = p->reload_gen ? p->reload_refused ? "refused" : "ok" : "none";

	if (req == STATUS_REQ_RELOAD)
		status_reload_line(out, p->reload_gen, p->reload_refused);
	else if (req == STATUS_REQ_JSON)
		fprintf(out, "{\"pid\":%ld,\"reloads\":%llu,\"last_reload\":\"%s\"}",
			(long)getpid(), p->reload_gen, last);
	else
		fprintf(out, "vigild (pid %ld): %llu reload(s), last %s\n", (long)getpid(),
			p->reload_gen, last);
}

static void
parent_status_open(struct parent *p)
{
	char path[512];

	if (p->opts->pid_file && status_sock_path(path, sizeof(path), p->opts->pid_file))
		p->status = status_open(p->loop, path, parent_status_fill, p);
}

/* Which children the configuration (and -P/-C/--all) wants; starts the missing ones. */
static void
parent_decide_children(struct parent *p)
{
	const struct vigil_opts *o = p->opts;
	struct child *hc = &p->children[0], *vrrp = &p->children[1];

	hc->wanted = !o->vrrp_only && (o->all_children || conf_has_checker(p->conf));
	vrrp->wanted = !o->checker_only && (o->all_children || conf_has_vrrp(p->conf));
	for (size_t i = 0; i < 2; i++) {
		struct child *c = &p->children[i];

		if (c->wanted && c->pid == 0 && !ev_timer_active(&c->respawn))
			child_spawn(c);
	}
}

static int
parent_watch_signals(struct parent *p)
{
	struct {
		struct ev_signal *w;
		int signo;
		ev_signal_cb cb;
	} sigs[] = {
		{&p->sig_term, SIGTERM, on_stop_signal},
		{&p->sig_int, SIGINT, on_stop_signal},
		{&p->sig_hup, SIGHUP, on_reload_signal},
		{&p->sig_usr1, SIGUSR1, on_dump_signal},
		{&p->sig_usr2, SIGUSR2, on_dump_signal},
		{&p->sig_json, VRRP_DUMP_SIGJSON, on_dump_signal},
		{&p->sig_clear, VRRP_DUMP_SIGSTATS_CLEAR, on_dump_signal},
	};

	signal(SIGPIPE, SIG_IGN);
	if (p->opts->ignore_sigint)
		signal(SIGINT, SIG_IGN);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (sigs[i].signo == SIGINT && p->opts->ignore_sigint)
			continue;
		ev_signal_init(sigs[i].w, sigs[i].signo, sigs[i].cb, p);
		if (ev_signal_start(p->loop, sigs[i].w) < 0)
			return -1;
	}
	return 0;
}

int
parent_run(const struct vigil_opts *opts, struct conf *conf)
{
	struct parent p = {.opts = opts, .conf = conf};

	p.children[0] = (struct child){
		.parent = &p, .ops = &hc_child_ops, .pid_file = opts->checker_pid_file};
	p.children[1] = (struct child){
		.parent = &p, .ops = &vrrp_child_ops, .pid_file = opts->vrrp_pid_file};
	for (size_t i = 0; i < 2; i++)
		ev_timer_init(&p.children[i].respawn, child_respawn_due, &p.children[i]);
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	p.loop = ev_loop_new();
	if (!p.loop || parent_watch_signals(&p) < 0) {
		log_warn("cannot set up the event loop");
		conf_free(conf);
		return VIGIL_EXIT_FATAL;
	}
	p.metrics =
		metrics_open(p.loop, &p.conf->global, opts->vrrp_pid_file, opts->checker_pid_file);
	parent_status_open(&p);
	p.readers = fifo_readers_new(p.loop, readers_gone, &p);
	fifo_readers_apply(p.readers, p.conf);
	parent_decide_children(&p);
	sdnotify("READY=1");
	if (children_running(&p) == 0)
		log_warnx("the configuration has nothing for the VRRP or checker child to do; "
			  "waiting for a reload");
	if (ev_run(p.loop) < 0)
		p.exit_code = VIGIL_EXIT_PROGRAM_ERROR;
	metrics_close(p.metrics);
	status_close(p.status);
	fifo_readers_free(p.readers);
	ev_loop_free(p.loop);
	conf_free(p.conf);
	return p.exit_code;
}
