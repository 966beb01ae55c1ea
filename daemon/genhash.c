/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * genhash: keepalived's genhash inside vigild. Sends the request an
 * HTTP_GET / SSL_GET check sends (GET url, User-Agent: KeepAliveClient,
 * Host: virtualhost or server:port, Connection: close for 1.0c and 1.1, no
 * certificate verification), parses the answer with the checker's own
 * parser (hc_http_parse) and prints the MD5 of the body bytes as received
 * (chunk framing included, cut at Content-Length): the digest keepalived's
 * genhash prints and one of the two hc_http accepts. -v adds keepalived's
 * hex dumps. Exits 0 with a digest, 1 when the request failed (keepalived's
 * genhash exits 0 there too; see doc/compat.md), 2 for bad options.
 * Blocking libcurl: this is a command-line tool, not the daemon's loop.
 */
#include "config.h"

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "checker/hc_http_parse.h"
#include "daemon/genhash.h"

#define BANNER_FMT "-----------------------[%s]-----------------------\n"

struct genhash_run {
	const struct genhash_opts *o;
	struct hc_http_parser parser;
	EVP_MD_CTX *md;
	char *head; /* raw header bytes, for -v */
	size_t head_len, head_cap;
	bool head_shown;
	size_t body_off; /* body bytes dumped so far (-v) */
	char errbuf[CURL_ERROR_SIZE];
};

static const struct option genhash_long[] = {
	{"use-ssl", no_argument, NULL, 'S'},
	{"use-sni", no_argument, NULL, 'I'},
	{"server", required_argument, NULL, 's'},
	{"port", required_argument, NULL, 'p'},
	{"url", required_argument, NULL, 'u'},
	{"use-virtualhost", required_argument, NULL, 'V'},
	{"verbose", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{"fwmark", required_argument, NULL, 'm'},
	{"protocol", required_argument, NULL, 'P'},
	{"timeout", required_argument, NULL, 't'},
	{"genhash", no_argument, NULL, 'T'},
	{NULL, 0, NULL, 0},
};

bool
genhash_wanted(int argc, char **argv)
{
	const char *base;

	if (argc < 1 || !argv[0])
		return false;
	base = strrchr(argv[0], '/');
	base = base ? base + 1 : argv[0];
	if (!strcmp(base, GENHASH_PROG))
		return true;
	return argc > 1 && (!strcmp(argv[1], "-T") || !strcmp(argv[1], "--genhash"));
}

static int
parse_num(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!s || !*s || *s == '-')
		return -1;
	v = strtoul(s, &end, 0);
	if (*end || v > max)
		return -1;
	*out = v;
	return 0;
}

static int
parse_one(struct genhash_opts *o, int c, const char *arg, char *err, size_t errlen)
{
	unsigned long v;

	switch (c) {
	case 'T': /* --genhash itself */
		return 0;
	case 'S':
		o->ssl = true;
		return 0;
	case 'I':
		o->sni = true;
		return 0;
	case 's':
		o->server = arg;
		return 0;
	case 'u':
		o->url = arg;
		return 0;
	case 'V':
		o->vhost = arg;
		return 0;
	case 'v':
		o->verbose = true;
		return 0;
	case 'h':
		o->help = true;
		return 0;
	case 'p':
		if (parse_num(arg, 65535, &v) < 0 || v == 0)
			break;
		o->port = (unsigned)v;
		return 0;
	case 'm':
		if (parse_num(arg, 0xffffffffUL, &v) < 0)
			break;
		o->fwmark = (unsigned)v;
		return 0;
	case 't':
		if (parse_num(arg, 86400, &v) < 0 || v == 0)
			break;
		o->timeout_s = (long)v;
		return 0;
	case 'P':
		if (!strcmp(arg, "1.0"))
			o->proto = GENHASH_HTTP_1_0;
		else if (!strcasecmp(arg, "1.0c"))
			o->proto = GENHASH_HTTP_1_0C;
		else if (!strcmp(arg, "1.1"))
			o->proto = GENHASH_HTTP_1_1;
		else
			break;
		return 0;
	default:
		snprintf(err, errlen, "unrecognised option (try -h)");
		return -1;
	}
	snprintf(err, errlen, "invalid value '%s' for -%c", arg, c);
	return -1;
}

