/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_diag: a list of configuration diagnostics, each "file:line: level:
 * message". Filled by the config language (lib/conf) and the config model
 * (daemon/conf); printed once by the caller. Never logs by itself.
 */
#ifndef VIGIL_CONF_DIAG_H
#define VIGIL_CONF_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

enum conf_diag_level {
	CONF_DIAG_NOTE,	    /* accepted, worth knowing (legacy keyword) -> -t exit 0 */
	CONF_DIAG_WARNING,  /* accepted, probably not what was meant -> -t exit 0 */
	CONF_DIAG_ERROR,    /* value or line ignored, daemon would still run -> -t exit 5 */
	CONF_DIAG_SECURITY, /* script security problem -> -t exit 6 */
	CONF_DIAG_FATAL,    /* cannot run: unreadable file, missing interface -> -t exit 4 */
};

struct conf_diag {
	enum conf_diag_level level;
	char *file; /* owned; NULL when not tied to a file */
	unsigned line;
	char *msg; /* owned */
};

struct conf_diags {
	struct conf_diag *v;
	size_t n, cap;
	size_t count[CONF_DIAG_FATAL + 1];
};

void conf_diags_init(struct conf_diags *d);
void conf_diags_free(struct conf_diags *d);
/* Appends one diagnostic; file may be NULL. Copies file and the formatted message. */
void conf_diag_add(struct conf_diags *d, enum conf_diag_level level, const char *file,
		   unsigned line, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void conf_diag_vadd(struct conf_diags *d, enum conf_diag_level level, const char *file,
		    unsigned line, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));
/* "note", "warning", "error", "error" (security), "fatal". */
const char *conf_diag_level_name(enum conf_diag_level level);
/* Prints every diagnostic, one per line: "file:line: level: message". */
void conf_diags_print(FILE *out, const struct conf_diags *d);
/* keepalived -t exit code for this list: 0, 4 (fatal), 6 (security) or 5 (error). */
int conf_diags_exit_code(const struct conf_diags *d);

#endif
