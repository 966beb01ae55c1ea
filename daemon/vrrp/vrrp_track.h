/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_track: what instances track. Runs each vrrp_script an instance uses
 * (interval, timeout, rise, fall, init_fail), watches links through the
 * rtnetlink monitor, follows track_file values through inotify, and
 * evaluates an instance's tracked objects into a fault flag and a priority
 * offset, with keepalived's weight rules. It changes no VRRP state itself:
 * it tells its owner "something changed".
 */
#ifndef VIGIL_VRRP_TRACK_H
#define VIGIL_VRRP_TRACK_H

#include <stdbool.h>

struct ev_loop;
struct nl_rtnl;
struct conf;
struct conf_vrrp;
struct conf_track;
struct vrrp_track;

/* Called (from the loop) after a tracked script or link changed state. */
typedef void (*vrrp_track_changed_cb)(void *arg);

/* Starts tracking for conf (borrowed). Returns NULL after logging if the monitor cannot open. */
struct vrrp_track *vrrp_track_new(struct ev_loop *loop, struct nl_rtnl *rtnl,
				  const struct conf *conf, vrrp_track_changed_cb cb, void *arg);
/* Stops every script (their process groups are killed) and the monitor. */
void vrrp_track_free(struct vrrp_track *t);

/*
 * The tracking verdict for instance v: *fault when a weight-0 tracked object
 * (or v's own interface, unless dont_track_primary) is down, and *delta the
 * sum of the weights that apply (to be added to the configured priority).
 */
void vrrp_track_eval(struct vrrp_track *t, const struct conf_vrrp *v, bool *fault, int *delta);

/*
 * After a reload: scripts of to that have the same name and command as in
 * from keep from's verdict (no priority flap because of a reload).
 */
void vrrp_track_carry(struct vrrp_track *to, const struct vrrp_track *from);

/* Whether a named vrrp_script currently counts as succeeding (tests, dumps). */
bool vrrp_track_script_ok(const struct vrrp_track *t, const char *name);

/*
 * Internal to vrrp_track*.c: the track files (vrrp_track_file.c). Every
 * track_file used by an instance or sync group is initialised (init_file),
 * read, and re-read when inotify reports a change in its directory; cb runs
 * when a value changed. A missing or unreadable file reads as 0.
 */
struct vrrp_tfiles;
struct vrrp_tfiles *vrrp_tfiles_new(struct ev_loop *loop, const struct conf *conf,
				    vrrp_track_changed_cb cb, void *arg);
void vrrp_tfiles_free(struct vrrp_tfiles *f);
/*
 * The priority offset for tracked file tr (weight 0: *fault while the value
 * is non-zero, or zero with reverse; otherwise value x weight, negated by
 * reverse, *fault below -253, capped at 253). Unknown names count as 0.
 */
int vrrp_tfiles_weigh(const struct vrrp_tfiles *f, const struct conf_track *tr, bool *fault);

#endif
