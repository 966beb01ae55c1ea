/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_walk: applies the statements of one block of the lib/conf tree to a
 * model object through that block's keyword table. Generic kinds (flags,
 * numbers with ranges, timers, strings, addresses, enums, scripts, word
 * lists) are stored by offset; FN entries call their handler. Unknown
 * keywords are reported with a "did you mean" from the same table, or the
 * block they belong to; the statement (and its block) is skipped.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf/conf_model_priv.h"
#include "util/xalloc.h"

static void *
field(void *obj, const struct conf_kw *kw)
{
	return (char *)obj + kw->off;
}

static void
store_int(void *p, size_t size, long long v)
{
	switch (size) {
	case 1:
		*(int8_t *)p = (int8_t)v;
		break;
	case 2:
		*(int16_t *)p = (int16_t)v;
		break;
	case 8:
		*(int64_t *)p = (int64_t)v;
		break;
	default:
		*(int32_t *)p = (int32_t)v;
		break;
	}
}

static void
apply_bool(struct conf_parse_ctx *ctx, const struct conf_node *n, const struct conf_kw *kw,
	   void *obj)
{
	bool v = true;

	if (n->argc > 1 && conf_parse_bool(n->argv[1], &v)) {
		conf_err(
			ctx, n,
			"'%s' takes no value or one of on|off|true|false|yes|no, not '%s'; ignored",
			kw->name, n->argv[1]);
		return;
	}
	if (n->argc > 2)
		conf_want_args(ctx, n, 0, 1);
	if (kw->type == CONF_KW_FLAG)
		*(bool *)field(obj, kw) = v;
	else
		*(int *)field(obj, kw) = v;
}

static void
apply_enum(struct conf_parse_ctx *ctx, const struct conf_node *n, const struct conf_kw *kw,
	   void *obj)
{
	char list[256] = "";
	size_t i;

	if (conf_want_args(ctx, n, 1, 1))
		return;
	for (i = 0; kw->names[i]; i++) {
		if (*kw->names[i] && !strcasecmp(n->argv[1], kw->names[i])) {
			*(int *)field(obj, kw) = (int)i;
			return;
		}
		if (*kw->names[i]) {
			if (*list)
				strncat(list, "|", sizeof(list) - strlen(list) - 1);
			strncat(list, kw->names[i], sizeof(list) - strlen(list) - 1);
		}
	}
	conf_err(ctx, n, "'%s' value '%s' is not one of %s; ignored", kw->name, n->argv[1], list);
}

static void
apply_unsupported(struct conf_parse_ctx *ctx, const struct conf_node *n, const struct conf_kw *kw,
		  const struct conf_block *blk, void *obj)
{
	conf_warn(ctx, n, "'%s' is not supported by vigil%s%s; ignored", kw->name,
		  kw->note ? ": " : "", kw->note ? kw->note : "");
	if (blk->raw_off != CONF_NO_RAW)
		conf_raw_keep(ctx, (struct conf_rawlist *)((char *)obj + blk->raw_off), n);
}

static void
apply_number(struct conf_parse_ctx *ctx, const struct conf_node *n, const struct conf_kw *kw,
	     void *obj)
{
	long long v;
	uint64_t t;

	if (conf_want_args(ctx, n, 1, 1))
		return;
	if (kw->type == CONF_KW_TIMER) {
		if (!conf_get_timer(ctx, n, kw->name, n->argv[1], (uint64_t)kw->min,
				    (uint64_t)kw->max, &t))
			*(uint64_t *)field(obj, kw) = t;
		return;
	}
	if (!conf_get_ll(ctx, n, kw->name, n->argv[1], kw->min, kw->max, &v))
		store_int(field(obj, kw), kw->size, v);
}

static void
apply(struct conf_parse_ctx *ctx, const struct conf_node *n, const struct conf_kw *kw,
      const struct conf_block *blk, void *obj)
{
	switch (kw->type) {
	case CONF_KW_FLAG:
	case CONF_KW_TRI:
		apply_bool(ctx, n, kw, obj);
		break;
	case CONF_KW_INT:
	case CONF_KW_UINT:
	case CONF_KW_TIMER:
		apply_number(ctx, n, kw, obj);
		break;
	case CONF_KW_STR:
		if (conf_want_args(ctx, n, 1, 1))
			break;
		if (!(kw->flags & CONF_KWF_IFNAME) || conf_ifname_ok(ctx, n, n->argv[1]))
			*(char **)field(obj, kw) = conf_strdup(ctx->conf, n->argv[1]);
		break;
	case CONF_KW_ADDR:
		if (!conf_want_args(ctx, n, 1, 1))
			conf_get_addr(ctx, n, kw->name, n->argv[1], field(obj, kw));
		break;
	case CONF_KW_ENUM:
		apply_enum(ctx, n, kw, obj);
		break;
	case CONF_KW_SCRIPT: {
		struct conf_script *s = conf_get_script(ctx, n);

		if (s)
			*(struct conf_script **)field(obj, kw) = s;
		break;
	}
	case CONF_KW_LIST:
		conf_get_list(ctx, n, field(obj, kw), kw->flags & CONF_KWF_IFNAME);
		break;
	case CONF_KW_FN:
		kw->fn(ctx, n, obj, kw);
		break;
	case CONF_KW_LEGACY:
		conf_note(ctx, n, "'%s' %s", kw->name, kw->note);
		break;
	case CONF_KW_UNSUPPORTED:
		apply_unsupported(ctx, n, kw, blk, obj);
		break;
	}
}

