/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nl_rtnl_fake: an in-memory rtnetlink backend for tests. It keeps links,
 * addresses and routes, answers like the kernel (-ENODEV, -EEXIST,
 * -EADDRNOTAVAIL, -ESRCH) and records each add/delete as one transcript line
 * so tests compare text. Simplifications: no secondary promotion or cascade
 * on deleting a primary, no prefix routes, labels are not checked, a route is
 * identified by family, destination, table and metric (plus gateway and
 * device on delete, when given). No libnl, no I/O, no logging.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "nl/nl_rtnl.h"
#include "util/xalloc.h"

struct rtnl_fake {
	struct nl_link_info *links;
	size_t nlinks, links_cap;
	struct nl_addr_spec *addrs;
	size_t naddrs, addrs_cap;
	struct nl_route_spec *routes;
	size_t nroutes, routes_cap;
	char *log; /* the transcript, NUL-terminated */
	size_t log_len, log_cap;
	char fail_prefix[128]; /* armed when fail_err != 0 */
	int fail_err;
	char fail_msg[256];
	char msg[256]; /* last_msg */
};

static const struct nl_rtnl_ops fake_ops;

static struct rtnl_fake *
fake_of(const struct nl_rtnl *rt)
{
	if (rt->ops != &fake_ops)
		abort(); /* a test passed the real backend to a fake-only call */
	return rt->ctx;
}

static const struct nl_link_info *
find_link(const struct rtnl_fake *f, int ifindex)
{
	for (size_t i = 0; i < f->nlinks; i++)
		if (f->links[i].ifindex == ifindex)
			return &f->links[i];
	return NULL;
}

static const char *
link_name(const struct rtnl_fake *f, int ifindex)
{
	const struct nl_link_info *l = find_link(f, ifindex);

	return l ? l->name : NULL;
}

/* --- transcript --- */

static const char *
errno_name(int err)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{EEXIST, "EEXIST"},
		{ENODEV, "ENODEV"},
		{EADDRNOTAVAIL, "EADDRNOTAVAIL"},
		{ESRCH, "ESRCH"},
		{EINVAL, "EINVAL"},
		{EAFNOSUPPORT, "EAFNOSUPPORT"},
		{EPERM, "EPERM"},
		{EACCES, "EACCES"},
		{ENOMEM, "ENOMEM"},
		{EBUSY, "EBUSY"},
		{ENOENT, "ENOENT"},
		{ENETUNREACH, "ENETUNREACH"},
		{EHOSTUNREACH, "EHOSTUNREACH"},
		{EOPNOTSUPP, "EOPNOTSUPP"},
		{ENOBUFS, "ENOBUFS"},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == -err)
			return names[i].name;
	return NULL;
}

static void
log_append(struct rtnl_fake *f, const char *s)
{
	size_t n = strlen(s);

	xgrow((void **)&f->log, &f->log_cap, f->log_len + n + 1, 1);
	memcpy(f->log + f->log_len, s, n + 1);
	f->log_len += n;
}

/* Records line with its outcome. */
static void
record(struct rtnl_fake *f, const char *line, int rc)
{
	char tail[32];
	const char *name = errno_name(rc);

	log_append(f, line);
	if (rc < 0 && name)
		snprintf(tail, sizeof(tail), " -> %s\n", name);
	else if (rc < 0)
		snprintf(tail, sizeof(tail), " -> %d\n", rc);
	else
		snprintf(tail, sizeof(tail), "\n");
	log_append(f, tail);
}

/*
 * Starts a change: clears last_msg and returns the injected error if line
 * matches the armed prefix (disarming it), else 0.
 */
static int
injected(struct rtnl_fake *f, const char *line)
{
	int rc;

	f->msg[0] = '\0';
	if (!f->fail_err || strncmp(line, f->fail_prefix, strlen(f->fail_prefix)))
		return 0;
	rc = f->fail_err;
	f->fail_err = 0;
	snprintf(f->msg, sizeof(f->msg), "%s", f->fail_msg);
	return rc;
}

/* --- addresses --- */

static ssize_t
find_addr(const struct rtnl_fake *f, const struct nl_addr_spec *want)
{
	for (size_t i = 0; i < f->naddrs; i++)
		if (nl_addr_spec_match(want, &f->addrs[i]))
			return (ssize_t)i;
	return -1;
}

