/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nl_ipvs_encode: IPVS generic netlink messages from plain structs, and plain
 * structs from the kernel's replies, following <linux/ip_vs.h>. Encoding
 * rules worth knowing: addresses always go as 16 bytes; ports (service, real
 * server, tunnel) in network order; the persistence netmask as an IPv4 mask in
 * network order but as a prefix length for IPv6 (the kernel reads both from
 * the same u32); the HASHED flag is never sent (the kernel sets it itself and
 * refuses to hash a service that already has it). Pure: no sockets, no logs.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/ip_vs.h>

#include <netlink/genl/genl.h>

#include "nl/nl_ipvs_encode.h"
#include "nl/nl_ipvs_priv.h"

/* Our public constants are the kernel's values. */
_Static_assert(NL_IPVS_SVC_F_PERSISTENT == IP_VS_SVC_F_PERSISTENT, "svc flag");
_Static_assert(NL_IPVS_SVC_F_HASHED == IP_VS_SVC_F_HASHED, "svc flag");
_Static_assert(NL_IPVS_SVC_F_ONEPACKET == IP_VS_SVC_F_ONEPACKET, "svc flag");
_Static_assert(NL_IPVS_SVC_F_SCHED3 == IP_VS_SVC_F_SCHED3, "svc flag");
_Static_assert(NL_IPVS_SVC_F_SH_PORT == IP_VS_SVC_F_SCHED_SH_PORT, "svc flag");
_Static_assert(NL_IPVS_FWD_MASQ == IP_VS_CONN_F_MASQ, "fwd");
_Static_assert(NL_IPVS_FWD_LOCAL == IP_VS_CONN_F_LOCALNODE, "fwd");
_Static_assert(NL_IPVS_FWD_TUNNEL == IP_VS_CONN_F_TUNNEL, "fwd");
_Static_assert(NL_IPVS_FWD_DROUTE == IP_VS_CONN_F_DROUTE, "fwd");
_Static_assert((int)NL_IPVS_TUN_GRE == (int)IP_VS_CONN_F_TUNNEL_TYPE_GRE, "tun type");
_Static_assert(NL_IPVS_TUN_F_REMCSUM == IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM, "tun flag");
_Static_assert(NL_IPVS_DAEMON_BACKUP == IP_VS_STATE_BACKUP, "daemon state");
_Static_assert(sizeof(((struct nl_ipvs_service *)0)->sched_name) == IP_VS_SCHEDNAME_MAXLEN,
	       "sched name");
_Static_assert(sizeof(((struct nl_ipvs_daemon *)0)->ifname) == IP_VS_IFNAME_MAXLEN, "ifname");

/* The IPVS_CMD_* of each operation. */
static const uint8_t op_cmd[] = {
	[NL_IPVS_SERVICE_ADD] = IPVS_CMD_NEW_SERVICE,
	[NL_IPVS_SERVICE_EDIT] = IPVS_CMD_SET_SERVICE,
	[NL_IPVS_SERVICE_DEL] = IPVS_CMD_DEL_SERVICE,
	[NL_IPVS_DEST_ADD] = IPVS_CMD_NEW_DEST,
	[NL_IPVS_DEST_EDIT] = IPVS_CMD_SET_DEST,
	[NL_IPVS_DEST_DEL] = IPVS_CMD_DEL_DEST,
	[NL_IPVS_FLUSH] = IPVS_CMD_FLUSH,
	[NL_IPVS_TIMEOUTS_SET] = IPVS_CMD_SET_CONFIG,
	[NL_IPVS_DAEMON_START] = IPVS_CMD_NEW_DAEMON,
	[NL_IPVS_DAEMON_STOP] = IPVS_CMD_DEL_DAEMON,
};

static int
new_msg(int family, uint8_t cmd, int flags, struct nl_msg **msgp)
{
	struct nl_msg *msg = nlmsg_alloc_size(NL_IPVS_MSG_SIZE);

	*msgp = NULL;
	if (msg == NULL)
		return -ENOMEM;
	if (genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags, cmd, IPVS_GENL_VERSION) ==
	    NULL) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	*msgp = msg;
	return 0;
}

