/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * status_client: vigild --status [--json]. A one-shot client of the
 * children's status sockets (status.c): connect, send the request line,
 * read until EOF, print. Runs in the invoking process only; it never reads
 * the configuration, signals the daemon or touches the network.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon/status.h"

#define STATUS_EXIT_NONE     3
#define STATUS_CLIENT_WAIT_S 3 /* per connect, send and read */

struct status_answer {
	const char *child; /* "VRRP", "checker" */
	const char *key;   /* JSON member */
	char path[512];
	char *doc;
	size_t len;
	int err; /* errno of the failure, 0 when answered */
};

int
status_connect(const char *path)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	struct timeval tv = {.tv_sec = STATUS_CLIENT_WAIT_S};
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Fills a->doc with the child's document; a->err on failure. */
static void
ask(struct status_answer *a, bool json)
{
	const char *req = json ? "json\n" : "text\n";
	char buf[4096];
	FILE *mem;
	ssize_t n;
	int fd = status_connect(a->path);

	if (fd < 0) {
		a->err = errno;
		return;
	}
	if (send(fd, req, strlen(req), MSG_NOSIGNAL) < 0 ||
	    !(mem = open_memstream(&a->doc, &a->len))) {
		a->err = errno;
		close(fd);
		return;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, mem);
	a->err = n < 0 ? errno : 0;
	fclose(mem);
	close(fd);
	if (!a->err && a->len == 0)
		a->err = ENODATA;
}

static void
print_json(struct status_answer *ans, size_t n)
{
	putchar('{');
	for (size_t i = 0; i < n; i++) {
		status_json_key(stdout, i == 0, ans[i].key);
		if (ans[i].err)
			fputs("null", stdout);
		else
			fwrite(ans[i].doc, 1, ans[i].len, stdout);
	}
	puts("}");
}

int
status_client_run(const char *vrrp_pid_file, const char *checker_pid_file, bool json)
{
	struct status_answer ans[] = {
		{.child = "VRRP", .key = "vrrp"},
		{.child = "checker", .key = "checker"},
	};
	const char *pid_files[] = {vrrp_pid_file, checker_pid_file};
	size_t n = sizeof(ans) / sizeof(ans[0]), answered = 0;

	for (size_t i = 0; i < n; i++) {
		if (!status_sock_path(ans[i].path, sizeof(ans[i].path), pid_files[i]))
			ans[i].err = ENAMETOOLONG;
		else
			ask(&ans[i], json);
		if (ans[i].err)
			fprintf(stderr, "vigild: %s child is not running (%s: %s)\n", ans[i].child,
				ans[i].path, strerror(ans[i].err));
		else
			answered++;
	}
	if (json) {
		print_json(ans, n);
	} else {
		for (size_t i = 0; i < n; i++)
			if (!ans[i].err)
				fwrite(ans[i].doc, 1, ans[i].len, stdout);
	}
	for (size_t i = 0; i < n; i++)
		free(ans[i].doc);
	fflush(stdout);
	return answered ? 0 : STATUS_EXIT_NONE;
}
