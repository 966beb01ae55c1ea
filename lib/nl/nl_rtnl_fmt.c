/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nl_rtnl_fmt: pure helpers shared by the rtnetlink backends: spec checks, the
 * address identity rule, broadcast computation, iproute2 route type names, the
 * one-line text form the fake records, and nl_rtnl_close(). No I/O, no libnl,
 * no logging, so code tested against the fake links without libnl.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "nl/nl_rtnl.h"

void
nl_rtnl_close(struct nl_rtnl *rt)
{
	if (rt->ops)
		rt->ops->free(rt->ctx);
	rt->ops = NULL;
	rt->ctx = NULL;
}

static unsigned
family_bits(int family)
{
	return family == AF_INET ? 32 : 128;
}

static size_t
family_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

int
nl_addr_spec_check(const struct nl_addr_spec *a)
{
	if (a->family != AF_INET && a->family != AF_INET6)
		return -EAFNOSUPPORT;
	if (a->prefixlen > family_bits(a->family))
		return -EINVAL;
	if (!memchr(a->label, '\0', sizeof(a->label)))
		return -EINVAL;
	if (a->scope < 0 || a->scope > 255)
		return -EINVAL;
	return 0;
}

int
nl_route_spec_check(const struct nl_route_spec *r)
{
	if (r->family != AF_INET && r->family != AF_INET6)
		return -EAFNOSUPPORT;
	if (r->dst_len > family_bits(r->family))
		return -EINVAL;
	if (r->type > RTN_MAX || r->scope > 255 || r->protocol > 255)
		return -EINVAL;
	return 0;
}

void
nl_addr_spec_brd_auto(struct nl_addr_spec *a, bool host_bits_set)
{
	uint32_t addr, mask;

	if (a->family != AF_INET || a->prefixlen > 32)
		return;
	memcpy(&addr, a->addr, 4);
	addr = ntohl(addr);
	mask = a->prefixlen ? ~0u << (32 - a->prefixlen) : 0;
	addr = host_bits_set ? (addr | ~mask) : (addr & mask);
	addr = htonl(addr);
	memcpy(a->brd, &addr, 4);
	a->has_brd = true;
}

bool
nl_addr_spec_match(const struct nl_addr_spec *want, const struct nl_addr_spec *have)
{
	if (want->family != have->family)
		return false;
	if (want->ifindex && want->ifindex != have->ifindex)
		return false;
	if (memcmp(want->addr, have->addr, family_len(want->family)))
		return false;
	if (want->family == AF_INET6)
		return true;
	/* IPv4: the kernel keeps 10.0.0.1/24 and 10.0.0.1/32 apart, and peers */
	if (want->prefixlen != have->prefixlen || want->has_peer != have->has_peer)
		return false;
	return !want->has_peer || !memcmp(want->peer, have->peer, 4);
}

/* --- text form --- */

struct fmt_buf {
	char *p;
	size_t len, used;
};

static void __attribute__((format(printf, 2, 3))) fmt_add(struct fmt_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->used >= b->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->used, b->len - b->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->used += (size_t)n;
}