static int
addr_insert(struct rtnl_fake *f, const struct nl_addr_spec *a)
{
	int rc = nl_addr_spec_check(a);

	if (rc < 0)
		return rc;
	if (!find_link(f, a->ifindex))
		return -ENODEV;
	if (find_addr(f, a) >= 0)
		return -EEXIST;
	xgrow((void **)&f->addrs, &f->addrs_cap, f->naddrs + 1, sizeof(*f->addrs));
	f->addrs[f->naddrs++] = *a;
	return 0;
}

static int
addr_remove(struct rtnl_fake *f, const struct nl_addr_spec *a)
{
	int rc = nl_addr_spec_check(a);
	ssize_t i;

	if (rc < 0)
		return rc;
	if (!find_link(f, a->ifindex))
		return -ENODEV;
	/* unlike add, an IPv6 delete needs the prefix length to match too */
	if ((i = find_addr(f, a)) < 0 || f->addrs[i].prefixlen != a->prefixlen)
		return -EADDRNOTAVAIL;
	memmove(&f->addrs[i], &f->addrs[i + 1], (f->naddrs - (size_t)i - 1) * sizeof(*f->addrs));
	f->naddrs--;
	return 0;
}

static int
addr_change(struct rtnl_fake *f, bool add, const struct nl_addr_spec *a)
{
	char line[512], spec[400];
	int rc;

	nl_addr_spec_format(a, link_name(f, a->ifindex), spec, sizeof(spec));
	snprintf(line, sizeof(line), "addr %s %s", add ? "add" : "del", spec);
	rc = injected(f, line);
	if (!rc)
		rc = add ? addr_insert(f, a) : addr_remove(f, a);
	record(f, line, rc);
	return rc;
}

static int
fake_addr_add(void *ctx, const struct nl_addr_spec *a)
{
	return addr_change(ctx, true, a);
}

static int
fake_addr_del(void *ctx, const struct nl_addr_spec *a)
{
	return addr_change(ctx, false, a);
}

static int
fake_addr_exists(void *ctx, const struct nl_addr_spec *a)
{
	int rc = nl_addr_spec_check(a);

	return rc < 0 ? rc : find_addr(ctx, a) >= 0;
}

static bool
is_link_local6(const uint8_t *a)
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

static int
fake_addr_primary(void *ctx, int ifindex, int family, uint8_t out[16])
{
	const struct rtnl_fake *f = ctx;

	if (family != AF_INET && family != AF_INET6)
		return -EAFNOSUPPORT;
	if (!find_link(f, ifindex))
		return -ENODEV;
	for (size_t i = 0; i < f->naddrs; i++) {
		const struct nl_addr_spec *a = &f->addrs[i];

		if (a->ifindex != ifindex || a->family != family)
			continue;
		if (family == AF_INET6 && !is_link_local6(a->addr))
			continue;
		memcpy(out, a->addr, family == AF_INET ? 4 : 16);
		return 0;
	}
	return -EADDRNOTAVAIL;
}

/* --- routes --- */

static bool
route_same(const struct nl_route_spec *want, const struct nl_route_spec *have, bool del)
{
	size_t alen = want->family == AF_INET ? 4 : 16;
	uint32_t wt = want->table ? want->table : RT_TABLE_MAIN;
	uint32_t ht = have->table ? have->table : RT_TABLE_MAIN;

	if (want->family != have->family || want->dst_len != have->dst_len || wt != ht ||
	    memcmp(want->dst, have->dst, alen))
		return false;
	if ((!del || want->has_metric) &&
	    (want->has_metric ? want->metric : 0) != (have->has_metric ? have->metric : 0))
		return false;
	if (!del)
		return true;
	if (want->has_gateway && (!have->has_gateway || memcmp(want->gateway, have->gateway, alen)))
		return false;
	return !want->ifindex || want->ifindex == have->ifindex;
}

static ssize_t
find_route(const struct rtnl_fake *f, const struct nl_route_spec *r, bool del)
{
	for (size_t i = 0; i < f->nroutes; i++)
		if (route_same(r, &f->routes[i], del))
			return (ssize_t)i;
	return -1;
}

