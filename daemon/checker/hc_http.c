/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_http: HTTP_GET and SSL_GET. Each run fetches one url { } with
 * keepalived's request (GET path HTTP/1.0 or 1.1, User-Agent:
 * KeepAliveClient, Host: virtualhost or ip:port, Connection: close for
 * 1.0C and 1.1) through libcurl on our loop, parses the response with
 * hc_http_parse, and passes when the status is in the url's ranges and the
 * MD5 of the body equals its digest. URLs are cycled as keepalived does:
 * the next URL after a pass, the same URL again after a failure, and all
 * URLs must pass before a down checker is up again. No certificate
 * verification (as keepalived). Never blocks.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <openssl/evp.h>

#include "checker/hc_http_parse.h"
#include "checker/hc_http_priv.h"
#include "util/log.h"
#include "util/xalloc.h"

/* What a run of one url { } sets on the easy handle. */
struct hc_http_url {
	char *url; /* scheme://host:port/ (host: the IP literal or the SNI name) */
	struct curl_slist *headers;
};

struct hc_http {
	struct curl_ev_xfer x; /* x.easy lives as long as the checker, reused by every run */
	struct hc_checker *c;
	struct hc_http_url *urls; /* one per conf url, built with the easy handle */
	struct curl_slist *connect_to;
	size_t url_it; /* the URL the next run fetches */
	size_t passes; /* URLs passed in a row while the checker is down */
	struct hc_http_parser parser;
	EVP_MD_CTX *md_raw, *md_dec;
	struct ev_timer idle; /* connect_timeout without any progress */
	uint64_t progress_at; /* loop time of the last progress of the run */
	char errbuf[CURL_ERROR_SIZE];
};

static const struct conf_url *
cur_url(const struct hc_http *h)
{
	return &h->c->conf->u.http.urls[h->url_it];
}

static void
body_cb(void *arg, const uint8_t *p, size_t n, unsigned kinds)
{
	struct hc_http *h = arg;

	if (kinds & HC_HTTP_RAW)
		EVP_DigestUpdate(h->md_raw, p, n);
	if (kinds & HC_HTTP_DECODED)
		EVP_DigestUpdate(h->md_dec, p, n);
}

static size_t
data_cb(char *b, size_t size, size_t nmemb, void *arg)
{
	struct hc_http *h = arg;
	size_t n = size * nmemb;
	enum hc_http_state st;

	h->progress_at = ev_now(hc_checker_loop(h->c));
	st = hc_http_parse(&h->parser, (const uint8_t *)b, n);
	/* stop reading once the response is complete (or broken): no need for EOF */
	return st == HC_HTTP_DONE || st == HC_HTTP_ERROR ? 0 : n;
}

static size_t
header_cb(char *b, size_t size, size_t nmemb, void *arg)
{
	struct hc_http *h = arg;
	size_t n = size * nmemb;

	h->progress_at = ev_now(hc_checker_loop(h->c));
	return hc_http_parse(&h->parser, (const uint8_t *)b, n) == HC_HTTP_ERROR ? 0 : n;
}

static int
sockopt_cb(void *arg, curl_socket_t fd, curlsocktype purpose)
{
	const struct conf_checker *cc = arg;
	uint32_t mark = cc->fwmark;

	(void)purpose;
	if (mark && setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)) < 0)
		return CURL_SOCKOPT_ERROR;
	if (cc->bind_if && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, cc->bind_if,
				      (socklen_t)strlen(cc->bind_if)) < 0)
		return CURL_SOCKOPT_ERROR;
	return CURL_SOCKOPT_OK;
}

/* "1.2.3.4" or "[2001:db8::1]". */
static void
ip_literal(char *buf, size_t len, const struct conf_addr *a)
{
	char ip[INET6_ADDRSTRLEN] = "0.0.0.0";

	inet_ntop(a->family == AF_INET6 ? AF_INET6 : AF_INET, &a->u, ip, sizeof(ip));
	snprintf(buf, len, a->family == AF_INET6 ? "[%s]" : "%s", ip);
}

