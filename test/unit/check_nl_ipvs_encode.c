/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_nl_ipvs_encode: the IPVS client without a kernel. Each command's
 * generic netlink message is compared byte by byte, headers included (seq and
 * port are 0 before sending), with bytes written out by hand from
 * <linux/ip_vs.h>: attribute numbers, types, network-order ports, padding.
 * Replies as the kernel builds them are decoded. The fake backend and the
 * batches are in check_nl_ipvs_fake.c.
 *
 * Nested attributes carry NLA_F_NESTED (0x8000), as libnl >= 3.5 sets it.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/ip_vs.h>

#include "nl/nl_ipvs.h"
#include "nl/nl_ipvs_encode.h"
#include "nl/nl_ipvs_priv.h"

#define FAMILY 0x1c /* any generic netlink family id */

/* Netlink is in host order: these spell values byte by byte. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define U16(v) (uint8_t)((v)&0xff), (uint8_t)(((v) >> 8) & 0xff)
#define U32(v) U16((v)&0xffff), U16(((v) >> 16) & 0xffff)
#else
#define U16(v) (uint8_t)(((v) >> 8) & 0xff), (uint8_t)((v)&0xff)
#define U32(v) U16(((v) >> 16) & 0xffff), U16((v)&0xffff)
#endif
#define BE16(v)		(uint8_t)(((v) >> 8) & 0xff), (uint8_t)((v)&0xff)
#define NLA(len, type)	U16(len), U16(type)
#define NEST(len, type) U16(len), U16((type) | 0x8000)
#define PAD1		0
#define PAD2		0, 0
#define PAD3		0, 0, 0
#define ZERO12		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
/* nlmsghdr (seq 0, port 0) and genlmsghdr (version 1) */
#define HDR(len, flags, cmd) U32(len), U16(FAMILY), U16(flags), U32(0), U32(0), cmd, 1, U16(0)
#define REQ_ACK		     (NLM_F_REQUEST | NLM_F_ACK)
#define REQ_DUMP	     (NLM_F_REQUEST | NLM_F_DUMP)

/* The service attributes shared by several messages. */
#define SVC_TCP4_KEY                                                                               \
	NLA(6, IPVS_SVC_ATTR_AF), U16(AF_INET), PAD2, NLA(6, IPVS_SVC_ATTR_PROTOCOL),              \
		U16(IPPROTO_TCP), PAD2, NLA(20, IPVS_SVC_ATTR_ADDR), 10, 0, 0, 100, ZERO12,        \
		NLA(6, IPVS_SVC_ATTR_PORT), BE16(80), PAD2
#define SVC_V6_ADDR 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01

static const uint8_t v6_vip[16] = {SVC_V6_ADDR};

static struct nl_ipvs_service
svc_tcp4(void)
{
	struct nl_ipvs_service s = {.af = AF_INET, .protocol = IPPROTO_TCP, .port = 80};

	inet_pton(AF_INET, "10.0.0.100", s.addr);
	strcpy(s.sched_name, "rr");
	return s;
}

static void
assert_bytes(const struct nl_msg *msg, const uint8_t *want, size_t len)
{
	const uint8_t *got = (const uint8_t *)nlmsg_hdr((struct nl_msg *)(uintptr_t)msg);
	size_t got_len = nlmsg_hdr((struct nl_msg *)(uintptr_t)msg)->nlmsg_len, i;

	for (i = 0; i < len && i < got_len; i++) {
		if (got[i] != want[i])
			ck_abort_msg("byte %zu: got 0x%02x, want 0x%02x", i, got[i], want[i]);
	}
	ck_assert_uint_eq(got_len, len);
}

static void
check_op(const struct nl_ipvs_op *op, const uint8_t *want, size_t len)
{
	struct nl_msg *msg;

	ck_assert_int_eq(nl_ipvs_encode_op(FAMILY, op, &msg), 0);
	assert_bytes(msg, want, len);
	nlmsg_free(msg);
}

START_TEST(test_service_add_tcp4)
{
	/* clang-format off: one attribute per line */
	static const uint8_t want[] = {
		HDR(104, REQ_ACK, IPVS_CMD_NEW_SERVICE),
		NEST(84, IPVS_CMD_ATTR_SERVICE),
		SVC_TCP4_KEY,
		NLA(7, IPVS_SVC_ATTR_SCHED_NAME),
		'r',
		'r',
		0,
		PAD1,
		NLA(12, IPVS_SVC_ATTR_FLAGS),
		U32(0),
		U32(0xffffffff),
		NLA(8, IPVS_SVC_ATTR_TIMEOUT),
		U32(0),
		NLA(8, IPVS_SVC_ATTR_NETMASK),
		0xff,
		0xff,
		0xff,
		0xff,
	};
	/* clang-format on */
	struct nl_ipvs_op op = {.cmd = NL_IPVS_SERVICE_ADD, .svc = svc_tcp4()};

	/* HASHED is the kernel's: never sent */
	op.svc.flags = NL_IPVS_SVC_F_HASHED;
	check_op(&op, want, sizeof(want));
}
END_TEST