static int
route_apply(struct rtnl_fake *f, bool add, const struct nl_route_spec *r)
{
	int rc = nl_route_spec_check(r);
	ssize_t i;

	if (rc < 0)
		return rc;
	if (r->ifindex && !find_link(f, r->ifindex))
		return -ENODEV;
	i = find_route(f, r, !add);
	if (add && i >= 0)
		return -EEXIST;
	if (!add && i < 0)
		return -ESRCH;
	if (add) {
		xgrow((void **)&f->routes, &f->routes_cap, f->nroutes + 1, sizeof(*f->routes));
		f->routes[f->nroutes++] = *r;
	} else {
		memmove(&f->routes[i], &f->routes[i + 1],
			(f->nroutes - (size_t)i - 1) * sizeof(*f->routes));
		f->nroutes--;
	}
	return 0;
}

static int
route_change(struct rtnl_fake *f, bool add, const struct nl_route_spec *r)
{
	char line[512], spec[400];
	int rc;

	nl_route_spec_format(r, link_name(f, r->ifindex), spec, sizeof(spec));
	snprintf(line, sizeof(line), "route %s %s", add ? "add" : "del", spec);
	rc = injected(f, line);
	if (!rc)
		rc = route_apply(f, add, r);
	record(f, line, rc);
	return rc;
}

static int
fake_route_add(void *ctx, const struct nl_route_spec *r)
{
	return route_change(ctx, true, r);
}

static int
fake_route_del(void *ctx, const struct nl_route_spec *r)
{
	return route_change(ctx, false, r);
}

/* --- links --- */

static int
fake_link_by_name(void *ctx, const char *name, struct nl_link_info *out)
{
	const struct rtnl_fake *f = ctx;

	for (size_t i = 0; i < f->nlinks; i++) {
		if (!strcmp(f->links[i].name, name)) {
			*out = f->links[i];
			return 0;
		}
	}
	return -ENODEV;
}

static int
fake_link_by_index(void *ctx, int ifindex, struct nl_link_info *out)
{
	const struct nl_link_info *l = find_link(ctx, ifindex);

	if (!l)
		return -ENODEV;
	*out = *l;
	return 0;
}

static const char *
fake_last_msg(void *ctx)
{
	const struct rtnl_fake *f = ctx;

	return f->msg;
}

static void
fake_free(void *ctx)
{
	struct rtnl_fake *f = ctx;

	free(f->links);
	free(f->addrs);
	free(f->routes);
	free(f->log);
	free(f);
}

static const struct nl_rtnl_ops fake_ops = {
	.addr_add = fake_addr_add,
	.addr_del = fake_addr_del,
	.addr_exists = fake_addr_exists,
	.route_add = fake_route_add,
	.route_del = fake_route_del,
	.link_by_name = fake_link_by_name,
	.link_by_index = fake_link_by_index,
	.addr_primary = fake_addr_primary,
	.last_msg = fake_last_msg,
	.free = fake_free,
};

/* --- test-facing API --- */

void
nl_rtnl_fake_init(struct nl_rtnl *out)
{
	struct rtnl_fake *f = x_new(struct rtnl_fake);

	f->log = xstrdup("");
	f->log_cap = 1;
	out->ops = &fake_ops;
	out->ctx = f;
}

void
nl_rtnl_fake_set_link(struct nl_rtnl *rt, const struct nl_link_info *link)
{
	struct rtnl_fake *f = fake_of(rt);

	for (size_t i = 0; i < f->nlinks; i++) {
		if (f->links[i].ifindex == link->ifindex) {
			f->links[i] = *link;
			return;
		}
	}
	xgrow((void **)&f->links, &f->links_cap, f->nlinks + 1, sizeof(*f->links));
	f->links[f->nlinks++] = *link;
}

int
nl_rtnl_fake_preload_addr(struct nl_rtnl *rt, const struct nl_addr_spec *a)
{
	return addr_insert(fake_of(rt), a);
}

const char *
nl_rtnl_fake_transcript(const struct nl_rtnl *rt)
{
	return fake_of(rt)->log;
}

void
nl_rtnl_fake_clear(struct nl_rtnl *rt)
{
	struct rtnl_fake *f = fake_of(rt);

	f->log_len = 0;
	f->log[0] = '\0';
}

void
nl_rtnl_fake_fail_next(struct nl_rtnl *rt, const char *prefix, int err, const char *msg)
{
	struct rtnl_fake *f = fake_of(rt);

	snprintf(f->fail_prefix, sizeof(f->fail_prefix), "%s", prefix);
	snprintf(f->fail_msg, sizeof(f->fail_msg), "%s", msg ? msg : "");
	f->fail_err = err;
}
