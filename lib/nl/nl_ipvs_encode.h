/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nl_ipvs_encode: the pure layer of the IPVS client. Builds one generic
 * netlink message (libnl struct nl_msg, seq and port left 0) per operation and
 * decodes the kernel's replies into plain structs. No sockets, no I/O: the
 * unit tests compare its output byte by byte with hand-built messages.
 */
#ifndef VIGIL_NL_IPVS_ENCODE_H
#define VIGIL_NL_IPVS_ENCODE_H

#include <stdbool.h>
#include <stdint.h>

#include <netlink/msg.h>
#include <netlink/attr.h>

#include "nl/nl_ipvs.h"

/* Room for the largest request (a destination of a service: about 170 bytes). */
#define NL_IPVS_MSG_SIZE 512

/*
 * Each encoder stores an owned message (nlmsg_free()) in *msgp and returns
 * 0, -EINVAL / -EAFNOSUPPORT for an operation nl_ipvs_op_check() refuses, or
 * -ENOMEM / -EMSGSIZE. family is the resolved id of "IPVS". Changes and
 * GET_INFO / GET_CONFIG carry NLM_F_ACK; dumps carry NLM_F_DUMP.
 */
int nl_ipvs_encode_op(int family, const struct nl_ipvs_op *op, struct nl_msg **msgp);
/* IPVS_CMD_GET_INFO, IPVS_CMD_GET_CONFIG, or IPVS_CMD_GET_SERVICE with dump. */
int nl_ipvs_encode_get(int family, uint8_t cmd, bool dump, struct nl_msg **msgp);
/* IPVS_CMD_GET_DEST dump of the real servers of svc. */
int nl_ipvs_encode_get_dests(int family, const struct nl_ipvs_service *svc, struct nl_msg **msgp);

/*
 * Decoders of one reply message (a dump entry, or the answer to GET_INFO /
 * GET_CONFIG): 0, or -EINVAL when an attribute is missing or malformed.
 */
int nl_ipvs_decode_service(struct nlmsghdr *nlh, struct nl_ipvs_service *svc);
int nl_ipvs_decode_dest(struct nlmsghdr *nlh, struct nl_ipvs_dest *d);
int nl_ipvs_decode_info(struct nlmsghdr *nlh, struct nl_ipvs_info *info);
int nl_ipvs_decode_timeouts(struct nlmsghdr *nlh, struct nl_ipvs_timeouts *t);

#endif
