/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_hc_http_parse: the pure HTTP response parser of HTTP_GET/SSL_GET:
 * status lines, headers, Content-Length, chunked bodies (raw and decoded
 * views), interim responses, EOF handling, limits and malformed input,
 * each fed whole and byte by byte.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "checker/hc_http_parse.h"

struct seen {
	char raw[4096], dec[4096];
	size_t nraw, ndec;
};

static void
collect(void *arg, const uint8_t *p, size_t n, unsigned kinds)
{
	struct seen *s = arg;

	if (kinds & HC_HTTP_RAW) {
		ck_assert_uint_le(s->nraw + n, sizeof(s->raw));
		memcpy(s->raw + s->nraw, p, n);
		s->nraw += n;
	}
	if (kinds & HC_HTTP_DECODED) {
		ck_assert_uint_le(s->ndec + n, sizeof(s->dec));
		memcpy(s->dec + s->ndec, p, n);
		s->ndec += n;
	}
}

static struct hc_http_parser p;
static struct seen seen;

/* Parses text whole (step 0) or in pieces of step bytes; eof: then signal EOF. */
static enum hc_http_state
parse(const char *text, size_t step, bool eof)
{
	size_t len = strlen(text), i;
	enum hc_http_state st = HC_HTTP_STATUS;

	memset(&seen, 0, sizeof(seen));
	hc_http_parser_init(&p, collect, &seen);
	if (!step)
		step = len ? len : 1;
	for (i = 0; i < len; i += step)
		st = hc_http_parse(&p, (const uint8_t *)text + i, len - i < step ? len - i : step);
	if (eof)
		st = hc_http_parse_eof(&p);
	return st;
}

/* Checks the same result whole, byte by byte and in 3-byte pieces. */
static void
expect(const char *text, bool eof, enum hc_http_state want, unsigned status, const char *raw,
       const char *dec)
{
	static const size_t steps[] = {0, 1, 3, 7};
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		enum hc_http_state st = parse(text, steps[i], eof);

		ck_assert_msg(st == want, "step %zu: state %d, want %d (%s)", steps[i], st, want,
			      p.err ? p.err : "");
		if (want == HC_HTTP_ERROR)
			continue;
		ck_assert_uint_eq(p.status, status);
		ck_assert_uint_eq(seen.nraw, strlen(raw));
		ck_assert(!memcmp(seen.raw, raw, seen.nraw));
		ck_assert_uint_eq(seen.ndec, strlen(dec));
		ck_assert(!memcmp(seen.dec, dec, seen.ndec));
	}
}