static struct curl_slist *
url_headers(const struct conf_checker *cc, const struct conf_url *u, const char *ip)
{
	struct curl_slist *l;
	char line[1024];

	if (u->virtualhost)
		snprintf(line, sizeof(line), "Host: %s", u->virtualhost);
	else
		snprintf(line, sizeof(line), "Host: %s:%u", ip, cc->connect_port);
	l = curl_slist_append(NULL, line);
	l = curl_slist_append(l, "Accept:");
	if (cc->u.http.proto != CONF_HTTP_1_0)
		l = curl_slist_append(l, "Connection: close");
	return l;
}

static void
set_tls(struct hc_http *h, CURL *e)
{
	const struct conf_ssl *ssl = h->c->rs->eng->conf->ssl;

	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	if (!ssl)
		return;
	if (ssl->certificate)
		curl_easy_setopt(e, CURLOPT_SSLCERT, ssl->certificate);
	if (ssl->key)
		curl_easy_setopt(e, CURLOPT_SSLKEY, ssl->key);
	if (ssl->password)
		curl_easy_setopt(e, CURLOPT_KEYPASSWD, ssl->password);
	if (ssl->ca)
		curl_easy_setopt(e, CURLOPT_CAINFO, ssl->ca);
}

static bool
uses_sni(const struct conf_checker *cc)
{
	return cc->type == CONF_CHECK_SSL && cc->u.http.enable_sni;
}

/* The host part of the URL: what SNI sends (an IP literal sends none). */
static const char *
url_host(const struct conf_checker *cc, const struct conf_url *u, const char *ip)
{
	if (!uses_sni(cc))
		return ip;
	if (cc->u.http.sni_name)
		return cc->u.http.sni_name;
	return u->virtualhost ? u->virtualhost : ip;
}

/*
 * The URL and headers of every url { }, and the CONNECT_TO that sends a
 * name in the URL (SNI) to connect_ip: an IP literal needs none.
 */
static void
build_urls(struct hc_http *h, const char *ip)
{
	const struct conf_checker *cc = h->c->conf;
	size_t i, n = cc->u.http.nurls;

	h->urls = xcalloc(n, sizeof(*h->urls));
	for (i = 0; i < n; i++) {
		const struct conf_url *u = &cc->u.http.urls[i];

		h->urls[i].url =
			xasprintf("%s://%s:%u/", cc->type == CONF_CHECK_SSL ? "https" : "http",
				  url_host(cc, u, ip), cc->connect_port);
		h->urls[i].headers = url_headers(cc, u, ip);
	}
	if (uses_sni(cc)) {
		char line[INET6_ADDRSTRLEN + 16];

		snprintf(line, sizeof(line), "::%s:%u", ip, cc->connect_port);
		h->connect_to = curl_slist_append(NULL, line);
	}
}

/*
 * The checker's easy handle, made once: every run adds it again with a
 * fresh connection (FRESH_CONNECT, FORBID_REUSE, no TLS session reuse), as
 * keepalived opens a new one per check.
 */
static CURL *
make_easy(struct hc_http *h)
{
	const struct conf_checker *cc = h->c->conf;
	CURL *e = curl_easy_init();
	char ip[INET6_ADDRSTRLEN + 2], iface[80];

	if (!e)
		return NULL;
	ip_literal(ip, sizeof(ip), &cc->connect_ip);
	build_urls(h, ip);
	if (h->connect_to)
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, h->connect_to);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION,
			 cc->u.http.proto == CONF_HTTP_1_1 ? (long)CURL_HTTP_VERSION_1_1
							   : (long)CURL_HTTP_VERSION_1_0);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "KeepAliveClient");
	curl_easy_setopt(e, CURLOPT_HTTP_TRANSFER_DECODING, 0L);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, h);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, data_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	/* Addresses are literal: libcurl 7.88 still caches each one and walks its DNS
	 * cache on every resolve, which grows with the number of real servers. */
	curl_easy_setopt(e, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
	curl_easy_setopt(e, CURLOPT_SSL_SESSIONID_CACHE, 0L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)(cc->connect_timeout_us / 1000));
	if (cc->bindto.family) {
		char bip[INET6_ADDRSTRLEN] = "";

		inet_ntop(cc->bindto.family, &cc->bindto.u, bip, sizeof(bip));
		snprintf(iface, sizeof(iface), "host!%s", bip);
		curl_easy_setopt(e, CURLOPT_INTERFACE, iface);
	}
	if (cc->bind_port) {
		curl_easy_setopt(e, CURLOPT_LOCALPORT, (long)cc->bind_port);
		curl_easy_setopt(e, CURLOPT_LOCALPORTRANGE, 1L);
	}
	if (cc->fwmark || cc->bind_if) {
		curl_easy_setopt(e, CURLOPT_SOCKOPTFUNCTION, sockopt_cb);
		curl_easy_setopt(e, CURLOPT_SOCKOPTDATA, cc);
	}
	if (cc->type == CONF_CHECK_SSL)
		set_tls(h, e);
	return e;
}