const struct conf_kw *
conf_kw_lookup(const struct conf_block *blk, const char *name)
{
	const struct conf_kw *kw;

	for (; blk; blk = blk->more)
		for (kw = blk->kw; kw->name; kw++) /* first letter first: most differ there */
			if (kw->name[0] == name[0] && !strcmp(kw->name, name))
				return kw;
	return NULL;
}

static const struct conf_kw *
lookup(const struct conf_block *blk, const char *name)
{
	return conf_kw_lookup(blk, name);
}

/* An exact match in another block: "it belongs in ..." */
static const char *
home_of(const struct conf_block *blk, const char *name)
{
	size_t i;

	for (i = 0; conf_all_blocks[i]; i++)
		if (conf_all_blocks[i] != blk && lookup(conf_all_blocks[i], name))
			return conf_all_blocks[i]->name;
	for (i = 0; conf_checker_blocks[i]; i++)
		if (conf_checker_blocks[i]->kw != blk->kw && lookup(conf_checker_blocks[i], name))
			return conf_checker_blocks[i]->name;
	return NULL;
}

static void
report_unknown(struct conf_parse_ctx *ctx, const struct conf_node *n, const struct conf_block *blk,
	       const char *name)
{
	const struct conf_kw *kw, *best = NULL;
	const struct conf_block *chain;
	const char *home = home_of(blk, name);
	size_t d, bestd = 3;

	if (home) {
		conf_err(ctx, n, "unknown keyword '%s' in %s (it belongs in %s)", name, blk->name,
			 home);
		return;
	}
	for (chain = blk; chain; chain = chain->more) {
		for (kw = chain->kw; kw->name; kw++) {
			d = conf_edit_distance(name, kw->name);
			if (d < bestd) {
				bestd = d;
				best = kw;
			}
		}
	}
	if (best && bestd < strlen(name))
		conf_err(ctx, n, "unknown keyword '%s' in %s; did you mean '%s'?", name, blk->name,
			 best->name);
	else
		conf_err(ctx, n, "unknown keyword '%s'", name);
}

/* Web pages turn indentation into U+00A0; treat a leading run of it as blanks. */
static const char *
skip_nbsp(const char *s)
{
	while ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0)
		s += 2;
	return s;
}

static bool
block_shape_ok(struct conf_parse_ctx *ctx, const struct conf_node *n, const struct conf_kw *kw)
{
	bool wants = kw->type == CONF_KW_LIST || (kw->flags & CONF_KWF_BLOCK);

	if (kw->flags & CONF_KWF_ANYBLK)
		return true;
	if (wants && !n->block) {
		conf_err(ctx, n, "'%s' needs a { } block; ignored", kw->name);
		return false;
	}
	if (!wants && n->block) {
		conf_err(ctx, n, "'%s' does not take a { } block; statement ignored", kw->name);
		return false;
	}
	return true;
}

static void
walk_node(struct conf_parse_ctx *ctx, const struct conf_node *c, const struct conf_block *blk,
	  void *obj)
{
	const struct conf_kw *kw = lookup(blk, c->argv[0]);

	if (!kw) {
		report_unknown(ctx, c, blk, c->argv[0]);
		return;
	}
	if (kw->flags & CONF_KWF_ALIAS) {
		conf_note(ctx, c, "'%s' %s", kw->name, kw->note);
		kw = lookup(blk, kw->alias);
	}
	if (block_shape_ok(ctx, c, kw))
		apply(ctx, c, kw, blk, obj);
}

/* A statement whose words carry U+00A0: drop it from them, then walk the rest. */
static void
walk_nbsp(struct conf_parse_ctx *ctx, const struct conf_node *c, const struct conf_block *blk,
	  void *obj)
{
	struct conf_node tmp = *c;
	char **argv = xcalloc(c->argc + 1, sizeof(char *));
	size_t i;

	tmp.argc = 0;
	tmp.argv = argv;
	for (i = 0; i < c->argc; i++) {
		const char *w = skip_nbsp(c->argv[i]);

		if (!*w && tmp.argc == 0)
			continue;
		/* Only the keyword loses its leading U+00A0; values are kept as written. */
		argv[tmp.argc] = (char *)(uintptr_t)(tmp.argc == 0 ? w : c->argv[i]);
		tmp.argc++;
	}
	conf_note(ctx, c, "non-breaking space (U+00A0) treated as a blank");
	if (tmp.argc > 0)
		walk_node(ctx, &tmp, blk, obj);
	else if (c->block)
		conf_err(ctx, c, "block without a keyword; ignored");
	free(argv);
}

static void
walk_one(struct conf_parse_ctx *ctx, const struct conf_node *c, const struct conf_block *blk,
	 void *obj)
{
	if (skip_nbsp(c->argv[0]) != c->argv[0])
		walk_nbsp(ctx, c, blk, obj);
	else
		walk_node(ctx, c, blk, obj);
}

void
conf_kw_walk(struct conf_parse_ctx *ctx, const struct conf_node *n, const struct conf_block *blk,
	     void *obj)
{
	const char *saved = ctx->block;
	size_t i;

	ctx->block = blk->name;
	for (i = 0; i < n->nchildren; i++)
		walk_one(ctx, &n->children[i], blk, obj);
	ctx->block = saved;
}
