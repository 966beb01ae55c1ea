/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_kw: the keyword-table machinery of the config model. Walks a block
 * of the lib/conf tree against a static table (name, kind, field offset,
 * range), applies generic values, reports unknown keywords with a "did you
 * mean", and owns the allocation pool and the diagnostics helpers. It knows
 * no particular keyword; it never logs and never exits.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf/conf_model_priv.h"
#include "util/xalloc.h"

/* ---- pool ---- */

struct conf_pool_hdr {
	struct conf_pool_hdr *next, *prev;
	union {
		long double ld;
		void *p;
		long long ll;
	} align[];
};

static void
pool_link(struct conf *conf, struct conf_pool_hdr *h)
{
	h->prev = NULL;
	h->next = conf->pool;
	if (conf->pool)
		conf->pool->prev = h;
	conf->pool = h;
}

/* A block of its own on the pool's list, zeroed. */
static void *
pool_block(struct conf *conf, size_t size)
{
	struct conf_pool_hdr *h = xcalloc(1, sizeof(*h) + size);

	pool_link(conf, h);
	return h->align;
}

#define POOL_CHUNK (64u * 1024u)
#define POOL_SMALL 1024u /* larger requests get a block of their own */
#define POOL_ALIGN sizeof(((struct conf_pool_hdr *)0)->align[0])

/*
 * Small allocations (a real server, a checker, a name) are cut from 64 KiB
 * chunks, without a header or malloc's own overhead each: a model of 40,000
 * real servers is made of about as many objects, all freed together.
 */
void *
conf_alloc(struct conf *conf, size_t size)
{
	void *p;

	size = size ? (size + POOL_ALIGN - 1) / POOL_ALIGN * POOL_ALIGN : POOL_ALIGN;
	if (size > POOL_SMALL)
		return pool_block(conf, size);
	if (conf->pool_left < size) {
		conf->pool_cur = pool_block(conf, POOL_CHUNK);
		conf->pool_left = POOL_CHUNK;
	}
	p = conf->pool_cur;
	conf->pool_cur += size;
	conf->pool_left -= size;
	return p;
}

void *
conf_realloc(struct conf *conf, void *p, size_t size)
{
	struct conf_pool_hdr *h, *nh;

	if (!p)
		return pool_block(conf, size);
	h = (struct conf_pool_hdr *)((char *)p - offsetof(struct conf_pool_hdr, align));
	if (h->prev)
		h->prev->next = h->next;
	else
		conf->pool = h->next;
	if (h->next)
		h->next->prev = h->prev;
	nh = xrealloc(h, sizeof(*nh) + size);
	pool_link(conf, nh);
	return nh->align;
}

char *
conf_strdup(struct conf *conf, const char *s)
{
	size_t len;
	char *d;

	if (!s)
		return NULL;
	len = strlen(s);
	d = conf_alloc(conf, len + 1);
	memcpy(d, s, len + 1);
	return d;
}

void *
conf_push(struct conf *conf, void *arrp, size_t *n, size_t es)
{
	void **arr = arrp;
	size_t cap = 4;
	char *elem;

	while (cap < *n + 1)
		cap *= 2;
	/*
	 * Grow only when crossing a power of two (capacity is implicit). The
	 * first 4 elements are cut from the pool like any small object (most
	 * lists stay that short); from 8 on, the array is a block that grows
	 * in place.
	 */
	if (*n == 0) {
		*arr = conf_alloc(conf, cap * es);
	} else if (*n == 4) {
		void *grown = conf_realloc(conf, NULL, cap * es);

		memcpy(grown, *arr, 4 * es);
		*arr = grown;
	} else if (*n > 4 && (*n & (*n - 1)) == 0) {
		*arr = conf_realloc(conf, *arr, cap * es);
	}
	elem = (char *)*arr + *n * es;
	memset(elem, 0, es);
	(*n)++;
	return elem;
}

void
conf_pool_free(struct conf *conf)
{
	struct conf_pool_hdr *h = conf->pool, *next;

	while (h) {
		next = h->next;
		free(h);
		h = next;
	}
	conf->pool = NULL;
	conf->pool_cur = NULL;
	conf->pool_left = 0;
}

/* ---- diagnostics ---- */

struct conf_loc
conf_loc_of(struct conf_parse_ctx *ctx, const struct conf_node *n)
{
	struct conf_loc loc = {NULL, 0};
	size_t i;

	if (!n)
		return loc;
	loc.line = n->line;
	for (i = 0; i < ctx->conf->nfiles && n->file; i++) {
		if (!strcmp(ctx->conf->files[i], n->file)) {
			loc.file = ctx->conf->files[i];
			break;
		}
	}
	return loc;
}