int
genhash_parse(int argc, char **argv, struct genhash_opts *o, char *err, size_t errlen)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->timeout_s = 5;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+TSIs:p:u:V:vhm:P:t:", genhash_long, NULL)) != -1) {
		if (c == '?' || c == ':') {
			if (optopt)
				snprintf(err, errlen, "option -%c: unknown or missing argument",
					 optopt);
			else
				snprintf(err, errlen, "unrecognised option '%s'", argv[optind - 1]);
			return -1;
		}
		if (parse_one(o, c, optarg, err, errlen) < 0)
			return -1;
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (o->help)
		return 0;
	if (!o->server || !o->port || !o->url) {
		snprintf(err, errlen, "-s server, -p port and -u url are required");
		return -1;
	}
	if (o->url[0] != '/') {
		snprintf(err, errlen, "the url must start with '/': '%s'", o->url);
		return -1;
	}
	return 0;
}

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: %s -s server -p port -u url [-S [-I]] [-V virtualhost] [-P 1.0|1.0c|1.1]\n"
		"       [-m fwmark] [-t timeout] [-v]\n"
		"   or: vigild --genhash (the same options)\n"
		"Prints the MD5 digest of the body HTTP_GET (SSL_GET with -S) would compare.\n\n"
		"  -s, --server=ADDR            server address\n"
		"  -p, --port=PORT              server port\n"
		"  -u, --url=PATH               url path (the request target)\n"
		"  -S, --use-ssl                use TLS (no certificate verification)\n"
		"  -I, --use-sni                send SNI (the virtualhost, see -V)\n"
		"  -V, --use-virtualhost=NAME   Host: header (default server:port)\n"
		"  -P, --protocol=1.0|1.0c|1.1  HTTP version; 1.0c is 1.0 with Connection: close\n"
		"  -m, --fwmark=MARK            firewall mark of the connection\n"
		"  -t, --timeout=SECONDS        connect and read timeout (default 5)\n"
		"  -v, --verbose                dump headers, body and digest\n"
		"  -h, --help                   this help\n"
		"Exit status: 0 digest printed, 1 request failed, 2 bad options.\n",
		GENHASH_PROG);
}

/* keepalived's dump: decimal offset, 16 bytes in hex split by '-', then the text. */
static void
hexdump(const unsigned char *p, size_t n, size_t base)
{
	for (size_t off = 0; off < n; off += 16) {
		char text[17];
		size_t i;

		printf("%04zu  ", base + off);
		for (i = 0; i < 16; i++) {
			if (i == 8)
				fputs("- ", stdout);
			if (off + i < n)
				printf("%02x ", p[off + i]);
			else
				fputs("   ", stdout);
			text[i] =
				off + i < n ? (isprint(p[off + i]) ? (char)p[off + i] : '.') : ' ';
		}
		text[16] = '\0';
		printf("  %s\n", text);
	}
}

static void
show_head(struct genhash_run *r)
{
	if (!r->o->verbose || r->head_shown)
		return;
	r->head_shown = true;
	printf(BANNER_FMT, "    HTTP Header Buffer    ");
	hexdump((const unsigned char *)r->head, r->head_len, 0);
	printf(BANNER_FMT, " HTTP Header Ascii Buffer ");
	fwrite(r->head, 1, r->head_len, stdout);
	putchar('\n');
}

static void
body_cb(void *arg, const uint8_t *p, size_t n, unsigned kinds)
{
	struct genhash_run *r = arg;

	if (!(kinds & HC_HTTP_RAW))
		return;
	EVP_DigestUpdate(r->md, p, n);
	if (r->o->verbose) {
		show_head(r);
		hexdump(p, n, r->body_off);
		r->body_off += n;
	}
}

static size_t
header_cb(char *b, size_t size, size_t nmemb, void *arg)
{
	struct genhash_run *r = arg;
	size_t n = size * nmemb;

	if (r->o->verbose) {
		if (r->head_len + n > r->head_cap) {
			size_t cap = (r->head_len + n) * 2;
			char *nb = realloc(r->head, cap);

			if (!nb)
				return 0;
			r->head = nb;
			r->head_cap = cap;
		}
		memcpy(r->head + r->head_len, b, n);
		r->head_len += n;
	}
	return hc_http_parse(&r->parser, (const uint8_t *)b, n) == HC_HTTP_ERROR ? 0 : n;
}

static size_t
data_cb(char *b, size_t size, size_t nmemb, void *arg)
{
	struct genhash_run *r = arg;
	size_t n = size * nmemb;
	enum hc_http_state st = hc_http_parse(&r->parser, (const uint8_t *)b, n);

	/* the response is complete (or broken): stop reading, as hc_http does */
	return st == HC_HTTP_DONE || st == HC_HTTP_ERROR ? 0 : n;
}

static int
sockopt_cb(void *arg, curl_socket_t fd, curlsocktype purpose)
{
	const struct genhash_opts *o = arg;
	uint32_t mark = o->fwmark;

	(void)purpose;
	if (mark && setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)) < 0)
		return CURL_SOCKOPT_ERROR;
	return CURL_SOCKOPT_OK;
}

/* The server as a URL host: IPv6 literals in brackets. */
static void
host_literal(char *buf, size_t len, const char *server)
{
	snprintf(buf, len, strchr(server, ':') && server[0] != '[' ? "[%s]" : "%s", server);
}

