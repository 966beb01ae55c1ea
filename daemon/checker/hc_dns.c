/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_dns: DNS_CHECK. Sends one recursive query (type, default SOA; name,
 * default the root) with a random ID over a connected UDP socket and
 * passes when a reply with the same ID, QR set and RCODE 0 arrives within
 * connect_timeout; the answers are not inspected (as keepalived). Replies
 * to other queries are ignored (and counted in the timeout's log line); an
 * ICMP error fails the check. Packet code is in hc_reply.c. Never blocks.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checker/hc_priv.h"
#include "checker/hc_reply.h"
#include "util/xalloc.h"

struct hc_dns {
	struct ev_io io;
	int fd;
	uint16_t id;
	unsigned ignored;	 /* datagrams of this run that were not the reply */
	const char *ignored_why; /* why the last one was not */
};

static void
dns_close(struct hc_checker *c)
{
	struct hc_dns *d = c->priv;

	if (d->fd < 0)
		return;
	ev_io_stop(hc_checker_loop(c), &d->io);
	close(d->fd);
	d->fd = -1;
}

static void
dns_end(struct hc_checker *c, enum hc_result r, const char *what)
{
	dns_close(c);
	hc_checker_done(c, r, "DNS_CHECK (%s) %s", c->label, what);
}

static void
dns_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct hc_checker *c = arg;
	struct hc_dns *d = c->priv;
	uint8_t buf[4096];
	const char *why;
	char msg[128];
	ssize_t n;

	(void)loop, (void)io;
	if (revents & EV_TIMEOUT) {
		/* say so when the server did answer, but not with the reply */
		if (d->ignored)
			snprintf(msg, sizeof(msg), "timeout (%u datagram%s ignored: %s)",
				 d->ignored, d->ignored > 1 ? "s" : "", d->ignored_why);
		dns_end(c, HC_RES_DOWN, d->ignored ? msg : "timeout");
		return;
	}
	for (;;) {
		n = recv(d->fd, buf, sizeof(buf), 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n < 0) {
			dns_end(c, HC_RES_DOWN, strerror(errno));
			return;
		}
		switch (hc_dns_check_reply(buf, (size_t)n, d->id, &why)) {
		case 0:
			dns_end(c, HC_RES_UP, "succeed");
			return;
		case -1:
			snprintf(msg, sizeof(msg), "failed: %s", why);
			dns_end(c, HC_RES_DOWN, msg);
			return;
		default: /* not ours: keep waiting */
			d->ignored++;
			d->ignored_why = why;
			break;
		}
	}
}

static void
dns_start(struct hc_checker *c)
{
	struct hc_dns *d = c->priv;
	uint8_t q[HC_DNS_QUERY_MAX];
	const char *what = "";
	int fd, len, r;

	d->id = (uint16_t)hc_rand(c->rs->eng, 0xffff);
	d->ignored = 0;
	len = hc_dns_build_query(q, sizeof(q), d->id, c->conf->u.dns.name,
				 hc_dns_qtype(c->conf->u.dns.type));
	if (len < 0) {
		hc_checker_done(c, HC_RES_DOWN, "DNS_CHECK (%s) bad name %s", c->label,
				c->conf->u.dns.name);
		return;
	}
	fd = hc_sock_connect(c->conf, SOCK_DGRAM, &what);
	if (fd < 0) {
		hc_checker_done(c, HC_RES_DOWN, "DNS_CHECK (%s) %s: %s", c->label, what,
				strerror(-fd));
		return;
	}
	d->fd = fd;
	if (send(fd, q, (size_t)len, 0) != len) {
		dns_end(c, HC_RES_DOWN, strerror(errno));
		return;
	}
	ev_io_init(&d->io, fd, dns_io, c);
	r = ev_io_start(hc_checker_loop(c), &d->io, EV_READ, c->conf->connect_timeout_us);
	if (r < 0)
		dns_end(c, HC_RES_DOWN, strerror(-r));
}

static int
dns_init(struct hc_checker *c)
{
	struct hc_dns *d = x_new(struct hc_dns);

	d->fd = -1;
	c->priv = d;
	return 0;
}

static void
dns_free(struct hc_checker *c)
{
	if (!c->priv)
		return;
	dns_close(c);
	free(c->priv);
	c->priv = NULL;
}

static bool
dns_same_as(const struct conf_checker *a, const struct conf_checker *b)
{
	return a->u.dns.type == b->u.dns.type && hc_str_eq(a->u.dns.name, b->u.dns.name);
}

const struct hc_ops hc_dns_ops = {
	.name = "DNS_CHECK",
	.init = dns_init,
	.start = dns_start,
	.cancel = dns_close,
	.free = dns_free,
	.same_as = dns_same_as,
};
