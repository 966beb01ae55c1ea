/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_checker: the health checker blocks of a real_server (HTTP_GET,
 * SSL_GET, TCP_CHECK, MISC_CHECK, SMTP_CHECK, DNS_CHECK, UDP_CHECK,
 * PING_CHECK, FILE_CHECK, BFD_CHECK), the url { } block and the global SSL
 * { } block: one keyword table per checker type built from the shared
 * connection and scheduling keywords, the value parsers (status codes,
 * digests, hex payloads) and the dumps. No defaults are applied here.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

#include "conf/conf_model_priv.h"

#define CK(f)	  CONF_FIELD(struct conf_checker, f)
#define URL(f)	  CONF_FIELD(struct conf_url, f)
#define T_MAX	  86400000000LL
#define ALL_TYPES ((1u << (CONF_CHECK_BFD + 1)) - 1)

const char *const conf_checker_names[] = {"HTTP_GET",	"SSL_GET",   "TCP_CHECK", "MISC_CHECK",
					  "SMTP_CHECK", "DNS_CHECK", "UDP_CHECK", "PING_CHECK",
					  "FILE_CHECK", "BFD_CHECK", NULL};

static struct conf_checker *
chk(void *obj)
{
	return obj;
}

static void
kw_nb_get_retry(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		const struct conf_kw *kw)
{
	long long v;

	(void)kw;
	conf_note(ctx, n, "'nb_get_retry' is the old name of 'retry'");
	if (!conf_want_args(ctx, n, 1, 1) &&
	    !conf_get_ll(ctx, n, "nb_get_retry", n->argv[1], 0, INT_MAX, &v))
		chk(obj)->retry = (unsigned)v;
}

static void
kw_user(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj, const struct conf_kw *kw)
{
	(void)kw;
	if (conf_want_args(ctx, n, 1, 2))
		return;
	chk(obj)->u.misc.user = conf_strdup(ctx->conf, n->argv[1]);
	chk(obj)->u.misc.group = n->argc > 2 ? conf_strdup(ctx->conf, n->argv[2]) : NULL;
}

static void
dump_user(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_misc_check *m = &((const struct conf_checker *)obj)->u.misc;

	(void)kw;
	if (!m->user)
		return;
	conf_dump_start(d, "user");
	conf_dump_word(d, m->user);
	if (m->group)
		conf_dump_word(d, m->group);
	conf_dump_end(d);
}

static void
kw_misc_path(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	     const struct conf_kw *kw)
{
	struct conf_script *s;

	(void)kw;
	if (conf_want_args(ctx, n, 1, 1))
		return;
	s = conf_make_script(ctx, n, n->argv[1], NULL, NULL);
	if (s)
		chk(obj)->u.misc.script = s;
}

static void
dump_misc_path(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	(void)kw;
	conf_dump_script(d, "misc_path", chk((void *)(uintptr_t)obj)->u.misc.script);
}

static int
hex_nibble(int c)
{
	if (isdigit(c))
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Hex words, two digits a byte, an odd last digit a byte of its own; 'x' = any (with mask). */
static int
parse_hex(struct conf_parse_ctx *ctx, const struct conf_node *n, size_t from, struct conf_bytes *b,
	  struct conf_bytes *mask)
{
	size_t i, j;

	for (i = from; i < n->argc; i++) {
		const char *w = n->argv[i];
		size_t len = strlen(w);

		for (j = 0; j < len; j += 2) {
			int hi = w[j], lo = j + 1 < len ? w[j + 1] : -1;
			int vh = hex_nibble(hi), vl = lo < 0 ? 0 : hex_nibble(lo);
			bool xh = tolower(hi) == 'x', xl = lo >= 0 && tolower(lo) == 'x';
			uint8_t byte, m = 0xff;

			if (lo < 0) { /* odd last digit: 0X */
				vl = vh, vh = 0, xl = xh, xh = false;
			}
			if ((vh < 0 && !(xh && mask)) || (vl < 0 && !(xl && mask))) {
				conf_err(ctx, n, "'%s': '%s' is not hex; ignored", n->argv[0], w);
				return -1;
			}
			byte = (uint8_t)((xh ? 0 : vh) << 4 | (xl ? 0 : vl));
			m = (uint8_t)((xh ? 0 : 0xf0) | (xl ? 0 : 0x0f));
			*CONF_PUSH(ctx->conf, b->v, b->n) = byte;
			if (mask)
				*CONF_PUSH(ctx->conf, mask->v, mask->n) = m;
		}
	}
	return 0;
}

static void
dump_hex(struct conf_dump *d, const struct conf_bytes *b, const struct conf_bytes *mask)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	if (!b->n)
		return;
	d->fresh = false;
	fputc(' ', d->out);
	for (i = 0; i < b->n; i++) {
		uint8_t m = mask ? mask->v[i] : 0xff;

		fputc(m & 0xf0 ? hex[b->v[i] >> 4] : 'x', d->out);
		fputc(m & 0x0f ? hex[b->v[i] & 0xf] : 'x', d->out);
	}
}

