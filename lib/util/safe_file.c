/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * safe_file: temporary file next to the target, created by mkostemp()
 * (O_CREAT|O_EXCL, so never through a symlink), mode 0600, renamed into place
 * on commit (see safe_file.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/safe_file.h"

int
safe_file_open(struct safe_file *sf, const char *path)
{
	const char *base = strrchr(path, '/');
	int fd, n;

	sf->f = NULL;
	base = base ? base + 1 : path;
	if (!*base)
		return -EISDIR;
	if (snprintf(sf->path, sizeof(sf->path), "%s", path) >= (int)sizeof(sf->path))
		return -ENAMETOOLONG;
	/* "dir/.name.XXXXXX": hidden, in the same directory so rename() is atomic. */
	n = snprintf(sf->tmp, sizeof(sf->tmp), "%.*s.%s.XXXXXX", (int)(base - path), path, base);
	if (n < 0 || n >= (int)sizeof(sf->tmp))
		return -ENAMETOOLONG;
	fd = mkostemp(sf->tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fchmod(fd, 0600) < 0 || !(sf->f = fdopen(fd, "w"))) {
		int e = errno;

		close(fd);
		unlink(sf->tmp);
		return -e;
	}
	return 0;
}

int
safe_file_commit(struct safe_file *sf)
{
	int e = 0;

	if (!sf->f)
		return -EBADF;
	if (fflush(sf->f) != 0)
		e = errno;
	else if (ferror(sf->f))
		e = EIO;
	if (fclose(sf->f) != 0 && !e)
		e = errno;
	sf->f = NULL;
	if (!e && rename(sf->tmp, sf->path) < 0)
		e = errno;
	if (e)
		unlink(sf->tmp);
	return -e;
}

void
safe_file_abort(struct safe_file *sf)
{
	if (!sf->f)
		return;
	fclose(sf->f);
	sf->f = NULL;
	unlink(sf->tmp);
}
