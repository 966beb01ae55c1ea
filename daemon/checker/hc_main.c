/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_main: the checker child's life cycle. Start: open IPVS, set
 * lvs_timeouts, start the health-check engine (hc_engine) whose verdicts go
 * into the health table (lvs_health), and program the desired table
 * (lvs_policy), flushing first when lvs_flush says so. Every health change
 * schedules one reconcile for the next loop iteration (changes coalesce).
 * Reload: migrate the health by identity and apply the difference. Stop:
 * release vigil's entries (unless -I) and restore the timeouts. Turns the
 * policy's events into keepalived's log lines, SMTP alerts, quorum_up /
 * quorum_down scripts and notify FIFO lines. Never computes the table
 * itself nor talks netlink beyond nl_ipvs.
 */
#include "config.h"

#include <stdio.h>

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checker/hc_engine.h"
#include "checker/hc_main.h"
#include "checker/lvs_health.h"
#include "checker/lvs_policy.h"
#include "checker/lvs_reconcile.h"
#include "conf/conf.h"
#include "daemon/child.h"
#include "daemon/conf_load_log.h"
#include "notify/notify_fifo.h"
#include "notify/smtp.h"
#include "daemon/status.h"
#include "util/safe_file.h"
#include "util/xalloc.h"

struct hc {
	struct child_ctx *ctx;
	struct nl_ipvs *ipvs; /* NULL: IPVS unavailable, the table is only computed */
	struct lvs_health *health;
	struct hc_engine *engine;
	struct lvs_table cur; /* the last desired table (what vigil owns) */
	bool have_cur;
	struct ev_timer t_reconcile;
	struct smtp *smtp;	     /* SMTP alerts; outlives hc_stop() until hc_free() */
	struct hc_engine *stopped;   /* after hc_stop(): its omega notify_down scripts */
	unsigned long nops;	     /* IPVS commands sent by the current reconcile */
	unsigned long nops_total;    /* ... and since the child started (--status) */
	unsigned long nfailed;	     /* ... of which the kernel refused (this reconcile) */
	struct notify_fifo *fifo[2]; /* notify_fifo, lvs_notify_fifo (either may be NULL) */
	bool stop_rs_notifies;	     /* at stop: real servers' notifies (no lvs_flush_on_stop) */
};

static void
hc_log_op(const struct nl_ipvs_op *op, int err, void *arg)
{
	struct hc *hc = arg;
	char line[256];

	hc->nops++;
	hc->nops_total++;
	hc->nfailed += err != 0;
	nl_ipvs_op_format(op, line, sizeof(line));
	if (err)
		log_err("IPVS cmd %s error: %s", line, strerror(-err));
	else
		log_detail("IPVS: %s", line); /* -D shows every command sent */
}

/*
 * keepalived 2.2.7's body for a real server verdict: worded after the RS's
 * (first) checker, as keepalived's checkers word it. HTTP/SSL/SMTP failures
 * carry no per-request reason here (doc/compat.md).
 */
static void
hc_smtp_rs_body(char *buf, size_t len, const struct conf_rs *rs, bool up)
{
	const struct conf_checker *ck = rs->ncheckers ? rs->checkers[0] : NULL;
	const char *ok = "succeed", *ko = "failed";
	const char *what = "CHECK";

	switch (ck ? ck->type : CONF_CHECK_FILE) {
	case CONF_CHECK_TCP:
		what = "TCP CHECK";
		break;
	case CONF_CHECK_UDP:
		what = "UDP CHECK";
		break;
	case CONF_CHECK_PING:
		what = "ICMP CHECK";
		break;
	case CONF_CHECK_DNS:
		what = "DNS_CHECK:";
		break;
	case CONF_CHECK_MISC:
		what = "MISC CHECK", ok = "succeeded";
		break;
	case CONF_CHECK_BFD:
		snprintf(buf, len,
			 "=> BFD CHECK %s %s on service <=", ck->u.bfd.name ? ck->u.bfd.name : "",
			 up ? "succeeded" : "failed");
		return;
	case CONF_CHECK_HTTP:
	case CONF_CHECK_SSL:
		if (!up) {
			snprintf(buf, len, "=> CHECK failed on service : HTTP request failed <=");
			return;
		}
		break;
	default:
		break;
	}
	snprintf(buf, len, "=> %s %s on service <=", what, up ? ok : ko);
}

