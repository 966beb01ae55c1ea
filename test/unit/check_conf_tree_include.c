/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_conf_tree_include: the lib/conf suite's include, file and
 * diagnostics tests (split from check_conf_tree.c to keep files small).
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_conf_tree.h"

/* ---- include ---- */

START_TEST(test_include_relative)
{
	const char *p;
	const struct conf_node *r;

	write_file("d/sub/one.conf", "one 1\ninclude two.conf\n");
	write_file("d/sub/two.conf", "two 2\n");
	write_file("d/g.conf", "router_id R\n");
	p = write_file("d/main.conf", "first\ninclude sub/one.conf\nglobal_defs {\n"
				      "  include g.conf\n}\nlast\n");
	r = parse_path(p, CONF_INCLUDE_READABLE | CONF_INCLUDE_MATCH);
	ck_assert_uint_eq(r->nchildren, 5);
	words_are(kid(r, 1), "one", "1", NULL);
	ck_assert(strstr(kid(r, 1)->file, "/d/sub/one.conf") != NULL);
	ck_assert_uint_eq(kid(r, 1)->line, 1);
	words_are(kid(r, 2), "two", "2", NULL);
	ck_assert(strstr(kid(r, 2)->file, "/d/sub/two.conf") != NULL);
	words_are(kid(kid(r, 3), 0), "router_id", "R", NULL);
	words_are(kid(r, 4), "last", NULL);
	ck_assert_uint_eq(kid(r, 4)->line, 6);
	ck_assert_ptr_eq(kid(r, 4)->file, tree->files[0]);
	ck_assert_uint_eq(tree->nfiles, 4);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_include_glob_brace)
{
	const char *p;
	const struct conf_node *r;

	write_file("conf.d/b.conf", "b\n");
	write_file("conf.d/a.conf", "a\n");
	write_file("conf.d/c.conf", "c\n");
	write_file("conf.d/skip.txt", "skip\n");
	write_file("x/1.conf", "x1\n");
	write_file("y/2.conf", "y2\n");
	write_file("n/a.conf", "na\n");
	write_file("n/b.conf", "nb\n");
	p = write_file("main.conf", "include conf.d/*.conf\ninclude {x,y}/*.conf\n"
				    "include conf.d/{c,a}.conf\ninclude conf.d\n"
				    "include {n/{a,b},conf.d/b}.conf\n");
	r = parse_path(p, 0);
	ck_assert_uint_eq(r->nchildren, 10);
	static const char *const want[] = {"a", "b",  "c",  "x1", "y2", "c",
					   "a", "na", "nb", "b",  NULL};
	for (size_t i = 0; want[i]; i++)
		words_are(kid(r, i), want[i], NULL);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_include_missing)
{
	const char *p;

	write_file("dir/real.conf", "real\n");
	p = write_file("main.conf", "include nothere.conf\ninclude none/*.conf\n"
				    "include {dir,nodir}/real.conf\nok\n");
	parse_path(p, 0);
	ck_assert_uint_eq(tree->root.nchildren, 2);
	ASSERT_DIAG(CONF_DIAG_NOTE, 1, "no file matches");
	ASSERT_DIAG(CONF_DIAG_NOTE, 2, "no file matches");
	ck_assert_int_eq(conf_diags_exit_code(&diags), 0);
}
END_TEST

START_TEST(test_include_variants)
{
	const char *p;

	write_file("dir/real.conf", "real\n");
	p = write_file("main.conf", "includem nothere.conf\nincludem none/*.conf\n"
				    "includew none/*.conf\nincludeb {dir,nodir}/real.conf\n"
				    "includer nothere.conf\nincludea none/*\nincludex foo\n"
				    "include\n");
	parse_path(p, 0);
	ASSERT_DIAG(CONF_DIAG_ERROR, 1, "no file matches");
	ASSERT_DIAG(CONF_DIAG_NOTE, 2, "no file matches");
	ASSERT_DIAG(CONF_DIAG_ERROR, 3, "no file matches");
	ASSERT_DIAG(CONF_DIAG_ERROR, 4, "nodir/real.conf");
	ASSERT_DIAG(CONF_DIAG_NOTE, 5, "no file matches");
	ASSERT_DIAG(CONF_DIAG_ERROR, 6, "no file matches");
	ASSERT_DIAG(CONF_DIAG_ERROR, 8, "missing file name");
	ck_assert_uint_eq(tree->root.nchildren, 2); /* real, includex */
	words_are(kid(&tree->root, 1), "includex", "foo", NULL);
}
END_TEST

