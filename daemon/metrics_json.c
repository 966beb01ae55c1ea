/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * metrics_json: a small recursive-descent JSON reader (RFC 8259) for the
 * children's status documents, which the metrics renderer turns into
 * Prometheus text. Builds a tree of struct mj; numbers are kept as written
 * so counters are printed back exactly. Bounded nesting; any syntax error
 * gives NULL. Pure: no I/O, no logging.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/metrics.h"
#include "util/xalloc.h"

#define MJ_MAX_DEPTH 32

struct mj_in {
	const char *s, *end;
	int depth;
};

static void
skip_ws(struct mj_in *in)
{
	while (in->s < in->end &&
	       (*in->s == ' ' || *in->s == '\t' || *in->s == '\n' || *in->s == '\r'))
		in->s++;
}

static bool
eat(struct mj_in *in, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(in->end - in->s) < n || memcmp(in->s, word, n))
		return false;
	in->s += n;
	return true;
}

static int
hex4(const char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* Appends code point cp as UTF-8. */
static size_t
put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* A \uXXXX escape (with its low surrogate when needed) at in->s, just past the 'u'. */
static int
unicode_escape(struct mj_in *in, char *o, size_t *n)
{
	int hi, lo;
	uint32_t cp;

	if (in->end - in->s < 4 || (hi = hex4(in->s)) < 0)
		return -1;
	in->s += 4;
	cp = (uint32_t)hi;
	if (hi >= 0xd800 && hi < 0xdc00) {
		if (in->end - in->s < 6 || in->s[0] != '\\' || in->s[1] != 'u' ||
		    (lo = hex4(in->s + 2)) < 0xdc00 || lo > 0xdfff)
			return -1;
		in->s += 6;
		cp = 0x10000 + (((uint32_t)hi - 0xd800) << 10) + ((uint32_t)lo - 0xdc00);
	} else if (hi >= 0xdc00 && hi < 0xe000) {
		return -1;
	}
	*n += put_utf8(o + *n, cp);
	return 0;
}

/* A string at in->s (on the opening quote); owned result or NULL. */
static char *
parse_string(struct mj_in *in)
{
	static const char esc_in[] = "\"\\/bfnrt", esc_out[] = "\"\\/\b\f\n\r\t";
	char *o = xmalloc((size_t)(in->end - in->s) + 4);
	size_t n = 0;

	in->s++;
	while (in->s < in->end && *in->s != '"') {
		unsigned char c = (unsigned char)*in->s++;
		const char *e;

		if (c < 0x20)
			goto fail;
		if (c != '\\') {
			o[n++] = (char)c;
			continue;
		}
		if (in->s >= in->end)
			goto fail;
		c = (unsigned char)*in->s++;
		if (c == 'u') {
			if (unicode_escape(in, o, &n) < 0)
				goto fail;
		} else if (c && (e = strchr(esc_in, c))) {
			o[n++] = esc_out[e - esc_in];
		} else {
			goto fail;
		}
	}
	if (in->s >= in->end)
		goto fail;
	in->s++;
	o[n] = '\0';
	return o;
fail:
	free(o);
	return NULL;
}

static bool
is_digit(const struct mj_in *in)
{
	return in->s < in->end && *in->s >= '0' && *in->s <= '9';
}

static char *
parse_number(struct mj_in *in)
{
	const char *start = in->s;

	if (in->s < in->end && *in->s == '-')
		in->s++;
	if (!is_digit(in))
		return NULL;
	if (*in->s == '0')
		in->s++;
	else
		while (is_digit(in))
			in->s++;
	if (in->s < in->end && *in->s == '.') {
		in->s++;
		if (!is_digit(in))
			return NULL;
		while (is_digit(in))
			in->s++;
	}
	if (in->s < in->end && (*in->s == 'e' || *in->s == 'E')) {
		in->s++;
		if (in->s < in->end && (*in->s == '+' || *in->s == '-'))
			in->s++;
		if (!is_digit(in))
			return NULL;
		while (is_digit(in))
			in->s++;
	}
	return xstrndup(start, (size_t)(in->s - start));
}

static struct mj *parse_value(struct mj_in *in);

/* The members of an array or object, in->s just past the opening bracket. */
static int
parse_members(struct mj_in *in, struct mj *v, char close)
{
	struct mj **tail = &v->child;

	skip_ws(in);
	if (in->s < in->end && *in->s == close) {
		in->s++;
		return 0;
	}
	for (;;) {
		char *key = NULL;
		struct mj *m;

		skip_ws(in);
		if (close == '}') {
			if (in->s >= in->end || *in->s != '"' || !(key = parse_string(in)))
				return -1;
			skip_ws(in);
			if (!eat(in, ":")) {
				free(key);
				return -1;
			}
		}
		m = parse_value(in);
		if (!m) {
			free(key);
			return -1;
		}
		m->key = key;
		*tail = m;
		tail = &m->next;
		skip_ws(in);
		if (in->s < in->end && *in->s == ',') {
			in->s++;
			continue;
		}
		if (in->s < in->end && *in->s == close) {
			in->s++;
			return 0;
		}
		return -1;
	}
}

static struct mj *
parse_value(struct mj_in *in)
{
	struct mj *v = x_new(struct mj);

	skip_ws(in);
	if (in->s >= in->end || ++in->depth > MJ_MAX_DEPTH)
		goto fail;
	if (*in->s == '{' || *in->s == '[') {
		char close = *in->s == '{' ? '}' : ']';

		v->type = close == '}' ? MJ_OBJ : MJ_ARR;
		in->s++;
		if (parse_members(in, v, close) < 0)
			goto fail;
	} else if (*in->s == '"') {
		v->type = MJ_STR;
		if (!(v->text = parse_string(in)))
			goto fail;
	} else if (eat(in, "true") || eat(in, "false")) {
		v->type = MJ_BOOL;
		v->b = in->s[-1] == 'e' && in->s[-2] == 'u';
	} else if (eat(in, "null")) {
		v->type = MJ_NULL;
	} else {
		v->type = MJ_NUM;
		if (!(v->text = parse_number(in)))
			goto fail;
	}
	in->depth--;
	return v;
fail:
	mj_free(v);
	return NULL;
}

struct mj *
mj_parse(const char *s, size_t len)
{
	struct mj_in in;
	struct mj *v;

	/* s is NULL for a child that did not answer: no pointer arithmetic on it (UB) */
	if (!s)
		return NULL;
	in = (struct mj_in){.s = s, .end = s + len};
	v = parse_value(&in);
	skip_ws(&in);
	if (v && in.s != in.end) {
		mj_free(v);
		return NULL;
	}
	return v;
}

void
mj_free(struct mj *v)
{
	while (v) {
		struct mj *next = v->next;

		mj_free(v->child);
		free(v->key);
		free(v->text);
		free(v);
		v = next;
	}
}

const struct mj *
mj_get(const struct mj *o, const char *key)
{
	if (!o || o->type != MJ_OBJ)
		return NULL;
	for (const struct mj *m = o->child; m; m = m->next)
		if (m->key && !strcmp(m->key, key))
			return m;
	return NULL;
}

const char *
mj_str(const struct mj *o, const char *key)
{
	const struct mj *m = mj_get(o, key);

	return m && m->type == MJ_STR ? m->text : NULL;
}