/* Ends the run; the easy handle stays for the next one. */
static void
release(struct hc_http *h)
{
	ev_timer_stop(hc_checker_loop(h->c), &h->idle);
	hc_curl_detach(h->c->rs->eng, &h->x);
}

/* Lowercase hex MD5 of what ctx has seen. */
static void
md5_hex(EVP_MD_CTX *ctx, char out[33])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0, i;

	EVP_DigestFinal_ex(ctx, md, &len);
	for (i = 0; i < len && i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	out[2 * i] = '\0';
}

static bool
status_ok(const struct conf_url *u, unsigned code)
{
	size_t i;

	for (i = 0; i < u->nstatus; i++)
		if (code >= u->status[i].lo && code <= u->status[i].hi)
			return true;
	return false;
}

static void
pass(struct hc_http *h)
{
	struct hc_checker *c = h->c;
	size_t n = c->conf->u.http.nurls;

	h->url_it = (h->url_it + 1) % n;
	if (c->up) {
		h->passes = 0;
		hc_checker_done(c, HC_RES_UP, "Remote Web server %s succeed on service.", c->label);
		return;
	}
	if (++h->passes < n) {
		hc_checker_done(c, HC_RES_PARTIAL, NULL);
		return;
	}
	h->passes = 0;
	hc_checker_done(c, HC_RES_UP, "Remote Web server %s succeed on service.", c->label);
}

/* Why a transfer that did not end well failed, in keepalived's words. */
static void
transfer_failed(struct hc_http *h, CURLcode res, bool connected)
{
	struct hc_checker *c = h->c;
	const char *why = h->errbuf[0] ? h->errbuf : curl_easy_strerror(res);

	h->passes = 0;
	if (h->parser.state == HC_HTTP_ERROR && h->parser.header_bytes)
		hc_checker_done(c, HC_RES_DOWN, "Read error with server %s: %s", c->label,
				h->parser.err);
	else if (res == CURLE_OPERATION_TIMEDOUT && !connected)
		hc_checker_done(c, HC_RES_DOWN, "Timeout connecting server %s.", c->label);
	else if (res == CURLE_COULDNT_CONNECT)
		hc_checker_done(c, HC_RES_DOWN, "Error connecting server %s. (%s)", c->label, why);
	else if (res == CURLE_SSL_CONNECT_ERROR)
		hc_checker_done(c, HC_RES_DOWN,
				"SSL handshake/communication error connecting to server %s. (%s)",
				c->label, why);
	else if (!h->parser.header_bytes &&
		 (res == CURLE_UNSUPPORTED_PROTOCOL || res == CURLE_WEIRD_SERVER_REPLY))
		hc_checker_done(c, HC_RES_DOWN,
				"Read error with server %s: not an HTTP response (%s)", c->label,
				why);
	else if (res == CURLE_OUT_OF_MEMORY && !hc_http_headers_done(&h->parser))
		/* libcurl 7.88 says "Out of memory" for a header line over 100 KB */
		hc_checker_done(c, HC_RES_DOWN,
				"Read error with server %s: response header too large", c->label);
	else if (res == CURLE_GOT_NOTHING || !h->parser.header_bytes)
		hc_checker_done(c, HC_RES_DOWN, "Read, no data received from server %s.", c->label);
	else
		hc_checker_done(c, HC_RES_DOWN, "Read error with server %s: %s", c->label, why);
}