/*
 * keepalived's SMTP alerts for real server verdicts (omega: also at
 * shutdown) and quorum changes (at start-up too, as keepalived's "Starting
 * with quorum ..."; omega: "Shutting down" at shutdown).
 */
static void
hc_smtp_event(const struct hc *hc, const struct lvs_event *ev, const struct conf_vs *vs,
	      const char *v)
{
	char subject[320], body[128], r[96];
	bool up = ev->type == LVS_EV_RS_UP || ev->type == LVS_EV_QUORUM_UP;

	if (ev->stopping && !vs->omega)
		return;
	if (ev->type == LVS_EV_RS_UP || ev->type == LVS_EV_RS_DOWN) {
		/* RS events are RS up/down changes: no_checker_emails keeps those */
		if (!vs->rs[ev->rs]->smtp_alert)
			return;
		lvs_fmt_rs(r, sizeof(r), vs, vs->rs[ev->rs]);
		snprintf(subject, sizeof(subject), "Realserver %s of virtual server %s - %s", r, v,
			 up ? "UP" : "DOWN");
		if (ev->stopping)
			snprintf(body, sizeof(body), "=> Shutting down <=");
		else
			hc_smtp_rs_body(body, sizeof(body), vs->rs[ev->rs], up);
	} else if (ev->type == LVS_EV_QUORUM_UP || ev->type == LVS_EV_QUORUM_DOWN) {
		if (!vs->smtp_alert || (ev->init && !up && !vs->sorry_server))
			return;
		snprintf(subject, sizeof(subject), "Virtualserver %s - %s", v, up ? "UP" : "DOWN");
		if (ev->stopping)
			snprintf(body, sizeof(body), "=> Shutting down <=");
		else /* keepalived's figures, "+" and "<=" whichever way it went */
			snprintf(body, sizeof(body), "=> %s %u+%u=%ld <= %ld <=",
				 ev->init ? (up ? "Starting with quorum up"
						: "Starting with quorum down")
				 : up	  ? "Gained quorum"
					  : "Lost quorum",
				 vs->quorum, vs->hysteresis, ev->threshold, ev->weight_sum);
	} else {
		return;
	}
	smtp_alert(hc->smtp, subject, body);
}