static void
kw_payload(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	   const struct conf_kw *kw)
{
	struct conf_bytes b = {NULL, 0};

	(void)kw;
	if (!conf_want_args(ctx, n, 1, 1024) && !parse_hex(ctx, n, 1, &b, NULL))
		chk(obj)->u.udp.payload = b;
}

static void
kw_require_reply(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		 const struct conf_kw *kw)
{
	struct conf_udp_check *u = &chk(obj)->u.udp;
	struct conf_bytes b = {NULL, 0}, m = {NULL, 0};

	(void)kw;
	if (parse_hex(ctx, n, 1, &b, &m))
		return;
	u->require_reply = true;
	u->reply = b;
	u->reply_mask = m;
}

static void
dump_udp(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_udp_check *u = &((const struct conf_checker *)obj)->u.udp;

	(void)kw;
	if (u->payload.n) {
		conf_dump_start(d, "payload");
		dump_hex(d, &u->payload, NULL);
		conf_dump_end(d);
	}
	if (u->require_reply) {
		conf_dump_start(d, "require_reply");
		dump_hex(d, &u->reply, &u->reply_mask);
		conf_dump_end(d);
	}
}

static void
kw_http_protocol(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		 const struct conf_kw *kw)
{
	(void)kw;
	if (conf_want_args(ctx, n, 1, 1))
		return;
	if (!strcmp(n->argv[1], "1.0"))
		chk(obj)->u.http.proto = CONF_HTTP_1_0;
	else if (!strcasecmp(n->argv[1], "1.0C"))
		chk(obj)->u.http.proto = CONF_HTTP_1_0C;
	else if (!strcmp(n->argv[1], "1.1"))
		chk(obj)->u.http.proto = CONF_HTTP_1_1;
	else
		conf_err(ctx, n, "http_protocol '%s' is not 1.0, 1.0C or 1.1; ignored", n->argv[1]);
}

static void
dump_http_protocol(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	static const char *const names[] = {"1.0", "1.0C", "1.1"};

	(void)kw;
	conf_dump_line(d, "http_protocol %s",
		       names[((const struct conf_checker *)obj)->u.http.proto]);
}

static void
kw_weight(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	  const struct conf_kw *kw)
{
	struct conf_file_check *f = &chk(obj)->u.file;
	long long v;

	(void)kw;
	if (conf_want_args(ctx, n, 1, 2))
		return;
	if (n->argc > 2 && strcmp(n->argv[2], "reverse")) {
		conf_err(ctx, n, "'weight': unexpected '%s' (reverse); ignored", n->argv[2]);
		return;
	}
	if (!conf_get_ll(ctx, n, "weight", n->argv[1], -2147483647, 2147483647, &v)) {
		f->weight = (int)v;
		f->reverse = n->argc > 2;
	}
}

static void
dump_weight(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_file_check *f = &((const struct conf_checker *)obj)->u.file;

	(void)kw;
	conf_dump_line(d, "weight %d%s", f->weight, f->reverse ? " reverse" : "");
}

/* ---- url { } ---- */

static void
kw_digest(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	  const struct conf_kw *kw)
{
	struct conf_url *u = obj;
	size_t i;

	(void)kw;
	if (conf_want_args(ctx, n, 1, 1))
		return;
	for (i = 0; n->argv[1][i] && isxdigit((unsigned char)n->argv[1][i]); i++)
		;
	if (i != 32 || n->argv[1][i]) {
		conf_err(ctx, n, "digest '%s' is not 32 hex digits (an MD5 sum); ignored",
			 n->argv[1]);
		return;
	}
	u->digest = conf_strdup(ctx->conf, n->argv[1]);
	for (i = 0; i < 32; i++)
		u->digest[i] = (char)tolower((unsigned char)u->digest[i]);
}

