/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_params: derive what one VRRP instance runs with from the config
 * model: the state machine's config, the packet codec's parameters and the
 * kernel address specs of its VIPs. Pure: no sockets, no logging; the only
 * input beyond the model is the instance's own primary address.
 */
#ifndef VIGIL_VRRP_PARAMS_H
#define VIGIL_VRRP_PARAMS_H

#include <stddef.h>

#include "nl/nl_rtnl.h"
#include "vrrp/vrrp_fsm.h"
#include "vrrp/vrrp_pkt.h"

struct conf;
struct conf_vrrp;
struct conf_ipaddr;

struct vrrp_params {
	struct vrrp_fsm_config fsm;
	struct vrrp_pkt_params pkt; /* pkt.vips and pkt.peers point into the arrays below */
	struct vrrp_pkt_addr *vips; /* owned: the VIPs of the instance's family, in order */
	size_t nvips;
	struct vrrp_pkt_peer *peers; /* owned */
	size_t npeers;
	struct vrrp_pkt_addr mcast_dst; /* where multicast adverts go */
	int unicast_ttl;		/* -1: default (255) */
};

/*
 * Fills out from instance v of conf. primary is the address adverts are sent
 * from (mcast_src_ip / unicast_src_ip, else the interface's primary address).
 * Returns 0, or -1 with a message in err (e.g. no VIP of the instance's family).
 * Free with vrrp_params_free().
 */
int vrrp_params_from_conf(const struct conf *conf, const struct conf_vrrp *v,
			  const struct vrrp_pkt_addr *primary, struct vrrp_params *out, char *err,
			  size_t errlen);
void vrrp_params_free(struct vrrp_params *p);

/*
 * The kernel spec for one VIP line on ifindex (the line's own dev is resolved
 * by the caller). IPv6 VIPs are added without DAD unless the line says
 * -nodad (keepalived's spelling for "do DAD").
 */
void vrrp_params_addr_spec(const struct conf_ipaddr *a, int ifindex, struct nl_addr_spec *out);

#endif
