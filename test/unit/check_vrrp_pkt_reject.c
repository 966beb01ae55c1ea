/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_vrrp_pkt_reject: the rejection half of the vrrp_pkt unit test. Each
 * reason is produced by one change to a valid keepalived packet or instance;
 * truncated and randomly damaged packets are parsed from exact-size heap
 * copies so that ASan catches any read out of bounds.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp/vrrp_pkt.h"
#include "check_vrrp_pkt.h"

/* A valid packet, parsed after one mutation, gives the expected reason. */
enum tweak {
	TW_NONE,
	TW_TRUNCATE,	/* 26 bytes: no full VRRP header */
	TW_APPEND,	/* one trailing byte */
	TW_VRID,	/* configure another VRID */
	TW_AUTH_NONE,	/* configure no authentication */
	TW_ONE_VIP,	/* configure only the first VIP */
	TW_RESUM,	/* fix the VRRPv2 checksum after the change */
	TW_UNICAST,	/* configure unicast */
	TW_UNICAST_SRC, /* configure unicast, check_unicast_src, peer 10.77.0.2 */
};

struct mutation {
	const char *name;
	enum vrrp_pkt_reason want;
	size_t off; /* byte to change; SIZE_MAX: none */
	uint8_t val;
	enum tweak tweak;
};

static const struct mutation pass_mutations[] = {
	{"truncated", VRRP_PKT_TOO_SHORT, SIZE_MAX, 0, TW_TRUNCATE},
	{"ip version", VRRP_PKT_BAD_IP_HEADER, 0, 0x65, TW_NONE},
	{"ihl", VRRP_PKT_BAD_IP_HEADER, 0, 0x44, TW_NONE},
	{"protocol", VRRP_PKT_BAD_IP_HEADER, 9, 17, TW_NONE},
	{"vrid", VRRP_PKT_BAD_VRID, 21, 50, TW_NONE},
	{"vrid config", VRRP_PKT_BAD_VRID, SIZE_MAX, 0, TW_VRID},
	{"ip proto AH", VRRP_PKT_TOO_SHORT, 9, 51, TW_NONE}, /* no room for AH + VRRP */
	{"trailing byte", VRRP_PKT_BAD_LENGTH, SIZE_MAX, 0, TW_APPEND},
	{"ttl", VRRP_PKT_BAD_TTL, 8, 254, TW_NONE},
	{"invalid auth type", VRRP_PKT_INVALID_AUTH_TYPE, 24, 3, TW_NONE},
	{"auth type none", VRRP_PKT_AUTH_TYPE_MISMATCH, 24, 0, TW_NONE},
	{"auth config none", VRRP_PKT_AUTH_TYPE_MISMATCH, SIZE_MAX, 0, TW_AUTH_NONE},
	{"password", VRRP_PKT_BAD_PASSWORD, 43, 'x', TW_NONE},
	{"advert int", VRRP_PKT_BAD_ADVERT_INT, 25, 2, TW_NONE},
	{"type", VRRP_PKT_BAD_TYPE, 20, 0x22, TW_NONE},
	{"address count", VRRP_PKT_BAD_ADDR_COUNT, SIZE_MAX, 0, TW_ONE_VIP},
	{"ip total length", VRRP_PKT_BAD_LENGTH, 3, 0x2d, TW_NONE},
	{"checksum", VRRP_PKT_BAD_CHECKSUM, 27, 0x16, TW_NONE},
	{"priority", VRRP_PKT_BAD_CHECKSUM, 22, 151, TW_NONE},
	{"destination", VRRP_PKT_BAD_DST, 16, 10, TW_NONE},
	{"unicast mode", VRRP_PKT_BAD_DST, SIZE_MAX, 0, TW_UNICAST},
	{"vip", VRRP_PKT_BAD_ADDR_LIST, 31, 12, TW_RESUM},
	{"unicast source", VRRP_PKT_BAD_UNICAST_SRC, 16, 10, TW_UNICAST_SRC},
};