static void
kw_status_code(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	       const struct conf_kw *kw)
{
	struct conf_url *u = obj;
	size_t i;

	(void)kw;
	if (conf_want_args(ctx, n, 1, 1000))
		return;
	for (i = 1; i < n->argc; i++) {
		char lo[16], *dash;
		long long a, b;

		snprintf(lo, sizeof(lo), "%s", n->argv[i]);
		dash = strchr(lo, '-');
		if (dash)
			*dash = '\0';
		if (conf_get_ll(ctx, n, "status_code", lo, 100, 599, &a))
			continue;
		b = a;
		if (dash && conf_get_ll(ctx, n, "status_code", dash + 1, a, 599, &b))
			continue;
		*CONF_PUSH(ctx->conf, u->status, u->nstatus) =
			(struct conf_status_range){(unsigned)a, (unsigned)b};
	}
}

static void
dump_status_code(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_url *u = obj;
	size_t i;

	(void)kw;
	if (!u->nstatus)
		return;
	conf_dump_start(d, "status_code");
	for (i = 0; i < u->nstatus; i++) {
		if (u->status[i].lo == u->status[i].hi)
			conf_dump_text(d, "%u", u->status[i].lo);
		else
			conf_dump_text(d, "%u-%u", u->status[i].lo, u->status[i].hi);
	}
	conf_dump_end(d);
}

static void
kw_regex_options(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		 const struct conf_kw *kw)
{
	size_t i;

	(void)kw;
	for (i = 1; i < n->argc; i++)
		conf_strlist_add(ctx->conf, &((struct conf_url *)obj)->regex_options, n->argv[i]);
}

static void
dump_regex_options(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_strlist *l = &((const struct conf_url *)obj)->regex_options;
	size_t i;

	(void)kw;
	if (!l->n)
		return;
	conf_dump_start(d, "regex_options");
	for (i = 0; i < l->n; i++)
		conf_dump_word(d, l->v[i]);
	conf_dump_end(d);
}

static void
kw_regex_stack(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	       const struct conf_kw *kw)
{
	struct conf_url *u = obj;
	long long a, b;

	(void)kw;
	if (conf_want_args(ctx, n, 2, 2) ||
	    conf_get_ll(ctx, n, "regex_stack start", n->argv[1], 1, INT_MAX, &a) ||
	    conf_get_ll(ctx, n, "regex_stack max", n->argv[2], a, INT_MAX, &b))
		return;
	u->regex_stack_start = (unsigned)a;
	u->regex_stack_max = (unsigned)b;
}

static void
dump_regex_stack(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_url *u = obj;

	(void)kw;
	if (u->regex_stack_start)
		conf_dump_line(d, "regex_stack %u %u", u->regex_stack_start, u->regex_stack_max);
}

static const struct conf_kw url_kws[] = {
	KW_STR("path", struct conf_url, path),
	{.name = "digest",
	 .type = CONF_KW_FN,
	 URL(digest),
	 .fn = kw_digest,
	 .dump = conf_dumpfn_str},
	KW_FN("status_code", kw_status_code, dump_status_code, 0),
	KW_STR("virtualhost", struct conf_url, virtualhost),
	KW_STR("regex", struct conf_url, regex),
	KW_FLAG("regex_no_match", struct conf_url, regex_no_match),
	KW_FN("regex_options", kw_regex_options, dump_regex_options, 0),
	KW_FN("regex_stack", kw_regex_stack, dump_regex_stack, 0),
	{.name = "regex_min_offset",
	 .type = CONF_KW_UINT,
	 URL(regex_min_offset),
	 .min = 0,
	 .max = INT_MAX,
	 .flags = CONF_KWF_NONZERO},
	{.name = "regex_max_offset",
	 .type = CONF_KW_UINT,
	 URL(regex_max_offset),
	 .min = 0,
	 .max = INT_MAX,
	 .flags = CONF_KWF_NONZERO},
	KW_END,
};
const struct conf_block conf_url_block = {"url", url_kws, CONF_NO_RAW, NULL};

