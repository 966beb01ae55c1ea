/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_include: the file stack of a parse and the include directive.
 * "include PATTERN" (and includer/includem/includew/includeb/includea) is
 * resolved against the including file's directory, brace alternatives are
 * expanded (bounded) and each is matched with glob(3) in sorted order; the
 * include_check level decides which problems are errors and which are
 * notes. Include loops, excessive nesting and non-regular files (FIFOs,
 * devices) are refused. Never changes the process's working directory.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/conf_priv.h"
#include "util/xalloc.h"

#define INCLUDE_ALL                                                                                \
	(CONF_INCLUDE_READABLE | CONF_INCLUDE_MATCH | CONF_INCLUDE_WILDCARD | CONF_INCLUDE_BRACE)

char *
conf_dirname(const char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	while (n && path[n - 1] != '/')
		n--;
	if (!n)
		return xstrdup(".");
	while (n > 1 && path[n - 1] == '/')
		n--;
	return xstrndup(path, n);
}

static struct conf_frame *
frame_new(struct conf_ctx *ctx, const char *name)
{
	struct conf_frame *f;
	unsigned check = ctx->nframes ? ctx->frames[ctx->nframes - 1].include_check
				      : ctx->opts.include_check;

	xgrow((void **)&ctx->frames, &ctx->frames_cap, ctx->nframes + 1, sizeof(*ctx->frames));
	f = &ctx->frames[ctx->nframes++];
	memset(f, 0, sizeof(*f));
	f->name = conf_tree_add_file(ctx, name);
	f->dir = conf_dirname(name);
	f->include_check = check;
	return f;
}

void
conf_frame_push_buf(struct conf_ctx *ctx, const char *name, const char *buf, size_t len)
{
	struct conf_frame *f = frame_new(ctx, name);

	f->buf = buf;
	f->len = len;
}

/*
 * Opens path as the next file to read. Returns 0, or a negative errno:
 * -ELOOP when it is already being read, -EINVAL when it is not a regular
 * file (a FIFO or device would block or never end), -EISDIR for a directory.
 */
int
conf_frame_push_file(struct conf_ctx *ctx, const char *path)
{
	struct conf_frame *f;
	struct stat st;
	FILE *fp;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int err = fstat(fd, &st) < 0 ? -errno : S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;

		close(fd);
		return err;
	}
	for (size_t i = 0; i < ctx->nframes; i++) {
		if (ctx->frames[i].has_id && ctx->frames[i].dev == st.st_dev &&
		    ctx->frames[i].ino == st.st_ino) {
			close(fd);
			return -ELOOP;
		}
	}
	fp = fdopen(fd, "r");
	if (!fp) {
		int err = -errno;

		close(fd);
		return err;
	}
	ctx->nopened++;
	f = frame_new(ctx, path);
	f->fp = fp;
	f->has_id = true;
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	return 0;
}

void
conf_frame_pop(struct conf_ctx *ctx)
{
	struct conf_frame *f = &ctx->frames[--ctx->nframes];

	if (f->fp)
		fclose(f->fp);
	free(f->dir);
}

/* Index just past the '}' matching the '{' at s[open], or 0 if unmatched or comma-less. */
static size_t
brace_group(const char *s, size_t open)
{
	int depth = 0;
	bool comma = false;

	for (size_t i = open; s[i]; i++) {
		if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && --depth == 0)
			return comma ? i + 1 : 0;
		else if (s[i] == ',' && depth == 1)
			comma = true;
	}
	return 0;
}

struct alts {
	char **v;
	size_t n, cap;
	bool over;
};

