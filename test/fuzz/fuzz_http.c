/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_http: libFuzzer target for the HTTP response parser of HTTP_GET /
 * SSL_GET (hc_http_parse.c). Input: one byte choosing how the rest is cut
 * into pieces, then the response. The response is parsed whole and in
 * pieces, then EOF is signalled; both runs must agree on the state, the
 * status and the raw and decoded body bytes, and decoded bytes never
 * exceed raw ones.
 *
 * FUZZ_SOURCES: daemon/checker/hc_http_parse.c
 * FUZZ_DICT: "HTTP/1.1 " "HTTP/1.0 200 OK\x0d\x0a" "\x0d\x0a" "Content-Length: " "Transfer-Encoding: "
 * FUZZ_DICT: "chunked" "0\x0d\x0a\x0d\x0a" ";ext=1" "100 Continue" "204" "304"
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checker/hc_http_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct sums {
	uint64_t raw, dec; /* FNV-1a of each view */
	size_t nraw, ndec;
};

static uint64_t
fnv(uint64_t h, const uint8_t *p, size_t n)
{
	while (n--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void
collect(void *arg, const uint8_t *p, size_t n, unsigned kinds)
{
	struct sums *s = arg;

	if (kinds & HC_HTTP_RAW) {
		s->raw = fnv(s->raw, p, n);
		s->nraw += n;
	}
	if (kinds & HC_HTTP_DECODED) {
		s->dec = fnv(s->dec, p, n);
		s->ndec += n;
	}
}

static enum hc_http_state
run(struct hc_http_parser *p, struct sums *s, const uint8_t *d, size_t n, size_t step)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->raw = s->dec = 0xcbf29ce484222325ULL;
	hc_http_parser_init(p, collect, s);
	for (i = 0; i < n; i += step)
		hc_http_parse(p, d + i, n - i < step ? n - i : step);
	return hc_http_parse_eof(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct hc_http_parser a, b;
	struct sums sa, sb;
	enum hc_http_state x, y;
	size_t step;

	if (size < 1)
		return 0;
	step = (size_t)(data[0] % 16) + 1;
	x = run(&a, &sa, data + 1, size - 1, size);
	y = run(&b, &sb, data + 1, size - 1, step);
	/* an error may be found earlier or later, but never one run only */
	if ((x == HC_HTTP_ERROR) != (y == HC_HTTP_ERROR))
		abort();
	if (x == HC_HTTP_ERROR)
		return 0;
	if (x != y || a.status != b.status || sa.raw != sb.raw || sa.dec != sb.dec ||
	    sa.nraw != sb.nraw || sa.ndec != sb.ndec)
		abort();
	if (sa.ndec > sa.nraw || a.body_raw != sa.nraw || a.body_decoded != sa.ndec)
		abort();
	if (x == HC_HTTP_DONE && a.status && (a.status < 100 || a.status > 599))
		abort();
	return 0;
}