START_TEST(test_include_check)
{
	const char *p;

	p = write_file("main.conf",
		       "include nothere.conf\ninclude_check match\n"
		       "include nothere.conf\ninclude_check -match\ninclude nothere.conf\n"
		       "include_check\ninclude none/*.conf\ninclude_check bogus\n");
	parse_path(p, 0);
	ASSERT_DIAG(CONF_DIAG_NOTE, 1, "no file matches");
	ASSERT_DIAG(CONF_DIAG_ERROR, 3, "no file matches");
	ASSERT_DIAG(CONF_DIAG_NOTE, 5, "no file matches");
	ASSERT_DIAG(CONF_DIAG_ERROR, 7, "no file matches");
	ck_assert(!has_diag(CONF_DIAG_ERROR, 8, "")); /* unknown options: the model's business */
	ck_assert_uint_eq(tree->root.nchildren, 4);   /* the include_check nodes stay */
	conf_tree_free(tree);
	tree = NULL;
	conf_diags_free(&diags);
	parse_path(p, CONF_INCLUDE_MATCH); /* -e */
	ASSERT_DIAG(CONF_DIAG_ERROR, 1, "no file matches");
}
END_TEST

START_TEST(test_include_loop)
{
	const char *p;

	write_file("self.conf", "s\ninclude self.conf\n");
	write_file("a.conf", "a\ninclude b.conf\n");
	write_file("b.conf", "b\ninclude a.conf\n");
	p = write_file("main.conf", "include self.conf\ninclude a.conf\nend\n");
	parse_path(p, 0);
	ck_assert_uint_eq(tree->root.nchildren, 4);
	words_are(kid(&tree->root, 3), "end", NULL);
	ASSERT_DIAG(CONF_DIAG_ERROR, 2, "include loop");
	ck_assert_int_ge(diags.count[CONF_DIAG_ERROR], 2);
}
END_TEST

START_TEST(test_include_depth)
{
	char name[32], body[64];
	const char *p;

	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "f%d.conf", i);
		snprintf(body, sizeof(body), "n%d\ninclude f%d.conf\n", i, i + 1);
		p = write_file(name, body);
	}
	p = write_file("main.conf", "include f0.conf\n");
	parse_path(p, 0);
	ck_assert_uint_eq(tree->root.nchildren, 31);
	ASSERT_DIAG(CONF_DIAG_ERROR, 2, "nested includes");
}
END_TEST

START_TEST(test_include_not_after_cond_or_param)
{
	const char *p;

	write_file("x.conf", "x\n");
	p = write_file("main.conf", "@main include x.conf\n$F=x.conf\ninclude $F\nok\n");
	parse_path(p, 0);
	ck_assert_uint_eq(tree->root.nchildren, 1);
	ASSERT_DIAG(CONF_DIAG_ERROR, 1, "only works alone");
	ASSERT_DIAG(CONF_DIAG_NOTE, 3, "$F");
}
END_TEST

START_TEST(test_include_root)
{
	struct conf_parse_opts o = {.config_id = "x", .include_root = "/nonexistent"};

	parse_opts("include /etc/passwd\ninclude ../etc/*\ninclude x.conf\nok\n", &o);
	ck_assert_uint_eq(tree->root.nchildren, 1);
	ASSERT_DIAG(CONF_DIAG_ERROR, 1, "outside");
	ASSERT_DIAG(CONF_DIAG_ERROR, 2, "outside");
	ASSERT_DIAG(CONF_DIAG_NOTE, 3, "no file matches");
	conf_tree_free(tree);
	tree = NULL;
	parse_opts("include {a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}x\n"
		   "include {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{a}\n",
		   &o);
	ASSERT_DIAG(CONF_DIAG_ERROR, 1, "brace alternatives");
	ASSERT_DIAG(CONF_DIAG_ERROR, 2, "brace alternatives");
}
END_TEST

START_TEST(test_include_root_dotdot)
{
	char root[600], name[700];
	struct conf_parse_opts o = {.config_id = "x", .include_root = root};
	static const char text[] = "include .*/secret.conf\ninclude ok.conf\n";

	write_file("secret.conf", "secret\n");
	write_file("root/ok.conf", "ok\n");
	snprintf(root, sizeof(root), "%s/root", tmpdir);
	snprintf(name, sizeof(name), "%s/main.conf", root);
	ck_assert_int_eq(conf_tree_parse_buf(name, text, strlen(text), &o, &tree, &diags), 0);
	ck_assert_uint_eq(tree->root.nchildren, 1);
	words_are(kid(&tree->root, 0), "ok", NULL);
	ASSERT_DIAG(CONF_DIAG_ERROR, 1, "outside");
}
END_TEST