static void
kw_url(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj, const struct conf_kw *kw)
{
	struct conf_http_check *h = &chk(obj)->u.http;
	struct conf_url *u;

	(void)kw;
	conf_want_args(ctx, n, 0, 0);
	u = CONF_PUSH(ctx->conf, h->urls, h->nurls);
	u->loc = conf_loc_of(ctx, n);
	conf_kw_walk(ctx, n, &conf_url_block, u);
	if (!u->path) {
		conf_err(ctx, n, "url without a path; ignored");
		h->nurls--;
	}
}

static void
dump_urls(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_http_check *h = &((const struct conf_checker *)obj)->u.http;
	size_t i;

	(void)kw;
	for (i = 0; i < h->nurls; i++) {
		conf_dump_open(d, "url");
		conf_kw_dump(d, &conf_url_block, &h->urls[i]);
		conf_dump_close(d);
	}
}

/* ---- checker tables ---- */

#define CONN_KWS                                                                                   \
	KW_ADDR("connect_ip", struct conf_checker, connect_ip),                                    \
		{.name = "connect_port",                                                           \
		 .type = CONF_KW_UINT,                                                             \
		 CK(connect_port),                                                                 \
		 .min = 1,                                                                         \
		 .max = 65535,                                                                     \
		 .flags = CONF_KWF_NONZERO},                                                       \
		KW_ADDR("bindto", struct conf_checker, bindto),                                    \
		{.name = "bind_port",                                                              \
		 .type = CONF_KW_UINT,                                                             \
		 CK(bind_port),                                                                    \
		 .min = 0,                                                                         \
		 .max = 65535,                                                                     \
		 .flags = CONF_KWF_NONZERO},                                                       \
		KW_IFNAME("bind_if", struct conf_checker, bind_if),                                \
		{.name = "fwmark",                                                                 \
		 .type = CONF_KW_UINT,                                                             \
		 CK(fwmark),                                                                       \
		 .min = 0,                                                                         \
		 .max = 0xffffffffLL,                                                              \
		 .flags = CONF_KWF_NONZERO},                                                       \
		KW_TIMER("connect_timeout", struct conf_checker, connect_timeout_us, 1000, T_MAX)
#define SCHED_KWS                                                                                  \
	KW_TRI("alpha", struct conf_checker, alpha),                                               \
		KW_UINT("retry", struct conf_checker, retry, 0, INT_MAX),                          \
		KW_FN("nb_get_retry", kw_nb_get_retry, NULL, 0),                                   \
		KW_TIMER("delay_before_retry", struct conf_checker, delay_before_retry_us, 0,      \
			 T_MAX),                                                                   \
		KW_TIMER("warmup", struct conf_checker, warmup_us, 0, T_MAX),                      \
		KW_TIMER("delay_loop", struct conf_checker, delay_loop_us, 1000, T_MAX),           \
		KW_TRI("log_all_failures", struct conf_checker, log_all_failures)

static const struct conf_kw http_kws[] = {
	CONN_KWS,
	SCHED_KWS,
	KW_FN("http_protocol", kw_http_protocol, dump_http_protocol, 0),
	KW_FLAG("fast_recovery", struct conf_checker, u.http.fast_recovery),
	KW_STR("virtualhost", struct conf_checker, u.http.virtualhost),
	KW_FLAG("enable_sni", struct conf_checker, u.http.enable_sni),
	KW_STR("sni_name", struct conf_checker, u.http.sni_name),
	KW_FLAG("tls_compliant", struct conf_checker, u.http.tls_compliant),
	KW_FN("url", kw_url, dump_urls, CONF_KWF_BLOCK),
	KW_END,
};
static const struct conf_kw plain_kws[] = {CONN_KWS, SCHED_KWS, KW_END};
static void kw_smtp_host(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
			 const struct conf_kw *kw);
static const struct conf_kw smtp_kws[] = {
	CONN_KWS,
	SCHED_KWS,
	KW_STR("helo_name", struct conf_checker, u.smtp.helo_name),
	{.name = "host", .type = CONF_KW_FN, .fn = kw_smtp_host, .flags = CONF_KWF_BLOCK},
	KW_END,
};
static const struct conf_kw conn_kws[] = {CONN_KWS, KW_END};
static const struct conf_block host_block = {"host", conn_kws, CONF_NO_RAW, NULL};

