/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_tcp: TCP_CHECK. A non-blocking connect() to connect_ip:connect_port
 * (the real server by default); the check passes when the connection
 * completes within connect_timeout, and the socket is closed at once
 * without sending anything. Never blocks.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checker/hc_priv.h"
#include "util/xalloc.h"

struct hc_tcp {
	struct ev_io io;
	int fd;
};

static void
tcp_close(struct hc_checker *c)
{
	struct hc_tcp *t = c->priv;

	if (t->fd < 0)
		return;
	ev_io_stop(hc_checker_loop(c), &t->io);
	close(t->fd);
	t->fd = -1;
}

static void
tcp_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct hc_checker *c = arg;
	struct hc_tcp *t = c->priv;
	int err;

	(void)loop, (void)io;
	if (revents & EV_TIMEOUT) {
		tcp_close(c);
		hc_checker_done(c, HC_RES_DOWN, "TCP connection to %s timeout.", c->label);
		return;
	}
	err = hc_sock_error(t->fd);
	tcp_close(c);
	if (err)
		hc_checker_done(c, HC_RES_DOWN, "TCP connection to %s failed. (%s)", c->label,
				strerror(err));
	else
		hc_checker_done(c, HC_RES_UP, "TCP connection to %s success.", c->label);
}

static void
tcp_start(struct hc_checker *c)
{
	struct hc_tcp *t = c->priv;
	const char *what = "";
	int fd, r;

	fd = hc_sock_connect(c->conf, SOCK_STREAM, &what);
	if (fd < 0) {
		hc_checker_done(c, HC_RES_DOWN, "TCP connection to %s failed. (%s: %s)", c->label,
				what, strerror(-fd));
		return;
	}
	t->fd = fd;
	ev_io_init(&t->io, fd, tcp_io, c);
	r = ev_io_start(hc_checker_loop(c), &t->io, EV_WRITE, c->conf->connect_timeout_us);
	if (r < 0) {
		close(fd);
		t->fd = -1;
		hc_checker_done(c, HC_RES_DOWN, "TCP connection to %s failed. (%s)", c->label,
				strerror(-r));
	}
}

static int
tcp_init(struct hc_checker *c)
{
	struct hc_tcp *t = x_new(struct hc_tcp);

	t->fd = -1;
	c->priv = t;
	return 0;
}

static void
tcp_free(struct hc_checker *c)
{
	tcp_close(c);
	free(c->priv);
	c->priv = NULL;
}

static bool
tcp_same_as(const struct conf_checker *a, const struct conf_checker *b)
{
	(void)a, (void)b;
	return true;
}

const struct hc_ops hc_tcp_ops = {
	.name = "TCP_CHECK",
	.init = tcp_init,
	.start = tcp_start,
	.cancel = tcp_close,
	.free = tcp_free,
	.same_as = tcp_same_as,
};
