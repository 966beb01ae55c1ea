/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_hc_http: HTTP_GET and SSL_GET through the whole engine and libcurl
 * on a real loop, against a small server forked by the test on 127.0.0.1
 * (plain, or TLS with a self-signed certificate made at test time): the
 * request keepalived sends, status ranges, MD5 digests computed here
 * independently, chunked bodies, a slow server timing out, URL cycling,
 * refused connections, SNI and client certificates.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#include "checker/hc_engine.h"
#include "conf/conf.h"
#include "ev/ev.h"
#include "test/unit/hc_test_util.h"

#define BODY_OK	    "hello vigil\n"
#define CHUNKED_DEC "hello chunked\n"
#define CHUNKED_RAW "6\r\nhello \r\n8\r\nchunked\n\r\n0\r\n\r\n"

static char reqlog[128];
static unsigned port;

/* --- the server (child process) ---------------------------------------------------------- */

struct conn {
	int fd;
	SSL *ssl;
};

static ssize_t
conn_read(struct conn *c, char *b, size_t n)
{
	return c->ssl ? SSL_read(c->ssl, b, (int)n) : read(c->fd, b, n);
}

static void
conn_write(struct conn *c, const char *s)
{
	if (c->ssl)
		SSL_write(c->ssl, s, (int)strlen(s));
	else if (write(c->fd, s, strlen(s)) < 0)
		_exit(3);
}

static const char *
response_for(const char *req)
{
	if (!strncmp(req, "GET /notfound ", 14))
		return "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found";
	if (!strncmp(req, "GET /chunked ", 13))
		return "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" CHUNKED_RAW;
	if (!strncmp(req, "GET /eof ", 9))
		return "HTTP/1.0 200 OK\r\n\r\nuntil eof\n";
	if (!strncmp(req, "GET /slow ", 10))
		sleep(3);
	return "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n" BODY_OK;
}

static void
log_request(const char *req, SSL *ssl, unsigned peer_port)
{
	FILE *f = fopen(reqlog, "a");
	const char *sni = ssl ? SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name) : NULL;
	X509 *peer = ssl ? SSL_get_peer_certificate(ssl) : NULL;

	if (!f)
		_exit(3);
	fprintf(f, "%ssni=%s\r\nclientcert=%s\r\npeerport=%u\r\n----\n", req, sni ? sni : "(none)",
		peer ? "yes" : "no", peer_port);
	X509_free(peer);
	fclose(f);
}

static void
serve_one(int fd, SSL_CTX *ctx)
{
	struct conn c = {.fd = fd};
	struct sockaddr_in peer = {0};
	socklen_t plen = sizeof(peer);
	char req[4096];
	size_t n = 0;
	ssize_t r;

	getpeername(fd, (struct sockaddr *)&peer, &plen);
	if (ctx) {
		c.ssl = SSL_new(ctx);
		SSL_set_fd(c.ssl, fd);
		if (SSL_accept(c.ssl) <= 0)
			goto out;
	}
	while (n < sizeof(req) - 1 && !memmem(req, n, "\r\n\r\n", 4)) {
		r = conn_read(&c, req + n, sizeof(req) - 1 - n);
		if (r <= 0)
			goto out;
		n += (size_t)r;
	}
	req[n] = '\0';
	log_request(req, c.ssl, ntohs(peer.sin_port));
	conn_write(&c, response_for(req));
	if (c.ssl)
		SSL_shutdown(c.ssl);
out:
	SSL_free(c.ssl);
	close(fd);
}

static int
accept_any(int ok, X509_STORE_CTX *x)
{
	(void)ok, (void)x;
	return 1;
}

static void
server_main(int lfd, bool tls)
{
	SSL_CTX *ctx = NULL;
	char crt[160], key[160];

	signal(SIGPIPE, SIG_IGN);
	if (tls) {
		snprintf(crt, sizeof(crt), "%s/server.crt", hct.dir);
		snprintf(key, sizeof(key), "%s/server.key", hct.dir);
		ctx = SSL_CTX_new(TLS_server_method());
		if (!ctx || SSL_CTX_use_certificate_file(ctx, crt, SSL_FILETYPE_PEM) != 1 ||
		    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1)
			_exit(2);
		/* ask for a client certificate, accept any (and none) */
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, accept_any);
	}
	for (;;) {
		int fd = accept(lfd, NULL, NULL);

		if (fd >= 0)
			serve_one(fd, ctx);
	}
}

static void
start_server(bool tls)
{
	int lfd = hct_bound(SOCK_STREAM, &port);

	ck_assert_int_eq(listen(lfd, 512), 0);
	hct.server_pid = fork();
	ck_assert_int_ge(hct.server_pid, 0);
	if (hct.server_pid == 0) {
		sigset_t all;

		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		server_main(lfd, tls);
	}
	close(lfd);
}

