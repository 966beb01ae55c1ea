/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_seq: keepalived's repetition lines. "~SEQ(var, start, step, end) rest"
 * (also (var, end) and (var, start, end); ~SEQx formats in hex) and
 * "~LST(var, v1, v2, ...)" or "~LST({a,b}, {1,2}, {3,4}) rest" process rest
 * once per value with $var set, then restore var. Lines may nest several of
 * them. Every repetition is charged to the parse's generated-lines budget, so
 * a huge or nested sequence is reported and cut, never run away with.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_priv.h"
#include "util/xalloc.h"

#define SEQ_LIMIT 2147483647L /* start, step and end stay within +-2^31 */

/* A parameter's value before the loop, restored after it. */
struct saved {
	char *name;
	char *value; /* NULL: was not defined */
	bool multi;
};

static void
save_var(struct conf_ctx *ctx, const char *name, struct saved *s)
{
	const struct conf_param *p = conf_param_get(ctx, name, strlen(name));

	s->name = xstrdup(name);
	s->value = p ? xstrdup(p->value) : NULL;
	s->multi = p && p->multi;
}

static void
restore_var(struct conf_ctx *ctx, struct saved *s)
{
	if (s->value)
		conf_param_set(ctx, s->name, strlen(s->name), s->value, s->multi);
	else
		conf_param_unset(ctx, s->name, strlen(s->name));
	free(s->name);
	free(s->value);
}

/* Splits s at top-level commas (not inside { }) into trimmed owned items. */
static size_t
split_commas(const char *s, char ***items)
{
	size_t n = 0, cap = 0;
	int depth = 0;
	const char *start = s;

	*items = NULL;
	for (const char *p = s;; p++) {
		if (*p == '{')
			depth++;
		else if (*p == '}' && depth > 0)
			depth--;
		if (*p && (*p != ',' || depth > 0))
			continue;
		xgrow((void **)items, &cap, n + 1, sizeof(**items));
		(*items)[n++] = conf_trim(start, (size_t)(p - start));
		if (!*p)
			break;
		start = p + 1;
	}
	return n;
}

static bool
parse_long(const char *s, long *v)
{
	const char *p = s + (*s == '-' || *s == '+');
	int base = (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) ? 16 : 10;
	char *end;

	if (!*s)
		return false;
	errno = 0;
	*v = strtol(s, &end, base);
	return !errno && !*end && *v >= -SEQ_LIMIT && *v <= SEQ_LIMIT;
}

static void
run_value(struct conf_ctx *ctx, const char *var, const char *value, const char *rest,
	  unsigned depth)
{
	conf_param_set(ctx, var, strlen(var), value, false);
	conf_process_line(ctx, rest, depth + 1);
}

/* ~SEQ(var, [start, [step,]] end): f holds the nf fields of the parentheses. */
static void
run_seq(struct conf_ctx *ctx, bool hex, char **f, size_t nf, const char *rest, unsigned depth)
{
	long v[3], start, step, end;
	struct saved s;

	if (nf < 2 || nf > 4 || !conf_name_len(f[0]) || conf_name_len(f[0]) != strlen(f[0]))
		goto bad;
	for (size_t i = 1; i < nf; i++)
		if (!parse_long(f[i], &v[i - 1]))
			goto bad;
	end = v[nf - 2];
	start = nf == 2 ? (end < 0 ? -1 : 1) : v[0];
	step = nf == 4 ? v[1] : (end >= start ? 1 : -1);
	if (!step)
		goto bad;
	save_var(ctx, f[0], &s);
	for (long i = start; step > 0 ? i <= end : i >= end; i += step) {
		char buf[32];
		unsigned long a = (unsigned long)(i < 0 ? -i : i);

		if (!conf_budget(ctx, 1, strlen(rest)))
			break;
		if (hex)
			snprintf(buf, sizeof(buf), "%s%lx", i < 0 ? "-" : "", a);
		else
			snprintf(buf, sizeof(buf), "%ld", i);
		run_value(ctx, f[0], buf, rest, depth);
	}
	restore_var(ctx, &s);
	return;
bad:
	conf_err(ctx, CONF_DIAG_ERROR,
		 "invalid ~SEQ: expected ~SEQ(var, [start, [step,]] end) with integers and a "
		 "non-zero step; line ignored");
}

