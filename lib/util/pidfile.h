/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pidfile: write, read and remove pid files, and tell whether the process a
 * pid file names is alive. Never logs: returns -errno for the caller to report.
 */
#ifndef VIGIL_UTIL_PIDFILE_H
#define VIGIL_UTIL_PIDFILE_H

#include <sys/types.h>

/* Writes "pid\n" atomically (temp file + rename). Returns 0 or -errno. */
int pidfile_write(const char *path, pid_t pid);
/* Reads the pid in path. Returns the pid (> 0), or -errno (-ENOENT if absent, -EINVAL if junk). */
pid_t pidfile_read(const char *path);
/* Returns the pid if path names a live process other than ourselves, else 0. */
pid_t pidfile_live(const char *path);
/* Removes path; a missing file is not an error. */
void pidfile_remove(const char *path);

#endif
