/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_param: the parameter table of one parse (a small hash table),
 * "@ID" / "@^ID" conditional lines, and "$NAME=VALUE" definitions, on one
 * line or continued over several with a trailing '\'. Expansion of the
 * parameters is conf_expand's job. Also the config id and the ${_RANDOM}
 * generator, both per parse: no global state.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/conf_priv.h"
#include "util/xalloc.h"

static size_t
hash_name(const char *name, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	return h;
}

static struct conf_param **
param_slot(struct conf_ctx *ctx, const char *name, size_t len)
{
	struct conf_param **pp;

	if (!ctx->nbuckets)
		return NULL;
	pp = &ctx->buckets[hash_name(name, len) & (ctx->nbuckets - 1)];
	for (; *pp; pp = &(*pp)->next)
		if (strlen((*pp)->name) == len && !memcmp((*pp)->name, name, len))
			break;
	return pp;
}

const struct conf_param *
conf_param_get(struct conf_ctx *ctx, const char *name, size_t len)
{
	struct conf_param **pp = param_slot(ctx, name, len);

	return pp ? *pp : NULL;
}

static void
param_rehash(struct conf_ctx *ctx)
{
	size_t n = ctx->nbuckets ? ctx->nbuckets * 2 : 64;
	struct conf_param **b = xcalloc(n, sizeof(*b));

	for (size_t i = 0; i < ctx->nbuckets; i++) {
		struct conf_param *p = ctx->buckets[i], *next;

		for (; p; p = next) {
			size_t h = hash_name(p->name, strlen(p->name)) & (n - 1);

			next = p->next;
			p->next = b[h];
			b[h] = p;
		}
	}
	free(ctx->buckets);
	ctx->buckets = b;
	ctx->nbuckets = n;
}

void
conf_param_set(struct conf_ctx *ctx, const char *name, size_t len, const char *value, bool multi)
{
	struct conf_param **pp;

	if (ctx->nparams >= ctx->nbuckets)
		param_rehash(ctx);
	pp = param_slot(ctx, name, len);
	if (!*pp) {
		*pp = x_new(struct conf_param);
		(*pp)->name = xstrndup(name, len);
		ctx->nparams++;
	}
	free((*pp)->value);
	(*pp)->value = xstrdup(value);
	(*pp)->multi = multi;
}

void
conf_param_unset(struct conf_ctx *ctx, const char *name, size_t len)
{
	struct conf_param **pp = param_slot(ctx, name, len), *p;

	if (!pp || !*pp)
		return;
	p = *pp;
	*pp = p->next;
	free(p->name);
	free(p->value);
	free(p);
	ctx->nparams--;
}

void
conf_params_free(struct conf_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nbuckets; i++) {
		struct conf_param *p = ctx->buckets[i], *next;

		for (; p; p = next) {
			next = p->next;
			free(p->name);
			free(p->value);
			free(p);
		}
	}
	free(ctx->buckets);
	ctx->buckets = NULL;
	ctx->nbuckets = ctx->nparams = 0;
	free(ctx->mdef_name);
	free(ctx->mdef_val);
	ctx->mdef_name = ctx->mdef_val = NULL;
}

/* The config id: the host name up to its first '.'. Returns owned memory. */
char *
conf_default_config_id(void)
{
	char host[256];

	if (gethostname(host, sizeof(host)) < 0)
		return xstrdup("localhost");
	host[sizeof(host) - 1] = '\0';
	host[strcspn(host, ".")] = '\0';
	return xstrdup(host);
}

void
conf_rng_seed(struct conf_ctx *ctx, uint64_t seed)
{
	ctx->rng = seed * 0x9E3779B97F4A7C15ull + 1;
	if (!ctx->rng)
		ctx->rng = 1;
}

/* xorshift64*: deterministic for a given random_seed, per parse. */
uint32_t
conf_rng_next(struct conf_ctx *ctx)
{
	uint64_t x = ctx->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	ctx->rng = x;
	return (uint32_t)((x * 0x2545F4914F6CDD1Dull) >> 32);
}

