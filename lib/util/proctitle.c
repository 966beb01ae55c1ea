/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * proctitle: rewrite the process title. The kernel shows /proc/PID/cmdline
 * from the original argv memory; the argv strings and, after them, the
 * environment strings form one contiguous area, which we reuse after moving
 * the argv and environment strings to the heap. Not for threaded programs.
 */
#include "config.h"

#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "util/proctitle.h"
#include "util/xalloc.h"

extern char **environ;

static char *title_start;
static size_t title_len;

void
proctitle_init(int argc, char **argv)
{
	char *end;
	size_t n = 0;

	if (argc <= 0 || !argv[0])
		return;
	end = argv[0] + strlen(argv[0]);
	for (int i = 1; i < argc; i++)
		if (argv[i] == end + 1)
			end = argv[i] + strlen(argv[i]);
	while (environ[n])
		n++;
	char **newenv = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		if (environ[i] == end + 1)
			end = environ[i] + strlen(environ[i]);
		newenv[i] = xstrdup(environ[i]);
	}
	environ = newenv;
	title_start = argv[0];
	title_len = (size_t)(end - argv[0]);
	/* Option values point into argv: give them copies the title cannot overwrite. */
	for (int i = 0; i < argc; i++)
		argv[i] = xstrdup(argv[i]);
}

void
proctitle_set(const char *title)
{
	prctl(PR_SET_NAME, title, 0, 0, 0);
	if (!title_start)
		return;
	size_t len = strlen(title);
	if (len > title_len)
		len = title_len;
	memcpy(title_start, title, len);
	memset(title_start + len, '\0', title_len - len + 1);
}
