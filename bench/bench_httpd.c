/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_httpd: a loopback HTTP server for the checker benchmark
 * (bench/checkers.sh). One thread, epoll, non-blocking sockets, no fork per
 * request: it listens on 0.0.0.0:PORT (every 127.x.y.z reaches it, so each
 * real server is a distinct address), reads a request up to the blank line,
 * answers "200 OK" with a fixed body and closes. Every second it appends
 * "<unix seconds> <requests answered so far>" to stdout, so the benchmark
 * counts checks on the server side. Never used by the daemon or its tests.
 *
 *   bench_httpd PORT [BODY_BYTES]     (default body: 64 bytes of 'x' and '\n')
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MAX_EVENTS 256
#define REQ_MAX	   4096

struct conn {
	int fd;
	size_t len;
	char buf[REQ_MAX];
};

static char *reply;
static size_t reply_len;
static unsigned long long answered;

static int
listen_on(unsigned port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sa.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 65535) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
make_reply(size_t body)
{
	char head[128];
	int n = snprintf(head, sizeof(head),
			 "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n"
			 "Connection: close\r\n\r\n",
			 body);

	reply_len = (size_t)n + body;
	reply = malloc(reply_len);
	if (!reply)
		exit(1);
	memcpy(reply, head, (size_t)n);
	for (size_t i = 0; i < body; i++)
		reply[(size_t)n + i] = (i + 1) % 32 == 0 ? '\n' : 'x';
}

static void
finish(int ep, struct conn *c)
{
	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c);
}

/* Reads what is there; answers once the header block is complete. */
static void
on_readable(int ep, struct conn *c)
{
	for (;;) {
		ssize_t n = read(c->fd, c->buf + c->len, sizeof(c->buf) - 1 - c->len);

		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
			finish(ep, c);
			return;
		}
		if (n < 0)
			return; /* EAGAIN: wait for more */
		c->len += (size_t)n;
		c->buf[c->len] = '\0';
		if (strstr(c->buf, "\r\n\r\n") || strstr(c->buf, "\n\n") ||
		    c->len == sizeof(c->buf) - 1)
			break;
	}
	/* the reply fits in the socket buffer of a fresh loopback connection */
	if (write(c->fd, reply, reply_len) == (ssize_t)reply_len)
		answered++;
	shutdown(c->fd, SHUT_WR);
	finish(ep, c);
}

static void
on_accept(int ep, int lfd)
{
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		struct epoll_event ev = {.events = EPOLLIN};
		struct conn *c;

		if (fd < 0)
			return;
		c = calloc(1, sizeof(*c));
		if (!c) {
			close(fd);
			continue;
		}
		c->fd = fd;
		ev.data.ptr = c;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
			close(fd);
			free(c);
		}
	}
}

int
main(int argc, char **argv)
{
	struct epoll_event evs[MAX_EVENTS], ev = {.events = EPOLLIN};
	struct itimerspec tick = {.it_interval = {1, 0}, .it_value = {1, 0}};
	struct rlimit rl = {65536, 65536};
	int lfd, tfd, ep;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PORT [BODY_BYTES]\n", argv[0]);
		return 2;
	}
	setrlimit(RLIMIT_NOFILE, &rl);
	signal(SIGPIPE, SIG_IGN);
	make_reply(argc > 2 ? strtoul(argv[2], NULL, 0) : 64);
	lfd = listen_on((unsigned)strtoul(argv[1], NULL, 0));
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (lfd < 0 || tfd < 0 || ep < 0) {
		perror("bench_httpd");
		return 1;
	}
	timerfd_settime(tfd, 0, &tick, NULL);
	ev.data.ptr = &lfd;
	epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
	ev.data.ptr = &tfd;
	epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		int n = epoll_wait(ep, evs, MAX_EVENTS, -1);

		for (int i = 0; i < n; i++) {
			if (evs[i].data.ptr == &lfd) {
				on_accept(ep, lfd);
			} else if (evs[i].data.ptr == &tfd) {
				unsigned long long exp;

				if (read(tfd, &exp, sizeof(exp)) > 0)
					printf("%lld %llu\n", (long long)time(NULL), answered);
			} else {
				on_readable(ep, evs[i].data.ptr);
			}
		}
	}
}
