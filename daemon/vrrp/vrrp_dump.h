/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_dump: the VRRP child's dump files, as keepalived writes them:
 * SIGUSR1 -> <tmp>/keepalived.data (state), SIGUSR2 -> <tmp>/keepalived.stats
 * (per-instance counters in keepalived's layout, then vigil's receive drops
 * per reason; STATS_CLEAR writes it and zeroes the counters), the JSON
 * signal -> <tmp>/keepalived.json (keepalived's format
 * version 1, plus an "rx_drops" object per instance). Each file is written
 * to a fresh temporary file (O_EXCL, never through a symlink), mode 0600 as
 * keepalived's (the data and JSON dumps carry auth_pass), then renamed over
 * the old one, so a reader never sees half a dump.
 */
#ifndef VIGIL_VRRP_DUMP_H
#define VIGIL_VRRP_DUMP_H

#include <signal.h>
#include <stddef.h>

struct conf;
struct vrrp_inst;

/* VIGIL_TMP_DIR comes from config.h (configure --with-tmp-dir). */
#define VRRP_DUMP_DATA_FILE  VIGIL_TMP_DIR "/keepalived.data"
#define VRRP_DUMP_STATS_FILE VIGIL_TMP_DIR "/keepalived.stats"
#define VRRP_DUMP_JSON_FILE  VIGIL_TMP_DIR "/keepalived.json"

/* keepalived's JSON dump signal (keepalived --signum=JSON): SIGRTMIN+2. */
#define VRRP_DUMP_SIGJSON (SIGRTMIN + 2)
/* keepalived's STATS_CLEAR (--signum=STATS_CLEAR): stats dump, then counters to 0. */
#define VRRP_DUMP_SIGSTATS_CLEAR (SIGRTMAX - 1)

/*
 * Each writes its file for the n running instances (conf: the child's
 * configuration, for the global part of the data dump). Returns 0, or -errno
 * (nothing replaced the previous file).
 */
int vrrp_dump_data(const char *path, const struct conf *conf, struct vrrp_inst *const *inst,
		   size_t n);
int vrrp_dump_stats(const char *path, struct vrrp_inst *const *inst, size_t n);
int vrrp_dump_json(const char *path, struct vrrp_inst *const *inst, size_t n);
/* STATS_CLEAR: every counter of the stats dump back to 0. */
void vrrp_dump_clear_stats(struct vrrp_inst *const *inst, size_t n);

#endif