void
conf_diag(struct conf_parse_ctx *ctx, enum conf_diag_level level, const struct conf_node *n,
	  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_diag_vadd(ctx->diags, level, n ? n->file : NULL, n ? n->line : 0, fmt, ap);
	va_end(ap);
}

void
conf_diag_at(struct conf_parse_ctx *ctx, enum conf_diag_level level, const struct conf_loc *loc,
	     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_diag_vadd(ctx->diags, level, loc ? loc->file : NULL, loc ? loc->line : 0, fmt, ap);
	va_end(ap);
}

/* ---- value parsers ---- */

int
conf_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"on", "true", "yes", NULL};
	static const char *const no[] = {"off", "false", "no", NULL};
	size_t i;

	for (i = 0; yes[i]; i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

int
conf_get_ll(struct conf_parse_ctx *ctx, const struct conf_node *n, const char *what, const char *s,
	    long long min, long long max, long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (!*s || *end || errno) {
		conf_err(ctx, n, "'%s' value '%s' is not an integer (range %lld..%lld); ignored",
			 what, s, min, max);
		return -1;
	}
	if (v < min || v > max) {
		conf_err(ctx, n, "'%s' value '%s' is out of range %lld..%lld; ignored", what, s,
			 min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* Parses decimal seconds with up to microsecond resolution. */
static int
parse_timer(const char *s, uint64_t *out)
{
	uint64_t sec = 0, frac = 0;
	unsigned digits = 0;
	const char *p = s;

	if (!isdigit((unsigned char)*p) && *p != '.')
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		if (sec > UINT64_MAX / 10000000u)
			return -1;
		sec = sec * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++) {
			if (digits < 6) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				digits++;
			}
		}
	}
	if (*p || (p == s + 1 && *s == '.'))
		return -1;
	for (; digits < 6; digits++)
		frac *= 10;
	*out = sec * 1000000u + frac;
	return 0;
}

int
conf_get_timer(struct conf_parse_ctx *ctx, const struct conf_node *n, const char *what,
	       const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char lo[32], hi[32];
	uint64_t v;

	conf_fmt_timer(lo, sizeof(lo), min);
	conf_fmt_timer(hi, sizeof(hi), max);
	if (parse_timer(s, &v)) {
		conf_err(ctx, n, "'%s' value '%s' is not a time in seconds (range %s..%s); ignored",
			 what, s, lo, hi);
		return -1;
	}
	if (v < min || v > max) {
		conf_err(ctx, n, "'%s' value '%s' is out of range %s..%s seconds; ignored", what, s,
			 lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

int
conf_parse_addr(const char *s, struct conf_addr *out)
{
	struct conf_addr a;

	memset(&a, 0, sizeof(a));
	if (inet_pton(AF_INET, s, &a.u.in4) == 1)
		a.family = AF_INET;
	else if (inet_pton(AF_INET6, s, &a.u.in6) == 1)
		a.family = AF_INET6;
	else
		return -1;
	*out = a;
	return 0;
}

int
conf_parse_prefix(const char *s, struct conf_prefix *out, bool *has_len)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	unsigned long len;
	char *end;

	if (alen >= sizeof(buf))
		return -1;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	if (conf_parse_addr(buf, &out->addr))
		return -1;
	out->len = out->addr.family == AF_INET ? 32 : 128;
	if (has_len)
		*has_len = slash != NULL;
	if (!slash)
		return 0;
	errno = 0;
	len = strtoul(slash + 1, &end, 10);
	if (!slash[1] || *end || errno || len > out->len)
		return -1;
	out->len = (unsigned)len;
	return 0;
}

int
conf_get_addr(struct conf_parse_ctx *ctx, const struct conf_node *n, const char *what,
	      const char *s, struct conf_addr *out)
{
	if (conf_parse_addr(s, out)) {
		conf_err(ctx, n, "'%s': invalid IP address '%s'; ignored", what, s);
		return -1;
	}
	return 0;
}

int
conf_get_port(struct conf_parse_ctx *ctx, const struct conf_node *n, const char *s, uint16_t *out)
{
	long long v;

	if (conf_get_ll(ctx, n, "port", s, 0, 65535, &v))
		return -1;
	*out = (uint16_t)v;
	return 0;
}

int
conf_want_args(struct conf_parse_ctx *ctx, const struct conf_node *n, size_t min, size_t max)
{
	size_t i;

	if (n->argc - 1 < min) {
		conf_err(ctx, n, "'%s' needs %s; ignored", n->argv[0],
			 min == 1 ? "a value" : "more values");
		return -1;
	}
	for (i = max + 1; i < n->argc; i++)
		conf_warn(ctx, n, "'%s': extra argument '%s' ignored", n->argv[0], n->argv[i]);
	return 0;
}

bool
conf_ifname_ok(struct conf_parse_ctx *ctx, const struct conf_node *n, const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len >= IFNAMSIZ || strchr(name, '/') || strpbrk(name, " \t")) {
		conf_err(ctx, n, "invalid interface name '%s' (1 to %d characters, no '/')", name,
			 IFNAMSIZ - 1);
		return false;
	}
	return true;
}

/* Splits a command line: whitespace separates, single or double quotes group. */
static void
split_cmd(struct conf *conf, struct conf_script *s)
{
	const char *p = s->cmd;
	char *word = xmalloc(strlen(s->cmd) + 1);

	while (*p) {
		size_t len = 0;
		char quote = 0;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		for (; *p && (quote || (*p != ' ' && *p != '\t')); p++) {
			if (!quote && (*p == '\'' || *p == '"'))
				quote = *p;
			else if (quote && *p == quote)
				quote = 0;
			else
				word[len++] = *p;
		}
		word[len] = '\0';
		*CONF_PUSH(conf, s->argv, s->argc) = conf_strdup(conf, word);
	}
	*CONF_PUSH(conf, s->argv, s->argc) = NULL;
	s->argc--;
	free(word);
}

struct conf_script *
conf_make_script(struct conf_parse_ctx *ctx, const struct conf_node *n, const char *cmd,
		 const char *user, const char *group)
{
	struct conf_script *s = conf_alloc(ctx->conf, sizeof(*s));

	s->cmd = conf_strdup(ctx->conf, cmd);
	s->user = conf_strdup(ctx->conf, user);
	s->group = conf_strdup(ctx->conf, group);
	s->loc = conf_loc_of(ctx, n);
	split_cmd(ctx->conf, s);
	if (s->argc == 0) {
		conf_err(ctx, n, "'%s': empty command; ignored", n->argv[0]);
		return NULL;
	}
	return s;
}

struct conf_script *
conf_get_script(struct conf_parse_ctx *ctx, const struct conf_node *n)
{
	if (conf_want_args(ctx, n, 1, 3))
		return NULL;
	return conf_make_script(ctx, n, n->argv[1], n->argc > 2 ? n->argv[2] : NULL,
				n->argc > 3 ? n->argv[3] : NULL);
}

void
conf_strlist_add(struct conf *conf, struct conf_strlist *l, const char *s)
{
	*CONF_PUSH(conf, l->v, l->n) = conf_strdup(conf, s);
}

bool
conf_strlist_has(const struct conf_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return false;
}

void
conf_get_list(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_strlist *l,
	      bool ifnames)
{
	size_t i, j;

	for (i = 0; i < n->nchildren; i++) {
		const struct conf_node *c = &n->children[i];

		if (c->block) {
			conf_err(ctx, c, "unexpected block in '%s'; ignored", n->argv[0]);
			continue;
		}
		for (j = 0; j < c->argc; j++)
			if (!ifnames || conf_ifname_ok(ctx, c, c->argv[j]))
				conf_strlist_add(ctx->conf, l, c->argv[j]);
	}
}

static void
raw_copy(struct conf_parse_ctx *ctx, struct conf_raw *r, const struct conf_node *n)
{
	size_t i;

	r->argc = n->argc;
	r->argv = conf_alloc(ctx->conf, (n->argc + 1) * sizeof(char *));
	for (i = 0; i < n->argc; i++)
		r->argv[i] = conf_strdup(ctx->conf, n->argv[i]);
	r->block = n->block;
	r->loc = conf_loc_of(ctx, n);
	r->nchildren = n->nchildren;
	if (n->nchildren)
		r->children = conf_alloc(ctx->conf, n->nchildren * sizeof(*r->children));
	for (i = 0; i < n->nchildren; i++)
		raw_copy(ctx, &r->children[i], &n->children[i]);
}

void
conf_raw_keep(struct conf_parse_ctx *ctx, struct conf_rawlist *l, const struct conf_node *n)
{
	raw_copy(ctx, CONF_PUSH(ctx->conf, l->v, l->n), n);
}

size_t
conf_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t prev[64], cur[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, (lb + 1) * sizeof(size_t));
	}
	return prev[lb];
}