static void
apply_tweak(enum tweak t, uint8_t *pkt, size_t *len, struct vrrp_pkt_params *p)
{
	switch (t) {
	case TW_NONE:
		break;
	case TW_TRUNCATE:
		*len = 26;
		break;
	case TW_APPEND:
		pkt[(*len)++] = 0;
		break;
	case TW_VRID:
		p->vrid = 99;
		break;
	case TW_AUTH_NONE:
		p->auth_type = VRRP_PKT_AUTH_NONE;
		break;
	case TW_ONE_VIP:
		p->nvips = 1;
		break;
	case TW_RESUM:
		v2_resum(pkt + 20, *len - 20);
		break;
	case TW_UNICAST_SRC:
		p->check_unicast_src = true;
		p->peers = peers; /* 10.77.0.2: not the sender */
		p->npeers = 1;
		/* fall through */
	case TW_UNICAST:
		p->unicast = true;
		break;
	}
}

START_TEST(test_mutations_pass)
{
	const struct mutation *m = &pass_mutations[_i];
	struct vrrp_pkt_params p = par_v2pass();
	struct vrrp_pkt_advert adv;
	uint8_t pkt[64];
	size_t len = unhex(G_V2PASS, pkt);
	enum vrrp_pkt_reason r;

	if (m->off != SIZE_MAX)
		pkt[m->off] = m->val;
	apply_tweak(m->tweak, pkt, &len, &p);
	r = parse_copy(&p, pkt, len, &rx4, &adv);
	ck_assert_msg(r == m->want, "%s: got %s", m->name, vrrp_pkt_reason_name(r));
}
END_TEST

START_TEST(test_mutations_ah)
{
	struct vrrp_pkt_params p = par_v2ah();
	struct vrrp_pkt_advert adv;
	uint8_t pkt[128], orig[128];
	size_t len = unhex(G_V2AH, orig);

#define AH_CASE(off, val, resign, want)                                                            \
	do {                                                                                       \
		memcpy(pkt, orig, len);                                                            \
		pkt[off] = (val);                                                                  \
		if (resign)                                                                        \
			ah_resign(pkt, len, "secret1", false);                                     \
		ck_assert_int_eq(parse_copy(&p, pkt, len, &rx4, &adv), want);                      \
	} while (0)

	AH_CASE(9, 112, false, VRRP_PKT_BAD_VRID); /* the AH header read as VRRP */
	AH_CASE(20, 6, false, VRRP_PKT_AH_NOT_VRRP);
	AH_CASE(35, 0, false, VRRP_PKT_BAD_AH);	  /* ICV */
	AH_CASE(46, 200, false, VRRP_PKT_BAD_AH); /* priority, covered by the ICV */
	AH_CASE(1, 0x10, false, VRRP_PKT_OK);	  /* TOS is mutable */
	AH_CASE(11, 0x99, false, VRRP_PKT_OK);	  /* so is the header checksum */
	AH_CASE(5, 2, false, VRRP_PKT_BAD_AH);	  /* the IP id is not */
	AH_CASE(27, 9, true, VRRP_PKT_BAD_AH_SPI);
	AH_CASE(31, 0, true, VRRP_PKT_AH_REPLAY); /* sequence 0 */
	AH_CASE(49, 2, true, VRRP_PKT_BAD_ADVERT_INT);
	ck_assert(adv.ah_seq_valid); /* verified: the caller still raises its counter */
	AH_CASE(48, 1, true, VRRP_PKT_AUTH_TYPE_MISMATCH);
	p.auth_type = VRRP_PKT_AUTH_PASS;
	AH_CASE(48, 1, true, VRRP_PKT_AUTH_TYPE_MISMATCH); /* AH header without AH config */
#undef AH_CASE
	/* AH configured, a plain VRRP packet came. */
	p = par_v2ah();
	p.vrid = 51;
	len = unhex(G_V2PASS, pkt);
	ck_assert_int_eq(parse_copy(&p, pkt, len, &rx4, &adv), VRRP_PKT_AUTH_TYPE_MISMATCH);
}
END_TEST

START_TEST(test_bad_version)
{
	struct vrrp_pkt_params p = par_v3v4();
	struct vrrp_pkt_advert adv;
	uint8_t pkt[64];
	size_t len = unhex(G_V3V4, pkt);

	pkt[20] = 0x41; /* version 4: same layout as v3 */
	ck_assert_int_eq(parse_copy(&p, pkt, len, &rx4, &adv), VRRP_PKT_BAD_VERSION);
	pkt[20] = 0x21; /* version 2 expects the 8 auth bytes */
	ck_assert_int_eq(parse_copy(&p, pkt, len, &rx4, &adv), VRRP_PKT_BAD_LENGTH);
	/* A v3 advert reaching a v2 instance. */
	pkt[20] = 0x31;
	p.version = 2;
	p.advert_int = 1;
	ck_assert_int_eq(parse_copy(&p, pkt, len, &rx4, &adv), VRRP_PKT_BAD_VERSION);
}
END_TEST

