/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nl_rtnl_priv: what the libnl-backed parts of nl_rtnl share: conversion of
 * libnl-route-3 objects into our plain structs and libnl error mapping. Only
 * for the .c files in lib/nl; never include from outside lib/nl.
 */
#ifndef VIGIL_NL_RTNL_PRIV_H
#define VIGIL_NL_RTNL_PRIV_H

#include <stddef.h>

#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/socket.h>
#include <netlink/handlers.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

#include "nl/nl_rtnl.h"

/* Fills out from a parsed address; *flags gets the raw IFA_F_* bits. */
void nl_rtnl_addr_from_obj(struct rtnl_addr *obj, struct nl_addr_spec *out, unsigned *flags);
/* Fills out from a parsed link. */
void nl_rtnl_link_from_obj(struct rtnl_link *obj, struct nl_link_info *out);
/* A negative errno for a negative libnl (NLE_*) code. */
int nl_rtnl_nle_errno(int nle);
/* snprintf into err if err is not NULL. */
void nl_rtnl_errf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
