/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_conf_tree: helpers shared by the lib/conf suite's two files
 * (check_conf_tree.c: syntax; check_conf_tree_include.c: include and files).
 */
#ifndef VIGIL_CHECK_CONF_TREE_H
#define VIGIL_CHECK_CONF_TREE_H

#include <check.h>
#include <stdbool.h>

#include "conf/conf_tree.h"

extern struct conf_diags diags;
extern struct conf_tree *tree;
extern char tmpdir[];

void setup(void);
void teardown(void);
void tmp_setup(void);
void tmp_teardown(void);
const struct conf_node *parse_opts(const char *text, const struct conf_parse_opts *o);
const struct conf_node *parse(const char *text);
/* The i-th child of n, checking it exists. */
const struct conf_node *kid(const struct conf_node *n, size_t i);
/* Asserts node n has exactly the given words (NULL-terminated). */
void words_are(const struct conf_node *n, ...);
bool has_diag(enum conf_diag_level level, unsigned line, const char *text);
/* Writes tmpdir/name (creating directories) with content; returns the path (static buffer). */
const char *write_file(const char *name, const char *content);
const struct conf_node *parse_path(const char *path, unsigned check);
/* Adds the include and file tests: to tc (no temp dir) and ti (with one). */
void conf_tree_include_tests(TCase *tc, TCase *ti);
/* Adds the tests of the tree's memory layout (check_conf_tree_arena.c) to tc. */
void conf_tree_arena_tests(TCase *tc);

#define ASSERT_DIAG(level, line, text)                                                             \
	ck_assert_msg(has_diag(level, line, text), "no diagnostic '%s' at line %u", text,          \
		      (unsigned)(line))
#define ASSERT_CLEAN()                                                                             \
	ck_assert_msg(diags.count[CONF_DIAG_ERROR] == 0 && diags.count[CONF_DIAG_WARNING] == 0 &&  \
			      diags.count[CONF_DIAG_FATAL] == 0,                                   \
		      "unexpected diagnostics: %zu (first: %s)", diags.n,                          \
		      diags.n ? diags.v[0].msg : "")

#endif
