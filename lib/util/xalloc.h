/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xalloc: allocation helpers that abort on out-of-memory, so callers never
 * check for NULL. Not for input-sized allocations that an attacker controls
 * without a bound: bound those first.
 */
#ifndef VIGIL_UTIL_XALLOC_H
#define VIGIL_UTIL_XALLOC_H

#include <stddef.h>

/* Each returns owned memory (free with free()); never NULL. */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grows *ptr to hold at least need elements of elsize bytes; *cap tracks capacity. */
void xgrow(void **ptr, size_t *cap, size_t need, size_t elsize);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a newly allocated string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define x_new(type) ((type *)xcalloc(1, sizeof(type)))

#endif
