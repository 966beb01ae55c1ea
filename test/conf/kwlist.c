/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kwlist: prints every keyword of the config model's keyword tables, one
 * per line as "BLOCK KEYWORD KIND", for test/conf/man_keywords.sh. It walks
 * the tables the model exports (conf_all_blocks with their chained .more
 * tables, and conf_checker_blocks), so the list is the parser's own, never a
 * copy. KIND is "kw", "alias", "legacy" or "unsup"; BLOCK is the table's
 * name with the root table called "top". Tables the model keeps static and
 * reaches only through a handler (authentication { }, SMTP_CHECK host { })
 * are not visible here; the script finds those in the sources. Not installed.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "conf/conf_model_priv.h"

static const char *
kind(const struct conf_kw *kw)
{
	if (kw->flags & CONF_KWF_ALIAS)
		return "alias";
	if (kw->type == CONF_KW_LEGACY)
		return "legacy";
	if (kw->type == CONF_KW_UNSUPPORTED)
		return "unsup";
	return "kw";
}

/* Prints blk and the tables chained to it; returns the number of keywords. */
static size_t
print_block(const struct conf_block *blk)
{
	const char *name = strcmp(blk->name, "the top level") ? blk->name : "top";
	const struct conf_kw *kw;
	size_t n = 0;

	for (; blk; blk = blk->more) {
		for (kw = blk->kw; kw->name; kw++) {
			printf("%s %s %s\n", name, kw->name, kind(kw));
			n++;
		}
	}
	return n;
}

int
main(void)
{
	size_t i, n = 0;

	for (i = 0; conf_all_blocks[i]; i++)
		n += print_block(conf_all_blocks[i]);
	for (i = 0; conf_checker_blocks[i]; i++)
		n += print_block(conf_checker_blocks[i]);
	if (n == 0) {
		fputs("kwlist: the model exports no keyword\n", stderr);
		return 1;
	}
	return 0;
}
