/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_dump: prints a struct conf back in keepalived syntax. The output is
 * canonical (table order, one statement per line, 4-space indent, values
 * quoted only when needed) and explicit (every resolved default), so that
 * parsing a dump and dumping again gives the same text. Secrets (auth_pass,
 * SSL password) are printed, marked with a trailing "# secret" comment so
 * an operator can spot or strip them. It only writes to the given FILE.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <string.h>

#include "conf/conf_model_priv.h"

static void
indent(struct conf_dump *d)
{
	int i;

	for (i = 0; i < d->depth; i++)
		fputs("    ", d->out);
}

void
conf_dump_line(struct conf_dump *d, const char *fmt, ...)
{
	va_list ap;

	indent(d);
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputc('\n', d->out);
}

void
conf_dump_open(struct conf_dump *d, const char *fmt, ...)
{
	va_list ap;

	indent(d);
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputs(" {\n", d->out);
	d->depth++;
}

void
conf_dump_close(struct conf_dump *d)
{
	d->depth--;
	conf_dump_line(d, "}");
}

void
conf_dump_start(struct conf_dump *d, const char *keyword)
{
	indent(d);
	fputs(keyword, d->out);
	d->fresh = !*keyword;
}

static void
separate(struct conf_dump *d)
{
	if (!d->fresh)
		fputc(' ', d->out);
	d->fresh = false;
}

/* Quoted when the lexer would otherwise split, strip or reinterpret the word. */
static bool
needs_quotes(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!*p || strchr("@$~", *p) || !strncmp(s, "include", 7))
		return true;
	for (; *p; p++)
		if (*p <= ' ' || *p == 0x7f || strchr("#!\"'{}\\", *p))
			return true;
	return false;
}

void
conf_dump_word(struct conf_dump *d, const char *word)
{
	const unsigned char *p = (const unsigned char *)word;

	separate(d);
	if (!needs_quotes(word)) {
		fputs(word, d->out);
		return;
	}
	fputc('"', d->out);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(d->out, "\\%c", *p);
		else if (*p < ' ' || *p == 0x7f)
			fprintf(d->out, "\\%03o", *p);
		else
			fputc(*p, d->out);
	}
	fputc('"', d->out);
}

void
conf_dump_text(struct conf_dump *d, const char *fmt, ...)
{
	va_list ap;

	separate(d);
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
}

void
conf_dump_end(struct conf_dump *d)
{
	fputc('\n', d->out);
}

void
conf_dump_secret(struct conf_dump *d, const char *keyword, const char *secret)
{
	if (d->hide_secrets) {
		conf_dump_line(d, "%s <hidden>", keyword);
		return;
	}
	conf_dump_start(d, keyword);
	conf_dump_word(d, secret);
	fputs("  # secret", d->out);
	conf_dump_end(d);
}

const char *
conf_fmt_addr(char *buf, size_t len, const struct conf_addr *a)
{
	if (!a || a->family == AF_UNSPEC || !inet_ntop(a->family, &a->u, buf, (socklen_t)len))
		snprintf(buf, len, "none");
	return buf;
}

const char *
conf_fmt_prefix(char *buf, size_t len, const struct conf_prefix *p)
{
	char a[INET6_ADDRSTRLEN];

	snprintf(buf, len, "%s/%u", conf_fmt_addr(a, sizeof(a), &p->addr), p->len);
	return buf;
}

const char *
conf_fmt_timer(char *buf, size_t len, uint64_t us)
{
	size_t n;

	snprintf(buf, len, "%llu.%06llu", (unsigned long long)(us / 1000000u),
		 (unsigned long long)(us % 1000000u));
	n = strlen(buf);
	while (buf[n - 1] == '0')
		buf[--n] = '\0';
	if (buf[n - 1] == '.')
		buf[n - 1] = '\0';
	return buf;
}

void
conf_dump_script(struct conf_dump *d, const char *keyword, const struct conf_script *s)
{
	if (!s)
		return;
	conf_dump_start(d, keyword);
	conf_dump_word(d, s->cmd);
	if (s->user)
		conf_dump_word(d, s->user);
	if (s->group)
		conf_dump_word(d, s->group);
	conf_dump_end(d);
}

static void
dump_raw_one(struct conf_dump *d, const struct conf_raw *r)
{
	size_t i;

	conf_dump_start(d, "");
	for (i = 0; i < r->argc; i++)
		conf_dump_word(d, r->argv[i]);
	if (!r->block) {
		conf_dump_end(d);
		return;
	}
	fputs(" {\n", d->out);
	d->depth++;
	for (i = 0; i < r->nchildren; i++)
		dump_raw_one(d, &r->children[i]);
	conf_dump_close(d);
}

void
conf_dump_raw(struct conf_dump *d, const struct conf_rawlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		dump_raw_one(d, &l->v[i]);
}

static long long
load_int(const void *p, size_t size, bool is_signed)
{
	switch (size) {
	case 1:
		return is_signed ? *(const int8_t *)p : *(const uint8_t *)p;
	case 2:
		return is_signed ? *(const int16_t *)p : *(const uint16_t *)p;
	case 8:
		return is_signed ? (long long)*(const int64_t *)p : (long long)*(const uint64_t *)p;
	default:
		return is_signed ? *(const int32_t *)p : (long long)*(const uint32_t *)p;
	}
}