/*
 * "@ID rest" keeps rest only when ID is the config id, "@^ID rest" only when
 * it is not. Returns whether the line is kept; *text then points at rest.
 */
bool
conf_cond_keep(struct conf_ctx *ctx, const char **text)
{
	const char *p = *text, *id;
	bool neg, match;
	size_t n;

	if (*p != '@')
		return true;
	p++;
	neg = *p == '^';
	if (neg)
		p++;
	id = p;
	while (*p && !conf_lex_space(*p))
		p++;
	n = (size_t)(p - id);
	match = n == strlen(ctx->config_id) && !memcmp(id, ctx->config_id, n);
	while (conf_lex_space(*p))
		p++;
	*text = p;
	return neg ? !match : match;
}

/* Length of the parameter name at p ([A-Za-z_][A-Za-z0-9_]*), 0 if none. */
size_t
conf_name_len(const char *p)
{
	size_t n = 0;

	for (;; n++) {
		char c = p[n];
		bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

		if (!alpha && !(n && c >= '0' && c <= '9'))
			return n;
	}
}

static void
mdef_append(struct conf_ctx *ctx, const char *line, size_t len)
{
	if (!len)
		return;
	xgrow((void **)&ctx->mdef_val, &ctx->mdef_cap, ctx->mdef_len + len + 2, 1);
	if (ctx->mdef_len)
		ctx->mdef_val[ctx->mdef_len++] = '\n';
	memcpy(ctx->mdef_val + ctx->mdef_len, line, len);
	ctx->mdef_len += len;
	ctx->mdef_val[ctx->mdef_len] = '\0';
}

/* Appends text minus a trailing '\' (and the blanks around it); returns whether it had one. */
static bool
mdef_take(struct conf_ctx *ctx, const char *text)
{
	size_t n = strlen(text);
	bool cont = n && text[n - 1] == '\\';

	if (cont)
		n--;
	while (n && conf_lex_space(text[n - 1]))
		n--;
	while (n && conf_lex_space(*text)) {
		text++;
		n--;
	}
	mdef_append(ctx, text, n);
	return cont;
}

void
conf_param_mdef_end(struct conf_ctx *ctx)
{
	if (!ctx->mdef_active)
		return;
	conf_param_set(ctx, ctx->mdef_name, strlen(ctx->mdef_name),
		       ctx->mdef_val ? ctx->mdef_val : "", true);
	free(ctx->mdef_name);
	ctx->mdef_name = NULL;
	ctx->mdef_len = 0;
	if (ctx->mdef_val)
		ctx->mdef_val[0] = '\0';
	ctx->mdef_active = false;
}

/* A cleaned physical line inside a multi-line definition; blank lines are skipped. */
void
conf_param_mdef_feed(struct conf_ctx *ctx, const char *text)
{
	if (!*text)
		return;
	if (!mdef_take(ctx, text))
		conf_param_mdef_end(ctx);
}

/*
 * Handles "$NAME=VALUE" (only blanks before '$', none before '='). A value
 * ending in '\' on a physical line (depth 0) starts a multi-line definition.
 * Returns false when text is not a definition.
 */
bool
conf_param_define(struct conf_ctx *ctx, const char *text, unsigned depth)
{
	size_t n = text[0] == '$' ? conf_name_len(text + 1) : 0;
	const char *v, *name = text + 1;
	char *val;

	if (!n || name[n] != '=')
		return false;
	v = name + n + 1;
	if (conf_builtin_name(name, n))
		conf_err(ctx, CONF_DIAG_WARNING,
			 "parameter '%.*s' is predefined and cannot be redefined", (int)n, name);
	if (depth == 0 && strlen(v) && v[strlen(v) - 1] == '\\') {
		conf_param_mdef_end(ctx);
		ctx->mdef_name = xstrndup(name, n);
		ctx->mdef_active = true;
		ctx->mdef_len = 0;
		mdef_take(ctx, v);
		return true;
	}
	val = conf_trim(v, strlen(v));
	conf_param_set(ctx, name, n, val, false);
	free(val);
	return true;
}
