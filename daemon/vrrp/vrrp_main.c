/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_main: the VRRP child's life cycle hooks. At start every instance's
 * interface must exist (keepalived's VRRP child exits with its configuration
 * code otherwise, which stops the daemon). Then it starts one vrrp_inst per
 * configured instance and stops them (priority 0, VIPs released) on exit.
 */
#include "config.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/conf.h"
#include "daemon/child.h"
#include "daemon/status.h"
#include "notify/notify_fifo.h"
#include "notify/notify_script.h"
#include "notify/smtp.h"
#include "util/xalloc.h"
#include "vrrp/vrrp_dump.h"
#include "vrrp/vrrp_firewall.h"
#include "vrrp/vrrp_inst.h"
#include "vrrp/vrrp_lvs_sync.h"
#include "vrrp/vrrp_routes.h"
#include "vrrp/vrrp_state.h"
#include "vrrp/vrrp_sync.h"
#include "vrrp/vrrp_track.h"
#include "vrrp/vrrp_main.h"

/* Returns 0 when every configured interface exists, else VIGIL_EXIT_CONFIG. */
static int
vrrp_resolve_interfaces(const struct conf *conf)
{
	int rc = 0;

	for (size_t i = 0; i < conf->nvrrp; i++) {
		const struct conf_vrrp *v = conf->vrrp[i];

		if (v->ifname && if_nametoindex(v->ifname) == 0) {
			log_err("(%s) interface %s does not exist", v->name, v->ifname);
			rc = VIGIL_EXIT_CONFIG;
		}
	}
	return rc;
}

/* The VRRP child's engine: the shared environment and every running instance. */
struct vrrp_engine {
	struct nl_rtnl rtnl;
	struct vrrp_env env;
	struct vrrp_inst **inst; /* each allocated once: the FSM holds pointers into it */
	size_t ninst;
	struct vrrp_track *track;
	struct vrrp_sync **sync; /* one per vrrp_sync_group */
	size_t nsync;
	char *state_path;
	struct ev_timer state_save; /* 0-delay: the record is written after the transition */
	struct ev_signal sig_json, sig_clear; /* keepalived.json, STATS_CLEAR (vrrp_dump.h) */
};

static void
engine_state_save_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_engine *eng = arg;

	(void)loop;
	(void)t;
	vrrp_state_save(eng->state_path, eng->inst, eng->ninst);
}

/*
 * An instance changed state: the resume record is written from a 0-delay
 * timer, i.e. once the transition's adverts, VIPs and GARPs are out (the
 * file I/O took 0.35 ms median, 3.5 ms p90 on the failover path). Several
 * transitions in one loop pass make one write.
 */
static void
engine_save_state(void *arg)
{
	struct vrrp_engine *eng = arg;

	if (eng->state_path && !ev_timer_active(&eng->state_save))
		ev_timer_start(eng->env.loop, &eng->state_save, 0);
}

/*
 * A tracked script or link changed: re-evaluate every instance. A sync
 * group faults as a whole when one member's own tracking faults it.
 */
static void
engine_track_changed(void *arg)
{
	struct vrrp_engine *eng = arg;
	int *delta = xcalloc(eng->ninst ? eng->ninst : 1, sizeof(*delta));

	for (size_t i = 0; i < eng->ninst; i++)
		vrrp_track_eval(eng->track, eng->inst[i]->conf, &eng->inst[i]->track_fault,
				&delta[i]);
	for (size_t i = 0; i < eng->ninst; i++) {
		struct vrrp_inst *vi = eng->inst[i];
		bool fault = vi->track_fault || (vi->sync && vrrp_sync_group_fault(vi->sync));

		vrrp_inst_track_update(vi, fault, delta[i]);
	}
	free(delta);
}

static void
engine_sync_groups(struct vrrp_engine *eng, const struct conf *conf)
{
	eng->sync = xcalloc(conf->nsync_groups ? conf->nsync_groups : 1, sizeof(*eng->sync));
	for (size_t g = 0; g < conf->nsync_groups; g++) {
		struct vrrp_sync *s = vrrp_sync_new(eng->env.loop, eng->env.notify, eng->env.fifo,
						    conf->sync_groups[g], eng->inst, eng->ninst);

		for (size_t m = 0; m < s->nmembers; m++)
			s->members[m]->sync = s;
		eng->sync[eng->nsync++] = s;
	}
}

