/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nl_rtnl: the rtnetlink adapter. Adds and removes addresses and routes, looks
 * up links and an interface's primary address, and monitors link and address
 * changes. Callers see plain structs and an ops table, so a fake (which records
 * every change as one text line) can replace the kernel in tests.
 *
 * This module never logs and never exits: every call returns 0 (or a count or
 * predicate) or a negative errno exactly as the kernel reported it. It applies
 * no keepalived policy (default prefix lengths, IPv6 NODAD, preferred_lft 0 for
 * VIPs, RTPROT_KEEPALIVED): the caller fills the specs. Only lib/nl/ includes
 * libnl headers; this header does not.
 */
#ifndef VIGIL_NL_RTNL_H
#define VIGIL_NL_RTNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/rtnetlink.h> /* RTN_*, RT_SCOPE_*, RT_TABLE_*, RTPROT_* used in the specs */

#define NL_RTNL_PROTO_KEEPALIVED 18 /* RTPROT_KEEPALIVED, what keepalived tags its routes with */
#define NL_RTNL_LFT_FOREVER	 0xffffffffu /* preferred_lft forever */
#define NL_RTNL_IFNAMSIZ	 16

/*
 * One address, as on an `ip addr add` line. Addresses are in network byte
 * order (the first 4 bytes for IPv4). Zero-initialise, then set what you need.
 * Maps one to one from struct conf_ipaddr, except: conf's `-nodad` means "do
 * DAD", so IPv6 VIPs set nodad = !conf.nodad; brd + and - are computed with
 * nl_addr_spec_brd_auto(); conf preferred_lft -2 is NL_RTNL_LFT_FOREVER.
 */
struct nl_addr_spec {
	int family; /* AF_INET or AF_INET6 */
	uint8_t addr[16];
	unsigned prefixlen; /* with a peer, the peer's prefix length (kernel semantics) */
	int ifindex;
	uint8_t brd[4]; /* IPv4 only */
	bool has_brd;
	int scope;		      /* RT_SCOPE_*: 0 global, 253 link, 254 host, 200 site */
	char label[NL_RTNL_IFNAMSIZ]; /* IPv4 only; "" for none */
	uint8_t peer[16];
	bool has_peer;
	bool nodad;		/* IFA_F_NODAD (IPv6): usable at once, never "dadfailed" */
	bool noprefixroute;	/* IFA_F_NOPREFIXROUTE */
	bool home;		/* IFA_F_HOMEADDRESS (IPv6) */
	bool mngtmpaddr;	/* IFA_F_MANAGETEMPADDR (IPv6, /64 only) */
	bool autojoin;		/* IFA_F_MCAUTOJOIN (multicast addresses) */
	uint32_t preferred_lft; /* seconds or NL_RTNL_LFT_FOREVER; valid_lft is always forever */
	bool has_preferred_lft;
};

/*
 * One route, as on an `ip route add` line: what keepalived's virtual_routes and
 * static_routes commonly use. Zero means "default" for table (main), type
 * (unicast) and protocol (RTPROT_UNSPEC on add, any on delete).
 * Not yet: multipath nexthops, tos, realms, metrics (mtu, advmss, ...), pref,
 * encap, "from" (source prefix), nexthop weights.
 */
struct nl_route_spec {
	int family; /* AF_INET or AF_INET6 */
	uint8_t dst[16];
	unsigned dst_len; /* 0: default route */
	uint8_t gateway[16];
	bool has_gateway;
	int ifindex;	 /* 0: none (e.g. blackhole) */
	uint8_t src[16]; /* preferred source (RTA_PREFSRC) */
	bool has_src;
	uint32_t table; /* 0: RT_TABLE_MAIN */
	uint32_t metric;
	bool has_metric;
	unsigned scope; /* RT_SCOPE_* if has_scope; otherwise chosen as iproute2 does */
	bool has_scope;
	unsigned protocol; /* RTPROT_*; vigil's own routes use NL_RTNL_PROTO_KEEPALIVED */
	unsigned type;	   /* RTN_*: 0 or RTN_UNICAST, RTN_BLACKHOLE, RTN_UNREACHABLE, ... */
	bool onlink;	   /* RTNH_F_ONLINK: gateway reachable without a covering route */
};

struct nl_link_info {
	int ifindex;
	char name[NL_RTNL_IFNAMSIZ];
	uint8_t mac[6]; /* zero for links without an Ethernet address */
	bool up;	/* IFF_UP: administratively up */
	bool running;	/* IFF_RUNNING: operationally up (carrier) */
	unsigned mtu;
};

/*
 * The backend interface. Every call returns 0 or -errno unless noted; ctx is
 * the backend's. Errors callers should expect: -ENODEV (no such interface),
 * -EEXIST (add of an existing address or route: requests carry NLM_F_EXCL and
 * the adapter does not hide it, so the caller decides whether "already there"
 * is success), -EADDRNOTAVAIL (delete of a missing address), -ESRCH (delete of
 * a missing route), -EINVAL, -EAFNOSUPPORT (bad family in a spec).
 */