START_TEST(test_truncation)
{
	static const char *const golden[] = {G_V2PASS, G_V2AH, G_V3V4, G_V3UNI, G_V2AHUNI};
	struct vrrp_pkt_params ps[5];
	struct vrrp_pkt_rxinfo r6 = rx6();
	struct vrrp_pkt_advert adv;
	uint8_t pkt[256];
	size_t g, len, l;

	ps[0] = par_v2pass();
	ps[1] = par_v2ah();
	ps[2] = par_v3v4();
	ps[3] = par_v3uni();
	ps[4] = par_v2ahuni();
	for (g = 0; g < 5; g++) {
		len = unhex(golden[g], pkt);
		for (l = 0; l < len; l++) {
			ck_assert_int_ne(parse_copy(&ps[g], pkt, l, &rx4, &adv), VRRP_PKT_OK);
			if (l < 28)
				ck_assert_int_eq(vrrp_pkt_peek_vrid(AF_INET, true, pkt, l), -1);
		}
		ck_assert_int_eq(vrrp_pkt_peek_vrid(AF_INET, true, pkt, len), ps[g].vrid);
		ck_assert_int_eq(parse_copy(&ps[g], pkt, len, &rx4, &adv), VRRP_PKT_OK);
	}
	ps[0] = par_v3v6();
	len = unhex(G_V3V6, pkt) - 40;
	for (l = 0; l < len; l++)
		ck_assert_int_ne(parse_copy(&ps[0], pkt + 40, l, &r6, &adv), VRRP_PKT_OK);
	ck_assert_int_eq(vrrp_pkt_parse(&ps[0], NULL, 0, &r6, &adv), VRRP_PKT_TOO_SHORT);
}
END_TEST

/* Random byte flips on every golden packet: never out of bounds (ASan). */
START_TEST(test_random_mutations)
{
	static const char *const golden[] = {G_V2PASS, G_V2AH, G_V3V4, G_V3UNI, G_V2AHUNI};
	struct vrrp_pkt_params ps[5];
	struct vrrp_pkt_advert adv;
	uint8_t pkt[256], orig[256];
	uint32_t seed = 12345;
	size_t g, len, i;

	ps[0] = par_v2pass();
	ps[1] = par_v2ah();
	ps[2] = par_v3v4();
	ps[3] = par_v3uni();
	ps[4] = par_v2ahuni();
	for (g = 0; g < 5; g++) {
		len = unhex(golden[g], orig);
		for (i = 0; i < 4000; i++) {
			size_t l = len;

			memcpy(pkt, orig, len);
			seed = seed * 1103515245 + 12345;
			pkt[(seed >> 8) % len] ^= (uint8_t)(1 + (seed >> 20) % 255);
			if (i & 1)
				l = (seed >> 4) % (len + 1);
			(void)parse_copy(&ps[g], pkt, l, &rx4, &adv);
		}
	}
}
END_TEST

START_TEST(test_build_errors)
{
	struct vrrp_pkt_params p = par_v2ah();
	struct vrrp_pkt_tx tx = tx4(100, "224.0.0.18", 0, 1);
	uint8_t buf[128];
	size_t len = 0;

	ck_assert_int_eq(vrrp_pkt_build(&p, &tx, buf, sizeof(buf), &len), -EINVAL); /* ip_id 0 */
	tx.ip_id = 1;
	ck_assert_int_eq(vrrp_pkt_build(&p, &tx, buf, 67, &len), -ENOSPC);
	ck_assert_int_eq(vrrp_pkt_build(&p, &tx, buf, 68, &len), 0);
	tx.dst = ip("ff02::12");
	ck_assert_int_eq(vrrp_pkt_build(&p, &tx, buf, sizeof(buf), &len), -EINVAL);
	p = par_v3v4();
	p.auth_type = VRRP_PKT_AUTH_PASS; /* no auth in v3 */
	ck_assert_int_eq(vrrp_pkt_params_check(&p), -EINVAL);
	ck_assert_uint_eq(vrrp_pkt_len(&p), 0);
	p = par_v3v4();
	p.advert_int = 4096;
	ck_assert_int_eq(vrrp_pkt_params_check(&p), -EINVAL);
	p = par_v2pass();
	p.advert_int = 256;
	ck_assert_int_eq(vrrp_pkt_params_check(&p), -EINVAL);
	p = par_v2pass();
	p.vips = vips_v6; /* wrong family */
	ck_assert_int_eq(vrrp_pkt_params_check(&p), -EINVAL);
	p = par_v2pass();
	p.vrid = 0;
	ck_assert_int_eq(vrrp_pkt_params_check(&p), -EINVAL);
}
END_TEST