START_TEST(test_content_length)
{
	expect("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: x\r\n\r\nhelloEXTRA", false,
	       HC_HTTP_DONE, 200, "hello", "hello");
	ck_assert_uint_eq(p.version, 11);
	expect("HTTP/1.0 404 Not Found\r\ncontent-length:3\r\n\r\nabc", false, HC_HTTP_DONE, 404,
	       "abc", "abc");
	ck_assert_uint_eq(p.version, 10);
	expect("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false, HC_HTTP_DONE, 200, "", "");
	/* same value twice is fine */
	expect("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok", false,
	       HC_HTTP_DONE, 200, "ok", "ok");
}
END_TEST

START_TEST(test_until_eof_and_lenient_lines)
{
	expect("HTTP/1.0 200\nX: y\n\nbody\nmore", false, HC_HTTP_BODY, 200, "body\nmore",
	       "body\nmore");
	expect("HTTP/1.0 200\nX: y\n\nbody\nmore", true, HC_HTTP_DONE, 200, "body\nmore",
	       "body\nmore");
	/* empty lines before the status line, header lines without colon, folding */
	expect("\r\nHTTP/1.1 301 Moved\r\nnonsense\r\nX: a\r\n  folded\r\n\r\n", true, HC_HTTP_DONE,
	       301, "", "");
}
END_TEST

START_TEST(test_chunked)
{
	const char *r = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
			"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n";

	expect(r, false, HC_HTTP_DONE, 200,
	       "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n", "hello world");
	/* upper-case hex, bare LF, Transfer-Encoding overrides Content-Length */
	expect("HTTP/1.1 200 OK\nContent-Length: 3\nTransfer-Encoding: gzip, Chunked\n\n"
	       "A\nabcdefghij\n0\n\n",
	       false, HC_HTTP_DONE, 200, "A\nabcdefghij\n0\n\n", "abcdefghij");
	/* another final coding: body until EOF, Content-Length ignored */
	expect("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 1\r\n\r\nxyz", true,
	       HC_HTTP_DONE, 200, "xyz", "xyz");
}
END_TEST

START_TEST(test_interim_and_no_body)
{
	expect("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false,
	       HC_HTTP_DONE, 200, "ok", "ok");
	expect("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", false, HC_HTTP_DONE, 204,
	       "", "");
	expect("HTTP/1.1 304 Not Modified\r\n\r\n", false, HC_HTTP_DONE, 304, "", "");
}
END_TEST

START_TEST(test_errors)
{
	expect("", true, HC_HTTP_ERROR, 0, "", "");
	ck_assert_str_eq(p.err, "no data received");
	expect("SSH-2.0-OpenSSH\r\n", false, HC_HTTP_ERROR, 0, "", "");
	expect("HTTP/2 200\r\n", false, HC_HTTP_ERROR, 0, "", "");
	expect("HTTP/1.1 99 x\r\n", false, HC_HTTP_ERROR, 0, "", "");
	expect("HTTP/1.1 2000 x\r\n", false, HC_HTTP_ERROR, 0, "", "");
	expect("HTTP/1.1 600 x\r\n", false, HC_HTTP_ERROR, 0, "", "");
	expect("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", false,
	       HC_HTTP_ERROR, 0, "", "");
	expect("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", false, HC_HTTP_ERROR, 0, "", "");
	expect("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", false,
	       HC_HTTP_ERROR, 0, "", "");
	expect("HTTP/1.1 200 OK\r\nBad Name: 1\r\n\r\n", false, HC_HTTP_ERROR, 0, "", "");
	expect("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false, HC_HTTP_ERROR,
	       0, "", "");
	expect("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n", false,
	       HC_HTTP_ERROR, 0, "", "");
	expect("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", true, HC_HTTP_ERROR, 0, "",
	       "");
	ck_assert_str_eq(p.err, "response cut short");
	expect("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", true, HC_HTTP_ERROR,
	       0, "", "");
}
END_TEST

START_TEST(test_limits)
{
	size_t n = HC_HTTP_LINE_MAX + 16, i;
	char *big = malloc(n + 64);

	strcpy(big, "HTTP/1.1 200 OK\r\nX: ");
	for (i = strlen(big); i < n; i++)
		big[i] = 'a';
	strcpy(big + n, "\r\n\r\n");
	ck_assert_int_eq(parse(big, 0, false), HC_HTTP_ERROR);
	ck_assert_str_eq(p.err, "line too long");
	free(big);
	/* many header lines: capped in total */
	hc_http_parser_init(&p, NULL, NULL);
	hc_http_parse(&p, (const uint8_t *)"HTTP/1.1 200 OK\r\n", 17);
	for (i = 0; i < 100000 && p.state != HC_HTTP_ERROR; i++)
		hc_http_parse(&p, (const uint8_t *)"X-Header: 0123456789\r\n", 22);
	ck_assert_int_eq(p.state, HC_HTTP_ERROR);
	ck_assert_str_eq(p.err, "headers too large");
	/* NUL inside a header line */
	hc_http_parser_init(&p, NULL, NULL);
	ck_assert_int_eq(hc_http_parse(&p, (const uint8_t *)"HTTP/1.1 200 OK\r\nA\0: b\r\n", 25),
			 HC_HTTP_ERROR);
}
END_TEST

static Suite *
hc_http_parse_suite(void)
{
	Suite *s = suite_create("hc_http_parse");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_content_length);
	tcase_add_test(tc, test_until_eof_and_lenient_lines);
	tcase_add_test(tc, test_chunked);
	tcase_add_test(tc, test_interim_and_no_body);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_limits);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(hc_http_parse_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
