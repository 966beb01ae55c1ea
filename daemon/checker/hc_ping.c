/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_ping: PING_CHECK. Sends one ICMP (ICMPv6 for an IPv6 connect_ip) echo
 * request and passes when the matching echo reply arrives within
 * connect_timeout. Uses an unprivileged ping socket (SOCK_DGRAM,
 * IPPROTO_ICMP) when net.ipv4.ping_group_range allows it, else a raw ICMP
 * socket (root); it does not change ping_group_range (keepalived may).
 * Packet code is in hc_reply.c. Never blocks.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checker/hc_priv.h"
#include "checker/hc_reply.h"
#include "util/xalloc.h"

struct hc_ping {
	struct ev_io io;
	int fd;
	bool raw; /* raw socket: replies to everyone arrive, IPv4 ones with their IP header */
	uint16_t id, seq;
};

static void
ping_close(struct hc_checker *c)
{
	struct hc_ping *p = c->priv;

	if (p->fd < 0)
		return;
	ev_io_stop(hc_checker_loop(c), &p->io);
	close(p->fd);
	p->fd = -1;
}

static void
ping_end(struct hc_checker *c, const char *err)
{
	ping_close(c);
	if (err)
		hc_checker_done(c, HC_RES_DOWN, "ICMP connection to %s failed. (%s)", c->label,
				err);
	else
		hc_checker_done(c, HC_RES_UP, "ICMP connection to %s success.", c->label);
}

static void
ping_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct hc_checker *c = arg;
	struct hc_ping *p = c->priv;
	bool v6 = c->conf->connect_ip.family == AF_INET6;
	uint8_t buf[1500];
	ssize_t n;

	(void)loop, (void)io;
	if (revents & EV_TIMEOUT) {
		ping_end(c, "timeout");
		return;
	}
	for (;;) {
		n = recv(p->fd, buf, sizeof(buf), 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n < 0) {
			ping_end(c, strerror(errno));
			return;
		}
		if (hc_icmp_echo_match(buf, (size_t)n, v6, p->raw && !v6, p->raw, p->id, p->seq)) {
			ping_end(c, NULL);
			return;
		}
	}
}

/* A ping socket if allowed, else a raw one. */
static int
ping_socket(struct hc_checker *c, const char **what)
{
	struct hc_ping *p = c->priv;
	int proto = c->conf->connect_ip.family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	int fd = hc_sock_open(c->conf, SOCK_DGRAM, proto, what);

	p->raw = false;
	if (fd == -EACCES || fd == -EPERM || fd == -EPROTONOSUPPORT) {
		p->raw = true;
		fd = hc_sock_open(c->conf, SOCK_RAW, proto, what);
	}
	return fd;
}

static void
ping_start(struct hc_checker *c)
{
	struct hc_ping *p = c->priv;
	static const uint8_t payload[] = "vigil PING_CHECK";
	uint8_t pkt[64];
	const char *what = "";
	size_t len;
	int fd, r;

	fd = ping_socket(c, &what);
	if (fd < 0) {
		hc_checker_done(c, HC_RES_DOWN, "ICMP connection to %s failed. (%s: %s)", c->label,
				what, strerror(-fd));
		return;
	}
	p->fd = fd;
	p->seq++;
	len = hc_icmp_echo_build(pkt, sizeof(pkt), c->conf->connect_ip.family == AF_INET6, p->id,
				 p->seq, payload, sizeof(payload) - 1);
	if (send(fd, pkt, len, 0) != (ssize_t)len) {
		ping_end(c, strerror(errno));
		return;
	}
	ev_io_init(&p->io, fd, ping_io, c);
	r = ev_io_start(hc_checker_loop(c), &p->io, EV_READ, c->conf->connect_timeout_us);
	if (r < 0)
		ping_end(c, strerror(-r));
}

static int
ping_init(struct hc_checker *c)
{
	struct hc_ping *p = x_new(struct hc_ping);

	p->fd = -1;
	p->id = (uint16_t)hc_rand(c->rs->eng, 0xffff);
	c->priv = p;
	return 0;
}

static void
ping_free(struct hc_checker *c)
{
	if (!c->priv)
		return;
	ping_close(c);
	free(c->priv);
	c->priv = NULL;
}

static bool
ping_same_as(const struct conf_checker *a, const struct conf_checker *b)
{
	(void)a, (void)b;
	return true;
}

const struct hc_ops hc_ping_ops = {
	.name = "ICMP CHECK",
	.init = ping_init,
	.start = ping_start,
	.cancel = ping_close,
	.free = ping_free,
	.same_as = ping_same_as,
};