START_TEST(test_service_add_udp6_persistent)
{
	/* clang-format off: one attribute per line */
	static const uint8_t want[] = {
		HDR(112, REQ_ACK, IPVS_CMD_NEW_SERVICE),
		NEST(92, IPVS_CMD_ATTR_SERVICE),
		NLA(6, IPVS_SVC_ATTR_AF),
		U16(AF_INET6),
		PAD2,
		NLA(6, IPVS_SVC_ATTR_PROTOCOL),
		U16(IPPROTO_UDP),
		PAD2,
		NLA(20, IPVS_SVC_ATTR_ADDR),
		SVC_V6_ADDR,
		NLA(6, IPVS_SVC_ATTR_PORT),
		BE16(53),
		PAD2,
		NLA(8, IPVS_SVC_ATTR_SCHED_NAME),
		'w',
		'l',
		'c',
		0,
		NLA(8, IPVS_SVC_ATTR_PE_NAME),
		's',
		'i',
		'p',
		0,
		NLA(12, IPVS_SVC_ATTR_FLAGS),
		U32(IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_ONEPACKET),
		U32(0xffffffff),
		NLA(8, IPVS_SVC_ATTR_TIMEOUT),
		U32(300),
		/* IPv6: a prefix length, in host order */
		NLA(8, IPVS_SVC_ATTR_NETMASK),
		U32(64),
	};
	/* clang-format on */
	struct nl_ipvs_op op = {.cmd = NL_IPVS_SERVICE_ADD};

	op.svc = (struct nl_ipvs_service){
		.af = AF_INET6,
		.protocol = IPPROTO_UDP,
		.port = 53,
		.sched_name = "wlc",
		.flags = NL_IPVS_SVC_F_PERSISTENT | NL_IPVS_SVC_F_ONEPACKET,
		.timeout = 300,
		.netmask = 64,
		.pe_name = "sip",
	};
	memcpy(op.svc.addr, v6_vip, 16);
	check_op(&op, want, sizeof(want));
}
END_TEST

START_TEST(test_service_edit_fwmark)
{
	/* clang-format off: one attribute per line */
	static const uint8_t want[] = {
		HDR(76, REQ_ACK, IPVS_CMD_SET_SERVICE),
		NEST(56, IPVS_CMD_ATTR_SERVICE),
		NLA(6, IPVS_SVC_ATTR_AF),
		U16(AF_INET),
		PAD2,
		NLA(8, IPVS_SVC_ATTR_FWMARK),
		U32(7),
		NLA(7, IPVS_SVC_ATTR_SCHED_NAME),
		's',
		'h',
		0,
		PAD1,
		NLA(12, IPVS_SVC_ATTR_FLAGS),
		U32(IP_VS_SVC_F_SCHED_SH_PORT),
		U32(IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2),
		NLA(8, IPVS_SVC_ATTR_TIMEOUT),
		U32(0),
		/* IPv4: a mask in network order */
		NLA(8, IPVS_SVC_ATTR_NETMASK),
		0xff,
		0xff,
		0xff,
		0x00,
	};
	/* clang-format on */
	struct nl_ipvs_op op = {.cmd = NL_IPVS_SERVICE_EDIT};

	op.svc = (struct nl_ipvs_service){
		.af = AF_INET,
		.protocol = IPPROTO_TCP, /* ignored for fwmark services */
		.port = 80,
		.fwmark = 7,
		.sched_name = "sh",
		.flags = NL_IPVS_SVC_F_SH_PORT,
		.flags_mask = NL_IPVS_SVC_F_SH_PORT | NL_IPVS_SVC_F_SH_FALLBACK,
		.netmask = 24,
	};
	check_op(&op, want, sizeof(want));
}
END_TEST