static void
engine_free(struct vrrp_engine *eng)
{
	vrrp_fw_free(eng->env.fw); /* first: instances freed below must not run nft */
	eng->env.fw = NULL;
	vrrp_lvs_sync_free(eng->env.lvs_sync, true);
	eng->env.lvs_sync = NULL;
	ev_timer_stop(eng->env.loop, &eng->state_save);
	ev_signal_stop(eng->env.loop, &eng->sig_json);
	ev_signal_stop(eng->env.loop, &eng->sig_clear);
	for (size_t i = 0; i < eng->ninst; i++) {
		vrrp_inst_free(eng->inst[i]);
		free(eng->inst[i]);
	}
	free(eng->inst);
	vrrp_track_free(eng->track);
	for (size_t i = 0; i < eng->nsync; i++)
		vrrp_sync_free(eng->sync[i]);
	free(eng->sync);
	notify_runner_free(eng->env.notify);
	smtp_free(eng->env.smtp);
	notify_fifo_close(eng->env.fifo[0]);
	notify_fifo_close(eng->env.fifo[1]);
	if (eng->env.rtnl)
		nl_rtnl_close(&eng->rtnl);
	free(eng->state_path);
	free(eng);
}

/* Tracking and sync groups refer to a configuration: rebuilt on reload. */
static void
engine_detach(struct vrrp_engine *eng, struct vrrp_track **old_track)
{
	*old_track = eng->track;
	eng->track = NULL;
	for (size_t i = 0; i < eng->nsync; i++)
		vrrp_sync_free(eng->sync[i]);
	free(eng->sync);
	eng->sync = NULL;
	eng->nsync = 0;
	for (size_t i = 0; i < eng->ninst; i++)
		eng->inst[i]->sync = NULL;
}

static void
engine_attach(struct vrrp_engine *eng, const struct conf *conf, struct vrrp_track *old_track)
{
	engine_sync_groups(eng, conf);
	eng->track = vrrp_track_new(eng->env.loop, &eng->rtnl, conf, engine_track_changed, eng);
	vrrp_track_carry(eng->track, old_track);
	vrrp_track_free(old_track);
	if (eng->track)
		engine_track_changed(eng);
}

static struct vrrp_inst *
engine_start_inst(struct vrrp_engine *eng, const struct conf *conf, const struct conf_vrrp *v)
{
	struct vrrp_inst *vi = xcalloc(1, sizeof(*vi));
	char err[256];

	if (vrrp_inst_start(vi, &eng->env, conf, v, err, sizeof(err)) < 0) {
		log_err("%s", err);
		free(vi);
		return NULL;
	}
	return vi;
}

/* keepalived's JSON signal (keepalived.json) and STATS_CLEAR (keepalived.stats, then zero). */
static void
vrrp_on_dump_signal(struct ev_loop *loop, struct ev_signal *s, const struct signalfd_siginfo *info,
		    void *arg)
{
	struct vrrp_engine *eng = arg;
	bool json = (int)info->ssi_signo == VRRP_DUMP_SIGJSON;
	const char *path = json ? VRRP_DUMP_JSON_FILE : VRRP_DUMP_STATS_FILE;
	int rc = json ? vrrp_dump_json(path, eng->inst, eng->ninst)
		      : vrrp_dump_stats(path, eng->inst, eng->ninst);

	(void)loop, (void)s;
	if (rc < 0)
		log_warnx("cannot write %s: %s", path, strerror(-rc));
	else
		log_info("VRRP %s written to %s", json ? "JSON" : "statistics", path);
	if (!json) {
		vrrp_dump_clear_stats(eng->inst, eng->ninst);
		log_info("VRRP statistics cleared");
	}
}