/* csh-style brace expansion of pat into a, at most CONF_MAX_BRACE_ALTS results. */
static void
brace_expand(const char *pat, struct alts *a)
{
	size_t open, close = 0, start, depth = 0;

	for (open = 0; pat[open]; open++)
		if (pat[open] == '{' && (close = brace_group(pat, open)))
			break;
	if (!close) {
		if (a->n >= CONF_MAX_BRACE_ALTS) {
			a->over = true;
			return;
		}
		xgrow((void **)&a->v, &a->cap, a->n + 1, sizeof(*a->v));
		a->v[a->n++] = xstrdup(pat);
		return;
	}
	start = open + 1;
	for (size_t i = open + 1; i < close && !a->over; i++) {
		char *s;

		if (pat[i] == '{') {
			depth++;
		} else if (pat[i] == '}' && depth) {
			depth--;
		} else if ((pat[i] == ',' && !depth) || i == close - 1) {
			s = xasprintf("%.*s%.*s%s", (int)open, pat, (int)(i - start), pat + start,
				      pat + close);
			brace_expand(s, a);
			free(s);
			start = i + 1;
		}
	}
}

static void
include_file(struct conf_ctx *ctx, const char *path, unsigned check)
{
	const char *file = ctx->file;
	unsigned line = ctx->line;
	int rc;

	if (path[0] && path[strlen(path) - 1] == '/') {
		conf_err(ctx, check & CONF_INCLUDE_READABLE ? CONF_DIAG_ERROR : CONF_DIAG_NOTE,
			 "include: '%s' is a directory, not read", path);
		return;
	}
	if (ctx->nframes >= CONF_MAX_INCLUDE_DEPTH) {
		conf_err(ctx, CONF_DIAG_ERROR,
			 "include: '%s' not read: more than %d nested includes", path,
			 CONF_MAX_INCLUDE_DEPTH);
		return;
	}
	if (ctx->nopened >= CONF_MAX_FILES) {
		conf_err(ctx, CONF_DIAG_ERROR, "include: '%s' not read: more than %d files read",
			 path, CONF_MAX_FILES);
		return;
	}
	rc = conf_frame_push_file(ctx, path);
	if (rc == -ELOOP) {
		conf_err(ctx, CONF_DIAG_ERROR, "include loop: '%s' is already being read", path);
	} else if (rc < 0) {
		conf_err(ctx, check & CONF_INCLUDE_READABLE ? CONF_DIAG_ERROR : CONF_DIAG_NOTE,
			 "include: cannot read '%s': %s", path,
			 rc == -EINVAL ? "not a regular file" : strerror(-rc));
	} else {
		conf_read_frame(ctx);
		conf_frame_pop(ctx);
	}
	ctx->file = file;
	ctx->line = line;
}

/* Refuses, under opts.include_root, a path outside the root or with a ".." component. */
static bool
include_allowed(struct conf_ctx *ctx, const char *path)
{
	const char *root = ctx->opts.include_root;
	size_t n = root ? strlen(root) : 0;

	if (!root)
		return true;
	if (strncmp(path, root, n) || path[n] != '/' || strstr(path, "/../") ||
	    (strlen(path) >= 3 && !strcmp(path + strlen(path) - 3, "/..")))
		return false;
	return true;
}

static void
include_alt(struct conf_ctx *ctx, const char *pat, unsigned check, bool braced)
{
	glob_t g;
	int rc;

	memset(&g, 0, sizeof(g));
	rc = glob(pat, GLOB_MARK, NULL, &g);
	if (rc == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++)
			if (include_allowed(ctx, g.gl_pathv[i])) /* ".*" can match ".." */
				include_file(ctx, g.gl_pathv[i], check);
			else
				conf_err(ctx, CONF_DIAG_ERROR,
					 "include: '%s' is outside %s; not read", g.gl_pathv[i],
					 ctx->opts.include_root);
	} else {
		bool wild = strpbrk(pat, "*?[") != NULL;
		bool err = (braced && (check & CONF_INCLUDE_BRACE)) ||
			   (check & (wild ? CONF_INCLUDE_WILDCARD : CONF_INCLUDE_MATCH));

		conf_err(ctx, err ? CONF_DIAG_ERROR : CONF_DIAG_NOTE,
			 "include: no file matches '%s'", pat);
	}
	globfree(&g);
}

static size_t
count_char(const char *s, char c)
{
	size_t n = 0;

	while ((s = strchr(s, c))) {
		n++;
		s++;
	}
	return n;
}

