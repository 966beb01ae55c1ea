/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_vrrp_pkt: unit tests for the VRRP packet codec (daemon/vrrp/vrrp_pkt.c).
 * Golden vectors are adverts captured from Debian's keepalived 2.2.7 on a veth
 * pair between two network namespaces (tcpdump, IP layer onwards): parse must
 * accept them and build must reproduce them byte for byte. The AH ICV is also
 * recomputed here independently with OpenSSL's HMAC to craft mutations.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "vrrp/vrrp_pkt.h"
#include "check_vrrp_pkt.h"

static unsigned memcmp_calls;

/* Interposes libcrypto's: counts that the codec compares secrets with it. */
int
CRYPTO_memcmp(const void *in_a, const void *in_b, size_t len)
{
	const unsigned char *a = in_a, *b = in_b;
	unsigned char x = 0;
	size_t i;

	memcmp_calls++;
	for (i = 0; i < len; i++)
		x |= a[i] ^ b[i];
	return x;
}

size_t
unhex(const char *s, uint8_t *out)
{
	size_t n = strlen(s) / 2, i;

	for (i = 0; i < n; i++) {
		unsigned v;

		ck_assert_int_eq(sscanf(s + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
	return n;
}

struct vrrp_pkt_addr
ip(const char *s)
{
	struct vrrp_pkt_addr a = {0};

	a.family = strchr(s, ':') ? AF_INET6 : AF_INET;
	ck_assert_int_eq(inet_pton(a.family, s, a.addr), 1);
	return a;
}

struct vrrp_pkt_addr vips_v2[2], vips_v3[1], vips_v6[2], vips_uni[3];
struct vrrp_pkt_peer peers[1];

void
setup(void)
{
	vips_v2[0] = ip("192.168.77.10");
	vips_v2[1] = ip("192.168.77.11");
	vips_v3[0] = ip("192.168.77.20");
	vips_v6[0] = ip("fe80::77:1");
	vips_v6[1] = ip("2001:db8:77::1");
	vips_uni[0] = ip("192.168.77.30");
	vips_uni[1] = ip("192.168.77.31");
	vips_uni[2] = ip("192.168.77.32");
	peers[0].addr = ip("10.77.0.2");
	peers[0].min_ttl = 0;
	peers[0].max_ttl = 255;
	memcmp_calls = 0;
}

struct vrrp_pkt_params
par_v2pass(void)
{
	struct vrrp_pkt_params p = {.version = 2, .family = AF_INET, .vrid = 51, .advert_int = 1};

	p.vips = vips_v2;
	p.nvips = 2;
	p.auth_type = VRRP_PKT_AUTH_PASS;
	memcpy(p.auth_data, "secret1", 7);
	return p;
}

struct vrrp_pkt_params
par_v2ah(void)
{
	struct vrrp_pkt_params p = par_v2pass();

	p.vrid = 52;
	p.auth_type = VRRP_PKT_AUTH_AH;
	return p;
}

struct vrrp_pkt_params
par_v3v4(void)
{
	struct vrrp_pkt_params p = {.version = 3, .family = AF_INET, .vrid = 53, .advert_int = 50};

	p.vips = vips_v3;
	p.nvips = 1;
	return p;
}

struct vrrp_pkt_params
par_v3v6(void)
{
	struct vrrp_pkt_params p = {
		.version = 3, .family = AF_INET6, .vrid = 54, .advert_int = 100};

	p.vips = vips_v6;
	p.nvips = 2;
	return p;
}

struct vrrp_pkt_params
par_v3uni(void)
{
	struct vrrp_pkt_params p = {.version = 3, .family = AF_INET, .vrid = 55, .advert_int = 100};

	p.vips = vips_uni;
	p.nvips = 3;
	p.unicast = true;
	p.peers = peers;
	p.npeers = 1;
	return p;
}

struct vrrp_pkt_params
par_v2ahuni(void)
{
	struct vrrp_pkt_params p = par_v3uni();

	p.version = 2;
	p.vrid = 56;
	p.advert_int = 1;
	p.auth_type = VRRP_PKT_AUTH_AH;
	memcpy(p.auth_data, "k3y", 3);
	return p;
}

const struct vrrp_pkt_rxinfo rx4 = {.ip_header = true, .ttl = -1};

struct vrrp_pkt_rxinfo
rx6(void)
{
	struct vrrp_pkt_rxinfo rx = {.ttl = 255};

	rx.src = ip("fe80::cc07:d6ff:fed2:7a52");
	rx.dst = ip("ff02::12");
	return rx;
}

struct vrrp_pkt_tx
tx4(uint8_t prio, const char *dst, uint16_t id, uint32_t seq)
{
	struct vrrp_pkt_tx tx = {.priority = prio, .ttl = 255, .ip_id = id, .ah_seq = seq};

	tx.src = ip("10.77.0.1");
	tx.dst = ip(dst);
	return tx;
}

/* Parses a heap copy of exactly len bytes so ASan sees any over-read. */
enum vrrp_pkt_reason
parse_copy(const struct vrrp_pkt_params *p, const uint8_t *pkt, size_t len,
	   const struct vrrp_pkt_rxinfo *rx, struct vrrp_pkt_advert *adv)
{
	uint8_t *copy = malloc(len ? len : 1);
	enum vrrp_pkt_reason r;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, pkt, len);
	r = vrrp_pkt_parse(p, copy, len, rx, adv);
	free(copy);
	return r;
}

/* Recomputes the AH ICV of an IPv4 datagram independently of the codec. */
void
ah_resign(uint8_t *pkt, size_t len, const char *key, bool zero_ttl)
{
	uint8_t tmp[2048], md[EVP_MAX_MD_SIZE], k[8] = {0};
	unsigned mdlen = 0;

	memcpy(k, key, strlen(key));
	memcpy(tmp, pkt, len);
	tmp[1] = tmp[6] = tmp[7] = tmp[10] = tmp[11] = 0;
	if (zero_ttl)
		tmp[8] = 0;
	memset(tmp + 32, 0, 12);
	ck_assert_ptr_nonnull(HMAC(EVP_md5(), k, 8, tmp, len, md, &mdlen));
	memcpy(pkt + 32, md, 12);
}

/* Fixes the VRRPv2 (plain) checksum of the message at m. */
void
v2_resum(uint8_t *m, size_t mlen)
{
	m[6] = m[7] = 0;
	uint16_t s = vrrp_pkt_checksum(m, mlen);
	m[6] = (uint8_t)(s >> 8);
	m[7] = (uint8_t)s;
}

static void
check_golden(const struct vrrp_pkt_params *p, const char *hex, size_t skip,
	     const struct vrrp_pkt_rxinfo *rx, const struct vrrp_pkt_tx *tx)
{
	uint8_t pkt[256], out[256];
	size_t len = unhex(hex, pkt) - skip, outlen = 0;
	struct vrrp_pkt_advert adv;

	ck_assert_int_eq(vrrp_pkt_parse(p, pkt + skip, len, rx, &adv), VRRP_PKT_OK);
	ck_assert_uint_eq(adv.priority, tx->priority);
	ck_assert_int_eq(vrrp_pkt_build(p, tx, out, sizeof(out), &outlen), 0);
	ck_assert_uint_eq(outlen, len);
	ck_assert_uint_eq(vrrp_pkt_len(p), len);
	ck_assert_mem_eq(out, pkt + skip, len);
}

START_TEST(test_golden_v2_pass)
{
	struct vrrp_pkt_params p = par_v2pass();
	struct vrrp_pkt_tx tx = tx4(150, "224.0.0.18", 1, 0);
	struct vrrp_pkt_advert adv;
	struct vrrp_pkt_addr a;
	uint8_t pkt[64];
	size_t len = unhex(G_V2PASS, pkt);

	check_golden(&p, G_V2PASS, 0, &rx4, &tx);
	tx = tx4(0, "224.0.0.18", 5, 0);
	check_golden(&p, G_V2PASS_PRIO0, 0, &rx4, &tx);

	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt, len, &rx4, &adv), VRRP_PKT_OK);
	ck_assert_uint_eq(adv.version, 2);
	ck_assert_uint_eq(adv.vrid, 51);
	ck_assert_uint_eq(adv.naddr, 2);
	ck_assert_uint_eq(adv.auth_type, VRRP_PKT_AUTH_PASS);
	ck_assert_uint_eq(adv.advert_int_us, 1000000);
	ck_assert_int_eq(adv.ttl, 255);
	ck_assert(adv.addrs_checked);
	ck_assert(!adv.ah);
	a = ip("10.77.0.1");
	ck_assert_mem_eq(&adv.src, &a, sizeof(a));
	vrrp_pkt_advert_addr(&adv, 1, &a);
	ck_assert_int_eq(a.family, AF_INET);
	ck_assert_mem_eq(a.addr, vips_v2[1].addr, 4);
	vrrp_pkt_advert_addr(&adv, 2, &a);
	ck_assert_int_eq(a.family, 0);
	ck_assert_uint_ge(memcmp_calls, 1); /* the password */
}
END_TEST

