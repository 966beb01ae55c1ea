/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * curl_ev: libcurl multi handles on our event loop (see curl_ev.h).
 * CURLMOPT_SOCKETFUNCTION tells us which descriptors to watch for what,
 * CURLMOPT_TIMERFUNCTION when libcurl wants to be woken; both are mapped
 * onto ev_io and ev_timer, one timer per shard. Our per-socket state is
 * handed to libcurl with curl_multi_assign(), so every lookup and removal
 * is O(1). Finished transfers are collected with curl_multi_info_read()
 * after every action. Must not block, resolve names itself or set options
 * on the owner's easy handles.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>

#include "util/curl_ev.h"
#include "util/log.h"
#include "util/xalloc.h"

struct curl_ev_shard {
	struct curl_ev *c;
	CURLM *multi;
	struct ev_timer timer;
	size_t n; /* transfers attached */
};

struct curl_ev {
	struct ev_loop *loop;
	struct curl_ev_shard **shards;
	size_t nshards, cap, hint;  /* hint: where the next free slot is looked for */
	struct curl_ev_sock *socks; /* every socket libcurl asked us to watch */
};

struct curl_ev_sock {
	struct ev_io io;
	struct curl_ev_shard *sh;
	struct curl_ev_sock *next, **pprev;
};

static void
sock_drop(struct curl_ev *c, struct curl_ev_sock *s)
{
	ev_io_stop(c->loop, &s->io);
	*s->pprev = s->next;
	if (s->next)
		s->next->pprev = s->pprev;
	free(s);
}

static void
collect(struct curl_ev_shard *sh)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(sh->multi, &left))) {
		struct curl_ev_xfer *x = NULL;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		if (x && x->easy == m->easy_handle && x->shard == sh && x->done)
			x->done(x, m->data.result);
	}
}

static void
on_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct curl_ev_sock *s = arg;
	struct curl_ev_shard *sh = s->sh;
	int flags = 0, running;

	(void)loop;
	if (revents & EV_READ)
		flags |= CURL_CSELECT_IN;
	if (revents & EV_WRITE)
		flags |= CURL_CSELECT_OUT;
	if (revents & EV_ERROR)
		flags |= CURL_CSELECT_ERR;
	/* libcurl may drop s (CURL_POLL_REMOVE) in here: only sh is used afterwards */
	curl_multi_socket_action(sh->multi, io->fd, flags, &running);
	collect(sh);
}

static void
on_timer(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct curl_ev_shard *sh = arg;
	int running;

	(void)loop, (void)t;
	curl_multi_socket_action(sh->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	collect(sh);
}

static int
socket_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	struct curl_ev_shard *sh = userp;
	struct curl_ev *c = sh->c;
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
		s->sh = sh;
		ev_io_init(&s->io, fd, on_io, s);
		s->next = c->socks;
		if (s->next)
			s->next->pprev = &s->next;
		s->pprev = &c->socks;
		c->socks = s;
		curl_multi_assign(sh->multi, fd, s);
	}
	if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
		events |= EV_READ;
	if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
		events |= EV_WRITE;
	if (s->io.active && s->io.events == events)
		return 0; /* nothing changes: spare the epoll_ctl() */
	if (ev_io_start(c->loop, &s->io, events, 0) < 0) {
		log_warnx("%s: cannot watch libcurl socket %d", __func__, (int)fd);
		return -1;
	}
	return 0;
}

static int
timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct curl_ev_shard *sh = userp;
	struct ev_loop *loop = sh->c->loop;

	(void)multi;
	if (timeout_ms < 0) {
		ev_timer_stop(loop, &sh->timer);
		return 0;
	}
	/* libcurl often repeats the deadline it already gave: keep the heap as it is */
	if (ev_timer_active(&sh->timer) &&
	    sh->timer.expiry == ev_now(loop) + (uint64_t)timeout_ms * 1000)
		return 0;
	ev_timer_start(loop, &sh->timer, (uint64_t)timeout_ms * 1000);
	return 0;
}

static struct curl_ev_shard *
shard_new(struct curl_ev *c)
{
	struct curl_ev_shard *sh = x_new(struct curl_ev_shard);

	sh->c = c;
	sh->multi = curl_multi_init();
	if (!sh->multi) {
		free(sh);
		return NULL;
	}
	ev_timer_init(&sh->timer, on_timer, sh);
	curl_multi_setopt(sh->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
	curl_multi_setopt(sh->multi, CURLMOPT_SOCKETDATA, sh);
	curl_multi_setopt(sh->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(sh->multi, CURLMOPT_TIMERDATA, sh);
	return sh;
}

/* A shard with room for one more transfer, made if none has. */
static struct curl_ev_shard *
shard_pick(struct curl_ev *c)
{
	struct curl_ev_shard *sh;
	size_t i, k;

	for (i = 0; i < c->nshards; i++) {
		k = (c->hint + i) % c->nshards;
		if (c->shards[k]->n < CURL_EV_SHARD_XFERS) {
			c->hint = k;
			return c->shards[k];
		}
	}
	sh = shard_new(c);
	if (!sh)
		return NULL;
	xgrow((void **)&c->shards, &c->cap, c->nshards + 1, sizeof(*c->shards));
	c->hint = c->nshards;
	c->shards[c->nshards++] = sh;
	return sh;
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
	if (!shard_pick(c)) { /* one multi handle up front: fail early as before */
		free(c);
		return NULL;
	}
	return c;
}

int
curl_ev_add(struct curl_ev *c, struct curl_ev_xfer *x)
{
	struct curl_ev_shard *sh;

	if (x->shard)
		return -1;
	sh = shard_pick(c);
	if (!sh)
		return -1;
	curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
	if (curl_multi_add_handle(sh->multi, x->easy) != CURLM_OK)
		return -1;
	x->shard = sh;
	sh->n++;
	return 0;
}

void
curl_ev_detach(struct curl_ev *c, struct curl_ev_xfer *x)
{
	struct curl_ev_shard *sh = x->shard;

	(void)c;
	if (!sh)
		return;
	if (x->easy)
		curl_multi_remove_handle(sh->multi, x->easy);
	x->shard = NULL;
	sh->n--;
}

void
curl_ev_remove(struct curl_ev *c, struct curl_ev_xfer *x)
{
	curl_ev_detach(c, x);
	if (!x->easy)
		return;
	curl_easy_cleanup(x->easy);
	x->easy = NULL;
}

void
curl_ev_free(struct curl_ev *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nshards; i++) {
		ev_timer_stop(c->loop, &c->shards[i]->timer);
		curl_multi_cleanup(c->shards[i]->multi);
	}
	while (c->socks)
		sock_drop(c, c->socks);
	for (i = 0; i < c->nshards; i++)
		free(c->shards[i]);
	free(c->shards);
	free(c);
}
