/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_sync: vrrp_sync_group. Members move together: when one becomes
 * MASTER the others follow, when one steps down they all do, and none takes
 * over while a member is in FAULT. Propagation is deferred to the next loop
 * iteration so no state machine is re-entered from another's action.
 */
#ifndef VIGIL_VRRP_SYNC_H
#define VIGIL_VRRP_SYNC_H

#include <stdbool.h>
#include <stddef.h>

#include "ev/ev.h"
#include "vrrp/vrrp_fsm.h"

struct conf_sync_group;
struct notify_runner;
struct notify_fifo;
struct vrrp_inst;

struct vrrp_sync {
	const struct conf_sync_group *conf; /* borrowed */
	struct ev_loop *loop;
	struct notify_runner *notify;
	struct notify_fifo *const *fifo; /* the engine's two FIFOs (entries may be NULL) */
	struct vrrp_inst **members;	 /* owned array of borrowed instances */
	size_t nmembers;
	enum vrrp_state state;	/* the group's state, for its notifies */
	enum vrrp_state target; /* pending propagation */
	bool pending;
	struct ev_timer propagate;
};

/* Builds group g over the running instances named in it. Owned; free with vrrp_sync_free(). */
struct vrrp_sync *vrrp_sync_new(struct ev_loop *loop, struct notify_runner *notify,
				struct notify_fifo *const *fifo, const struct conf_sync_group *g,
				struct vrrp_inst **inst, size_t ninst);
void vrrp_sync_free(struct vrrp_sync *s);
/*
 * At child start only: adopt the members' state (MASTER if any member is,
 * else the first member's) and run the group notifies for it.
 */
void vrrp_sync_announce(struct vrrp_sync *s);
/* A member changed state (called from its transition action). */
void vrrp_sync_member_changed(struct vrrp_sync *s, struct vrrp_inst *member, enum vrrp_state to);
/* May member take over now? Not while another member is in FAULT. */
bool vrrp_sync_may_become_master(const struct vrrp_sync *s, const struct vrrp_inst *member);
/* True when any member's own tracking faults it (the whole group then faults). */
bool vrrp_sync_group_fault(const struct vrrp_sync *s);

#endif
