/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_reply: SMTP reply parsing, DNS query building and reply checking,
 * UDP reply matching for the checkers (see hc_reply.h). Pure: no I/O, no
 * logging, no allocation.
 */
#include "config.h"

#include <string.h>

#include "checker/hc_reply.h"

/* --- SMTP -------------------------------------------------------------------------------- */

void
hc_smtp_reply_init(struct hc_smtp_reply *r)
{
	memset(r, 0, sizeof(*r));
}

static int
smtp_fail(struct hc_smtp_reply *r, const char *why)
{
	r->err = why;
	return -1;
}

/* One complete line (terminator stripped). Returns 1 at the last line of the reply. */
static int
smtp_line(struct hc_smtp_reply *r)
{
	const char *l = r->line;
	unsigned code;

	if (r->len < 3 || l[0] < '2' || l[0] > '5' || l[1] < '0' || l[1] > '9' || l[2] < '0' ||
	    l[2] > '9')
		return smtp_fail(r, "bad reply code");
	if (r->len > 3 && l[3] != ' ' && l[3] != '-')
		return smtp_fail(r, "bad reply line");
	if (memchr(l, '\0', r->len))
		return smtp_fail(r, "NUL byte in a reply");
	code = (unsigned)(l[0] - '0') * 100 + (unsigned)(l[1] - '0') * 10 + (unsigned)(l[2] - '0');
	if (r->lines && code != r->code)
		return smtp_fail(r, "reply code changed within a reply");
	r->code = code;
	if (++r->lines > HC_SMTP_LINES_MAX)
		return smtp_fail(r, "reply too long");
	return r->len == 3 || l[3] == ' ';
}

int
hc_smtp_reply_feed(struct hc_smtp_reply *r, const uint8_t *buf, size_t len, size_t *used)
{
	size_t i = 0;
	int rc;

	*used = 0;
	while (i < len) {
		const uint8_t *nl = memchr(buf + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (buf + i)) + 1 : len - i;

		if (r->len + n >= sizeof(r->line)) {
			/* consume what fits, so the failure point does not depend on the pieces */
			*used = i + (sizeof(r->line) - 1 - r->len);
			return smtp_fail(r, "reply line too long");
		}
		memcpy(r->line + r->len, buf + i, n);
		r->len += n;
		i += n;
		*used = i;
		if (!nl)
			return 0;
		r->len--; /* LF */
		if (r->len && r->line[r->len - 1] == '\r')
			r->len--;
		r->line[r->len] = '\0';
		rc = smtp_line(r);
		r->len = 0;
		if (rc)
			return rc;
	}
	return 0;
}

/* --- DNS --------------------------------------------------------------------------------- */

