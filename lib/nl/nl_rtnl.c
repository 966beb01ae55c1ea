/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nl_rtnl: the real rtnetlink backend. One blocking NETLINK_ROUTE socket,
 * one request at a time, each acknowledged before the call returns.
 *
 * Requests are built with libnl's message API rather than rtnl_addr/rtnl_route
 * objects: rtnl_addr cannot carry an IPv6 peer and drops a /0 prefix, and
 * libnl's request helpers turn the kernel's errno into coarser NLE_* codes.
 * Replies are parsed with libnl-route-3 objects; the kernel's errno and
 * extended-ack text are taken from the NLMSG_ERROR itself. Never logs.
 */
#include "config.h"

#include <errno.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "nl/nl_rtnl_priv.h"
#include "util/xalloc.h"

struct rtnl_real {
	struct nl_sock *sk;
	char msg[256]; /* extended-ack text of the last failed request */
};

/* State of one request until its ACK, error or end of dump. */
struct xfer {
	struct rtnl_real *r;
	uint32_t seq;
	int error; /* 0 or the kernel's -errno */
	bool done;
	void (*obj_cb)(struct nl_object *obj, void *arg);
	void *arg;
};

/* --- transactions --- */

static int
xfer_seq(struct nl_msg *msg, void *arg)
{
	const struct xfer *x = arg;

	/* replies to an earlier, abandoned request are skipped, not fatal */
	return nlmsg_hdr(msg)->nlmsg_seq == x->seq ? NL_OK : NL_SKIP;
}

static int
xfer_valid(struct nl_msg *msg, void *arg)
{
	struct xfer *x = arg;

	if (x->obj_cb)
		nl_msg_parse(msg, x->obj_cb, x->arg);
	return NL_OK;
}

static int
xfer_done(struct nl_msg *msg, void *arg)
{
	struct xfer *x = arg;

	(void)msg;
	x->done = true;
	return NL_STOP;
}

/* Copies NLMSGERR_ATTR_MSG, if the kernel sent one, into x->r->msg. */
static void
xfer_extack(struct xfer *x, const struct nlmsgerr *e)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
	size_t off = NLMSG_HDRLEN + sizeof(*e);
	const struct nlattr *a;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	if (off >= h->nlmsg_len)
		return;
	a = nla_find((const struct nlattr *)((const char *)h + off), (int)(h->nlmsg_len - off),
		     NLMSGERR_ATTR_MSG);
	if (a && nla_len(a) > 0)
		snprintf(x->r->msg, sizeof(x->r->msg), "%.*s", nla_len(a),
			 (const char *)nla_data(a));
}

static int
xfer_err(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct xfer *x = arg;

	(void)who;
	if (e->msg.nlmsg_seq != x->seq)
		return NL_SKIP;
	x->error = e->error;
	x->done = true;
	xfer_extack(x, e);
	return NL_STOP;
}

/*
 * Sends msg (not freed) and reads replies until the ACK, the error or the end
 * of the dump; each reply object goes to obj_cb. Returns 0 or -errno.
 */
static int
transact(struct rtnl_real *r, struct nl_msg *msg, void (*obj_cb)(struct nl_object *, void *),
	 void *arg)
{
	struct xfer x = {.r = r, .obj_cb = obj_cb, .arg = arg};
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int rc;

	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, xfer_seq, &x);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, xfer_valid, &x);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, xfer_done, &x);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, xfer_done, &x);
	nl_cb_err(cb, NL_CB_CUSTOM, xfer_err, &x);
	r->msg[0] = '\0';
	rc = nl_send_auto(r->sk, msg);
	if (rc < 0) {
		rc = nl_rtnl_nle_errno(rc);
		goto out;
	}
	x.seq = nlmsg_hdr(msg)->nlmsg_seq;
	while (!x.done) {
		rc = nl_recvmsgs(r->sk, cb);
		if (!x.done && rc < 0) {
			rc = nl_rtnl_nle_errno(rc);
			goto out;
		}
	}
	rc = x.error;
out:
	nl_cb_put(cb);
	return rc;
}

