/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_block: turns final lines (after @ID, $params and ~SEQ/~LST) into the
 * tree. A line is cut at the first '{' or '}' outside quotes (and outside
 * an unexpanded ${...}) and the rest read again, so blocks may open and
 * close anywhere on a line, or open on the line after their keyword.
 * Unbalanced braces and excessive nesting are reported, never fatal.
 * Also applies the two global_defs keywords that change how the rest of the
 * file is read: include_check and random_seed. Nodes, argv and strings
 * are stored in the tree's arena (64 KiB chunks), freed all at once.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_priv.h"
#include "util/xalloc.h"

/* ---- arena: the tree's memory, freed at once ---- */

#define ARENA_CHUNK (64u * 1024u)

struct conf_arena_chunk {
	struct conf_arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

/*
 * size bytes aligned for what the tree holds (nodes, pointers), owned by
 * tree. A request larger than a quarter chunk gets a chunk of its own,
 * behind the current one, so that the current one keeps serving small
 * requests.
 */
void *
conf_arena_alloc(struct conf_tree *tree, size_t size)
{
	const size_t al = _Alignof(struct conf_node); /* also that of char * and size_t */
	struct conf_arena_chunk *c = tree->arena;
	size_t at = c ? (c->used + al - 1) / al * al : 0;

	size = (size + al - 1) / al * al;
	if (c && at <= c->size && c->size - at >= size) {
		c->used = at + size;
		return (char *)c->data + at;
	}
	if (size > ARENA_CHUNK / 4) {
		struct conf_arena_chunk *big = xmalloc(sizeof(*big) + size);

		big->used = big->size = size;
		big->next = c ? c->next : NULL;
		if (c)
			c->next = big;
		else
			tree->arena = big;
		return big->data;
	}
	c = xmalloc(sizeof(*c) + ARENA_CHUNK);
	c->size = ARENA_CHUNK;
	c->used = size;
	c->next = tree->arena;
	tree->arena = c;
	return c->data;
}

/* Strings need no alignment: packed at the end of the current chunk's used part. */
char *
conf_arena_strndup(struct conf_tree *tree, const char *s, size_t len)
{
	struct conf_arena_chunk *c = tree->arena;
	char *d;

	if (c && c->size - c->used > len) {
		d = (char *)c->data + c->used;
		c->used += len + 1;
	} else {
		d = conf_arena_alloc(tree, len + 1);
	}
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

void
conf_arena_free(struct conf_tree *tree)
{
	struct conf_arena_chunk *c = tree->arena, *next;

	for (; c; c = next) {
		next = c->next;
		free(c);
	}
	tree->arena = NULL;
}

/* The n nodes of a closed block, copied to the arena at their exact size. */
static struct conf_node *
keep_nodes(struct conf_ctx *ctx, const struct conf_node *v, size_t n)
{
	struct conf_node *d;

	if (!n)
		return NULL;
	d = conf_arena_alloc(ctx->tree, n * sizeof(*d));
	memcpy(d, v, n * sizeof(*d));
	return d;
}

static struct conf_level *
top(struct conf_ctx *ctx)
{
	return &ctx->levels[ctx->nlevels - 1];
}

/* Makes room for one more level; new entries start without a buffer. */
static void
grow_levels(struct conf_ctx *ctx)
{
	size_t old = ctx->levels_cap;

	xgrow((void **)&ctx->levels, &ctx->levels_cap, ctx->nlevels + 1, sizeof(*ctx->levels));
	if (ctx->levels_cap > old)
		memset(ctx->levels + old, 0, (ctx->levels_cap - old) * sizeof(*ctx->levels));
}

void
conf_block_init(struct conf_ctx *ctx)
{
	grow_levels(ctx);
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
	grow_levels(ctx);
	l = &ctx->levels[ctx->nlevels++];
	l->n = 0; /* l->v and l->cap: the buffer of the previous block at this depth */
	l->discard = discard;
	l->file = ctx->file;
	l->line = ctx->line;
}

static void
close_block(struct conf_ctx *ctx)
{
	struct conf_level *l, *parent;

	if (ctx->overflow_depth) {
		ctx->overflow_depth--;
		return;
	}
	if (ctx->nlevels == 1) {
		conf_err(ctx, CONF_DIAG_ERROR, "extra '}' ignored");
		return;
	}
	l = &ctx->levels[--ctx->nlevels];
	parent = top(ctx);
	if (!l->discard) {
		parent->v[parent->n - 1].children = keep_nodes(ctx, l->v, l->n);
		parent->v[parent->n - 1].nchildren = (unsigned)l->n;
	}
	l->n = 0;
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

/* conf_trim's result, in the arena. */
static char *
trim_keep(struct conf_ctx *ctx, const char *s, size_t len)
{
	while (len && conf_lex_space(*s)) {
		s++;
		len--;
	}
	while (len && conf_lex_space(s[len - 1]))
		len--;
	return conf_arena_strndup(ctx->tree, s, len);
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

/* The words of a statement (n of them, packed in w, used bytes) as an argv in the arena. */
static char **
keep_words(struct conf_ctx *ctx, const char *w, size_t n, size_t used)
{
	char **argv = conf_arena_alloc(ctx->tree, (n + 1) * sizeof(*argv));
	char *d = conf_arena_strndup(ctx->tree, w, used);

	for (size_t i = 0; i < n; i++) {
		argv[i] = d;
		d += strlen(d) + 1;
	}
	argv[n] = NULL;
	return argv;
}

/* One statement: seg (len bytes, trimmed, not empty); opens a block when opens is set. */
static void
statement(struct conf_ctx *ctx, const char *seg, size_t len, bool opens)
{
	size_t argc, first, used;
	struct conf_level *l;
	struct conf_node *n;
	char *s, *w;

	/* The text, then its words: each fits in len + 1 bytes. */
	xgrow((void **)&ctx->stmt_buf, &ctx->stmt_cap, 2 * (len + 1), 1);
	s = ctx->stmt_buf;
	w = s + len + 1;
	memcpy(s, seg, len);
	s[len] = '\0';
	argc = conf_lex_split(ctx, s, w, &first, &used);
	if (ctx->overflow_depth || !argc || is_include(w)) {
		if (!ctx->overflow_depth && argc)
			conf_err(ctx, CONF_DIAG_ERROR,
				 "'%s' only works alone at the start of a line, without @ID, "
				 "$parameters, ~SEQ or ~LST; not processed",
				 w);
		if (opens)
			open_block(ctx, true);
		return;
	}
	l = top(ctx);
	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	n = &l->v[l->n++];
	memset(n, 0, sizeof(*n));
	n->argv = keep_words(ctx, w, argc, used);
	n->argc = (unsigned)argc; /* bounded by the line length */
	language_keyword(ctx, n->argv, argc);
	n->raw = trim_keep(ctx, s + first, len - first);
	n->file = ctx->file;
	n->line = ctx->line;
	n->block = opens;
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
	ctx->tree->root.children = keep_nodes(ctx, ctx->levels[0].v, ctx->levels[0].n);
	ctx->tree->root.nchildren = (unsigned)ctx->levels[0].n;
	ctx->levels[0].n = 0;
}

/* Frees the level buffers (the nodes themselves live in the tree's arena). */
void
conf_block_free(struct conf_ctx *ctx)
{
	for (size_t i = 0; i < ctx->levels_cap; i++)
		free(ctx->levels[i].v);
	free(ctx->levels);
	ctx->levels_cap = 0;
	free(ctx->stmt_buf);
	ctx->stmt_buf = NULL;
	ctx->stmt_cap = 0;
	ctx->levels = NULL;
	ctx->nlevels = 0;
}
