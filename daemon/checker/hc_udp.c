/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_udp: UDP_CHECK. Sends `payload` (16 random bytes when none is
 * configured) over a connected UDP socket. An ICMP error (port, host or
 * network unreachable) fails the check. With require_reply a reply of an
 * allowed length whose bytes match `reply` under its mask must arrive
 * within connect_timeout; without it, silence for connect_timeout passes.
 * Matching is in hc_reply.c. Never blocks.
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

struct hc_udp {
	struct ev_io io;
	int fd;
};

static void
udp_close(struct hc_checker *c)
{
	struct hc_udp *u = c->priv;

	if (u->fd < 0)
		return;
	ev_io_stop(hc_checker_loop(c), &u->io);
	close(u->fd);
	u->fd = -1;
}

static void
udp_ok(struct hc_checker *c)
{
	udp_close(c);
	hc_checker_done(c, HC_RES_UP, "UDP connection to %s success.", c->label);
}

static void
udp_failed(struct hc_checker *c, const char *why)
{
	udp_close(c);
	hc_checker_done(c, HC_RES_DOWN, "UDP connection to %s failed. (%s)", c->label, why);
}

static void
udp_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct hc_checker *c = arg;
	struct hc_udp *u = c->priv;
	const struct conf_udp_check *uc = &c->conf->u.udp;
	static uint8_t buf[65536]; /* one loop, one reply at a time */
	const char *why;
	ssize_t n;

	(void)loop, (void)io;
	if (revents & EV_TIMEOUT) {
		if (uc->require_reply)
			udp_failed(c, "no reply");
		else
			udp_ok(c);
		return;
	}
	n = recv(u->fd, buf, sizeof(buf), 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		udp_failed(c, strerror(errno));
		return;
	}
	if (!uc->require_reply || hc_udp_reply_ok(uc, buf, (size_t)n, &why)) {
		udp_ok(c);
		return;
	}
	udp_close(c);
	hc_checker_done(c, HC_RES_DOWN, "UDP check to %s reply data mismatch. (%s)", c->label, why);
}

static void
udp_start(struct hc_checker *c)
{
	struct hc_udp *u = c->priv;
	const struct conf_bytes *p = &c->conf->u.udp.payload;
	uint8_t rnd[16];
	const void *data = p->v;
	size_t len = p->n, i;
	const char *what = "";
	int fd, r;

	if (!len) {
		for (i = 0; i < sizeof(rnd); i++)
			rnd[i] = (uint8_t)hc_rand(c->rs->eng, 255);
		data = rnd;
		len = sizeof(rnd);
	}
	fd = hc_sock_connect(c->conf, SOCK_DGRAM, &what);
	if (fd < 0) {
		hc_checker_done(c, HC_RES_DOWN, "UDP connection to %s failed. (%s: %s)", c->label,
				what, strerror(-fd));
		return;
	}
	u->fd = fd;
	if (send(fd, data, len, 0) != (ssize_t)len) {
		udp_failed(c, strerror(errno));
		return;
	}
	ev_io_init(&u->io, fd, udp_io, c);
	r = ev_io_start(hc_checker_loop(c), &u->io, EV_READ, c->conf->connect_timeout_us);
	if (r < 0)
		udp_failed(c, strerror(-r));
}

static int
udp_init(struct hc_checker *c)
{
	struct hc_udp *u = x_new(struct hc_udp);

	u->fd = -1;
	c->priv = u;
	return 0;
}

static void
udp_free(struct hc_checker *c)
{
	if (!c->priv)
		return;
	udp_close(c);
	free(c->priv);
	c->priv = NULL;
}

static bool
bytes_eq(const struct conf_bytes *a, const struct conf_bytes *b)
{
	return a->n == b->n && (!a->n || !memcmp(a->v, b->v, a->n));
}

static bool
udp_same_as(const struct conf_checker *a, const struct conf_checker *b)
{
	const struct conf_udp_check *x = &a->u.udp, *y = &b->u.udp;

	return bytes_eq(&x->payload, &y->payload) && x->require_reply == y->require_reply &&
	       bytes_eq(&x->reply, &y->reply) && bytes_eq(&x->reply_mask, &y->reply_mask) &&
	       x->min_reply_length == y->min_reply_length &&
	       x->max_reply_length == y->max_reply_length;
}

const struct hc_ops hc_udp_ops = {
	.name = "UDP_CHECK",
	.init = udp_init,
	.start = udp_start,
	.cancel = udp_close,
	.free = udp_free,
	.same_as = udp_same_as,
};