/* Builds a request: header + fixed part; NULL on allocation failure. */
static struct nl_msg *
new_msg(int type, int flags, void *hdr, size_t hdrlen)
{
	struct nl_msg *msg = nlmsg_alloc_simple(type, flags);

	if (msg && nlmsg_append(msg, hdr, hdrlen, NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

/* Sends msg, frees it, returns 0 or -errno (-ENOMEM if msg is NULL or an attribute failed). */
static int
send_free(struct rtnl_real *r, struct nl_msg *msg, int put_rc,
	  void (*obj_cb)(struct nl_object *, void *), void *arg)
{
	int rc;

	if (!msg)
		return -ENOMEM;
	rc = put_rc < 0 ? -ENOMEM : transact(r, msg, obj_cb, arg);
	nlmsg_free(msg);
	return rc;
}

/* --- addresses --- */

static unsigned
addr_flags(const struct nl_addr_spec *a)
{
	return (a->nodad ? IFA_F_NODAD : 0) | (a->noprefixroute ? IFA_F_NOPREFIXROUTE : 0) |
	       (a->home ? IFA_F_HOMEADDRESS : 0) | (a->mngtmpaddr ? IFA_F_MANAGETEMPADDR : 0) |
	       (a->autojoin ? IFA_F_MCAUTOJOIN : 0);
}

/*
 * RTM_NEWADDR carries every option; RTM_DELADDR only what identifies the
 * address (local, peer, prefix length, ifindex), so a label or lifetime that
 * differs from the kernel's never makes a delete miss.
 */
static int
addr_request(struct rtnl_real *r, int type, int flags, const struct nl_addr_spec *a)
{
	bool add = type == RTM_NEWADDR;
	unsigned fl = addr_flags(a);
	struct ifaddrmsg ifa = {
		.ifa_family = (uint8_t)a->family,
		.ifa_prefixlen = (uint8_t)a->prefixlen,
		.ifa_flags = add ? (uint8_t)(fl & 0xff) : 0,
		.ifa_scope = (uint8_t)a->scope,
		.ifa_index = (uint32_t)a->ifindex,
	};
	int alen = a->family == AF_INET ? 4 : 16, rc;
	struct nl_msg *msg;

	if ((rc = nl_addr_spec_check(a)) < 0)
		return rc;
	msg = new_msg(type, flags, &ifa, sizeof(ifa));
	if (!msg)
		return -ENOMEM;
	rc = nla_put(msg, IFA_LOCAL, alen, a->addr);
	if (!rc)
		rc = nla_put(msg, IFA_ADDRESS, alen, a->has_peer ? a->peer : a->addr);
	if (!rc && add && a->family == AF_INET && a->has_brd)
		rc = nla_put(msg, IFA_BROADCAST, 4, a->brd);
	if (!rc && add && a->family == AF_INET && a->label[0])
		rc = nla_put_string(msg, IFA_LABEL, a->label);
	if (!rc && add)
		rc = nla_put_u32(msg, IFA_FLAGS, fl);
	if (!rc && add && a->has_preferred_lft) {
		struct ifa_cacheinfo ci = {.ifa_prefered = a->preferred_lft,
					   .ifa_valid = NL_RTNL_LFT_FOREVER};

		rc = nla_put(msg, IFA_CACHEINFO, sizeof(ci), &ci);
	}
	return send_free(r, msg, rc, NULL, NULL);
}

static int
real_addr_add(void *ctx, const struct nl_addr_spec *a)
{
	return addr_request(ctx, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, a);
}

static int
real_addr_del(void *ctx, const struct nl_addr_spec *a)
{
	return addr_request(ctx, RTM_DELADDR, 0, a);
}

/* Walks the kernel's addresses of one family until visit returns true. */
struct addr_walk {
	bool (*visit)(const struct nl_addr_spec *a, unsigned flags, void *arg);
	void *arg;
	bool stop;
};

static void
addr_walk_obj(struct nl_object *obj, void *arg)
{
	struct addr_walk *w = arg;
	struct nl_addr_spec a;
	unsigned flags;

	if (w->stop || nl_object_get_msgtype(obj) != RTM_NEWADDR)
		return;
	nl_rtnl_addr_from_obj((struct rtnl_addr *)obj, &a, &flags);
	w->stop = w->visit(&a, flags, w->arg);
}

static int
addr_walk(struct rtnl_real *r, int family, struct addr_walk *w)
{
	struct ifaddrmsg ifa = {.ifa_family = (uint8_t)family};

	return send_free(r, new_msg(RTM_GETADDR, NLM_F_DUMP, &ifa, sizeof(ifa)), 0, addr_walk_obj,
			 w);
}

static bool
visit_exists(const struct nl_addr_spec *a, unsigned flags, void *arg)
{
	(void)flags;
	return nl_addr_spec_match(arg, a);
}

static int
real_addr_exists(void *ctx, const struct nl_addr_spec *a)
{
	struct addr_walk w = {.visit = visit_exists, .arg = (void *)(uintptr_t)a};
	int rc;

	if ((rc = nl_addr_spec_check(a)) < 0)
		return rc;
	rc = addr_walk(ctx, a->family, &w);
	return rc < 0 ? rc : w.stop;
}

struct primary_arg {
	int ifindex;
	uint8_t *out;
};

static bool
visit_primary(const struct nl_addr_spec *a, unsigned flags, void *arg)
{
	struct primary_arg *p = arg;

	if (a->ifindex != p->ifindex)
		return false;
	if (a->family == AF_INET && (flags & IFA_F_SECONDARY))
		return false;
	if (a->family == AF_INET6 &&
	    (a->scope != RT_SCOPE_LINK || (flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED))))
		return false;
	memcpy(p->out, a->addr, a->family == AF_INET ? 4 : 16);
	return true;
}

static int real_link_by_index(void *ctx, int ifindex, struct nl_link_info *out);

static int
real_addr_primary(void *ctx, int ifindex, int family, uint8_t out[16])
{
	struct primary_arg p = {ifindex, out};
	struct addr_walk w = {.visit = visit_primary, .arg = &p};
	struct nl_link_info li;
	int rc;

	if (family != AF_INET && family != AF_INET6)
		return -EAFNOSUPPORT;
	rc = addr_walk(ctx, family, &w);
	if (rc < 0 || w.stop)
		return rc;
	/* tell "no such interface" from "no usable address" */
	rc = real_link_by_index(ctx, ifindex, &li);
	return rc < 0 ? rc : -EADDRNOTAVAIL;
}

/* --- routes --- */

/* The scope iproute2 would choose; a delete matches any scope. */
static unsigned
route_scope(const struct nl_route_spec *rt, unsigned type, bool add)
{
	if (rt->has_scope)
		return rt->scope;
	if (!add)
		return RT_SCOPE_NOWHERE;
	if (type == RTN_LOCAL || type == RTN_NAT)
		return RT_SCOPE_HOST;
	if (type == RTN_BROADCAST || type == RTN_MULTICAST || type == RTN_ANYCAST)
		return RT_SCOPE_LINK;
	if (type == RTN_UNICAST && !rt->has_gateway)
		return RT_SCOPE_LINK;
	return RT_SCOPE_UNIVERSE;
}

static int
route_request(struct rtnl_real *r, int type, int flags, const struct nl_route_spec *rt)
{
	unsigned rtype = rt->type ? rt->type : RTN_UNICAST;
	uint32_t table = rt->table ? rt->table : RT_TABLE_MAIN;
	struct rtmsg rtm = {
		.rtm_family = (uint8_t)rt->family,
		.rtm_dst_len = (uint8_t)rt->dst_len,
		.rtm_table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC,
		.rtm_protocol = (uint8_t)rt->protocol,
		.rtm_scope = (uint8_t)route_scope(rt, rtype, type == RTM_NEWROUTE),
		.rtm_type = (uint8_t)rtype,
		.rtm_flags = rt->onlink ? RTNH_F_ONLINK : 0,
	};
	int alen = rt->family == AF_INET ? 4 : 16, rc;
	struct nl_msg *msg;

	if ((rc = nl_route_spec_check(rt)) < 0)
		return rc;
	msg = new_msg(type, flags, &rtm, sizeof(rtm));
	if (!msg)
		return -ENOMEM;
	rc = nla_put_u32(msg, RTA_TABLE, table);
	if (!rc && rt->dst_len)
		rc = nla_put(msg, RTA_DST, alen, rt->dst);
	if (!rc && rt->has_gateway)
		rc = nla_put(msg, RTA_GATEWAY, alen, rt->gateway);
	if (!rc && rt->ifindex)
		rc = nla_put_u32(msg, RTA_OIF, (uint32_t)rt->ifindex);
	if (!rc && rt->has_src)
		rc = nla_put(msg, RTA_PREFSRC, alen, rt->src);
	if (!rc && rt->has_metric)
		rc = nla_put_u32(msg, RTA_PRIORITY, rt->metric);
	return send_free(r, msg, rc, NULL, NULL);
}

static int
real_route_add(void *ctx, const struct nl_route_spec *rt)
{
	return route_request(ctx, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, rt);
}

static int
real_route_del(void *ctx, const struct nl_route_spec *rt)
{
	return route_request(ctx, RTM_DELROUTE, 0, rt);
}

/* --- links --- */

struct link_arg {
	struct nl_link_info *out;
	bool found;
};

static void
link_obj(struct nl_object *obj, void *arg)
{
	struct link_arg *l = arg;

	if (l->found || nl_object_get_msgtype(obj) != RTM_NEWLINK)
		return;
	nl_rtnl_link_from_obj((struct rtnl_link *)obj, l->out);
	l->found = true;
}

static int
link_get(struct rtnl_real *r, int ifindex, const char *name, struct nl_link_info *out)
{
	struct ifinfomsg ifi = {.ifi_family = AF_UNSPEC, .ifi_index = ifindex};
	struct link_arg l = {out, false};
	struct nl_msg *msg = new_msg(RTM_GETLINK, 0, &ifi, sizeof(ifi));
	int rc = 0;

	if (msg && name)
		rc = nla_put_string(msg, IFLA_IFNAME, name);
	rc = send_free(r, msg, rc, link_obj, &l);
	if (!rc && !l.found)
		rc = -ENODEV;
	return rc;
}

static int
real_link_by_name(void *ctx, const char *name, struct nl_link_info *out)
{
	if (!name[0] || strlen(name) >= IFNAMSIZ)
		return -ENODEV;
	return link_get(ctx, 0, name, out);
}

static int
real_link_by_index(void *ctx, int ifindex, struct nl_link_info *out)
{
	if (ifindex <= 0)
		return -ENODEV;
	return link_get(ctx, ifindex, NULL, out);
}

/* --- the backend --- */

static const char *
real_last_msg(void *ctx)
{
	const struct rtnl_real *r = ctx;

	return r->msg;
}

static void
real_free(void *ctx)
{
	struct rtnl_real *r = ctx;

	nl_socket_free(r->sk);
	free(r);
}

static const struct nl_rtnl_ops real_ops = {
	.addr_add = real_addr_add,
	.addr_del = real_addr_del,
	.addr_exists = real_addr_exists,
	.route_add = real_route_add,
	.route_del = real_route_del,
	.link_by_name = real_link_by_name,
	.link_by_index = real_link_by_index,
	.addr_primary = real_addr_primary,
	.last_msg = real_last_msg,
	.free = real_free,
};

int
nl_rtnl_open(struct nl_rtnl *out, char *err, size_t errlen)
{
	struct rtnl_real *r;
	int rc, one = 1;

	out->ops = NULL;
	out->ctx = NULL;
	r = x_new(struct rtnl_real);
	r->sk = nl_socket_alloc();
	if (!r->sk) {
		free(r);
		nl_rtnl_errf(err, errlen, "rtnetlink: cannot allocate a socket");
		return -ENOMEM;
	}
	rc = nl_connect(r->sk, NETLINK_ROUTE);
	if (rc < 0) {
		nl_rtnl_errf(err, errlen, "rtnetlink: connect: %s", nl_geterror(rc));
		nl_socket_free(r->sk);
		free(r);
		return nl_rtnl_nle_errno(rc);
	}
	nl_socket_enable_msg_peek(r->sk);
	/* best effort: kernels before 4.12 have no extended ACKs */
	setsockopt(nl_socket_get_fd(r->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(r->sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	out->ops = &real_ops;
	out->ctx = r;
	return 0;
}

/* --- shared with the monitor (nl_rtnl_priv.h) --- */

static void
copy_nl_addr(struct nl_addr *src, uint8_t *dst, size_t max)
{
	size_t len = nl_addr_get_len(src);

	memcpy(dst, nl_addr_get_binary_addr(src), len < max ? len : max);
}

void
nl_rtnl_addr_from_obj(struct rtnl_addr *obj, struct nl_addr_spec *a, unsigned *flags)
{
	struct nl_addr *na;
	const char *label;
	unsigned fl = rtnl_addr_get_flags(obj);

	memset(a, 0, sizeof(*a));
	a->family = rtnl_addr_get_family(obj);
	a->prefixlen = (unsigned)rtnl_addr_get_prefixlen(obj);
	a->ifindex = rtnl_addr_get_ifindex(obj);
	a->scope = rtnl_addr_get_scope(obj);
	if ((na = rtnl_addr_get_local(obj)))
		copy_nl_addr(na, a->addr, sizeof(a->addr));
	if ((na = rtnl_addr_get_peer(obj))) {
		copy_nl_addr(na, a->peer, sizeof(a->peer));
		a->has_peer = true;
	}
	if ((na = rtnl_addr_get_broadcast(obj)) && a->family == AF_INET) {
		copy_nl_addr(na, a->brd, sizeof(a->brd));
		a->has_brd = true;
	}
	if ((label = rtnl_addr_get_label(obj)))
		snprintf(a->label, sizeof(a->label), "%s", label);
	a->nodad = fl & IFA_F_NODAD;
	a->noprefixroute = fl & IFA_F_NOPREFIXROUTE;
	a->home = fl & IFA_F_HOMEADDRESS;
	a->mngtmpaddr = fl & IFA_F_MANAGETEMPADDR;
	a->autojoin = fl & IFA_F_MCAUTOJOIN;
	a->preferred_lft = rtnl_addr_get_preferred_lifetime(obj);
	a->has_preferred_lft = a->preferred_lft != NL_RTNL_LFT_FOREVER;
	*flags = fl;
}

void
nl_rtnl_link_from_obj(struct rtnl_link *obj, struct nl_link_info *li)
{
	struct nl_addr *mac = rtnl_link_get_addr(obj);
	const char *name = rtnl_link_get_name(obj);
	unsigned fl = rtnl_link_get_flags(obj);

	memset(li, 0, sizeof(*li));
	li->ifindex = rtnl_link_get_ifindex(obj);
	if (name)
		snprintf(li->name, sizeof(li->name), "%s", name);
	if (mac && nl_addr_get_len(mac) == sizeof(li->mac))
		copy_nl_addr(mac, li->mac, sizeof(li->mac));
	li->up = fl & IFF_UP;
	li->running = fl & IFF_RUNNING;
	li->mtu = rtnl_link_get_mtu(obj);
}

int
nl_rtnl_nle_errno(int nle)
{
	static const struct {
		int nle, err;
	} map[] = {
		{NLE_NOMEM, ENOMEM},
		{NLE_PERM, EPERM},
		{NLE_NOACCESS, EACCES},
		{NLE_AGAIN, EAGAIN},
		{NLE_INTR, EINTR},
		{NLE_BAD_SOCK, EBADF},
		{NLE_INVAL, EINVAL},
		{NLE_RANGE, ERANGE},
		{NLE_MSGSIZE, EMSGSIZE},
		{NLE_OPNOTSUPP, EOPNOTSUPP},
		{NLE_AF_NOSUPPORT, EAFNOSUPPORT},
		{NLE_OBJ_NOTFOUND, ENOENT},
		{NLE_EXIST, EEXIST},
		{NLE_NODEV, ENODEV},
		{NLE_BUSY, EBUSY},
		{NLE_NOADDR, EADDRNOTAVAIL},
	};

	if (nle < 0)
		nle = -nle;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].nle == nle)
			return -map[i].err;
	return -EPROTO;
}

void
nl_rtnl_errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}
