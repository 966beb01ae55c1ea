/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_pkt: VRRPv2/v3 advertisement encoding and validation, checksums, and the
 * IPsec AH (HMAC-MD5-96) keepalived uses for VRRPv2 auth_type AH. Pure: no I/O,
 * no logging, no globals, no allocation of ours (OpenSSL's HMAC() may allocate).
 * It must stay safe on any input: it is a fuzzing target.
 *
 * Receive checks, in keepalived's order (vrrp_get_header(), the VRID demux and
 * vrrp_check_packet() of keepalived 2.2), with the RFC 3768 / RFC 5798
 * section 7.1 rule each implements:
 *   1. IP header [+ AH] + VRRP header present             TOO_SHORT, BAD_IP_HEADER
 *   2. VRID is ours ("MUST verify that the VRID is configured") BAD_VRID
 *   3. AH header present iff auth_type AH                  AUTH_TYPE_MISMATCH
 *   4. length = headers + count * address size (+8 auth data for v2/IPv4)
 *      ("MUST verify that the received packet contains the complete VRRP
 *      packet")                                            BAD_LENGTH
 *   5. TTL / hop limit 255 unless unicast ("MUST verify that the IP TTL is
 *      255"; keepalived waives it for unicast peers)       BAD_TTL
 *   6. version                                             BAD_VERSION
 *   7. v2 only (RFC 3768 7.1, 10; RFC 2402 3.4.3, 3.4.4): auth type known
 *      INVALID_AUTH_TYPE, equal to ours AUTH_TYPE_MISMATCH, password
 *      BAD_PASSWORD, AH next header AH_NOT_VRRP, ICV BAD_AH, SPI BAD_AH_SPI,
 *      sequence AH_REPLAY; then Adver Int equal to ours BAD_ADVERT_INT
 *   8. type is ADVERTISEMENT                               BAD_TYPE
 *   9. count equals our VIP count (unless skipped, see 13) BAD_ADDR_COUNT
 *  10. IPv4 total length equals the received length        BAD_LENGTH
 *  11. checksum (RFC 3768 5.3.8, RFC 5798 5.2.8)            BAD_CHECKSUM
 *  12. multicast destination iff not unicast               BAD_DST
 *  13. unless skip_check_adv_addr and the sender is the known master ("MAY
 *      verify that the IP Address(es) associated with the VRID are valid"):
 *      every VIP present BAD_ADDR_LIST; with check_unicast_src the source is
 *      a peer BAD_UNICAST_SRC and the TTL inside its window BAD_TTL.
 * Priority 0 is valid: the master is handing over (RFC 5798 6.4.2).
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "vrrp/vrrp_pkt.h"

/* Where the parts of a received packet are. */
struct rx_ctx {
	const uint8_t *pkt;
	size_t len;
	size_t ihl;	   /* IPv4 header length, 0 when pkt has none */
	const uint8_t *ah; /* AH header, or NULL */
	const uint8_t *m;  /* VRRP message */
	size_t mlen;	   /* bytes from m to the end of pkt */
	bool check_addrs;
};

static const struct vrrp_pkt_addr mcast_group4_default = {
	.family = AF_INET,
	.addr = {224, 0, 0, 18},
};

static const char *const reason_names[VRRP_PKT_REASON_COUNT] = {
	[VRRP_PKT_OK] = "ok",
	[VRRP_PKT_BAD_PARAMS] = "bad_params",
	[VRRP_PKT_BAD_IP_HEADER] = "bad_ip_header",
	[VRRP_PKT_TOO_SHORT] = "too_short",
	[VRRP_PKT_BAD_VRID] = "bad_vrid",
	[VRRP_PKT_AUTH_TYPE_MISMATCH] = "auth_type_mismatch",
	[VRRP_PKT_BAD_LENGTH] = "bad_length",
	[VRRP_PKT_BAD_TTL] = "bad_ttl",
	[VRRP_PKT_BAD_VERSION] = "bad_version",
	[VRRP_PKT_INVALID_AUTH_TYPE] = "invalid_auth_type",
	[VRRP_PKT_BAD_PASSWORD] = "bad_password",
	[VRRP_PKT_AH_NOT_VRRP] = "ah_not_vrrp",
	[VRRP_PKT_BAD_AH] = "bad_ah",
	[VRRP_PKT_BAD_AH_SPI] = "bad_ah_spi",
	[VRRP_PKT_AH_REPLAY] = "ah_replay",
	[VRRP_PKT_BAD_ADVERT_INT] = "bad_advert_int",
	[VRRP_PKT_BAD_TYPE] = "bad_type",
	[VRRP_PKT_BAD_ADDR_COUNT] = "bad_addr_count",
	[VRRP_PKT_BAD_CHECKSUM] = "bad_checksum",
	[VRRP_PKT_BAD_DST] = "bad_dst",
	[VRRP_PKT_BAD_ADDR_LIST] = "bad_addr_list",
	[VRRP_PKT_BAD_UNICAST_SRC] = "bad_unicast_src",
};

const char *
vrrp_pkt_reason_name(enum vrrp_pkt_reason r)
{
	if ((unsigned)r >= VRRP_PKT_REASON_COUNT)
		return "unknown";
	return reason_names[r];
}

/* Byte-wise accessors: packets come unaligned and in network byte order. */
static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static size_t
addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

static void
addr_set(struct vrrp_pkt_addr *a, int family, const uint8_t *bytes)
{
	memset(a, 0, sizeof(*a));
	a->family = family;
	memcpy(a->addr, bytes, addr_len(family));
}

static bool
addr_eq(const struct vrrp_pkt_addr *a, const struct vrrp_pkt_addr *b)
{
	return a->family == b->family && !memcmp(a->addr, b->addr, addr_len(a->family));
}

static bool
addr_is_multicast(const struct vrrp_pkt_addr *a)
{
	if (a->family == AF_INET)
		return (a->addr[0] & 0xf0) == 0xe0; /* 224.0.0.0/4 */
	return a->addr[0] == 0xff;		    /* ff00::/8 */
}

static const struct vrrp_pkt_addr *
mcast_group(const struct vrrp_pkt_params *p)
{
	return p->mcast_group.family ? &p->mcast_group : &mcast_group4_default;
}

void
vrrp_pkt_advert_addr(const struct vrrp_pkt_advert *adv, unsigned i, struct vrrp_pkt_addr *a)
{
	int family = adv->src.family;

	if (!adv->addrs || i >= adv->naddr) {
		memset(a, 0, sizeof(*a));
		return;
	}
	addr_set(a, family, adv->addrs + (size_t)i * addr_len(family));
}

/* RFC 1071 sum of big-endian 16-bit words; an odd last byte is the high half. */
static uint64_t
csum_add(uint64_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint64_t)get16(p + i);
	if (len & 1)
		sum += (uint64_t)p[len - 1] << 8;
	return sum;
}

static uint16_t
csum_fold(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t
vrrp_pkt_checksum(const uint8_t *msg, size_t len)
{
	return csum_fold(csum_add(0, msg, len));
}

uint16_t
vrrp_pkt_checksum_v3(const struct vrrp_pkt_addr *src, const struct vrrp_pkt_addr *dst,
		     const uint8_t *msg, size_t len)
{
	size_t alen = addr_len(src->family);
	uint64_t sum;

	/* IPv4: src, dst, zero, protocol, 16-bit length. IPv6 (RFC 8200 8.1):
	 * src, dst, 32-bit length, three zero bytes, next header. Both reduce to
	 * the addresses plus the protocol plus the length. */
	sum = csum_add(0, src->addr, alen);
	sum = csum_add(sum, dst->addr, alen);
	sum += VRRP_PKT_PROTO + (len & 0xffff) + (len >> 16);
	return csum_fold(csum_add(sum, msg, len));
}

uint32_t
vrrp_pkt_ah_seq_next(uint32_t *counter, bool *cycled)
{
	/* keepalived: "Cycled assumed if 0xFFFFFFFD reached". */
	if (*counter > 0xfffffffdU)
		*cycled = true;
	else
		(*counter)++;
	return *counter;
}

void
vrrp_pkt_ah_become_master(uint32_t *counter, bool *cycled)
{
	if (*cycled) {
		*cycled = false;
		*counter = 0;
	}
}

void
vrrp_pkt_ah_backup_rx(uint32_t counter, bool *cycled, uint32_t seq)
{
	if (seq >= counter)
		*cycled = false;
}

bool
vrrp_pkt_ah_master_rx(uint32_t *counter, bool *cycled, uint32_t seq, int cmp)
{
	if (!cmp)
		return false;
	*cycled = false;
	if (cmp > 0)
		return false;
	*counter = seq + 1; /* uint32_t arithmetic, as keepalived's */
	return true;
}

/*
 * ICV of the IPv4 datagram pkt[0..len) carrying AH at offset ihl: HMAC-MD5 keyed
 * with the 8 auth bytes, truncated to 96 bits (RFC 2403), over the datagram with
 * the mutable fields zeroed (RFC 2402 3.3.3.1.1.1: TOS, flags and fragment
 * offset, header checksum; keepalived zeroes the TTL only for unicast) and the
 * ICV field zeroed. IP options and the identification are covered as sent.
 */
static int
ah_icv(const uint8_t key[VRRP_PKT_AUTH_LEN], const uint8_t *pkt, size_t len, size_t ihl,
       bool zero_ttl, uint8_t icv[VRRP_PKT_AH_ICV_LEN])
{
	uint8_t buf[VRRP_PKT_MAX_IP4_LEN];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (len > sizeof(buf) || ihl < VRRP_PKT_IP4_HDR_LEN || len < ihl + VRRP_PKT_AH_LEN)
		return -1;
	memcpy(buf, pkt, len);
	buf[1] = 0;	       /* TOS */
	buf[6] = buf[7] = 0;   /* flags, fragment offset */
	buf[10] = buf[11] = 0; /* header checksum */
	if (zero_ttl)
		buf[8] = 0;
	memset(buf + ihl + 12, 0, VRRP_PKT_AH_ICV_LEN);
	if (!HMAC(EVP_md5(), key, VRRP_PKT_AUTH_LEN, buf, len, md, &mdlen) ||
	    mdlen < VRRP_PKT_AH_ICV_LEN)
		return -1;
	memcpy(icv, md, VRRP_PKT_AH_ICV_LEN);
	return 0;
}

int
vrrp_pkt_params_check(const struct vrrp_pkt_params *p)
{
	size_t i;

	if (!p || (p->version != 2 && p->version != 3))
		return -EINVAL;
	if ((p->family != AF_INET && p->family != AF_INET6) || p->vrid == 0)
		return -EINVAL;
	if (p->advert_int == 0 || p->advert_int > (p->version == 2 ? 255u : 4095u))
		return -EINVAL;
	if (p->nvips > VRRP_PKT_MAX_ADDRS || (p->nvips && !p->vips))
		return -EINVAL;
	for (i = 0; i < p->nvips; i++)
		if (p->vips[i].family != p->family)
			return -EINVAL;
	if (p->auth_type != VRRP_PKT_AUTH_NONE && p->auth_type != VRRP_PKT_AUTH_PASS &&
	    p->auth_type != VRRP_PKT_AUTH_AH)
		return -EINVAL;
	/* keepalived: authentication is VRRPv2 over IPv4 only. */
	if (p->auth_type != VRRP_PKT_AUTH_NONE && (p->version != 2 || p->family != AF_INET))
		return -EINVAL;
	if (p->npeers && !p->peers)
		return -EINVAL;
	if (p->mcast_group.family && p->mcast_group.family != AF_INET)
		return -EINVAL;
	return 0;
}

/* Length of the VRRP message: header, addresses, and for v2/IPv4 the auth data
 * (keepalived's IPv6 v2 adverts carry none). */
static size_t
msg_len(const struct vrrp_pkt_params *p, unsigned version, size_t naddr)
{
	size_t len = VRRP_PKT_HDR_LEN + naddr * addr_len(p->family);

	if (p->family == AF_INET && version == 2)
		len += VRRP_PKT_AUTH_LEN;
	return len;
}

size_t
vrrp_pkt_len(const struct vrrp_pkt_params *p)
{
	size_t len;

	if (vrrp_pkt_params_check(p))
		return 0;
	len = msg_len(p, p->version, p->nvips);
	if (p->family == AF_INET) {
		len += VRRP_PKT_IP4_HDR_LEN;
		if (p->auth_type == VRRP_PKT_AUTH_AH)
			len += VRRP_PKT_AH_LEN;
	}
	return len;
}

/*
 * The checksum variant p uses: false for the plain RFC 1071 sum (v2 over IPv4,
 * v3_checksum_as_v2), true with a pseudo-header whose destination is *pdst.
 * IPv6 always has the pseudo-header: the kernel (IPV6_CHECKSUM) puts it there.
 */
static bool
csum_pseudo(const struct vrrp_pkt_params *p, unsigned version, const struct vrrp_pkt_addr *dst,
	    const struct vrrp_pkt_addr **pdst)
{
	*pdst = dst;
	if (p->family == AF_INET6)
		return true;
	if (version == 2 || p->v3_checksum_as_v2)
		return false;
	if (p->unicast && p->v3_unicast_csum_mcast)
		*pdst = mcast_group(p);
	return true;
}

/* Writes the VRRP message (RFC 3768 5.1, RFC 5798 5.1) at m, returns its length. */
static size_t
build_msg(const struct vrrp_pkt_params *p, const struct vrrp_pkt_tx *tx, uint8_t *m)
{
	size_t alen = addr_len(p->family), len = VRRP_PKT_HDR_LEN, i;
	const struct vrrp_pkt_addr *pdst;
	uint16_t sum;

	m[0] = (uint8_t)(p->version << 4 | VRRP_PKT_TYPE_ADVERT);
	m[1] = p->vrid;
	m[2] = tx->priority;
	m[3] = (uint8_t)p->nvips;
	if (p->version == 2) {
		m[4] = (uint8_t)p->auth_type;
		m[5] = (uint8_t)p->advert_int; /* seconds */
	} else {
		put16(m + 4, (uint16_t)(p->advert_int & 0x0fff)); /* rsvd 0, centiseconds */
	}
	put16(m + 6, 0);
	for (i = 0; i < p->nvips; i++, len += alen)
		memcpy(m + len, p->vips[i].addr, alen);
	if (p->family == AF_INET && p->version == 2) {
		if (p->auth_type == VRRP_PKT_AUTH_PASS)
			memcpy(m + len, p->auth_data, VRRP_PKT_AUTH_LEN);
		else
			memset(m + len, 0, VRRP_PKT_AUTH_LEN);
		len += VRRP_PKT_AUTH_LEN;
	}
	if (csum_pseudo(p, p->version, &tx->dst, &pdst))
		sum = vrrp_pkt_checksum_v3(&tx->src, pdst, m, len);
	else
		sum = vrrp_pkt_checksum(m, len);
	put16(m + 6, sum);
	return len;
}

/* IPv4 header as keepalived's vrrp_build_ip4(): TOS 0xc0 (network control), DF
 * clear; and the AH header (RFC 2402 2) with SPI = our source address. */
static size_t
build_ip4(const struct vrrp_pkt_params *p, const struct vrrp_pkt_tx *tx, uint8_t *b, size_t total)
{
	bool ah = p->auth_type == VRRP_PKT_AUTH_AH;

	b[0] = 0x45;
	b[1] = 0xc0;
	put16(b + 2, (uint16_t)total);
	put16(b + 4, tx->ip_id);
	put16(b + 6, 0);
	b[8] = tx->ttl;
	b[9] = ah ? VRRP_PKT_PROTO_AH : VRRP_PKT_PROTO;
	put16(b + 10, 0); /* filled last; the kernel rewrites it anyway */
	memcpy(b + 12, tx->src.addr, 4);
	memcpy(b + 16, tx->dst.addr, 4);
	if (!ah)
		return VRRP_PKT_IP4_HDR_LEN;
	b += VRRP_PKT_IP4_HDR_LEN;
	b[0] = VRRP_PKT_PROTO;
	b[1] = (VRRP_PKT_AH_LEN >> 2) - 2; /* RFC 2402 2.2: 32-bit words minus 2 */
	put16(b + 2, 0);
	memcpy(b + 4, tx->src.addr, 4);
	put32(b + 8, tx->ah_seq);
	memset(b + 12, 0, VRRP_PKT_AH_ICV_LEN);
	return VRRP_PKT_IP4_HDR_LEN + VRRP_PKT_AH_LEN;
}

int
vrrp_pkt_build(const struct vrrp_pkt_params *p, const struct vrrp_pkt_tx *tx, uint8_t *buf,
	       size_t buflen, size_t *outlen)
{
	size_t need = vrrp_pkt_len(p), off = 0;
	uint8_t icv[VRRP_PKT_AH_ICV_LEN];

	if (!need || !tx || !buf || !outlen)
		return -EINVAL;
	if (tx->src.family != p->family || tx->dst.family != p->family)
		return -EINVAL;
	if (p->auth_type == VRRP_PKT_AUTH_AH && tx->ip_id == 0)
		return -EINVAL;
	if (buflen < need)
		return -ENOSPC;
	if (p->family == AF_INET)
		off = build_ip4(p, tx, buf, need);
	build_msg(p, tx, buf + off);
	if (p->auth_type == VRRP_PKT_AUTH_AH) {
		if (ah_icv(p->auth_data, buf, need, VRRP_PKT_IP4_HDR_LEN, p->unicast, icv))
			return -EIO;
		memcpy(buf + VRRP_PKT_IP4_HDR_LEN + 12, icv, VRRP_PKT_AH_ICV_LEN);
	}
	if (p->family == AF_INET)
		put16(buf + 10, vrrp_pkt_checksum(buf, VRRP_PKT_IP4_HDR_LEN));
	*outlen = need;
	return 0;
}

int
vrrp_pkt_peek_vrid(int family, bool ip_header, const uint8_t *pkt, size_t len)
{
	size_t off = 0;

	if (!pkt)
		return -1;
	if (ip_header) {
		if (family != AF_INET || len < VRRP_PKT_IP4_HDR_LEN || pkt[0] >> 4 != 4 ||
		    (pkt[0] & 0x0f) < 5)
			return -1;
		off = (size_t)(pkt[0] & 0x0f) * 4;
		if (pkt[9] == VRRP_PKT_PROTO_AH)
			off += VRRP_PKT_AH_LEN;
	}
	if (len < off + VRRP_PKT_HDR_LEN)
		return -1;
	return pkt[off + 1];
}

/* The IPv4 header, when pkt has one: addresses, TTL, and the AH header. */
static enum vrrp_pkt_reason
rx_ip4(struct rx_ctx *c, struct vrrp_pkt_advert *out)
{
	const uint8_t *pkt = c->pkt;

	if (c->len < VRRP_PKT_IP4_HDR_LEN)
		return VRRP_PKT_TOO_SHORT;
	if (pkt[0] >> 4 != 4 || (pkt[0] & 0x0f) < 5)
		return VRRP_PKT_BAD_IP_HEADER;
	if (pkt[9] != VRRP_PKT_PROTO && pkt[9] != VRRP_PKT_PROTO_AH)
		return VRRP_PKT_BAD_IP_HEADER;
	c->ihl = (size_t)(pkt[0] & 0x0f) * 4;
	if (c->len < c->ihl)
		return VRRP_PKT_TOO_SHORT;
	addr_set(&out->src, AF_INET, pkt + 12);
	addr_set(&out->dst, AF_INET, pkt + 16);
	out->ttl = pkt[8];
	if (pkt[9] == VRRP_PKT_PROTO_AH) {
		if (c->len < c->ihl + VRRP_PKT_AH_LEN)
			return VRRP_PKT_TOO_SHORT;
		c->ah = pkt + c->ihl;
		out->ah = true;
		out->ah_seq = get32(c->ah + 8);
	}
	return VRRP_PKT_OK;
}

/* Step 1: find the VRRP header and read its fixed fields. */
static enum vrrp_pkt_reason
rx_locate(const struct vrrp_pkt_params *p, const struct vrrp_pkt_rxinfo *rx, struct rx_ctx *c,
	  struct vrrp_pkt_advert *out)
{
	enum vrrp_pkt_reason r;
	size_t off = 0;

	if (rx->ip_header) {
		if (p->family != AF_INET)
			return VRRP_PKT_BAD_PARAMS;
		if ((r = rx_ip4(c, out)) != VRRP_PKT_OK)
			return r;
		off = c->ihl + (c->ah ? VRRP_PKT_AH_LEN : 0);
	} else {
		/* Without the IPv4 header the pseudo-header needs the destination. */
		if (rx->src.family != p->family ||
		    (rx->dst.family && rx->dst.family != p->family) ||
		    (p->family == AF_INET && rx->dst.family != AF_INET))
			return VRRP_PKT_BAD_PARAMS;
		out->src = rx->src;
		out->dst = rx->dst;
		out->ttl = rx->ttl >= 0 && rx->ttl <= 255 ? rx->ttl : -1;
	}
	if (c->len < off + VRRP_PKT_HDR_LEN)
		return VRRP_PKT_TOO_SHORT;
	c->m = c->pkt + off;
	c->mlen = c->len - off;
	out->version = c->m[0] >> 4;
	out->type = c->m[0] & 0x0f;
	out->vrid = c->m[1];
	out->priority = c->m[2];
	out->naddr = c->m[3];
	if (out->version == 3) {
		out->advert_int_us = (uint32_t)(get16(c->m + 4) & 0x0fff) * 10000;
	} else {
		out->auth_type = c->m[4];
		out->advert_int_us = (uint32_t)c->m[5] * 1000000;
	}
	return VRRP_PKT_OK;
}

/* Step 7 for AH: RFC 2402 3.4.4 (ICV) then 3.4.3 (sequence), as keepalived. */
static enum vrrp_pkt_reason
rx_ah(const struct vrrp_pkt_params *p, const struct rx_ctx *c, struct vrrp_pkt_advert *out)
{
	uint8_t icv[VRRP_PKT_AH_ICV_LEN];

	if (c->ah[0] != VRRP_PKT_PROTO)
		return VRRP_PKT_AH_NOT_VRRP;
	if (ah_icv(p->auth_data, c->pkt, c->len, c->ihl, p->unicast, icv))
		return VRRP_PKT_BAD_AH;
	if (CRYPTO_memcmp(icv, c->ah + 12, VRRP_PKT_AH_ICV_LEN))
		return VRRP_PKT_BAD_AH;
	if (memcmp(c->ah + 4, out->src.addr, 4))
		return VRRP_PKT_BAD_AH_SPI;
	if (out->ah_seq <= p->ah_seq)
		return VRRP_PKT_AH_REPLAY;
	out->ah_seq_valid = true;
	return VRRP_PKT_OK;
}

/* Step 7: VRRPv2 authentication (RFC 3768 5.3.6, 10) and Adver Int. */
static enum vrrp_pkt_reason
rx_auth_v2(const struct vrrp_pkt_params *p, const struct rx_ctx *c, struct vrrp_pkt_advert *out)
{
	enum vrrp_pkt_reason r;
	uint8_t type = c->m[4];

	if (type > VRRP_PKT_AUTH_AH)
		return VRRP_PKT_INVALID_AUTH_TYPE;
	if (type != p->auth_type)
		return VRRP_PKT_AUTH_TYPE_MISMATCH;
	if (type == VRRP_PKT_AUTH_PASS) {
		/* Constant time, as keepalived (memcmp_constant_time). */
		if (CRYPTO_memcmp(c->m + c->mlen - VRRP_PKT_AUTH_LEN, p->auth_data,
				  VRRP_PKT_AUTH_LEN))
			return VRRP_PKT_BAD_PASSWORD;
	} else if (type == VRRP_PKT_AUTH_AH) {
		if ((r = rx_ah(p, c, out)) != VRRP_PKT_OK)
			return r;
	}
	if (c->m[5] != p->advert_int)
		return VRRP_PKT_BAD_ADVERT_INT;
	return VRRP_PKT_OK;
}

/* Step 11. keepalived leaves IPv6 to the kernel (IPV6_CHECKSUM); we check it too
 * when the socket layer gave us the destination. */
static enum vrrp_pkt_reason
rx_checksum(const struct vrrp_pkt_params *p, const struct rx_ctx *c, struct vrrp_pkt_advert *out)
{
	const struct vrrp_pkt_addr *pdst, *group = mcast_group(p);

	if (!csum_pseudo(p, out->version, &out->dst, &pdst))
		return vrrp_pkt_checksum(c->m, c->mlen) ? VRRP_PKT_BAD_CHECKSUM : VRRP_PKT_OK;
	if (!pdst->family)
		return VRRP_PKT_OK;
	if (!vrrp_pkt_checksum_v3(&out->src, pdst, c->m, c->mlen))
		return VRRP_PKT_OK;
	/* keepalived's auto-detection of a pre-1.3.6 unicast peer. */
	if (p->family == AF_INET && p->unicast && !p->v3_unicast_csum_mcast &&
	    !p->v3_unicast_csum_no_autodetect && !addr_eq(pdst, group) &&
	    !vrrp_pkt_checksum_v3(&out->src, group, c->m, c->mlen)) {
		out->csum_old_unicast = true;
		return VRRP_PKT_OK;
	}
	return VRRP_PKT_BAD_CHECKSUM;
}

/* Step 13: the advert's addresses as a set against ours, then the sender. */
static enum vrrp_pkt_reason
rx_addrs(const struct vrrp_pkt_params *p, struct vrrp_pkt_advert *out)
{
	size_t alen = addr_len(p->family), i, j;

	for (i = 0; i < p->nvips; i++) {
		for (j = 0; j < out->naddr; j++)
			if (!memcmp(p->vips[i].addr, out->addrs + j * alen, alen))
				break;
		if (j == out->naddr)
			return VRRP_PKT_BAD_ADDR_LIST;
	}
	out->addrs_checked = true;
	if (!p->unicast || !p->check_unicast_src)
		return VRRP_PKT_OK;
	for (i = 0; i < p->npeers; i++)
		if (addr_eq(&p->peers[i].addr, &out->src))
			break;
	if (i == p->npeers)
		return VRRP_PKT_BAD_UNICAST_SRC;
	if (out->ttl >= 0 && (out->ttl < p->peers[i].min_ttl || out->ttl > p->peers[i].max_ttl))
		return VRRP_PKT_BAD_TTL;
	return VRRP_PKT_OK;
}

/* Steps 2 to 8. */
static enum vrrp_pkt_reason
rx_header(const struct vrrp_pkt_params *p, struct rx_ctx *c, struct vrrp_pkt_advert *out)
{
	if (out->vrid != p->vrid)
		return VRRP_PKT_BAD_VRID;
	if ((c->ah != NULL) != (p->auth_type == VRRP_PKT_AUTH_AH))
		return VRRP_PKT_AUTH_TYPE_MISMATCH;
	if (c->mlen != msg_len(p, out->version, out->naddr))
		return VRRP_PKT_BAD_LENGTH;
	out->addrs = c->m + VRRP_PKT_HDR_LEN;
	if (!p->unicast && out->ttl >= 0 && out->ttl != VRRP_PKT_TTL)
		return VRRP_PKT_BAD_TTL;
	if (out->version != p->version)
		return VRRP_PKT_BAD_VERSION;
	if (p->version == 2)
		return rx_auth_v2(p, c, out);
	return VRRP_PKT_OK;
}

enum vrrp_pkt_reason
vrrp_pkt_parse(const struct vrrp_pkt_params *p, const uint8_t *pkt, size_t len,
	       const struct vrrp_pkt_rxinfo *rx, struct vrrp_pkt_advert *out)
{
	struct rx_ctx c = {.pkt = pkt, .len = len};
	enum vrrp_pkt_reason r;

	if (!out)
		return VRRP_PKT_BAD_PARAMS;
	memset(out, 0, sizeof(*out));
	out->ttl = -1;
	if (vrrp_pkt_params_check(p) || !rx || (!pkt && len))
		return VRRP_PKT_BAD_PARAMS;
	if ((r = rx_locate(p, rx, &c, out)) != VRRP_PKT_OK)
		return r;
	if ((r = rx_header(p, &c, out)) != VRRP_PKT_OK)
		return r;
	if (out->type != VRRP_PKT_TYPE_ADVERT)
		return VRRP_PKT_BAD_TYPE;
	c.check_addrs = !p->skip_check_adv_addr || !addr_eq(&p->last_master, &out->src);
	if (c.check_addrs && out->naddr != p->nvips)
		return VRRP_PKT_BAD_ADDR_COUNT;
	if (c.ihl && get16(pkt + 2) != len)
		return VRRP_PKT_BAD_LENGTH;
	if ((r = rx_checksum(p, &c, out)) != VRRP_PKT_OK)
		return r;
	if (out->dst.family && addr_is_multicast(&out->dst) == p->unicast)
		return VRRP_PKT_BAD_DST;
	if (c.check_addrs)
		return rx_addrs(p, out);
	return VRRP_PKT_OK;
}