/* Sets the request up on e; the lists are the caller's to free after the transfer. */
static void
setup(CURL *e, struct genhash_run *r, struct curl_slist **headers, struct curl_slist **connect_to)
{
	const struct genhash_opts *o = r->o;
	char ip[300], line[1200], url[1200];
	const char *host;

	host_literal(ip, sizeof(ip), o->server);
	if (o->vhost)
		snprintf(line, sizeof(line), "Host: %s", o->vhost);
	else
		snprintf(line, sizeof(line), "Host: %s:%u", ip, o->port);
	*headers = curl_slist_append(NULL, line);
	*headers = curl_slist_append(*headers, "Accept:");
	if (o->proto != GENHASH_HTTP_1_0)
		*headers = curl_slist_append(*headers, "Connection: close");
	snprintf(line, sizeof(line), "::%s:%u", ip, o->port);
	*connect_to = curl_slist_append(NULL, line);
	/* The URL's host is what SNI sends: an IP literal sends none. */
	host = o->ssl && o->sni && o->vhost ? o->vhost : ip;
	snprintf(url, sizeof(url), "%s://%s:%u/", o->ssl ? "https" : "http", host, o->port);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_REQUEST_TARGET, o->url);
	curl_easy_setopt(e, CURLOPT_CONNECT_TO, *connect_to);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, *headers);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION,
			 o->proto == GENHASH_HTTP_1_1 ? (long)CURL_HTTP_VERSION_1_1
						      : (long)CURL_HTTP_VERSION_1_0);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "KeepAliveClient");
	curl_easy_setopt(e, CURLOPT_HTTP_TRANSFER_DECODING, 0L);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, data_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, o->timeout_s);
	/* no byte for timeout_s seconds: a read timeout, as keepalived's */
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, o->timeout_s);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	if (o->fwmark) {
		curl_easy_setopt(e, CURLOPT_SOCKOPTFUNCTION, sockopt_cb);
		curl_easy_setopt(e, CURLOPT_SOCKOPTDATA, (void *)(uintptr_t)o);
	}
}

static void
show_digest(struct genhash_run *r, const unsigned char *md, unsigned len, long usecs)
{
	char hex[2 * EVP_MAX_MD_SIZE + 1];

	for (unsigned i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[2 * len] = '\0';
	if (!r->o->verbose) {
		printf("%s\n", hex);
		return;
	}
	show_head(r);
	putchar('\n');
	printf(BANNER_FMT, "    HTML hash resulting    ");
	hexdump(md, len, 0);
	printf(BANNER_FMT, " HTML hash final resulting ");
	printf("%s\n\nGlobal response time for [%s] = %ld usecs\n", hex, r->o->url, usecs);
}

static long
usecs_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long)(t1.tv_sec - t0->tv_sec) * 1000000L + (t1.tv_nsec - t0->tv_nsec) / 1000;
}

/* Why the transfer failed, for stderr; NULL when a digest can be printed. */
static const char *
failure(struct genhash_run *r, CURLcode res)
{
	if (res == CURLE_OK)
		hc_http_parse_eof(&r->parser);
	else if (!(res == CURLE_WRITE_ERROR && r->parser.state == HC_HTTP_DONE))
		return r->parser.state == HC_HTTP_ERROR ? r->parser.err
		       : r->errbuf[0]			? r->errbuf
							: curl_easy_strerror(res);
	if (r->parser.state == HC_HTTP_ERROR)
		return r->parser.err;
	if (!hc_http_headers_done(&r->parser))
		return "no complete HTTP response";
	return NULL;
}

static int
fetch(const struct genhash_opts *o)
{
	struct genhash_run r = {.o = o};
	struct curl_slist *headers = NULL, *connect_to = NULL;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	struct timespec t0;
	const char *why;
	CURL *e;
	int code = 1;

	r.md = EVP_MD_CTX_new();
	e = curl_easy_init();
	if (!r.md || !e || !EVP_DigestInit_ex(r.md, EVP_md5(), NULL)) {
		fprintf(stderr, "%s: cannot set up libcurl or OpenSSL\n", GENHASH_PROG);
		goto out;
	}
	hc_http_parser_init(&r.parser, body_cb, &r);
	setup(e, &r, &headers, &connect_to);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	why = failure(&r, curl_easy_perform(e));
	if (why) {
		printf("Connection failed\n");
		fprintf(stderr, "%s: %s:%u%s: %s\n", GENHASH_PROG, o->server, o->port, o->url, why);
		if (o->verbose)
			printf("\nGlobal response time for [%s] = %ld usecs\n", o->url,
			       usecs_since(&t0));
		goto out;
	}
	EVP_DigestFinal_ex(r.md, md, &mdlen);
	show_digest(&r, md, mdlen, usecs_since(&t0));
	if (r.parser.status < 200 || r.parser.status > 299)
		fprintf(stderr,
			"%s: note: HTTP status %u (HTTP_GET's default status_code is 200-299)\n",
			GENHASH_PROG, r.parser.status);
	code = 0;
out:
	curl_slist_free_all(headers);
	curl_slist_free_all(connect_to);
	if (e)
		curl_easy_cleanup(e);
	EVP_MD_CTX_free(r.md);
	free(r.head);
	fflush(stdout);
	return code;
}

int
genhash_main(int argc, char **argv)
{
	struct genhash_opts o;
	char err[256];
	int code;

	if (genhash_parse(argc, argv, &o, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s\n", GENHASH_PROG, err);
		usage(stderr);
		return 2;
	}
	if (o.help) {
		usage(stdout);
		return 0;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "%s: cannot initialise libcurl\n", GENHASH_PROG);
		return 1;
	}
	code = fetch(&o);
	curl_global_cleanup();
	return code;
}
