/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_priv: the parse context shared by the files of lib/conf (lexer,
 * parameters, sequences, include, block builder). Everything a parse needs
 * lives in one struct conf_ctx so that parses never share state. Not for use
 * outside lib/conf.
 */
#ifndef VIGIL_CONF_PRIV_H
#define VIGIL_CONF_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "conf/conf_diag.h"
#include "conf/conf_tree.h"

#define CONF_DEFAULT_MAX_LINE	   1024
#define CONF_DEFAULT_MAX_GENERATED 1000000
#define CONF_DEFAULT_MAX_EXPANDED  ((size_t)64 << 20)
#define CONF_MAX_INCLUDE_DEPTH	   32	/* nested include files */
#define CONF_MAX_FILES		   1024 /* files opened by one parse */
#define CONF_MAX_BLOCK_DEPTH	   64	/* nested { } blocks */
#define CONF_MAX_LINE_DEPTH	   64	/* lines derived from lines ($params, ~SEQ) */
#define CONF_MAX_SUBST		   1024 /* $param substitutions in one line */
#define CONF_MAX_EXPANDED_LINE	   16	/* times max_line: longest line after expansion */
#define CONF_MAX_BRACE_ALTS	   256	/* alternatives of one include brace pattern */
#define CONF_MAX_DIAGS		   1000 /* diagnostics per parse, the rest counted */
#define CONF_MAX_BRACES		   32	/* '{' in one include pattern */

/* One file (or the caller's buffer) being read. */
struct conf_frame {
	const char *name; /* borrowed from tree->files */
	char *dir;	  /* owned: base directory for relative includes */
	FILE *fp;	  /* NULL when reading buf */
	const char *buf;
	size_t len, pos;
	unsigned line;		/* number of the last physical line read */
	unsigned include_check; /* CONF_INCLUDE_*, restored when the file ends */
	bool has_id;		/* dev/ino are valid (a real file) */
	dev_t dev;
	ino_t ino;
};

struct conf_param {
	char *name;
	char *value; /* lines separated by '\n' for a multi-line definition */
	bool multi;
	struct conf_param *next;
};

/*
 * A block under construction: the children of the statement that opened it.
 * v is a buffer kept for the next block opened at the same depth; when the
 * block closes, its n nodes are copied, at their exact size, to the arena.
 */
struct conf_level {
	struct conf_node *v;
	size_t n, cap;
	bool discard; /* a '{' with no statement: parsed for balance, then dropped */
	const char *file;
	unsigned line;
};

struct conf_ctx {
	struct conf_parse_opts opts; /* defaults filled in */
	char *config_id;
	struct conf_diags *diags;
	struct conf_tree *tree;

	struct conf_frame *frames; /* include stack; the last is being read */
	size_t nframes, frames_cap;
	size_t nopened;

	/* origin of the line being processed, for nodes and diagnostics */
	const char *file;
	unsigned line;

	char *linebuf; /* physical line, max_line + 1 bytes */

	struct conf_param **buckets;
	size_t nbuckets, nparams;

	/* multi-line $NAME= definition being collected */
	bool mdef_active;
	char *mdef_name;
	char *mdef_val;
	size_t mdef_len, mdef_cap;

	/* amplification budgets */
	size_t generated, expanded;
	bool budget_reported;

	struct conf_level *levels; /* levels[0] is the root */
	size_t nlevels, levels_cap;
	char *stmt_buf; /* a statement's text, then its words (conf_block) */
	size_t stmt_cap;
	size_t overflow_depth; /* '{' seen beyond CONF_MAX_BLOCK_DEPTH */

	uint64_t rng;

	size_t ndiags, suppressed; /* see CONF_MAX_DIAGS */
	enum conf_diag_level suppressed_level;
};

/* conf_tree.c */
void conf_err(struct conf_ctx *ctx, enum conf_diag_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void conf_process_line(struct conf_ctx *ctx, const char *text, unsigned depth);
void conf_read_frame(struct conf_ctx *ctx);
bool conf_budget(struct conf_ctx *ctx, size_t lines, size_t bytes);
const char *conf_tree_add_file(struct conf_ctx *ctx, const char *name);

/* conf_block.c */
void *conf_arena_alloc(struct conf_tree *tree, size_t size);
char *conf_arena_strndup(struct conf_tree *tree, const char *s, size_t len);
void conf_arena_free(struct conf_tree *tree);
void conf_block_feed(struct conf_ctx *ctx, const char *text);
void conf_block_init(struct conf_ctx *ctx);
void conf_block_finish(struct conf_ctx *ctx);
void conf_block_free(struct conf_ctx *ctx);

/* conf_lex.c */
enum conf_read {
	CONF_READ_EOF,
	CONF_READ_LINE,
	CONF_READ_TOO_LONG,
	CONF_READ_NUL,
};
enum conf_read conf_lex_read(struct conf_ctx *ctx, struct conf_frame *f);
char *conf_lex_clean(struct conf_ctx *ctx, char *s);
bool conf_lex_space(char c);
size_t conf_lex_find(const char *s, const char *stops);
size_t conf_lex_split(struct conf_ctx *ctx, const char *s, char *out, size_t *first_end,
		      size_t *used);
bool conf_lex_words(struct conf_ctx *ctx, const char *s, char ***argv, size_t *argc,
		    size_t *first_end);
void conf_lex_free_words(char **argv, size_t argc);
char *conf_trim(const char *s, size_t len);

/* conf_param.c */
size_t conf_name_len(const char *p);
bool conf_cond_keep(struct conf_ctx *ctx, const char **text);
bool conf_param_define(struct conf_ctx *ctx, const char *text, unsigned depth);
void conf_param_mdef_feed(struct conf_ctx *ctx, const char *text);
void conf_param_mdef_end(struct conf_ctx *ctx);
enum conf_expand {
	CONF_EXPAND_SAME,  /* nothing to substitute */
	CONF_EXPAND_LINE,  /* *out is the expanded line */
	CONF_EXPAND_LINES, /* *out holds several lines separated by '\n', not yet expanded */
	CONF_EXPAND_ERROR, /* reported; drop the line */
};

/* conf_expand.c */
enum conf_expand conf_param_expand(struct conf_ctx *ctx, const char *in, char **out);
bool conf_builtin_name(const char *name, size_t len);
const struct conf_param *conf_param_get(struct conf_ctx *ctx, const char *name, size_t len);
void conf_param_set(struct conf_ctx *ctx, const char *name, size_t len, const char *value,
		    bool multi);
void conf_param_unset(struct conf_ctx *ctx, const char *name, size_t len);
void conf_params_free(struct conf_ctx *ctx);
char *conf_default_config_id(void);
void conf_rng_seed(struct conf_ctx *ctx, uint64_t seed);
uint32_t conf_rng_next(struct conf_ctx *ctx);

/* conf_seq.c */
bool conf_seq_run(struct conf_ctx *ctx, const char *text, unsigned depth);

/* conf_include.c */
bool conf_include_line(struct conf_ctx *ctx, const char *text);
void conf_include_check_kw(struct conf_ctx *ctx, char **argv, size_t argc);
int conf_frame_push_file(struct conf_ctx *ctx, const char *path);
void conf_frame_push_buf(struct conf_ctx *ctx, const char *name, const char *buf, size_t len);
void conf_frame_pop(struct conf_ctx *ctx);
char *conf_dirname(const char *path);

#endif
