/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * notify_fifo: FIFO output for notify events. Opened read-write and
 * non-blocking (as keepalived does) so opening never waits for a reader and
 * a slow or absent reader only costs dropped lines.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "notify/notify_fifo.h"
#include "util/log.h"
#include "util/xalloc.h"

struct notify_fifo {
	int fd;
	char *path;
};

int
notify_fifo_create(const char *path, bool *created)
{
	struct stat st;
	bool made = mkfifo(path, 0600) == 0;

	if (created)
		*created = made;
	if (!made && errno != EEXIST) {
		log_warn("cannot create notify FIFO %s", path);
		return -1;
	}
	if (stat(path, &st) < 0 || !S_ISFIFO(st.st_mode)) {
		log_warnx("notify FIFO %s exists and is not a FIFO", path);
		return -1;
	}
	return 0;
}

struct notify_fifo *
notify_fifo_open(const char *path)
{
	struct notify_fifo *f;
	int fd;

	if (!path || notify_fifo_create(path, NULL) < 0)
		return NULL;
	fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		log_warn("cannot open notify FIFO %s", path);
		return NULL;
	}
	f = xcalloc(1, sizeof(*f));
	f->fd = fd;
	f->path = xstrdup(path);
	return f;
}

void
notify_fifo_close(struct notify_fifo *f)
{
	if (!f)
		return;
	close(f->fd);
	free(f->path);
	free(f);
}

void
notify_fifo_write(struct notify_fifo *f, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	if (!f)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	if (write(f->fd, line, (size_t)n) != n)
		log_detail("notify FIFO %s: line dropped (%s)", f->path, strerror(errno));
}