static bool
int_is_unset(long long v, size_t size, bool is_signed)
{
	if (is_signed)
		return size == 4 && v == CONF_UNSET_INT;
	return size == 4 && (unsigned long long)v == CONF_UNSET_UINT;
}

static void
dump_list(struct conf_dump *d, const char *name, const struct conf_strlist *l)
{
	size_t i;

	if (!l->n)
		return;
	conf_dump_open(d, "%s", name);
	for (i = 0; i < l->n; i++) {
		conf_dump_start(d, "");
		conf_dump_word(d, l->v[i]);
		conf_dump_end(d);
	}
	conf_dump_close(d);
}

static void
dump_field(struct conf_dump *d, const struct conf_kw *kw, const void *obj)
{
	const void *p = (const char *)obj + kw->off;
	char buf[CONF_BUF];
	long long v;

	switch (kw->type) {
	case CONF_KW_FLAG:
		if (*(const bool *)p)
			conf_dump_line(d, "%s", kw->name);
		break;
	case CONF_KW_TRI:
		if (*(const int *)p != CONF_UNSET_TRI)
			conf_dump_line(d, "%s %s", kw->name, *(const int *)p ? "true" : "false");
		break;
	case CONF_KW_INT:
	case CONF_KW_UINT:
		v = load_int(p, kw->size, kw->type == CONF_KW_INT);
		if ((kw->flags & CONF_KWF_NONZERO) && v == 0)
			break;
		if (!int_is_unset(v, kw->size, kw->type == CONF_KW_INT))
			conf_dump_line(d, "%s %lld", kw->name, v);
		break;
	case CONF_KW_TIMER:
		if (*(const uint64_t *)p != CONF_UNSET_U64)
			conf_dump_line(d, "%s %s", kw->name,
				       conf_fmt_timer(buf, sizeof(buf), *(const uint64_t *)p));
		break;
	case CONF_KW_STR:
		if (*(char *const *)p) {
			if (kw->flags & CONF_KWF_SECRET) {
				conf_dump_secret(d, kw->name, *(char *const *)p);
				break;
			}
			conf_dump_start(d, kw->name);
			conf_dump_word(d, *(char *const *)p);
			conf_dump_end(d);
		}
		break;
	case CONF_KW_ADDR:
		if (((const struct conf_addr *)p)->family != AF_UNSPEC)
			conf_dump_line(d, "%s %s", kw->name, conf_fmt_addr(buf, sizeof(buf), p));
		break;
	case CONF_KW_ENUM:
		if (*(const int *)p >= 0 && *kw->names[*(const int *)p])
			conf_dump_line(d, "%s %s", kw->name, kw->names[*(const int *)p]);
		break;
	case CONF_KW_SCRIPT:
		conf_dump_script(d, kw->name, *(struct conf_script *const *)p);
		break;
	case CONF_KW_LIST:
		dump_list(d, kw->name, p);
		break;
	case CONF_KW_FN:
		if (kw->dump)
			kw->dump(d, obj, kw);
		break;
	case CONF_KW_LEGACY:
	case CONF_KW_UNSUPPORTED:
		break;
	}
}

void
conf_kw_dump(struct conf_dump *d, const struct conf_block *blk, const void *obj)
{
	const struct conf_block *chain;
	const struct conf_kw *kw;

	for (chain = blk; chain; chain = chain->more) {
		for (kw = chain->kw; kw->name; kw++) {
			if (kw->flags & (CONF_KWF_ALIAS | CONF_KWF_NODUMP))
				continue;
			dump_field(d, kw, obj);
		}
	}
	if (blk->raw_off != CONF_NO_RAW)
		conf_dump_raw(d, (const struct conf_rawlist *)((const char *)obj + blk->raw_off));
}

void
conf_dumpfn_addr(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_addr *a = (const struct conf_addr *)((const char *)obj + kw->off);
	char buf[64];

	if (a->family != AF_UNSPEC)
		conf_dump_line(d, "%s %s", kw->name, conf_fmt_addr(buf, sizeof(buf), a));
}

void
conf_dumpfn_timer(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	uint64_t v = *(const uint64_t *)((const char *)obj + kw->off);
	char buf[64];

	if (v != CONF_UNSET_U64)
		conf_dump_line(d, "%s %s", kw->name, conf_fmt_timer(buf, sizeof(buf), v));
}

void
conf_dumpfn_uint(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	unsigned v = *(const unsigned *)((const char *)obj + kw->off);

	if ((kw->flags & CONF_KWF_NONZERO) && v == 0)
		return;
	if (v != CONF_UNSET_UINT)
		conf_dump_line(d, "%s %u", kw->name, v);
}

void
conf_dump_open_named(struct conf_dump *d, const char *keyword, const char *name)
{
	conf_dump_start(d, keyword);
	conf_dump_word(d, name);
	fputs(" {\n", d->out);
	d->depth++;
}

void
conf_dumpfn_str(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const char *s = *(char *const *)((const char *)obj + kw->off);

	if (!s)
		return;
	conf_dump_start(d, kw->name);
	conf_dump_word(d, s);
	conf_dump_end(d);
}
