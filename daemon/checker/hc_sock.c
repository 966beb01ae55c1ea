/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_sock: the sockets of the network checkers (TCP_CHECK, SMTP_CHECK,
 * UDP_CHECK, DNS_CHECK): non-blocking and close-on-exec, with the
 * checker's fwmark (SO_MARK), bind_if (SO_BINDTODEVICE), bindto and
 * bind_port applied before connect() starts. Never blocks, never logs.
 */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checker/hc_priv.h"

static int
sock_setup(int fd, const struct conf_checker *cc, const char **err)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int family = cc->connect_ip.family == AF_INET6 ? AF_INET6 : AF_INET;
	uint32_t mark = cc->fwmark;

	if (mark && setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)) < 0) {
		*err = "setsockopt(SO_MARK)";
		return -errno;
	}
	if (cc->bind_if && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, cc->bind_if,
				      (socklen_t)strlen(cc->bind_if)) < 0) {
		*err = "setsockopt(SO_BINDTODEVICE)";
		return -errno;
	}
	if (!cc->bindto.family && !cc->bind_port)
		return 0;
	/* A fixed source port is reused every delay_loop: do not trip over TIME_WAIT. */
	if (cc->bind_port)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int));
	if (cc->bindto.family && cc->bindto.family != family) {
		*err = "bindto address family";
		return -EAFNOSUPPORT;
	}
	if (cc->bindto.family) {
		len = hc_sockaddr(&cc->bindto, cc->bind_port, &ss);
	} else {
		struct conf_addr any = {.family = family};

		len = hc_sockaddr(&any, cc->bind_port, &ss);
	}
	if (bind(fd, (struct sockaddr *)&ss, len) < 0) {
		*err = "bind";
		return -errno;
	}
	return 0;
}

int
hc_sock_connect(const struct conf_checker *cc, int type, const char **err)
{
	return hc_sock_open(cc, type, 0, err);
}

int
hc_sock_open(const struct conf_checker *cc, int type, int proto, const char **err)
{
	struct sockaddr_storage ss;
	socklen_t len = hc_sockaddr(&cc->connect_ip, cc->connect_port, &ss);
	int fd, r;

	fd = socket(ss.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd < 0) {
		*err = "socket";
		return -errno;
	}
	r = sock_setup(fd, cc, err);
	if (r < 0)
		goto fail;
	if (connect(fd, (struct sockaddr *)&ss, len) < 0 && errno != EINPROGRESS) {
		*err = "connect";
		r = -errno;
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return r;
}

int
hc_sock_error(int fd)
{
	int e = 0;
	socklen_t len = sizeof(e);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
		return errno;
	return e;
}