struct nl_rtnl_ops {
	int (*addr_add)(void *ctx, const struct nl_addr_spec *a);
	/*
	 * Sends only what identifies the address (family, addr, prefixlen,
	 * peer, ifindex): a differing label or lifetime never makes it miss.
	 * The prefix length must match, for IPv6 too. Kernel rule: deleting an
	 * IPv4 primary also deletes its secondaries unless the interface has
	 * promote_secondaries set.
	 */
	int (*addr_del)(void *ctx, const struct nl_addr_spec *a);
	/*
	 * 1 if present, 0 if not (also when the interface does not exist), or
	 * -errno. Matches family, address and ifindex (0: any interface); IPv4
	 * also the prefix length and peer, as the kernel does.
	 */
	int (*addr_exists)(void *ctx, const struct nl_addr_spec *a);
	int (*route_add)(void *ctx, const struct nl_route_spec *r);
	int (*route_del)(void *ctx, const struct nl_route_spec *r);
	int (*link_by_name)(void *ctx, const char *name, struct nl_link_info *out);
	int (*link_by_index)(void *ctx, int ifindex, struct nl_link_info *out);
	/*
	 * The address VRRP sends from: IPv4, the interface's first primary
	 * (non-secondary) address; IPv6, its first link-local address that is
	 * not tentative. -EADDRNOTAVAIL if there is none, -ENODEV if there is
	 * no such interface; out gets 4 or 16 bytes.
	 */
	int (*addr_primary)(void *ctx, int ifindex, int family, uint8_t out[16]);
	/* The kernel's extended-ack text for the last failed call, or "". Borrowed. */
	const char *(*last_msg)(void *ctx);
	void (*free)(void *ctx);
};

struct nl_rtnl {
	const struct nl_rtnl_ops *ops;
	void *ctx;
};

/*
 * Opens the real backend: one NETLINK_ROUTE socket (libnl-route-3), blocking,
 * one request at a time. Returns 0, or -errno with a message in err (if err is
 * not NULL). Close with nl_rtnl_close().
 */
int nl_rtnl_open(struct nl_rtnl *out, char *err, size_t errlen);
/* Frees either backend; safe on a zeroed or already closed struct. */
void nl_rtnl_close(struct nl_rtnl *rt);

/* Call wrappers, so callers write nl_rtnl_addr_add(rt, &a). */
static inline int
nl_rtnl_addr_add(struct nl_rtnl *rt, const struct nl_addr_spec *a)
{
	return rt->ops->addr_add(rt->ctx, a);
}

static inline int
nl_rtnl_addr_del(struct nl_rtnl *rt, const struct nl_addr_spec *a)
{
	return rt->ops->addr_del(rt->ctx, a);
}

static inline int
nl_rtnl_addr_exists(struct nl_rtnl *rt, const struct nl_addr_spec *a)
{
	return rt->ops->addr_exists(rt->ctx, a);
}

static inline int
nl_rtnl_route_add(struct nl_rtnl *rt, const struct nl_route_spec *r)
{
	return rt->ops->route_add(rt->ctx, r);
}

static inline int
nl_rtnl_route_del(struct nl_rtnl *rt, const struct nl_route_spec *r)
{
	return rt->ops->route_del(rt->ctx, r);
}

static inline int
nl_rtnl_link_by_name(struct nl_rtnl *rt, const char *name, struct nl_link_info *out)
{
	return rt->ops->link_by_name(rt->ctx, name, out);
}

static inline int
nl_rtnl_link_by_index(struct nl_rtnl *rt, int ifindex, struct nl_link_info *out)
{
	return rt->ops->link_by_index(rt->ctx, ifindex, out);
}

static inline int
nl_rtnl_addr_primary(struct nl_rtnl *rt, int ifindex, int family, uint8_t out[16])
{
	return rt->ops->addr_primary(rt->ctx, ifindex, family, out);
}

static inline const char *
nl_rtnl_last_msg(struct nl_rtnl *rt)
{
	return rt->ops->last_msg(rt->ctx);
}

/* --- pure helpers (nl_rtnl_fmt.c) --- */

/* 0, or -EAFNOSUPPORT / -EINVAL if the spec cannot be sent (family, lengths). */
int nl_addr_spec_check(const struct nl_addr_spec *a);
int nl_route_spec_check(const struct nl_route_spec *r);
/* Sets brd from addr/prefixlen: host bits set (brd +) or cleared (brd -). IPv4 only. */
void nl_addr_spec_brd_auto(struct nl_addr_spec *a, bool host_bits_set);
/* True if have is the address want names (the addr_exists rule). */
bool nl_addr_spec_match(const struct nl_addr_spec *want, const struct nl_addr_spec *have);
/*
 * Formats a spec the way the fake's transcript shows it, e.g.
 * "10.0.0.1/24 dev 3 brd 10.0.0.255 label eth0:1 nodad"; devname, if not NULL,
 * replaces the ifindex. Returns buf.
 */
