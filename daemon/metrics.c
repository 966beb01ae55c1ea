/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * metrics: the parent's /metrics listener (see metrics.h). Everything runs
 * from the parent's event loop and never blocks it: a non-blocking TCP
 * listener, at most METRICS_MAX_CLIENTS clients, each with a deadline to
 * send its request; for a valid scrape one non-blocking request per child
 * on its status socket (bounded document, deadline), then the rendered
 * answer written as the socket accepts it, and the connection closed.
 * Anything malformed is answered 400 and closed; nothing here exits.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "conf/conf.h"
#include "daemon/metrics.h"
#include "daemon/status.h"
#include "util/log.h"
#include "util/xalloc.h"

#define METRICS_NCHILD 2

struct metrics_client;

/* One child's status document for one scrape. */
struct metrics_fetch {
	struct metrics_client *cl;
	int fd;
	struct ev_io io;
	FILE *mem;
	char *doc;
	size_t len;
	bool ok, busy;
};

struct metrics_client {
	struct metrics *m;
	int fd;
	struct ev_io io;
	char req[METRICS_MAX_REQUEST];
	size_t rlen;
	bool head;
	struct metrics_fetch fetch[METRICS_NCHILD];
	char *resp;
	size_t resp_len, resp_off;
	struct metrics_client *next;
};

struct metrics {
	struct ev_loop *loop;
	int fd;
	struct ev_io io;
	struct conf_addr addr;
	unsigned port;
	char sock[METRICS_NCHILD][512]; /* vrrp, checker status sockets ("" = none) */
	struct metrics_client *clients;
	size_t nclients;
};

static void fetch_stop(struct metrics_fetch *f);

static void
client_free(struct metrics_client *cl)
{
	struct metrics *m = cl->m;

	for (struct metrics_client **p = &m->clients; *p; p = &(*p)->next)
		if (*p == cl) {
			*p = cl->next;
			break;
		}
	m->nclients--;
	for (size_t i = 0; i < METRICS_NCHILD; i++) {
		fetch_stop(&cl->fetch[i]);
		free(cl->fetch[i].doc);
	}
	ev_io_stop(m->loop, &cl->io);
	close(cl->fd);
	free(cl->resp);
	free(cl);
}

static void
client_write_cb(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct metrics_client *cl = arg;

	(void)loop, (void)io;
	if (revents & EV_TIMEOUT) {
		client_free(cl);
		return;
	}
	while (cl->resp_off < cl->resp_len) {
		ssize_t n = send(cl->fd, cl->resp + cl->resp_off, cl->resp_len - cl->resp_off,
				 MSG_NOSIGNAL);

		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0)
			break;
		cl->resp_off += (size_t)n;
	}
	client_free(cl);
}

/* Queues the whole answer (body may be NULL) and starts writing it. */
static void
client_answer(struct metrics_client *cl, int status, const char *body, size_t blen)
{
	FILE *f = open_memstream(&cl->resp, &cl->resp_len);
	char reason[64];

	if (!f) {
		client_free(cl);
		return;
	}
	if (!body) {
		snprintf(reason, sizeof(reason), "%s\n", metrics_http_reason(status));
		body = reason;
		blen = strlen(body);
	}
	fprintf(f,
		"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
		"Connection: close\r\n\r\n",
		status, metrics_http_reason(status),
		status == 200 ? METRICS_CONTENT_TYPE : "text/plain; charset=utf-8", blen);
	if (!cl->head)
		fwrite(body, 1, blen, f);
	fclose(f);
	ev_io_stop(cl->m->loop, &cl->io);
	if (ev_io_start(cl->m->loop, &cl->io, EV_WRITE, METRICS_CLIENT_TIMEOUT_US) < 0)
		client_free(cl);
	else
		client_write_cb(cl->m->loop, &cl->io, EV_WRITE, cl);
}

