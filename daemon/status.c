/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * status: the child side of vigild --status. A listening unix socket in
 * the child's event loop; per client: read one request line, build the
 * whole document once into memory (open_memstream, cut at STATUS_MAX_DOC),
 * write it as the socket drains, close. Must never block the loop nor call
 * into the engines (libvrrp/libhc link after this library): the producer's
 * callback is the only way in.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon/status.h"
#include "util/log.h"
#include "util/xalloc.h"

struct status_client {
	struct status_server *srv;
	int fd; /* -1: free slot */
	struct ev_io io;
	char req[16];
	size_t reqlen;
	char *doc; /* NULL while reading the request */
	size_t len, off;
};

struct status_server {
	struct ev_loop *loop;
	char *path;
	int fd;
	struct ev_io io;
	status_fill_fn fill;
	void *arg;
	struct status_client clients[STATUS_MAX_CLIENTS];
};

char *
status_sock_path(char *buf, size_t len, const char *pid_file)
{
	int n = snprintf(buf, len, "%s%s", pid_file, STATUS_SOCK_SUFFIX);

	return n < 0 || (size_t)n >= len ? NULL : buf;
}

void
status_json_str(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

void
status_reload_line(FILE *out, unsigned long long gen, bool refused)
{
	fprintf(out, "reload %llu %s %ld\n", gen, refused ? "refused" : "ok", (long)getpid());
}

void
status_json_key(FILE *out, bool first, const char *key)
{
	if (!first)
		fputc(',', out);
	status_json_str(out, key);
	fputc(':', out);
}

static void
client_drop(struct status_client *c)
{
	ev_io_stop(c->srv->loop, &c->io);
	close(c->fd);
	c->fd = -1;
	free(c->doc);
	c->doc = NULL;
	c->reqlen = c->len = c->off = 0;
}

/* The request is complete: build the document once. Returns 0 or -1. */
static int
client_build(struct status_client *c)
{
	enum status_req req = STATUS_REQ_TEXT;
	FILE *mem = open_memstream(&c->doc, &c->len);

	if (c->reqlen >= 4 && !memcmp(c->req, "json", 4))
		req = STATUS_REQ_JSON;
	else if (c->reqlen >= 6 && !memcmp(c->req, "reload", 6))
		req = STATUS_REQ_RELOAD;
	if (!mem)
		return -1;
	c->srv->fill(c->srv->arg, mem, req);
	if (fclose(mem) != 0)
		return -1;
	if (c->len > STATUS_MAX_DOC)
		c->len = STATUS_MAX_DOC;
	c->off = 0;
	return ev_io_start(c->srv->loop, &c->io, EV_WRITE, STATUS_CLIENT_TIMEOUT_US) < 0 ? -1 : 0;
}

/* Reads the request line; returns 1 when complete, 0 to wait, -1 to drop. */
static int
client_read(struct status_client *c)
{
	ssize_t n = read(c->fd, c->req + c->reqlen, sizeof(c->req) - 1 - c->reqlen);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	c->reqlen += (size_t)n;
	c->req[c->reqlen] = '\0';
	if (n == 0 || strchr(c->req, '\n') || c->reqlen == sizeof(c->req) - 1)
		return 1;
	return 0;
}

/* Writes what the socket takes; returns 1 when all is sent, 0 to wait, -1 to drop. */
static int
client_write(struct status_client *c)
{
	ssize_t n = send(c->fd, c->doc + c->off, c->len - c->off, MSG_NOSIGNAL | MSG_DONTWAIT);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	c->off += (size_t)n;
	return c->off == c->len;
}

static void
client_cb(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct status_client *c = arg;
	int rc;

	(void)loop, (void)io;
	if (revents & EV_TIMEOUT) {
		log_debug("status: dropping a client that did not %s in time",
			  c->doc ? "read" : "ask");
		client_drop(c);
		return;
	}
	if (!c->doc) {
		rc = client_read(c);
		if (rc == 1)
			rc = client_build(c) < 0 ? -1 : 0;
	} else {
		rc = client_write(c);
	}
	if (rc != 0)
		client_drop(c);
}

static void
accept_one(struct status_server *s, int fd)
{
	for (size_t i = 0; i < STATUS_MAX_CLIENTS; i++) {
		struct status_client *c = &s->clients[i];

		if (c->fd >= 0)
			continue;
		c->fd = fd;
		ev_io_init(&c->io, fd, client_cb, c);
		if (ev_io_start(s->loop, &c->io, EV_READ, STATUS_CLIENT_TIMEOUT_US) < 0) {
			close(fd);
			c->fd = -1;
		}
		return;
	}
	log_debug("status: too many clients, refusing one");
	close(fd);
}

static void
listen_cb(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct status_server *s = arg;
	int fd;

	(void)loop, (void)io, (void)revents;
	while ((fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0)
		accept_one(s, fd);
	if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
		log_warn("status: accept on %s", s->path);
}

/* A listening socket at path, mode 0600. Returns the fd or -1 (errno set). */
static int
listen_at(const char *path)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	mode_t old;
	int fd, rc;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	(void)unlink(path);
	old = umask(0177);
	rc = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (rc < 0 || chmod(path, 0600) < 0 || listen(fd, STATUS_MAX_CLIENTS) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

struct status_server *
status_open(struct ev_loop *loop, const char *path, status_fill_fn fill, void *arg)
{
	struct status_server *s;
	int fd = listen_at(path);

	if (fd < 0) {
		log_warn("status: cannot listen on %s", path);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->loop = loop;
	s->path = xstrdup(path);
	s->fd = fd;
	s->fill = fill;
	s->arg = arg;
	for (size_t i = 0; i < STATUS_MAX_CLIENTS; i++) {
		s->clients[i].srv = s;
		s->clients[i].fd = -1;
	}
	ev_io_init(&s->io, fd, listen_cb, s);
	if (ev_io_start(loop, &s->io, EV_READ, 0) < 0) {
		log_warn("status: cannot watch %s", path);
		status_close(s);
		return NULL;
	}
	return s;
}

void
status_close_after_fork(struct status_server *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < STATUS_MAX_CLIENTS; i++) {
		if (s->clients[i].fd >= 0)
			close(s->clients[i].fd);
		free(s->clients[i].doc);
	}
	close(s->fd);
	free(s->path);
	free(s);
}

void
status_close(struct status_server *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < STATUS_MAX_CLIENTS; i++)
		if (s->clients[i].fd >= 0)
			client_drop(&s->clients[i]);
	ev_io_stop(s->loop, &s->io);
	close(s->fd);
	(void)unlink(s->path);
	free(s->path);
	free(s);
}
