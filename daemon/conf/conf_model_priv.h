/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_model_priv: internals shared by the files of daemon/conf: the struct conf
 * layout, the keyword table format and its walker, the parse context,
 * value parsers, the allocation pool and the dump helpers. Not for use
 * outside daemon/conf and its tests.
 */
#ifndef VIGIL_DAEMON_CONF_MODEL_PRIV_H
#define VIGIL_DAEMON_CONF_MODEL_PRIV_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "conf/conf.h"
#include "conf/conf_tree.h"


/* ---- allocation: everything is freed with the struct conf ---- */
void *conf_alloc(struct conf *conf, size_t size); /* zeroed */
/* Grows p, which must come from conf_realloc (NULL: a new block); see conf_push. */
void *conf_realloc(struct conf *conf, void *p, size_t size);
char *conf_strdup(struct conf *conf, const char *s);
/* Grows *arr (elements of size es) so that index *n is valid; returns it zeroed; ++*n. */
void *conf_push(struct conf *conf, void *arr, size_t *n, size_t es);
#define CONF_PUSH(conf, arr, n)                                                                    \
	((__typeof__(&(arr)[0]))conf_push((conf), &(arr), &(n), sizeof(*(arr))))
void conf_pool_free(struct conf *conf);

/* ---- parse context ---- */
struct conf_parse_ctx {
	struct conf *conf;
	struct conf_diags *diags;
	const struct conf_load_opts *opts;
	const char *block; /* name of the block being walked, for messages */
};