static int
vrrp_start(struct child_ctx *ctx)
{
	struct vrrp_engine *eng;
	char err[256];
	int rc = vrrp_resolve_interfaces(ctx->conf);

	if (rc)
		return rc;
	eng = xcalloc(1, sizeof(*eng));
	if (nl_rtnl_open(&eng->rtnl, err, sizeof(err)) < 0) {
		log_err("VRRP: cannot open rtnetlink: %s", err);
		free(eng);
		return VIGIL_EXIT_MISSING_PERMISSION;
	}
	eng->env = (struct vrrp_env){.loop = ctx->loop,
				     .rtnl = &eng->rtnl,
				     .notify = notify_runner_new(ctx->loop, ctx->conf),
				     .smtp = smtp_new(ctx->loop, ctx->conf),
				     .dont_release = ctx->opts->dont_release_vrrp};
	if (ctx->opts->vrrp_pid_file)
		eng->state_path = xasprintf("%s.state", ctx->opts->vrrp_pid_file);
	eng->env.state_path = eng->state_path;
	ev_timer_init(&eng->state_save, engine_state_save_cb, eng);
	eng->env.on_transition = engine_save_state;
	eng->env.on_transition_arg = eng;
	eng->env.fifo[0] = notify_fifo_open(ctx->conf->global.notify_fifo.path);
	eng->env.fifo[1] = notify_fifo_open(ctx->conf->global.vrrp_notify_fifo.path);
	eng->env.fw = vrrp_fw_new(ctx->loop);
	for (size_t i = 0; i < ctx->conf->nvrrp; i++)
		if (!ctx->conf->vrrp[i]->accept &&
		    ctx->conf->vrrp[i]->priority != VRRP_PRIO_OWNER) {
			vrrp_fw_reset(eng->env.fw); /* a predecessor's drop rules go */
			break;
		}
	/* the sync daemon starts as BACKUP, before any instance can become master */
	eng->env.lvs_sync = vrrp_lvs_sync_start(&ctx->conf->global.lvs_sync_daemon, NULL);
	/* static_ipaddress / static_routes: the child's for its whole life */
	vrrp_addrs_apply(&eng->rtnl, &ctx->conf->static_addrs, NULL, true, "static_ipaddress");
	vrrp_routes_apply(&eng->rtnl, &ctx->conf->static_routes, NULL, true, "static_routes");
	eng->inst = xcalloc(ctx->conf->nvrrp ? ctx->conf->nvrrp : 1, sizeof(*eng->inst));
	for (size_t i = 0; i < ctx->conf->nvrrp; i++) {
		struct vrrp_inst *vi = engine_start_inst(eng, ctx->conf, ctx->conf->vrrp[i]);

		if (vi)
			eng->inst[eng->ninst++] = vi;
	}
	ctx->engine = eng;
	ev_signal_init(&eng->sig_json, VRRP_DUMP_SIGJSON, vrrp_on_dump_signal, eng);
	ev_signal_init(&eng->sig_clear, VRRP_DUMP_SIGSTATS_CLEAR, vrrp_on_dump_signal, eng);
	if (ev_signal_start(ctx->loop, &eng->sig_json) < 0 ||
	    ev_signal_start(ctx->loop, &eng->sig_clear) < 0)
		log_warnx("VRRP: cannot watch the JSON and STATS_CLEAR signals");
	engine_attach(eng, ctx->conf, NULL);
	for (size_t i = 0; i < eng->nsync; i++)
		vrrp_sync_announce(eng->sync[i]);
	/* An instance that cannot start (no address yet, no permission) is
	 * reported and left out; the rest keep running, as keepalived keeps
	 * running with such an instance in FAULT. Without privileges nothing
	 * can ever work: that is a permanent error. */
	if (ctx->conf->nvrrp && !eng->ninst && geteuid() != 0) {
		log_err("VRRP: no instance could start without root privileges");
		return VIGIL_EXIT_MISSING_PERMISSION;
	}
	return 0;
}

/* A changed lvs_sync_daemon restarts in the state of its (maybe new) instance. */
static void
engine_reload_lvs_sync(struct vrrp_engine *eng, const struct conf_lvs_syncd *old,
		       const struct conf_lvs_syncd *c)
{
	if (vrrp_lvs_sync_same(old, c))
		return;
	vrrp_lvs_sync_free(eng->env.lvs_sync, true);
	eng->env.lvs_sync = vrrp_lvs_sync_start(c, NULL);
	for (size_t i = 0; eng->env.lvs_sync && i < eng->ninst; i++)
		if (eng->inst[i]->fsm.state == VRRP_STATE_MASTER)
			vrrp_lvs_sync_transition(eng->env.lvs_sync, eng->inst[i]->conf->name,
						 VRRP_STATE_BACKUP, VRRP_STATE_MASTER);
}

/*
 * Reload: which new configuration each running instance matches by
 * identity, and the VIP lists of the matched masters before (held_old) and
 * after (held_new): a VIP moving between two of them stays on the node,
 * neither removed nor added again (no GARP).
 */