static void
evaluate(struct hc_http *h)
{
	struct hc_checker *c = h->c;
	const struct conf_url *u = cur_url(h);
	char dec[33], raw[33];

	if (!status_ok(u, h->parser.status)) {
		h->passes = 0;
		hc_checker_done(c, HC_RES_DOWN,
				"HTTP status code error to %s url(%s), status_code [%u].", c->label,
				u->path, h->parser.status);
		return;
	}
	md5_hex(h->md_dec, dec);
	md5_hex(h->md_raw, raw);
	/* The entity's MD5 (md5sum of the file), or keepalived's (chunk framing included). */
	if (u->digest && strcasecmp(u->digest, dec) && strcasecmp(u->digest, raw)) {
		h->passes = 0;
		hc_checker_done(c, HC_RES_DOWN, "MD5 digest error to %s url(%s), MD5SUM [%s].",
				c->label, u->path, dec);
		return;
	}
	pass(h);
}

static void
xfer_done(struct curl_ev_xfer *x, CURLcode res)
{
	struct hc_http *h = (struct hc_http *)x;
	curl_off_t connect_us = 0;

	curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &connect_us);
	release(h);
	if (res == CURLE_OK)
		hc_http_parse_eof(&h->parser);
	if (res != CURLE_OK && !(res == CURLE_WRITE_ERROR && h->parser.state == HC_HTTP_DONE)) {
		transfer_failed(h, res, connect_us > 0);
		return;
	}
	if (!hc_http_headers_done(&h->parser)) {
		transfer_failed(h, res, true);
		return;
	}
	evaluate(h);
}

static void
on_idle(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct hc_http *h = arg;
	curl_off_t connect_us = 0;
	uint64_t due = h->progress_at + h->c->conf->connect_timeout_us;

	if (ev_now(loop) < due) { /* progress since the timer was set: wait on */
		ev_timer_start_at(loop, t, due);
		return;
	}
	curl_easy_getinfo(h->x.easy, CURLINFO_CONNECT_TIME_T, &connect_us);
	release(h);
	h->passes = 0;
	if (connect_us > 0)
		hc_checker_done(h->c, HC_RES_DOWN, "Timeout WEB read server %s.", h->c->label);
	else
		hc_checker_done(h->c, HC_RES_DOWN, "Timeout connecting server %s.", h->c->label);
}

static void
http_start(struct hc_checker *c)
{
	struct hc_http *h = c->priv;

	h->errbuf[0] = '\0';
	hc_http_parser_init(&h->parser, body_cb, h);
	EVP_DigestInit_ex(h->md_raw, EVP_md5(), NULL);
	EVP_DigestInit_ex(h->md_dec, EVP_md5(), NULL);
	if (!h->x.easy)
		h->x.easy = make_easy(h);
	if (h->x.easy) {
		curl_easy_setopt(h->x.easy, CURLOPT_URL, h->urls[h->url_it].url);
		curl_easy_setopt(h->x.easy, CURLOPT_REQUEST_TARGET, cur_url(h)->path);
		curl_easy_setopt(h->x.easy, CURLOPT_HTTPHEADER, h->urls[h->url_it].headers);
	}
	if (!h->x.easy || hc_curl_add(c->rs->eng, &h->x) < 0) {
		release(h);
		hc_checker_done(c, HC_RES_DOWN, "Error connecting server %s. (libcurl setup)",
				c->label);
		return;
	}
	h->progress_at = ev_now(hc_checker_loop(c));
	ev_timer_start(hc_checker_loop(c), &h->idle, c->conf->connect_timeout_us);
}

