/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * curl_ev: a libcurl multi handle on our event loop (see curl_ev.h).
 * CURLMOPT_SOCKETFUNCTION tells us which descriptors to watch for what,
 * CURLMOPT_TIMERFUNCTION when libcurl wants to be woken; both are mapped
 * onto ev_io and ev_timer. Finished transfers are collected with
 * curl_multi_info_read() after every action. Must not block, resolve names
 * itself or set options on the owner's easy handles.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>

#include "util/curl_ev.h"
#include "util/log.h"
#include "util/xalloc.h"

struct curl_ev {
	struct ev_loop *loop;
	CURLM *multi;
	struct ev_timer timer;
	struct curl_ev_sock *socks; /* every socket libcurl asked us to watch */
};

struct curl_ev_sock {
	struct ev_io io;
	struct curl_ev *c;
	struct curl_ev_sock *next;
};

static void
sock_drop(struct curl_ev *c, struct curl_ev_sock *s)
{
	struct curl_ev_sock **pp;

	ev_io_stop(c->loop, &s->io);
	for (pp = &c->socks; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	}
	free(s);
}

static void
collect(struct curl_ev *c)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(c->multi, &left))) {
		struct curl_ev_xfer *x = NULL;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		if (x && x->easy == m->easy_handle && x->done)
			x->done(x, m->data.result);
	}
}

static void
on_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct curl_ev_sock *s = arg;
	struct curl_ev *c = s->c;
	int flags = 0, running;

	(void)loop;
	if (revents & EV_READ)
		flags |= CURL_CSELECT_IN;
	if (revents & EV_WRITE)
		flags |= CURL_CSELECT_OUT;
	if (revents & EV_ERROR)
		flags |= CURL_CSELECT_ERR;
	/* libcurl may drop s (CURL_POLL_REMOVE) in here: only c is used afterwards */
	curl_multi_socket_action(c->multi, io->fd, flags, &running);
	collect(c);
}

static void
on_timer(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct curl_ev *c = arg;
	int running;

	(void)loop, (void)t;
	curl_multi_socket_action(c->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	collect(c);
}

static int
socket_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	struct curl_ev *c = userp;
	struct curl_ev_sock *s = socketp;
	unsigned events = 0;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (s)
			sock_drop(c, s);
		return 0;
	}
	if (!s) {
		s = x_new(struct curl_ev_sock);
		s->c = c;
		ev_io_init(&s->io, fd, on_io, s);
		s->next = c->socks;
		c->socks = s;
		curl_multi_assign(c->multi, fd, s);
	}
	if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
		events |= EV_READ;
	if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
		events |= EV_WRITE;
	if (ev_io_start(c->loop, &s->io, events, 0) < 0) {
		log_warnx("%s: cannot watch libcurl socket %d", __func__, (int)fd);
		return -1;
	}
	return 0;
}

static int
timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct curl_ev *c = userp;

	(void)multi;
	if (timeout_ms < 0)
		ev_timer_stop(c->loop, &c->timer);
	else
		ev_timer_start(c->loop, &c->timer, (uint64_t)timeout_ms * 1000);
	return 0;
}

struct curl_ev *
curl_ev_new(struct ev_loop *loop)
{
	static bool global_done;
	struct curl_ev *c;

	if (!global_done) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return NULL;
		global_done = true;
	}
	c = x_new(struct curl_ev);
	c->loop = loop;
	c->multi = curl_multi_init();
	if (!c->multi) {
		free(c);
		return NULL;
	}
	ev_timer_init(&c->timer, on_timer, c);
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETDATA, c);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERDATA, c);
	return c;
}

int
curl_ev_add(struct curl_ev *c, struct curl_ev_xfer *x)
{
	curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
	return curl_multi_add_handle(c->multi, x->easy) == CURLM_OK ? 0 : -1;
}

void
curl_ev_remove(struct curl_ev *c, struct curl_ev_xfer *x)
{
	if (!x->easy)
		return;
	if (c)
		curl_multi_remove_handle(c->multi, x->easy);
	curl_easy_cleanup(x->easy);
	x->easy = NULL;
}

void
curl_ev_free(struct curl_ev *c)
{
	if (!c)
		return;
	ev_timer_stop(c->loop, &c->timer);
	curl_multi_cleanup(c->multi);
	while (c->socks)
		sock_drop(c, c->socks);
	free(c);
}