static unsigned
variant_flags(const char *kw)
{
	static const char variants[] = "rmwba";
	static const unsigned flags[] = {CONF_INCLUDE_READABLE, CONF_INCLUDE_MATCH,
					 CONF_INCLUDE_WILDCARD, CONF_INCLUDE_BRACE, INCLUDE_ALL};
	const char *v = kw[7] ? strchr(variants, kw[7]) : NULL;

	return v ? flags[v - variants] : 0;
}

static void
include_pattern(struct conf_ctx *ctx, const char *pattern, unsigned check)
{
	const char *dir = ctx->frames[ctx->nframes - 1].dir;
	struct alts a = {0};
	char *path;

	if (pattern[0] == '/' || !strcmp(dir, "."))
		path = xstrdup(pattern);
	else
		path = xasprintf("%s/%s", dir, pattern);
	if (!include_allowed(ctx, path)) {
		conf_err(ctx, CONF_DIAG_ERROR, "include: '%s' is outside %s; not read", path,
			 ctx->opts.include_root);
		free(path);
		return;
	}
	if (count_char(path, '{') > CONF_MAX_BRACES)
		a.over = true;
	else
		brace_expand(path, &a);
	if (a.over)
		conf_err(ctx, CONF_DIAG_ERROR,
			 "include: '%s' has more than %d braces or %d brace alternatives; not read",
			 path, CONF_MAX_BRACES, CONF_MAX_BRACE_ALTS);
	for (size_t i = 0; i < a.n; i++) {
		if (!a.over)
			include_alt(ctx, a.v[i], check, a.n > 1);
		free(a.v[i]);
	}
	free(a.v);
	free(path);
}

/*
 * Handles text (a cleaned physical line) when its first word is include or
 * a variant; returns false otherwise. This runs before @ID and $param
 * processing, as in keepalived, so an include line cannot use either.
 */
bool
conf_include_line(struct conf_ctx *ctx, const char *text)
{
	size_t n, argc, first;
	unsigned check;
	char **argv;

	if (text[0] != 'i') /* the common case, checked for every line */
		return false;
	n = strcspn(text, " \t");
	if (strncmp(text, "include", 7) || n < 7 || n > 8 || (n == 8 && !variant_flags(text)))
		return false;
	check = ctx->frames[ctx->nframes - 1].include_check | (n == 8 ? variant_flags(text) : 0);
	if (check & (CONF_INCLUDE_MATCH | CONF_INCLUDE_WILDCARD | CONF_INCLUDE_BRACE))
		check |= CONF_INCLUDE_READABLE;
	conf_lex_words(ctx, text, &argv, &argc, &first);
	if (argc < 2)
		conf_err(ctx, CONF_DIAG_ERROR, "%s: missing file name", argv[0]);
	else if (argc > 2)
		conf_err(ctx, CONF_DIAG_ERROR,
			 "%s: expected one file name, got %zu words; not read", argv[0], argc - 1);
	else
		include_pattern(ctx, argv[1], check);
	conf_lex_free_words(argv, argc);
	return true;
}

/*
 * include_check [[+|-]readable|match|wildcard_match|brace_match ...]; none =
 * all. Applies to the rest of the current file and the files it includes.
 * Unknown options are ignored here: the config model reports them.
 */
void
conf_include_check_kw(struct conf_ctx *ctx, char **argv, size_t argc)
{
	static const char *const names[] = {"readable", "match", "wildcard_match", "brace_match"};
	unsigned *level = &ctx->frames[ctx->nframes - 1].include_check, v = 0;
	bool relative = true;

	for (size_t i = 1; i < argc; i++)
		if (argv[i][0] != '+' && argv[i][0] != '-')
			relative = false;
	if (relative)
		v = argc == 1 ? INCLUDE_ALL : *level;
	for (size_t i = 1; i < argc; i++) {
		const char *o = argv[i] + (argv[i][0] == '+' || argv[i][0] == '-');
		size_t k;

		for (k = 0; k < 4 && strcmp(o, names[k]); k++)
			;
		if (k == 4)
			continue;
		if (argv[i][0] == '-')
			v &= ~(1u << k);
		else
			v |= 1u << k;
	}
	*level = v;
}