START_TEST(test_service_del_sctp)
{
	/* clang-format off: one attribute per line */
	static const uint8_t want[] = {
		HDR(68, REQ_ACK, IPVS_CMD_DEL_SERVICE),
		NEST(48, IPVS_CMD_ATTR_SERVICE),
		NLA(6, IPVS_SVC_ATTR_AF),
		U16(AF_INET),
		PAD2,
		NLA(6, IPVS_SVC_ATTR_PROTOCOL),
		U16(IPPROTO_SCTP),
		PAD2,
		NLA(20, IPVS_SVC_ATTR_ADDR),
		10,
		0,
		0,
		1,
		ZERO12,
		NLA(6, IPVS_SVC_ATTR_PORT),
		BE16(9999),
		PAD2,
	};
	/* clang-format on */
	struct nl_ipvs_op op = {.cmd = NL_IPVS_SERVICE_DEL};

	op.svc = (struct nl_ipvs_service){.af = AF_INET, .protocol = IPPROTO_SCTP, .port = 9999};
	inet_pton(AF_INET, "10.0.0.1", op.svc.addr);
	/* garbage after the IPv4 address must not leak into the message */
	memset(op.svc.addr + 4, 0xee, 12);
	check_op(&op, want, sizeof(want));
}
END_TEST

START_TEST(test_dest_add_nat)
{
	/* clang-format off: one attribute per line */
	static const uint8_t want[] = {
		HDR(140, REQ_ACK, IPVS_CMD_NEW_DEST),
		NEST(48, IPVS_CMD_ATTR_SERVICE),
		SVC_TCP4_KEY,
		NEST(72, IPVS_CMD_ATTR_DEST),
		NLA(6, IPVS_DEST_ATTR_ADDR_FAMILY),
		U16(AF_INET),
		PAD2,
		NLA(20, IPVS_DEST_ATTR_ADDR),
		192,
		168,
		1,
		1,
		ZERO12,
		NLA(6, IPVS_DEST_ATTR_PORT),
		BE16(8080),
		PAD2,
		NLA(8, IPVS_DEST_ATTR_FWD_METHOD),
		U32(IP_VS_CONN_F_MASQ),
		NLA(8, IPVS_DEST_ATTR_WEIGHT),
		U32(1),
		NLA(8, IPVS_DEST_ATTR_U_THRESH),
		U32(100),
		NLA(8, IPVS_DEST_ATTR_L_THRESH),
		U32(10),
	};
	/* clang-format on */
	struct nl_ipvs_op op = {.cmd = NL_IPVS_DEST_ADD, .svc = svc_tcp4()};

	op.dest = (struct nl_ipvs_dest){
		.port = 8080, .weight = 1, .u_threshold = 100, .l_threshold = 10};
	inet_pton(AF_INET, "192.168.1.1", op.dest.addr);
	/* tunnel settings are not sent for NAT */
	op.dest.tun_type = NL_IPVS_TUN_GUE;
	op.dest.tun_port = 1;
	check_op(&op, want, sizeof(want));
}
END_TEST

START_TEST(test_dest_edit_dr_v6)
{
	/* clang-format off: one attribute per line */
	static const uint8_t want[] = {
		HDR(140, REQ_ACK, IPVS_CMD_SET_DEST),
		NEST(48, IPVS_CMD_ATTR_SERVICE),
		NLA(6, IPVS_SVC_ATTR_AF),
		U16(AF_INET6),
		PAD2,
		NLA(6, IPVS_SVC_ATTR_PROTOCOL),
		U16(IPPROTO_TCP),
		PAD2,
		NLA(20, IPVS_SVC_ATTR_ADDR),
		SVC_V6_ADDR,
		NLA(6, IPVS_SVC_ATTR_PORT),
		BE16(443),
		PAD2,
		NEST(72, IPVS_CMD_ATTR_DEST),
		/* af 0 in the struct: the service's family */
		NLA(6, IPVS_DEST_ATTR_ADDR_FAMILY),
		U16(AF_INET6),
		PAD2,
		NLA(20, IPVS_DEST_ATTR_ADDR),
		0x20,
		0x01,
		0x0d,
		0xb8,
		0,
		1,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0x11,
		NLA(6, IPVS_DEST_ATTR_PORT),
		BE16(443),
		PAD2,
		NLA(8, IPVS_DEST_ATTR_FWD_METHOD),
		U32(IP_VS_CONN_F_DROUTE),
		NLA(8, IPVS_DEST_ATTR_WEIGHT),
		U32(0),
		NLA(8, IPVS_DEST_ATTR_U_THRESH),
		U32(0),
		NLA(8, IPVS_DEST_ATTR_L_THRESH),
		U32(0),
	};
	/* clang-format on */
	struct nl_ipvs_op op = {.cmd = NL_IPVS_DEST_EDIT};

	op.svc = (struct nl_ipvs_service){.af = AF_INET6, .protocol = IPPROTO_TCP, .port = 443};
	memcpy(op.svc.addr, v6_vip, 16);
	op.dest = (struct nl_ipvs_dest){.port = 443, .fwd = NL_IPVS_FWD_DROUTE, .weight = 0};
	inet_pton(AF_INET6, "2001:db8:1::11", op.dest.addr);
	check_op(&op, want, sizeof(want));
}
END_TEST

