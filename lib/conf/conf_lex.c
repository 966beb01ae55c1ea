/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_lex: the character level of keepalived.conf. Reads physical lines
 * (bounded by max_line, NUL bytes refused), turns pasted non-breaking spaces
 * and CRs into spaces, strips '#' and '!' comments outside quotes, and splits
 * a statement into words with keepalived's quoting and escapes. It knows no
 * keyword and does no $param or include processing.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_priv.h"
#include "util/xalloc.h"

static int
frame_getc(struct conf_frame *f)
{
	if (f->fp)
		return getc_unlocked(f->fp);
	if (f->pos >= f->len)
		return EOF;
	return (unsigned char)f->buf[f->pos++];
}

/*
 * Reads the next physical line of f into ctx->linebuf, without its '\n' and
 * a trailing '\r'. A line must be shorter than max_line bytes (keepalived
 * reads into a max_line buffer that also holds the terminator); a longer
 * line is consumed whole and reported by the caller, as is a line with NULs.
 */
enum conf_read
conf_lex_read(struct conf_ctx *ctx, struct conf_frame *f)
{
	size_t cap = ctx->opts.max_line, len = 0;
	bool got = false, over = false, nul = false;
	char *buf = ctx->linebuf;
	int c;

	while ((c = frame_getc(f)) != EOF) {
		got = true;
		if (c == '\n')
			break;
		if (c == '\0')
			nul = true;
		if (len < cap)
			buf[len++] = (char)c;
		else
			over = true;
	}
	if (!got)
		return CONF_READ_EOF;
	f->line++;
	if (!over && len && buf[len - 1] == '\r')
		len--;
	buf[len] = '\0';
	if (over || len >= cap)
		return CONF_READ_TOO_LONG;
	if (nul)
		return CONF_READ_NUL;
	return CONF_READ_LINE;
}

bool
conf_lex_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * Rewrites s in place so that a UTF-8 no-break space (C2 A0) and a stray
 * Latin-1 one (A0 outside a UTF-8 sequence) become plain spaces; both come
 * from configurations pasted from web pages. Other UTF-8 text is kept.
 */
static void
normalize_spaces(char *s)
{
	unsigned char *r = (unsigned char *)s, *w = r;
	int expect = 0; /* UTF-8 continuation bytes still due */

	for (; *r; r++) {
		unsigned char c = *r;

		if (c == 0xC2 && r[1] == 0xA0) {
			*w++ = ' ';
			r++;
			expect = 0;
			continue;
		}
		if (c >= 0x80 && c <= 0xBF) {
			if (expect > 0)
				expect--;
			else if (c == 0xA0)
				c = ' ';
		} else {
			expect = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
		}
		if (c == '\r' || c == '\v' || c == '\f')
			c = ' ';
		*w++ = c;
	}
	*w = '\0';
}

/* A set of bytes, as a bitmap. */
struct byteset {
	uint64_t w[4];
};

static void
set_add(struct byteset *set, const char *chars)
{
	for (; *chars; chars++) {
		unsigned char c = (unsigned char)*chars;

		set->w[c >> 6] |= (uint64_t)1 << (c & 63);
	}
}

static inline bool
set_has(const struct byteset *set, char ch)
{
	unsigned char c = (unsigned char)ch;

	return (set->w[c >> 6] >> (c & 63)) & 1;
}

/*
 * Index in s of the first character of stops that is outside quotes and not
 * escaped, or strlen(s). Inside '...' or "..." a backslash escapes the next
 * character; outside, only "\#" and "\!" are escapes (literal comment chars).
 * When looking for braces, an unexpanded ${...} is not a block. Outside
 * quotes, bytes that are neither a stop nor one of \ $ " ' are skipped with
 * one bitmap test (this runs over every byte of the file).
 */
size_t
conf_lex_find(const char *s, const char *stops)
{
	bool skip_params = strchr(stops, '{') != NULL;
	struct byteset special = {{0}};
	const char *end;
	char q = 0;
	size_t i;

	set_add(&special, "\\$\"'");
	set_add(&special, stops);
	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (q) {
			if (c == '\\' && s[i + 1])
				i++;
			else if (c == q)
				q = 0;
			continue;
		}
		if (!set_has(&special, c))
			continue;
		if (c == '\\' && (s[i + 1] == '#' || s[i + 1] == '!'))
			i++;
		else if (skip_params && c == '$' && s[i + 1] == '{' && (end = strchr(s + i, '}')))
			i = (size_t)(end - s);
		else if (c == '"' || c == '\'')
			q = c;
		else if (strchr(stops, c))
			return i;
	}
	return i;
}

/*
 * Cleans a physical line in place (spaces, comment, trim); returns its first
 * non-blank. A comment glued to a word ("auth_pass abc!def") is kept as
 * keepalived does, with a note, since it is a classic way to lose a password.
 */
