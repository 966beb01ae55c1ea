/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_conf_tree: the keepalived.conf language (lib/conf): blocks, comments,
 * quoting, whitespace, include, @ID, $params, ~SEQ/~LST, limits and
 * diagnostics. Include tests write files under a mkdtemp directory.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/conf_tree.h"
#include "check_conf_tree.h"

Suite *conf_tree_suite(void);


struct conf_diags diags;
struct conf_tree *tree;
char tmpdir[] = "/tmp/check_conf_tree.XXXXXX";

void
setup(void)
{
	conf_diags_init(&diags);
	tree = NULL;
}

void
teardown(void)
{
	conf_tree_free(tree);
	conf_diags_free(&diags);
}

const struct conf_node *
parse_opts(const char *text, const struct conf_parse_opts *o)
{
	ck_assert_int_eq(
		conf_tree_parse_buf("/nonexistent/t.conf", text, strlen(text), o, &tree, &diags),
		0);
	return &tree->root;
}

const struct conf_node *
parse(const char *text)
{
	struct conf_parse_opts o = {.config_id = "main", .random_seed = 7};

	return parse_opts(text, &o);
}

/* The i-th child of n, checking it exists. */
const struct conf_node *
kid(const struct conf_node *n, size_t i)
{
	ck_assert_msg(i < n->nchildren, "%s has %u children, wanted #%zu", n->argv[0], n->nchildren,
		      i);
	return &n->children[i];
}

/* Asserts node n has exactly the given words (NULL-terminated). */
void
words_are(const struct conf_node *n, ...)
{
	va_list ap;
	size_t i = 0;
	const char *w;

	va_start(ap, n);
	while ((w = va_arg(ap, const char *))) {
		ck_assert_msg(i < n->argc, "node has %u words, wanted more", n->argc);
		ck_assert_str_eq(n->argv[i], w);
		i++;
	}
	va_end(ap);
	ck_assert_uint_eq(n->argc, i);
}

bool
has_diag(enum conf_diag_level level, unsigned line, const char *text)
{
	for (size_t i = 0; i < diags.n; i++)
		if (diags.v[i].level == level && (!line || diags.v[i].line == line) &&
		    strstr(diags.v[i].msg, text))
			return true;
	return false;
}

/* Writes dir/name (creating dir) with content; returns the path (static buffer). */
const char *
write_file(const char *name, const char *content)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	for (char *s = strchr(path + strlen(tmpdir) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(path, 0700);
		*s = '/';
	}
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(content, f);
	fclose(f);
	return path;
}

const struct conf_node *
parse_path(const char *path, unsigned check)
{
	struct conf_parse_opts o = {.config_id = "main", .include_check = check};

	ck_assert_int_eq(conf_tree_parse_file(path, &o, &tree, &diags), 0);
	return &tree->root;
}

