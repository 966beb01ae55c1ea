/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_pkt: the VRRP advertisement codec (RFC 3768 VRRPv2, RFC 5798 VRRPv3),
 * IPv4 and IPv6, with PASS and IPsec AH (RFC 2402, HMAC-MD5-96) for v2/IPv4,
 * byte-compatible with keepalived. Pure: buffers and parameters in, results
 * and a reason out. It opens no socket, does not log, keeps no global state
 * and does not allocate; vrrp_sock.c does the I/O and vrrp_fsm.c the policy.
 *
 * What vrrp_pkt_build() produces (and what vrrp_pkt_parse() expects):
 *   IPv4: the whole datagram, 20-byte IPv4 header [+ 24-byte AH] + VRRP, for a
 *         raw socket with IP_HDRINCL, as keepalived sends it (TOS 0xc0, DF
 *         clear, the caller's TTL and IP id). The AH ICV covers the IP header,
 *         so keepalived builds the header itself for every auth type; so do we.
 *   IPv6: the VRRP message only; the kernel adds the IPv6 header. The checksum
 *         is filled in (pseudo-header, RFC 8200 8.1) so the bytes are final
 *         whether or not the socket also sets IPV6_CHECKSUM.
 */
#ifndef VIGIL_VRRP_PKT_H
#define VIGIL_VRRP_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VRRP_PKT_PROTO	     112 /* IANA protocol number for VRRP */
#define VRRP_PKT_PROTO_AH    51	 /* IPsec AH, RFC 2402 2 */
#define VRRP_PKT_TTL	     255 /* RFC 3768 7.1 / RFC 5798 7.1: multicast TTL/hop limit */
#define VRRP_PKT_TYPE_ADVERT 1
#define VRRP_PKT_HDR_LEN     8	/* version/type, VRID, priority, count, auth/int, checksum */
#define VRRP_PKT_AUTH_LEN    8	/* v2 authentication data (IPv4 only, always present) */
#define VRRP_PKT_AH_LEN	     24 /* next header, len, reserved, SPI, sequence, 96-bit ICV */
#define VRRP_PKT_AH_ICV_LEN  12
#define VRRP_PKT_IP4_HDR_LEN 20
#define VRRP_PKT_MAX_ADDRS   255
/* Largest VRRP message (IPv6, 255 addresses) and largest IPv4 datagram we accept
 * (60-byte IP header with options, AH, v2 with 255 addresses and auth data). */
#define VRRP_PKT_MAX_MSG_LEN (VRRP_PKT_HDR_LEN + VRRP_PKT_MAX_ADDRS * 16)
#define VRRP_PKT_MAX_IP4_LEN                                                                       \
	(60 + VRRP_PKT_AH_LEN + VRRP_PKT_HDR_LEN + VRRP_PKT_MAX_ADDRS * 4 + VRRP_PKT_AUTH_LEN)

/* An IPv4 or IPv6 address; IPv4 sits in addr[0..3]; network byte order. */
struct vrrp_pkt_addr {
	int family; /* AF_INET, AF_INET6, or 0 for "none/unknown" */
	uint8_t addr[16];
};

enum vrrp_pkt_auth {
	VRRP_PKT_AUTH_NONE = 0,
	VRRP_PKT_AUTH_PASS = 1,
	VRRP_PKT_AUTH_AH = 2,
};

/* A unicast_peer with its optional TTL window (keepalived: min_ttl 0, max_ttl 255). */
struct vrrp_pkt_peer {
	struct vrrp_pkt_addr addr;
	uint8_t min_ttl, max_ttl;
};

/*
 * The local instance, for build and parse. Borrowed: the codec keeps no pointer
 * after a call returns. Invalid combinations are refused (see
 * vrrp_pkt_params_check()): auth other than NONE needs version 2 and IPv4.
 */
struct vrrp_pkt_params {
	unsigned version;		  /* 2 or 3 */
	int family;			  /* AF_INET or AF_INET6 */
	uint8_t vrid;			  /* 1..255 */
	unsigned advert_int;		  /* v2: seconds 1..255; v3: centiseconds 1..4095 */
	const struct vrrp_pkt_addr *vips; /* virtual_ipaddress, same family */
	size_t nvips;			  /* 0..255 */

	enum vrrp_pkt_auth auth_type;
	uint8_t auth_data[VRRP_PKT_AUTH_LEN]; /* auth_pass, zero padded: PASS data and AH key */
	/* AH replay floor: parse refuses a sequence number <= ah_seq. keepalived
	 * keeps one counter per instance for both directions (see vrrp_pkt_ah_seq_next()). */
	uint32_t ah_seq;

	bool unicast;			   /* unicast_peer configured */
	const struct vrrp_pkt_peer *peers; /* unicast_peer list */
	size_t npeers;
	bool check_unicast_src; /* vrrp_check_unicast_src / check_unicast_src / min,max_ttl */
	/* skip_check_adv_addr: do not check the address list of an advert whose
	 * source is last_master (keepalived does this in BACKUP only: the caller
	 * passes family 0 in other states, or before a master is known). */
	bool skip_check_adv_addr;
	struct vrrp_pkt_addr last_master;

	/* v3/IPv4 checksum variants. v3_checksum_as_v2: no pseudo-header (RFC 3768
	 * style, for Cisco-like peers), sent and required. v3_unicast_csum_mcast:
	 * for unicast, put the multicast group instead of the peer in the pseudo-
	 * header (keepalived <= 1.3.6, old_unicast_checksum). Unless
	 * v3_unicast_csum_no_autodetect ("never"), parse accepts such a checksum in
	 * unicast mode and sets advert.csum_old_unicast so the caller can switch. */
	bool v3_checksum_as_v2;
	bool v3_unicast_csum_mcast;
	bool v3_unicast_csum_no_autodetect;
	struct vrrp_pkt_addr mcast_group; /* vrrp_mcast_group4; family 0: 224.0.0.18 */
};

/* What one send needs besides the instance. */
struct vrrp_pkt_tx {
	uint8_t priority;	  /* effective priority; 0 when leaving MASTER */
	struct vrrp_pkt_addr src; /* our address: IPv4 header, pseudo-header, AH SPI */
	struct vrrp_pkt_addr dst; /* multicast group or this unicast peer */
	uint8_t ttl;		  /* IPv4 TTL: 255, or unicast_ttl; IPv6: ignored */
	uint16_t ip_id;		  /* IPv4 id; keepalived sends 1, 2, ... and skips 0 */
	uint32_t ah_seq;	  /* AH sequence number (from vrrp_pkt_ah_seq_next()) */
};

/* What the socket layer knows about a received packet. */
struct vrrp_pkt_rxinfo {
	/* pkt starts with the IPv4 header (always so on an IPv4 raw socket);
	 * then src, dst and ttl come from that header and the fields below are
	 * ignored. Must be false for IPv6. */
	bool ip_header;
	struct vrrp_pkt_addr src; /* recvmsg() name */
	struct vrrp_pkt_addr dst; /* IP_PKTINFO / IPV6_PKTINFO; family 0 if unknown */
	int ttl;		  /* IP_TTL / IPV6_HOPLIMIT cmsg; -1 if unknown */
};

/*
 * Why a packet was refused, in the order parse checks (see vrrp_pkt.c). The
 * caller keeps one counter per value; VRRP_PKT_REASON_COUNT sizes the array.
 */
enum vrrp_pkt_reason {
	VRRP_PKT_OK = 0,
	VRRP_PKT_BAD_PARAMS,	     /* caller error: params/rxinfo refused */
	VRRP_PKT_BAD_IP_HEADER,	     /* IPv4 version/IHL/protocol not usable */
	VRRP_PKT_TOO_SHORT,	     /* shorter than IP header [+ AH] + VRRP header */
	VRRP_PKT_BAD_VRID,	     /* not our VRID (the caller demultiplexes first) */
	VRRP_PKT_AUTH_TYPE_MISMATCH, /* AH presence or v2 auth type differs from ours */
	VRRP_PKT_BAD_LENGTH,	     /* length vs address count, or IPv4 total length */
	VRRP_PKT_BAD_TTL,	     /* TTL/hop limit not 255 (multicast), or outside peer window */
	VRRP_PKT_BAD_VERSION,
	VRRP_PKT_INVALID_AUTH_TYPE, /* v2 auth type not 0, 1 or 2 */
	VRRP_PKT_BAD_PASSWORD,
	VRRP_PKT_AH_NOT_VRRP,	 /* AH next header is not 112: not for us */
	VRRP_PKT_BAD_AH,	 /* ICV mismatch */
	VRRP_PKT_BAD_AH_SPI,	 /* SPI is not the source address */
	VRRP_PKT_AH_REPLAY,	 /* sequence number not above the replay floor */
	VRRP_PKT_BAD_ADVERT_INT, /* v2 only: interval differs from ours */
	VRRP_PKT_BAD_TYPE,
	VRRP_PKT_BAD_ADDR_COUNT,
	VRRP_PKT_BAD_CHECKSUM,
	VRRP_PKT_BAD_DST,	  /* multicast destination in unicast mode, or vice versa */
	VRRP_PKT_BAD_ADDR_LIST,	  /* a configured VIP is missing from the advert */
	VRRP_PKT_BAD_UNICAST_SRC, /* source is not a unicast_peer */
	VRRP_PKT_REASON_COUNT
};

/* A parsed advertisement. addrs points into the caller's packet (borrowed). */
struct vrrp_pkt_advert {
	unsigned version;
	uint8_t type, vrid, priority; /* priority 0: the master is leaving */
	uint8_t naddr;
	uint8_t auth_type;	/* v2 header field (enum vrrp_pkt_auth); 0 for v3 */
	uint32_t advert_int_us; /* v2 seconds or v3 centiseconds, in microseconds */
	struct vrrp_pkt_addr src, dst;
	int ttl;	       /* -1 if unknown */
	const uint8_t *addrs;  /* naddr addresses of 4 or 16 bytes; see vrrp_pkt_advert_addr() */
	bool addrs_checked;    /* false when skip_check_adv_addr applied */
	bool ah;	       /* came with an AH header */
	uint32_t ah_seq;       /* AH sequence number */
	bool ah_seq_valid;     /* ICV and SPI good and ah_seq above the floor: the caller must
				  raise its counter to ah_seq even if the reason is not OK, as
				  keepalived does */
	bool csum_old_unicast; /* v3 unicast checksum matched only with mcast_group */
};

/* 0 if p is usable, -EINVAL otherwise. */
int vrrp_pkt_params_check(const struct vrrp_pkt_params *p);

/* Bytes vrrp_pkt_build() writes for p (IPv4: whole datagram), 0 if p is invalid. */
size_t vrrp_pkt_len(const struct vrrp_pkt_params *p);

/*
 * Builds one advertisement into buf (see the top of this file for the layout).
 * Returns 0 and sets *outlen, -EINVAL for bad p/tx (also AH with ip_id 0: the
 * kernel would replace it after we signed it), -ENOSPC if buflen is too small,
 * -EIO if HMAC fails. Borrows everything.
 */
int vrrp_pkt_build(const struct vrrp_pkt_params *p, const struct vrrp_pkt_tx *tx, uint8_t *buf,
		   size_t buflen, size_t *outlen);

/*
 * Validates pkt (len bytes) against p in keepalived's order and fills *out as
 * far as it got (addresses only once the length is checked). Returns VRRP_PKT_OK
 * or the first reason to refuse. Never reads outside pkt[0..len).
 */
enum vrrp_pkt_reason vrrp_pkt_parse(const struct vrrp_pkt_params *p, const uint8_t *pkt, size_t len,
				    const struct vrrp_pkt_rxinfo *rx, struct vrrp_pkt_advert *out);

/* For demultiplexing before parse: the VRID of pkt, or -1 if too short/unusable. */
int vrrp_pkt_peek_vrid(int family, bool ip_header, const uint8_t *pkt, size_t len);

/* Address i (< naddr) of a parsed advert, into *a. */
void vrrp_pkt_advert_addr(const struct vrrp_pkt_advert *adv, unsigned i, struct vrrp_pkt_addr *a);

/* A stable lower-case name for r ("ok", "bad_ttl", ...); "unknown" if out of range. */
const char *vrrp_pkt_reason_name(enum vrrp_pkt_reason r);

/*
 * keepalived's AH sequence counter (RFC 2402 3.3.2 / 3.4.3 as keepalived 2.2.7
 * does it): one counter per instance for both directions. Parse accepts a
 * sequence number only above it (advert.ah_seq_valid: the caller raises the
 * counter to it, whatever the rest of the advert says); vrrp_pkt_ah_seq_next()
 * advances it before each advert (one number per advert, shared by every
 * unicast peer) and returns the number to send. A backup therefore keeps
 * counting from the master's numbers and, when it takes over, continues above
 * them, so the other routers never see a master's numbers go back. Past
 * 0xfffffffd the counter stops and *cycled is set (receivers then drop our
 * adverts as replays).
 */
uint32_t vrrp_pkt_ah_seq_next(uint32_t *counter, bool *cycled);
/* Entering MASTER: a cycled counter starts again from 0 (the others are down). */
void vrrp_pkt_ah_become_master(uint32_t *counter, bool *cycled);
/* BACKUP got a verified AH advert numbered seq: a counter at or below it is no longer cycled. */
void vrrp_pkt_ah_backup_rx(uint32_t counter, bool *cycled, uint32_t seq);
/*
 * MASTER got a verified AH advert numbered seq (priority not 0); cmp is the
 * FSM's verdict (vrrp_fsm_advert_compare: < 0 the sender loses, > 0 it wins).
 * A losing sender (split brain healing) resynchronises the counter to seq + 1,
 * so our next advert, numbered seq + 2, is above whatever that master's
 * backups have seen; either way the counter is no longer cycled.
 * Returns true when the counter was resynchronised (keepalived logs it).
 */
bool vrrp_pkt_ah_master_rx(uint32_t *counter, bool *cycled, uint32_t seq, int cmp);

/*
 * Internet checksum (RFC 1071) of msg: with the checksum field zeroed this is the
 * value to store (big-endian); over a message with a correct checksum it is 0.
 * vrrp_pkt_checksum_v3() adds the pseudo-header of src->family: IPv4 (src, dst,
 * 0, 112, 16-bit length; RFC 5798 5.2.8) or IPv6 (RFC 8200 8.1).
 */
uint16_t vrrp_pkt_checksum(const uint8_t *msg, size_t len);
uint16_t vrrp_pkt_checksum_v3(const struct vrrp_pkt_addr *src, const struct vrrp_pkt_addr *dst,
			      const uint8_t *msg, size_t len);

#endif