/* --- fixture and helpers ----------------------------------------------------------------- */

static void
setup(void)
{
	hct_setup();
	snprintf(reqlog, sizeof(reqlog), "%s/requests", hct.dir);
}

static bool
req_has(const char *needle)
{
	return strstr(hct_slurp(reqlog), needle) != NULL;
}

/* Runs an engine on the configuration text for ms. */
static void
run_conf(const char *text, uint64_t ms)
{
	struct conf *conf = hct_conf_load(text);
	struct hc_engine *e = hc_engine_new(hct.loop, conf, hct_on_report, NULL);

	hc_engine_start(e);
	hct_run_ms(ms);
	hc_engine_free(e);
	conf_free(conf);
}

/* Runs an engine on one real server at port with `checker` as its checker block for ms. */
static void
run_checker(const char *checker, uint64_t ms)
{
	hct_run_checker("TCP", port, checker, NULL, ms);
}

#define HTTP_OPTS	      "connect_timeout 0.5\n delay_before_retry 0.2\n warmup 0\n alpha\n retry 0\n"
#define HTTP_GET(extra, urls) "HTTP_GET {\n " HTTP_OPTS extra "\n" urls "\n}"

/* --- plain HTTP -------------------------------------------------------------------------- */

START_TEST(test_ok_digest_and_request_shape)
{
	char text[512], md5[33], want[160];

	start_server(false);
	snprintf(text, sizeof(text), HTTP_GET("", "url {\n path /ok\n digest %s\n}"),
		 hct_md5_hex(BODY_OK, strlen(BODY_OK), md5));
	run_checker(text, 1200);
	ck_assert(hct.last_up);
	snprintf(want, sizeof(want), "Remote Web server [127.0.0.1]:tcp:%u succeed on service.",
		 port);
	ck_assert(hct_log_has(want));
	ck_assert(req_has("GET /ok HTTP/1.0\r\n"));
	ck_assert(req_has("User-Agent: KeepAliveClient\r\n"));
	snprintf(want, sizeof(want), "Host: 127.0.0.1:%u\r\n", port);
	ck_assert(req_has(want));
	ck_assert(!req_has("Connection:"));
	ck_assert(!req_has("Accept:"));
}
END_TEST

START_TEST(test_http_1_1_virtualhost)
{
	start_server(false);
	run_checker(
		HTTP_GET("http_protocol 1.1\n virtualhost www.example.com", "url {\n path /ok\n}"),
		1200);
	ck_assert(hct.last_up);
	ck_assert(req_has("GET /ok HTTP/1.1\r\n"));
	ck_assert(req_has("Host: www.example.com\r\n"));
	ck_assert(req_has("Connection: close\r\n"));
}
END_TEST

START_TEST(test_status_mismatch_and_ranges)
{
	char want[160];

	start_server(false);
	run_checker(HTTP_GET("", "url {\n path /notfound\n}"), 1200);
	ck_assert(!hct.last_up);
	ck_assert_int_eq(hct.nreports, 1);
	snprintf(want, sizeof(want),
		 "HTTP status code error to [127.0.0.1]:tcp:%u url(/notfound), status_code [404].",
		 port);
	/* an alpha checker failing while down logs only with log_all_failures */
	ck_assert(!hct_log_has(want));
	hct_teardown();
	setup();
	start_server(false);
	run_checker(HTTP_GET("log_all_failures", "url {\n path /notfound\n}"), 1200);
	snprintf(want, sizeof(want),
		 "HTTP status code error to [127.0.0.1]:tcp:%u url(/notfound), status_code [404].",
		 port);
	ck_assert(hct_log_has(want));
	hct_teardown();
	setup();
	start_server(false);
	run_checker(HTTP_GET("", "url {\n path /notfound\n status_code 200 400-404\n}"), 1200);
	ck_assert(hct.last_up);
}
END_TEST

START_TEST(test_digest_mismatch)
{
	char want[200], md5[33];

	start_server(false);
	run_checker(HTTP_GET("log_all_failures",
			     "url {\n path /ok\n digest 00112233445566778899aabbccddeeff\n}"),
		    1200);
	ck_assert(!hct.last_up);
	snprintf(want, sizeof(want),
		 "MD5 digest error to [127.0.0.1]:tcp:%u url(/ok), MD5SUM [%s].", port,
		 hct_md5_hex(BODY_OK, strlen(BODY_OK), md5));
	ck_assert(hct_log_has(want));
}
END_TEST

