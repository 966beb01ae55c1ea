/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_smtp: SMTP_CHECK. Connects (non-blocking), expects a 220 banner,
 * sends HELO helo_name, expects 250, sends QUIT and reads one more reply
 * (its code is not checked, as keepalived), then passes. Each step must
 * make progress within connect_timeout. Replies are parsed by the pure
 * hc_reply code. Never blocks.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checker/hc_priv.h"
#include "checker/hc_reply.h"
#include "util/log.h"
#include "util/xalloc.h"

enum smtp_step {
	SMTP_CONNECT,
	SMTP_BANNER,
	SMTP_HELO,
	SMTP_QUIT,
};

struct hc_smtp {
	struct ev_io io;
	int fd;
	enum smtp_step step;
	struct hc_smtp_reply reply;
	char helo[300];
};

static void
smtp_close(struct hc_checker *c)
{
	struct hc_smtp *s = c->priv;

	if (s->fd < 0)
		return;
	ev_io_stop(hc_checker_loop(c), &s->io);
	close(s->fd);
	s->fd = -1;
}

static void
smtp_fail(struct hc_checker *c, const char *what, const char *detail)
{
	smtp_close(c);
	hc_checker_done(c, HC_RES_DOWN, "%s server %s.%s%s%s", what, c->label, detail ? " (" : "",
			detail ? detail : "", detail ? ")" : "");
}

static int
smtp_send(struct hc_checker *c, const char *line)
{
	struct hc_smtp *s = c->priv;
	size_t n = strlen(line);

	if (send(s->fd, line, n, MSG_NOSIGNAL) != (ssize_t)n) {
		smtp_fail(c, "Write failure to", strerror(errno));
		return -1;
	}
	return 0;
}

/* A whole reply arrived. Returns 1 when the check ended. */
static int
smtp_reply(struct hc_checker *c)
{
	struct hc_smtp *s = c->priv;
	unsigned code = s->reply.code;
	char detail[64];

	hc_smtp_reply_init(&s->reply);
	snprintf(detail, sizeof(detail), "unexpected reply %u", code);
	switch (s->step) {
	case SMTP_BANNER:
		if (code != 220) {
			smtp_fail(c, "Bad banner from", detail);
			return 1;
		}
		s->step = SMTP_HELO;
		return smtp_send(c, s->helo) < 0;
	case SMTP_HELO:
		if (code != 250) {
			smtp_fail(c, "Bad HELO reply from", detail);
			return 1;
		}
		s->step = SMTP_QUIT;
		return smtp_send(c, "QUIT\r\n") < 0;
	default:
		smtp_close(c);
		hc_checker_done(c, HC_RES_UP, "Remote SMTP server %s succeed on service.",
				c->label);
		return 1;
	}
}

static void
smtp_read(struct hc_checker *c)
{
	struct hc_smtp *s = c->priv;
	uint8_t buf[1024];
	size_t off = 0, used;
	ssize_t n;
	int rc;

	n = recv(s->fd, buf, sizeof(buf), 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		if (n == 0 && s->step == SMTP_QUIT) { /* closed after QUIT: fine */
			smtp_close(c);
			hc_checker_done(c, HC_RES_UP, "Remote SMTP server %s succeed on service.",
					c->label);
			return;
		}
		smtp_fail(c, "Read failure from", n ? strerror(errno) : "connection closed");
		return;
	}
	while (off < (size_t)n) {
		rc = hc_smtp_reply_feed(&s->reply, buf + off, (size_t)n - off, &used);
		off += used;
		if (rc < 0) {
			smtp_fail(c, "Bad reply from", s->reply.err);
			return;
		}
		if (rc == 0)
			return;
		if (smtp_reply(c))
			return;
	}
}

static void
smtp_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct hc_checker *c = arg;
	struct hc_smtp *s = c->priv;
	int err;

	(void)loop;
	if (revents & EV_TIMEOUT) {
		smtp_fail(c,
			  s->step == SMTP_CONNECT ? "Connection timeout to" : "Read timeout from",
			  NULL);
		return;
	}
	if (s->step != SMTP_CONNECT) {
		smtp_read(c);
		return;
	}
	err = hc_sock_error(s->fd);
	if (err) {
		smtp_fail(c, "Error connecting to", strerror(err));
		return;
	}
	s->step = SMTP_BANNER;
	ev_io_start(loop, io, EV_READ, c->conf->connect_timeout_us);
}

static void
smtp_start(struct hc_checker *c)
{
	struct hc_smtp *s = c->priv;
	const char *what = "";
	int fd, r;

	hc_smtp_reply_init(&s->reply);
	s->step = SMTP_CONNECT;
	fd = hc_sock_connect(c->conf, SOCK_STREAM, &what);
	if (fd < 0) {
		hc_checker_done(c, HC_RES_DOWN, "Error connecting to server %s. (%s: %s)", c->label,
				what, strerror(-fd));
		return;
	}
	s->fd = fd;
	ev_io_init(&s->io, fd, smtp_io, c);
	r = ev_io_start(hc_checker_loop(c), &s->io, EV_WRITE, c->conf->connect_timeout_us);
	if (r < 0) {
		close(fd);
		s->fd = -1;
		hc_checker_done(c, HC_RES_DOWN, "Error connecting to server %s. (%s)", c->label,
				strerror(-r));
	}
}

static int
smtp_init(struct hc_checker *c)
{
	struct hc_smtp *s = x_new(struct hc_smtp);
	const char *name = c->conf->u.smtp.helo_name;
	char host[256] = "localhost";

	if (!name)
		name = c->rs->eng->conf->global.smtp_helo_name;
	if (!name) {
		if (gethostname(host, sizeof(host) - 1) < 0)
			strcpy(host, "localhost");
		name = host;
	}
	snprintf(s->helo, sizeof(s->helo), "HELO %.250s\r\n", name);
	s->fd = -1;
	c->priv = s;
	return 0;
}

static void
smtp_free(struct hc_checker *c)
{
	if (!c->priv)
		return;
	smtp_close(c);
	free(c->priv);
	c->priv = NULL;
}

static bool
smtp_same_as(const struct conf_checker *a, const struct conf_checker *b)
{
	return hc_str_eq(a->u.smtp.helo_name, b->u.smtp.helo_name);
}

const struct hc_ops hc_smtp_ops = {
	.name = "SMTP_CHECK",
	.init = smtp_init,
	.start = smtp_start,
	.cancel = smtp_close,
	.free = smtp_free,
	.same_as = smtp_same_as,
};
