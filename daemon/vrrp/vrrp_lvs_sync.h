/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_lvs_sync: the IPVS connection-sync daemon tied to a VRRP instance
 * (global `lvs_sync_daemon IF inst VI ...`, or the old per-instance
 * `lvs_sync_daemon_interface`), driven by that instance's transitions as
 * keepalived does: BACKUP daemon at start and whenever the instance is not
 * MASTER, MASTER daemon (and no BACKUP one) while it is MASTER, none after
 * the VRRP child stops. A sync daemon not tied to an instance is the checker
 * child's. Without IPVS in the kernel it warns once and does nothing. It
 * decides no VRRP state and talks to the kernel only through lib/nl.
 */
#ifndef VIGIL_VRRP_LVS_SYNC_H
#define VIGIL_VRRP_LVS_SYNC_H

#include <stdbool.h>

#include "vrrp/vrrp_fsm.h"

struct conf_lvs_syncd;
struct nl_ipvs;
struct vrrp_lvs_sync;

/*
 * The driver for c when it is tied to an instance, else NULL. ipvs is the
 * IPVS handle to use (borrowed; tests pass the fake), or NULL to open the
 * kernel's (a failure is logged once; the driver then does nothing).
 * Stops whatever sync daemon a predecessor left and starts the BACKUP one.
 */
struct vrrp_lvs_sync *vrrp_lvs_sync_start(const struct conf_lvs_syncd *c, struct nl_ipvs *ipvs);
/* Instance inst went from -> to; other instances are ignored. */
void vrrp_lvs_sync_transition(struct vrrp_lvs_sync *s, const char *inst, enum vrrp_state from,
			      enum vrrp_state to);
/* Same sync daemon settings (reload keeps the running daemons). */
bool vrrp_lvs_sync_same(const struct conf_lvs_syncd *a, const struct conf_lvs_syncd *b);
/* Stops the daemons it started (stop) and frees s. NULL: no-op. */
void vrrp_lvs_sync_free(struct vrrp_lvs_sync *s, bool stop);

#endif
