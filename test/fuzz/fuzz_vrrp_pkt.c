/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_vrrp_pkt: libFuzzer target for the VRRP packet codec (vrrp_pkt.c).
 * Input: three flag bytes choosing the instance (v2/v3, IPv4/IPv6, none/PASS/AH,
 * unicast, the address and checksum options), then the packet. The VRID, the
 * interval and the VIPs are taken from the packet itself (optionally altered)
 * so that mutations reach the deep checks. When parse accepts a packet, the
 * advert is rebuilt with the same instance and must parse again.
 *
 * FUZZ_SOURCES: daemon/vrrp/vrrp_pkt.c
 * FUZZ_LIBS: -lcrypto
 * FUZZ_DICT: "\x45\xc0" "\xff\x70" "\xff\x33" "\xe0\x00\x00\x12" "\x0a\x4d\x00\x01"
 * FUZZ_DICT: "\x70\x04\x00\x00" "\x21" "\x31" "secret1" "k3y"
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp/vrrp_pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_inst {
	struct vrrp_pkt_params p;
	struct vrrp_pkt_addr vips[VRRP_PKT_MAX_ADDRS];
	struct vrrp_pkt_peer peer;
	struct vrrp_pkt_rxinfo rx;
};

static const uint8_t src6[16] = {0xfe, 0x80, 0,	   0,	 0,    0,    0,	   0,
				 0xcc, 0x07, 0xd6, 0xff, 0xfe, 0xd2, 0x7a, 0x52};
static const uint8_t dst6[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12};
static const uint8_t src4[4] = {10, 77, 0, 1};
static const uint8_t mcast4[4] = {224, 0, 0, 18};

/* Offset of the VRRP header in pkt, as parse will find it, or 0 if unusable. */
static size_t
vrrp_offset(const struct vrrp_pkt_rxinfo *rx, const uint8_t *pkt, size_t len)
{
	size_t off;

	if (!rx->ip_header)
		return 0;
	if (len < 20 || (pkt[0] & 0x0f) < 5)
		return 0;
	off = (size_t)(pkt[0] & 0x0f) * 4;
	if (pkt[9] == VRRP_PKT_PROTO_AH)
		off += VRRP_PKT_AH_LEN;
	return off;
}

static void
setup_rx(struct fuzz_inst *f, uint8_t b, uint8_t c)
{
	static const int ttls[4] = {-1, 255, 64, 1};
	int fam = f->p.family;

	memset(&f->rx, 0, sizeof(f->rx));
	f->rx.ip_header = fam == AF_INET && !(b & 0x01);
	f->rx.ttl = ttls[(c >> 1) & 3];
	f->rx.src.family = fam;
	f->rx.dst.family = fam;
	if (fam == AF_INET6) {
		memcpy(f->rx.src.addr, src6, 16);
		memcpy(f->rx.dst.addr, dst6, 16);
	} else {
		memcpy(f->rx.src.addr, src4, 4);
		memcpy(f->rx.dst.addr, mcast4, 4);
	}
}

