/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_http_parse: incremental HTTP/1.x response parser for HTTP_GET and
 * SSL_GET (see hc_http_parse.h). Lines may end in CRLF or a bare LF; a
 * status line may omit its reason phrase; header lines without a colon
 * are ignored, as keepalived does, but framing headers must be valid.
 * Pure: no I/O, no logging, no allocation.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "checker/hc_http_parse.h"

/* Larger than any real body; keeps arithmetic far from overflow. */
#define HC_HTTP_LEN_MAX (1ULL << 60)

void
hc_http_parser_init(struct hc_http_parser *p, hc_http_body_fn body, void *arg)
{
	memset(p, 0, sizeof(*p));
	p->state = HC_HTTP_STATUS;
	p->body = body;
	p->arg = arg;
}

bool
hc_http_headers_done(const struct hc_http_parser *p)
{
	return p->state > HC_HTTP_HEADERS && p->status;
}

static enum hc_http_state
fail(struct hc_http_parser *p, const char *why)
{
	p->state = HC_HTTP_ERROR;
	p->err = why;
	return p->state;
}

static void
deliver(struct hc_http_parser *p, const uint8_t *b, size_t n, unsigned kinds)
{
	if (!n)
		return;
	if (kinds & HC_HTTP_RAW)
		p->body_raw += n;
	if (kinds & HC_HTTP_DECODED)
		p->body_decoded += n;
	if (p->body)
		p->body(p->arg, b, n, kinds);
}

/*
 * Accumulates one line into p->line. Returns the bytes consumed; *done is
 * set once the line is complete (terminator stripped, NUL-terminated).
 */
static size_t
take_line(struct hc_http_parser *p, const uint8_t *b, size_t len, bool *done)
{
	const uint8_t *nl = memchr(b, '\n', len);
	size_t n = nl ? (size_t)(nl - b) + 1 : len;

	*done = false;
	if (p->line_len + n >= sizeof(p->line)) {
		fail(p, "line too long");
		return n;
	}
	memcpy(p->line + p->line_len, b, n);
	p->line_len += n;
	if (!nl)
		return n;
	p->line_len--; /* the LF */
	if (p->line_len && p->line[p->line_len - 1] == '\r')
		p->line_len--;
	p->line[p->line_len] = '\0';
	if (memchr(p->line, '\0', p->line_len))
		fail(p, "NUL byte in a line");
	else
		*done = true;
	return n;
}

static enum hc_http_state
status_line(struct hc_http_parser *p, const char *l)
{
	unsigned code;

	if (!*l)
		return p->state; /* tolerate empty lines before the status line */
	if (strncmp(l, "HTTP/1.", 7) || l[7] < '0' || l[7] > '9' || l[8] != ' ')
		return fail(p, "bad status line");
	l += 9;
	while (*l == ' ')
		l++;
	if (l[0] < '1' || l[0] > '5' || l[1] < '0' || l[1] > '9' || l[2] < '0' || l[2] > '9' ||
	    (l[3] && l[3] != ' ' && l[3] != '\t'))
		return fail(p, "bad status code");
	code = (unsigned)(l[0] - '0') * 100 + (unsigned)(l[1] - '0') * 10 + (unsigned)(l[2] - '0');
	p->version = 10 + (unsigned)(p->line[7] - '0');
	p->status = code;
	p->chunked = p->has_length = p->te_seen = false;
	p->content_length = 0;
	p->no_body = code == 204 || code == 304;
	p->state = HC_HTTP_HEADERS;
	return p->state;
}

/* Trims blanks at both ends in place; returns the start. */
static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

static enum hc_http_state
content_length(struct hc_http_parser *p, const char *v)
{
	uint64_t n = 0;
	const char *s = v;

	if (!*s)
		return fail(p, "bad Content-Length");
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return fail(p, "bad Content-Length");
		n = n * 10 + (uint64_t)(*s - '0');
		if (n > HC_HTTP_LEN_MAX)
			return fail(p, "Content-Length too large");
	}
	if (p->has_length && p->content_length != n)
		return fail(p, "conflicting Content-Length");
	p->has_length = true;
	p->content_length = n;
	return p->state;
}

static void
transfer_encoding(struct hc_http_parser *p, const char *v)
{
	const char *last = strrchr(v, ',');

	last = last ? last + 1 : v;
	while (*last == ' ' || *last == '\t')
		last++;
	/* chunked must be the final coding; any other coding: body until EOF */
	p->chunked = !strcasecmp(last, "chunked");
	p->has_length = false;
	p->te_seen = true; /* Content-Length is now meaningless */
}

static enum hc_http_state
end_of_headers(struct hc_http_parser *p)
{
	if (p->status < 200) {
		/* interim response (100 Continue...): the real one follows */
		p->state = HC_HTTP_STATUS;
		return p->state;
	}
	if (p->no_body || (p->has_length && !p->chunked && p->content_length == 0))
		p->state = HC_HTTP_DONE;
	else if (p->chunked)
		p->state = HC_HTTP_CHUNK_SIZE;
	else
		p->state = HC_HTTP_BODY;
	return p->state;
}