START_TEST(test_chunked_digests)
{
	char text[512], md5[33];

	start_server(false);
	/* md5sum of the entity */
	snprintf(text, sizeof(text),
		 HTTP_GET("http_protocol 1.1", "url {\n path /chunked\n digest %s\n}"),
		 hct_md5_hex(CHUNKED_DEC, strlen(CHUNKED_DEC), md5));
	run_checker(text, 1200);
	ck_assert(hct.last_up);
	hct_teardown();
	setup();
	start_server(false);
	/* keepalived's digest of the raw framing is accepted too */
	snprintf(text, sizeof(text),
		 HTTP_GET("http_protocol 1.1", "url {\n path /chunked\n digest %s\n}"),
		 hct_md5_hex(CHUNKED_RAW, strlen(CHUNKED_RAW), md5));
	run_checker(text, 1200);
	ck_assert(hct.last_up);
}
END_TEST

START_TEST(test_body_until_eof)
{
	char text[512], md5[33];

	start_server(false);
	snprintf(text, sizeof(text), HTTP_GET("", "url {\n path /eof\n digest %s\n}"),
		 hct_md5_hex("until eof\n", strlen("until eof\n"), md5));
	run_checker(text, 1200);
	ck_assert(hct.last_up);
}
END_TEST

START_TEST(test_slow_server_times_out)
{
	char want[160];

	start_server(false);
	run_checker(HTTP_GET("log_all_failures", "url {\n path /slow\n}"), 1800);
	ck_assert(!hct.last_up);
	snprintf(want, sizeof(want), "Timeout WEB read server [127.0.0.1]:tcp:%u.", port);
	ck_assert(hct_log_has(want));
}
END_TEST

START_TEST(test_refused)
{
	char want[160];

	/* the server's port, once it is gone: nobody listens there */
	start_server(false);
	kill(hct.server_pid, SIGKILL);
	waitpid(hct.server_pid, NULL, 0);
	hct.server_pid = 0;
	run_checker(HTTP_GET("log_all_failures", "url {\n path /ok\n}"), 1200);
	ck_assert(!hct.last_up);
	snprintf(want, sizeof(want), "Error connecting server [127.0.0.1]:tcp:%u.", port);
	ck_assert(hct_log_has(want));
}
END_TEST

START_TEST(test_url_cycling)
{
	const char *r;

	start_server(false);
	/* down (alpha): /ok passes, then /eof must pass too before it is up */
	run_checker(HTTP_GET("", "url {\n path /ok\n}\n url {\n path /eof\n}"), 1800);
	ck_assert(hct.last_up);
	ck_assert_int_eq(hct.nreports, 2);
	r = hct_slurp(reqlog);
	r = strstr(r, "GET /ok ");
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(strstr(r, "GET /eof "));
	/* while up, the URLs alternate */
	ck_assert_ptr_nonnull(strstr(strstr(r, "GET /eof "), "GET /ok "));
}
END_TEST

/* The value of "peerport=" in each logged request, in order; returns how many. */
static size_t
peer_ports(unsigned *out, size_t max)
{
	const char *r = hct_slurp(reqlog);
	size_t n = 0;

	while (n < max && (r = strstr(r, "peerport=")))
		out[n++] = (unsigned)strtoul(r += 9, NULL, 10);
	return n;
}

START_TEST(test_reused_handle_fresh_connections)
{
	const char *r, *end;
	unsigned ports[64];
	size_t n, i, j, nok = 0, neof = 0;

	start_server(false);
	/* one easy handle serves every run: each run must still open its own connection
	 * and send its own URL's path and Host */
	run_checker(HTTP_GET("", "url {\n path /ok\n virtualhost ok.example\n}\n"
				 " url {\n path /eof\n virtualhost eof.example\n}"),
		    3000);
	ck_assert(hct.last_up);
	for (r = hct_slurp(reqlog); (end = strstr(r, "----\n")); r = end + 5) {
		if (!strncmp(r, "GET /ok ", 8)) {
			ck_assert_ptr_nonnull(
				memmem(r, (size_t)(end - r), "Host: ok.example\r\n", 18));
			nok++;
		} else {
			ck_assert_msg(!strncmp(r, "GET /eof ", 9), "unexpected request %.40s", r);
			ck_assert_ptr_nonnull(
				memmem(r, (size_t)(end - r), "Host: eof.example\r\n", 19));
			neof++;
		}
	}
	ck_assert_uint_ge(nok, 2);
	ck_assert_uint_ge(neof, 2);
	n = peer_ports(ports, 64);
	ck_assert_uint_eq(n, nok + neof);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			ck_assert_uint_ne(ports[i], ports[j]);
}
END_TEST

#define MANY_RS 150

