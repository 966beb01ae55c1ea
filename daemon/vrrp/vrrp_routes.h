/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_routes: the kernel side of address and route lines that are not an
 * instance's VIPs: virtual_routes (owned by a master), static_ipaddress and
 * static_routes (owned by the VRRP child for its whole life). Translates the
 * model's lines into rtnetlink specs and applies lists or their differences.
 */
#ifndef VIGIL_VRRP_ROUTES_H
#define VIGIL_VRRP_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

#include "nl/nl_rtnl.h"

struct conf_route;
struct conf_routelist;
struct conf_iplist;

/*
 * Fills out for route line r. Returns 0, or -1 with err for what vigil does
 * not program yet (multipath nexthops, iproute2 options such as mtu/realms)
 * or an unknown table/protocol name.
 */
int vrrp_route_spec(struct nl_rtnl *rt, const struct conf_route *r, struct nl_route_spec *out,
		    char *err, size_t errlen);
/*
 * Adds (or removes) every route of l that is not in except (NULL: none).
 * "Already there" on add and "already gone" on delete are fine; other
 * failures are logged with who ("(VI_1)", "static_routes").
 */
void vrrp_routes_apply(struct nl_rtnl *rt, const struct conf_routelist *l,
		       const struct conf_routelist *except, bool add, const char *who);
/* The same for address lines whose dev names their interface (static_ipaddress). */
void vrrp_addrs_apply(struct nl_rtnl *rt, const struct conf_iplist *l,
		      const struct conf_iplist *except, bool add, const char *who);

#endif
