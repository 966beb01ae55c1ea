/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_vrrp_pkt.h: what the two halves of the vrrp_pkt unit test share: golden
 * vectors captured from keepalived, instance parameters matching them, helpers.
 */
#ifndef VIGIL_CHECK_VRRP_PKT_H
#define VIGIL_CHECK_VRRP_PKT_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp/vrrp_pkt.h"

/* keepalived 2.2.7, VRID 51, prio 150, advert_int 1, PASS "secret1", VIPs
 * 192.168.77.10-11, from 10.77.0.1 to 224.0.0.18; IP id 1, then the prio 0
 * advert sent on shutdown with IP id 5. */
#define G_V2PASS                                                                                   \
	"45c0002c00010000ff70d0400a4d0001e0000012213396020101bf15c0a84d0ac0a84d0b7365637265743100"
#define G_V2PASS_PRIO0                                                                             \
	"45c0002c00050000ff70d03c0a4d0001e00000122133000201015516c0a84d0ac0a84d0b7365637265743100"
/* Same with auth_type AH (VRID 52): sequence numbers 1 and 5 (prio 0). */
#define G_V2AH                                                                                     \
	"45c0004400010000ff33d0650a4d0001e0000012700400000a4d00010000000130de340924ad962f5be88584" \
	"2134960202012b61c0a84d0ac0a84d0b0000000000000000"
#define G_V2AH_PRIO0                                                                               \
	"45c0004400050000ff33d0610a4d0001e0000012700400000a4d0001000000052b9dab68b1d29678ef7f9363" \
	"213400020201c161c0a84d0ac0a84d0b0000000000000000"
/* VRRPv3, VRID 53, prio 200, advert_int 0.5 (50 cs), VIP 192.168.77.20. */
#define G_V3V4 "45c0002000010000ff70d04c0a4d0001e00000123135c80100320dfdc0a84d14"
/* VRRPv3 over IPv6 (header included here, parse gets the 40 bytes after it),
 * VRID 54, prio 120, VIPs fe80::77:1 and 2001:db8:77::1. */
#define G_V3V6                                                                                     \
	"6c026aec002870fffe80000000000000cc07d6fffed27a52ff020000000000000000000000000012"         \
	"3136780200640edefe80000000000000000000000077000120010db8007700000000000000000001"
/* VRRPv3 unicast 10.77.0.1 -> 10.77.0.2, VRID 55, prio 100, 3 VIPs .30-.32. */
#define G_V3UNI "45c0002800010000ff70a6080a4d00010a4d00023137640300642be8c0a84d1ec0a84d1fc0a84d20"
/* VRRPv2 AH unicast (TTL zeroed in the ICV), VRID 56, key "k3y", seq 1. */
#define G_V2AHUNI                                                                                  \
	"45c0004800010000ff33a6250a4d00010a4d0002700400000a4d000100000001ced99d7bf035555a5ff78d22" \
	"2138640302014f6bc0a84d1ec0a84d1fc0a84d200000000000000000"

extern struct vrrp_pkt_addr vips_v2[2], vips_v3[1], vips_v6[2], vips_uni[3];
extern struct vrrp_pkt_peer peers[1];	 /* 10.77.0.2, TTL 0..255 */
extern const struct vrrp_pkt_rxinfo rx4; /* IPv4 header in the packet */

/* Fixture: resets the tables above. */
void setup(void);
/* Hex string to bytes; returns the length. */
size_t unhex(const char *s, uint8_t *out);
/* Address from its text form. */
struct vrrp_pkt_addr ip(const char *s);
/* The instances the golden vectors were captured from. */
struct vrrp_pkt_params par_v2pass(void);
struct vrrp_pkt_params par_v2ah(void);
struct vrrp_pkt_params par_v3v4(void);
struct vrrp_pkt_params par_v3v6(void);
struct vrrp_pkt_params par_v3uni(void);
struct vrrp_pkt_params par_v2ahuni(void);
/* What the socket layer reports for G_V3V6. */
struct vrrp_pkt_rxinfo rx6(void);
/* An IPv4 send from 10.77.0.1. */
struct vrrp_pkt_tx tx4(uint8_t prio, const char *dst, uint16_t id, uint32_t seq);
/* Parses an exact-size heap copy so ASan sees any over-read. */
enum vrrp_pkt_reason parse_copy(const struct vrrp_pkt_params *p, const uint8_t *pkt, size_t len,
				const struct vrrp_pkt_rxinfo *rx, struct vrrp_pkt_advert *adv);
/* Recomputes the AH ICV of an IPv4 datagram independently of the codec. */
void ah_resign(uint8_t *pkt, size_t len, const char *key, bool zero_ttl);
/* Fixes the VRRPv2 checksum of the message at m. */
void v2_resum(uint8_t *m, size_t mlen);

/* The rejection tests (check_vrrp_pkt_reject.c). */
TCase *vrrp_pkt_reject_tcase(void);

#endif