/* Handled by conf_parse_checker(): each host { } becomes a checker of its own. */
static void
kw_smtp_host(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	     const struct conf_kw *kw)
{
	(void)ctx;
	(void)n;
	(void)obj;
	(void)kw;
}

static const char *const dns_types[] = {"A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA", NULL};
static const struct conf_kw dns_kws[] = {
	CONN_KWS,
	SCHED_KWS,
	KW_ENUM("type", struct conf_checker, u.dns.type, dns_types),
	KW_STR("name", struct conf_checker, u.dns.name),
	KW_END,
};
static const struct conf_kw misc_kws[] = {
	SCHED_KWS,
	KW_FN("misc_path", kw_misc_path, dump_misc_path, 0),
	KW_TIMER("misc_timeout", struct conf_checker, u.misc.timeout_us, 1000, T_MAX),
	KW_FLAG("misc_dynamic", struct conf_checker, u.misc.dynamic),
	KW_FN("user", kw_user, dump_user, 0),
	KW_END,
};
static const struct conf_kw udp_kws[] = {
	CONN_KWS,
	SCHED_KWS,
	KW_FN("payload", kw_payload, dump_udp, 0),
	{.name = "require_reply",
	 .type = CONF_KW_FN,
	 .fn = kw_require_reply,
	 .flags = CONF_KWF_NODUMP},
	KW_UINT("min_reply_length", struct conf_checker, u.udp.min_reply_length, 0, 65535),
	KW_UINT("max_reply_length", struct conf_checker, u.udp.max_reply_length, 0, 65535),
	KW_END,
};
static const struct conf_kw file_kws[] = {
	KW_STR("track_file", struct conf_checker, u.file.track_file),
	KW_FN("weight", kw_weight, dump_weight, 0),
	KW_FLAG("dynamic", struct conf_checker, u.file.dynamic),
	KW_END,
};
static const struct conf_kw bfd_kws[] = {
	KW_STR("name", struct conf_checker, u.bfd.name),
	KW_TRI("alpha", struct conf_checker, alpha),
	KW_END,
};

#define CK_BLOCK(n, t)                                                                             \
	{                                                                                          \
		n, t, offsetof(struct conf_checker, unsupported), NULL                             \
	}
static const struct conf_block http_block = CK_BLOCK("HTTP_GET", http_kws);
static const struct conf_block ssl_get_block = CK_BLOCK("SSL_GET", http_kws);
static const struct conf_block tcp_block = CK_BLOCK("TCP_CHECK", plain_kws);
static const struct conf_block misc_block = CK_BLOCK("MISC_CHECK", misc_kws);
static const struct conf_block smtp_block = CK_BLOCK("SMTP_CHECK", smtp_kws);
static const struct conf_block dns_block = CK_BLOCK("DNS_CHECK", dns_kws);
static const struct conf_block udp_block = CK_BLOCK("UDP_CHECK", udp_kws);
static const struct conf_block ping_block = CK_BLOCK("PING_CHECK", plain_kws);
static const struct conf_block file_block = CK_BLOCK("FILE_CHECK", file_kws);
static const struct conf_block bfd_block = CK_BLOCK("BFD_CHECK", bfd_kws);

const struct conf_block *const conf_checker_blocks[] = {
	&http_block, &ssl_get_block, &tcp_block,  &misc_block, &smtp_block, &dns_block,
	&udp_block,  &ping_block,    &file_block, &bfd_block,  NULL,
};

