/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_conf_tree_arena: the tree's memory layout (lib/conf/conf_block.c).
 * Nodes, argv and strings live in one arena; a block's children are kept at
 * their exact size when it closes, and the buffer a block was built in is
 * reused by the next block at the same depth. These tests build trees that
 * cross those paths (sibling blocks of different sizes, blocks larger than
 * an arena chunk, discarded blocks, words longer than a chunk) and check
 * every node's words and children.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_tree.h"
#include "check_conf_tree.h"

/* A growing text buffer for generated configurations. */
struct text {
	char *s;
	size_t len;
	FILE *f;
};

static void
text_open(struct text *t)
{
	t->s = NULL;
	t->len = 0;
	t->f = open_memstream(&t->s, &t->len);
	ck_assert_ptr_nonnull(t->f);
}

static const char *
text_close(struct text *t)
{
	fclose(t->f);
	return t->s;
}

/*
 * Sibling blocks whose sizes go up and down (1, 40, 3, 0, 17 children ...):
 * each must keep exactly its own children although they are built in the
 * same reused buffer.
 */
START_TEST(test_sibling_blocks_keep_their_children)
{
	static const unsigned sizes[] = {1, 40, 3, 0, 17, 2, 64, 1};
	const size_t nb = sizeof(sizes) / sizeof(sizes[0]);
	const struct conf_node *root;
	struct text t;
	char want[32];

	text_open(&t);
	for (size_t b = 0; b < nb; b++) {
		fprintf(t.f, "blk b%zu {\n", b);
		for (unsigned c = 0; c < sizes[b]; c++)
			fprintf(t.f, "  kw%u %zu.%u {\n    leaf %u\n  }\n", c, b, c, c * 7);
		fprintf(t.f, "}\n");
	}
	root = parse(text_close(&t));
	ASSERT_CLEAN();
	ck_assert_uint_eq(root->nchildren, nb);
	for (size_t b = 0; b < nb; b++) {
		const struct conf_node *blk = kid(root, b);

		snprintf(want, sizeof(want), "b%zu", b);
		words_are(blk, "blk", want, NULL);
		ck_assert(blk->block);
		ck_assert_uint_eq(blk->nchildren, sizes[b]);
		for (unsigned c = 0; c < sizes[b]; c++) {
			const struct conf_node *k = kid(blk, c), *leaf;
			char kw[16], val[32], lv[16];

			snprintf(kw, sizeof(kw), "kw%u", c);
			snprintf(val, sizeof(val), "%zu.%u", b, c);
			snprintf(lv, sizeof(lv), "%u", c * 7);
			words_are(k, kw, val, NULL);
			ck_assert_str_eq(k->raw, val);
			ck_assert_uint_eq(k->nchildren, 1);
			leaf = kid(k, 0);
			words_are(leaf, "leaf", lv, NULL);
			ck_assert_uint_eq(leaf->nchildren, 0);
			ck_assert(!leaf->block);
		}
	}
	free(t.s);
}
END_TEST

/* A block of 5,000 statements (more than an arena chunk) and 3,000 top-level blocks. */
START_TEST(test_large_blocks)
{
	const struct conf_node *root, *big;
	struct text t;

	text_open(&t);
	fprintf(t.f, "big {\n");
	for (unsigned i = 0; i < 5000; i++)
		fprintf(t.f, "\tword%u \"quoted value %u\" tail\n", i, i);
	fprintf(t.f, "}\n");
	for (unsigned i = 0; i < 3000; i++)
		fprintf(t.f, "vs 10.0.%u.%u 80 { rs 1 { weight %u } }\n", i / 250, i % 250, i);
	root = parse(text_close(&t));
	ASSERT_CLEAN();
	ck_assert_uint_eq(root->nchildren, 3001);
	big = kid(root, 0);
	ck_assert_uint_eq(big->nchildren, 5000);
	for (unsigned i = 0; i < 5000; i += 499) {
		char kw[16], val[32], raw[48];

		snprintf(kw, sizeof(kw), "word%u", i);
		snprintf(val, sizeof(val), "quoted value %u", i);
		snprintf(raw, sizeof(raw), "\"%s\" tail", val);
		words_are(kid(big, i), kw, val, "tail", NULL);
		ck_assert_str_eq(kid(big, i)->raw, raw);
		ck_assert_uint_eq(kid(big, i)->line, i + 2);
	}
	for (unsigned i = 0; i < 3000; i += 97) {
		const struct conf_node *vs = kid(root, 1 + i), *w;
		char addr[32], weight[16];

		snprintf(addr, sizeof(addr), "10.0.%u.%u", i / 250, i % 250);
		snprintf(weight, sizeof(weight), "%u", i);
		words_are(vs, "vs", addr, "80", NULL);
		ck_assert_uint_eq(vs->nchildren, 1);
		w = kid(kid(vs, 0), 0);
		words_are(w, "weight", weight, NULL);
		ck_assert_str_eq(w->raw, weight);
	}
	free(t.s);
}
END_TEST