/* Both children answered or gave up: render and answer. */
static void
client_maybe_render(struct metrics_client *cl)
{
	struct metrics_fetch *v = &cl->fetch[0], *c = &cl->fetch[1];
	char *body = NULL;
	size_t blen = 0;
	FILE *f;

	if (v->busy || c->busy)
		return;
	f = open_memstream(&body, &blen);
	if (!f) {
		client_free(cl);
		return;
	}
	metrics_render(f, v->ok ? v->doc : NULL, v->len, c->ok ? c->doc : NULL, c->len);
	fclose(f);
	client_answer(cl, 200, body, blen);
	free(body);
}

static void
fetch_stop(struct metrics_fetch *f)
{
	if (f->fd >= 0 && f->cl) {
		ev_io_stop(f->cl->m->loop, &f->io);
		close(f->fd);
	}
	f->fd = -1;
	if (f->mem) {
		fclose(f->mem);
		f->mem = NULL;
	}
	f->busy = false;
}

static void
fetch_read_cb(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct metrics_fetch *f = arg;
	char buf[4096];
	ssize_t n;

	(void)loop, (void)io;
	if (revents & EV_TIMEOUT) {
		fetch_stop(f);
		client_maybe_render(f->cl);
		return;
	}
	while ((n = read(f->fd, buf, sizeof(buf))) > 0) {
		fwrite(buf, 1, (size_t)n, f->mem);
		fflush(f->mem);
		if (f->len > STATUS_MAX_DOC)
			break;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	f->ok = n == 0;
	fetch_stop(f);
	client_maybe_render(f->cl);
}

/* Connects to a child's status socket and asks for its JSON document. */
static void
fetch_start(struct metrics_client *cl, struct metrics_fetch *f, const char *path)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};

	f->cl = cl;
	f->fd = -1;
	if (!path[0] || strlen(path) >= sizeof(sun.sun_path))
		return;
	memcpy(sun.sun_path, path, strlen(path) + 1);
	f->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (f->fd < 0)
		return;
	/* a unix socket connects at once or fails (EAGAIN: backlog full) */
	if (connect(f->fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    send(f->fd, "json\n", 5, MSG_NOSIGNAL) != 5 ||
	    !(f->mem = open_memstream(&f->doc, &f->len))) {
		close(f->fd);
		f->fd = -1;
		return;
	}
	ev_io_init(&f->io, f->fd, fetch_read_cb, f);
	if (ev_io_start(cl->m->loop, &f->io, EV_READ, METRICS_FETCH_TIMEOUT_US) < 0) {
		fetch_stop(f);
		return;
	}
	f->busy = true;
}

static void
client_read_cb(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct metrics_client *cl = arg;
	ssize_t n;
	int status;

	(void)loop, (void)io;
	if (revents & EV_TIMEOUT) {
		client_free(cl);
		return;
	}
	n = recv(cl->fd, cl->req + cl->rlen, sizeof(cl->req) - cl->rlen, 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		client_free(cl);
		return;
	}
	cl->rlen += (size_t)n;
	status = metrics_http_check(cl->req, cl->rlen, &cl->head);
	if (status == 0)
		return;
	if (status != 200) {
		client_answer(cl, status, NULL, 0);
		return;
	}
	ev_io_stop(cl->m->loop, &cl->io);
	for (size_t i = 0; i < METRICS_NCHILD; i++)
		fetch_start(cl, &cl->fetch[i], cl->m->sock[i]);
	client_maybe_render(cl);
}

