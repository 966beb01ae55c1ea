/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_diag: the list of configuration diagnostics ("file:line: level:
 * message") shared by the config language and the config model. It only
 * collects and prints what it is given: it never logs, never exits, and
 * maps the list to keepalived's -t exit code.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_diag.h"
#include "util/xalloc.h"

void
conf_diags_init(struct conf_diags *d)
{
	memset(d, 0, sizeof(*d));
}

void
conf_diags_free(struct conf_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

void
conf_diag_vadd(struct conf_diags *d, enum conf_diag_level level, const char *file, unsigned line,
	       const char *fmt, va_list ap)
{
	struct conf_diag *g;
	char *msg;

	if (level > CONF_DIAG_FATAL)
		level = CONF_DIAG_FATAL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = xstrdup("(out of memory formatting a diagnostic)");
	xgrow((void **)&d->v, &d->cap, d->n + 1, sizeof(*d->v));
	g = &d->v[d->n++];
	g->level = level;
	g->file = file ? xstrdup(file) : NULL;
	g->line = line;
	g->msg = msg;
	d->count[level]++;
}

void
conf_diag_add(struct conf_diags *d, enum conf_diag_level level, const char *file, unsigned line,
	      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_diag_vadd(d, level, file, line, fmt, ap);
	va_end(ap);
}

const char *
conf_diag_level_name(enum conf_diag_level level)
{
	switch (level) {
	case CONF_DIAG_NOTE:
		return "note";
	case CONF_DIAG_WARNING:
		return "warning";
	case CONF_DIAG_ERROR:
	case CONF_DIAG_SECURITY:
		return "error";
	case CONF_DIAG_FATAL:
		return "fatal";
	}
	return "error";
}

void
conf_diags_print(FILE *out, const struct conf_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct conf_diag *g = &d->v[i];
		const char *lvl = conf_diag_level_name(g->level);

		if (g->file && g->line)
			fprintf(out, "%s:%u: %s: %s\n", g->file, g->line, lvl, g->msg);
		else if (g->file)
			fprintf(out, "%s: %s: %s\n", g->file, lvl, g->msg);
		else
			fprintf(out, "%s: %s\n", lvl, g->msg);
	}
}

int
conf_diags_exit_code(const struct conf_diags *d)
{
	if (d->count[CONF_DIAG_FATAL])
		return 4;
	if (d->count[CONF_DIAG_SECURITY])
		return 6;
	if (d->count[CONF_DIAG_ERROR])
		return 5;
	return 0;
}