/* Words near the line limit, raised to 64 KiB: bigger than a quarter arena chunk. */
START_TEST(test_long_words)
{
	struct conf_parse_opts o = {.max_line = 70000};
	const struct conf_node *root, *n;
	size_t len = 60000;
	char *line = malloc(len + 32), *word = malloc(len + 1);

	memset(word, 'x', len);
	word[len] = '\0';
	snprintf(line, len + 32, "a { k %s }\nb 1\n", word);
	root = parse_opts(line, &o);
	ASSERT_CLEAN();
	ck_assert_uint_eq(root->nchildren, 2);
	n = kid(kid(root, 0), 0);
	ck_assert_uint_eq(n->argc, 2);
	ck_assert_str_eq(n->argv[1], word);
	ck_assert_ptr_null(n->argv[2]);
	words_are(kid(root, 1), "b", "1", NULL);
	free(line);
	free(word);
}
END_TEST

/* Statements of a discarded block (a '{' without a keyword) leave nothing behind. */
START_TEST(test_discarded_block_then_reuse)
{
	const struct conf_node *root =
		parse("a {\n x 1\n}\n{\n y 2\n z 3\n}\nb {\n w 4\n}\n{ q }\nc { v 5 }\n");

	ASSERT_DIAG(CONF_DIAG_ERROR, 4, "without a keyword");
	ck_assert_uint_eq(root->nchildren, 3);
	words_are(kid(root, 0), "a", NULL);
	ck_assert_uint_eq(kid(root, 0)->nchildren, 1);
	words_are(kid(kid(root, 0), 0), "x", "1", NULL);
	words_are(kid(root, 1), "b", NULL);
	ck_assert_uint_eq(kid(root, 1)->nchildren, 1);
	words_are(kid(kid(root, 1), 0), "w", "4", NULL);
	words_are(kid(root, 2), "c", NULL);
	ck_assert_uint_eq(kid(root, 2)->nchildren, 1);
	words_are(kid(kid(root, 2), 0), "v", "5", NULL);
}
END_TEST

/* Escapes and quotes decoded into the packed words: sizes shrink, empty words stay. */
START_TEST(test_packed_words)
{
	const struct conf_node *n = kid(parse("k \"\" 'a\\x41\\tb' \\#c \"\\101\" end\n"), 0);

	ck_assert_uint_eq(n->argc, 6);
	words_are(n, "k", "", "aA\tb", "#c", "A", "end", NULL);
	ck_assert_str_eq(n->raw, "\"\" 'a\\x41\\tb' \\#c \"\\101\" end");
	ck_assert_ptr_null(n->argv[6]);
}
END_TEST

void
conf_tree_arena_tests(TCase *tc)
{
	tcase_add_test(tc, test_sibling_blocks_keep_their_children);
	tcase_add_test(tc, test_large_blocks);
	tcase_add_test(tc, test_long_words);
	tcase_add_test(tc, test_discarded_block_then_reuse);
	tcase_add_test(tc, test_packed_words);
}
