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

Suite *conf_tree_suite(void);

static struct conf_diags diags;
static struct conf_tree *tree;
static char tmpdir[] = "/tmp/check_conf_tree.XXXXXX";

static void
setup(void)
{
	conf_diags_init(&diags);
	tree = NULL;
}

static void
teardown(void)
{
	conf_tree_free(tree);
	conf_diags_free(&diags);
}

static const struct conf_node *
parse_opts(const char *text, const struct conf_parse_opts *o)
{
	ck_assert_int_eq(
		conf_tree_parse_buf("/nonexistent/t.conf", text, strlen(text), o, &tree, &diags),
		0);
	return &tree->root;
}

static const struct conf_node *
parse(const char *text)
{
	struct conf_parse_opts o = {.config_id = "main", .random_seed = 7};

	return parse_opts(text, &o);
}

/* The i-th child of n, checking it exists. */
static const struct conf_node *
kid(const struct conf_node *n, size_t i)
{
	ck_assert_msg(i < n->nchildren, "%s has %zu children, wanted #%zu", n->argv[0],
		      n->nchildren, i);
	return &n->children[i];
}

/* Asserts node n has exactly the given words (NULL-terminated). */
static void
words_are(const struct conf_node *n, ...)
{
	va_list ap;
	size_t i = 0;
	const char *w;

	va_start(ap, n);
	while ((w = va_arg(ap, const char *))) {
		ck_assert_msg(i < n->argc, "node has %zu words, wanted more", n->argc);
		ck_assert_str_eq(n->argv[i], w);
		i++;
	}
	va_end(ap);
	ck_assert_uint_eq(n->argc, i);
}

static bool
has_diag(enum conf_diag_level level, unsigned line, const char *text)
{
	for (size_t i = 0; i < diags.n; i++)
		if (diags.v[i].level == level && (!line || diags.v[i].line == line) &&
		    strstr(diags.v[i].msg, text))
			return true;
	return false;
}

#define ASSERT_DIAG(level, line, text)                                                             \
	ck_assert_msg(has_diag(level, line, text), "no diagnostic '%s' at line %u", text,          \
		      (unsigned)(line))
#define ASSERT_CLEAN()                                                                             \
	ck_assert_msg(diags.count[CONF_DIAG_ERROR] == 0 && diags.count[CONF_DIAG_WARNING] == 0 &&  \
			      diags.count[CONF_DIAG_FATAL] == 0,                                   \
		      "unexpected diagnostics: %zu (first: %s)", diags.n,                          \
		      diags.n ? diags.v[0].msg : "")

/* Writes dir/name (creating dir) with content; returns the path (static buffer). */
static const char *
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

static const struct conf_node *
parse_path(const char *path, unsigned check)
{
	struct conf_parse_opts o = {.config_id = "main", .include_check = check};

	ck_assert_int_eq(conf_tree_parse_file(path, &o, &tree, &diags), 0);
	return &tree->root;
}

static void
tmp_setup(void)
{
	setup();
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
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
	tcase_add_test(tc, test_include_root);
	tcase_add_test(tc, test_missing_main_file);
	tcase_add_test(tc, test_diags);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(ti, tmp_setup, tmp_teardown);
	tcase_add_test(ti, test_builtins);
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