static void
engine_match(const struct vrrp_engine *eng, const struct conf *conf, const struct conf_vrrp **match,
	     bool *used, const struct conf_vrrp **held_old, const struct conf_vrrp **held_new)
{
	for (size_t i = 0; i < eng->ninst; i++) {
		for (size_t j = 0; j < conf->nvrrp && !match[i]; j++)
			if (!used[j] &&
			    vrrp_inst_same_identity(eng->inst[i]->conf, conf->vrrp[j])) {
				match[i] = conf->vrrp[j];
				used[j] = true;
			}
		if (match[i] && eng->inst[i]->fsm.state == VRRP_STATE_MASTER) {
			held_old[i] = eng->inst[i]->conf;
			held_new[i] = match[i];
		}
	}
}

/*
 * Reload by identity: matched instances keep their state (a MASTER stays
 * MASTER), VIPs are diffed with every removal before any addition (a VIP
 * moving between instances moves in one reload), vanished instances hand
 * over with priority 0, new ones start.
 */
static void
vrrp_reload(struct child_ctx *ctx, const struct conf *old)
{
	struct vrrp_engine *eng = ctx->engine;
	const struct conf *conf = ctx->conf;
	struct vrrp_track *old_track;
	const struct conf_vrrp **match, **held;
	struct vrrp_inst **keep;
	bool *used;
	size_t nkeep = 0;
	char err[256];

	if (!eng)
		return;
	vrrp_routes_apply(&eng->rtnl, &old->static_routes, &conf->static_routes, false,
			  "static_routes");
	vrrp_addrs_apply(&eng->rtnl, &old->static_addrs, &conf->static_addrs, false,
			 "static_ipaddress");
	vrrp_addrs_apply(&eng->rtnl, &conf->static_addrs, &old->static_addrs, true,
			 "static_ipaddress");
	vrrp_routes_apply(&eng->rtnl, &conf->static_routes, &old->static_routes, true,
			  "static_routes");
	engine_detach(eng, &old_track);
	match = xcalloc(eng->ninst + 1, sizeof(*match));
	used = xcalloc(conf->nvrrp + 1, sizeof(*used));
	keep = xcalloc(eng->ninst + conf->nvrrp + 1, sizeof(*keep));
	held = xcalloc(2 * (eng->ninst + 1), sizeof(*held));
	engine_match(eng, conf, match, used, held, held + eng->ninst + 1);
	for (size_t i = 0; i < eng->ninst; i++) {
		if (match[i]) {
			vrrp_inst_reload_remove(eng->inst[i], match[i], held + eng->ninst + 1,
						eng->ninst);
			continue;
		}
		log_info("(%s) no longer configured: stopping it", eng->inst[i]->conf->name);
		vrrp_inst_shutdown(eng->inst[i]);
	}
	for (size_t i = 0; i < eng->ninst; i++) {
		struct vrrp_inst *vi = eng->inst[i];

		if (match[i] && vrrp_inst_reload_apply(vi, conf, match[i], held, eng->ninst, err,
						       sizeof(err)) == 0) {
			keep[nkeep++] = vi;
			continue;
		}
		if (match[i]) {
			log_err("%s: restarting the instance", err);
			vrrp_inst_shutdown(vi);
		}
		vrrp_inst_free(vi);
		free(vi);
		if (match[i] && (vi = engine_start_inst(eng, conf, match[i])))
			keep[nkeep++] = vi;
	}
	for (size_t j = 0; j < conf->nvrrp; j++) {
		struct vrrp_inst *vi;

		if (!used[j] && (vi = engine_start_inst(eng, conf, conf->vrrp[j])))
			keep[nkeep++] = vi;
	}
	free(eng->inst);
	eng->inst = keep;
	eng->ninst = nkeep;
	free(match);
	free(used);
	free(held);
	notify_runner_set_conf(eng->env.notify, conf);
	smtp_set_conf(eng->env.smtp, conf);
	engine_attach(eng, conf, old_track);
	engine_reload_lvs_sync(eng, &old->global.lvs_sync_daemon, &conf->global.lvs_sync_daemon);
}