static int
http_init(struct hc_checker *c)
{
	struct hc_http *h = x_new(struct hc_http);
	size_t i;

	h->c = c;
	h->x.done = xfer_done;
	h->md_raw = EVP_MD_CTX_new();
	h->md_dec = EVP_MD_CTX_new();
	ev_timer_init(&h->idle, on_idle, h);
	c->priv = h;
	if (!h->md_raw || !h->md_dec || !c->conf->u.http.nurls) {
		log_warnx("%s: cannot set up the HTTP check of %s", __func__, c->label);
		return -1;
	}
	for (i = 0; i < c->conf->u.http.nurls; i++)
		if (c->conf->u.http.urls[i].regex)
			log_warnx(
				"url %s of %s: regex is not supported; only the status and digest "
				"are checked",
				c->conf->u.http.urls[i].path, c->label);
	return 0;
}

static void
http_cancel(struct hc_checker *c)
{
	release(c->priv);
}

static void
http_free(struct hc_checker *c)
{
	struct hc_http *h = c->priv;
	size_t i;

	if (!h)
		return;
	release(h);
	hc_curl_remove(h->c->rs->eng, &h->x);
	if (h->urls) {
		for (i = 0; i < h->c->conf->u.http.nurls; i++) {
			free(h->urls[i].url);
			curl_slist_free_all(h->urls[i].headers);
		}
		free(h->urls);
	}
	curl_slist_free_all(h->connect_to);
	EVP_MD_CTX_free(h->md_raw);
	EVP_MD_CTX_free(h->md_dec);
	free(h);
	c->priv = NULL;
}

static void
http_dump(const struct hc_checker *c, FILE *out)
{
	const struct hc_http *h = c->priv;

	fprintf(out, "     next url %s (%zu of %zu)\n", cur_url(h)->path, h->url_it + 1,
		c->conf->u.http.nurls);
}

static void
http_migrate(struct hc_checker *to, const struct hc_checker *from)
{
	struct hc_http *n = to->priv;
	const struct hc_http *o = from->priv;

	n->url_it = o->url_it;
	n->passes = o->passes;
}

static bool
url_same(const struct conf_url *a, const struct conf_url *b)
{
	size_t i;

	if (!hc_str_eq(a->path, b->path) || !hc_str_eq(a->digest, b->digest) ||
	    !hc_str_eq(a->virtualhost, b->virtualhost) || !hc_str_eq(a->regex, b->regex) ||
	    a->regex_no_match != b->regex_no_match || a->nstatus != b->nstatus)
		return false;
	for (i = 0; i < a->nstatus; i++)
		if (a->status[i].lo != b->status[i].lo || a->status[i].hi != b->status[i].hi)
			return false;
	return true;
}

static bool
http_same_as(const struct conf_checker *a, const struct conf_checker *b)
{
	const struct conf_http_check *x = &a->u.http, *y = &b->u.http;
	size_t i;

	if (x->proto != y->proto || x->enable_sni != y->enable_sni ||
	    !hc_str_eq(x->sni_name, y->sni_name) || x->nurls != y->nurls)
		return false;
	for (i = 0; i < x->nurls; i++)
		if (!url_same(&x->urls[i], &y->urls[i]))
			return false;
	return true;
}

const struct hc_ops hc_http_ops = {
	.name = "HTTP_CHECK",
	.init = http_init,
	.start = http_start,
	.cancel = http_cancel,
	.free = http_free,
	.dump = http_dump,
	.same_as = http_same_as,
	.migrate = http_migrate,
	.down_uses_max_delay = true,
};

int
hc_curl_add(struct hc_engine *e, struct curl_ev_xfer *x)
{
	if (!e->http)
		e->http = curl_ev_new(e->loop);
	return e->http ? curl_ev_add(e->http, x) : -1;
}

void
hc_curl_detach(struct hc_engine *e, struct curl_ev_xfer *x)
{
	if (e->http)
		curl_ev_detach(e->http, x);
}

void
hc_curl_remove(struct hc_engine *e, struct curl_ev_xfer *x)
{
	if (e->http) {
		curl_ev_remove(e->http, x);
	} else if (x->easy) {
		curl_easy_cleanup(x->easy);
		x->easy = NULL;
	}
}