/* A 16-byte address attribute: IPv4 in the first 4 bytes, the rest zero. */
static int
put_addr(struct nl_msg *msg, int type, int af, const uint8_t *addr)
{
	uint8_t buf[16] = {0};

	memcpy(buf, addr, nl_ipvs_addr_len(af));
	return nla_put(msg, type, sizeof(buf), buf);
}

/* What IPVS_SVC_ATTR_NETMASK carries for svc (see the file comment). */
static uint32_t
service_netmask(const struct nl_ipvs_service *svc)
{
	unsigned int prefix = svc->netmask;

	if (svc->af == AF_INET6)
		return prefix != 0 ? prefix : 128;
	if (prefix == 0 || prefix >= 32)
		return htonl(0xffffffffu);
	return htonl(0xffffffffu << (32 - prefix));
}

/* Nested IPVS_CMD_ATTR_SERVICE: the identity, plus the settings when full. */
static int
put_service(struct nl_msg *msg, const struct nl_ipvs_service *svc, bool full)
{
	struct nlattr *nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE);
	int bad = 0;

	if (nest == NULL)
		return -EMSGSIZE;
	bad |= nla_put_u16(msg, IPVS_SVC_ATTR_AF, (uint16_t)svc->af);
	if (svc->fwmark != 0) {
		bad |= nla_put_u32(msg, IPVS_SVC_ATTR_FWMARK, svc->fwmark);
	} else {
		bad |= nla_put_u16(msg, IPVS_SVC_ATTR_PROTOCOL, svc->protocol);
		bad |= put_addr(msg, IPVS_SVC_ATTR_ADDR, svc->af, svc->addr);
		bad |= nla_put_u16(msg, IPVS_SVC_ATTR_PORT, htons(svc->port));
	}
	if (full) {
		struct ip_vs_flags flags = {
			.flags = svc->flags & ~(uint32_t)IP_VS_SVC_F_HASHED,
			.mask = svc->flags_mask != 0 ? svc->flags_mask : 0xffffffffu,
		};

		bad |= nla_put_string(msg, IPVS_SVC_ATTR_SCHED_NAME, svc->sched_name);
		if (svc->pe_name[0] != '\0')
			bad |= nla_put_string(msg, IPVS_SVC_ATTR_PE_NAME, svc->pe_name);
		bad |= nla_put(msg, IPVS_SVC_ATTR_FLAGS, sizeof(flags), &flags);
		bad |= nla_put_u32(msg, IPVS_SVC_ATTR_TIMEOUT, svc->timeout);
		bad |= nla_put_u32(msg, IPVS_SVC_ATTR_NETMASK, service_netmask(svc));
	}
	if (bad)
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* Nested IPVS_CMD_ATTR_DEST: the identity, plus the settings when full. */
static int
put_dest(struct nl_msg *msg, const struct nl_ipvs_service *svc, const struct nl_ipvs_dest *d,
	 bool full)
{
	struct nlattr *nest = nla_nest_start(msg, IPVS_CMD_ATTR_DEST);
	int af = nl_ipvs_dest_af(svc, d);
	int bad = 0;

	if (nest == NULL)
		return -EMSGSIZE;
	bad |= nla_put_u16(msg, IPVS_DEST_ATTR_ADDR_FAMILY, (uint16_t)af);
	bad |= put_addr(msg, IPVS_DEST_ATTR_ADDR, af, d->addr);
	bad |= nla_put_u16(msg, IPVS_DEST_ATTR_PORT, htons(d->port));
	if (full) {
		bad |= nla_put_u32(msg, IPVS_DEST_ATTR_FWD_METHOD, d->fwd);
		bad |= nla_put_u32(msg, IPVS_DEST_ATTR_WEIGHT, (uint32_t)d->weight);
		bad |= nla_put_u32(msg, IPVS_DEST_ATTR_U_THRESH, d->u_threshold);
		bad |= nla_put_u32(msg, IPVS_DEST_ATTR_L_THRESH, d->l_threshold);
		if (d->fwd == NL_IPVS_FWD_TUNNEL) {
			bad |= nla_put_u8(msg, IPVS_DEST_ATTR_TUN_TYPE, d->tun_type);
			bad |= nla_put_u16(msg, IPVS_DEST_ATTR_TUN_PORT, htons(d->tun_port));
			bad |= nla_put_u16(msg, IPVS_DEST_ATTR_TUN_FLAGS, d->tun_flags);
		}
	}
	if (bad)
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* Top-level IPVS_CMD_ATTR_TIMEOUT_*, only those that change. */
static int
put_timeouts(struct nl_msg *msg, const struct nl_ipvs_timeouts *t)
{
	int bad = 0;

	if (t->tcp != 0)
		bad |= nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_TCP, t->tcp);
	if (t->tcp_fin != 0)
		bad |= nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, t->tcp_fin);
	if (t->udp != 0)
		bad |= nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_UDP, t->udp);
	return bad ? -EMSGSIZE : 0;
}