static enum hc_http_state
header_line(struct hc_http_parser *p, char *l)
{
	char *colon, *name;

	if (!*l)
		return end_of_headers(p);
	if (*l == ' ' || *l == '\t')
		return p->state; /* obsolete line folding: ignored */
	colon = strchr(l, ':');
	if (!colon)
		return p->state;
	*colon = '\0';
	name = l;
	if (strpbrk(name, " \t"))
		return fail(p, "blank in a header name");
	if (!strcasecmp(name, "Content-Length")) {
		if (p->te_seen)
			return p->state;
		return content_length(p, trim(colon + 1));
	}
	if (!strcasecmp(name, "Transfer-Encoding"))
		transfer_encoding(p, trim(colon + 1));
	return p->state;
}

static size_t
head(struct hc_http_parser *p, const uint8_t *b, size_t len)
{
	bool done;
	size_t n = take_line(p, b, len, &done);

	p->header_bytes += n;
	if (p->state == HC_HTTP_ERROR)
		return n;
	if (p->header_bytes > HC_HTTP_HEADERS_MAX) {
		fail(p, "headers too large");
		return n;
	}
	if (!done)
		return n;
	p->line_len = 0;
	if (p->state == HC_HTTP_STATUS)
		status_line(p, p->line);
	else
		header_line(p, p->line);
	return n;
}

static size_t
identity(struct hc_http_parser *p, const uint8_t *b, size_t len)
{
	size_t n = len;

	if (p->has_length && p->content_length - p->body_raw < n)
		n = (size_t)(p->content_length - p->body_raw);
	deliver(p, b, n, HC_HTTP_RAW | HC_HTTP_DECODED);
	if (p->has_length && p->body_raw == p->content_length)
		p->state = HC_HTTP_DONE;
	return n;
}

static void
chunk_size(struct hc_http_parser *p, const char *l)
{
	uint64_t n = 0;
	const char *s = l;
	int d;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
			d = (*s | 0x20) - 'a' + 10;
		else
			break;
		n = n * 16 + (uint64_t)d;
		if (n > HC_HTTP_LEN_MAX) {
			fail(p, "chunk too large");
			return;
		}
	}
	if (s == l || (*s && *s != ';' && *s != ' ' && *s != '\t')) {
		fail(p, "bad chunk size");
		return;
	}
	p->chunk_left = n;
	p->state = n ? HC_HTTP_CHUNK_DATA : HC_HTTP_TRAILERS;
}

static size_t
chunk_line(struct hc_http_parser *p, const uint8_t *b, size_t len)
{
	bool done;
	size_t n = take_line(p, b, len, &done);

	if (!done || p->state == HC_HTTP_ERROR)
		return n;
	p->line_len = 0;
	if (p->state == HC_HTTP_CHUNK_SIZE) {
		chunk_size(p, p->line);
	} else if (p->state == HC_HTTP_CHUNK_END) {
		if (p->line[0])
			fail(p, "bad chunk end");
		else
			p->state = HC_HTTP_CHUNK_SIZE;
	} else if (!p->line[0]) {
		p->state = HC_HTTP_DONE; /* end of the trailers */
	} else {
		p->header_bytes += n;
		if (p->header_bytes > HC_HTTP_HEADERS_MAX)
			fail(p, "trailers too large");
	}
	return n;
}

static size_t
chunk_data(struct hc_http_parser *p, const uint8_t *b, size_t len)
{
	size_t n = p->chunk_left < len ? (size_t)p->chunk_left : len;

	deliver(p, b, n, HC_HTTP_DECODED);
	p->chunk_left -= n;
	if (!p->chunk_left)
		p->state = HC_HTTP_CHUNK_END;
	return n;
}

static bool
in_chunked(enum hc_http_state s)
{
	return s >= HC_HTTP_CHUNK_SIZE && s <= HC_HTTP_TRAILERS;
}

enum hc_http_state
hc_http_parse(struct hc_http_parser *p, const uint8_t *buf, size_t len)
{
	const uint8_t *span = NULL; /* start of raw chunked bytes not yet delivered */
	size_t i = 0;

	while (i < len && p->state < HC_HTTP_DONE) {
		if (in_chunked(p->state) && !span)
			span = buf + i;
		switch (p->state) {
		case HC_HTTP_STATUS:
		case HC_HTTP_HEADERS:
			i += head(p, buf + i, len - i);
			break;
		case HC_HTTP_BODY:
			i += identity(p, buf + i, len - i);
			break;
		case HC_HTTP_CHUNK_DATA:
			i += chunk_data(p, buf + i, len - i);
			break;
		default:
			i += chunk_line(p, buf + i, len - i);
			break;
		}
	}
	if (span && p->state != HC_HTTP_ERROR)
		deliver(p, span, (size_t)(buf + i - span), HC_HTTP_RAW);
	return p->state;
}

enum hc_http_state
hc_http_parse_eof(struct hc_http_parser *p)
{
	if (p->state == HC_HTTP_DONE || p->state == HC_HTTP_ERROR)
		return p->state;
	if (p->state == HC_HTTP_BODY && !p->has_length) {
		p->state = HC_HTTP_DONE;
		return p->state;
	}
	if (p->state == HC_HTTP_STATUS && !p->header_bytes)
		return fail(p, "no data received");
	return fail(p, "response cut short");
}