/* Items of "{a, b}" (or of a plain "a"): owned, count in *n. */
static char **
group_items(const char *s, size_t *n)
{
	size_t len = strlen(s);
	char **items, *inner;

	if (len < 2 || s[0] != '{' || s[len - 1] != '}') {
		items = xmalloc(sizeof(*items));
		items[0] = xstrdup(s);
		*n = 1;
		return items;
	}
	inner = xstrndup(s + 1, len - 2);
	*n = split_commas(inner, &items);
	free(inner);
	return items;
}

static void
free_items(char **items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

static bool
valid_vars(char **vars, size_t nv)
{
	for (size_t i = 0; i < nv; i++)
		if (!conf_name_len(vars[i]) || conf_name_len(vars[i]) != strlen(vars[i]))
			return false;
	return true;
}

/* ~LST(var, v1, ...) or ~LST({a, b}, {1, 2}, ...). */
static void
run_lst(struct conf_ctx *ctx, char **f, size_t nf, const char *rest, unsigned depth)
{
	size_t nv, i, k;
	char **vars = group_items(f[0], &nv);
	struct saved *s;

	if (nf < 2 || !valid_vars(vars, nv)) {
		conf_err(ctx, CONF_DIAG_ERROR,
			 "invalid ~LST: expected ~LST(var, value, ...) or ~LST({var, ...}, "
			 "{value, ...}, ...); line ignored");
		free_items(vars, nv);
		return;
	}
	s = xcalloc(nv, sizeof(*s));
	for (k = 0; k < nv; k++)
		save_var(ctx, vars[k], &s[k]);
	for (i = 1; i < nf; i++) {
		size_t nval;
		char **vals = group_items(f[i], &nval);

		if (nval != nv) {
			conf_err(ctx, CONF_DIAG_ERROR,
				 "~LST value '%s' has %zu items for %zu variables; skipped", f[i],
				 nval, nv);
		} else if (conf_budget(ctx, 1, strlen(rest))) {
			for (k = 0; k + 1 < nv; k++)
				conf_param_set(ctx, vars[k], strlen(vars[k]), vals[k], false);
			run_value(ctx, vars[k], vals[k], rest, depth);
		}
		free_items(vals, nval);
	}
	for (k = 0; k < nv; k++)
		restore_var(ctx, &s[k]);
	free(s);
	free_items(vars, nv);
}

/* The text inside the parentheses at p (just past '('), expanded; *rest is what follows ')'. */
static char *
header(struct conf_ctx *ctx, const char *p, const char **rest)
{
	int depth = 1;
	const char *q;
	char *h, *x;

	for (q = p; *q && depth; q++)
		depth += (*q == '(') - (*q == ')');
	if (depth)
		return NULL;
	h = xstrndup(p, (size_t)(q - 1 - p));
	switch (conf_param_expand(ctx, h, &x)) {
	case CONF_EXPAND_SAME:
		break;
	case CONF_EXPAND_LINE:
		free(h);
		h = x;
		break;
	case CONF_EXPAND_LINES:
		free(x);
		/* fall through */
	case CONF_EXPAND_ERROR:
		free(h);
		return NULL;
	}
	while (conf_lex_space(*q))
		q++;
	*rest = q;
	return h;
}

/*
 * Runs text if it starts with ~SEQ(, ~SEQx( or ~LST(; returns false (and does
 * nothing) otherwise. A malformed one is reported and the line dropped.
 */
bool
conf_seq_run(struct conf_ctx *ctx, const char *text, unsigned depth)
{
	bool lst = !strncmp(text, "~LST(", 5), hex = !strncmp(text, "~SEQx(", 6);
	const char *rest = NULL;
	char *h, **f;
	size_t nf;

	if (!lst && !hex && strncmp(text, "~SEQ(", 5))
		return false;
	h = header(ctx, text + (hex ? 6 : 5), &rest);
	if (!h) {
		conf_err(ctx, CONF_DIAG_ERROR, "%.4s without its closing ')'; line ignored", text);
		return true;
	}
	nf = split_commas(h, &f);
	free(h);
	if (lst)
		run_lst(ctx, f, nf, rest, depth);
	else
		run_seq(ctx, hex, f, nf, rest, depth);
	free_items(f, nf);
	return true;
}
