/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spawn_sec: the file and user side of running scripts: resolving a command
 * name through SPAWN_PATH, keepalived's enable_script_security check (no
 * path component writable by a non-root user) and script_user lookups.
 * Only stat()s files and reads the user database: never opens, changes or
 * runs anything, never logs.
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/spawn.h"
#include "util/xalloc.h"

static void __attribute__((format(printf, 3, 4)))
set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* May uid/gid execute a file with this mode and owner? Root needs any execute bit. */
static bool
may_execute(const struct stat *st, uid_t uid, gid_t gid)
{
	if (uid == 0)
		return (st->st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) != 0;
	if (uid == st->st_uid)
		return (st->st_mode & S_IXUSR) != 0;
	if (gid == st->st_gid)
		return (st->st_mode & S_IXGRP) != 0;
	return (st->st_mode & S_IXOTH) != 0;
}

/* 0 if path is a regular file uid/gid may execute, else -ENOENT or -EACCES. */
static int
exec_ok(const char *path, uid_t uid, gid_t gid)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return errno == EACCES ? -EACCES : -ENOENT;
	if (!S_ISREG(st.st_mode) || !may_execute(&st, uid, gid))
		return -EACCES;
	return 0;
}

int
spawn_resolve_exec(const char *name, uid_t uid, gid_t gid, char *out, size_t outlen)
{
	const char *dir = SPAWN_PATH, *end;
	char buf[PATH_MAX];
	int rc, found = -ENOENT;

	if (!*name)
		return -ENOENT;
	if (strchr(name, '/')) {
		if (strlen(name) >= outlen)
			return -ENAMETOOLONG;
		strcpy(out, name);
		return exec_ok(name, uid, gid);
	}
	for (; *dir; dir = *end ? end + 1 : end) {
		int n;

		end = strchrnul(dir, ':');
		n = snprintf(buf, sizeof(buf), "%.*s/%s", (int)(end - dir), dir, name);
		if (n < 0 || (size_t)n >= sizeof(buf))
			return -ENAMETOOLONG;
		rc = exec_ok(buf, uid, gid);
		if (rc == -EACCES)
			found = -EACCES; /* remember it, as execvp() does, but keep looking */
		if (rc < 0)
			continue;
		if ((size_t)n >= outlen)
			return -ENAMETOOLONG;
		memcpy(out, buf, (size_t)n + 1);
		return 0;
	}
	return found;
}

/*
 * Checks one path component (lstat, symlinks not followed). last: it is the
 * script itself. Returns 0, -EPERM or -ENOENT with err set.
 */
static int
check_component(const char *path, bool last, char *err, size_t errlen)
{
	struct stat st;
	bool sticky_dir;

	if (lstat(path, &st) < 0) {
		set_err(err, errlen, "cannot examine '%s': %s", path, strerror(errno));
		return -ENOENT;
	}
	if (!S_ISLNK(st.st_mode) && (last ? !S_ISREG(st.st_mode) : !S_ISDIR(st.st_mode))) {
		set_err(err, errlen, "'%s' is not a %s", path, last ? "regular file" : "directory");
		return -ENOENT;
	}
	if (st.st_uid != 0) {
		set_err(err, errlen, "'%s' is owned by uid %u, not root", path,
			(unsigned)st.st_uid);
		return -EPERM;
	}
	/* a symlink cannot be changed in place: its directory and target are checked */
	if (S_ISLNK(st.st_mode))
		return 0;
	/* in a sticky directory only root may replace root's files */
	sticky_dir = S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX);
	if (!sticky_dir && st.st_gid != 0 && (st.st_mode & S_IWGRP)) {
		set_err(err, errlen, "'%s' is writable by group %u", path, (unsigned)st.st_gid);
		return -EPERM;
	}
	if (!sticky_dir && (st.st_mode & S_IWOTH)) {
		set_err(err, errlen, "'%s' is writable by others", path);
		return -EPERM;
	}
	return 0;
}