/* The instance: flags from a, b, c; VRID, interval and VIPs from the packet. */
static void
setup_inst(struct fuzz_inst *f, uint8_t a, uint8_t b, uint8_t c, const uint8_t *pkt, size_t len)
{
	struct vrrp_pkt_params *p = &f->p;
	size_t off, alen, n, i;

	memset(p, 0, sizeof(*p));
	p->version = a & 0x01 ? 3 : 2;
	p->family = a & 0x02 ? AF_INET6 : AF_INET;
	p->auth_type = (enum vrrp_pkt_auth)((a >> 2) & 3);
	if (p->auth_type > VRRP_PKT_AUTH_AH || p->version == 3 || p->family == AF_INET6)
		p->auth_type = VRRP_PKT_AUTH_NONE;
	p->unicast = a & 0x10;
	p->check_unicast_src = a & 0x20;
	p->skip_check_adv_addr = a & 0x40;
	p->v3_checksum_as_v2 = a & 0x80;
	p->v3_unicast_csum_mcast = b & 0x08;
	p->v3_unicast_csum_no_autodetect = b & 0x10;
	p->ah_seq = b & 0x80 ? 5 : 0;
	memcpy(p->auth_data, c & 0x01 ? "k3y" : "secret1", c & 0x01 ? 3 : 7);
	setup_rx(f, b, c);

	off = vrrp_offset(&f->rx, pkt, len);
	p->vrid = len >= off + 8 && pkt[off + 1] ? pkt[off + 1] : 1;
	p->advert_int = 1;
	if (len >= off + 8) {
		unsigned v = p->version == 3 ? (unsigned)((pkt[off + 4] & 0x0f) << 8 | pkt[off + 5])
					     : pkt[off + 5];
		if (v)
			p->advert_int = v;
	}
	alen = p->family == AF_INET ? 4 : 16;
	n = len >= off + 8 ? pkt[off + 3] : 0;
	if (len < off + 8 + n * alen)
		n = len > off + 8 ? (len - off - 8) / alen : 0;
	for (i = 0; i < n; i++) {
		f->vips[i].family = p->family;
		memcpy(f->vips[i].addr, pkt + off + 8 + i * alen, alen);
	}
	if (n && (b & 0x02))
		n--;
	if (n && (b & 0x04))
		f->vips[0].addr[alen - 1] ^= 1;
	p->vips = f->vips;
	p->nvips = n;

	if (f->rx.ip_header && len >= 20) {
		p->last_master.family = AF_INET;
		memcpy(p->last_master.addr, pkt + 12, 4);
	} else {
		p->last_master = f->rx.src;
	}
	if (!(b & 0x20))
		p->last_master.family = 0;
	f->peer.addr = b & 0x40 ? p->last_master : f->rx.src;
	f->peer.addr.family = p->family;
	f->peer.min_ttl = 0;
	f->peer.max_ttl = 255;
	p->peers = &f->peer;
	p->npeers = 1;
}

/* An accepted advert, rebuilt with the same instance, must be accepted again. */
static void
rebuild(const struct fuzz_inst *f, const struct vrrp_pkt_advert *adv)
{
	static uint8_t buf[VRRP_PKT_MAX_IP4_LEN + VRRP_PKT_MAX_MSG_LEN];
	struct vrrp_pkt_rxinfo rx = f->rx;
	struct vrrp_pkt_advert again;
	struct vrrp_pkt_tx tx = {0};
	size_t len = 0;

	tx.priority = adv->priority;
	tx.src = adv->src;
	tx.dst = adv->dst;
	tx.ttl = adv->ttl >= 0 ? (uint8_t)adv->ttl : 255;
	tx.ip_id = 1;
	tx.ah_seq = adv->ah_seq;
	if (vrrp_pkt_build(&f->p, &tx, buf, sizeof(buf), &len) != 0)
		abort();
	if (f->p.family == AF_INET)
		rx.ip_header = true;
	if (vrrp_pkt_parse(&f->p, buf, len, &rx, &again) != VRRP_PKT_OK)
		abort();
	if (again.priority != adv->priority || again.vrid != adv->vrid)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_inst f;
	struct vrrp_pkt_advert adv;
	enum vrrp_pkt_reason r;
	uint8_t *pkt;
	size_t len;

	if (size < 3)
		return 0;
	len = size - 3;
	/* An exact-size copy so that ASan catches any read past the end. */
	pkt = malloc(len ? len : 1);
	if (!pkt)
		return 0;
	memcpy(pkt, data + 3, len);
	setup_inst(&f, data[0], data[1], data[2], pkt, len);
	r = vrrp_pkt_parse(&f.p, pkt, len, &f.rx, &adv);
	if ((unsigned)r >= VRRP_PKT_REASON_COUNT || !vrrp_pkt_reason_name(r))
		abort();
	(void)vrrp_pkt_peek_vrid(f.p.family, f.rx.ip_header, pkt, len);
	if (r == VRRP_PKT_OK) {
		if (adv.naddr && !adv.addrs)
			abort();
		rebuild(&f, &adv);
	}
	free(pkt);
	return 0;
}