START_TEST(test_many_checkers)
{
	static char text[MANY_RS * 200 + 200];
	size_t len, i;

	start_server(false);
	/* more checkers than one libcurl multi handle is given (CURL_EV_SHARD_XFERS),
	 * all starting together: every one must come up, none twice */
	len = (size_t)snprintf(text, sizeof(text),
			       "virtual_server 10.0.0.1 80 {\n protocol TCP\n delay_loop 1\n");
	for (i = 0; i < MANY_RS; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					" real_server 10.1.%zu.%zu 80 {\n HTTP_GET {\n"
					" connect_ip 127.0.0.1\n connect_port %u\n"
					" connect_timeout 5\n warmup 0\n alpha\n retry 0\n"
					" url {\n path /ok\n }\n }\n }\n",
					i / 250, i % 250 + 1, port);
	snprintf(text + len, sizeof(text) - len, "}\n");
	run_conf(text, 4000);
	ck_assert_int_eq(hct.nup, MANY_RS);
	ck_assert_int_eq(hct.nreports, 2 * MANY_RS); /* each: its initial verdict, then up */
}
END_TEST

/* --- TLS --------------------------------------------------------------------------------- */

static void
make_certs(void)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "cd %s && openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=server "
		 "-keyout server.key -out server.crt >/dev/null 2>&1 && "
		 "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=client "
		 "-keyout client.key -out client.crt >/dev/null 2>&1",
		 hct.dir);
	ck_assert_int_eq(system(cmd), 0);
}

#define SSL_GET(extra)                                                                             \
	"SSL_GET {\n connect_timeout 1\n warmup 0\n alpha\n retry 0\n" extra                       \
	"\n url {\n path /ok\n digest %s\n }\n}"

START_TEST(test_ssl_get)
{
	char text[512], md5[33];

	make_certs();
	start_server(true);
	snprintf(text, sizeof(text), SSL_GET(""), hct_md5_hex(BODY_OK, strlen(BODY_OK), md5));
	run_checker(text, 1500);
	ck_assert(hct.last_up);
	ck_assert(req_has("GET /ok HTTP/1.0\r\n"));
	ck_assert(req_has("sni=(none)"));
	ck_assert(req_has("clientcert=no"));
}
END_TEST

START_TEST(test_ssl_sni)
{
	char text[512], md5[33];

	make_certs();
	start_server(true);
	snprintf(text, sizeof(text), SSL_GET("enable_sni\n sni_name sni.example.org"),
		 hct_md5_hex(BODY_OK, strlen(BODY_OK), md5));
	run_checker(text, 1500);
	ck_assert(hct.last_up);
	ck_assert(req_has("sni=sni.example.org"));
	/* the Host header is still the address unless virtualhost says otherwise */
	ck_assert(req_has("Host: 127.0.0.1:"));
}
END_TEST

START_TEST(test_ssl_client_certificate)
{
	char text[1024], chk[512], md5[33];
	struct conf_load_opts o = {.path = "t.conf", .config_id = "unit"};
	struct conf_diags d;
	struct conf *conf;
	struct hc_engine *e;

	make_certs();
	start_server(true);
	snprintf(chk, sizeof(chk), SSL_GET(""), hct_md5_hex(BODY_OK, strlen(BODY_OK), md5));
	snprintf(text, sizeof(text),
		 "SSL {\n certificate %s/client.crt\n key %s/client.key\n}\n"
		 "virtual_server 10.0.0.1 80 {\n protocol TCP\n delay_loop 0.3\n"
		 " real_server 127.0.0.1 %u {\n%s\n }\n}\n",
		 hct.dir, hct.dir, port, chk);
	conf_diags_init(&d);
	conf = conf_load_buf("t.conf", text, strlen(text), &o, &d);
	ck_assert_ptr_nonnull(conf);
	conf_diags_free(&d);
	e = hc_engine_new(hct.loop, conf, hct_on_report, NULL);
	hc_engine_start(e);
	hct_run_ms(1500);
	hc_engine_free(e);
	conf_free(conf);
	ck_assert(hct.last_up);
	ck_assert(req_has("clientcert=yes"));
}
END_TEST

static Suite *
hc_http_suite(void)
{
	Suite *s = suite_create("hc_http");
	TCase *tc = tcase_create("http");

	tcase_add_checked_fixture(tc, setup, hct_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_ok_digest_and_request_shape);
	tcase_add_test(tc, test_http_1_1_virtualhost);
	tcase_add_test(tc, test_status_mismatch_and_ranges);
	tcase_add_test(tc, test_digest_mismatch);
	tcase_add_test(tc, test_chunked_digests);
	tcase_add_test(tc, test_body_until_eof);
	tcase_add_test(tc, test_slow_server_times_out);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_url_cycling);
	tcase_add_test(tc, test_reused_handle_fresh_connections);
	tcase_add_test(tc, test_many_checkers);
	suite_add_tcase(s, tc);
	tc = tcase_create("ssl");
	tcase_add_checked_fixture(tc, setup, hct_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_ssl_get);
	tcase_add_test(tc, test_ssl_sni);
	tcase_add_test(tc, test_ssl_client_certificate);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return hct_run_suite(hc_http_suite());
}
