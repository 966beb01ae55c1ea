/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_http_curl: drives libcurl's multi-socket interface from our event
 * loop. One multi handle per engine; libcurl tells us which sockets to
 * watch (CURLMOPT_SOCKETFUNCTION) and when to wake it
 * (CURLMOPT_TIMERFUNCTION); we call curl_multi_socket_action() when a
 * socket is ready or the timer fires and hand finished transfers back to
 * their owner. No blocking call and no thread: libcurl never resolves a
 * name here (URLs carry IP literals or are pinned with CURLOPT_CONNECT_TO).
 */
#include "config.h"

#include <stdlib.h>

#include "checker/hc_http_priv.h"
#include "util/log.h"
#include "util/xalloc.h"

struct hc_http_ctx {
	struct ev_loop *loop;
	CURLM *multi;
	struct ev_timer timer;
	struct hc_curl_sock *socks; /* every socket libcurl asked us to watch */
};

/* One socket libcurl wants watched. */
struct hc_curl_sock {
	struct ev_io io;
	struct hc_http_ctx *h;
	struct hc_curl_sock *next;
};

static void
sock_forget(struct hc_http_ctx *h, struct hc_curl_sock *s)
{
	struct hc_curl_sock **pp;

	ev_io_stop(h->loop, &s->io);
	for (pp = &h->socks; *pp; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	free(s);
}

/* Hands every finished transfer to its owner. */
static void
reap(struct hc_http_ctx *h)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(h->multi, &left))) {
		struct hc_curl_xfer *x = NULL;
		CURLcode res = m->data.result;
		CURL *easy = m->easy_handle;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&x);
		if (x && x->easy == easy)
			x->done(x, res);
	}
}

static void
on_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct hc_curl_sock *s = arg;
	struct hc_http_ctx *h = s->h;
	int flags = 0, running;

	(void)loop;
	if (revents & EV_READ)
		flags |= CURL_CSELECT_IN;
	if (revents & EV_WRITE)
		flags |= CURL_CSELECT_OUT;
	if (revents & EV_ERROR)
		flags |= CURL_CSELECT_ERR;
	/* s may be freed inside (CURL_POLL_REMOVE): use only h afterwards */
	curl_multi_socket_action(h->multi, io->fd, flags, &running);
	reap(h);
}

static void
on_timer(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct hc_http_ctx *h = arg;
	int running;

	(void)loop, (void)t;
	curl_multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	reap(h);
}

static int
socket_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	struct hc_http_ctx *h = userp;
	struct hc_curl_sock *s = socketp;
	unsigned events = 0;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (s)
			sock_forget(h, s);
		return 0;
	}
	if (!s) {
		s = x_new(struct hc_curl_sock);
		s->h = h;
		ev_io_init(&s->io, fd, on_io, s);
		s->next = h->socks;
		h->socks = s;
		curl_multi_assign(h->multi, fd, s);
	}
	if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
		events |= EV_READ;
	if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
		events |= EV_WRITE;
	if (ev_io_start(h->loop, &s->io, events, 0) < 0) {
		log_warnx("%s: cannot watch libcurl socket %d", __func__, (int)fd);
		return -1;
	}
	return 0;
}

static int
timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct hc_http_ctx *h = userp;

	(void)multi;
	if (timeout_ms < 0)
		ev_timer_stop(h->loop, &h->timer);
	else
		ev_timer_start(h->loop, &h->timer, (uint64_t)timeout_ms * 1000);
	return 0;
}

static struct hc_http_ctx *
ctx_new(struct ev_loop *loop)
{
	static bool global_done;
	struct hc_http_ctx *h;

	if (!global_done) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return NULL;
		global_done = true;
	}
	h = x_new(struct hc_http_ctx);
	h->loop = loop;
	h->multi = curl_multi_init();
	if (!h->multi) {
		free(h);
		return NULL;
	}
	ev_timer_init(&h->timer, on_timer, h);
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
	return h;
}

int
hc_curl_add(struct hc_engine *e, struct hc_curl_xfer *x)
{
	CURLMcode r;

	if (!e->http)
		e->http = ctx_new(e->loop);
	if (!e->http)
		return -1;
	curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
	r = curl_multi_add_handle(e->http->multi, x->easy);
	if (r != CURLM_OK)
		return -1;
	return 0;
}

void
hc_curl_remove(struct hc_engine *e, struct hc_curl_xfer *x)
{
	if (!x->easy)
		return;
	if (e->http)
		curl_multi_remove_handle(e->http->multi, x->easy);
	curl_easy_cleanup(x->easy);
	x->easy = NULL;
}

void
hc_http_ctx_free(struct hc_http_ctx *h)
{
	if (!h)
		return;
	ev_timer_stop(h->loop, &h->timer);
	curl_multi_cleanup(h->multi);
	while (h->socks)
		sock_forget(h, h->socks);
	free(h);
}