START_TEST(test_dest_add_tun_gue_mixed)
{
	/* clang-format off: one attribute per line */
	static const uint8_t want[] = {
		HDR(164, REQ_ACK, IPVS_CMD_NEW_DEST),
		NEST(48, IPVS_CMD_ATTR_SERVICE),
		SVC_TCP4_KEY,
		NEST(96, IPVS_CMD_ATTR_DEST),
		NLA(6, IPVS_DEST_ATTR_ADDR_FAMILY),
		U16(AF_INET6),
		PAD2,
		NLA(20, IPVS_DEST_ATTR_ADDR),
		0x20,
		0x01,
		0x0d,
		0xb8,
		0,
		2,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0x05,
		NLA(6, IPVS_DEST_ATTR_PORT),
		BE16(80),
		PAD2,
		NLA(8, IPVS_DEST_ATTR_FWD_METHOD),
		U32(IP_VS_CONN_F_TUNNEL),
		NLA(8, IPVS_DEST_ATTR_WEIGHT),
		U32(3),
		NLA(8, IPVS_DEST_ATTR_U_THRESH),
		U32(0),
		NLA(8, IPVS_DEST_ATTR_L_THRESH),
		U32(0),
		NLA(5, IPVS_DEST_ATTR_TUN_TYPE),
		IP_VS_CONN_F_TUNNEL_TYPE_GUE,
		PAD3,
		NLA(6, IPVS_DEST_ATTR_TUN_PORT),
		BE16(6080),
		PAD2,
		NLA(6, IPVS_DEST_ATTR_TUN_FLAGS),
		U16(IP_VS_TUNNEL_ENCAP_FLAG_CSUM | IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM),
		PAD2,
	};
	/* clang-format on */
	struct nl_ipvs_op op = {.cmd = NL_IPVS_DEST_ADD, .svc = svc_tcp4()};

	op.dest = (struct nl_ipvs_dest){
		.af = AF_INET6,
		.port = 80,
		.fwd = NL_IPVS_FWD_TUNNEL,
		.weight = 3,
		.tun_type = NL_IPVS_TUN_GUE,
		.tun_port = 6080,
		.tun_flags = NL_IPVS_TUN_F_CSUM | NL_IPVS_TUN_F_REMCSUM,
	};
	inet_pton(AF_INET6, "2001:db8:2::5", op.dest.addr);
	check_op(&op, want, sizeof(want));
}
END_TEST

START_TEST(test_dest_del)
{
	/* clang-format off: one attribute per line */
	static const uint8_t want[] = {
		HDR(108, REQ_ACK, IPVS_CMD_DEL_DEST),
		NEST(48, IPVS_CMD_ATTR_SERVICE),
		SVC_TCP4_KEY,
		NEST(40, IPVS_CMD_ATTR_DEST),
		NLA(6, IPVS_DEST_ATTR_ADDR_FAMILY),
		U16(AF_INET),
		PAD2,
		NLA(20, IPVS_DEST_ATTR_ADDR),
		192,
		168,
		1,
		2,
		ZERO12,
		NLA(6, IPVS_DEST_ATTR_PORT),
		BE16(80),
		PAD2,
	};
	/* clang-format on */
	struct nl_ipvs_op op = {.cmd = NL_IPVS_DEST_DEL, .svc = svc_tcp4()};

	op.dest = (struct nl_ipvs_dest){.port = 80, .weight = 9};
	inet_pton(AF_INET, "192.168.1.2", op.dest.addr);
	check_op(&op, want, sizeof(want));
}
END_TEST

