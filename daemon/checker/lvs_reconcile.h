/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lvs_reconcile: makes the kernel's IPVS table match a desired table
 * (lvs_policy) with the fewest commands, and releases vigil's entries on
 * exit. It only ever touches services vigil owns: those of the desired table
 * and of the previous one; a service added by hand that the config does not
 * describe is never changed. Does not log: every operation sent is reported
 * to the caller's callback with the kernel's answer.
 */
#ifndef VIGIL_LVS_RECONCILE_H
#define VIGIL_LVS_RECONCILE_H

#include <stdbool.h>
#include <stddef.h>

#include "checker/lvs_policy.h"
#include "nl/nl_ipvs.h"

/* Called once per operation sent: err is 0 or the kernel's -errno (after tolerance). */
typedef void (*lvs_op_fn)(const struct nl_ipvs_op *op, int err, void *arg);

/*
 * One pass: one dump of the services, one dump of the destinations of each
 * owned service present, then one batch with the minimal operations:
 *  - desired service missing: add it and its destinations;
 *  - desired service present: edit it if its scheduler, flags, persistence
 *    timeout, granularity or engine differ; add, edit or delete destinations
 *    (weight, forwarding, thresholds, tunnel) to match;
 *  - service of prev that is not desired any more: delete it.
 * A destination edit refused with ENOENT is retried as an add (keepalived).
 * prev may be NULL (start-up). fn may be NULL. Returns 0 when every
 * operation succeeded, the number of failed operations, or a negative errno
 * (message in err) when the kernel could not be read or the socket failed.
 */
int lvs_reconcile(struct nl_ipvs *h, const struct lvs_table *desired, const struct lvs_table *prev,
		  lvs_op_fn fn, void *arg, char *err, size_t errlen);

/*
 * Like lvs_reconcile, but a desired service that the kernel has and that is
 * identical in prev (same attributes, same destinations in the same order)
 * is not read back: only the services that changed since prev get their
 * destinations dumped. A reload or health change of one real server among
 * 40,000 then costs two dumps instead of 2,001. Entries changed by hand in
 * an unchanged service are repaired by the next start-up (or lvs_reconcile)
 * only. prev NULL: exactly lvs_reconcile.
 */
int lvs_reconcile_changes(struct nl_ipvs *h, const struct lvs_table *desired,
			  const struct lvs_table *prev, lvs_op_fn fn, void *arg, char *err,
			  size_t errlen);

/*
 * Start-up: flushes the whole table first when flush is set (lvs_flush),
 * then lvs_reconcile(desired, no previous table). Returns like it.
 */
int lvs_reconcile_start(struct nl_ipvs *h, const struct lvs_table *desired, bool flush,
			lvs_op_fn fn, void *arg, char *err, size_t errlen);

/*
 * How to leave the table on exit. keepalived's default deletes each
 * destination and then its service; the kernel drops a service's
 * destinations with it, so vigil deletes the services only by default too
 * (the same table afterwards, 2,000 commands instead of 42,000 for 2,000
 * services of 20 real servers).
 */
enum lvs_release {
	LVS_RELEASE_KEEP,     /* -I / --dont-release-ipvs: leave everything */
	LVS_RELEASE_SERVICES, /* default, lvs_flush_on_stop VS: vigil's services */
	LVS_RELEASE_FLUSH,    /* lvs_flush_on_stop: flush the whole table */
};

/*
 * Removes the entries of cur (what vigil programmed) as `how` says, in one
 * pipelined batch; missing entries are not errors. Returns like
 * lvs_reconcile.
 */
int lvs_reconcile_release(struct nl_ipvs *h, const struct lvs_table *cur, enum lvs_release how,
			  lvs_op_fn fn, void *arg, char *err, size_t errlen);

#endif
