/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * safe_file: write a file in a shared directory such as /tmp without
 * following a symlink someone planted there. The content goes to a fresh
 * temporary file next to the target (O_CREAT|O_EXCL, mode 0600), which is
 * renamed over the target only when every write succeeded: a reader sees the
 * old file or the new one, never half of one, and a symlink at the target is
 * replaced, its own target untouched. Never logs: returns -errno.
 */
#ifndef VIGIL_UTIL_SAFE_FILE_H
#define VIGIL_UTIL_SAFE_FILE_H

#include <limits.h>
#include <stdio.h>

struct safe_file {
	FILE *f;	     /* write here between open and commit/abort */
	char path[PATH_MAX]; /* the target */
	char tmp[PATH_MAX];  /* the temporary file, in the target's directory */
};

/* Opens a fresh temporary file for path. Returns 0 or -errno (sf->f is NULL then). */
int safe_file_open(struct safe_file *sf, const char *path);
/* Flushes and closes the temporary file and renames it onto the target; on any
 * error removes it and leaves the target as it was. Returns 0 or -errno. */
int safe_file_commit(struct safe_file *sf);
/* Closes and removes the temporary file; the target is left as it was. */
void safe_file_abort(struct safe_file *sf);

#endif