static void
accept_cb(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct metrics *m = arg;
	struct metrics_client *cl;
	int fd;

	(void)io, (void)revents;
	while ((fd = accept4(m->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		if (m->nclients >= METRICS_MAX_CLIENTS) {
			close(fd);
			continue;
		}
		cl = x_new(struct metrics_client);
		cl->m = m;
		cl->fd = fd;
		for (size_t i = 0; i < METRICS_NCHILD; i++)
			cl->fetch[i].fd = -1;
		cl->next = m->clients;
		m->clients = cl;
		m->nclients++;
		ev_io_init(&cl->io, fd, client_read_cb, cl);
		if (ev_io_start(loop, &cl->io, EV_READ, METRICS_CLIENT_TIMEOUT_US) < 0)
			client_free(cl);
	}
}

/* A listening socket on addr:port, or -1 (errno set). */
static int
listen_on(const struct conf_addr *addr, unsigned port)
{
	struct sockaddr_storage ss = {0};
	socklen_t sl;
	int one = 1, fd, e;

	if (addr->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_addr = addr->u.in6;
		s6->sin6_port = htons((uint16_t)port);
		sl = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_addr = addr->u.in4;
		s4->sin_port = htons((uint16_t)port);
		sl = sizeof(*s4);
	}
	fd = socket(addr->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (addr->family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0 || listen(fd, 16) < 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

struct metrics *
metrics_open(struct ev_loop *loop, const struct conf_global *g, const char *vrrp_pid_file,
	     const char *checker_pid_file)
{
	const char *pid_files[METRICS_NCHILD] = {vrrp_pid_file, checker_pid_file};
	struct metrics *m;
	char a[INET6_ADDRSTRLEN] = "?";
	int fd;

	if (!g || g->metrics_addr.family == AF_UNSPEC)
		return NULL;
	inet_ntop(g->metrics_addr.family, &g->metrics_addr.u, a, sizeof(a));
	fd = listen_on(&g->metrics_addr, g->metrics_port);
	if (fd < 0) {
		log_warn("metrics_listen %s %u: cannot listen; running without metrics", a,
			 g->metrics_port);
		return NULL;
	}
	m = x_new(struct metrics);
	m->loop = loop;
	m->fd = fd;
	m->addr = g->metrics_addr;
	m->port = g->metrics_port;
	for (size_t i = 0; i < METRICS_NCHILD; i++)
		if (!pid_files[i] ||
		    !status_sock_path(m->sock[i], sizeof(m->sock[i]), pid_files[i]))
			m->sock[i][0] = '\0';
	ev_io_init(&m->io, fd, accept_cb, m);
	if (ev_io_start(loop, &m->io, EV_READ, 0) < 0) {
		log_warnx("metrics_listen %s %u: cannot watch the socket; running without metrics",
			  a, g->metrics_port);
		close(fd);
		free(m);
		return NULL;
	}
	log_info("Serving metrics on %s%s%s:%u/metrics",
		 g->metrics_addr.family == AF_INET6 ? "[" : "", a,
		 g->metrics_addr.family == AF_INET6 ? "]" : "", g->metrics_port);
	return m;
}

static bool
same_addr(const struct conf_addr *a, const struct conf_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->u.in4.s_addr == b->u.in4.s_addr;
	return a->family != AF_INET6 || !memcmp(&a->u.in6, &b->u.in6, sizeof(a->u.in6));
}

void
metrics_reconf(struct metrics **m, struct ev_loop *loop, const struct conf_global *g,
	       const char *vrrp_pid_file, const char *checker_pid_file)
{
	if (*m && same_addr(&(*m)->addr, &g->metrics_addr) && (*m)->port == g->metrics_port)
		return;
	metrics_close(*m);
	*m = metrics_open(loop, g, vrrp_pid_file, checker_pid_file);
}

void
metrics_close_after_fork(struct metrics *m)
{
	if (!m)
		return;
	for (struct metrics_client *cl = m->clients; cl; cl = cl->next) {
		for (size_t i = 0; i < METRICS_NCHILD; i++)
			if (cl->fetch[i].fd >= 0)
				close(cl->fetch[i].fd);
		close(cl->fd);
	}
	close(m->fd);
}

void
metrics_close(struct metrics *m)
{
	if (!m)
		return;
	while (m->clients)
		client_free(m->clients);
	ev_io_stop(m->loop, &m->io);
	close(m->fd);
	free(m);
}