START_TEST(test_flush_and_timeouts)
{
	static const uint8_t flush[] = {HDR(20, REQ_ACK, IPVS_CMD_FLUSH)};
	/* clang-format off: one attribute per line */
	static const uint8_t timeouts[] = {
		HDR(36, REQ_ACK, IPVS_CMD_SET_CONFIG),
		/* tcp_fin 0: unchanged, not sent */
		NLA(8, IPVS_CMD_ATTR_TIMEOUT_TCP),
		U32(900),
		NLA(8, IPVS_CMD_ATTR_TIMEOUT_UDP),
		U32(300),
	};
	/* clang-format on */
	struct nl_ipvs_op op = {.cmd = NL_IPVS_FLUSH};

	check_op(&op, flush, sizeof(flush));
	op = (struct nl_ipvs_op){.cmd = NL_IPVS_TIMEOUTS_SET, .timeouts = {.tcp = 900, .udp = 300}};
	check_op(&op, timeouts, sizeof(timeouts));
}
END_TEST

START_TEST(test_daemon_start_stop)
{
	/* clang-format off: one attribute per line */
	static const uint8_t start[] = {
		HDR(84, REQ_ACK, IPVS_CMD_NEW_DAEMON),
		NEST(64, IPVS_CMD_ATTR_DAEMON),
		NLA(8, IPVS_DAEMON_ATTR_STATE),
		U32(IP_VS_STATE_MASTER),
		NLA(9, IPVS_DAEMON_ATTR_MCAST_IFN),
		'e',
		't',
		'h',
		'0',
		0,
		PAD3,
		NLA(8, IPVS_DAEMON_ATTR_SYNC_ID),
		U32(5),
		NLA(6, IPVS_DAEMON_ATTR_SYNC_MAXLEN),
		U16(1472),
		PAD2,
		NLA(8, IPVS_DAEMON_ATTR_MCAST_GROUP),
		224,
		0,
		0,
		81,
		/* the sync port is in host order, unlike service ports */
		NLA(6, IPVS_DAEMON_ATTR_MCAST_PORT),
		U16(8848),
		PAD2,
		NLA(5, IPVS_DAEMON_ATTR_MCAST_TTL),
		2,
		PAD3,
	};
	/* clang-format on */
	/* clang-format off: one attribute per line */
	static const uint8_t start_min[] = {
		HDR(52, REQ_ACK, IPVS_CMD_NEW_DAEMON),
		NEST(32, IPVS_CMD_ATTR_DAEMON),
		NLA(8, IPVS_DAEMON_ATTR_STATE),
		U32(IP_VS_STATE_BACKUP),
		NLA(12, IPVS_DAEMON_ATTR_MCAST_IFN),
		'b',
		'o',
		'n',
		'd',
		'0',
		'.',
		'1',
		0,
		NLA(8, IPVS_DAEMON_ATTR_SYNC_ID),
		U32(0),
	};
	/* clang-format on */
	/* clang-format off: one attribute per line */
	static const uint8_t stop[] = {
		HDR(32, REQ_ACK, IPVS_CMD_DEL_DAEMON),
		NEST(12, IPVS_CMD_ATTR_DAEMON),
		NLA(8, IPVS_DAEMON_ATTR_STATE),
		U32(IP_VS_STATE_BACKUP),
	};
	/* clang-format on */
	struct nl_ipvs_op op = {.cmd = NL_IPVS_DAEMON_START};

	op.daemon = (struct nl_ipvs_daemon){.state = NL_IPVS_DAEMON_MASTER,
					    .ifname = "eth0",
					    .syncid = 5,
					    .sync_maxlen = 1472,
					    .mcast_af = AF_INET,
					    .mcast_port = 8848,
					    .mcast_ttl = 2};
	inet_pton(AF_INET, "224.0.0.81", op.daemon.mcast_group);
	check_op(&op, start, sizeof(start));
	op.daemon = (struct nl_ipvs_daemon){.state = NL_IPVS_DAEMON_BACKUP, .ifname = "bond0.1"};
	check_op(&op, start_min, sizeof(start_min));
	op.cmd = NL_IPVS_DAEMON_STOP;
	op.daemon = (struct nl_ipvs_daemon){.state = NL_IPVS_DAEMON_BACKUP, .ifname = "ignored"};
	check_op(&op, stop, sizeof(stop));
}
END_TEST