START_TEST(test_golden_v2_ah)
{
	struct vrrp_pkt_params p = par_v2ah();
	struct vrrp_pkt_tx tx = tx4(150, "224.0.0.18", 1, 1);
	struct vrrp_pkt_advert adv;
	uint8_t pkt[128];
	size_t len = unhex(G_V2AH, pkt);

	check_golden(&p, G_V2AH, 0, &rx4, &tx);
	tx = tx4(0, "224.0.0.18", 5, 5);
	check_golden(&p, G_V2AH_PRIO0, 0, &rx4, &tx);

	memcmp_calls = 0;
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt, len, &rx4, &adv), VRRP_PKT_OK);
	ck_assert(adv.ah && adv.ah_seq_valid);
	ck_assert_uint_eq(adv.ah_seq, 1);
	ck_assert_uint_eq(memcmp_calls, 1); /* the ICV */
	/* Replay: the counter has moved to 1. */
	p.ah_seq = 1;
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt, len, &rx4, &adv), VRRP_PKT_AH_REPLAY);
	ck_assert(!adv.ah_seq_valid);
	/* Unicast zeroes the TTL in the ICV: the multicast packet no longer verifies. */
	p.ah_seq = 0;
	p.unicast = true;
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt, len, &rx4, &adv), VRRP_PKT_BAD_AH);
}
END_TEST

