/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_expand: substitutes $NAME (followed by a blank or the end) and
 * ${NAME} in one line, rescanning each substituted value so that expansion
 * is recursive at use time, plus the builtins ${_PWD} ${_INSTANCE}
 * ${_RANDOM [MIN [MAX]]} ${_ENV NAME} ${_HASH} ${_BANG}. A multi-line
 * parameter ends the expansion: its lines go back to the caller unexpanded,
 * to be processed one by one. Undefined parameters are left as written.
 * Substitutions per line, line length and total output are bounded.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/conf_priv.h"
#include "util/xalloc.h"

#define RANDOM_MAX_DEFAULT 32767

/* A parameter reference at some '$' of the line. */
struct ref {
	const char *name;
	size_t nlen;
	const char *args; /* after the name inside ${...}, trimmed */
	size_t alen;
	size_t len; /* whole reference, '$' included */
};

static bool
parse_ref(const char *p, struct ref *r)
{
	memset(r, 0, sizeof(*r));
	if (p[1] == '{') {
		const char *end = strchr(p + 2, '}'), *a;

		r->name = p + 2;
		r->nlen = conf_name_len(r->name);
		a = r->name + r->nlen;
		if (!end || !r->nlen || (a != end && !conf_lex_space(*a)))
			return false;
		while (a < end && conf_lex_space(*a))
			a++;
		r->args = a;
		r->alen = (size_t)(end - a);
		while (r->alen && conf_lex_space(a[r->alen - 1]))
			r->alen--;
		r->len = (size_t)(end + 1 - p);
		return true;
	}
	r->name = p + 1;
	r->nlen = conf_name_len(r->name);
	if (!r->nlen)
		return false;
	r->len = 1 + r->nlen;
	r->args = p + r->len; /* none, but a valid pointer */
	return !p[r->len] || conf_lex_space(p[r->len]) || p[r->len] == '\n';
}

static bool
ref_is(const struct ref *r, const char *name)
{
	return strlen(name) == r->nlen && !memcmp(r->name, name, r->nlen);
}

bool
conf_builtin_name(const char *name, size_t len)
{
	static const char *const names[] = {"_PWD", "_INSTANCE", "_RANDOM",
					    "_ENV", "_HASH",	 "_BANG"};
	struct ref r = {.name = name, .nlen = len};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (ref_is(&r, names[i]))
			return true;
	return false;
}

/* Absolute directory of the file being read; owned. */
static char *
current_pwd(struct conf_ctx *ctx)
{
	const char *dir = ctx->nframes ? ctx->frames[ctx->nframes - 1].dir : ".";
	char cwd[4096];

	if (dir[0] == '/')
		return xstrdup(dir);
	if (!getcwd(cwd, sizeof(cwd)))
		return xstrdup(dir);
	if (!strcmp(dir, "."))
		return xstrdup(cwd);
	return xasprintf("%s/%s", cwd, dir);
}

static bool
parse_uint(const char **p, const char *end, unsigned long *v)
{
	char *e;

	while (*p < end && conf_lex_space(**p))
		(*p)++;
	if (*p >= end || **p < '0' || **p > '9')
		return false;
	errno = 0;
	*v = strtoul(*p, &e, 10);
	if (errno || e > end || *v > INT_MAX)
		return false;
	*p = e;
	return true;
}

/* ${_RANDOM [MIN [MAX]]}: an integer in [MIN, MAX], defaults 0 and 32767. */
static char *
builtin_random(struct conf_ctx *ctx, const struct ref *r)
{
	const char *p = r->args, *end = r->args + r->alen;
	unsigned long lo = 0, hi = RANDOM_MAX_DEFAULT;

	if (r->alen && !parse_uint(&p, end, &lo))
		goto bad;
	if (p < end && !parse_uint(&p, end, &hi))
		goto bad;
	while (p < end && conf_lex_space(*p))
		p++;
	if (p != end || lo > hi)
		goto bad;
	return xasprintf("%lu", lo + conf_rng_next(ctx) % (hi - lo + 1));
bad:
	conf_err(ctx, CONF_DIAG_ERROR,
		 "invalid ${_RANDOM %.*s}: expected [MIN [MAX]] with MIN <= MAX", (int)r->alen,
		 r->args);
	return NULL;
}

/* Value of a builtin (owned), or NULL when r names none (or is invalid, then reported). */
static char *
builtin_value(struct conf_ctx *ctx, const struct ref *r)
{
	if (r->name[0] != '_')
		return NULL;
	if (ref_is(r, "_RANDOM"))
		return builtin_random(ctx, r);
	if (ref_is(r, "_ENV")) {
		char *name = xstrndup(r->args, r->alen);
		const char *v = r->alen ? getenv(name) : NULL;

		free(name);
		return xstrdup(v ? v : "");
	}
	if (r->alen)
		return NULL;
	if (ref_is(r, "_PWD"))
		return current_pwd(ctx);
	if (ref_is(r, "_INSTANCE"))
		return xstrdup(ctx->config_id);
	if (ref_is(r, "_HASH"))
		return xstrdup("#");
	if (ref_is(r, "_BANG"))
		return xstrdup("!");
	return NULL;
}

struct line {
	char *s;
	size_t len, cap;
};