START_TEST(test_gets_and_dumps)
{
	static const uint8_t info[] = {HDR(20, REQ_ACK, IPVS_CMD_GET_INFO)};
	static const uint8_t config[] = {HDR(20, REQ_ACK, IPVS_CMD_GET_CONFIG)};
	static const uint8_t services[] = {HDR(20, REQ_DUMP, IPVS_CMD_GET_SERVICE)};
	/* clang-format off: one attribute per line */
	static const uint8_t dests[] = {
		HDR(68, REQ_DUMP, IPVS_CMD_GET_DEST),
		NEST(48, IPVS_CMD_ATTR_SERVICE),
		SVC_TCP4_KEY,
	};
	/* clang-format on */
	struct nl_ipvs_service svc = svc_tcp4();
	struct nl_msg *msg;

	ck_assert_int_eq(nl_ipvs_encode_get(FAMILY, IPVS_CMD_GET_INFO, false, &msg), 0);
	assert_bytes(msg, info, sizeof(info));
	nlmsg_free(msg);
	ck_assert_int_eq(nl_ipvs_encode_get(FAMILY, IPVS_CMD_GET_CONFIG, false, &msg), 0);
	assert_bytes(msg, config, sizeof(config));
	nlmsg_free(msg);
	ck_assert_int_eq(nl_ipvs_encode_get(FAMILY, IPVS_CMD_GET_SERVICE, true, &msg), 0);
	assert_bytes(msg, services, sizeof(services));
	nlmsg_free(msg);
	ck_assert_int_eq(nl_ipvs_encode_get_dests(FAMILY, &svc, &msg), 0);
	assert_bytes(msg, dests, sizeof(dests));
	nlmsg_free(msg);
}
END_TEST

