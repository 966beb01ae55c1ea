/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_conf: libFuzzer target for the keepalived.conf language (lib/conf).
 * Parses the input as a main file named under a directory that does not
 * exist, with include_root set to it, so include lines can never read a
 * real file; checks the tree's invariants and frees everything.
 *
 * FUZZ_SOURCES: lib/conf lib/util/xalloc.c
 * FUZZ_DICT: "{" "}" "\"" "'" "!" "#" "\\" "\\#" "@" "@^" "@fuzz " "$" "${" "=" "$X=" "$X=\\"
 * FUZZ_DICT: "${_PWD}" "${_INSTANCE}" "${_RANDOM 1 9}" "${_ENV HOME}" "${_HASH}" "${_BANG}"
 * FUZZ_DICT: "~SEQ(" "~SEQx(" "~LST(" "~LST({a,b}," "include " "includea " "includeb "
 * FUZZ_DICT: "include_check " "random_seed " "*" "{a,b}" "\xc2\xa0" "\xa0" "\x0d\x0a"
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "conf/conf_tree.h"

#define FUZZ_DIR "/nonexistent-vigil-fuzz"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_node(const struct conf_node *n, const struct conf_tree *t, unsigned depth)
{
	int in_table = 0;

	if (!n->argc || !n->argv || !n->argv[0] || n->argv[n->argc] || !n->raw || depth > 100)
		abort();
	if (!n->block && n->nchildren)
		abort();
	if (depth) {
		for (size_t i = 0; i < t->nfiles; i++)
			in_table |= n->file == t->files[i];
		if (!in_table || !n->line)
			abort();
	}
	for (size_t i = 0; i < n->nchildren; i++)
		check_node(&n->children[i], t, depth + 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct conf_parse_opts o = {
		.config_id = "fuzz",
		.random_seed = 1,
		.include_root = FUZZ_DIR,
		.max_generated = 4000, /* small budgets keep executions fast */
		.max_expanded = 1 << 20,
	};
	struct conf_tree *t = NULL;
	struct conf_diags d;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	conf_diags_init(&d);
	if (conf_tree_parse_buf(FUZZ_DIR "/fuzz.conf", (const char *)data, size, &o, &t, &d) != 0)
		abort();
	check_node(&t->root, t, 0);
	if (devnull)
		conf_diags_print(devnull, &d);
	(void)conf_diags_exit_code(&d);
	conf_tree_free(t);
	conf_diags_free(&d);
	return 0;
}
