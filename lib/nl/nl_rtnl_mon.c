/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nl_rtnl_mon: the link and address monitor. A non-blocking NETLINK_ROUTE
 * socket subscribed to RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR and
 * RTNLGRP_IPV6_IFADDR; the owner's event loop watches its fd and calls
 * nl_rtnl_monitor_dispatch(), which turns each kernel notification into a
 * struct nl_rtnl_event. Receives with recvmsg() itself so that an overrun
 * (ENOBUFS) is reported as such; parses with libnl-route-3 objects.
 * Never logs, never blocks, keeps no interface table (the caller does).
 */
#include "config.h"

#include <errno.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "nl/nl_rtnl_priv.h"
#include "util/xalloc.h"

#define MON_BUFSIZE   32768 /* larger than any one link or address notification */
#define MON_MAX_READS 256   /* per dispatch, so a flood cannot starve the loop */

struct nl_rtnl_monitor {
	struct nl_sock *sk;
	nl_rtnl_event_cb cb;
	void *arg;
	int delivered; /* events delivered by the current dispatch */
	uint8_t *buf;
};

int
nl_rtnl_monitor_open(struct nl_rtnl_monitor **out, nl_rtnl_event_cb cb, void *arg, char *err,
		     size_t errlen)
{
	struct nl_rtnl_monitor *m = x_new(struct nl_rtnl_monitor);
	int rc;

	*out = NULL;
	m->cb = cb;
	m->arg = arg;
	m->sk = nl_socket_alloc();
	if (!m->sk) {
		free(m);
		nl_rtnl_errf(err, errlen, "rtnetlink monitor: cannot allocate a socket");
		return -ENOMEM;
	}
	nl_socket_disable_seq_check(m->sk);
	rc = nl_connect(m->sk, NETLINK_ROUTE);
	if (rc >= 0)
		rc = nl_socket_add_memberships(m->sk, RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR,
					       RTNLGRP_IPV6_IFADDR, 0);
	if (rc >= 0)
		rc = nl_socket_set_nonblocking(m->sk);
	if (rc < 0) {
		nl_rtnl_errf(err, errlen, "rtnetlink monitor: %s", nl_geterror(rc));
		nl_socket_free(m->sk);
		free(m);
		return nl_rtnl_nle_errno(rc);
	}
	m->buf = xmalloc(MON_BUFSIZE);
	*out = m;
	return 0;
}

int
nl_rtnl_monitor_fd(const struct nl_rtnl_monitor *m)
{
	return nl_socket_get_fd(m->sk);
}

int
nl_rtnl_monitor_set_rcvbuf(struct nl_rtnl_monitor *m, int bytes)
{
	int rc = nl_socket_set_buffer_size(m->sk, bytes, 0);

	return rc < 0 ? nl_rtnl_nle_errno(rc) : 0;
}

void
nl_rtnl_monitor_free(struct nl_rtnl_monitor *m)
{
	if (!m)
		return;
	nl_socket_free(m->sk);
	free(m->buf);
	free(m);
}

static void
deliver(struct nl_rtnl_monitor *m, const struct nl_rtnl_event *ev)
{
	m->delivered++;
	m->cb(ev, m->arg);
}

/* nl_msg_parse() callback: one parsed link or address object. */
static void
mon_obj(struct nl_object *obj, void *arg)
{
	struct nl_rtnl_monitor *m = arg;
	struct nl_rtnl_event ev;
	int type = nl_object_get_msgtype(obj);

	memset(&ev, 0, sizeof(ev));
	switch (type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		/* AF_BRIDGE port notifications share the group: not link state */
		if (rtnl_link_get_family((struct rtnl_link *)obj) != AF_UNSPEC)
			return;
		ev.type = type == RTM_NEWLINK ? NL_RTNL_EV_LINK : NL_RTNL_EV_LINK_DEL;
		nl_rtnl_link_from_obj((struct rtnl_link *)obj, &ev.link);
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		ev.type = type == RTM_NEWADDR ? NL_RTNL_EV_ADDR_ADD : NL_RTNL_EV_ADDR_DEL;
		nl_rtnl_addr_from_obj((struct rtnl_addr *)obj, &ev.addr, &ev.addr_flags);
		break;
	default:
		return;
	}
	deliver(m, &ev);
}

/* Parses every notification in one datagram of len bytes. */
static void
mon_datagram(struct nl_rtnl_monitor *m, size_t len)
{
	struct nlmsghdr *h = (struct nlmsghdr *)(void *)m->buf;
	int rem = (int)len;

	for (; nlmsg_ok(h, rem); h = nlmsg_next(h, &rem)) {
		struct nl_msg *msg;

		if (h->nlmsg_type < NLMSG_MIN_TYPE)
			continue; /* NOOP, ERROR, DONE, OVERRUN: nothing for us */
		msg = nlmsg_convert(h);
		if (!msg)
			continue;
		nlmsg_set_proto(msg, NETLINK_ROUTE);
		nl_msg_parse(msg, mon_obj, m);
		nlmsg_free(msg);
	}
}

/* Reads one datagram: 1 if one was handled, 0 if none is pending, or -errno. */
static int
mon_read(struct nl_rtnl_monitor *m)
{
	struct sockaddr_nl from;
	struct iovec iov = {m->buf, MON_BUFSIZE};
	struct msghdr mh = {
		.msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1};
	struct nl_rtnl_event ev = {.type = NL_RTNL_EV_OVERFLOW};
	ssize_t n;

	n = recvmsg(nl_socket_get_fd(m->sk), &mh, MSG_DONTWAIT);
	if (n < 0 && errno == EINTR)
		return 1;
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n < 0 && errno == ENOBUFS) {
		deliver(m, &ev);
		return 1;
	}
	if (n < 0)
		return -errno;
	if (n == 0)
		return 0;
	if (mh.msg_flags & MSG_TRUNC) {
		deliver(m, &ev); /* a notification was cut short: as good as lost */
		return 1;
	}
	if (from.nl_pid == 0) /* only the kernel speaks for the kernel */
		mon_datagram(m, (size_t)n);
	return 1;
}

int
nl_rtnl_monitor_dispatch(struct nl_rtnl_monitor *m)
{
	int rc = 0;

	m->delivered = 0;
	/* level-triggered: what is left stays readable for the next round */
	for (int i = 0; i < MON_MAX_READS && (rc = mon_read(m)) > 0; i++)
		;
	return rc < 0 ? rc : m->delivered;
}