START_TEST(test_golden_v3_ipv4)
{
	struct vrrp_pkt_params p = par_v3v4();
	struct vrrp_pkt_tx tx = tx4(200, "224.0.0.18", 1, 0);
	struct vrrp_pkt_advert adv;
	uint8_t pkt[64];
	size_t len = unhex(G_V3V4, pkt);

	check_golden(&p, G_V3V4, 0, &rx4, &tx);
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt, len, &rx4, &adv), VRRP_PKT_OK);
	ck_assert_uint_eq(adv.version, 3);
	ck_assert_uint_eq(adv.advert_int_us, 500000);
	ck_assert_uint_eq(adv.auth_type, 0);
	/* The checksum covers the pseudo-header: another source breaks it. */
	pkt[15] = 9;
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt, len, &rx4, &adv), VRRP_PKT_BAD_CHECKSUM);
}
END_TEST

START_TEST(test_golden_v3_ipv6)
{
	struct vrrp_pkt_params p = par_v3v6();
	struct vrrp_pkt_rxinfo rx = rx6();
	struct vrrp_pkt_tx tx = {.priority = 120};
	struct vrrp_pkt_advert adv;
	uint8_t pkt[128];
	size_t len = unhex(G_V3V6, pkt);

	tx.src = rx.src;
	tx.dst = rx.dst;
	check_golden(&p, G_V3V6, 40, &rx, &tx);
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt + 40, len - 40, &rx, &adv), VRRP_PKT_OK);
	ck_assert_uint_eq(adv.advert_int_us, 1000000);
	ck_assert_int_eq(adv.src.family, AF_INET6);
	/* Independent value: the checksum keepalived's kernel computed. */
	ck_assert_uint_eq(pkt[46] << 8 | pkt[47], 0x0ede);
	ck_assert_uint_eq(vrrp_pkt_checksum_v3(&rx.src, &rx.dst, pkt + 40, len - 40), 0);
	/* Unknown destination: the kernel checked the sum; wrong one: refused. */
	rx.dst.family = 0;
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt + 40, len - 40, &rx, &adv), VRRP_PKT_OK);
	rx.dst = ip("ff02::13");
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt + 40, len - 40, &rx, &adv), VRRP_PKT_BAD_CHECKSUM);
	/* Hop limit from the cmsg. */
	rx = rx6();
	rx.ttl = 64;
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt + 40, len - 40, &rx, &adv), VRRP_PKT_BAD_TTL);
	rx.ttl = -1;
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt + 40, len - 40, &rx, &adv), VRRP_PKT_OK);
}
END_TEST