/* Masters send priority 0 and release their VIPs; notify_stop scripts start. */
static void
vrrp_stop(struct child_ctx *ctx)
{
	struct vrrp_engine *eng = ctx->engine;

	if (!eng)
		return;
	vrrp_track_free(eng->track); /* no tracking verdict may follow the shutdown */
	eng->track = NULL;
	for (size_t i = 0; i < eng->ninst; i++)
		vrrp_inst_shutdown(eng->inst[i]);
	vrrp_lvs_sync_free(eng->env.lvs_sync, true); /* keepalived stops it with VRRP */
	eng->env.lvs_sync = NULL;
	vrrp_routes_apply(&eng->rtnl, &ctx->conf->static_routes, NULL, false, "static_routes");
	vrrp_addrs_apply(&eng->rtnl, &ctx->conf->static_addrs, NULL, false, "static_ipaddress");
}

/* Still running notify scripts (notify_stop) get their grace period. */
static bool
vrrp_busy(struct child_ctx *ctx)
{
	struct vrrp_engine *eng = ctx->engine;

	return eng && (notify_running(eng->env.notify) > 0 || smtp_pending(eng->env.smtp) > 0 ||
		       vrrp_fw_busy(eng->env.fw));
}

static void
vrrp_free(struct child_ctx *ctx)
{
	struct vrrp_engine *eng = ctx->engine;

	/* A clean stop: nothing to resume next time (and no pending write). */
	if (eng && eng->ninst && eng->inst[0]->stopping) {
		ev_timer_stop(eng->env.loop, &eng->state_save);
		vrrp_state_remove(eng->state_path);
	} else if (eng && ev_timer_active(&eng->state_save)) {
		/* leaving otherwise: record the last transition before the timer goes */
		engine_state_save_cb(eng->env.loop, &eng->state_save, eng);
	}
	if (ctx->engine)
		engine_free(ctx->engine);
	ctx->engine = NULL;
}

/* vigild --status: one instance as a JSON object. */
static void
vrrp_status_inst_json(const struct vrrp_inst *vi, FILE *out)
{
	char a[INET6_ADDRSTRLEN];
	const struct vrrp_pkt_addr *lm = &vi->params.pkt.last_master;
	bool backup = vi->fsm.state == VRRP_STATE_BACKUP;

	fputc('{', out);
	status_json_key(out, true, "name");
	status_json_str(out, vi->conf->name);
	status_json_key(out, false, "interface");
	status_json_str(out, vi->conf->ifname);
	fprintf(out, ",\"vrid\":%u,\"state\":\"%s\",\"priority\":%u,\"effective_priority\":%u",
		vi->conf->vrid, vrrp_fsm_state_name(vi->fsm.state), vi->params.fsm.priority,
		vi->fsm.effective_priority);
	fprintf(out, ",\"holds_vips\":%s,\"vips\":[",
		vi->fsm.state == VRRP_STATE_MASTER ? "true" : "false");
	for (size_t i = 0; i < vi->params.nvips; i++)
		fprintf(out, "%s\"%s\"", i ? "," : "",
			inet_ntop(vi->params.vips[i].family, vi->params.vips[i].addr, a,
				  sizeof(a)));
	fputs("],\"last_master\":", out);
	if (backup && lm->family && inet_ntop(lm->family, lm->addr, a, sizeof(a)))
		fprintf(out, "\"%s\",\"master_priority\":%u", a, vi->fsm.master_priority);
	else
		fputs("null", out);
	fputs(",\"rx\":{", out);
	for (int r = 0; r < VRRP_PKT_REASON_COUNT; r++)
		fprintf(out, "%s\"%s\":%" PRIu64, r ? "," : "", vrrp_pkt_reason_name(r),
			vi->rx_reason[r]);
	fprintf(out, ",\"other_vrid\":%" PRIu64 "},\"stats\":{", vi->rx_other_vrid);
	fprintf(out,
		"\"adverts_sent\":%" PRIu64 ",\"adverts_rcvd\":%" PRIu64
		",\"pri_zero_sent\":%" PRIu64 ",\"pri_zero_rcvd\":%" PRIu64
		",\"become_master\":%" PRIu64 ",\"release_master\":%" PRIu64 ",\"entered\":{",
		vi->fsm.stats.adverts_sent, vi->fsm.stats.adverts_rcvd, vi->fsm.stats.pri_zero_sent,
		vi->fsm.stats.pri_zero_rcvd, vi->fsm.stats.become_master,
		vi->fsm.stats.release_master);
	/* transitions into each state (metrics: vigil_vrrp_transitions_total) */
	for (int st = 0; st < VRRP_STATE_COUNT; st++)
		fprintf(out, "%s\"%s\":%" PRIu64, st ? "," : "", vrrp_fsm_state_name(st),
			vi->fsm.stats.entered[st]);
	fputs("}}}", out);
}