static void hc_fifo(const struct hc *hc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One line to notify_fifo and lvs_notify_fifo. */
static void
hc_fifo(const struct hc *hc, const char *fmt, ...)
{
	char line[384];
	va_list ap;

	if (!hc->fifo[0] && !hc->fifo[1])
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	for (size_t f = 0; f < 2; f++)
		notify_fifo_write(hc->fifo[f], "%s", line);
}

/*
 * rs_init_notifies: a line per real server for its initial verdict, as the
 * engine runs its notify_up / notify_down (hc_rs_start).
 */
static void
hc_fifo_init_rs(const struct hc *hc, size_t v, const struct conf_vs *vs, const char *vname)
{
	char r[96];

	for (size_t i = 0; i < vs->nrs; i++) {
		lvs_fmt_rs(r, sizeof(r), vs, vs->rs[i]);
		hc_fifo(hc, "RS %s %s %s", r, vname,
			lvs_health_up(hc->health, v, i) ? "UP" : "DOWN");
	}
}

/*
 * keepalived's notifies besides mail: "RS r v UP|DOWN" on the FIFOs for a
 * real server verdict (its notify_up / notify_down run in hc_rs), and for a
 * quorum change quorum_up / quorum_down then "VS v UP|DOWN". At start-up:
 * quorum up, or down with a sorry server; at stop (omega only, checked by
 * the caller): every live real server, then the quorum goes down.
 */
static void
hc_notify_event(const struct hc *hc, const struct lvs_event *ev, const struct conf_vs *vs,
		const char *v)
{
	bool up = ev->type == LVS_EV_RS_UP || ev->type == LVS_EV_QUORUM_UP;
	char r[96];

	switch (ev->type) {
	case LVS_EV_RS_UP:
	case LVS_EV_RS_DOWN:
		lvs_fmt_rs(r, sizeof(r), vs, vs->rs[ev->rs]);
		hc_fifo(hc, "RS %s %s %s", r, v, up ? "UP" : "DOWN");
		break;
	case LVS_EV_QUORUM_UP:
	case LVS_EV_QUORUM_DOWN:
		if (ev->init && hc->ctx->conf->global.rs_init_notifies)
			hc_fifo_init_rs(hc, ev->vs, vs, v);
		if (ev->init && !up && !vs->sorry_server)
			break;
		hc_engine_notify(hc->engine ? hc->engine : hc->stopped,
				 up ? vs->quorum_up : vs->quorum_down, v);
		hc_fifo(hc, "VS %s %s", v, up ? "UP" : "DOWN");
		break;
	default:
		break;
	}
}

/* keepalived's lines, mails, scripts and FIFO lines for the policy's transitions. */
static void
hc_on_event(const struct lvs_event *ev, void *arg)
{
	const struct hc *hc = arg;
	const struct conf_vs *vs = hc->ctx->conf->vs[ev->vs];
	char v[160], r[96];

	if (ev->stopping && !vs->omega)
		return; /* 40,000 events at stop for 2,000 x 20: nothing to do without omega */
	if (ev->stopping && ev->type == LVS_EV_RS_DOWN && !hc->stop_rs_notifies)
		return; /* lvs_flush_on_stop: keepalived says nothing per real server */
	lvs_fmt_vs(v, sizeof(v), vs);
	hc_smtp_event(hc, ev, vs, v);
	switch (ev->type) {
	case LVS_EV_RS_UP:
	case LVS_EV_RS_WEIGHT:
		break; /* hc_engine logs verdict and weight changes ("Adding service ...") */
	case LVS_EV_RS_DOWN:
		/* keepalived's line per real server at stop: omega only (else the summary) */
		if (ev->stopping) {
			lvs_fmt_rs(r, sizeof(r), vs, vs->rs[ev->rs]);
			log_info("Shutting down service %s from VS %s", r, v);
		}
		break;
	case LVS_EV_QUORUM_UP:
		log_info("Gained quorum %u+%u=%ld <= %ld for VS %s", vs->quorum, vs->hysteresis,
			 ev->threshold, ev->weight_sum, v);
		break;
	case LVS_EV_QUORUM_DOWN:
		if (ev->stopping || (ev->init && !vs->sorry_server))
			break;
		log_info("%s %u-%u=%ld > %ld for VS %s",
			 ev->init ? "Starting with quorum down" : "Lost quorum", vs->quorum,
			 vs->hysteresis, ev->threshold, ev->weight_sum, v);
		break;
	case LVS_EV_SORRY_ON:
	case LVS_EV_SORRY_OFF:
		lvs_fmt_rs(r, sizeof(r), vs, vs->sorry_server);
		if (ev->type == LVS_EV_SORRY_ON) {
			log_info("%s sorry server %s to VS %s",
				 vs->sorry_server_inhibit ? "Enabling" : "Adding", r, v);
			log_info("Removing alive servers from the pool for VS %s", v);
		} else {
			log_info("%s sorry server %s from VS %s",
				 vs->sorry_server_inhibit ? "Disabling" : "Removing", r, v);
			log_info("Adding alive servers to the pool for VS %s", v);
		}
		break;
	}
	hc_notify_event(hc, ev, vs, v);
}

/*
 * Computes the desired table and applies it. prev is what vigil owned before
 * (NULL at start-up); events are reported only when prev was computed for
 * the same config (same_conf) or at start-up.
 */
static void
hc_apply(struct hc *hc, bool same_conf)
{
	const struct conf *conf = hc->ctx->conf;
	struct lvs_table next;
	char err[256];
	int rc;

	lvs_table_init(&next);
	lvs_policy_update_quorum(conf, hc->health);
	lvs_policy_desired(conf, hc->health, &next);
	if (!hc->have_cur || same_conf)
		lvs_policy_events(conf, hc->have_cur ? &hc->cur : NULL, &next, hc_on_event, hc);
	if (hc->ipvs) {
		hc->nops = 0;
		rc = hc->have_cur ? lvs_reconcile_changes(hc->ipvs, &next, &hc->cur, hc_log_op, hc,
							  err, sizeof(err))
				  : lvs_reconcile_start(hc->ipvs, &next, conf->global.lvs_flush,
							hc_log_op, hc, err, sizeof(err));
		if (rc < 0)
			log_err("IPVS: cannot update the table: %s", err);
		if (hc->nops || !hc->have_cur || !same_conf)
			log_info("IPVS reconcile: %lu commands", hc->nops);
	}
	lvs_table_move(&hc->cur, &next);
	hc->have_cur = true;
}

static void
hc_reconcile_due(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop, (void)t;
	hc_apply(arg, true);
}

/* The engine's verdicts go into the health table, which notifies hc_health_changed. */
static void
hc_report(void *arg, size_t vs, size_t rs, bool up, int weight)
{
	struct hc *hc = arg;

	lvs_health_set(hc->health, vs, rs, up);
	lvs_health_set_weight(hc->health, vs, rs, weight);
}

/* lvs_health's notification: one reconcile per loop iteration, however many changes. */
static void
hc_health_changed(void *arg)
{
	struct hc *hc = arg;

	if (!ev_timer_active(&hc->t_reconcile))
		ev_timer_start(hc->ctx->loop, &hc->t_reconcile, 0);
}

static void
hc_set_timeouts(struct hc *hc, const struct conf *conf, bool reload)
{
	const struct conf_lvs_timeouts *lt = &conf->global.lvs_timeouts;
	struct nl_ipvs_timeouts t = {.tcp = lt->tcp, .tcp_fin = lt->tcpfin, .udp = lt->udp};
	char err[256];

	if (!hc->ipvs)
		return;
	/* A value dropped from the config goes back to the kernel's original. */
	if (reload && nl_ipvs_restore_timeouts(hc->ipvs, err, sizeof(err)) < 0)
		log_err("IPVS: cannot restore the connection timeouts: %s", err);
	if (!t.tcp && !t.tcp_fin && !t.udp)
		return;
	if (nl_ipvs_set_timeouts(hc->ipvs, &t, err, sizeof(err)) < 0)
		log_err("IPVS: cannot set lvs_timeouts: %s", err);
}

/* --ipvs-dry-run: one line per command the kernel would have received. */
static void
hc_dryrun_line(const char *line, void *arg)
{
	(void)arg;
	log_info("IPVS dry-run: %s", line);
}

/* Opens IPVS. Returns 0 (maybe without IPVS) or an exit code. */
static int
hc_open_ipvs(struct hc *hc)
{
	char err[256];
	int rc;

	if (hc->ctx->opts && hc->ctx->opts->ipvs_dry_run) {
		log_info("IPVS: dry run (--ipvs-dry-run): commands are logged, not sent");
		hc->ipvs = nl_ipvs_dryrun_new(hc_dryrun_line, hc);
		return 0;
	}
	rc = nl_ipvs_open(&hc->ipvs, err, sizeof(err));
	if (rc == 0)
		return 0;
	hc->ipvs = NULL;
	if (rc == -EPERM || rc == -EACCES) {
		log_err("IPVS: Can't initialize ipvs: %s", err);
		return VIGIL_EXIT_MISSING_PERMISSION;
	}
	/*
	 * keepalived exits (and takes the daemon down) here. Without IPVS in
	 * the kernel vigil keeps checking and notifying instead: the VRRP
	 * side and the checks' scripts still work. See doc/compat.md.
	 */
	log_err("IPVS: Can't initialize ipvs: %s; virtual servers will not be programmed", err);
	return 0;
}

/*
 * (Re)opens notify_fifo and lvs_notify_fifo; the VRRP child opens
 * notify_fifo too. The new ones are open before the old ones close, so a
 * reader never sees the last writer go.
 */
static void
hc_open_fifos(struct hc *hc, const struct conf *conf)
{
	struct notify_fifo *f[2];

	f[0] = notify_fifo_open(conf->global.notify_fifo.path);
	f[1] = notify_fifo_open(conf->global.lvs_notify_fifo.path);
	for (size_t i = 0; i < 2; i++) {
		notify_fifo_close(hc->fifo[i]);
		hc->fifo[i] = f[i];
	}
}

static int
hc_start(struct child_ctx *ctx)
{
	struct hc *hc = xcalloc(1, sizeof(*hc));
	int rc;

	hc->ctx = ctx;
	ctx->engine = hc;
	lvs_table_init(&hc->cur);
	ev_timer_init(&hc->t_reconcile, hc_reconcile_due, hc);
	rc = hc_open_ipvs(hc);
	if (rc) {
		ctx->engine = NULL;
		free(hc);
		return rc;
	}
	hc_set_timeouts(hc, ctx->conf, false);
	hc->health = lvs_health_new(ctx->conf);
	lvs_health_set_notify(hc->health, hc_health_changed, hc);
	hc->smtp = smtp_new(ctx->loop, ctx->conf);
	hc_open_fifos(hc, ctx->conf);
	hc->engine = hc_engine_new(ctx->loop, ctx->conf, hc_report, hc);
	hc_engine_start(hc->engine); /* initial verdicts, before the first table */
	ev_timer_stop(ctx->loop, &hc->t_reconcile);
	hc_apply(hc, false);
	conf_release_memory(); /* the first table's batch (42,000 commands: ~10 MiB) */
	return 0;
}

static void
log_removed_vs(const struct conf *old, const struct conf *conf)
{
	char v[160];
	size_t i, j;

	for (i = 0; i < old->nvs; i++) {
		if (i < conf->nvs && lvs_vs_same(old->vs[i], conf->vs[i]))
			continue; /* the same position: configs mostly keep their order */
		for (j = 0; j < conf->nvs; j++)
			if (lvs_vs_same(old->vs[i], conf->vs[j]))
				break;
		if (j < conf->nvs)
			continue;
		if (old->vs[i]->kind == CONF_VS_GROUP) {
			log_info("Removing Virtual Server Group [%s]", old->vs[i]->group);
		} else {
			lvs_fmt_vs(v, sizeof(v), old->vs[i]);
			log_info("Removing Virtual Server %s", v);
		}
	}
}

static void
hc_reload(struct child_ctx *ctx, const struct conf *old)
{
	struct hc *hc = ctx->engine;
	struct lvs_health *fresh;

	if (!hc || !hc->health) /* stopped */
		return;
	ev_timer_stop(ctx->loop, &hc->t_reconcile);
	fresh = lvs_health_new(ctx->conf);
	lvs_health_migrate(fresh, hc->health, old);
	lvs_health_free(hc->health);
	hc->health = fresh;
	lvs_health_set_notify(hc->health, hc_health_changed, hc);
	smtp_set_conf(hc->smtp, ctx->conf);
	hc_open_fifos(hc, ctx->conf);
	hc_engine_reload(hc->engine, ctx->conf); /* reports every verdict again */
	ev_timer_stop(ctx->loop, &hc->t_reconcile);
	log_removed_vs(old, ctx->conf);
	hc_set_timeouts(hc, ctx->conf, true);
	hc_apply(hc, false);
}

static enum lvs_release
hc_release_mode(const struct child_ctx *ctx)
{
	if (ctx->opts->dont_release_ipvs)
		return LVS_RELEASE_KEEP;
	switch (ctx->conf->global.lvs_flush_on_stop) {
	case CONF_LVS_FLUSH_STOP_ALL:
		return LVS_RELEASE_FLUSH;
	case CONF_LVS_FLUSH_STOP_VS:
		return LVS_RELEASE_SERVICES;
	default:
		return LVS_RELEASE_SERVICES; /* keepalived's result, without the dest deletes */
	}
}

/* Counts the services and destinations of t. */
static void
hc_table_size(const struct lvs_table *t, size_t *nsvc, size_t *ndest)
{
	size_t i;

	*nsvc = t->nsvc;
	*ndest = 0;
	for (i = 0; i < t->nsvc; i++)
		*ndest += t->svc[i].ndest;
}

/*
 * Releases vigil's IPVS entries as `how` says and logs one line for the
 * whole table (keepalived logs one per real server: 40,000 lines for 2,000
 * services of 20).
 */
static void
hc_release(struct hc *hc, enum lvs_release how)
{
	size_t nsvc, ndest;
	char err[256];
	int rc;

	hc_table_size(&hc->cur, &nsvc, &ndest);
	if (how == LVS_RELEASE_KEEP) {
		log_info("Keeping %zu virtual services (%zu real servers) in IPVS "
			 "(--dont-release-ipvs)",
			 nsvc, ndest);
		return;
	}
	hc->nops = hc->nfailed = 0;
	rc = lvs_reconcile_release(hc->ipvs, &hc->cur, how, hc_log_op, hc, err, sizeof(err));
	if (rc < 0)
		log_err("IPVS: cannot release the table: %s", err);
	else if (how == LVS_RELEASE_FLUSH)
		log_info("Flushed the IPVS table (lvs_flush_on_stop): removed %zu virtual services "
			 "(%zu real servers)",
			 nsvc, ndest);
	else if (hc->nfailed) /* each refusal has its own line (hc_log_op) */
		log_warnx("Removed %zu of %zu virtual services from IPVS (%lu refused)",
			  nsvc - (hc->nfailed < nsvc ? hc->nfailed : nsvc), nsvc, hc->nfailed);
	else
		log_info("Removed %zu virtual services (%zu real servers) from IPVS", nsvc, ndest);
}

static void
hc_stop(struct child_ctx *ctx)
{
	struct hc *hc = ctx->engine;
	enum lvs_release how = hc_release_mode(ctx);
	char err[256];

	if (!hc || !hc->health) /* not started or already stopped */
		return;
	/* Synchronous from here: the parent waits child_wait_time for the whole stop. */
	ev_timer_stop(ctx->loop, &hc->t_reconcile);
	/*
	 * keepalived's real server notifies at stop (omega's notify_down, RS
	 * DOWN lines) only without lvs_flush_on_stop; the quorum's always.
	 */
	hc->stop_rs_notifies = ctx->conf->global.lvs_flush_on_stop == CONF_LVS_FLUSH_STOP_NONE;
	/* kills MISC_CHECK scripts first, as keepalived; then omega's notify_down */
	hc_engine_stop(hc->engine, how != LVS_RELEASE_KEEP && hc->stop_rs_notifies);
	hc->stopped = hc->engine;
	hc->engine = NULL;
	if (hc->have_cur && how != LVS_RELEASE_KEEP)
		lvs_policy_events(ctx->conf, &hc->cur, NULL, hc_on_event, hc);
	if (hc->ipvs) {
		hc_release(hc, how);
		if (nl_ipvs_restore_timeouts(hc->ipvs, err, sizeof(err)) < 0)
			log_err("IPVS: cannot restore the connection timeouts: %s", err);
		nl_ipvs_close(hc->ipvs);
	}
	lvs_table_clear(&hc->cur);
	lvs_health_free(hc->health);
	hc->health = NULL; /* hc itself stays for hc_busy() (SMTP alerts in flight) */
}

static bool
hc_busy(struct child_ctx *ctx)
{
	const struct hc *hc = ctx->engine;

	return hc && (smtp_pending(hc->smtp) > 0 || hc_engine_busy(hc->stopped));
}

static void
hc_free(struct child_ctx *ctx)
{
	struct hc *hc = ctx->engine;

	if (!hc)
		return;
	hc_engine_free(hc->stopped); /* kills notify scripts still running */
	hc_engine_free(hc->engine);  /* stopped before it started */
	smtp_free(hc->smtp);
	notify_fifo_close(hc->fifo[0]);
	notify_fifo_close(hc->fifo[1]);
	free(hc);
	ctx->engine = NULL;
}

/* SIGUSR1: keepalived writes the checker's state to <tmp>/keepalived_check.data. */
static void
hc_dump_data(struct child_ctx *ctx)
{
	struct hc *hc = ctx->engine;
	const char *path = VIGIL_TMP_DIR "/keepalived_check.data";
	struct safe_file sf;
	int r;

	if (!hc || !hc->engine)
		return;
	/* A fresh 0600 file renamed into place: never through a symlink planted in /tmp. */
	r = safe_file_open(&sf, path);
	if (r == 0) {
		hc_engine_dump(hc->engine, sf.f);
		r = safe_file_commit(&sf);
	}
	if (r < 0) {
		log_warnx("cannot write %s: %s", path, strerror(-r));
		return;
	}
	log_info("Checker data written to %s", path);
}

/* vigild --status: every virtual server with its real servers' verdicts and weights. */
static void
hc_status_vs(const struct hc *hc, size_t v, FILE *out, bool json)
{
	static const char *const qname[] = {"unknown", "down", "up"};
	const struct conf_vs *vs = lvs_health_conf(hc->health)->vs[v];
	enum lvs_quorum q = lvs_health_quorum(hc->health, v);
	char name[160], r[96];

	lvs_fmt_vs(name, sizeof(name), vs);
	if (json) {
		fprintf(out, "%s{\"vs\":", v ? "," : "");
		status_json_str(out, name);
		fprintf(out, ",\"quorum\":%u,\"quorum_state\":\"%s\",\"real_servers\":[",
			vs->quorum, qname[q]);
	} else {
		fprintf(out, "VS %s quorum %s\n", name, qname[q]);
	}
	for (size_t i = 0; i < vs->nrs; i++) {
		bool up = lvs_health_up(hc->health, v, i);
		int weight = lvs_health_weight(hc->health, v, i);

		lvs_fmt_rs(r, sizeof(r), vs, vs->rs[i]);
		if (json) {
			fprintf(out, "%s{\"rs\":", i ? "," : "");
			status_json_str(out, r);
			fprintf(out, ",\"up\":%s,\"weight\":%d}", up ? "true" : "false", weight);
		} else {
			fprintf(out, "  RS %-40s %-4s weight %d\n", r, up ? "UP" : "DOWN", weight);
		}
	}
	if (json)
		fputs("]}", out);
}

static void
hc_status(struct child_ctx *ctx, FILE *out, bool json)
{
	const struct hc *hc = ctx->engine;
	size_t n = hc && hc->health ? lvs_health_conf(hc->health)->nvs : 0;

	if (json)
		fprintf(out, "{\"pid\":%ld,\"ipvs\":%s,\"ipvs_commands\":%lu,\"virtual_servers\":[",
			(long)getpid(), hc && hc->ipvs ? "true" : "false", hc ? hc->nops_total : 0);
	else
		fprintf(out, "Checker child (pid %ld): %zu virtual server(s)%s\n", (long)getpid(),
			n, hc && hc->ipvs ? "" : ", IPVS unavailable");
	for (size_t v = 0; v < n; v++)
		hc_status_vs(hc, v, out, json);
	if (json)
		fputs("]}", out);
}

const struct child_ops hc_child_ops = {
	.name = "Healthcheck",
	.title = "vigild: checker",
	.log_proc = LOG_PROC_CHECKER,
	.start = hc_start,
	.reload = hc_reload,
	.stop = hc_stop,
	.busy = hc_busy,
	.free = hc_free,
	.dump_data = hc_dump_data,
	.status = hc_status,
};