START_TEST(test_golden_unicast)
{
	struct vrrp_pkt_params p = par_v3uni();
	struct vrrp_pkt_tx tx = tx4(100, "10.77.0.2", 1, 0);
	struct vrrp_pkt_advert adv;
	uint8_t pkt[128];
	size_t len;

	check_golden(&p, G_V3UNI, 0, &rx4, &tx);
	p = par_v2ahuni();
	tx.ah_seq = 1;
	check_golden(&p, G_V2AHUNI, 0, &rx4, &tx);
	/* check_unicast_src with the peer's TTL window. */
	len = unhex(G_V3UNI, pkt);
	p = par_v3uni();
	p.check_unicast_src = true;
	peers[0].addr = ip("10.77.0.1");
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt, len, &rx4, &adv), VRRP_PKT_OK);
	peers[0].max_ttl = 254;
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt, len, &rx4, &adv), VRRP_PKT_BAD_TTL);
	peers[0].max_ttl = 255;
	peers[0].addr = ip("10.77.0.3");
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt, len, &rx4, &adv), VRRP_PKT_BAD_UNICAST_SRC);
	/* Unicast TTL is not forced to 255. */
	p.check_unicast_src = false;
	pkt[8] = 64;
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt, len, &rx4, &adv), VRRP_PKT_OK);
}
END_TEST

/* Every valid combination: build, then parse accepts it and reads it back. */
START_TEST(test_round_trip)
{
	static struct vrrp_pkt_addr v4[255], v6[255];
	static const size_t counts[] = {0, 1, 3, 255};
	uint8_t buf[VRRP_PKT_MAX_IP4_LEN + VRRP_PKT_MAX_MSG_LEN];
	unsigned k;

	for (k = 0; k < 255; k++) {
		v4[k] = ip("10.1.0.0");
		v4[k].addr[3] = (uint8_t)k;
		v6[k] = ip("2001:db8::");
		v6[k].addr[15] = (uint8_t)k;
	}
	/* version x family x auth x unicast x address count */
	for (k = 0; k < 2 * 2 * 3 * 2 * 4; k++) {
		unsigned ver = 2 + k % 2, fam = k / 2 % 2, auth = k / 4 % 3, uni = k / 12 % 2;
		unsigned ci = k / 24;
		struct vrrp_pkt_params p = {.version = ver, .vrid = 7, .auth_type = auth};
		struct vrrp_pkt_tx tx = {.priority = (uint8_t)(ci * 50), .ttl = 255, .ip_id = 9};
		struct vrrp_pkt_rxinfo rx = {.ip_header = !fam, .ttl = 255};
		struct vrrp_pkt_advert adv;
		size_t len = 0;

		p.family = fam ? AF_INET6 : AF_INET;
		p.advert_int = ver == 2 ? 3 : 123;
		p.vips = fam ? v6 : v4;
		p.nvips = counts[ci];
		p.unicast = uni;
		tx.ah_seq = 42;
		memcpy(p.auth_data, "pw", 2);
		tx.src = fam ? ip("fe80::1") : ip("10.0.0.1");
		tx.dst = fam ? (uni ? ip("fe80::2") : ip("ff02::12"))
			     : (uni ? ip("10.0.0.2") : ip("224.0.0.18"));
		rx.src = tx.src;
		rx.dst = tx.dst;
		if (vrrp_pkt_params_check(&p)) {
			ck_assert(auth && (ver == 3 || fam));
			ck_assert_int_eq(vrrp_pkt_build(&p, &tx, buf, sizeof(buf), &len), -EINVAL);
			continue;
		}
		ck_assert_int_eq(vrrp_pkt_build(&p, &tx, buf, sizeof(buf), &len), 0);
		ck_assert_int_eq(parse_copy(&p, buf, len, &rx, &adv), VRRP_PKT_OK);
		ck_assert_uint_eq(adv.version, ver);
		ck_assert_uint_eq(adv.vrid, 7);
		ck_assert_uint_eq(adv.priority, tx.priority);
		ck_assert_uint_eq(adv.naddr, counts[ci]);
		ck_assert_uint_eq(adv.advert_int_us, ver == 2 ? 3000000 : 1230000);
		ck_assert_uint_eq(adv.ah, auth == VRRP_PKT_AUTH_AH);
		if (adv.ah)
			ck_assert_uint_eq(adv.ah_seq, 42);
		ck_assert_int_eq(vrrp_pkt_peek_vrid(p.family, !fam, buf, len), 7);
	}
}
END_TEST