/* Checks "/", then each directory of the absolute path, then the file. */
static int
check_components(const char *path, char *err, size_t errlen)
{
	char buf[PATH_MAX];
	size_t i, len = strlen(path);
	int rc;

	if (len >= sizeof(buf)) {
		set_err(err, errlen, "path too long: '%.64s...'", path);
		return -ENOENT;
	}
	rc = check_component("/", false, err, errlen);
	for (i = 1; rc == 0 && i < len; i++) {
		/* a prefix ending just before a '/', once per run of slashes */
		if (path[i] != '/' || path[i - 1] == '/')
			continue;
		memcpy(buf, path, i);
		buf[i] = '\0';
		rc = check_component(buf, false, err, errlen);
	}
	if (rc == 0)
		rc = check_component(path, true, err, errlen);
	return rc;
}

int
spawn_check_security(const char *path, char *err, size_t errlen)
{
	char found[PATH_MAX];
	char *real;
	int rc = 0;

	if (!strchr(path, '/')) {
		rc = spawn_resolve_exec(path, 0, 0, found, sizeof(found));
		if (rc < 0) {
			set_err(err, errlen, "cannot find '%s' in %s", path, SPAWN_PATH);
			return -ENOENT;
		}
		path = found;
	}
	real = realpath(path, NULL);
	if (!real) {
		set_err(err, errlen, "cannot resolve '%s': %s", path, strerror(errno));
		return -ENOENT;
	}
	/* a relative path is judged by its canonical path, which covers the cwd's ancestors */
	if (path[0] == '/')
		rc = check_components(path, err, errlen);
	if (rc == 0 && strcmp(real, path) != 0)
		rc = check_components(real, err, errlen);
	free(real);
	return rc;
}

/* A buffer size for getpwnam_r()/getgrnam_r(); grown on ERANGE by the callers. */
static size_t
pw_buf_size(void)
{
	long n = sysconf(_SC_GETPW_R_SIZE_MAX);
	long g = sysconf(_SC_GETGR_R_SIZE_MAX);

	if (g > n)
		n = g;
	return n > 0 ? (size_t)n : 4096;
}

/* Looks up a group's gid; 0 or -1 with err set. */
static int
lookup_group(const char *group, gid_t *gid, char *err, size_t errlen)
{
	size_t size = pw_buf_size();
	struct group gr, *res = NULL;
	char *buf = NULL;
	int rc;

	do {
		free(buf);
		buf = xmalloc(size);
		rc = getgrnam_r(group, &gr, buf, size, &res);
		size *= 2;
	} while (rc == ERANGE && size <= (1u << 24));
	if (rc == 0 && res)
		*gid = gr.gr_gid;
	else if (rc == 0)
		set_err(err, errlen, "group '%s' does not exist", group);
	else
		set_err(err, errlen, "cannot look up group '%s': %s", group, strerror(rc));
	free(buf);
	return rc == 0 && res ? 0 : -1;
}

int
spawn_lookup_user(const char *user, const char *group, uid_t *uid, gid_t *gid, char *err,
		  size_t errlen)
{
	size_t size = pw_buf_size();
	struct passwd pw, *res = NULL;
	char *buf = NULL;
	int rc;

	do {
		free(buf);
		buf = xmalloc(size);
		rc = getpwnam_r(user, &pw, buf, size, &res);
		size *= 2;
	} while (rc == ERANGE && size <= (1u << 24));
	if (rc != 0 || !res) {
		if (rc == 0)
			set_err(err, errlen, "user '%s' does not exist", user);
		else
			set_err(err, errlen, "cannot look up user '%s': %s", user, strerror(rc));
		free(buf);
		return -1;
	}
	*uid = pw.pw_uid;
	*gid = pw.pw_gid;
	free(buf);
	if (group && lookup_group(group, gid, err, errlen) < 0)
		return -1;
	return 0;
}