void
tmp_setup(void)
{
	setup();
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

void
tmp_teardown(void)
{
	char cmd[600];

	teardown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(tmpdir + strlen(tmpdir) - 6, "XXXXXX");
}

/* ---- blocks and braces ---- */

START_TEST(test_block_one_line)
{
	const struct conf_node *r = parse("vrrp_instance X { state MASTER }\n");

	ck_assert_uint_eq(r->nchildren, 1);
	words_are(kid(r, 0), "vrrp_instance", "X", NULL);
	ck_assert(kid(r, 0)->block);
	ck_assert_uint_eq(kid(r, 0)->nchildren, 1);
	words_are(kid(kid(r, 0), 0), "state", "MASTER", NULL);
	ck_assert(!kid(kid(r, 0), 0)->block);
	ck_assert_str_eq(kid(r, 0)->raw, "X");
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_several_blocks_one_line)
{
	const struct conf_node *r = parse("a { b 1 } c { d { e } f }g 2\n");

	ck_assert_uint_eq(r->nchildren, 3);
	words_are(kid(r, 0), "a", NULL);
	words_are(kid(kid(r, 0), 0), "b", "1", NULL);
	words_are(kid(r, 1), "c", NULL);
	words_are(kid(kid(r, 1), 0), "d", NULL);
	words_are(kid(kid(kid(r, 1), 0), 0), "e", NULL);
	words_are(kid(kid(r, 1), 1), "f", NULL);
	words_are(kid(r, 2), "g", "2", NULL);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_block_next_line)
{
	const struct conf_node *r = parse("vrrp_instance X\n{\n  state MASTER\n}\nnext\n");

	ck_assert_uint_eq(r->nchildren, 2);
	ck_assert(kid(r, 0)->block);
	ck_assert_uint_eq(kid(r, 0)->line, 1);
	ck_assert_uint_eq(kid(kid(r, 0), 0)->line, 3);
	words_are(kid(r, 1), "next", NULL);
	ck_assert_str_eq(kid(r, 1)->file, "/nonexistent/t.conf");
	ck_assert_ptr_eq(kid(r, 1)->file, tree->files[0]);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_close_after_statement)
{
	const struct conf_node *r = parse("a {\n  b 1 }\nc\n");

	ck_assert_uint_eq(r->nchildren, 2);
	words_are(kid(kid(r, 0), 0), "b", "1", NULL);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_unbalanced)
{
	const struct conf_node *r = parse("a {\n b {\n  c\n}\n");

	ck_assert_uint_eq(r->nchildren, 1);
	words_are(kid(kid(kid(r, 0), 0), 0), "c", NULL);
	ASSERT_DIAG(CONF_DIAG_ERROR, 1, "missing '}'");
	conf_tree_free(tree);
	conf_diags_free(&diags);
	r = parse("a\n}\nb { }\n}\n");
	ck_assert_uint_eq(r->nchildren, 2);
	ASSERT_DIAG(CONF_DIAG_ERROR, 2, "extra '}'");
	ASSERT_DIAG(CONF_DIAG_ERROR, 4, "extra '}'");
	ck_assert_int_eq(conf_diags_exit_code(&diags), 5);
}
END_TEST

START_TEST(test_brace_without_keyword)
{
	const struct conf_node *r = parse("a { }\n{\n x\n}\nb\n");

	ck_assert_uint_eq(r->nchildren, 2);
	words_are(kid(r, 1), "b", NULL);
	ASSERT_DIAG(CONF_DIAG_ERROR, 2, "without a keyword");
}
END_TEST

START_TEST(test_deep_nesting)
{
	char buf[4000] = "";

	for (int i = 0; i < 200; i++)
		strcat(buf, "a {\n");
	for (int i = 0; i < 200; i++)
		strcat(buf, "}\n");
	strcat(buf, "end\n");
	parse(buf);
	ck_assert_uint_eq(tree->root.nchildren, 2);
	words_are(kid(&tree->root, 1), "end", NULL);
	ASSERT_DIAG(CONF_DIAG_ERROR, 0, "nested more than");
}
END_TEST

START_TEST(test_unexpanded_param_braces)
{
	const struct conf_node *r = parse("misc_path /bin/x ${UNDEF} y\n");

	ck_assert_uint_eq(r->nchildren, 1);
	words_are(kid(r, 0), "misc_path", "/bin/x", "${UNDEF}", "y", NULL);
	ASSERT_CLEAN();
}
END_TEST

/* ---- comments, quotes, escapes, whitespace ---- */

START_TEST(test_comments)
{
	const struct conf_node *r =
		parse("! whole line\n# whole line\na 1 # c\nb 2! c\nc \"x # y\" 'p ! q' z # c\n"
		      "d e\\#f g\\!h\n  ! indented\n");

	ck_assert_uint_eq(r->nchildren, 4);
	words_are(kid(r, 0), "a", "1", NULL);
	words_are(kid(r, 1), "b", "2", NULL);
	words_are(kid(r, 2), "c", "x # y", "p ! q", "z", NULL);
	ck_assert_str_eq(kid(r, 2)->raw, "\"x # y\" 'p ! q' z");
	words_are(kid(r, 3), "d", "e#f", "g!h", NULL);
	ASSERT_DIAG(CONF_DIAG_NOTE, 4, "middle of a word");
	ck_assert_uint_eq(diags.n, 1);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_quotes)
{
	const struct conf_node *r =
		parse("q abcd\" efg h jkl \"mnop\nq abcd \"efg h jkl\" mnop\nq \"\" 'it\"s'\n");

	words_are(kid(r, 0), "q", "abcd efg h jkl mnop", NULL);
	words_are(kid(r, 1), "q", "abcd", "efg h jkl", "mnop", NULL);
	words_are(kid(r, 2), "q", "", "it\"s", NULL);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_escapes)
{
	const struct conf_node *r =
		parse("e \"\\a\\b\\E\\f\\n\\r\\t\\v\" \"\\101\\7\\x41\\x4a2\\cA\\c?\" "
		      "'\\\\\\\"\\q' \"a\\0b\" plain\\n\n");

	words_are(kid(r, 0), "e", "\a\b\033\f\n\r\t\v", "A\aAJ2\001\177", "\\\"q", "ab", "plain\\n",
		  NULL);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_unterminated_quote)
{
	const struct conf_node *r = parse("a \"b c\n");

	words_are(kid(r, 0), "a", "b c", NULL);
	ASSERT_DIAG(CONF_DIAG_WARNING, 1, "unterminated");
}
END_TEST

START_TEST(test_crlf)
{
	const struct conf_node *r = parse("a {\r\n  b 1\r\n}\r\nc \"x\"\r\n");

	ck_assert_uint_eq(r->nchildren, 2);
	words_are(kid(kid(r, 0), 0), "b", "1", NULL);
	ck_assert_str_eq(kid(kid(r, 0), 0)->raw, "1");
	words_are(kid(r, 1), "c", "x", NULL);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_nbsp)
{
	const struct conf_node *r = parse("a\xc2\xa0"
					  "b\xa0"
					  "c\t\xc2\xa0\n\xa0\xa0 d caf\xc3\xa9 \xc3\xa0\n");

	words_are(kid(r, 0), "a", "b", "c", NULL);
	ck_assert_str_eq(kid(r, 0)->raw, "b c");
	words_are(kid(r, 1), "d", "caf\xc3\xa9", "\xc3\xa0", NULL);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_long_line)
{
	char buf[3000];
	size_t n = 0;
	struct conf_parse_opts o = {.config_id = "x", .max_line = 64};

	n += (size_t)sprintf(buf + n, "a 1\nb ");
	memset(buf + n, 'x', 1021); /* line 2: 1023 bytes, accepted */
	n += 1021;
	n += (size_t)sprintf(buf + n, "\nc ");
	memset(buf + n, 'x', 1022); /* line 3: 1024 bytes, too long */
	n += 1022;
	sprintf(buf + n, "\nd 4\n");
	parse(buf);
	ck_assert_uint_eq(tree->root.nchildren, 3);
	ck_assert_uint_eq(strlen(kid(&tree->root, 1)->argv[1]), 1021);
	words_are(kid(&tree->root, 2), "d", "4", NULL);
	ck_assert_uint_eq(kid(&tree->root, 2)->line, 4);
	ASSERT_DIAG(CONF_DIAG_ERROR, 3, "longer than 1023");
	conf_tree_free(tree);
	conf_diags_free(&diags);
	parse_opts(
		"short 1\nthis line is much longer than sixty-four bytes, so it is reported and dropped\nz\n",
		&o);
	ck_assert_uint_eq(tree->root.nchildren, 2);
	ASSERT_DIAG(CONF_DIAG_ERROR, 2, "longer than 63");
}
END_TEST

START_TEST(test_nul_byte)
{
	static const char text[] = "a 1\nb\0c 2\nd 3";

	ck_assert_int_eq(conf_tree_parse_buf("n.conf", text, sizeof(text) - 1, NULL, &tree, &diags),
			 0);
	ck_assert_uint_eq(tree->root.nchildren, 2);
	words_are(kid(&tree->root, 1), "d", "3", NULL);
	ASSERT_DIAG(CONF_DIAG_ERROR, 2, "NUL");
}
END_TEST

/* ---- @ID conditional lines ---- */

START_TEST(test_conditional)
{
	const struct conf_node *r = parse("@main a 1\n@backup a 2\n@^main b 1\n@^backup b 2\n"
					  "x {\n  @main   c 1\n}\n@mainly d\n");

	ck_assert_uint_eq(r->nchildren, 3);
	words_are(kid(r, 0), "a", "1", NULL);
	words_are(kid(r, 1), "b", "2", NULL);
	words_are(kid(kid(r, 2), 0), "c", "1", NULL);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_conditional_default_id)
{
	char host[256], text[600];

	ck_assert_int_eq(gethostname(host, sizeof(host)), 0);
	host[strcspn(host, ".")] = '\0';
	snprintf(text, sizeof(text), "@%s a\n@^%s b\nc ${_INSTANCE}\n", host, host);
	parse_opts(text, NULL);
	ck_assert_uint_eq(tree->root.nchildren, 2);
	words_are(kid(&tree->root, 0), "a", NULL);
	words_are(kid(&tree->root, 1), "c", host, NULL);
}
END_TEST

/* ---- $parameters ---- */

START_TEST(test_params)
{
	const struct conf_node *r =
		parse("$ADDRESS_BASE=10.2.${ADDRESS_BASE_SUB}\n$ADDRESS_BASE_SUB=0\n"
		      "a ${ADDRESS_BASE}.100/32\n$ADDRESS_BASE_SUB=10\na ${ADDRESS_BASE}.100/32\n"
		      "  $P=240 # comment\nb $P\nb $P.x ${P}x $P\n$E=\nc [$E ]\n$X =1\n");

	words_are(kid(r, 0), "a", "10.2.0.100/32", NULL);
	words_are(kid(r, 1), "a", "10.2.10.100/32", NULL);
	words_are(kid(r, 2), "b", "240", NULL);
	words_are(kid(r, 3), "b", "$P.x", "240x", "240", NULL);
	words_are(kid(r, 4), "c", "[", "]", NULL);
	words_are(kid(r, 5), "$X", "=1", NULL);
	ck_assert_uint_eq(r->nchildren, 6);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_params_undefined)
{
	const struct conf_node *r = parse("a ${X} $Y ${Y}z $ \"${ }\" $1\n");

	words_are(kid(r, 0), "a", "${X}", "$Y", "${Y}z", "$", "${ }", "$1", NULL);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_params_with_conditions)
{
	const struct conf_node *r =
		parse("@main $PRIO=240\n@backup $PRIO=200\np $PRIO\n"
		      "$IF_MAIN=@main\n$IF_NOT=@^main\n$IF_MAIN q 1\n$IF_NOT q 2\n");

	ck_assert_uint_eq(r->nchildren, 2);
	words_are(kid(r, 0), "p", "240", NULL);
	words_are(kid(r, 1), "q", "1", NULL);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_params_multiline)
{
	const struct conf_node *r = parse("$INST= \\\n"
					  "vrrp_instance VI_${NUM} { \\\n"
					  "   interface eth0.${NUM} \\\n"
					  "   @main priority 130 \\\n"
					  "\n"
					  "   @other priority 120 \\\n"
					  "   virtual_ipaddress { \\\n"
					  "      10.0.${NUM}.254/24 \\\n"
					  "   } \\\n"
					  "}\n"
					  "$NUM=0\n$INST\n$NUM=1\n$INST\n");
	const struct conf_node *i;

	ck_assert_uint_eq(r->nchildren, 2);
	for (int k = 0; k < 2; k++) {
		char name[8], ifn[16], ip[32];

		snprintf(name, sizeof(name), "VI_%d", k);
		snprintf(ifn, sizeof(ifn), "eth0.%d", k);
		snprintf(ip, sizeof(ip), "10.0.%d.254/24", k);
		i = kid(r, (size_t)k);
		words_are(i, "vrrp_instance", name, NULL);
		ck_assert_uint_eq(i->line, 12 + 2 * (unsigned)k);
		ck_assert_uint_eq(i->nchildren, 3);
		words_are(kid(i, 0), "interface", ifn, NULL);
		words_are(kid(i, 1), "priority", "130", NULL);
		words_are(kid(kid(i, 2), 0), ip, NULL);
	}
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_params_multiline_nested)
{
	const struct conf_node *r = parse("$RS= \\\nreal_server 192.168.${VS}.${RSN} 80 { \\\n"
					  "  weight 1 \\\n}\n"
					  "$VSB= \\\nvirtual_server 10.0.${VS}.4 80 { \\\n"
					  "  $RSN=1 \\\n  $RS \\\n  $RSN=2 \\\n  $RS \\\n}\n"
					  "$VS=0\n$VSB\n$VS=1\n$VSB\n");

	ck_assert_uint_eq(r->nchildren, 2);
	words_are(kid(r, 1), "virtual_server", "10.0.1.4", "80", NULL);
	ck_assert_uint_eq(kid(r, 1)->nchildren, 2);
	words_are(kid(kid(r, 1), 0), "real_server", "192.168.1.1", "80", NULL);
	words_are(kid(kid(r, 1), 1), "real_server", "192.168.1.2", "80", NULL);
	words_are(kid(kid(kid(r, 0), 1), 0), "weight", "1", NULL);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_params_recursive_value)
{
	const struct conf_node *r = parse("$A=$B x\n$B=${C}\n$C=c\nv $A\nv ${A}y\n");

	words_are(kid(r, 0), "v", "c", "x", NULL);
	words_are(kid(r, 1), "v", "c", "xy", NULL);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_params_in_quotes_and_raw)
{
	const struct conf_node *r = parse("$S=SG1\n$I=low\nnotify \"/x.sh ${S}.$I master\" $I\n");

	words_are(kid(r, 0), "notify", "/x.sh SG1.low master", "low", NULL);
	ck_assert_str_eq(kid(r, 0)->raw, "\"/x.sh SG1.low master\" low");
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_builtins)
{
	const char *p;
	const struct conf_node *r;

	setenv("CHECK_CONF_ENV", "env value", 1);
	write_file("sub/inc.conf", "pwd ${_PWD}\n");
	p = write_file("main.conf", "pwd ${_PWD}\ninclude sub/inc.conf\ni ${_INSTANCE} $_INSTANCE\n"
				    "e ${_ENV CHECK_CONF_ENV} [${_ENV NO_SUCH_VAR_X}]\n"
				    "pass a${_HASH}b${_BANG}c \"${_HASH}\" # comment\n");
	r = parse_path(p, 0);
	ck_assert_uint_eq(r->nchildren, 5);
	ck_assert_str_eq(kid(r, 0)->argv[1], tmpdir);
	ck_assert(!strncmp(kid(r, 1)->argv[1], tmpdir, strlen(tmpdir)));
	ck_assert_str_eq(kid(r, 1)->argv[1] + strlen(tmpdir), "/sub");
	words_are(kid(r, 2), "i", "main", "main", NULL);
	words_are(kid(r, 3), "e", "env", "value", "[]", NULL);
	words_are(kid(r, 4), "pass", "a#b!c", "#", NULL);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_random)
{
	struct conf_parse_opts o = {.config_id = "x", .random_seed = 42};
	const struct conf_node *r;
	char first[3][16];

	r = parse_opts(
		"r ${_RANDOM} ${_RANDOM 5 9} ${_RANDOM 7 7} ${_RANDOM 30000}\nbad ${_RANDOM 9 "
		"5} ${_RANDOM x}\n",
		&o);
	ck_assert_int_le(atoi(kid(r, 0)->argv[1]), 32767);
	ck_assert_int_ge(atoi(kid(r, 0)->argv[2]), 5);
	ck_assert_int_le(atoi(kid(r, 0)->argv[2]), 9);
	ck_assert_str_eq(kid(r, 0)->argv[3], "7");
	ck_assert_int_ge(atoi(kid(r, 0)->argv[4]), 30000);
	words_are(kid(r, 1), "bad", "${_RANDOM", "9", "5}", "${_RANDOM", "x}", NULL);
	ASSERT_DIAG(CONF_DIAG_ERROR, 2, "_RANDOM");
	for (int i = 0; i < 3; i++)
		snprintf(first[i], sizeof(first[i]), "%s", kid(r, 0)->argv[1 + i]);
	conf_tree_free(tree);
	tree = NULL;
	r = parse_opts("r ${_RANDOM} ${_RANDOM 5 9} ${_RANDOM 7 7}\n", &o);
	for (int i = 0; i < 3; i++) /* same seed, same values */
		ck_assert_str_eq(kid(r, 0)->argv[1 + i], first[i]);
	conf_tree_free(tree);
	tree = NULL;
	r = parse("random_seed 42\nr ${_RANDOM} ${_RANDOM 5 9}\n");
	ck_assert_str_eq(kid(r, 1)->argv[1], first[0]);
	ck_assert_str_eq(kid(r, 1)->argv[2], first[1]);
	conf_tree_free(tree);
	tree = NULL;
	r = parse("r $_RANDOM 5\n"); /* fuzz: an unbraced builtin had a NULL argument pointer */
	ck_assert_int_le(atoi(kid(r, 0)->argv[1]), 32767);
	words_are(kid(r, 0), "r", kid(r, 0)->argv[1], "5", NULL);
}
END_TEST

START_TEST(test_runaway_params)
{
	char buf[4096], big[1001];
	size_t n = 0;
	const struct conf_node *r;

	memset(big, 'x', 1000);
	big[1000] = '\0';
	n += (size_t)sprintf(buf + n, "$A=${A}x\nuse ${A}\n$S=$S \nuse2 $S\n");
	for (int i = 1; i < 6; i++)
		n += (size_t)sprintf(buf + n, "$B%d=${B%d}${B%d}\n", i, i + 1, i + 1);
	sprintf(buf + n, "$B6=%s\nuse3 ${B1}\nok 1\n", big); /* 32 x 1000 bytes */
	r = parse(buf);
	ck_assert_uint_eq(r->nchildren, 1);
	words_are(kid(r, 0), "ok", "1", NULL);
	ASSERT_DIAG(CONF_DIAG_ERROR, 2, "'A' refers to itself");
	ASSERT_DIAG(CONF_DIAG_ERROR, 4, "'S' refers to itself");
	ASSERT_DIAG(CONF_DIAG_ERROR, 11, "after parameter expansion");
}
END_TEST

START_TEST(test_too_many_substitutions)
{
	char buf[2048];
	size_t n = 0;
	const struct conf_node *r;

	n += (size_t)sprintf(buf + n, "$Z=\n$Y=");
	for (int i = 0; i < 200; i++)
		n += (size_t)sprintf(buf + n, "${Z}");
	sprintf(buf + n, "\nok ${Y}${Y}${Y}${Y}${Y}\nuse ${Y}${Y}${Y}${Y}${Y}${Y}\n");
	r = parse(buf);
	ck_assert_uint_eq(r->nchildren, 1);
	words_are(kid(r, 0), "ok", NULL);
	ASSERT_DIAG(CONF_DIAG_ERROR, 4, "more than 1024 parameter substitutions");
}
END_TEST

START_TEST(test_runaway_multiline)
{
	struct conf_parse_opts o = {.config_id = "x", .max_generated = 100};
	const struct conf_node *r;
	char buf[2048];
	size_t n = 0;

	r = parse("$M= \\\n$M \\\nx\n$M\nok\n");
	ASSERT_DIAG(CONF_DIAG_ERROR, 4, "nested more than");
	words_are(kid(r, r->nchildren - 1), "ok", NULL);
	conf_tree_free(tree);
	conf_diags_free(&diags);
	for (int i = 0; i < 20; i++) /* $P0 is 2^20 lines */
		n += (size_t)sprintf(buf + n, "$P%d= \\\n$P%d \\\n$P%d\n", i, i + 1, i + 1);
	sprintf(buf + n, "$P20=x\n$P0\nok\n");
	r = parse_opts(buf, &o);
	ASSERT_DIAG(CONF_DIAG_ERROR, 62, "generate more than 100 lines");
	words_are(kid(r, r->nchildren - 1), "ok", NULL);
	ck_assert_uint_lt(r->nchildren, 100);
}
END_TEST

/* ---- ~SEQ and ~LST ---- */

static void
assert_list(const struct conf_node *r, size_t from, const char *const *want)
{
	size_t i;

	for (i = 0; want[i]; i++)
		ck_assert_str_eq(kid(r, from + i)->argv[kid(r, from + i)->argc - 1], want[i]);
}

START_TEST(test_seq)
{
	const struct conf_node *r =
		parse("~SEQ(SUBNET, 0, 3) ip 10.0.${SUBNET}.1\n"
		      "~SEQ(i, 3) a $i\n~SEQ(i, 5, 3) b $i\n~SEQ(i, 0, 2, 5) c $i\n"
		      "~SEQ(i, -2) d $i\n~SEQ(i,3,1,2) never\nafter $i\n");
	static const char *const want[] = {"10.0.0.1", "10.0.1.1", "10.0.2.1", "10.0.3.1", "1", "2",
					   "3",	       "5",	   "4",	       "3",	   "0", "2",
					   "4",	       "-1",	   "-2",       "$i",	   NULL};

	ck_assert_uint_eq(r->nchildren, 16);
	words_are(kid(r, 0), "ip", "10.0.0.1", NULL);
	assert_list(r, 0, want);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_seq_hex_nested)
{
	const struct conf_node *r = parse(
		"~SEQx(S, 144, 16, 192) ip fe80::20:${S}:1\n"
		"vip {\n ~SEQx(A, 0x90, 0x10, 0xa0) ~SEQx(B, 0x12, -1, 0x11) fe81::${A}:${B}\n}\n"
		"$i=old\n~SEQ(i, 2) ~SEQ(j, 2) p ${i}.$j\nafter $i\n");
	static const char *const want[] = {"fe80::20:90:1", "fe80::20:a0:1", "fe80::20:b0:1",
					   "fe80::20:c0:1", NULL};
	static const char *const vips[] = {"fe81::90:12", "fe81::90:11", "fe81::a0:12",
					   "fe81::a0:11", NULL};
	static const char *const ij[] = {"1.1", "1.2", "2.1", "2.2", "old", NULL};

	assert_list(r, 0, want);
	for (size_t i = 0; vips[i]; i++)
		words_are(kid(kid(r, 4), i), vips[i], NULL);
	assert_list(r, 5, ij);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_lst)
{
	const struct conf_node *r =
		parse("~LST(X, a, b c, d) v $X\n"
		      "~LST({IP, IP1}, {10,1},{20,4}) ~SEQ(IP2,168,2,170) 192.${IP2}.${IP}.${IP1}\n"
		      "~LST(IP, 1, 2) ~LST(IP1, 5,6) 192.169.${IP}.${IP1}\n");
	static const char *const want[] = {"a",
					   "c",
					   "d",
					   "192.168.10.1",
					   "192.170.10.1",
					   "192.168.20.4",
					   "192.170.20.4",
					   "192.169.1.5",
					   "192.169.1.6",
					   "192.169.2.5",
					   "192.169.2.6",
					   NULL};

	ck_assert_uint_eq(r->nchildren, 11);
	words_are(kid(r, 1), "v", "b", "c", NULL);
	assert_list(r, 0, want);
	ASSERT_CLEAN();
}
END_TEST

START_TEST(test_seq_errors)
{
	struct conf_parse_opts o = {.config_id = "x", .max_generated = 500};
	const struct conf_node *r;

	r = parse("~SEQ(i, 1, 0, 5) a\n~SEQ(i, x) b\n~SEQ(1i, 3) c\n~SEQ(i 3 d\n"
		  "~LST({a,b}, {1,2}, {3}) e ${a}${b}\n~LST(a) f\n~SEQ(i, 1, 2, 3, 4) g\nok\n");
	ASSERT_DIAG(CONF_DIAG_ERROR, 1, "invalid ~SEQ");
	ASSERT_DIAG(CONF_DIAG_ERROR, 2, "invalid ~SEQ");
	ASSERT_DIAG(CONF_DIAG_ERROR, 3, "invalid ~SEQ");
	ASSERT_DIAG(CONF_DIAG_ERROR, 4, "closing ')'");
	ASSERT_DIAG(CONF_DIAG_ERROR, 5, "items for 2 variables");
	ASSERT_DIAG(CONF_DIAG_ERROR, 6, "invalid ~LST");
	ASSERT_DIAG(CONF_DIAG_ERROR, 7, "invalid ~SEQ");
	ck_assert_uint_eq(r->nchildren, 2);
	words_are(kid(r, 0), "e", "12", NULL);
	conf_tree_free(tree);
	conf_diags_free(&diags);
	r = parse_opts("~SEQ(i, 1, 2000000000) ~SEQ(j, 1, 2000000000) x\nok\n", &o);
	ck_assert_uint_eq(r->nchildren, 500); /* 499 x, then ok */
	ASSERT_DIAG(CONF_DIAG_ERROR, 1, "generate more than 500 lines");
	conf_tree_free(tree);
	conf_diags_free(&diags);
	parse("~SEQ(i, 3000) a ${_RANDOM $i}\n"); /* one mistake, 3000 times */
	ck_assert_uint_eq(diags.n, 1001);
	ASSERT_DIAG(CONF_DIAG_ERROR, 0, "2000 more configuration diagnostics not shown");
	ck_assert_ptr_null(diags.v[1000].file);
}
END_TEST

Suite *
conf_tree_suite(void)
{
	Suite *s = suite_create("conf_tree");
	TCase *tc = tcase_create("syntax"), *ti = tcase_create("include");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_block_one_line);
	tcase_add_test(tc, test_several_blocks_one_line);
	tcase_add_test(tc, test_block_next_line);
	tcase_add_test(tc, test_close_after_statement);
	tcase_add_test(tc, test_unbalanced);
	tcase_add_test(tc, test_brace_without_keyword);
	tcase_add_test(tc, test_deep_nesting);
	tcase_add_test(tc, test_unexpanded_param_braces);
	tcase_add_test(tc, test_comments);
	tcase_add_test(tc, test_quotes);
	tcase_add_test(tc, test_escapes);
	tcase_add_test(tc, test_unterminated_quote);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_nbsp);
	tcase_add_test(tc, test_long_line);
	tcase_add_test(tc, test_nul_byte);
	tcase_add_test(tc, test_conditional);
	tcase_add_test(tc, test_conditional_default_id);
	tcase_add_test(tc, test_params);
	tcase_add_test(tc, test_params_undefined);
	tcase_add_test(tc, test_params_with_conditions);
	tcase_add_test(tc, test_params_multiline);
	tcase_add_test(tc, test_params_multiline_nested);
	tcase_add_test(tc, test_params_recursive_value);
	tcase_add_test(tc, test_params_in_quotes_and_raw);
	tcase_add_test(tc, test_random);
	tcase_add_test(tc, test_runaway_params);
	tcase_add_test(tc, test_too_many_substitutions);
	tcase_add_test(tc, test_runaway_multiline);
	tcase_add_test(tc, test_seq);
	tcase_add_test(tc, test_seq_hex_nested);
	tcase_add_test(tc, test_lst);
	tcase_add_test(tc, test_seq_errors);
	conf_tree_arena_tests(tc);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(ti, tmp_setup, tmp_teardown);
	tcase_add_test(ti, test_builtins);
	conf_tree_include_tests(tc, ti);
	suite_add_tcase(s, ti);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(conf_tree_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