START_TEST(test_skip_check_adv_addr)
{
	struct vrrp_pkt_params p = par_v2pass();
	struct vrrp_pkt_advert adv;
	struct vrrp_pkt_addr other[2];
	uint8_t pkt[64];
	size_t len = unhex(G_V2PASS, pkt);

	other[0] = vips_v2[1];
	other[1] = ip("192.168.77.99");
	p.vips = other;
	ck_assert_int_eq(parse_copy(&p, pkt, len, &rx4, &adv), VRRP_PKT_BAD_ADDR_LIST);
	p.skip_check_adv_addr = true;
	ck_assert_int_eq(parse_copy(&p, pkt, len, &rx4, &adv), VRRP_PKT_BAD_ADDR_LIST);
	p.last_master = ip("10.77.0.1");
	ck_assert_int_eq(parse_copy(&p, pkt, len, &rx4, &adv), VRRP_PKT_OK);
	ck_assert(!adv.addrs_checked);
	p.nvips = 1; /* the count is not checked either */
	ck_assert_int_eq(parse_copy(&p, pkt, len, &rx4, &adv), VRRP_PKT_OK);
	p.last_master = ip("10.77.0.9");
	ck_assert_int_eq(parse_copy(&p, pkt, len, &rx4, &adv), VRRP_PKT_BAD_ADDR_COUNT);
	/* The order of the addresses does not matter. */
	p = par_v2pass();
	other[0] = vips_v2[1];
	other[1] = vips_v2[0];
	p.vips = other;
	ck_assert_int_eq(parse_copy(&p, pkt, len, &rx4, &adv), VRRP_PKT_OK);
	ck_assert(adv.addrs_checked);
}
END_TEST

START_TEST(test_v3_checksum_as_v2)
{
	struct vrrp_pkt_params p = par_v3v4(), q = par_v3v4();
	struct vrrp_pkt_tx tx = tx4(200, "224.0.0.18", 1, 0);
	struct vrrp_pkt_advert adv;
	uint8_t pkt[64], golden[64];
	size_t len = 0;

	unhex(G_V3V4, golden);
	q.v3_checksum_as_v2 = true;
	ck_assert_int_eq(vrrp_pkt_build(&q, &tx, pkt, sizeof(pkt), &len), 0);
	ck_assert_uint_eq(vrrp_pkt_checksum(pkt + 20, len - 20), 0);
	ck_assert_int_eq(parse_copy(&q, pkt, len, &rx4, &adv), VRRP_PKT_OK);
	ck_assert_int_eq(parse_copy(&p, pkt, len, &rx4, &adv), VRRP_PKT_BAD_CHECKSUM);
	ck_assert_int_eq(parse_copy(&q, golden, len, &rx4, &adv), VRRP_PKT_BAD_CHECKSUM);
	ck_assert_int_eq(parse_copy(&p, golden, len, &rx4, &adv), VRRP_PKT_OK);
}
END_TEST