static const char *
ntop(int family, const uint8_t *addr, char *buf, size_t len)
{
	if (!inet_ntop(family, addr, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

static const char *
scope_name(unsigned scope)
{
	switch (scope) {
	case RT_SCOPE_UNIVERSE:
		return "global";
	case RT_SCOPE_SITE:
		return "site";
	case RT_SCOPE_LINK:
		return "link";
	case RT_SCOPE_HOST:
		return "host";
	case RT_SCOPE_NOWHERE:
		return "nowhere";
	default:
		return NULL;
	}
}

static void
fmt_scope(struct fmt_buf *b, unsigned scope)
{
	const char *name = scope_name(scope);

	if (name)
		fmt_add(b, " scope %s", name);
	else
		fmt_add(b, " scope %u", scope);
}

static void
fmt_dev(struct fmt_buf *b, int ifindex, const char *devname)
{
	if (devname)
		fmt_add(b, " dev %s", devname);
	else if (ifindex)
		fmt_add(b, " dev %d", ifindex);
}

char *
nl_addr_spec_format(const struct nl_addr_spec *a, const char *devname, char *buf, size_t len)
{
	struct fmt_buf b = {buf, len, 0};
	char s[INET6_ADDRSTRLEN];
	int fam = a->family; /* an unknown family prints as "?" */

	buf[0] = '\0';
	fmt_add(&b, "%s", ntop(fam, a->addr, s, sizeof(s)));
	if (a->has_peer)
		fmt_add(&b, " peer %s", ntop(fam, a->peer, s, sizeof(s)));
	fmt_add(&b, "/%u", a->prefixlen);
	fmt_dev(&b, a->ifindex, devname);
	if (a->has_brd && fam == AF_INET)
		fmt_add(&b, " brd %s", ntop(AF_INET, a->brd, s, sizeof(s)));
	if (a->scope)
		fmt_scope(&b, (unsigned)a->scope);
	if (a->label[0] && fam == AF_INET)
		fmt_add(&b, " label %.*s", (int)sizeof(a->label), a->label);
	if (a->nodad)
		fmt_add(&b, " nodad");
	if (a->noprefixroute)
		fmt_add(&b, " noprefixroute");
	if (a->home)
		fmt_add(&b, " home");
	if (a->mngtmpaddr)
		fmt_add(&b, " mngtmpaddr");
	if (a->autojoin)
		fmt_add(&b, " autojoin");
	if (a->has_preferred_lft && a->preferred_lft == NL_RTNL_LFT_FOREVER)
		fmt_add(&b, " preferred_lft forever");
	else if (a->has_preferred_lft)
		fmt_add(&b, " preferred_lft %u", a->preferred_lft);
	return buf;
}

static const char *
proto_name(unsigned proto)
{
	switch (proto) {
	case RTPROT_KERNEL:
		return "kernel";
	case RTPROT_BOOT:
		return "boot";
	case RTPROT_STATIC:
		return "static";
	case NL_RTNL_PROTO_KEEPALIVED:
		return "keepalived";
	default:
		return NULL;
	}
}

char *
nl_route_spec_format(const struct nl_route_spec *r, const char *devname, char *buf, size_t len)
{
	struct fmt_buf b = {buf, len, 0};
	char s[INET6_ADDRSTRLEN];
	int fam = r->family;
	const char *name;

	buf[0] = '\0';
	if (r->type && r->type != RTN_UNICAST) {
		name = nl_route_type_name(r->type);
		if (name)
			fmt_add(&b, "%s ", name);
		else
			fmt_add(&b, "type %u ", r->type);
	}
	if (r->dst_len == 0)
		fmt_add(&b, "default");
	else
		fmt_add(&b, "%s/%u", ntop(fam, r->dst, s, sizeof(s)), r->dst_len);
	if (r->has_gateway)
		fmt_add(&b, " via %s", ntop(fam, r->gateway, s, sizeof(s)));
	fmt_dev(&b, r->ifindex, devname);
	if (r->has_src)
		fmt_add(&b, " src %s", ntop(fam, r->src, s, sizeof(s)));
	if (r->table && r->table != RT_TABLE_MAIN)
		fmt_add(&b, " table %u", r->table);
	if (r->has_metric)
		fmt_add(&b, " metric %u", r->metric);
	if (r->has_scope)
		fmt_scope(&b, r->scope);
	name = proto_name(r->protocol);
	if (name)
		fmt_add(&b, " proto %s", name);
	else if (r->protocol)
		fmt_add(&b, " proto %u", r->protocol);
	if (r->onlink)
		fmt_add(&b, " onlink");
	return buf;
}

static const char *const route_types[RTN_MAX + 1] = {
	[RTN_UNICAST] = "unicast",
	[RTN_LOCAL] = "local",
	[RTN_BROADCAST] = "broadcast",
	[RTN_ANYCAST] = "anycast",
	[RTN_MULTICAST] = "multicast",
	[RTN_BLACKHOLE] = "blackhole",
	[RTN_UNREACHABLE] = "unreachable",
	[RTN_PROHIBIT] = "prohibit",
	[RTN_THROW] = "throw",
	[RTN_NAT] = "nat",
	[RTN_XRESOLVE] = "xresolve",
};

int
nl_route_type_from_name(const char *name)
{
	for (unsigned i = 0; i <= RTN_MAX; i++)
		if (route_types[i] && !strcmp(route_types[i], name))
			return (int)i;
	return -EINVAL;
}

const char *
nl_route_type_name(unsigned type)
{
	return type <= RTN_MAX ? route_types[type] : NULL;
}