/* vigild --status: one instance as a few lines of text. */
static void
vrrp_status_inst_text(const struct vrrp_inst *vi, FILE *out)
{
	char a[INET6_ADDRSTRLEN];
	const struct vrrp_pkt_addr *lm = &vi->params.pkt.last_master;

	fprintf(out, "%-16s %-8s %-10s vrid %-3u priority %u (effective %u)\n", vi->conf->name,
		vrrp_fsm_state_name(vi->fsm.state), vi->conf->ifname ? vi->conf->ifname : "-",
		vi->conf->vrid, vi->params.fsm.priority, vi->fsm.effective_priority);
	fprintf(out, "  VIPs (%s):", vi->fsm.state == VRRP_STATE_MASTER ? "held" : "not held");
	for (size_t i = 0; i < vi->params.nvips; i++)
		fprintf(out, " %s",
			inet_ntop(vi->params.vips[i].family, vi->params.vips[i].addr, a,
				  sizeof(a)));
	fputc('\n', out);
	if (vi->fsm.state == VRRP_STATE_BACKUP && lm->family &&
	    inet_ntop(lm->family, lm->addr, a, sizeof(a)))
		fprintf(out, "  master: %s (priority %u)\n", a, vi->fsm.master_priority);
	fprintf(out, "  adverts: sent %" PRIu64 ", received %" PRIu64 ", accepted %" PRIu64,
		vi->fsm.stats.adverts_sent, vi->fsm.stats.adverts_rcvd, vi->rx_reason[VRRP_PKT_OK]);
	for (int r = 1; r < VRRP_PKT_REASON_COUNT; r++)
		if (vi->rx_reason[r])
			fprintf(out, ", %s %" PRIu64, vrrp_pkt_reason_name(r), vi->rx_reason[r]);
	fputc('\n', out);
}

static void
vrrp_status(struct child_ctx *ctx, FILE *out, bool json)
{
	const struct vrrp_engine *eng = ctx->engine;
	size_t n = eng ? eng->ninst : 0;

	if (json)
		fprintf(out, "{\"pid\":%ld,\"instances\":[", (long)getpid());
	else
		fprintf(out, "VRRP child (pid %ld): %zu instance(s)\n", (long)getpid(), n);
	for (size_t i = 0; i < n; i++) {
		if (json && i)
			fputc(',', out);
		if (json)
			vrrp_status_inst_json(eng->inst[i], out);
		else
			vrrp_status_inst_text(eng->inst[i], out);
	}
	if (json)
		fputs("]}", out);
}

/* SIGUSR1: keepalived.data; SIGUSR2: keepalived.stats (vrrp_dump.h). */
static void
vrrp_dump_data_sig(struct child_ctx *ctx)
{
	struct vrrp_engine *eng = ctx->engine;
	int rc;

	if (!eng)
		return;
	rc = vrrp_dump_data(VRRP_DUMP_DATA_FILE, ctx->conf, eng->inst, eng->ninst);
	if (rc < 0)
		log_warnx("cannot write %s: %s", VRRP_DUMP_DATA_FILE, strerror(-rc));
	else
		log_info("VRRP data written to %s", VRRP_DUMP_DATA_FILE);
}

static void
vrrp_dump_stats_sig(struct child_ctx *ctx)
{
	struct vrrp_engine *eng = ctx->engine;
	int rc;

	if (!eng)
		return;
	rc = vrrp_dump_stats(VRRP_DUMP_STATS_FILE, eng->inst, eng->ninst);
	if (rc < 0)
		log_warnx("cannot write %s: %s", VRRP_DUMP_STATS_FILE, strerror(-rc));
	else
		log_info("VRRP statistics written to %s", VRRP_DUMP_STATS_FILE);
}

const struct child_ops vrrp_child_ops = {
	.name = "VRRP",
	.title = "vigild: vrrp",
	.log_proc = LOG_PROC_VRRP,
	.start = vrrp_start,
	.reload = vrrp_reload,
	.stop = vrrp_stop,
	.busy = vrrp_busy,
	.free = vrrp_free,
	.dump_data = vrrp_dump_data_sig,
	.dump_stats = vrrp_dump_stats_sig,
	.status = vrrp_status,
};
