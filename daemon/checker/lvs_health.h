/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lvs_health: the current verdict (up/down) and effective weight of every
 * real server of a config, indexed like conf->vs[vs]->rs[rs]. The checker
 * child owns one; the health-check engine writes verdicts into it and
 * lvs_policy reads it to compute the desired IPVS table.
 * Pure data: it does not log, schedule anything or touch the kernel.
 */
#ifndef VIGIL_LVS_HEALTH_H
#define VIGIL_LVS_HEALTH_H

#include <stdbool.h>
#include <stddef.h>

struct conf;
struct lvs_health;

/*
 * Returns an owned table for conf (borrowed; must outlive the table).
 * Initial state of each real server: up, unless its alpha is set (then
 * down until its checkers report); weight = the configured weight.
 * A real server with no checker is always up (lvs_health_set is ignored).
 */
struct lvs_health *lvs_health_new(const struct conf *conf);

/* Frees h; NULL is a no-op. */
void lvs_health_free(struct lvs_health *h);

/*
 * Records the engine's verdict for conf->vs[vs]->rs[rs]. Returns true if the
 * state changed (the caller then schedules a reconcile). Out-of-range
 * indices are ignored (false).
 */
bool lvs_health_set(struct lvs_health *h, size_t vs, size_t rs, bool up);

/* misc_dynamic / FILE_CHECK weight change. Returns true if it changed. */
bool lvs_health_set_weight(struct lvs_health *h, size_t vs, size_t rs, int weight);

/* Current verdict; false for out-of-range indices. */
bool lvs_health_up(const struct lvs_health *h, size_t vs, size_t rs);

/* Current weight; 0 for out-of-range indices. */
int lvs_health_weight(const struct lvs_health *h, size_t vs, size_t rs);

/*
 * Called (with arg) after every lvs_health_set / lvs_health_set_weight that
 * changed something, so the checker child can schedule one reconcile. fn may
 * be NULL (no notification). Borrows arg.
 */
typedef void (*lvs_health_notify_fn)(void *arg);
void lvs_health_set_notify(struct lvs_health *h, lvs_health_notify_fn fn, void *arg);

/* The config h was built for (borrowed). */
const struct conf *lvs_health_conf(const struct lvs_health *h);

/*
 * Quorum state of conf->vs[vs], kept here so that it survives reloads with
 * the rest of the runtime state. Read and written by lvs_policy only:
 * LVS_QUORUM_UNKNOWN until the first computation (keepalived's start-up rule).
 */
enum lvs_quorum {
	LVS_QUORUM_UNKNOWN,
	LVS_QUORUM_DOWN,
	LVS_QUORUM_UP,
};
enum lvs_quorum lvs_health_quorum(const struct lvs_health *h, size_t vs);
void lvs_health_set_quorum(struct lvs_health *h, size_t vs, enum lvs_quorum q);

/*
 * Reload: copies verdicts and weights from old (built for old_conf) into h
 * (built for h's conf) for every real server whose identity (address and
 * port, within the same virtual server identity) exists in both. Real
 * servers not found keep their initial state. A dynamic weight is carried
 * only if the configured weight did not change. Quorum states are carried
 * by virtual server identity. Does not notify.
 */
void lvs_health_migrate(struct lvs_health *h, const struct lvs_health *old,
			const struct conf *old_conf);

#endif