START_TEST(test_bad_params_parse)
{
	struct vrrp_pkt_params p = par_v3v6();
	struct vrrp_pkt_rxinfo rx = rx6();
	struct vrrp_pkt_advert adv;
	uint8_t pkt[128];
	size_t len = unhex(G_V3V6, pkt);

	rx.ip_header = true; /* IPv6 has no header in pkt */
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt, len, &rx, &adv), VRRP_PKT_BAD_PARAMS);
	rx = rx6();
	rx.src = ip("10.0.0.1");
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt + 40, len - 40, &rx, &adv), VRRP_PKT_BAD_PARAMS);
	p.version = 4;
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt + 40, len - 40, &rx4, &adv), VRRP_PKT_BAD_PARAMS);
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt + 40, len - 40, NULL, &adv), VRRP_PKT_BAD_PARAMS);
	/* IPv4 without the header needs the destination for the pseudo-header. */
	p = par_v3v4();
	len = unhex(G_V3V4, pkt);
	rx = (struct vrrp_pkt_rxinfo){.src = ip("10.77.0.1"), .ttl = 255};
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt + 20, len - 20, &rx, &adv), VRRP_PKT_BAD_PARAMS);
	rx.dst = ip("224.0.0.18");
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt + 20, len - 20, &rx, &adv), VRRP_PKT_OK);
	/* AH cannot be checked without the IP header. */
	p = par_v2ah();
	len = unhex(G_V2AH, pkt);
	ck_assert_int_eq(vrrp_pkt_parse(&p, pkt + 44, len - 44, &rx, &adv),
			 VRRP_PKT_AUTH_TYPE_MISMATCH);
}
END_TEST

START_TEST(test_ah_seq_and_replay)
{
	struct vrrp_pkt_params p = par_v2ah();
	struct vrrp_pkt_advert adv;
	uint32_t tx_counter = 0, rx_counter = 0, seq, i;
	bool cycled = false;
	uint8_t buf[128];
	size_t len;

	/* A master's first adverts carry 1, 2, 3; the backup follows. */
	for (i = 1; i <= 3; i++) {
		struct vrrp_pkt_tx tx = tx4(150, "224.0.0.18", (uint16_t)i, 0);

		tx.ah_seq = vrrp_pkt_ah_seq_next(&tx_counter, &cycled);
		ck_assert_uint_eq(tx.ah_seq, i);
		ck_assert_int_eq(vrrp_pkt_build(&p, &tx, buf, sizeof(buf), &len), 0);
		p.ah_seq = rx_counter;
		ck_assert_int_eq(vrrp_pkt_parse(&p, buf, len, &rx4, &adv), VRRP_PKT_OK);
		ck_assert(adv.ah_seq_valid);
		rx_counter = adv.ah_seq;
		/* The same packet again is a replay. */
		p.ah_seq = rx_counter;
		ck_assert_int_eq(vrrp_pkt_parse(&p, buf, len, &rx4, &adv), VRRP_PKT_AH_REPLAY);
	}
	/* The counter stops short of wrapping and reports it. */
	tx_counter = 0xfffffffcU;
	seq = vrrp_pkt_ah_seq_next(&tx_counter, &cycled);
	ck_assert_uint_eq(seq, 0xfffffffdU);
	ck_assert(!cycled);
	seq = vrrp_pkt_ah_seq_next(&tx_counter, &cycled);
	ck_assert_uint_eq(seq, 0xfffffffeU);
	ck_assert(!cycled);
	seq = vrrp_pkt_ah_seq_next(&tx_counter, &cycled);
	ck_assert_uint_eq(seq, 0xfffffffeU);
	ck_assert(cycled);
}
END_TEST

/* ---- keepalived's AH counter across failovers: two routers, A (10.77.0.1) and B (.2) ---- */

struct ah_node {
	const char *addr;
	unsigned prio;
	uint32_t ctr;
	bool cycled;
	bool master;
};

