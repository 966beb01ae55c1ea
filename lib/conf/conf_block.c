/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_block: turns final lines (after @ID, $params and ~SEQ/~LST) into the
 * tree. A line is cut at the first '{' or '}' outside quotes (and outside
 * an unexpanded ${...}) and the rest read again, so blocks may open and
 * close anywhere on a line, or open on the line after their keyword.
 * Unbalanced braces and excessive nesting are reported, never fatal.
 * Also applies the two global_defs keywords that change how the rest of the
 * file is read: include_check and random_seed.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_priv.h"
#include "util/xalloc.h"

void
conf_node_free(struct conf_node *node)
{
	for (size_t i = 0; i < node->argc; i++)
		free(node->argv[i]);
	free(node->argv);
	free(node->raw);
	for (size_t i = 0; i < node->nchildren; i++)
		conf_node_free(&node->children[i]);
	free(node->children);
}

static void
free_nodes(struct conf_node *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		conf_node_free(&v[i]);
	free(v);
}

static struct conf_level *
top(struct conf_ctx *ctx)
{
	return &ctx->levels[ctx->nlevels - 1];
}

void
conf_block_init(struct conf_ctx *ctx)
{
	xgrow((void **)&ctx->levels, &ctx->levels_cap, 1, sizeof(*ctx->levels));
	memset(ctx->levels, 0, sizeof(*ctx->levels));
	ctx->nlevels = 1;
}

/* Opens a block owned by the last statement of the current level, or a discarded one. */
static void
open_block(struct conf_ctx *ctx, bool discard)
{
	struct conf_level *l;

	if (ctx->overflow_depth || ctx->nlevels > CONF_MAX_BLOCK_DEPTH) {
		if (!ctx->overflow_depth)
			conf_err(ctx, CONF_DIAG_ERROR,
				 "blocks nested more than %d deep; contents ignored",
				 CONF_MAX_BLOCK_DEPTH);
		ctx->overflow_depth++;
		return;
	}
	xgrow((void **)&ctx->levels, &ctx->levels_cap, ctx->nlevels + 1, sizeof(*ctx->levels));
	l = &ctx->levels[ctx->nlevels++];
	memset(l, 0, sizeof(*l));
	l->discard = discard;
	l->file = ctx->file;
	l->line = ctx->line;
}

static void
close_block(struct conf_ctx *ctx)
{
	struct conf_level l, *parent;

	if (ctx->overflow_depth) {
		ctx->overflow_depth--;
		return;
	}
	if (ctx->nlevels == 1) {
		conf_err(ctx, CONF_DIAG_ERROR, "extra '}' ignored");
		return;
	}
	l = ctx->levels[--ctx->nlevels];
	parent = top(ctx);
	if (l.discard) {
		free_nodes(l.v, l.n);
		return;
	}
	parent->v[parent->n - 1].children = l.v;
	parent->v[parent->n - 1].nchildren = l.n;
}

/* A '{' with nothing before it on its line opens the block of the previous statement. */
static void
attach_block(struct conf_ctx *ctx)
{
	struct conf_level *l = top(ctx);

	if (!ctx->overflow_depth && l->n && !l->v[l->n - 1].block) {
		l->v[l->n - 1].block = true;
		open_block(ctx, false);
		return;
	}
	if (!ctx->overflow_depth)
		conf_err(ctx, CONF_DIAG_ERROR, "'{' without a keyword before it; block ignored");
	open_block(ctx, true);
}

static bool
is_include(const char *kw)
{
	return !strncmp(kw, "include", 7) && (!kw[7] || (!kw[8] && strchr("rmwba", kw[7])));
}

/* Keywords of the language itself: applied here, and still passed on as nodes. */
static void
language_keyword(struct conf_ctx *ctx, char **argv, size_t argc)
{
	if (!strcmp(argv[0], "include_check")) {
		conf_include_check_kw(ctx, argv, argc);
	} else if (!strcmp(argv[0], "random_seed") && argc == 2) {
		char *end;
		unsigned long v;

		errno = 0;
		v = strtoul(argv[1], &end, 10);
		if (!errno && !*end && argv[1][0] >= '0' && argv[1][0] <= '9')
			conf_rng_seed(ctx, v);
	}
}

/* One statement: seg (len bytes, trimmed, not empty); opens a block when opens is set. */
static void
statement(struct conf_ctx *ctx, const char *seg, size_t len, bool opens)
{
	char *s = xstrndup(seg, len), **argv;
	size_t argc, first;
	struct conf_level *l;
	struct conf_node *n;

	conf_lex_words(ctx, s, &argv, &argc, &first);
	if (ctx->overflow_depth || !argc || is_include(argv[0])) {
		if (!ctx->overflow_depth && argc)
			conf_err(ctx, CONF_DIAG_ERROR,
				 "'%s' only works alone at the start of a line, without @ID, "
				 "$parameters, ~SEQ or ~LST; not processed",
				 argv[0]);
		conf_lex_free_words(argv, argc);
		free(s);
		if (opens)
			open_block(ctx, true);
		return;
	}
	language_keyword(ctx, argv, argc);
	l = top(ctx);
	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	n = &l->v[l->n++];
	memset(n, 0, sizeof(*n));
	n->argv = argv;
	n->argc = argc;
	n->raw = conf_trim(s + first, len - first);
	n->file = ctx->file;
	n->line = ctx->line;
	n->block = opens;
	free(s);
	if (opens)
		open_block(ctx, false);
}

/* Feeds one final line: statements, '{' and '}' in order. */
void
conf_block_feed(struct conf_ctx *ctx, const char *text)
{
	const char *p = text;

	for (;;) {
		size_t i = conf_lex_find(p, "{}"), len = i;
		const char *seg = p;
		char c = p[i];

		while (len && conf_lex_space(*seg)) {
			seg++;
			len--;
		}
		while (len && conf_lex_space(seg[len - 1]))
			len--;
		if (c == '{' && !len)
			attach_block(ctx);
		else if (len)
			statement(ctx, seg, len, c == '{');
		if (c == '}')
			close_block(ctx);
		if (!c)
			break;
		p += i + 1;
	}
}

/* Closes every block still open at the end of the main file and hands the tree its root. */
void
conf_block_finish(struct conf_ctx *ctx)
{
	if (ctx->overflow_depth) {
		conf_err(ctx, CONF_DIAG_ERROR, "missing '}' at end of file (%zu blocks too deep)",
			 ctx->overflow_depth);
		ctx->overflow_depth = 0;
	}
	while (ctx->nlevels > 1) {
		struct conf_level *l = top(ctx), *parent = l - 1;

		ctx->file = l->file;
		ctx->line = l->line;
		if (l->discard)
			conf_err(ctx, CONF_DIAG_ERROR, "missing '}' for the block opened here");
		else
			conf_err(ctx, CONF_DIAG_ERROR, "missing '}' for the '%s' block opened here",
				 parent->v[parent->n - 1].argv[0]);
		close_block(ctx);
	}
	ctx->tree->root.children = ctx->levels[0].v;
	ctx->tree->root.nchildren = ctx->levels[0].n;
	ctx->levels[0].v = NULL;
	ctx->levels[0].n = 0;
}

/* Frees blocks left by an aborted parse (none after conf_block_finish). */
void
conf_block_free(struct conf_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nlevels; i++)
		free_nodes(ctx->levels[i].v, ctx->levels[i].n);
	free(ctx->levels);
	ctx->levels = NULL;
	ctx->nlevels = 0;
}
