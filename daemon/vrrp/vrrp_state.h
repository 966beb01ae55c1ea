/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_state: a small record of each instance's state, rewritten on every
 * transition next to the VRRP child's pid file, so a child respawned after a
 * crash (or a daemon restarted after SIGKILL) can tell which instances it was
 * master of. A master touches it with every advert, so its age says how long
 * ago the last master advert left. Removed on a clean stop.
 */
#ifndef VIGIL_VRRP_STATE_H
#define VIGIL_VRRP_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vrrp_inst;

/* Writes "NAME VRID STATE" per instance atomically to path; errors are logged once. */
void vrrp_state_save(const char *path, struct vrrp_inst *const *inst, size_t n);
/* True when path, written or touched less than max_age_us ago, records name/vrid as MASTER. */
bool vrrp_state_was_master(const char *path, const char *name, unsigned vrid, uint64_t max_age_us);
/* A master's advert left: the record's modification time becomes now. */
void vrrp_state_touch(const char *path);
void vrrp_state_remove(const char *path);

#endif