/* Nested IPVS_CMD_ATTR_DAEMON: the state only to stop, everything to start. */
static int
put_daemon(struct nl_msg *msg, const struct nl_ipvs_daemon *d, bool start)
{
	struct nlattr *nest = nla_nest_start(msg, IPVS_CMD_ATTR_DAEMON);
	int bad = 0;

	if (nest == NULL)
		return -EMSGSIZE;
	bad |= nla_put_u32(msg, IPVS_DAEMON_ATTR_STATE, d->state);
	if (start) {
		bad |= nla_put_string(msg, IPVS_DAEMON_ATTR_MCAST_IFN, d->ifname);
		bad |= nla_put_u32(msg, IPVS_DAEMON_ATTR_SYNC_ID, d->syncid);
		if (d->sync_maxlen != 0)
			bad |= nla_put_u16(msg, IPVS_DAEMON_ATTR_SYNC_MAXLEN, d->sync_maxlen);
		if (d->mcast_af == AF_INET)
			bad |= nla_put(msg, IPVS_DAEMON_ATTR_MCAST_GROUP, 4, d->mcast_group);
		else if (d->mcast_af == AF_INET6)
			bad |= nla_put(msg, IPVS_DAEMON_ATTR_MCAST_GROUP6, 16, d->mcast_group);
		if (d->mcast_port != 0)
			bad |= nla_put_u16(msg, IPVS_DAEMON_ATTR_MCAST_PORT, d->mcast_port);
		if (d->mcast_ttl != 0)
			bad |= nla_put_u8(msg, IPVS_DAEMON_ATTR_MCAST_TTL, d->mcast_ttl);
	}
	if (bad)
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int
put_op(struct nl_msg *msg, const struct nl_ipvs_op *op)
{
	int rc;

	switch (op->cmd) {
	case NL_IPVS_SERVICE_ADD:
	case NL_IPVS_SERVICE_EDIT:
		return put_service(msg, &op->svc, true);
	case NL_IPVS_SERVICE_DEL:
		return put_service(msg, &op->svc, false);
	case NL_IPVS_DEST_ADD:
	case NL_IPVS_DEST_EDIT:
	case NL_IPVS_DEST_DEL:
		rc = put_service(msg, &op->svc, false);
		if (rc == 0)
			rc = put_dest(msg, &op->svc, &op->dest, op->cmd != NL_IPVS_DEST_DEL);
		return rc;
	case NL_IPVS_FLUSH:
		return 0;
	case NL_IPVS_TIMEOUTS_SET:
		return put_timeouts(msg, &op->timeouts);
	case NL_IPVS_DAEMON_START:
	case NL_IPVS_DAEMON_STOP:
		return put_daemon(msg, &op->daemon, op->cmd == NL_IPVS_DAEMON_START);
	}
	return -EINVAL;
}

int
nl_ipvs_encode_op(int family, const struct nl_ipvs_op *op, struct nl_msg **msgp)
{
	int rc = nl_ipvs_op_check(op, NULL, 0);

	*msgp = NULL;
	if (rc < 0)
		return rc;
	rc = new_msg(family, op_cmd[op->cmd], NLM_F_REQUEST | NLM_F_ACK, msgp);
	if (rc < 0)
		return rc;
	rc = put_op(*msgp, op);
	if (rc < 0) {
		nlmsg_free(*msgp);
		*msgp = NULL;
	}
	return rc;
}

int
nl_ipvs_encode_get(int family, uint8_t cmd, bool dump, struct nl_msg **msgp)
{
	return new_msg(family, cmd, NLM_F_REQUEST | (dump ? NLM_F_DUMP : NLM_F_ACK), msgp);
}

int
nl_ipvs_encode_get_dests(int family, const struct nl_ipvs_service *svc, struct nl_msg **msgp)
{
	struct nl_ipvs_op op = {.cmd = NL_IPVS_SERVICE_DEL, .svc = *svc};
	int rc = nl_ipvs_op_check(&op, NULL, 0);

	*msgp = NULL;
	if (rc < 0)
		return rc;
	rc = new_msg(family, IPVS_CMD_GET_DEST, NLM_F_REQUEST | NLM_F_DUMP, msgp);
	if (rc == 0 && (rc = put_service(*msgp, svc, false)) < 0) {
		nlmsg_free(*msgp);
		*msgp = NULL;
	}
	return rc;
}

/* Decoding. The policies only check sizes: the kernel is trusted for the rest. */

static const struct nla_policy cmd_policy[IPVS_CMD_ATTR_MAX + 1] = {
	[IPVS_CMD_ATTR_SERVICE] = {.type = NLA_NESTED},
	[IPVS_CMD_ATTR_DEST] = {.type = NLA_NESTED},
	[IPVS_CMD_ATTR_DAEMON] = {.type = NLA_NESTED},
	[IPVS_CMD_ATTR_TIMEOUT_TCP] = {.type = NLA_U32},
	[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN] = {.type = NLA_U32},
	[IPVS_CMD_ATTR_TIMEOUT_UDP] = {.type = NLA_U32},
};

static const struct nla_policy svc_policy[IPVS_SVC_ATTR_MAX + 1] = {
	[IPVS_SVC_ATTR_AF] = {.type = NLA_U16},
	[IPVS_SVC_ATTR_PROTOCOL] = {.type = NLA_U16},
	[IPVS_SVC_ATTR_ADDR] = {.minlen = 16},
	[IPVS_SVC_ATTR_PORT] = {.type = NLA_U16},
	[IPVS_SVC_ATTR_FWMARK] = {.type = NLA_U32},
	[IPVS_SVC_ATTR_SCHED_NAME] = {.type = NLA_STRING},
	[IPVS_SVC_ATTR_FLAGS] = {.minlen = sizeof(struct ip_vs_flags)},
	[IPVS_SVC_ATTR_TIMEOUT] = {.type = NLA_U32},
	[IPVS_SVC_ATTR_NETMASK] = {.type = NLA_U32},
	[IPVS_SVC_ATTR_STATS] = {.type = NLA_NESTED},
	[IPVS_SVC_ATTR_PE_NAME] = {.type = NLA_STRING},
	[IPVS_SVC_ATTR_STATS64] = {.type = NLA_NESTED},
};

static const struct nla_policy dest_policy[IPVS_DEST_ATTR_MAX + 1] = {
	[IPVS_DEST_ATTR_ADDR] = {.minlen = 16},
	[IPVS_DEST_ATTR_PORT] = {.type = NLA_U16},
	[IPVS_DEST_ATTR_FWD_METHOD] = {.type = NLA_U32},
	[IPVS_DEST_ATTR_WEIGHT] = {.type = NLA_U32},
	[IPVS_DEST_ATTR_U_THRESH] = {.type = NLA_U32},
	[IPVS_DEST_ATTR_L_THRESH] = {.type = NLA_U32},
	[IPVS_DEST_ATTR_ACTIVE_CONNS] = {.type = NLA_U32},
	[IPVS_DEST_ATTR_INACT_CONNS] = {.type = NLA_U32},
	[IPVS_DEST_ATTR_PERSIST_CONNS] = {.type = NLA_U32},
	[IPVS_DEST_ATTR_STATS] = {.type = NLA_NESTED},
	[IPVS_DEST_ATTR_ADDR_FAMILY] = {.type = NLA_U16},
	[IPVS_DEST_ATTR_STATS64] = {.type = NLA_NESTED},
	[IPVS_DEST_ATTR_TUN_TYPE] = {.type = NLA_U8},
	[IPVS_DEST_ATTR_TUN_PORT] = {.type = NLA_U16},
	[IPVS_DEST_ATTR_TUN_FLAGS] = {.type = NLA_U16},
};

static const struct nla_policy info_policy[IPVS_INFO_ATTR_MAX + 1] = {
	[IPVS_INFO_ATTR_VERSION] = {.type = NLA_U32},
	[IPVS_INFO_ATTR_CONN_TAB_SIZE] = {.type = NLA_U32},
};

static uint32_t
get_u32(struct nlattr *nla)
{
	return nla != NULL ? nla_get_u32(nla) : 0;
}

/* Parses the nested attribute `which` of a reply into tb. */
static int
parse_nested(struct nlmsghdr *nlh, int which, struct nlattr **tb, int max,
	     const struct nla_policy *policy)
{
	struct nlattr *top[IPVS_CMD_ATTR_MAX + 1];

	if (genlmsg_parse(nlh, 0, top, IPVS_CMD_ATTR_MAX, cmd_policy) < 0 || top[which] == NULL)
		return -EINVAL;
	if (nla_parse_nested(tb, max, top[which], policy) < 0)
		return -EINVAL;
	return 0;
}

/* The prefix length of a netmask attribute; 0 for a full one (see netmask). */
static uint8_t
netmask_prefix(int af, uint32_t raw)
{
	uint32_t mask = ntohl(raw);
	uint8_t prefix = 0;

	if (af == AF_INET6)
		return raw >= 128 ? 0 : (uint8_t)raw;
	while (prefix < 32 && (mask & (0x80000000u >> prefix)) != 0)
		prefix++;
	return prefix == 32 ? 0 : prefix;
}

int
nl_ipvs_decode_service(struct nlmsghdr *nlh, struct nl_ipvs_service *svc)
{
	struct nlattr *tb[IPVS_SVC_ATTR_MAX + 1];
	struct ip_vs_flags flags;

	memset(svc, 0, sizeof(*svc));
	if (parse_nested(nlh, IPVS_CMD_ATTR_SERVICE, tb, IPVS_SVC_ATTR_MAX, svc_policy) < 0 ||
	    tb[IPVS_SVC_ATTR_AF] == NULL)
		return -EINVAL;
	svc->af = nla_get_u16(tb[IPVS_SVC_ATTR_AF]);
	svc->fwmark = get_u32(tb[IPVS_SVC_ATTR_FWMARK]);
	if (svc->fwmark == 0) {
		if (!tb[IPVS_SVC_ATTR_PROTOCOL] || !tb[IPVS_SVC_ATTR_ADDR] ||
		    !tb[IPVS_SVC_ATTR_PORT])
			return -EINVAL;
		svc->protocol = nla_get_u16(tb[IPVS_SVC_ATTR_PROTOCOL]);
		nla_memcpy(svc->addr, tb[IPVS_SVC_ATTR_ADDR], sizeof(svc->addr));
		svc->port = ntohs(nla_get_u16(tb[IPVS_SVC_ATTR_PORT]));
	}
	if (tb[IPVS_SVC_ATTR_SCHED_NAME] != NULL)
		nla_strlcpy(svc->sched_name, tb[IPVS_SVC_ATTR_SCHED_NAME], sizeof(svc->sched_name));
	if (tb[IPVS_SVC_ATTR_PE_NAME] != NULL)
		nla_strlcpy(svc->pe_name, tb[IPVS_SVC_ATTR_PE_NAME], sizeof(svc->pe_name));
	if (tb[IPVS_SVC_ATTR_FLAGS] != NULL) {
		nla_memcpy(&flags, tb[IPVS_SVC_ATTR_FLAGS], sizeof(flags));
		svc->flags = flags.flags & flags.mask;
	}
	svc->timeout = get_u32(tb[IPVS_SVC_ATTR_TIMEOUT]);
	if (tb[IPVS_SVC_ATTR_NETMASK] != NULL)
		svc->netmask = netmask_prefix(svc->af, nla_get_u32(tb[IPVS_SVC_ATTR_NETMASK]));
	return 0;
}

int
nl_ipvs_decode_dest(struct nlmsghdr *nlh, struct nl_ipvs_dest *d)
{
	struct nlattr *tb[IPVS_DEST_ATTR_MAX + 1];

	memset(d, 0, sizeof(*d));
	if (parse_nested(nlh, IPVS_CMD_ATTR_DEST, tb, IPVS_DEST_ATTR_MAX, dest_policy) < 0)
		return -EINVAL;
	if (!tb[IPVS_DEST_ATTR_ADDR] || !tb[IPVS_DEST_ATTR_PORT])
		return -EINVAL;
	if (tb[IPVS_DEST_ATTR_ADDR_FAMILY] != NULL)
		d->af = nla_get_u16(tb[IPVS_DEST_ATTR_ADDR_FAMILY]);
	nla_memcpy(d->addr, tb[IPVS_DEST_ATTR_ADDR], sizeof(d->addr));
	d->port = ntohs(nla_get_u16(tb[IPVS_DEST_ATTR_PORT]));
	d->fwd = get_u32(tb[IPVS_DEST_ATTR_FWD_METHOD]) & IP_VS_CONN_F_FWD_MASK;
	d->weight = (int32_t)get_u32(tb[IPVS_DEST_ATTR_WEIGHT]);
	d->u_threshold = get_u32(tb[IPVS_DEST_ATTR_U_THRESH]);
	d->l_threshold = get_u32(tb[IPVS_DEST_ATTR_L_THRESH]);
	d->active_conns = get_u32(tb[IPVS_DEST_ATTR_ACTIVE_CONNS]);
	d->inact_conns = get_u32(tb[IPVS_DEST_ATTR_INACT_CONNS]);
	d->persist_conns = get_u32(tb[IPVS_DEST_ATTR_PERSIST_CONNS]);
	if (tb[IPVS_DEST_ATTR_TUN_TYPE] != NULL)
		d->tun_type = nla_get_u8(tb[IPVS_DEST_ATTR_TUN_TYPE]);
	if (tb[IPVS_DEST_ATTR_TUN_PORT] != NULL)
		d->tun_port = ntohs(nla_get_u16(tb[IPVS_DEST_ATTR_TUN_PORT]));
	if (tb[IPVS_DEST_ATTR_TUN_FLAGS] != NULL)
		d->tun_flags = nla_get_u16(tb[IPVS_DEST_ATTR_TUN_FLAGS]);
	return 0;
}

int
nl_ipvs_decode_info(struct nlmsghdr *nlh, struct nl_ipvs_info *info)
{
	struct nlattr *tb[IPVS_INFO_ATTR_MAX + 1];

	memset(info, 0, sizeof(*info));
	if (genlmsg_parse(nlh, 0, tb, IPVS_INFO_ATTR_MAX, info_policy) < 0 ||
	    tb[IPVS_INFO_ATTR_VERSION] == NULL)
		return -EINVAL;
	info->version = nla_get_u32(tb[IPVS_INFO_ATTR_VERSION]);
	info->conn_tab_size = get_u32(tb[IPVS_INFO_ATTR_CONN_TAB_SIZE]);
	return 0;
}

int
nl_ipvs_decode_timeouts(struct nlmsghdr *nlh, struct nl_ipvs_timeouts *t)
{
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1];

	memset(t, 0, sizeof(*t));
	if (genlmsg_parse(nlh, 0, tb, IPVS_CMD_ATTR_MAX, cmd_policy) < 0 ||
	    tb[IPVS_CMD_ATTR_TIMEOUT_TCP] == NULL)
		return -EINVAL;
	t->tcp = nla_get_u32(tb[IPVS_CMD_ATTR_TIMEOUT_TCP]);
	t->tcp_fin = get_u32(tb[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN]);
	t->udp = get_u32(tb[IPVS_CMD_ATTR_TIMEOUT_UDP]);
	return 0;
}