START_TEST(test_invalid_ops)
{
	struct nl_ipvs_op op = {.cmd = NL_IPVS_SERVICE_ADD, .svc = svc_tcp4()};
	struct nl_msg *msg = (struct nl_msg *)&op;
	char err[128];

	op.svc.af = AF_UNIX;
	ck_assert_int_eq(nl_ipvs_encode_op(FAMILY, &op, &msg), -EAFNOSUPPORT);
	ck_assert_ptr_null(msg);
	op.svc = svc_tcp4();
	op.svc.protocol = 99;
	ck_assert_int_eq(nl_ipvs_encode_op(FAMILY, &op, &msg), -EINVAL);
	op.svc = svc_tcp4();
	op.svc.sched_name[0] = '\0';
	ck_assert_int_eq(nl_ipvs_encode_op(FAMILY, &op, &msg), -EINVAL);
	memset(op.svc.sched_name, 'x', sizeof(op.svc.sched_name)); /* no NUL */
	ck_assert_int_eq(nl_ipvs_encode_op(FAMILY, &op, &msg), -EINVAL);
	op.svc = svc_tcp4();
	op.svc.netmask = 33;
	ck_assert_int_eq(nl_ipvs_encode_op(FAMILY, &op, &msg), -EINVAL);
	/* a delete needs no scheduler */
	op.cmd = NL_IPVS_SERVICE_DEL;
	op.svc.sched_name[0] = '\0';
	ck_assert_int_eq(nl_ipvs_encode_op(FAMILY, &op, &msg), 0);
	nlmsg_free(msg);
	op = (struct nl_ipvs_op){.cmd = NL_IPVS_DEST_ADD, .svc = svc_tcp4()};
	op.dest.fwd = 4;
	ck_assert_int_eq(nl_ipvs_encode_op(FAMILY, &op, &msg), -EINVAL);
	op = (struct nl_ipvs_op){.cmd = NL_IPVS_DAEMON_START, .daemon = {.state = 3}};
	ck_assert_int_eq(nl_ipvs_encode_op(FAMILY, &op, &msg), -EINVAL);
	op.daemon.state = NL_IPVS_DAEMON_MASTER; /* no interface */
	ck_assert_int_eq(nl_ipvs_encode_op(FAMILY, &op, &msg), -EINVAL);
	ck_assert_int_eq(nl_ipvs_op_check(&op, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "sync daemon: interface name or group family invalid");
}
END_TEST

/* Replies, as the kernel builds them (header flags NLM_F_MULTI for dumps). */

static struct nlmsghdr *
aligned_copy(const uint8_t *bytes, size_t len)
{
	static uint32_t buf[128];

	ck_assert_uint_le(len, sizeof(buf));
	memcpy(buf, bytes, len);
	return (struct nlmsghdr *)buf;
}

START_TEST(test_decode_service)
{
	/* clang-format off: one attribute per line */
	static const uint8_t reply[] = {
		HDR(124, NLM_F_MULTI, IPVS_CMD_NEW_SERVICE),
		NEST(104, IPVS_CMD_ATTR_SERVICE),
		SVC_TCP4_KEY,
		NLA(7, IPVS_SVC_ATTR_SCHED_NAME),
		'r',
		'r',
		0,
		PAD1,
		NLA(12, IPVS_SVC_ATTR_FLAGS),
		U32(IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_HASHED),
		U32(0xffffffff),
		NLA(8, IPVS_SVC_ATTR_TIMEOUT),
		U32(360),
		NLA(8, IPVS_SVC_ATTR_NETMASK),
		0xff,
		0xff,
		0xf0,
		0x00,
		/* statistics: skipped */
		NEST(20, IPVS_SVC_ATTR_STATS),
		NLA(8, IPVS_STATS_ATTR_CONNS),
		U32(5),
		NLA(8, IPVS_STATS_ATTR_INPKTS),
		U32(9),
	};
	/* clang-format on */
	struct nl_ipvs_service svc, want = svc_tcp4();
	char buf[64];

	ck_assert_int_eq(nl_ipvs_decode_service(aligned_copy(reply, sizeof(reply)), &svc), 0);
	ck_assert(nl_ipvs_service_same(&svc, &want));
	ck_assert_str_eq(svc.sched_name, "rr");
	ck_assert_uint_eq(svc.flags, NL_IPVS_SVC_F_PERSISTENT | NL_IPVS_SVC_F_HASHED);
	ck_assert_uint_eq(svc.timeout, 360);
	ck_assert_uint_eq(svc.netmask, 20);
	ck_assert_str_eq(svc.pe_name, "");
	nl_ipvs_service_format(&svc, buf, sizeof(buf));
	ck_assert_str_eq(buf, "tcp 10.0.0.100:80");
}
END_TEST

START_TEST(test_decode_service_v6_fwmark)
{
	/* clang-format off: one attribute per line */
	static const uint8_t reply[] = {
		HDR(64, NLM_F_MULTI, IPVS_CMD_NEW_SERVICE),
		NEST(44, IPVS_CMD_ATTR_SERVICE),
		NLA(6, IPVS_SVC_ATTR_AF),
		U16(AF_INET6),
		PAD2,
		NLA(8, IPVS_SVC_ATTR_FWMARK),
		U32(42),
		NLA(7, IPVS_SVC_ATTR_SCHED_NAME),
		'm',
		'h',
		0,
		PAD1,
		NLA(8, IPVS_SVC_ATTR_NETMASK),
		U32(128),
		NLA(8, IPVS_SVC_ATTR_PE_NAME),
		's',
		'i',
		'p',
		0,
	};
	/* clang-format on */
	struct nl_ipvs_service svc;

	ck_assert_int_eq(nl_ipvs_decode_service(aligned_copy(reply, sizeof(reply)), &svc), 0);
	ck_assert_int_eq(svc.af, AF_INET6);
	ck_assert_uint_eq(svc.fwmark, 42);
	ck_assert_str_eq(svc.sched_name, "mh");
	ck_assert_uint_eq(svc.netmask, 0); /* full length */
	ck_assert_str_eq(svc.pe_name, "sip");
}
END_TEST

START_TEST(test_decode_dest)
{
	/* clang-format off: one attribute per line */
	static const uint8_t reply[] = {
		HDR(152, NLM_F_MULTI, IPVS_CMD_NEW_DEST),
		NEST(132, IPVS_CMD_ATTR_DEST),
		NLA(20, IPVS_DEST_ATTR_ADDR),
		192,
		168,
		1,
		1,
		ZERO12,
		NLA(6, IPVS_DEST_ATTR_PORT),
		BE16(80),
		PAD2,
		NLA(8, IPVS_DEST_ATTR_FWD_METHOD),
		U32(IP_VS_CONN_F_TUNNEL),
		NLA(8, IPVS_DEST_ATTR_WEIGHT),
		U32(7),
		NLA(5, IPVS_DEST_ATTR_TUN_TYPE),
		IP_VS_CONN_F_TUNNEL_TYPE_GRE,
		PAD3,
		NLA(6, IPVS_DEST_ATTR_TUN_PORT),
		BE16(0),
		PAD2,
		NLA(6, IPVS_DEST_ATTR_TUN_FLAGS),
		U16(IP_VS_TUNNEL_ENCAP_FLAG_CSUM),
		PAD2,
		NLA(8, IPVS_DEST_ATTR_U_THRESH),
		U32(50),
		NLA(8, IPVS_DEST_ATTR_L_THRESH),
		U32(5),
		NLA(8, IPVS_DEST_ATTR_ACTIVE_CONNS),
		U32(3),
		NLA(8, IPVS_DEST_ATTR_INACT_CONNS),
		U32(2),
		NLA(8, IPVS_DEST_ATTR_PERSIST_CONNS),
		U32(1),
		NLA(6, IPVS_DEST_ATTR_ADDR_FAMILY),
		U16(AF_INET),
		PAD2,
		NEST(12, IPVS_DEST_ATTR_STATS),
		NLA(8, IPVS_STATS_ATTR_CONNS),
		U32(77),
	};
	/* clang-format on */
	struct nl_ipvs_dest d;
	struct nl_ipvs_op op = {.cmd = NL_IPVS_DEST_ADD, .svc = svc_tcp4()};
	char line[128];

	ck_assert_int_eq(nl_ipvs_decode_dest(aligned_copy(reply, sizeof(reply)), &d), 0);
	ck_assert_int_eq(d.af, AF_INET);
	ck_assert_uint_eq(d.port, 80);
	ck_assert_uint_eq(d.fwd, NL_IPVS_FWD_TUNNEL);
	ck_assert_int_eq(d.weight, 7);
	ck_assert_uint_eq(d.u_threshold, 50);
	ck_assert_uint_eq(d.l_threshold, 5);
	ck_assert_uint_eq(d.active_conns, 3);
	ck_assert_uint_eq(d.inact_conns, 2);
	ck_assert_uint_eq(d.persist_conns, 1);
	op.dest = d;
	nl_ipvs_op_format(&op, line, sizeof(line));
	ck_assert_str_eq(line,
			 "dest add tcp 10.0.0.100:80 -> 192.168.1.1:80 tun w7 u50 l5 gre csum");
}
END_TEST

START_TEST(test_decode_info_timeouts)
{
	/* clang-format off: one attribute per line */
	static const uint8_t info_reply[] = {
		HDR(36, 0, IPVS_CMD_SET_INFO),
		NLA(8, IPVS_INFO_ATTR_VERSION),
		U32(0x010201),
		NLA(8, IPVS_INFO_ATTR_CONN_TAB_SIZE),
		U32(4096),
	};
	/* clang-format on */
	/* clang-format off: one attribute per line */
	static const uint8_t config_reply[] = {
		HDR(44, 0, IPVS_CMD_SET_CONFIG),
		NLA(8, IPVS_CMD_ATTR_TIMEOUT_TCP),
		U32(900),
		NLA(8, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN),
		U32(120),
		NLA(8, IPVS_CMD_ATTR_TIMEOUT_UDP),
		U32(300),
	};
	/* clang-format on */
	static const uint8_t broken[] = {HDR(20, 0, IPVS_CMD_SET_CONFIG)};
	struct nl_ipvs_info info;
	struct nl_ipvs_timeouts t;

	ck_assert_int_eq(nl_ipvs_decode_info(aligned_copy(info_reply, sizeof(info_reply)), &info),
			 0);
	ck_assert_uint_eq(info.version, 0x010201);
	ck_assert_uint_eq(info.conn_tab_size, 4096);
	ck_assert_int_eq(
		nl_ipvs_decode_timeouts(aligned_copy(config_reply, sizeof(config_reply)), &t), 0);
	ck_assert_uint_eq(t.tcp, 900);
	ck_assert_uint_eq(t.tcp_fin, 120);
	ck_assert_uint_eq(t.udp, 300);
	ck_assert_int_eq(nl_ipvs_decode_timeouts(aligned_copy(broken, sizeof(broken)), &t),
			 -EINVAL);
}
END_TEST

static Suite *
nl_ipvs_encode_suite(void)
{
	Suite *s = suite_create("nl_ipvs_encode");
	TCase *tc = tcase_create("encode");

	tcase_add_test(tc, test_service_add_tcp4);
	tcase_add_test(tc, test_service_add_udp6_persistent);
	tcase_add_test(tc, test_service_edit_fwmark);
	tcase_add_test(tc, test_service_del_sctp);
	tcase_add_test(tc, test_dest_add_nat);
	tcase_add_test(tc, test_dest_edit_dr_v6);
	tcase_add_test(tc, test_dest_add_tun_gue_mixed);
	tcase_add_test(tc, test_dest_del);
	tcase_add_test(tc, test_flush_and_timeouts);
	tcase_add_test(tc, test_daemon_start_stop);
	tcase_add_test(tc, test_gets_and_dumps);
	tcase_add_test(tc, test_invalid_ops);
	suite_add_tcase(s, tc);
	tc = tcase_create("decode");
	tcase_add_test(tc, test_decode_service);
	tcase_add_test(tc, test_decode_service_v6_fwmark);
	tcase_add_test(tc, test_decode_dest);
	tcase_add_test(tc, test_decode_info_timeouts);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(nl_ipvs_encode_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