char *
conf_lex_clean(struct conf_ctx *ctx, char *s)
{
	size_t n;

	normalize_spaces(s);
	n = conf_lex_find(s, "#!");

	if (s[n] && n && !conf_lex_space(s[n - 1]) && !strchr("{}#!", s[n - 1]))
		conf_err(ctx, CONF_DIAG_NOTE,
			 "'%c' starts a comment in the middle of a word; write \\%c or quote the "
			 "word to keep it",
			 s[n], s[n]);
	s[n] = '\0';
	while (conf_lex_space(*s))
		s++;
	n = strlen(s);
	while (n && conf_lex_space(s[n - 1]))
		n--;
	s[n] = '\0';
	return s;
}

char *
conf_trim(const char *s, size_t len)
{
	while (len && conf_lex_space(*s)) {
		s++;
		len--;
	}
	while (len && conf_lex_space(s[len - 1]))
		len--;
	return xstrndup(s, len);
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

/*
 * Decodes the escape after a backslash inside quotes (p points past the
 * backslash): \a \b \E \f \n \r \t \v, \nnn octal, \xXX hex, \cC control,
 * anything else is itself. Stores the byte in *out; returns bytes consumed.
 */
static size_t
unescape(const char *p, unsigned char *out)
{
	static const char from[] = "abEfnrtv", to[] = "\a\b\033\f\n\r\t\v";
	const char *m = strchr(from, *p);
	unsigned v = 0;
	size_t n = 0;

	if (m) {
		*out = (unsigned char)to[m - from];
		return 1;
	}
	if (*p >= '0' && *p <= '7') {
		while (n < 3 && p[n] >= '0' && p[n] <= '7')
			v = v * 8 + (unsigned)(p[n++] - '0');
		*out = (unsigned char)(v & 0xff);
		return n;
	}
	if (*p == 'x' && hexval(p[1]) >= 0) {
		for (n = 1; n < 3 && hexval(p[n]) >= 0; n++)
			v = v * 16 + (unsigned)hexval(p[n]);
		*out = (unsigned char)v;
		return n;
	}
	if (*p == 'c' && p[1]) {
		*out = p[1] == '?' ? 0x7f : (unsigned char)(p[1] & 0x1f);
		return 2;
	}
	*out = (unsigned char)*p;
	return 1;
}

/* Appends c to the word being decoded at *w ("\0" or "\c@" cannot be held: dropped). */
static void
put(char **w, unsigned char c)
{
	if (c != '\0')
		*(*w)++ = (char)c;
}

/*
 * Decodes one word starting at *pp (not blank) to *w, NUL-terminated, and
 * advances both; returns false if a quote was left open. A word never
 * decodes to more bytes than it is written with.
 */
static bool
read_word(const char **pp, char **w)
{
	const char *p = *pp;
	char q = 0;
	unsigned char c;

	while (*p && (q || !conf_lex_space(*p))) {
		if (q && *p == q) {
			q = 0;
			p++;
		} else if (q && *p == '\\' && p[1]) {
			p += 1 + unescape(p + 1, &c);
			put(w, c);
		} else if (!q && (*p == '"' || *p == '\'')) {
			q = *p++;
		} else if (!q && *p == '\\' && (p[1] == '#' || p[1] == '!')) {
			put(w, (unsigned char)p[1]);
			p += 2;
		} else {
			put(w, (unsigned char)*p++);
		}
	}
	*(*w)++ = '\0';
	*pp = p;
	return q == 0;
}

/*
 * Splits s into words, quotes grouping and removed, escapes applied, and
 * writes them one after the other, each NUL-terminated, to out, which must
 * hold strlen(s) + 1 bytes. *first_end is the offset just past the first
 * word, *used the bytes written. Returns the number of words.
 */
size_t
conf_lex_split(struct conf_ctx *ctx, const char *s, char *out, size_t *first_end, size_t *used)
{
	const char *p = s;
	char *w = out;
	size_t n = 0;
	bool open_quote = false;

	*first_end = 0;
	for (;;) {
		while (conf_lex_space(*p))
			p++;
		if (!*p)
			break;
		if (!read_word(&p, &w))
			open_quote = true;
		if (++n == 1)
			*first_end = (size_t)(p - s);
	}
	if (open_quote)
		conf_err(ctx, CONF_DIAG_WARNING, "unterminated quoted string");
	*used = (size_t)(w - out);
	return n;
}

/*
 * Splits s into words (owned argv, free with conf_lex_free_words), as
 * conf_lex_split. Returns false when s holds no word.
 */
bool
conf_lex_words(struct conf_ctx *ctx, const char *s, char ***argv, size_t *argc, size_t *first_end)
{
	size_t used, n;
	char *buf = xmalloc(strlen(s) + 1), **v, *w = buf;

	n = conf_lex_split(ctx, s, buf, first_end, &used);
	v = xcalloc(n + 1, sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		v[i] = xstrdup(w);
		w += strlen(w) + 1;
	}
	free(buf);
	*argv = v;
	*argc = n;
	return n > 0;
}

void
conf_lex_free_words(char **argv, size_t argc)
{
	for (size_t i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}