char *nl_addr_spec_format(const struct nl_addr_spec *a, const char *devname, char *buf, size_t len);
/* e.g. "blackhole 10.2.0.0/16 table 100" or "10.1.0.0/24 via 10.0.0.254 dev eth0 proto keepalived" */
char *nl_route_spec_format(const struct nl_route_spec *r, const char *devname, char *buf,
			   size_t len);
/* RTN_* from an iproute2 type name ("unicast", "blackhole", ...), or -EINVAL. */
int nl_route_type_from_name(const char *name);
/* iproute2 name of an RTN_* type, or NULL if unknown. */
const char *nl_route_type_name(unsigned type);

/* --- the fake backend (nl_rtnl_fake.c) --- */

/*
 * A kernel in memory: links and addresses can be preloaded; adds and deletes
 * behave like the kernel's (-ENODEV, -EEXIST, -EADDRNOTAVAIL, -ESRCH) and each
 * is recorded as one transcript line ("addr add ...", "addr del ...",
 * "route add ...", "route del ..."), with " -> EEXIST" appended when it failed.
 * Queries are not recorded. Close with nl_rtnl_close().
 */
void nl_rtnl_fake_init(struct nl_rtnl *out);
/* Adds or (same ifindex) replaces a link. */
void nl_rtnl_fake_set_link(struct nl_rtnl *rt, const struct nl_link_info *link);
/* Preloads an address without recording it; -ENODEV / -EEXIST as for addr_add. */
int nl_rtnl_fake_preload_addr(struct nl_rtnl *rt, const struct nl_addr_spec *a);
/* The transcript so far, one '\n'-terminated line per change. Borrowed. */
const char *nl_rtnl_fake_transcript(const struct nl_rtnl *rt);
/* Empties the transcript (the fake's links, addresses and routes stay). */
void nl_rtnl_fake_clear(struct nl_rtnl *rt);
/*
 * Makes the next change whose transcript line starts with prefix (e.g.
 * "addr add 10.0.0.1") fail with err (negative), once; msg becomes last_msg.
 */
void nl_rtnl_fake_fail_next(struct nl_rtnl *rt, const char *prefix, int err, const char *msg);

/* --- the monitor (nl_rtnl_mon.c) --- */

enum nl_rtnl_event_type {
	NL_RTNL_EV_LINK,     /* a link appeared or changed (compare up/running yourself) */
	NL_RTNL_EV_LINK_DEL, /* a link went away */
	NL_RTNL_EV_ADDR_ADD, /* an address appeared or changed (e.g. DAD finished) */
	NL_RTNL_EV_ADDR_DEL,
	NL_RTNL_EV_OVERFLOW, /* events were lost (ENOBUFS): re-read the state you track */
};

/*
 * link is set for LINK and LINK_DEL; addr and addr_flags for ADDR_*: addr as
 * the kernel has it (family, addr, prefixlen, ifindex, scope, label, peer, brd,
 * flags, preferred_lft), addr_flags the raw IFA_F_* bits (tentative, dadfailed,
 * secondary, ...).
 */
struct nl_rtnl_event {
	enum nl_rtnl_event_type type;
	struct nl_link_info link;
	struct nl_addr_spec addr;
	unsigned addr_flags;
};

typedef void (*nl_rtnl_event_cb)(const struct nl_rtnl_event *ev, void *arg);

struct nl_rtnl_monitor;

/*
 * Opens a non-blocking socket subscribed to RTNLGRP_LINK, IPV4_IFADDR and
 * IPV6_IFADDR. Events are delivered to cb from nl_rtnl_monitor_dispatch().
 * Returns 0 and an owned monitor, or -errno (message in err).
 */
int nl_rtnl_monitor_open(struct nl_rtnl_monitor **out, nl_rtnl_event_cb cb, void *arg, char *err,
			 size_t errlen);
/* The fd to watch for EV_READ. Borrowed: closed by nl_rtnl_monitor_free(). */
int nl_rtnl_monitor_fd(const struct nl_rtnl_monitor *m);
/*
 * Reads what is pending (at most 256 datagrams, so a flood cannot starve the
 * loop; the rest keeps the fd readable) without blocking and calls cb once per
 * event. Returns the number of events delivered, or -errno on a socket error.
 */
int nl_rtnl_monitor_dispatch(struct nl_rtnl_monitor *m);
/* Sets the socket receive buffer (bytes); for tuning, and for overflow tests. */
int nl_rtnl_monitor_set_rcvbuf(struct nl_rtnl_monitor *m, int bytes);
void nl_rtnl_monitor_free(struct nl_rtnl_monitor *m);

#endif
