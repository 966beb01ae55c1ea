/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_http_parse: an incremental parser for the HTTP/1.x response an
 * HTTP_GET / SSL_GET check receives: status line (interim 1xx responses
 * skipped), headers (Content-Length, Transfer-Encoding: chunked), and the
 * body, delivered twice over: as the raw bytes after the header terminator
 * (what keepalived hashes: chunk framing included, cut at Content-Length)
 * and as the decoded entity (what md5sum of the served file gives). Pure:
 * no I/O, no logging, no allocation; bounded state; a fuzzing target.
 */
#ifndef VIGIL_HC_HTTP_PARSE_H
#define VIGIL_HC_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest status, header or chunk-size line accepted. */
#define HC_HTTP_LINE_MAX 8192
/* Most header bytes accepted in one response (interim responses included). */
#define HC_HTTP_HEADERS_MAX (256 * 1024)

enum hc_http_state {
	HC_HTTP_STATUS,	    /* waiting for the status line */
	HC_HTTP_HEADERS,    /* in the header block */
	HC_HTTP_BODY,	    /* identity body (Content-Length or until EOF) */
	HC_HTTP_CHUNK_SIZE, /* chunked: size line */
	HC_HTTP_CHUNK_DATA, /* chunked: chunk bytes */
	HC_HTTP_CHUNK_END,  /* chunked: CRLF after the chunk bytes */
	HC_HTTP_TRAILERS,   /* chunked: trailer block after the last chunk */
	HC_HTTP_DONE,	    /* the whole response was seen */
	HC_HTTP_ERROR,	    /* malformed; err says why */
};

/* Body bytes: raw (after the headers, as received), decoded (the entity), or both. */
#define HC_HTTP_RAW	0x1u
#define HC_HTTP_DECODED 0x2u
typedef void (*hc_http_body_fn)(void *arg, const uint8_t *p, size_t n, unsigned kinds);

struct hc_http_parser {
	enum hc_http_state state;
	unsigned version; /* 10 for HTTP/1.0, 11 for HTTP/1.1 */
	unsigned status;  /* 100..599 once the status line is parsed */
	bool chunked;
	bool has_length;
	bool te_seen;		 /* Transfer-Encoding given: Content-Length is ignored */
	bool no_body;		 /* 204, 304 */
	uint64_t content_length; /* valid when has_length */
	uint64_t body_raw;	 /* raw body bytes delivered */
	uint64_t body_decoded;	 /* decoded body bytes delivered */
	uint64_t chunk_left;
	size_t header_bytes;
	size_t line_len;
	char line[HC_HTTP_LINE_MAX];
	const char *err; /* static string when state == HC_HTTP_ERROR */
	hc_http_body_fn body;
	void *arg;
};

/* Resets p; body (may be NULL) receives the body bytes. */
void hc_http_parser_init(struct hc_http_parser *p, hc_http_body_fn body, void *arg);
/*
 * Feeds len bytes. Returns the state afterwards; bytes past the end of the
 * response (HC_HTTP_DONE) are ignored. Once in HC_HTTP_ERROR or
 * HC_HTTP_DONE it stays there.
 */
enum hc_http_state hc_http_parse(struct hc_http_parser *p, const uint8_t *buf, size_t len);
/*
 * The peer closed the connection. A body without length ends here
 * (HC_HTTP_DONE); a response cut short is HC_HTTP_ERROR. Returns the state.
 */
enum hc_http_state hc_http_parse_eof(struct hc_http_parser *p);
/* True once the status line and headers have been parsed. */
bool hc_http_headers_done(const struct hc_http_parser *p);

#endif
