/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pidfile: pid files for the parent and children. A file is written to a
 * temporary name and renamed so readers never see a partial pid.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/pidfile.h"

int
pidfile_write(const char *path, pid_t pid)
{
	char tmp[PATH_MAX], buf[32];
	int fd, len, err = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%ld\n", (long)pid);
	if (write(fd, buf, (size_t)len) != len)
		err = errno ? -errno : -EIO;
	if (close(fd) < 0 && !err)
		err = -errno;
	if (!err && rename(tmp, path) < 0)
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

pid_t
pidfile_read(const char *path)
{
	char buf[32];
	char *end;
	ssize_t n;
	long v;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EINVAL;
	buf[n] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno || end == buf || (*end && *end != '\n') || v <= 0 || v > INT_MAX)
		return -EINVAL;
	return (pid_t)v;
}

pid_t
pidfile_live(const char *path)
{
	pid_t pid = pidfile_read(path);

	if (pid <= 0 || pid == getpid())
		return 0;
	if (kill(pid, 0) == 0 || errno == EPERM)
		return pid;
	return 0;
}

void
pidfile_remove(const char *path)
{
	unlink(path);
}