/* n sends one advert at its priority: the datagram in buf, its number returned. */
static uint32_t
ah_send(struct ah_node *n, uint8_t *buf, size_t cap, size_t *len)
{
	struct vrrp_pkt_params p = par_v2ah();
	struct vrrp_pkt_tx tx = tx4((uint8_t)n->prio, "224.0.0.18", 1, 0);

	tx.src = ip(n->addr);
	tx.ah_seq = vrrp_pkt_ah_seq_next(&n->ctr, &n->cycled);
	ck_assert_int_eq(vrrp_pkt_build(&p, &tx, buf, cap, len), 0);
	return tx.ah_seq;
}

/* n receives a datagram from peer: parse, raise the counter, apply the state's rule. */
static enum vrrp_pkt_reason
ah_recv(struct ah_node *n, const struct ah_node *peer, const uint8_t *buf, size_t len,
	bool *resynced)
{
	struct vrrp_pkt_params p = par_v2ah();
	struct vrrp_pkt_advert adv;
	enum vrrp_pkt_reason r;
	int cmp = peer->prio > n->prio ? 1 : peer->prio < n->prio ? -1 : 0;

	*resynced = false;
	p.ah_seq = n->ctr;
	r = vrrp_pkt_parse(&p, buf, len, &rx4, &adv);
	if (adv.ah && adv.ah_seq_valid && adv.ah_seq > n->ctr)
		n->ctr = adv.ah_seq;
	if (r != VRRP_PKT_OK)
		return r;
	if (!n->master)
		vrrp_pkt_ah_backup_rx(n->ctr, &n->cycled, adv.ah_seq);
	else
		*resynced = vrrp_pkt_ah_master_rx(&n->ctr, &n->cycled, adv.ah_seq, cmp);
	return r;
}

static void
ah_become_master(struct ah_node *n)
{
	n->master = true;
	vrrp_pkt_ah_become_master(&n->ctr, &n->cycled);
}

START_TEST(test_ah_seq_failover)
{
	struct ah_node a = {.addr = "10.77.0.1", .prio = 150},
		       b = {.addr = "10.77.0.2", .prio = 100};
	uint8_t buf[128];
	size_t len;
	bool rs;
	int i;

	/* A is master: 1, 2, 3; backup B follows. */
	ah_become_master(&a);
	for (i = 1; i <= 3; i++) {
		ck_assert_uint_eq(ah_send(&a, buf, sizeof(buf), &len), (uint32_t)i);
		ck_assert_int_eq(ah_recv(&b, &a, buf, len, &rs), VRRP_PKT_OK);
	}
	ck_assert_uint_eq(b.ctr, 3);
	/* A leaves (priority-0 advert, 4); B takes over and continues above it. */
	a.prio = 0;
	ck_assert_uint_eq(ah_send(&a, buf, sizeof(buf), &len), 4);
	ck_assert_int_eq(ah_recv(&b, &a, buf, len, &rs), VRRP_PKT_OK);
	a.master = false;
	a.prio = 150;
	ah_become_master(&b);
	ck_assert_uint_eq(ah_send(&b, buf, sizeof(buf), &len), 5);
	/* A, back as backup with its old counter, accepts B's numbers... */
	ck_assert_int_eq(ah_recv(&a, &b, buf, len, &rs), VRRP_PKT_OK);
	ck_assert_uint_eq(a.ctr, 5);
	/* ...preempts and continues above them, so B (master until it sees A) accepts. */
	ah_become_master(&a);
	ck_assert_uint_eq(ah_send(&a, buf, sizeof(buf), &len), 6);
	ck_assert_int_eq(ah_recv(&b, &a, buf, len, &rs), VRRP_PKT_OK);
	ck_assert(!rs); /* a better master: no resync, B yields */
	b.master = false;
	/* Repeated failovers both ways never go back. */
	for (i = 0; i < 4; i++) {
		struct ah_node *m = i % 2 ? &a : &b, *o = i % 2 ? &b : &a;
		uint32_t seq;

		o->master = false;
		ah_become_master(m);
		seq = ah_send(m, buf, sizeof(buf), &len);
		ck_assert_uint_eq(seq, (uint32_t)(7 + i));
		ck_assert_int_eq(ah_recv(o, m, buf, len, &rs), VRRP_PKT_OK);
	}
}
END_TEST

