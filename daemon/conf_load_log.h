/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_load_log: load the configuration the command line names and log its
 * diagnostics, as the parent at start-up, the parent validating a reload and
 * a child reloading all need.
 */
#ifndef VIGIL_DAEMON_CONF_LOAD_LOG_H
#define VIGIL_DAEMON_CONF_LOAD_LOG_H

#include <stdbool.h>

#include "conf/conf_diag.h"
#include "daemon/options.h"

struct conf;

/*
 * Loads opts->conf_file. Logs each diagnostic at or above min_level as
 * "file:line: level: message". Returns the model (owned) or NULL if the file
 * could not be read. *worst is set to the highest level seen, or -1;
 * SECURITY diagnostics are logged but do not count (the script concerned
 * does not run; the daemon does).
 */
struct conf *conf_load_logged(const struct vigil_opts *opts, enum conf_diag_level min_level,
			      int *worst);

/*
 * Gives the heap's free memory back to the system (glibc's malloc_trim).
 * Parsing a large config frees far more than it keeps (40,000 real
 * servers: ~38 of 58 MiB), and glibc keeps it otherwise. conf_load_logged
 * calls it; call it again after freeing a replaced config.
 */
void conf_release_memory(void);

#endif