static struct conf_checker *
new_checker(struct conf_parse_ctx *ctx, const struct conf_node *n, enum conf_checker_type t)
{
	struct conf_checker *c = conf_alloc(ctx->conf, sizeof(*c));

	c->type = t;
	c->loc = conf_loc_of(ctx, n);
	c->connect_timeout_us = c->delay_before_retry_us = CONF_UNSET_U64;
	c->warmup_us = c->delay_loop_us = CONF_UNSET_U64;
	c->retry = CONF_UNSET_UINT;
	c->alpha = c->log_all_failures = CONF_UNSET_TRI;
	if (t == CONF_CHECK_MISC)
		c->u.misc.timeout_us = CONF_UNSET_U64;
	if (t == CONF_CHECK_DNS)
		c->u.dns.type = CONF_DNS_SOA;
	if (t == CONF_CHECK_UDP)
		c->u.udp.max_reply_length = 255;
	if (t == CONF_CHECK_FILE)
		c->u.file.weight = 1;
	if (t == CONF_CHECK_HTTP || t == CONF_CHECK_SSL || t == CONF_CHECK_TCP ||
	    t == CONF_CHECK_SMTP || t == CONF_CHECK_DNS || t == CONF_CHECK_UDP ||
	    t == CONF_CHECK_PING)
		c->connect_port = 0;
	return c;
}

/* keepalived's deprecated SMTP_CHECK host { }: one more SMTP_CHECK per host. */
static void
smtp_hosts(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_rs *rs,
	   const struct conf_checker *main)
{
	struct conf_checker *c;
	size_t i;

	for (i = 0; i < n->nchildren; i++) {
		const struct conf_node *h = &n->children[i];

		if (strcmp(h->argv[0], "host") || !h->block)
			continue;
		conf_note(ctx, h,
			  "SMTP_CHECK host { } is deprecated; it becomes an SMTP_CHECK of "
			  "its own");
		c = conf_alloc(ctx->conf, sizeof(*c));
		*c = *main;
		memset(&c->unsupported, 0, sizeof(c->unsupported));
		c->loc = conf_loc_of(ctx, h);
		conf_kw_walk(ctx, h, &host_block, c);
		*CONF_PUSH(ctx->conf, rs->checkers, rs->ncheckers) = c;
	}
}

void
conf_parse_checker(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		   const struct conf_kw *kw)
{
	struct conf_rs *rs = obj;
	struct conf_checker *c;
	size_t t;

	(void)kw;
	conf_want_args(ctx, n, 0, 0);
	for (t = 0; conf_checker_names[t] && strcmp(conf_checker_names[t], n->argv[0]); t++)
		;
	if (!conf_checker_names[t])
		return;
	c = new_checker(ctx, n, (enum conf_checker_type)t);
	conf_kw_walk(ctx, n, conf_checker_blocks[t], c);
	if (t == CONF_CHECK_BFD)
		conf_warn(ctx, n,
			  "BFD_CHECK is not supported by vigil (BFD is not implemented); "
			  "the checker never reports");
	*CONF_PUSH(ctx->conf, rs->checkers, rs->ncheckers) = c;
	if (t == CONF_CHECK_SMTP)
		smtp_hosts(ctx, n, rs, c);
}

void
conf_dump_checker(struct conf_dump *d, const struct conf_checker *c)
{
	conf_dump_open(d, "%s", conf_checker_names[c->type]);
	conf_kw_dump(d, conf_checker_blocks[c->type], c);
	conf_dump_close(d);
}

/* ---- SSL { } ---- */

static const struct conf_kw ssl_kws[] = {
	{.name = "password",
	 .type = CONF_KW_STR,
	 CONF_FIELD(struct conf_ssl, password),
	 .flags = CONF_KWF_SECRET},
	KW_STR("ca", struct conf_ssl, ca),
	KW_STR("certificate", struct conf_ssl, certificate),
	KW_STR("key", struct conf_ssl, key),
	KW_END,
};
const struct conf_block conf_ssl_block = {"SSL", ssl_kws, CONF_NO_RAW, NULL};

void
conf_parse_ssl(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	       const struct conf_kw *kw)
{
	struct conf *conf = obj;

	(void)kw;
	conf_want_args(ctx, n, 0, 0);
	if (!conf->ssl)
		conf->ssl = conf_alloc(conf, sizeof(*conf->ssl));
	conf->ssl->loc = conf_loc_of(ctx, n);
	conf_kw_walk(ctx, n, &conf_ssl_block, conf->ssl);
}

void
conf_dump_ssl(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf *conf = obj;

	(void)kw;
	if (!conf->ssl)
		return;
	conf_dump_open(d, "SSL");
	conf_kw_dump(d, &conf_ssl_block, conf->ssl);
	conf_dump_close(d);
}