uint16_t
hc_dns_qtype(enum conf_dns_type t)
{
	static const uint16_t types[] = {
		[CONF_DNS_A] = 1,   [CONF_DNS_NS] = 2,	 [CONF_DNS_CNAME] = 5, [CONF_DNS_SOA] = 6,
		[CONF_DNS_MX] = 15, [CONF_DNS_TXT] = 16, [CONF_DNS_AAAA] = 28,
	};

	return (unsigned)t < sizeof(types) / sizeof(types[0]) ? types[t] : 6;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Encodes name as labels at p (room for 256 bytes). Returns the length or -1. */
static int
encode_name(uint8_t *p, const char *name)
{
	size_t n = 0, len;
	const char *s = name ? name : "", *dot;

	if (!strcmp(s, "."))
		s = "";
	while (*s) {
		dot = strchr(s, '.');
		len = dot ? (size_t)(dot - s) : strlen(s);
		if (len == 0 || len > 63 || n + len + 2 > 255)
			return -1;
		p[n++] = (uint8_t)len;
		memcpy(p + n, s, len);
		n += len;
		s += len;
		if (*s == '.')
			s++;
	}
	p[n++] = 0;
	return (int)n;
}

int
hc_dns_build_query(uint8_t *buf, size_t cap, uint16_t id, const char *name, uint16_t qtype)
{
	int n;

	if (cap < HC_DNS_QUERY_MAX)
		return -1;
	memset(buf, 0, HC_DNS_HDR_LEN);
	put16(buf, id);
	buf[2] = 0x01; /* RD */
	put16(buf + 4, 1);
	n = encode_name(buf + HC_DNS_HDR_LEN, name);
	if (n < 0)
		return -1;
	put16(buf + HC_DNS_HDR_LEN + n, qtype);
	put16(buf + HC_DNS_HDR_LEN + n + 2, 1); /* IN */
	return HC_DNS_HDR_LEN + n + 4;
}

int
hc_dns_check_reply(const uint8_t *buf, size_t len, uint16_t id, const char **why)
{
	static const char *const rcodes[] = {"NOERROR",	 "FORMERR", "SERVFAIL",
					     "NXDOMAIN", "NOTIMP",  "REFUSED"};
	unsigned rcode;

	*why = NULL;
	if (len < HC_DNS_HDR_LEN) {
		*why = "shorter than a DNS header";
		return 1;
	}
	if (((unsigned)buf[0] << 8 | buf[1]) != id) {
		*why = "ID of another query";
		return 1;
	}
	if (!(buf[2] & 0x80)) {
		*why = "not a response (QR clear)";
		return 1;
	}
	if ((buf[2] >> 3 & 0xf) != 0) {
		*why = "bad opcode";
		return -1;
	}
	rcode = buf[3] & 0xf;
	if (rcode) {
		*why = rcode < sizeof(rcodes) / sizeof(rcodes[0]) ? rcodes[rcode] : "RCODE error";
		return -1;
	}
	return 0;
}

/* --- UDP --------------------------------------------------------------------------------- */

bool
hc_udp_reply_ok(const struct conf_udp_check *u, const uint8_t *buf, size_t len, const char **why)
{
	size_t i;

	*why = NULL;
	if (len < u->min_reply_length || (u->max_reply_length && len > u->max_reply_length)) {
		*why = "reply length out of range";
		return false;
	}
	if (len < u->reply.n) {
		*why = "reply too short";
		return false;
	}
	for (i = 0; i < u->reply.n; i++) {
		uint8_t m = i < u->reply_mask.n ? u->reply_mask.v[i] : 0xff;

		if ((buf[i] & m) != (u->reply.v[i] & m)) {
			*why = "reply data mismatch";
			return false;
		}
	}
	return true;
}

/* --- ICMP echo --------------------------------------------------------------------------- */

static uint16_t
inet_csum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

size_t
hc_icmp_echo_build(uint8_t *buf, size_t cap, bool v6, uint16_t id, uint16_t seq,
		   const uint8_t *payload, size_t plen)
{
	size_t n = HC_ICMP_HDR_LEN + plen;

	if (cap < n)
		return 0;
	buf[0] = v6 ? 128 : 8;
	buf[1] = 0;
	put16(buf + 2, 0);
	put16(buf + 4, id);
	put16(buf + 6, seq);
	if (plen)
		memcpy(buf + HC_ICMP_HDR_LEN, payload, plen);
	if (!v6)
		put16(buf + 2, inet_csum(buf, n));
	return n;
}

bool
hc_icmp_echo_match(const uint8_t *pkt, size_t len, bool v6, bool ip_header, bool check_id,
		   uint16_t id, uint16_t seq)
{
	size_t off = 0;

	if (ip_header) {
		if (len < 20 || pkt[0] >> 4 != 4)
			return false;
		off = (size_t)(pkt[0] & 0xf) * 4;
		if (off < 20 || off > len)
			return false;
	}
	pkt += off;
	len -= off;
	if (len < HC_ICMP_HDR_LEN || pkt[0] != (v6 ? 129 : 0) || pkt[1] != 0)
		return false;
	if (check_id && ((unsigned)pkt[4] << 8 | pkt[5]) != id)
		return false;
	return ((unsigned)pkt[6] << 8 | pkt[7]) == seq;
}
