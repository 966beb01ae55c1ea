/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_tree: the keepalived.conf *language*. Reads a file (following
 * include), applies comments, quoting and escapes, @id conditional lines,
 * $NAME parameters and their builtins, ~SEQ/~LST repetition and brace
 * splitting, and returns a tree of nodes: one node per statement, with its
 * words and its block of child statements. It knows no keyword: giving
 * meaning to words is daemon/conf's job. Problems go to a conf_diags list;
 * parsing never exits, never logs and never crashes on any input.
 */
#ifndef VIGIL_CONF_TREE_H
#define VIGIL_CONF_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/conf_diag.h"

struct conf_node {
	char **argv;   /* words, quotes removed and escapes applied; argv[0] is the keyword */
	unsigned argc; /* >= 1; a line holds far fewer than UINT_MAX words */
	unsigned line;
	/*
	 * The statement's text after the keyword, with comments stripped and
	 * parameters expanded but quotes kept, for keywords that take a command
	 * line (notify scripts, misc_path) and split it themselves.
	 */
	char *raw;
	const char *file;	    /* borrowed from the tree's file table */
	struct conf_node *children; /* array of nchildren statements inside the block */
	unsigned nchildren;	    /* unsigned, as argc and line: a node is 48 bytes, not 56 */
	bool block;		    /* the statement opened a { } block */
};

/* Include strictness, as keepalived's include variants and include_check. */
#define CONF_INCLUDE_READABLE 0x1u /* includer: each file must be readable */
#define CONF_INCLUDE_MATCH    0x2u /* includem: a non-wildcard path must exist */
#define CONF_INCLUDE_WILDCARD 0x4u /* includew: a wildcard must match something */
#define CONF_INCLUDE_BRACE    0x8u /* includeb: each brace alternative must match */

struct conf_parse_opts {
	const char *config_id;	/* for @ID lines and ${_INSTANCE}; NULL = hostname up to '.' */
	unsigned include_check; /* CONF_INCLUDE_* applied to plain include (-e = all) */
	unsigned random_seed;	/* for ${_RANDOM}; 0 = seeded from time */
	size_t max_line;	/* 0 = keepalived's limit (1024 bytes) */
	/* Added fields: zero (the default) keeps the documented behaviour. */
	const char *include_root; /* non-NULL: refuse includes outside this directory (fuzzing) */
	size_t max_generated;	  /* 0 = 1000000 lines made by ~SEQ/~LST and multi-line $params */
	size_t max_expanded;	  /* 0 = 64 MiB of text made by $params, ~SEQ and ~LST */
};

struct conf_arena_chunk;

struct conf_tree {
	struct conf_node root; /* argv = {"<root>"}, block = true; children are top-level */
	char **files;	       /* every file read, first is the main file */
	size_t nfiles;
	size_t files_cap;
	/*
	 * Every node array, argv and string of the tree lives in these chunks
	 * (one allocation per 64 KiB instead of several per statement): the
	 * tree is freed at once and its nodes are never freed one by one.
	 */
	struct conf_arena_chunk *arena;
};

/*
 * Parses path into a new tree (*out, owned; free with conf_tree_free) and
 * appends diagnostics to diags. Returns 0 when a tree was produced (possibly
 * with errors in diags), -1 when the main file cannot be read (a FATAL
 * diagnostic names it; *out is NULL).
 */
int conf_tree_parse_file(const char *path, const struct conf_parse_opts *opts,
			 struct conf_tree **out, struct conf_diags *diags);
/* Same, from a buffer; name is used in diagnostics and as the base for relative includes. */
int conf_tree_parse_buf(const char *name, const char *buf, size_t len,
			const struct conf_parse_opts *opts, struct conf_tree **out,
			struct conf_diags *diags);
void conf_tree_free(struct conf_tree *tree);

#endif
