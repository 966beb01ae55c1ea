/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_inject: sends one VRRP advertisement (v2/v3, IPv4/IPv6, PASS or AH)
 * with any field overridden, for the malformed-advert tests (after the
 * UNH-IOL VRRP test groups). The valid baseline comes from the daemon's own
 * codec (vrrp_pkt_build()); then the requested corruption is applied and the
 * IP header, the VRRP checksum (unless forced) and the lengths are fixed up so
 * that only the chosen field is wrong. It goes out through an AF_PACKET
 * socket with our own IPv4/IPv6 header, so TTL/hop limit, source address and
 * payload length are free. For tests in private network namespaces only.
 *
 * vrrp_inject -i IF [-6] --dst ADDR [--src ADDR] [options], see usage().
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vrrp/vrrp_pkt.h"

#define INJ_IP6_HDR_LEN 40
#define INJ_MAX_ADDRS	16
#define INJ_CSUM_GOOD	-1
#define INJ_CSUM_BAD	-2

struct inj {
	const char *ifname;
	int family;
	unsigned version;      /* built with this version (2 or 3) */
	int set_version, type; /* -1: as built */
	int count;	       /* -1: the number of addresses */
	unsigned vrid, prio, advert_int;
	enum vrrp_pkt_auth auth;
	uint8_t pass[VRRP_PKT_AUTH_LEN];
	int auth_type_field; /* -1: as built (v2 auth type byte) */
	uint32_t ah_seq;
	bool ah_bad_icv;
	struct vrrp_pkt_addr src, dst;
	struct vrrp_pkt_addr addrs[INJ_MAX_ADDRS];
	size_t naddrs;
	int ttl;
	long csum; /* INJ_CSUM_GOOD, INJ_CSUM_BAD, or the value to put */
	unsigned trunc, extra;
	uint8_t mac[6];
	bool have_mac;
	unsigned repeat;
	bool hex;
};

static void
usage(FILE *f)
{
	fputs("usage: vrrp_inject -i IF --dst ADDR [options]\n"
	      "  -6                 IPv6 (default IPv4); addresses must match\n"
	      "  --src ADDR         source address (IPv4 header / IPv6 header, AH SPI)\n"
	      "  --dst ADDR         destination: the group or a unicast peer\n"
	      "  --dst-mac MAC      destination MAC (needed for unicast)\n"
	      "  --version 2|3      build as this version (default 2; 3 for IPv6)\n"
	      "  --set-version N    then overwrite the version nibble\n"
	      "  --type N           overwrite the type nibble (default 1)\n"
	      "  --vrid N           (default 51)\n"
	      "  --prio N           (default 100)\n"
	      "  --int N            advert interval: v2 seconds, v3 centiseconds (default 1 / 100)\n"
	      "  --addr ADDR        an address of the list (repeat; default none)\n"
	      "  --count N          overwrite the address count field\n"
	      "  --auth none|pass|ah, --pass STR (v2/IPv4 only)\n"
	      "  --auth-type N      overwrite the v2 auth type field\n"
	      "  --ah-seq N         AH sequence number (default 1)\n"
	      "  --ah-icv good|bad  corrupt the AH ICV\n"
	      "  --ttl N            TTL / hop limit (default 255)\n"
	      "  --csum good|bad|N  VRRP checksum: recomputed (default), wrong, or N\n"
	      "  --trunc N, --extra N  drop N bytes from / append N zero bytes to the message\n"
	      "  --repeat N         send N copies (default 1)\n"
	      "  --hex              print the packet\n",
	      f);
}

static int
parse_addr(int family, const char *s, struct vrrp_pkt_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->family = family;
	return inet_pton(family, s, a->addr) == 1 ? 0 : -1;
}

