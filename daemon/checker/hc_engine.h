/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_engine: the health-check engine of the checker child. Runs every
 * checker of every real server of a config on an event loop (delay_loop,
 * connect_timeout, retry, delay_before_retry, warmup, alpha,
 * log_all_failures), folds the checkers of a real server into one verdict
 * (up only when all its checkers are up) plus an effective weight
 * (misc_dynamic, FILE_CHECK), logs keepalived's lines, runs notify_up /
 * notify_down, and reports each change through a callback. It never touches
 * IPVS: the caller turns verdicts into the desired table (lvs_health).
 */
#ifndef VIGIL_HC_ENGINE_H
#define VIGIL_HC_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ev/ev.h"

struct conf;
struct conf_script;
struct hc_engine;

/*
 * Verdict for conf->vs[vs]->rs[rs] (indices into the engine's current
 * config): up when all its checkers are up; weight is the configured weight
 * plus the dynamic adjustments of its MISC_CHECK (misc_dynamic) and
 * FILE_CHECK checkers, clamped to 0..INT32_MAX. Called at hc_engine_start()
 * and after hc_engine_reload() once for every real server that has
 * checkers, then whenever up or weight changes. Real servers without
 * checkers are never reported (they are always up).
 */
typedef void (*hc_report_fn)(void *arg, size_t vs, size_t rs, bool up, int weight);

/*
 * Returns an owned engine for conf (borrowed: it must stay valid until
 * hc_engine_reload() replaces it or hc_engine_free()). Nothing runs until
 * hc_engine_start(). Checkers whose type is not implemented, or that cannot
 * be set up (a MISC_CHECK script refused by script security...), are logged
 * once and left out, as keepalived removes them.
 */
struct hc_engine *hc_engine_new(struct ev_loop *loop, const struct conf *conf, hc_report_fn report,
				void *arg);
/* Reports the initial verdicts and schedules each checker's first run (1 s + random(warmup)). */
void hc_engine_start(struct hc_engine *e);
/*
 * Switches to new_conf (borrowed, as for hc_engine_new). A checker whose
 * virtual server, real server and check (hc_ops same_as) are unchanged keeps
 * its state (up/down, retry count, dynamic weight, URL position) and its
 * schedule; others start afresh. Runs in progress of removed checkers are
 * cancelled. Every verdict is reported again with the new indices. The old
 * config may be freed once this returns.
 */
void hc_engine_reload(struct hc_engine *e, const struct conf *new_conf);
/*
 * ha_suspend: stops (suspended) or resumes the checkers of conf->vs[vs].
 * Resumed checkers keep their state and run again after 1 s + random(warmup).
 */
void hc_engine_suspend_vs(struct hc_engine *e, size_t vs, bool suspended);
/* Current verdict of conf->vs[vs]->rs[rs] (true for real servers without checkers). */
bool hc_engine_rs_up(const struct hc_engine *e, size_t vs, size_t rs);
/* Writes the checkers' state (SIGUSR1 data dump). */
void hc_engine_dump(const struct hc_engine *e, FILE *out);
/*
 * Shutdown, before hc_engine_free(): stops every checker (kills MISC_CHECK
 * scripts and notify scripts still running), then, when the real servers
 * leave IPVS (release: not -I), runs notify_down for each real server that
 * is up in an omega virtual server, as keepalived does. NULL is a no-op.
 */
void hc_engine_stop(struct hc_engine *e, bool release);
/*
 * Runs sc (quorum_up, quorum_down; NULL: nothing) as the engine runs
 * notify_up / notify_down: same user and script security, tracked so that
 * hc_engine_busy() waits for it after hc_engine_stop() and hc_engine_free()
 * kills it. label names the service in warnings. e NULL: nothing.
 */
void hc_engine_notify(struct hc_engine *e, const struct conf_script *sc, const char *label);
/* True while scripts hc_engine_stop() started still run. */
bool hc_engine_busy(const struct hc_engine *e);
/* Cancels everything (kills MISC_CHECK and notify scripts) and frees e; NULL is a no-op. */
void hc_engine_free(struct hc_engine *e);

#endif