void conf_diag(struct conf_parse_ctx *ctx, enum conf_diag_level level, const struct conf_node *n,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
#define conf_err(ctx, n, ...)  conf_diag((ctx), CONF_DIAG_ERROR, (n), __VA_ARGS__)
#define conf_warn(ctx, n, ...) conf_diag((ctx), CONF_DIAG_WARNING, (n), __VA_ARGS__)
#define conf_note(ctx, n, ...) conf_diag((ctx), CONF_DIAG_NOTE, (n), __VA_ARGS__)
/* Same, for an object's location after parsing (validation). */
void conf_diag_at(struct conf_parse_ctx *ctx, enum conf_diag_level level,
		  const struct conf_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
struct conf_loc conf_loc_of(struct conf_parse_ctx *ctx, const struct conf_node *n);

/* ---- keyword tables ---- */
enum conf_kw_type {
	CONF_KW_FLAG,	     /* bool; no argument or a <BOOL> */
	CONF_KW_TRI,	     /* int CONF_UNSET_TRI/0/1; no argument = on */
	CONF_KW_INT,	     /* signed integer field of .size bytes, in [min, max] */
	CONF_KW_UINT,	     /* unsigned integer field of .size bytes, in [min, max] */
	CONF_KW_TIMER,	     /* uint64_t µs from decimal seconds, in [min, max] µs */
	CONF_KW_STR,	     /* char *, one word */
	CONF_KW_ADDR,	     /* struct conf_addr */
	CONF_KW_ENUM,	     /* int-sized enum, value index in .names */
	CONF_KW_SCRIPT,	     /* struct conf_script *: CMD [user [group]] */
	CONF_KW_LIST,	     /* struct conf_strlist from a { } block of words */
	CONF_KW_FN,	     /* .fn parses, .dump dumps */
	CONF_KW_LEGACY,	     /* accepted and ignored with .note */
	CONF_KW_UNSUPPORTED, /* kept verbatim, warned about, dumped verbatim */
};

#define CONF_KWF_ALIAS	 0x01u /* another name of the previous keyword: never dumped */
#define CONF_KWF_BLOCK	 0x02u /* takes a { } block (FN / UNSUPPORTED) */
#define CONF_KWF_SECRET	 0x04u /* dumped with a "# secret" marker */
#define CONF_KWF_NODUMP	 0x08u /* parsed into a field dumped by another entry */
#define CONF_KWF_ANYBLK	 0x10u /* may or may not have a block */
#define CONF_KWF_NONZERO 0x20u /* numbers: not dumped when 0 */
#define CONF_KWF_IFNAME	 0x40u /* strings and lists: interface names, checked */

struct conf_kw;
typedef void (*conf_kw_fn)(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
			   const struct conf_kw *kw);
struct conf_dump;
typedef void (*conf_dump_fn)(struct conf_dump *d, const void *obj, const struct conf_kw *kw);

struct conf_kw {
	const char *name;
	enum conf_kw_type type;
	size_t off;  /* field offset in the block's object */
	size_t size; /* field size (numbers) */
	long long min, max;
	const char *const *names; /* CONF_KW_ENUM value names, NULL-terminated */
	conf_kw_fn fn;
	conf_dump_fn dump;
	const char *note;  /* alias / legacy / unsupported explanation */
	const char *alias; /* CONF_KWF_ALIAS: the keyword this one stands for */
	unsigned flags;
};

#define CONF_FIELD(T, f) .off = offsetof(T, f), .size = sizeof(((T *)0)->f)
#define KW_FLAG(n, T, f)                                                                           \
	{                                                                                          \
		.name = (n), .type = CONF_KW_FLAG, CONF_FIELD(T, f)                                \
	}
#define KW_TRI(n, T, f)                                                                            \
	{                                                                                          \
		.name = (n), .type = CONF_KW_TRI, CONF_FIELD(T, f)                                 \
	}
#define KW_INT(n, T, f, lo, hi)                                                                    \
	{                                                                                          \
		.name = (n), .type = CONF_KW_INT, CONF_FIELD(T, f), .min = (lo), .max = (hi)       \
	}
#define KW_UINT(n, T, f, lo, hi)                                                                   \
	{                                                                                          \
		.name = (n), .type = CONF_KW_UINT, CONF_FIELD(T, f), .min = (lo), .max = (hi)      \
	}
#define KW_TIMER(n, T, f, lo, hi)                                                                  \
	{                                                                                          \
		.name = (n), .type = CONF_KW_TIMER, CONF_FIELD(T, f), .min = (lo), .max = (hi)     \
	}
#define KW_STR(n, T, f)                                                                            \
	{                                                                                          \
		.name = (n), .type = CONF_KW_STR, CONF_FIELD(T, f)                                 \
	}
#define KW_ADDR(n, T, f)                                                                           \
	{                                                                                          \
		.name = (n), .type = CONF_KW_ADDR, CONF_FIELD(T, f)                                \
	}
#define KW_ENUM(n, T, f, nm)                                                                       \
	{                                                                                          \
		.name = (n), .type = CONF_KW_ENUM, CONF_FIELD(T, f), .names = (nm)                 \
	}
#define KW_SCRIPT(n, T, f)                                                                         \
	{                                                                                          \
		.name = (n), .type = CONF_KW_SCRIPT, CONF_FIELD(T, f)                              \
	}
#define KW_IFNAME(n, T, f)                                                                         \
	{                                                                                          \
		.name = (n), .type = CONF_KW_STR, CONF_FIELD(T, f), .flags = CONF_KWF_IFNAME       \
	}
#define KW_LIST(n, T, f)                                                                           \
	{                                                                                          \
		.name = (n), .type = CONF_KW_LIST, CONF_FIELD(T, f), .flags = CONF_KWF_BLOCK       \
	}
#define KW_FN(n, f, d, fl)                                                                         \
	{                                                                                          \
		.name = (n), .type = CONF_KW_FN, .fn = (f), .dump = (d), .flags = (fl)             \
	}
/* FN with a field offset (handlers and dumpers shared between fields). */
#define KW_FNOFF(n, T, f, p, d, fl)                                                                \
	{                                                                                          \
		.name = (n), .type = CONF_KW_FN, CONF_FIELD(T, f), .fn = (p), .dump = (d),         \
		.flags = (fl)                                                                      \
	}
/* Unsigned, not dumped when 0. */
#define KW_UINT_NZ(n, T, f, lo, hi)                                                                \
	{                                                                                          \
		.name = (n), .type = CONF_KW_UINT, CONF_FIELD(T, f), .min = (lo), .max = (hi),     \
		.flags = CONF_KWF_NONZERO                                                          \
	}
#define KW_ALIAS(n, target, why)                                                                   \
	{                                                                                          \
		.name = (n), .note = (why), .flags = CONF_KWF_ALIAS, .alias = (target)             \
	}
#define KW_LEGACY(n, why)                                                                          \
	{                                                                                          \
		.name = (n), .type = CONF_KW_LEGACY, .note = (why), .flags = CONF_KWF_ANYBLK       \
	}
#define KW_UNSUP(n, why)                                                                           \
	{                                                                                          \
		.name = (n), .type = CONF_KW_UNSUPPORTED, .note = (why), .flags = CONF_KWF_ANYBLK  \
	}
#define KW_END                                                                                     \
	{                                                                                          \
		.name = NULL                                                                       \
	}

/*
 * A block's keyword table. An alias entry (KW_ALIAS) names the entry it
 * stands for; the walker applies that entry and notes the alias.
 */
struct conf_block {
	const char *name; /* "global_defs", "vrrp_instance" ... for messages */
	const struct conf_kw *kw;
	size_t raw_off; /* offset of a struct conf_rawlist in the object, or (size_t)-1 */
	const struct conf_block *more; /* more keywords of the same block (long tables) */
};
/* The entry for name in blk or the blocks chained to it, or NULL. */
const struct conf_kw *conf_kw_lookup(const struct conf_block *blk, const char *name);
#define CONF_NO_RAW ((size_t)-1)

/* Applies every statement of block n to obj through blk; reports unknown keywords. */
void conf_kw_walk(struct conf_parse_ctx *ctx, const struct conf_node *n,
		  const struct conf_block *blk, void *obj);
/* Dumps obj's generic fields and FN entries in table order, then its unsupported statements. */
void conf_kw_dump(struct conf_dump *d, const struct conf_block *blk, const void *obj);
/* Every table, for "did you mean" and "belongs in" hints. */
extern const struct conf_block *const conf_all_blocks[];

/* ---- value parsers: report errors themselves, return 0 or -1 ---- */
int conf_parse_bool(const char *s, bool *out);
int conf_get_ll(struct conf_parse_ctx *ctx, const struct conf_node *n, const char *what,
		const char *s, long long min, long long max, long long *out);
int conf_get_timer(struct conf_parse_ctx *ctx, const struct conf_node *n, const char *what,
		   const char *s, uint64_t min, uint64_t max, uint64_t *out);
int conf_parse_addr(const char *s, struct conf_addr *out);
int conf_parse_prefix(const char *s, struct conf_prefix *out, bool *has_len);
int conf_get_port(struct conf_parse_ctx *ctx, const struct conf_node *n, const char *s,
		  uint16_t *out);
int conf_get_addr(struct conf_parse_ctx *ctx, const struct conf_node *n, const char *what,
		  const char *s, struct conf_addr *out);
/* argc check: needs at least min words after the keyword; warns about words past max. */
int conf_want_args(struct conf_parse_ctx *ctx, const struct conf_node *n, size_t min, size_t max);
struct conf_script *conf_make_script(struct conf_parse_ctx *ctx, const struct conf_node *n,
				     const char *cmd, const char *user, const char *group);
/* KW_SCRIPT parsing for custom handlers (argv[1] CMD, argv[2] user, argv[3] group). */
struct conf_script *conf_get_script(struct conf_parse_ctx *ctx, const struct conf_node *n);
/* Words of a { } block; ifnames: each must be a valid interface name. */
void conf_get_list(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_strlist *l,
		   bool ifnames);
void conf_strlist_add(struct conf *conf, struct conf_strlist *l, const char *s);
bool conf_strlist_has(const struct conf_strlist *l, const char *s);
void conf_raw_keep(struct conf_parse_ctx *ctx, struct conf_rawlist *l, const struct conf_node *n);
size_t conf_edit_distance(const char *a, const char *b);
bool conf_ifname_ok(struct conf_parse_ctx *ctx, const struct conf_node *n, const char *name);

/* ---- per-area parsers (top-level keyword handlers) ---- */
extern const struct conf_block conf_global_block;
extern const struct conf_block conf_global_proc_block; /* chained to conf_global_block */
extern const struct conf_block conf_vrrp_block;
extern const struct conf_block conf_sync_group_block;
extern const struct conf_block conf_vrrp_script_block;
extern const struct conf_block conf_track_file_block;
extern const struct conf_block conf_garp_group_block;
extern const struct conf_block conf_vs_block;
extern const struct conf_block conf_rs_block;
extern const struct conf_block conf_ssl_block;
extern const struct conf_block conf_url_block;
extern const struct conf_block *const conf_checker_blocks[];
extern const char *const conf_checker_names[];

void conf_parse_global(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		       const struct conf_kw *kw);
void conf_parse_linkbeat(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
			 const struct conf_kw *kw);
void conf_parse_updown(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		       const struct conf_kw *kw);
void conf_parse_track_group(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
			    const struct conf_kw *kw);
void conf_parse_vrrp(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		     const struct conf_kw *kw);
void conf_parse_vrrp_script(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
			    const struct conf_kw *kw);
void conf_parse_track_file(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
			   const struct conf_kw *kw);
void conf_parse_sync_group(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
			   const struct conf_kw *kw);
void conf_parse_garp_group(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
			   const struct conf_kw *kw);
void conf_parse_vsg(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		    const struct conf_kw *kw);
void conf_parse_vs(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		   const struct conf_kw *kw);
void conf_parse_ssl(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		    const struct conf_kw *kw);
void conf_parse_checker(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
			const struct conf_kw *kw);

/* conf_vip.c: one address / route / rule line; return 0 if the line was kept. */
void conf_global_init(struct conf_global *g);
int conf_parse_ipaddr(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_ipaddr *ip,
		      bool is_static);
int conf_parse_route(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_route *r,
		     bool is_static);
int conf_parse_rule(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_rule *r,
		    bool is_static);
void conf_parse_iplist(struct conf_parse_ctx *ctx, const struct conf_node *n, struct conf_iplist *l,
		       bool is_static);
/* FN handlers / dumpers for list blocks; .off names the list, .min/.max the weight range. */
void conf_kw_iplist(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		    const struct conf_kw *kw);
void conf_kw_notify_deleted(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
			    const struct conf_kw *kw);
void conf_dump_notify_deleted(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_kw_routes(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		    const struct conf_kw *kw);
void conf_kw_rules(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		   const struct conf_kw *kw);
void conf_kw_tracklist(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		       const struct conf_kw *kw);
void conf_dumpfn_iplist(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dumpfn_routes(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dumpfn_rules(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dumpfn_tracklist(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_kw_garp_extra_if(struct conf_parse_ctx *ctx, const struct conf_node *n, unsigned *secs,
			   bool *all);
void conf_parse_tracklist(struct conf_parse_ctx *ctx, const struct conf_node *n,
			  struct conf_tracklist *l, int lo, int hi, bool allow_noreverse);

/* ---- validation (conf_validate.c, conf_system.c) ---- */
void conf_validate(struct conf_parse_ctx *ctx);
void conf_validate_vrrp(struct conf_parse_ctx *ctx);
void conf_validate_lvs(struct conf_parse_ctx *ctx);
void conf_check_system(struct conf_parse_ctx *ctx);

/* ---- dump ---- */
struct conf_dump {
	FILE *out;
	int depth;
	bool fresh; /* at the start of a statement: the next word needs no separator */
	const struct conf *conf;
	bool hide_secrets; /* secrets printed as <hidden> (dumps to the log) */
};
void conf_dump_line(struct conf_dump *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void conf_dump_open(struct conf_dump *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void conf_dump_close(struct conf_dump *d);
/* "keyword NAME {" with NAME quoted when needed. */
void conf_dump_open_named(struct conf_dump *d, const char *keyword, const char *name);
/* A statement built piece by piece: start (indent + keyword), words, end (newline). */
void conf_dump_start(struct conf_dump *d, const char *keyword);
void conf_dump_word(struct conf_dump *d, const char *word); /* quoted when needed */
void conf_dump_text(struct conf_dump *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void conf_dump_end(struct conf_dump *d);
/* keyword SECRET  # secret, or keyword <hidden> when d->hide_secrets. */
void conf_dump_secret(struct conf_dump *d, const char *keyword, const char *secret);
void conf_dump_script(struct conf_dump *d, const char *keyword, const struct conf_script *s);
/* .dump functions for FN entries whose .off names a field of that type. */
void conf_dumpfn_addr(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dumpfn_timer(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dumpfn_uint(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dumpfn_str(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
/* Formatting into a caller buffer (at least 64 bytes); each returns buf. */
const char *conf_fmt_addr(char *buf, size_t len, const struct conf_addr *a);
const char *conf_fmt_prefix(char *buf, size_t len, const struct conf_prefix *p);
const char *conf_fmt_timer(char *buf, size_t len, uint64_t us);
void conf_dump_raw(struct conf_dump *d, const struct conf_rawlist *l);
void conf_dump_ipaddr(struct conf_dump *d, const struct conf_ipaddr *ip);
void conf_dump_route(struct conf_dump *d, const struct conf_route *r);
void conf_dump_rule(struct conf_dump *d, const struct conf_rule *r);
void conf_dump_iplist(struct conf_dump *d, const char *name, const struct conf_iplist *l);
void conf_dump_tracklist(struct conf_dump *d, const char *name, const struct conf_tracklist *l);
/* Section dumps for the top-level table (obj is the struct conf). */
void conf_dump_global(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dump_linkbeat(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dump_updown(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dump_track_groups(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dump_track_files(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dump_scripts(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dump_garp_groups(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dump_sync_groups(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dump_instances(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dump_ssl(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dump_vsgs(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dump_vss(struct conf_dump *d, const void *obj, const struct conf_kw *kw);
void conf_dump_checker(struct conf_dump *d, const struct conf_checker *c);

#define CONF_BUF 1024

#endif
