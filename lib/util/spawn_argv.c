/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spawn_argv: splits a configured command line into argv the way keepalived
 * splits script commands (quotes group, backslash escapes), and tells
 * whether the line uses shell syntax and so must run under /bin/sh -c.
 * Pure: no I/O, no logging; errors go to the caller's buffer.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/spawn.h"
#include "util/xalloc.h"

/*
 * Unquoted characters that make a command line a shell command anywhere, and
 * those that do only at the start of a word (tilde expansion, comments).
 */
static const char shell_chars[] = "|&;<>()$`*?[]{}\n";
static const char shell_start_chars[] = "~#";

struct split {
	const char *p; /* read position in the command line */
	char *word;    /* the word being built */
	size_t wlen;
	char **argv;
	size_t argc, cap;
	bool needs_shell;
};

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

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes the escape after a backslash at *pp (which it advances); keepalived's set. */
static char
decode_escape(const char **pp)
{
	const char *p = *pp;
	unsigned v;
	int i;

	if (*p == 'x' && hexval(p[1]) >= 0) {
		/* keepalived takes every following hex digit, keeping the low 8 bits */
		for (v = 0, p++; hexval(*p) >= 0; p++)
			v = (v << 4) | (unsigned)hexval(*p);
	} else if (*p == 'c' && p[1]) {
		v = (unsigned)p[1] & 0x1f;
		p += 2;
	} else if (*p >= '0' && *p <= '7') {
		for (v = 0, i = 0; i < 3 && *p >= '0' && *p <= '7'; i++, p++)
			v = (v << 3) | (unsigned)(*p - '0');
	} else {
		switch (*p) {
		case 'a':
			v = '\a';
			break;
		case 'b':
			v = '\b';
			break;
		case 'E':
			v = 0x1b;
			break;
		case 'f':
			v = '\f';
			break;
		case 'n':
			v = '\n';
			break;
		case 'r':
			v = '\r';
			break;
		case 't':
			v = '\t';
			break;
		case 'v':
			v = '\v';
			break;
		default:
			v = (unsigned char)*p;
			break;
		}
		p++;
	}
	*pp = p;
	return (char)(v & 0xff);
}

/* True when [p, end) is a shell variable name: [A-Za-z_][A-Za-z0-9_]*. */
static bool
is_name(const char *p, const char *end)
{
	if ((*p >= '0' && *p <= '9'))
		return false;
	for (; p < end; p++) {
		if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9')))
			return false;
	}
	return true;
}

static void
push_word(struct split *s)
{
	xgrow((void **)&s->argv, &s->cap, s->argc + 2, sizeof(*s->argv));
	s->argv[s->argc++] = xstrndup(s->word, s->wlen);
	s->argv[s->argc] = NULL;
	s->wlen = 0;
}

/*
 * Reads one word starting at s->p (not a blank) into s->word. Returns 0, or
 * -1 with err set.
 */
static int
read_word(struct split *s, char *err, size_t errlen)
{
	const char *start = s->p;
	char quote = 0;

	while (*s->p) {
		char c = *s->p;

		if (c == '\\') {
			s->p++;
			if (!*s->p) {
				set_err(err, errlen, "trailing backslash in '%s'", start);
				return -1;
			}
			s->word[s->wlen++] = decode_escape(&s->p);
			continue;
		}
		s->p++;
		if (quote) {
			if (c == quote)
				quote = 0;
			else
				s->word[s->wlen++] = c;
			continue;
		}
		if (c == '"' || c == '\'') {
			quote = c;
			continue;
		}
		if (c == ' ' || c == '\t') {
			s->p--;
			break;
		}
		if (strchr(shell_chars, c) || (s->p - 1 == start && strchr(shell_start_chars, c)))
			s->needs_shell = true;
		/* NAME=value before the command is a shell variable assignment */
		if (c == '=' && s->argc == 0 && s->p - 1 > start && is_name(start, s->p - 1))
			s->needs_shell = true;
		s->word[s->wlen++] = c;
	}
	if (quote) {
		set_err(err, errlen, "missing terminating %c in '%s'", quote, start);
		return -1;
	}
	return 0;
}

int
spawn_argv_split(const char *cmdline, char ***argv_out, bool *needs_shell, char *err, size_t errlen)
{
	struct split s;

	memset(&s, 0, sizeof(s));
	*argv_out = NULL;
	*needs_shell = false;
	/* a word never grows longer than the text it comes from */
	s.word = xmalloc(strlen(cmdline) + 1);
	s.p = cmdline;
	for (;;) {
		s.p += strspn(s.p, " \t");
		if (!*s.p)
			break;
		if (read_word(&s, err, errlen) < 0)
			goto fail;
		push_word(&s);
	}
	if (s.argc == 0) {
		set_err(err, errlen, "empty command");
		goto fail;
	}
	free(s.word);
	*argv_out = s.argv;
	*needs_shell = s.needs_shell;
	return 0;
fail:
	free(s.word);
	spawn_argv_free(s.argv);
	return -1;
}

void
spawn_argv_free(char **argv)
{
	size_t i;

	if (!argv)
		return;
	for (i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
}

size_t
spawn_argv_count(char *const *argv)
{
	size_t n = 0;

	while (argv && argv[n])
		n++;
	return n;
}

int
spawn_shell_quote(char *buf, size_t *len, size_t cap, const char *s)
{
	size_t need = 3; /* space and two quotes */
	size_t i, o = *len;

	for (i = 0; s[i]; i++)
		need += s[i] == '\'' ? 4 : 1;
	if (o + need + 1 > cap)
		return -1;
	buf[o++] = ' ';
	buf[o++] = '\'';
	for (i = 0; s[i]; i++) {
		if (s[i] == '\'') {
			/* close the quote, add an escaped quote, reopen */
			memcpy(buf + o, "'\\''", 4);
			o += 4;
		} else {
			buf[o++] = s[i];
		}
	}
	buf[o++] = '\'';
	buf[o] = '\0';
	*len = o;
	return 0;
}
