/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_reply: the pure wire code of SMTP_CHECK, DNS_CHECK and UDP_CHECK: an
 * incremental SMTP reply parser (multi-line replies), the DNS query builder
 * and reply check (same ID, QR set, RCODE 0, as keepalived), and the
 * UDP_CHECK reply matcher (lengths, bytes under a nibble mask). No I/O, no
 * logging, no allocation; the parsers are fuzzing targets.
 */
#ifndef VIGIL_HC_REPLY_H
#define VIGIL_HC_REPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf_lvs.h"

/* --- SMTP -------------------------------------------------------------------------------- */

/* Longest reply line accepted (RFC 5321 allows 512 octets; be generous). */
#define HC_SMTP_LINE_MAX 1024
/* Most lines in one multi-line reply. */
#define HC_SMTP_LINES_MAX 256

struct hc_smtp_reply {
	char line[HC_SMTP_LINE_MAX];
	size_t len;
	unsigned lines; /* complete lines of the current reply */
	unsigned code;	/* the reply's code, once complete */
	const char *err;
};

void hc_smtp_reply_init(struct hc_smtp_reply *r);
/*
 * Feeds up to len bytes; *used gets how many were consumed (the rest
 * belongs to the next reply). Returns 1 when a whole reply was read (code
 * set), 0 when more bytes are needed, -1 when it is malformed (err set).
 * After 1 or -1, call hc_smtp_reply_init() before the next reply.
 */
int hc_smtp_reply_feed(struct hc_smtp_reply *r, const uint8_t *buf, size_t len, size_t *used);

/* --- DNS --------------------------------------------------------------------------------- */

#define HC_DNS_HDR_LEN	 12
#define HC_DNS_QUERY_MAX (HC_DNS_HDR_LEN + 256 + 4)

/* RR type number for DNS_CHECK's type keyword (A=1, NS=2, CNAME=5, SOA=6, MX=15, TXT=16, AAAA=28). */
uint16_t hc_dns_qtype(enum conf_dns_type t);
/*
 * Builds a recursive query (RD set) for name (NULL, "" or ".": the root)
 * of type qtype, class IN, with id, into buf (at least HC_DNS_QUERY_MAX
 * bytes). Returns its length, or -1 when the name is not a valid domain
 * name (empty label, label over 63 bytes, name over 255 bytes).
 */
int hc_dns_build_query(uint8_t *buf, size_t cap, uint16_t id, const char *name, uint16_t qtype);
/*
 * Checks a reply: at least a header, the same id, QR set, opcode QUERY,
 * RCODE 0 (NOERROR). Returns 0, 1 when it is not a reply to this query
 * (short, other id, QR clear: keep waiting; *why says which), or -1 when it
 * is the reply and it says the server failed (*why: "SERVFAIL", ...).
 */
int hc_dns_check_reply(const uint8_t *buf, size_t len, uint16_t id, const char **why);

/* --- UDP --------------------------------------------------------------------------------- */

/*
 * UDP_CHECK require_reply: the reply's length must be within
 * [min_reply_length, max_reply_length] (max 0: no upper bound) and its
 * first bytes must equal `reply` where reply_mask has bits set. Returns
 * true when it matches; *why says why not.
 */
bool hc_udp_reply_ok(const struct conf_udp_check *u, const uint8_t *buf, size_t len,
		     const char **why);

/* --- ICMP echo (PING_CHECK) -------------------------------------------------------------- */

#define HC_ICMP_HDR_LEN 8

/*
 * Builds an echo request (ICMP type 8, or ICMPv6 type 128 when v6) with id,
 * seq and payload into buf. The ICMPv4 checksum is filled in; the kernel
 * fills ICMPv6's. Returns the length, or 0 when cap is too small.
 */
size_t hc_icmp_echo_build(uint8_t *buf, size_t cap, bool v6, uint16_t id, uint16_t seq,
			  const uint8_t *payload, size_t plen);
/*
 * True when pkt is the echo reply to (id, seq). ip_header: pkt starts with
 * an IPv4 header (raw IPv4 sockets); check_id: false for ping sockets,
 * where the kernel owns the id.
 */
bool hc_icmp_echo_match(const uint8_t *pkt, size_t len, bool v6, bool ip_header, bool check_id,
			uint16_t id, uint16_t seq);

#endif