static int
parse_mac(const char *s, uint8_t mac[6])
{
	unsigned b[6];

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

static long
num(const char *s, long lo, long hi)
{
	char *end;
	long v = strtol(s, &end, 0);

	if (*s == '\0' || *end || v < lo || v > hi) {
		fprintf(stderr, "vrrp_inject: bad number '%s' (%ld..%ld)\n", s, lo, hi);
		exit(2);
	}
	return v;
}

enum {
	O_SRC = 256,
	O_DST,
	O_DST_MAC,
	O_VERSION,
	O_SET_VERSION,
	O_TYPE,
	O_VRID,
	O_PRIO,
	O_INT,
	O_ADDR,
	O_COUNT,
	O_AUTH,
	O_PASS,
	O_AUTH_TYPE,
	O_AH_SEQ,
	O_AH_ICV,
	O_TTL,
	O_CSUM,
	O_TRUNC,
	O_EXTRA,
	O_REPEAT,
	O_HEX,
};

static const struct option long_opts[] = {
	{"src", required_argument, NULL, O_SRC},
	{"dst", required_argument, NULL, O_DST},
	{"dst-mac", required_argument, NULL, O_DST_MAC},
	{"version", required_argument, NULL, O_VERSION},
	{"set-version", required_argument, NULL, O_SET_VERSION},
	{"type", required_argument, NULL, O_TYPE},
	{"vrid", required_argument, NULL, O_VRID},
	{"prio", required_argument, NULL, O_PRIO},
	{"int", required_argument, NULL, O_INT},
	{"addr", required_argument, NULL, O_ADDR},
	{"count", required_argument, NULL, O_COUNT},
	{"auth", required_argument, NULL, O_AUTH},
	{"pass", required_argument, NULL, O_PASS},
	{"auth-type", required_argument, NULL, O_AUTH_TYPE},
	{"ah-seq", required_argument, NULL, O_AH_SEQ},
	{"ah-icv", required_argument, NULL, O_AH_ICV},
	{"ttl", required_argument, NULL, O_TTL},
	{"csum", required_argument, NULL, O_CSUM},
	{"trunc", required_argument, NULL, O_TRUNC},
	{"extra", required_argument, NULL, O_EXTRA},
	{"repeat", required_argument, NULL, O_REPEAT},
	{"hex", no_argument, NULL, O_HEX},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* Options whose meaning needs the family are kept as text until -6 is known. */
struct inj_text {
	const char *src, *dst, *addrs[INJ_MAX_ADDRS];
	size_t naddrs;
	const char *auth, *csum;
};

/* The numeric options; false if c is not one. */
static bool
parse_num(struct inj *o, int c, const char *arg)
{
	switch (c) {
	case O_VERSION:
		o->version = (unsigned)num(arg, 2, 3);
		break;
	case O_SET_VERSION:
		o->set_version = (int)num(arg, 0, 15);
		break;
	case O_TYPE:
		o->type = (int)num(arg, 0, 15);
		break;
	case O_VRID:
		o->vrid = (unsigned)num(arg, 1, 255);
		break;
	case O_PRIO:
		o->prio = (unsigned)num(arg, 0, 255);
		break;
	case O_INT:
		o->advert_int = (unsigned)num(arg, 1, 4095);
		break;
	case O_COUNT:
		o->count = (int)num(arg, 0, 255);
		break;
	case O_AUTH_TYPE:
		o->auth_type_field = (int)num(arg, 0, 255);
		break;
	case O_AH_SEQ:
		o->ah_seq = (uint32_t)num(arg, 0, 0xffffffffL);
		break;
	case O_TTL:
		o->ttl = (int)num(arg, 0, 255);
		break;
	case O_TRUNC:
		o->trunc = (unsigned)num(arg, 0, 1000);
		break;
	case O_EXTRA:
		o->extra = (unsigned)num(arg, 0, 1000);
		break;
	case O_REPEAT:
		o->repeat = (unsigned)num(arg, 1, 10000);
		break;
	default:
		return false;
	}
	return true;
}

static void
parse_one(struct inj *o, struct inj_text *t, int c, const char *arg)
{
	if (parse_num(o, c, arg))
		return;
	switch (c) {
	case 'i':
		o->ifname = arg;
		break;
	case '6':
		o->family = AF_INET6;
		break;
	case O_SRC:
		t->src = arg;
		break;
	case O_DST:
		t->dst = arg;
		break;
	case O_DST_MAC:
		if (parse_mac(arg, o->mac) < 0) {
			fprintf(stderr, "vrrp_inject: bad MAC '%s'\n", arg);
			exit(2);
		}
		o->have_mac = true;
		break;
	case O_ADDR:
		if (t->naddrs == INJ_MAX_ADDRS) {
			fprintf(stderr, "vrrp_inject: at most %d addresses\n", INJ_MAX_ADDRS);
			exit(2);
		}
		t->addrs[t->naddrs++] = arg;
		break;
	case O_AUTH:
		t->auth = arg;
		break;
	case O_PASS:
		memset(o->pass, 0, sizeof(o->pass)); /* zero padded, at most 8 bytes */
		memcpy(o->pass, arg, strnlen(arg, sizeof(o->pass)));
		break;
	case O_AH_ICV:
		o->ah_bad_icv = !strcmp(arg, "bad");
		break;
	case O_CSUM:
		t->csum = arg;
		break;
	case O_HEX:
		o->hex = true;
		break;
	case 'h':
		usage(stdout);
		exit(0);
	default:
		usage(stderr);
		exit(2);
	}
}

/* Resolves the textual options once the family is known. */
static int
resolve(struct inj *o, const struct inj_text *t)
{
	if (!o->ifname || !t->dst || parse_addr(o->family, t->dst, &o->dst) < 0)
		return -1;
	if (t->src && parse_addr(o->family, t->src, &o->src) < 0)
		return -1;
	for (size_t i = 0; i < t->naddrs; i++)
		if (parse_addr(o->family, t->addrs[i], &o->addrs[i]) < 0)
			return -1;
	o->naddrs = t->naddrs;
	if (o->family == AF_INET6 && !o->version)
		o->version = 3;
	if (!o->version)
		o->version = 2;
	if (!o->advert_int)
		o->advert_int = o->version == 3 ? 100 : 1;
	if (!t->auth || !strcmp(t->auth, "none"))
		o->auth = VRRP_PKT_AUTH_NONE;
	else if (!strcmp(t->auth, "pass"))
		o->auth = VRRP_PKT_AUTH_PASS;
	else if (!strcmp(t->auth, "ah"))
		o->auth = VRRP_PKT_AUTH_AH;
	else
		return -1;
	if (!t->csum || !strcmp(t->csum, "good"))
		o->csum = INJ_CSUM_GOOD;
	else if (!strcmp(t->csum, "bad"))
		o->csum = INJ_CSUM_BAD;
	else
		o->csum = num(t->csum, 0, 0xffff);
	return 0;
}

static void
parse_args(struct inj *o, int argc, char **argv)
{
	struct inj_text t = {0};
	int c;

	*o = (struct inj){.family = AF_INET,
			  .set_version = -1,
			  .type = -1,
			  .count = -1,
			  .vrid = 51,
			  .prio = 100,
			  .auth_type_field = -1,
			  .ah_seq = 1,
			  .ttl = VRRP_PKT_TTL,
			  .repeat = 1};
	while ((c = getopt_long(argc, argv, "i:6h", long_opts, NULL)) != -1)
		parse_one(o, &t, c, optarg);
	if (optind != argc || resolve(o, &t) < 0) {
		usage(stderr);
		exit(2);
	}
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* The baseline from the codec: IPv4 datagram at pkt, or the IPv6 message after 40 bytes. */
static size_t
build_baseline(const struct inj *o, uint8_t *pkt, size_t cap, size_t *msg_off)
{
	struct vrrp_pkt_params p = {.version = o->version,
				    .family = o->family,
				    .vrid = (uint8_t)o->vrid,
				    .advert_int = o->advert_int,
				    .vips = o->addrs,
				    .nvips = o->naddrs,
				    .auth_type = o->auth};
	struct vrrp_pkt_tx tx = {.priority = (uint8_t)o->prio,
				 .src = o->src,
				 .dst = o->dst,
				 .ttl = (uint8_t)o->ttl,
				 .ip_id = 1,
				 .ah_seq = o->ah_seq};
	size_t off = o->family == AF_INET6 ? INJ_IP6_HDR_LEN : 0, len;
	int rc;

	memcpy(p.auth_data, o->pass, sizeof(p.auth_data));
	p.unicast = !(o->family == AF_INET ? o->dst.addr[0] >> 4 == 0xe : o->dst.addr[0] == 0xff);
	rc = vrrp_pkt_build(&p, &tx, pkt + off, cap - off, &len);
	if (rc < 0) {
		fprintf(stderr, "vrrp_inject: the codec refused the baseline: %s\n", strerror(-rc));
		exit(2);
	}
	*msg_off = off;
	if (o->family == AF_INET)
		*msg_off =
			VRRP_PKT_IP4_HDR_LEN + (o->auth == VRRP_PKT_AUTH_AH ? VRRP_PKT_AH_LEN : 0);
	return off + len;
}

/* The VRRP checksum over the final message, as the receiver computes it. */
static uint16_t
msg_checksum(const struct inj *o, uint8_t *m, size_t mlen)
{
	m[6] = m[7] = 0;
	if (o->family == AF_INET6 || o->version == 3)
		return vrrp_pkt_checksum_v3(&o->src, &o->dst, m, mlen);
	return vrrp_pkt_checksum(m, mlen);
}

/* Applies the overrides to the baseline; returns the final length. */
static size_t
corrupt(const struct inj *o, uint8_t *pkt, size_t len, size_t moff)
{
	uint8_t *m = pkt + moff;
	size_t mlen;

	if (o->set_version >= 0)
		m[0] = (uint8_t)(o->set_version << 4 | (m[0] & 0x0f));
	if (o->type >= 0)
		m[0] = (uint8_t)((m[0] & 0xf0) | o->type);
	if (o->count >= 0)
		m[3] = (uint8_t)o->count;
	if (o->auth_type_field >= 0)
		m[4] = (uint8_t)o->auth_type_field;
	if (o->trunc > len - moff) {
		fprintf(stderr, "vrrp_inject: cannot drop %u of %zu bytes\n", o->trunc, len - moff);
		exit(2);
	}
	len = len - o->trunc + o->extra; /* the buffer is zeroed: appended bytes are 0 */
	mlen = len - moff;
	if (o->csum != INJ_CSUM_GOOD || o->set_version >= 0 || o->type >= 0 || o->count >= 0 ||
	    o->auth_type_field >= 0 || o->trunc || o->extra) {
		uint16_t good = mlen >= 8 ? msg_checksum(o, m, mlen) : 0;

		if (mlen >= 8)
			put16(m + 6, o->csum == INJ_CSUM_GOOD  ? good
				     : o->csum == INJ_CSUM_BAD ? (uint16_t)(good ^ 0x0101)
							       : (uint16_t)o->csum);
	}
	if (o->auth == VRRP_PKT_AUTH_AH && o->ah_bad_icv)
		pkt[VRRP_PKT_IP4_HDR_LEN + 12] ^= 0xff;
	return len;
}

/* Fills the IPv6 header in front of the message, or fixes the IPv4 one. */
static void
ip_header(const struct inj *o, uint8_t *pkt, size_t len)
{
	if (o->family == AF_INET6) {
		pkt[0] = 0x6c; /* version 6, traffic class 0xc0 as keepalived */
		pkt[1] = pkt[2] = pkt[3] = 0;
		put16(pkt + 4, (uint16_t)(len - INJ_IP6_HDR_LEN));
		pkt[6] = VRRP_PKT_PROTO;
		pkt[7] = (uint8_t)o->ttl;
		memcpy(pkt + 8, o->src.addr, 16);
		memcpy(pkt + 24, o->dst.addr, 16);
		return;
	}
	put16(pkt + 2, (uint16_t)len);
	pkt[8] = (uint8_t)o->ttl; /* mutable for AH: the ICV stays valid */
	pkt[10] = pkt[11] = 0;
	put16(pkt + 10, vrrp_pkt_checksum(pkt, VRRP_PKT_IP4_HDR_LEN));
}

static int
dst_mac(const struct inj *o, uint8_t mac[6])
{
	const uint8_t *a = o->dst.addr;

	if (o->have_mac) {
		memcpy(mac, o->mac, 6);
	} else if (o->family == AF_INET && a[0] >> 4 == 0xe) {
		const uint8_t m[6] = {0x01, 0x00, 0x5e, a[1] & 0x7f, a[2], a[3]};

		memcpy(mac, m, 6);
	} else if (o->family == AF_INET6 && a[0] == 0xff) {
		const uint8_t m[6] = {0x33, 0x33, a[12], a[13], a[14], a[15]};

		memcpy(mac, m, 6);
	} else {
		return -1;
	}
	return 0;
}

static int
send_packet(const struct inj *o, const uint8_t *pkt, size_t len)
{
	uint16_t proto = o->family == AF_INET ? ETH_P_IP : ETH_P_IPV6;
	struct sockaddr_ll ll = {.sll_family = AF_PACKET,
				 .sll_protocol = htons(proto),
				 .sll_ifindex = (int)if_nametoindex(o->ifname),
				 .sll_halen = 6};
	int fd;

	if (!ll.sll_ifindex || dst_mac(o, ll.sll_addr) < 0) {
		fprintf(stderr, "vrrp_inject: no interface %s or no destination MAC\n", o->ifname);
		return -1;
	}
	fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(proto));
	if (fd < 0) {
		perror("vrrp_inject: socket(AF_PACKET)");
		return -1;
	}
	for (unsigned i = 0; i < o->repeat; i++)
		if (sendto(fd, pkt, len, 0, (struct sockaddr *)&ll, sizeof(ll)) != (ssize_t)len) {
			perror("vrrp_inject: sendto");
			close(fd);
			return -1;
		}
	close(fd);
	return 0;
}

int
main(int argc, char **argv)
{
	static uint8_t pkt[VRRP_PKT_MAX_IP4_LEN + INJ_IP6_HDR_LEN + VRRP_PKT_MAX_MSG_LEN + 1024];
	struct inj o;
	size_t len, moff;

	parse_args(&o, argc, argv);
	if (!o.src.family)
		o.src.family = o.family; /* the unspecified address */
	len = build_baseline(&o, pkt, sizeof(pkt) - 1024, &moff);
	len = corrupt(&o, pkt, len, moff);
	ip_header(&o, pkt, len);
	if (o.hex) {
		for (size_t i = 0; i < len; i++)
			printf("%02x%s", pkt[i], i % 16 == 15 || i + 1 == len ? "\n" : " ");
	}
	return send_packet(&o, pkt, len) < 0 ? 1 : 0;
}
