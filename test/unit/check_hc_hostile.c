/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_hc_hostile: the checkers against hostile real servers on
 * 127.0.0.1 (issues #6 and #9). HTTP_GET and SSL_GET: a server that
 * accepts and never answers, closes at once, trickles, closes mid-body,
 * sends a malformed chunk size, garbage, 10 MB (digest checked, memory
 * bounded), endless headers or one huge header line. SMTP_CHECK: a
 * garbage banner, a banner with no end of line, replies split across
 * packets, 10 MB of banner. DNS_CHECK: truncated replies, foreign IDs,
 * echoed queries, a compression loop. UDP_CHECK: replies longer than
 * allowed and as long as UDP allows. TCP_CHECK: a server that never
 * answers. Each case checks the verdict and that one log line names the
 * server and the reason; none may crash (the sanitizer build covers
 * memory errors). Waits end on the log line, bounded; no timing asserted.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "test/unit/hc_test_util.h"

#define OPTS	  " connect_timeout 0.5\n delay_before_retry 0.2\n warmup 0\n alpha\n retry 0\n"
#define OPTS_LOG  OPTS " log_all_failures\n"
#define RUN_MAX	  8000 /* ms: a bound that only catches a hang */
#define BIG	  (10u << 20)
#define BIG_CHUNK 65536

static unsigned port;

static char want[512];

/* Runs the checker until one more log line holds want_fmt (formatted with the port). */
#define run(proto, checker, want_fmt)                                                              \
	(snprintf(want, sizeof(want), want_fmt, port),                                             \
	 hct_run_checker(proto, port, checker, want, RUN_MAX))

/* The first line of the log holding needle, for failure messages. */
static const char *
log_line(const char *needle)
{
	static char line[600];
	const char *p = strstr(hct_log(), needle), *b, *e;

	if (!p)
		return "(none)";
	for (b = p; b > hct_log() && b[-1] != '\n'; b--)
		;
	e = strchr(p, '\n');
	snprintf(line, sizeof(line), "%.*s", e ? (int)(e - b) : (int)strlen(b), b);
	return line;
}

/* --- HTTP server behaviours (run in the forked server) ----------------------------------- */

enum http_mode {
	H_SILENT,
	H_CLOSE,
	H_TRICKLE,
	H_CUT,
	H_BAD_CHUNK,
	H_GARBAGE,
	H_BIG,
	H_ENDLESS_HEADERS,
	H_HUGE_HEADER,
};

#define TRICKLE_BODY "slowly, one byte every 100 ms\n"

static uint8_t
big_byte(size_t i)
{
	return (uint8_t)(i * 131 + (i >> 12));
}

static void
send_big(struct hct_conn *c, const char *status)
{
	static uint8_t b[BIG_CHUNK];
	char head[128];
	size_t off, i;

	snprintf(head, sizeof(head), "HTTP/1.1 %s\r\nContent-Length: %u\r\n\r\n", status, BIG);
	if (!hct_conn_puts(c, head))
		return;
	for (off = 0; off < BIG; off += BIG_CHUNK) {
		for (i = 0; i < BIG_CHUNK; i++)
			b[i] = big_byte(off + i);
		if (!hct_conn_write(c, b, BIG_CHUNK))
			return;
	}
}

static void
send_garbage(struct hct_conn *c)
{
	uint8_t g[512];
	size_t i;

	for (i = 0; i < sizeof(g); i++)
		g[i] = (uint8_t)(i * 7 + 0x81);
	g[0] = 0x16; /* not HTTP; looks a little like a TLS record */
	hct_conn_write(c, g, sizeof(g));
}

static void
endless_headers(struct hct_conn *c)
{
	char l[128];
	unsigned i;

	if (!hct_conn_puts(c, "HTTP/1.1 200 OK\r\n"))
		return;
	for (i = 0; i < 1000000; i++) {
		snprintf(l, sizeof(l), "X-Pad-%u: 0123456789abcdef0123456789abcdef\r\n", i);
		if (!hct_conn_puts(c, l))
			return;
	}
}

static void
huge_header(struct hct_conn *c)
{
	static char v[1 << 20];

	memset(v, 'a', sizeof(v));
	if (hct_conn_puts(c, "HTTP/1.1 200 OK\r\nX-Huge: ") && hct_conn_write(c, v, sizeof(v)))
		hct_conn_puts(c, "\r\nContent-Length: 2\r\n\r\nok");
}

static void
http_conn(struct hct_conn *c, void *arg)
{
	enum http_mode m = *(enum http_mode *)arg;
	const char *t;

	if (!hct_conn_read_request(c))
		return;
	switch (m) {
	case H_SILENT:
		for (;;)
			hct_sleep_ms(1000);
	case H_CLOSE:
		return;
	case H_TRICKLE:
		hct_conn_puts(c, "HTTP/1.0 200 OK\r\n\r\n");
		for (t = TRICKLE_BODY; *t; t++) {
			hct_sleep_ms(100);
			if (!hct_conn_write(c, t, 1))
				return;
		}
		return;
	case H_CUT:
		hct_conn_puts(c, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789");
		return;
	case H_BAD_CHUNK:
		hct_conn_puts(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
				 "5\r\nhello\r\nzz\r\nworld\r\n0\r\n\r\n");
		return;
	case H_GARBAGE:
		send_garbage(c);
		return;
	case H_BIG:
		send_big(c, strstr(c->req, "GET /big500 ") ? "500 Oops" : "200 OK");
		return;
	case H_ENDLESS_HEADERS:
		endless_headers(c);
		return;
	case H_HUGE_HEADER:
		huge_header(c);
		return;
	}
}

static enum http_mode mode;

static void
http_server(enum http_mode m, bool tls)
{
	mode = m;
	port = hct_tcp_server(http_conn, &mode, tls ? hct_tls_server_ctx() : NULL);
}

#define HTTP(extra)   "HTTP_GET {\n" OPTS_LOG extra "\n}"
#define URL(p)	      " url {\n path " p "\n }"
#define SSLGET(extra) "SSL_GET {\n" OPTS_LOG extra "\n}"
#define SUCCEED	      "Remote Web server [127.0.0.1]:tcp:%u succeed on service."
#define READ_ERR      "Read error with server [127.0.0.1]:tcp:%u: "

START_TEST(test_http_silent)
{
	http_server(H_SILENT, false);
	ck_assert(run("TCP", HTTP(URL("/")), "Timeout WEB read server [127.0.0.1]:tcp:%u."));
	ck_assert(!hct.last_up);
	ck_assert(!hct_log_has("succeed"));
}
END_TEST

START_TEST(test_http_trickle)
{
	char text[256], md5[33];

	/*
	 * One byte per 100 ms, 3 s in all, past connect_timeout (1.5 s here,
	 * room for a stalled machine): each byte is progress, as in keepalived.
	 */
	http_server(H_TRICKLE, false);
	snprintf(
		text, sizeof(text),
		"HTTP_GET {\n connect_timeout 1.5\n warmup 0\n alpha\n retry 0\n log_all_failures\n"
		" url {\n path /\n digest %s\n }\n}",
		hct_md5_hex(TRICKLE_BODY, strlen(TRICKLE_BODY), md5));
	ck_assert(run("TCP", text, SUCCEED));
	ck_assert(hct.last_up);
	ck_assert(!hct_log_has("Timeout"));
}
END_TEST

START_TEST(test_http_close_at_once)
{
	http_server(H_CLOSE, false);
	ck_assert(run("TCP", HTTP(URL("/")),
		      "Read, no data received from server [127.0.0.1]:tcp:%u."));
	ck_assert(!hct.last_up);
}
END_TEST

START_TEST(test_http_cut_mid_body)
{
	http_server(H_CUT, false);
	ck_assert(run("TCP", HTTP(URL("/")), READ_ERR));
	ck_assert_msg(strstr(log_line("Read error"), "990 bytes remaining"), "%s",
		      log_line("Read error"));
	ck_assert(!hct.last_up);
	ck_assert(!hct_log_has("succeed"));
}
END_TEST

START_TEST(test_http_bad_chunk_size)
{
	http_server(H_BAD_CHUNK, false);
	ck_assert(run("TCP", HTTP("http_protocol 1.1\n" URL("/")), READ_ERR "bad chunk size"));
	ck_assert(!hct.last_up);
	ck_assert(!hct_log_has("succeed"));
}
END_TEST

START_TEST(test_http_garbage)
{
	http_server(H_GARBAGE, false);
	ck_assert(run("TCP", HTTP(URL("/")), READ_ERR "not an HTTP response"));
	ck_assert(!hct.last_up);
	ck_assert(!hct_log_has("succeed"));
}
END_TEST

static char big_md5[33];

/* The MD5 of the 10 MB body, computed piecewise (a 10 MB buffer would raise VmHWM). */
static const char *
big_digest(void)
{
	static uint8_t b[BIG_CHUNK];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0, i;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t off, j;

	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(EVP_DigestInit_ex(ctx, EVP_md5(), NULL), 1);
	for (off = 0; off < BIG; off += BIG_CHUNK) {
		for (j = 0; j < BIG_CHUNK; j++)
			b[j] = big_byte(off + j);
		EVP_DigestUpdate(ctx, b, BIG_CHUNK);
	}
	EVP_DigestFinal_ex(ctx, md, &len);
	EVP_MD_CTX_free(ctx);
	for (i = 0; i < len && i < 16; i++)
		snprintf(big_md5 + 2 * i, 3, "%02x", md[i]);
	return big_md5;
}

START_TEST(test_http_10mb)
{
	char text[256];
	long hwm0, hwm1;

	http_server(H_BIG, _i == 1);
	snprintf(text, sizeof(text),
		 _i ? SSLGET(" url {\n path /big\n digest %s\n }")
		    : HTTP(" url {\n path /big\n digest %s\n }"),
		 big_digest());
	/* a first run warms libcurl and OpenSSL up; the second one is measured */
	ck_assert(run("TCP", text, SUCCEED));
	hwm0 = hct_status_kb("VmHWM");
	ck_assert(run("TCP", text, SUCCEED));
	hwm1 = hct_status_kb("VmHWM");
	ck_assert(hct.last_up);
	ck_assert_int_ge(hct_log_count("succeed on service"), 2);
	if (getenv("HCT_VERBOSE"))
		fprintf(stderr, "10 MB over %s: VmHWM %ld kB before, %ld kB after\n",
			_i ? "TLS" : "TCP", hwm0, hwm1);
	ck_assert_int_gt(hwm0, 0);
#ifndef HCT_ASAN
	/* (ASan's quarantine keeps every buffer OpenSSL frees and allocates again per record) */
	ck_assert_msg(hwm1 - hwm0 < 5 * 1024, "peak RSS grew by %ld kB", hwm1 - hwm0);
#endif
	/* the same 10 MB with a 500: the status decides */
	snprintf(text, sizeof(text),
		 _i ? SSLGET(" url {\n path /big500\n digest %s\n }")
		    : HTTP(" url {\n path /big500\n digest %s\n }"),
		 big_md5);
	ck_assert(run("TCP", text,
		      "HTTP status code error to [127.0.0.1]:tcp:%u url(/big500), "
		      "status_code [500]."));
}
END_TEST

START_TEST(test_http_endless_headers)
{
	/* header lines without end: the parser's bound on the header block stops it */
	http_server(H_ENDLESS_HEADERS, false);
	ck_assert(run("TCP", HTTP(URL("/")), READ_ERR "headers too large"));
	ck_assert(!hct.last_up);
}
END_TEST

START_TEST(test_http_huge_header_line)
{
	/* libcurl's bound on one header line (it says "Out of memory") */
	http_server(H_HUGE_HEADER, false);
	ck_assert(run("TCP", HTTP(URL("/")), READ_ERR "response header too large"));
	ck_assert(!hct.last_up);
}
END_TEST

/* --- SSL_GET ----------------------------------------------------------------------------- */

START_TEST(test_ssl_silent_handshake)
{
	char needle[128];

	/* a plain server that never answers: the TLS handshake never completes */
	http_server(H_SILENT, false);
	snprintf(needle, sizeof(needle), "server [127.0.0.1]:tcp:%u", port);
	ck_assert(hct_run_checker("TCP", port, SSLGET(URL("/")), needle, RUN_MAX));
	ck_assert_msg(strstr(log_line(needle), "imeout"), "%s", log_line(needle));
	ck_assert(!hct.last_up);
}
END_TEST

static void
garbage_conn(struct hct_conn *c, void *arg)
{
	(void)arg;
	send_garbage(c);
}

START_TEST(test_ssl_garbage_handshake)
{
	port = hct_tcp_server(garbage_conn, NULL, NULL);
	ck_assert(
		run("TCP", SSLGET(URL("/")),
		    "SSL handshake/communication error connecting to server [127.0.0.1]:tcp:%u."));
	ck_assert(!hct.last_up);
}
END_TEST

START_TEST(test_ssl_cut_mid_body)
{
	http_server(H_CUT, true);
	ck_assert(run("TCP", SSLGET(URL("/")), READ_ERR));
	ck_assert(!hct.last_up);
	ck_assert(!hct_log_has("succeed"));
}
END_TEST

/* --- SMTP_CHECK -------------------------------------------------------------------------- */

enum smtp_mode { S_GARBAGE, S_NO_EOL, S_SPLIT, S_BIG };

static void
smtp_reply_split(struct hct_conn *c, const char *const *parts)
{
	for (; *parts; parts++) {
		if (!hct_conn_puts(c, *parts))
			return;
		hct_sleep_ms(30); /* separate segments */
	}
}

static void
smtp_split(struct hct_conn *c)
{
	static const char *const banner[] = {"220-first ", "line\r",	 "\n220-sec",
					     "ond\r\n22",  "0 last\r\n", NULL};
	static const char *const helo[] = {"250-a\r\n", "2", "50", "-b\r\n250 c", "\r\n", NULL};
	char b[512];

	smtp_reply_split(c, banner);
	if (read(c->fd, b, sizeof(b)) <= 0)
		return;
	smtp_reply_split(c, helo);
	if (read(c->fd, b, sizeof(b)) <= 0)
		return;
	hct_conn_puts(c, "221 bye\r\n");
}

static void
smtp_conn(struct hct_conn *c, void *arg)
{
	static char blk[BIG_CHUNK];
	enum smtp_mode m = *(enum smtp_mode *)arg;
	size_t off, i;

	switch (m) {
	case S_GARBAGE:
		send_garbage(c);
		hct_conn_puts(c, "\r\n");
		return;
	case S_NO_EOL:
		memset(blk, 'x', sizeof(blk));
		if (!hct_conn_puts(c, "220 "))
			return;
		for (;;)
			if (!hct_conn_write(c, blk, sizeof(blk)))
				return;
	case S_SPLIT:
		smtp_split(c);
		return;
	case S_BIG:
		for (i = 0; i + 10 <= sizeof(blk); i += 10)
			memcpy(blk + i, "220-xxxx\r\n", 10);
		for (off = 0; off < BIG; off += i)
			if (!hct_conn_write(c, blk, i))
				return;
		return;
	}
}

static enum smtp_mode smode;

static void
smtp_server(enum smtp_mode m)
{
	smode = m;
	port = hct_tcp_server(smtp_conn, &smode, NULL);
}

#define SMTP	       "SMTP_CHECK {\n" OPTS_LOG " helo_name hostile.test\n}"
#define SMTP_FAIL(why) "Bad reply from server [127.0.0.1]:tcp:%u. (" why ")"

START_TEST(test_smtp_garbage_banner)
{
	smtp_server(S_GARBAGE);
	ck_assert(run("TCP", SMTP, SMTP_FAIL("bad reply code")));
	ck_assert(!hct.last_up);
}
END_TEST

START_TEST(test_smtp_banner_without_eol)
{
	smtp_server(S_NO_EOL);
	ck_assert(run("TCP", SMTP, SMTP_FAIL("reply line too long")));
	ck_assert(!hct.last_up);
}
END_TEST

START_TEST(test_smtp_split_replies)
{
	smtp_server(S_SPLIT);
	ck_assert(run("TCP", SMTP, "Remote SMTP server [127.0.0.1]:tcp:%u succeed on service."));
	ck_assert(hct.last_up);
	ck_assert(!hct_log_has("failure"));
}
END_TEST

START_TEST(test_smtp_10mb_banner)
{
	smtp_server(S_BIG);
	ck_assert(run("TCP", SMTP, SMTP_FAIL("reply too long")));
	ck_assert(!hct.last_up);
}
END_TEST

/* --- DNS_CHECK and UDP_CHECK ------------------------------------------------------------- */

enum dns_mode { D_TRUNCATED, D_WRONG_ID, D_ECHO, D_LOOP };

static size_t
dns_reply(struct hct_udp *s, const uint8_t *q, size_t n, uint8_t *out, size_t cap, void *arg)
{
	enum dns_mode m = *(enum dns_mode *)arg;
	/* one answer whose owner name is a pointer to itself */
	static const uint8_t loop_rr[] = {0xc0, 0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 1};

	(void)s;
	if (n < 12 || n + sizeof(loop_rr) > cap)
		return 0;
	memcpy(out, q, n);
	if (m == D_ECHO)
		return n; /* the query itself, QR clear */
	out[2] |= 0x80;
	out[3] = 0x80;
	if (m == D_TRUNCATED)
		return 7;
	if (m == D_WRONG_ID) {
		out[0] ^= 0x5a;
		return n;
	}
	out[7] = 1; /* ANCOUNT */
	memcpy(out + n, loop_rr, sizeof(loop_rr));
	out[n + 1] = (uint8_t)n;
	return n + sizeof(loop_rr);
}

static void
dns_case(enum dns_mode m, const char *result)
{
	static enum dns_mode dm;
	struct hct_udp *s;
	char needle[128];

	dm = m;
	s = hct_udp_server(dns_reply, &dm, &port);
	snprintf(needle, sizeof(needle), "DNS_CHECK ([127.0.0.1]:udp:%u) %s", port, result);
	ck_assert(hct_run_checker("UDP", port,
				  "DNS_CHECK {\n" OPTS_LOG " type A\n name www.example.org\n}",
				  needle, RUN_MAX));
	ck_assert_uint_ge(hct_udp_queries(s), 1);
	hct_udp_free(s);
}

START_TEST(test_dns_ignored_replies)
{
	dns_case(D_TRUNCATED, "timeout (1 datagram ignored: shorter than a DNS header)");
	ck_assert(!hct.last_up);
	dns_case(D_WRONG_ID, "timeout (1 datagram ignored: ID of another query)");
	ck_assert(!hct.last_up);
	dns_case(D_ECHO, "timeout (1 datagram ignored: not a response (QR clear))");
	ck_assert(!hct.last_up);
	ck_assert(!hct_log_has("succeed"));
}
END_TEST

START_TEST(test_dns_compression_loop)
{
	/* the answers are not inspected (as keepalived): the header decides */
	dns_case(D_LOOP, "succeed");
	ck_assert(hct.last_up);
}
END_TEST

static size_t
udp_long(struct hct_udp *s, const uint8_t *q, size_t n, uint8_t *out, size_t cap, void *arg)
{
	size_t len = *(size_t *)arg;

	(void)s, (void)q, (void)n;
	if (len > cap)
		return 0;
	memset(out, 0xab, len);
	return len;
}

START_TEST(test_udp_long_replies)
{
	static size_t len;
	struct hct_udp *s;

	/* longer than max_reply_length (255 by default) */
	len = 2000;
	s = hct_udp_server(udp_long, &len, &port);
	ck_assert(run("UDP", "UDP_CHECK {\n" OPTS_LOG " require_reply ab\n}",
		      "UDP check to [127.0.0.1]:udp:%u reply data mismatch. "
		      "(reply length out of range)"));
	ck_assert(!hct.last_up);
	hct_udp_free(s);
	/* the largest UDP datagram, allowed */
	len = 65507;
	s = hct_udp_server(udp_long, &len, &port);
	ck_assert(run("UDP",
		      "UDP_CHECK {\n" OPTS_LOG " require_reply abab\n max_reply_length 65535\n}",
		      "UDP connection to [127.0.0.1]:udp:%u success."));
	ck_assert(hct.last_up);
	hct_udp_free(s);
}
END_TEST

/* --- TCP_CHECK --------------------------------------------------------------------------- */

static void
silent_conn(struct hct_conn *c, void *arg)
{
	(void)c, (void)arg;
	for (;;)
		hct_sleep_ms(1000);
}

START_TEST(test_tcp_silent)
{
	/* TCP_CHECK only connects: a server that never answers passes */
	port = hct_tcp_server(silent_conn, NULL, NULL);
	ck_assert(run("TCP", "TCP_CHECK {\n" OPTS_LOG "}",
		      "TCP connection to [127.0.0.1]:tcp:%u success."));
	ck_assert(hct.last_up);
}
END_TEST

static Suite *
hc_hostile_suite(void)
{
	Suite *s = suite_create("hc_hostile");
	TCase *tc = tcase_create("http");

	tcase_add_checked_fixture(tc, hct_setup, hct_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_http_silent);
	tcase_add_test(tc, test_http_trickle);
	tcase_add_test(tc, test_http_close_at_once);
	tcase_add_test(tc, test_http_cut_mid_body);
	tcase_add_test(tc, test_http_bad_chunk_size);
	tcase_add_test(tc, test_http_garbage);
	tcase_add_loop_test(tc, test_http_10mb, 0, 2);
	tcase_add_test(tc, test_http_endless_headers);
	tcase_add_test(tc, test_http_huge_header_line);
	tcase_add_test(tc, test_ssl_silent_handshake);
	tcase_add_test(tc, test_ssl_garbage_handshake);
	tcase_add_test(tc, test_ssl_cut_mid_body);
	suite_add_tcase(s, tc);
	tc = tcase_create("proto");
	tcase_add_checked_fixture(tc, hct_setup, hct_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_smtp_garbage_banner);
	tcase_add_test(tc, test_smtp_banner_without_eol);
	tcase_add_test(tc, test_smtp_split_replies);
	tcase_add_test(tc, test_smtp_10mb_banner);
	tcase_add_test(tc, test_dns_ignored_replies);
	tcase_add_test(tc, test_dns_compression_loop);
	tcase_add_test(tc, test_udp_long_replies);
	tcase_add_test(tc, test_tcp_silent);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(hc_hostile_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
