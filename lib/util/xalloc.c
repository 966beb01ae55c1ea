/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xalloc: malloc wrappers that abort on out-of-memory (exit code 204, the
 * systemd.exec convention keepalived also uses). Never logs through log.c so
 * that it stays usable from every layer.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"

#define EXIT_NO_MEMORY 204

static void
out_of_memory(size_t size)
{
	char msg[80];
	int n = snprintf(msg, sizeof(msg), "vigil: out of memory (%zu bytes)\n", size);

	if (n > 0 && write(STDERR_FILENO, msg, (size_t)n) < 0)
		_exit(EXIT_NO_MEMORY);
	_exit(EXIT_NO_MEMORY);
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		out_of_memory(size);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		out_of_memory(nmemb * size);
	return p;
}

void *
xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		out_of_memory(size);
	return p;
}

void
xgrow(void **ptr, size_t *cap, size_t need, size_t elsize)
{
	size_t ncap = *cap ? *cap : 8;

	if (need <= *cap)
		return;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / elsize)
			out_of_memory(SIZE_MAX);
		ncap *= 2;
	}
	*ptr = xrealloc(*ptr, ncap * elsize);
	*cap = ncap;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	if (vasprintf(&p, fmt, ap) < 0)
		out_of_memory(0);
	va_end(ap);
	return p;
}