START_TEST(test_old_unicast_checksum)
{
	struct vrrp_pkt_params p = par_v3uni(), old = par_v3uni();
	struct vrrp_pkt_tx tx = tx4(100, "10.77.0.2", 1, 0);
	struct vrrp_pkt_advert adv;
	uint8_t pkt[64];
	size_t len = 0;

	old.v3_unicast_csum_mcast = true;
	ck_assert_int_eq(vrrp_pkt_build(&old, &tx, pkt, sizeof(pkt), &len), 0);
	ck_assert_int_eq(parse_copy(&old, pkt, len, &rx4, &adv), VRRP_PKT_OK);
	ck_assert(!adv.csum_old_unicast);
	ck_assert_int_eq(parse_copy(&p, pkt, len, &rx4, &adv), VRRP_PKT_OK);
	ck_assert(adv.csum_old_unicast);
	p.v3_unicast_csum_no_autodetect = true;
	ck_assert_int_eq(parse_copy(&p, pkt, len, &rx4, &adv), VRRP_PKT_BAD_CHECKSUM);
	/* A custom vrrp_mcast_group4 is what goes in the pseudo-header. */
	old.mcast_group = ip("224.0.0.19");
	p = par_v3uni();
	p.mcast_group = old.mcast_group;
	ck_assert_int_eq(vrrp_pkt_build(&old, &tx, pkt, sizeof(pkt), &len), 0);
	ck_assert_int_eq(parse_copy(&p, pkt, len, &rx4, &adv), VRRP_PKT_OK);
	ck_assert(adv.csum_old_unicast);
}
END_TEST


START_TEST(test_checksum_and_names)
{
	/* RFC 1071 section 3 example: sum 0xddf2, checksum 0x220d. */
	static const uint8_t rfc1071[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
	static const uint8_t odd[] = {0x01, 0x02, 0x03};
	unsigned i, j;

	ck_assert_uint_eq(vrrp_pkt_checksum(rfc1071, sizeof(rfc1071)), 0x220d);
	ck_assert_uint_eq(vrrp_pkt_checksum(odd, 3), (uint16_t) ~(0x0102 + 0x0300));
	ck_assert_uint_eq(vrrp_pkt_checksum(NULL, 0), 0xffff);
	for (i = 0; i < VRRP_PKT_REASON_COUNT; i++) {
		ck_assert_ptr_nonnull(vrrp_pkt_reason_name(i));
		for (j = 0; j < i; j++)
			ck_assert_str_ne(vrrp_pkt_reason_name(i), vrrp_pkt_reason_name(j));
	}
	ck_assert_str_eq(vrrp_pkt_reason_name(VRRP_PKT_OK), "ok");
	ck_assert_str_eq(vrrp_pkt_reason_name(VRRP_PKT_BAD_TTL), "bad_ttl");
	ck_assert_str_eq(vrrp_pkt_reason_name(VRRP_PKT_REASON_COUNT), "unknown");
	ck_assert_int_eq(vrrp_pkt_peek_vrid(AF_INET6, false, rfc1071, 8), 0x01);
	ck_assert_int_eq(vrrp_pkt_peek_vrid(AF_INET6, true, rfc1071, 8), -1);
	ck_assert_int_eq(vrrp_pkt_peek_vrid(AF_INET6, false, rfc1071, 7), -1);
}
END_TEST

static Suite *
vrrp_pkt_suite(void)
{
	Suite *s = suite_create("vrrp_pkt");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_golden_v2_pass);
	tcase_add_test(tc, test_golden_v2_ah);
	tcase_add_test(tc, test_golden_v3_ipv4);
	tcase_add_test(tc, test_golden_v3_ipv6);
	tcase_add_test(tc, test_golden_unicast);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_skip_check_adv_addr);
	tcase_add_test(tc, test_v3_checksum_as_v2);
	tcase_add_test(tc, test_old_unicast_checksum);
	tcase_add_test(tc, test_checksum_and_names);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, vrrp_pkt_reject_tcase());
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(vrrp_pkt_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