/* Replaces rlen bytes at pos with v; false (reported) when the line would grow too long. */
static bool
splice(struct conf_ctx *ctx, struct line *b, size_t pos, size_t rlen, const char *v)
{
	size_t vlen = strlen(v), nlen = b->len - rlen + vlen;
	size_t max = ctx->opts.max_line * CONF_MAX_EXPANDED_LINE;

	if (nlen > max) {
		conf_err(ctx, CONF_DIAG_ERROR,
			 "line longer than %zu bytes after parameter expansion; line ignored", max);
		return false;
	}
	if (vlen > rlen && !conf_budget(ctx, 0, vlen - rlen))
		return false;
	xgrow((void **)&b->s, &b->cap, nlen + 1, 1);
	memmove(b->s + pos + vlen, b->s + pos + rlen, b->len - pos - rlen + 1);
	memcpy(b->s + pos, v, vlen);
	b->len = nlen;
	return true;
}

/* Result for a multi-line parameter at pos: text before + its lines + text after. */
static enum conf_expand
expand_lines(struct conf_ctx *ctx, struct line *b, size_t pos, const struct ref *r,
	     const struct conf_param *p, char **out)
{
	if (!conf_budget(ctx, 0, strlen(p->value))) {
		free(b->s);
		return CONF_EXPAND_ERROR;
	}
	*out = xasprintf("%.*s%s%s", (int)pos, b->s, p->value, b->s + pos + r->len);
	free(b->s);
	return CONF_EXPAND_LINES;
}

/* A parameter value being rescanned in the line, up to end. */
struct active {
	const struct conf_param *p;
	size_t end;
};

struct expansion {
	struct line b;
	struct active *act; /* innermost last */
	size_t nact, actcap, nsub;
};

/*
 * Replaces the reference r at pos by a builtin's value bv (not rescanned) or
 * by p's value (rescanned, and marked active until the scan leaves it, so
 * that a parameter met again inside its own value is reported at once).
 * Returns the position to scan from, or (size_t)-1 on a reported error.
 */
static size_t
substitute(struct conf_ctx *ctx, struct expansion *e, size_t pos, const struct ref *r,
	   const struct conf_param *p, const char *bv)
{
	const char *v = bv ? bv : p->value;
	size_t vlen = strlen(v);

	for (size_t i = 0; p && i < e->nact; i++) {
		if (e->act[i].p == p) {
			conf_err(ctx, CONF_DIAG_ERROR,
				 "parameter '%s' refers to itself; line ignored", p->name);
			return (size_t)-1;
		}
	}
	if (++e->nsub > CONF_MAX_SUBST) {
		conf_err(ctx, CONF_DIAG_ERROR,
			 "more than %d parameter substitutions in one line; line ignored",
			 CONF_MAX_SUBST);
		return (size_t)-1;
	}
	if (!splice(ctx, &e->b, pos, r->len, v))
		return (size_t)-1;
	for (size_t i = 0; i < e->nact; i++) /* regions around pos move with the text */
		e->act[i].end =
			e->act[i].end >= pos + r->len ? e->act[i].end - r->len + vlen : pos + vlen;
	if (bv)
		return pos + vlen;
	xgrow((void **)&e->act, &e->actcap, e->nact + 1, sizeof(*e->act));
	e->act[e->nact].p = p;
	e->act[e->nact++].end = pos + vlen;
	return pos;
}

/*
 * Expands in. Returns CONF_EXPAND_SAME (nothing substituted, *out unset),
 * CONF_EXPAND_LINE or CONF_EXPAND_LINES (*out owned), or CONF_EXPAND_ERROR
 * (reported). Builtin values are not rescanned; parameter values are.
 */
enum conf_expand
conf_param_expand(struct conf_ctx *ctx, const char *in, char **out)
{
	struct expansion e = {.b = {.len = strlen(in)}};
	enum conf_expand rc = CONF_EXPAND_SAME;
	size_t pos = 0;
	const char *d;

	if (!strchr(in, '$'))
		return CONF_EXPAND_SAME;
	e.b.cap = e.b.len + 1;
	e.b.s = xstrdup(in);
	while (rc != CONF_EXPAND_ERROR && (d = strchr(e.b.s + pos, '$'))) {
		const struct conf_param *p = NULL;
		char *bv = NULL;
		struct ref r;

		pos = (size_t)(d - e.b.s);
		while (e.nact && e.act[e.nact - 1].end <= pos)
			e.nact--;
		if (!parse_ref(d, &r)) {
			pos++;
			continue;
		}
		if (!(bv = builtin_value(ctx, &r)) && !r.alen)
			p = conf_param_get(ctx, r.name, r.nlen);
		if (!bv && !p) {
			pos += r.len;
		} else if (p && p->multi) {
			free(e.act);
			return expand_lines(ctx, &e.b, pos, &r, p, out);
		} else {
			pos = substitute(ctx, &e, pos, &r, p, bv);
			rc = pos == (size_t)-1 ? CONF_EXPAND_ERROR : CONF_EXPAND_LINE;
		}
		free(bv);
	}
	free(e.act);
	if (rc == CONF_EXPAND_LINE)
		*out = e.b.s;
	else
		free(e.b.s);
	return rc;
}
