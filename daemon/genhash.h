/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * genhash: keepalived's genhash as a mode of vigild (`vigild --genhash ...`,
 * or the binary invoked as vigil-genhash). Fetches one URL with the request
 * HTTP_GET / SSL_GET sends and prints the MD5 digest of the body that
 * hc_http compares a url's digest against. A command-line tool: blocking
 * libcurl, output on stdout, never touches the daemon's state or logs.
 */
#ifndef VIGIL_DAEMON_GENHASH_H
#define VIGIL_DAEMON_GENHASH_H

#include <stdbool.h>
#include <stddef.h>

enum genhash_proto {
	GENHASH_HTTP_1_0,  /* default: HTTP/1.0, no Connection header */
	GENHASH_HTTP_1_0C, /* HTTP/1.0 with Connection: close */
	GENHASH_HTTP_1_1,  /* HTTP/1.1 with Connection: close */
};

struct genhash_opts {
	const char *server;	  /* -s: an IPv4 or IPv6 address (or a name libcurl resolves) */
	unsigned port;		  /* -p */
	const char *url;	  /* -u: the request target, "/index.html" */
	bool ssl;		  /* -S */
	bool sni;		  /* -I: send SNI (the virtualhost, else the server) */
	const char *vhost;	  /* -V: Host: header (default server:port) */
	bool verbose;		  /* -v */
	bool help;		  /* -h */
	unsigned fwmark;	  /* -m: SO_MARK of the socket */
	enum genhash_proto proto; /* -P 1.0 | 1.0c | 1.1 */
	long timeout_s;		  /* -t: connect and idle timeout, seconds (default 5) */
};

/* The name the binary answers to as genhash (argv[0]'s basename). */
#define GENHASH_PROG "vigil-genhash"

/*
 * True when argv asks for genhash mode: argv[0]'s basename is vigil-genhash,
 * or argv[1] is -T / --genhash (keepalived: it must be the first option).
 */
bool genhash_wanted(int argc, char **argv);
/*
 * Parses genhash's options (argv[0] is skipped). Returns 0, or -1 with a
 * one-line message in err. Pure: no output.
 */
int genhash_parse(int argc, char **argv, struct genhash_opts *o, char *err, size_t errlen);
/* Runs genhash for argv as genhash_wanted() accepted it; returns the exit code. */
int genhash_main(int argc, char **argv);

#endif