START_TEST(test_include_fifo)
{
	const char *p;
	char path[600];

	snprintf(path, sizeof(path), "%s/fifo.conf", tmpdir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	p = write_file("main.conf", "includer fifo.conf\nok\n");
	parse_path(p, 0);
	ck_assert_uint_eq(tree->root.nchildren, 1);
	ASSERT_DIAG(CONF_DIAG_ERROR, 1, "not a regular file");
}
END_TEST

/* ---- files, diagnostics, seeds ---- */

START_TEST(test_missing_main_file)
{
	ck_assert_int_eq(conf_tree_parse_file("/nonexistent/keepalived.conf", NULL, &tree, &diags),
			 -1);
	ck_assert_ptr_null(tree);
	ASSERT_DIAG(CONF_DIAG_FATAL, 0, "cannot read");
	ck_assert_int_eq(conf_diags_exit_code(&diags), 4);
}
END_TEST

START_TEST(test_diags)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	ck_assert_int_eq(conf_diags_exit_code(&diags), 0);
	conf_diag_add(&diags, CONF_DIAG_NOTE, "a.conf", 3, "note %d", 1);
	conf_diag_add(&diags, CONF_DIAG_WARNING, NULL, 0, "w");
	ck_assert_int_eq(conf_diags_exit_code(&diags), 0);
	conf_diag_add(&diags, CONF_DIAG_ERROR, "b.conf", 7, "bad '%s'", "x");
	ck_assert_int_eq(conf_diags_exit_code(&diags), 5);
	conf_diag_add(&diags, CONF_DIAG_SECURITY, "c.conf", 1, "script");
	ck_assert_int_eq(conf_diags_exit_code(&diags), 6);
	conf_diag_add(&diags, CONF_DIAG_FATAL, "d.conf", 0, "gone");
	ck_assert_int_eq(conf_diags_exit_code(&diags), 4);
	conf_diags_print(f, &diags);
	fclose(f);
	ck_assert_str_eq(out, "a.conf:3: note: note 1\nwarning: w\nb.conf:7: error: bad 'x'\n"
			      "c.conf:1: error: script\nd.conf: fatal: gone\n");
	free(out);
	ck_assert_uint_eq(diags.count[CONF_DIAG_ERROR], 1);
	ck_assert_str_eq(conf_diag_level_name(CONF_DIAG_SECURITY), "error");
}
END_TEST

static const struct conf_node *
find(const struct conf_node *n, const char *kw, const char *arg)
{
	for (size_t i = 0; i < n->nchildren; i++)
		if (!strcmp(n->children[i].argv[0], kw) &&
		    (!arg || (n->children[i].argc > 1 && !strcmp(n->children[i].argv[1], arg))))
			return &n->children[i];
	ck_abort_msg("no '%s %s'", kw, arg ? arg : "");
	return NULL;
}

static void
parse_seed(const char *name)
{
	char path[1024];
	const char *top = getenv("top_srcdir");

	snprintf(path, sizeof(path), "%s/test/fuzz/corpus/conf/%s", top ? top : "..", name);
	conf_tree_free(tree);
	tree = NULL;
	parse_path(path, 0);
	ck_assert_uint_eq(diags.count[CONF_DIAG_ERROR] + diags.count[CONF_DIAG_WARNING], 0);
}

START_TEST(test_seed_configs)
{
	const struct conf_node *v, *a;

	parse_seed("seed000-lvs-keepalived.conf");
	v = find(&tree->root, "vrrp_instance", "VI_1");
	ck_assert(v->block);
	words_are(find(v, "state", NULL), "state", "MASTER", NULL);
	words_are(find(find(v, "authentication", NULL), "auth_pass", NULL), "auth_pass", "1111",
		  NULL);
	ck_assert_uint_eq(find(v, "virtual_ipaddress", NULL)->nchildren, 3);
	words_are(find(find(&tree->root, "global_defs", NULL), "router_id", NULL), "router_id",
		  "LVS_DEVEL", NULL);
	a = find(&tree->root, "virtual_server", "192.168.200.100");
	ck_assert(find(a, "real_server", "192.168.201.100")->block);
	parse_seed("seed001-lvs-nat-backup.conf");
	find(&tree->root, "virtual_server", NULL);
	parse_seed("seed002-dr-backup.conf");
	words_are(find(find(&tree->root, "vrrp_instance", NULL), "state", NULL), "state", "BACKUP",
		  NULL);
	parse_seed("seed002-dr-master.conf");
	parse_seed("seed002-nat-howto-syncgroup.conf");
	ck_assert_str_eq(tree->root.children[0].argv[0], "--");
	ck_assert_str_eq(tree->root.children[tree->root.nchildren - 1].argv[0], "--");
	v = find(&tree->root, "vrrp_sync_group", "VG1");
	ck_assert_uint_eq(find(v, "group", NULL)->nchildren, 2);
	find(&tree->root, "vrrp_instance", "VI_GATEWAY");
}
END_TEST

void
conf_tree_include_tests(TCase *tc, TCase *ti)
{
	tcase_add_test(tc, test_include_root);
	tcase_add_test(tc, test_missing_main_file);
	tcase_add_test(tc, test_diags);
	tcase_add_test(ti, test_include_relative);
	tcase_add_test(ti, test_include_glob_brace);
	tcase_add_test(ti, test_include_missing);
	tcase_add_test(ti, test_include_variants);
	tcase_add_test(ti, test_include_check);
	tcase_add_test(ti, test_include_loop);
	tcase_add_test(ti, test_include_depth);
	tcase_add_test(ti, test_include_not_after_cond_or_param);
	tcase_add_test(ti, test_include_root_dotdot);
	tcase_add_test(ti, test_include_fifo);
	tcase_add_test(ti, test_seed_configs);
}