/* A master whose counter is behind (restarted owner, or healed split brain). */
START_TEST(test_ah_seq_lower_master)
{
	struct ah_node a = {.addr = "10.77.0.1", .prio = 255},
		       b = {.addr = "10.77.0.2", .prio = 100};
	uint8_t buf[128];
	size_t len;
	bool rs;

	/* B has been master for a while; A (the owner) restarts as master at 0. */
	b.ctr = 1000;
	ah_become_master(&b);
	ah_become_master(&a);
	ck_assert_uint_eq(ah_send(&a, buf, sizeof(buf), &len), 1);
	/* B drops A's low number as a replay and stays master... */
	ck_assert_int_eq(ah_recv(&b, &a, buf, len, &rs), VRRP_PKT_AH_REPLAY);
	ck_assert_uint_eq(b.ctr, 1000);
	/* ...but A accepts B's 1001: a lower-priority master, so A resyncs to 1002... */
	ck_assert_uint_eq(ah_send(&b, buf, sizeof(buf), &len), 1001);
	ck_assert_int_eq(ah_recv(&a, &b, buf, len, &rs), VRRP_PKT_OK);
	ck_assert(rs);
	ck_assert_uint_eq(a.ctr, 1002);
	/* ...and its next advert, 1003, gets through: B yields. */
	ck_assert_uint_eq(ah_send(&a, buf, sizeof(buf), &len), 1003);
	ck_assert_int_eq(ah_recv(&b, &a, buf, len, &rs), VRRP_PKT_OK);
	ck_assert(!rs);
	ck_assert_uint_eq(b.ctr, 1003);
	/* An equal verdict (our own address) changes nothing. */
	ck_assert(!vrrp_pkt_ah_master_rx(&a.ctr, &a.cycled, 5000, 0));
	ck_assert_uint_eq(a.ctr, 1003);
}
END_TEST

/* The end of the counter: it stops, is cycled, and restarts at 0 only on becoming master. */
START_TEST(test_ah_seq_cycled)
{
	struct ah_node a = {.addr = "10.77.0.1", .prio = 150},
		       b = {.addr = "10.77.0.2", .prio = 100};
	uint8_t buf[128];
	size_t len;
	bool rs;

	a.ctr = 0xfffffffdU;
	ah_become_master(&a);
	ck_assert_uint_eq(ah_send(&a, buf, sizeof(buf), &len), 0xfffffffeU);
	ck_assert(!a.cycled);
	ck_assert_int_eq(ah_recv(&b, &a, buf, len, &rs), VRRP_PKT_OK);
	/* Stuck: the same number again, which B drops as a replay. */
	ck_assert_uint_eq(ah_send(&a, buf, sizeof(buf), &len), 0xfffffffeU);
	ck_assert(a.cycled);
	ck_assert_int_eq(ah_recv(&b, &a, buf, len, &rs), VRRP_PKT_AH_REPLAY);
	/* Still master: no reset. Becoming master again starts from 1. */
	vrrp_pkt_ah_become_master(&a.ctr, &a.cycled);
	ck_assert(!a.cycled);
	ck_assert_uint_eq(ah_send(&a, buf, sizeof(buf), &len), 1);
	/* A backup seeing a number at or above its counter is no longer cycled. */
	b.cycled = true;
	b.ctr = 7;
	vrrp_pkt_ah_backup_rx(b.ctr, &b.cycled, 6);
	ck_assert(b.cycled);
	vrrp_pkt_ah_backup_rx(b.ctr, &b.cycled, 7);
	ck_assert(!b.cycled);
	/* A master seeing any other master's verified advert clears it too. */
	a.cycled = true;
	ck_assert(!vrrp_pkt_ah_master_rx(&a.ctr, &a.cycled, 9, 1));
	ck_assert(!a.cycled);
	ck_assert_uint_eq(a.ctr, 1);
}
END_TEST

TCase *
vrrp_pkt_reject_tcase(void)
{
	TCase *tc = tcase_create("reject");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, test_mutations_pass, 0,
			    (int)(sizeof(pass_mutations) / sizeof(pass_mutations[0])));
	tcase_add_test(tc, test_mutations_ah);
	tcase_add_test(tc, test_bad_version);
	tcase_add_test(tc, test_truncation);
	tcase_add_test(tc, test_random_mutations);
	tcase_add_test(tc, test_build_errors);
	tcase_add_test(tc, test_bad_params_parse);
	tcase_add_test(tc, test_ah_seq_and_replay);
	tcase_add_test(tc, test_ah_seq_failover);
	tcase_add_test(tc, test_ah_seq_lower_master);
	tcase_add_test(tc, test_ah_seq_cycled);
	return tc;
}
