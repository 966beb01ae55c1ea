/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_firewall: no-accept mode (RFC 5798 Accept_Mode = False, keepalived's
 * `no_accept` and the default of `vrrp_strict`). While an instance without
 * `accept` (and not the address owner) is MASTER, traffic addressed to its
 * VIPs and eVIPs is dropped, and so is traffic sent from them; neighbour
 * solicitations and adverts still pass. The rules live in an nftables table
 * of vigil's own, `inet vigil`, rewritten as a whole by one `nft` run per
 * change (atomic and idempotent) through lib/util/spawn and removed when no
 * instance needs it. It must not fork itself, decide VRRP state, or touch any
 * other table.
 */
#ifndef VIGIL_VRRP_FIREWALL_H
#define VIGIL_VRRP_FIREWALL_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ev/ev.h"

#define VRRP_FW_TABLE "vigil" /* the nftables table: inet vigil */

struct conf_iplist;
struct vrrp_fw;

/* One address to protect; ifname is used for IPv6 link-local addresses only. */
struct vrrp_fw_addr {
	int family; /* AF_INET or AF_INET6 */
	uint8_t addr[16];
	char ifname[IF_NAMESIZE];
};

/*
 * Renders the nft script that makes table inet vigil drop exactly the n
 * addresses a (none: the table is deleted). Pure. Returns an owned string.
 */
char *vrrp_fw_render(const struct vrrp_fw_addr *a, size_t n);

/* A firewall driver for the loop; runs nothing until asked. */
struct vrrp_fw *vrrp_fw_new(struct ev_loop *loop);
/*
 * Owner key (an instance) now needs its addresses vips and evips dropped;
 * ifname is the instance's interface (for link-local VIPs without a dev).
 * Replaces what key had; schedules an nft run when the table changes.
 */
void vrrp_fw_set(struct vrrp_fw *fw, const void *key, const struct conf_iplist *vips,
		 const struct conf_iplist *evips, const char *ifname);
/* key no longer needs rules (it left MASTER, or stops). */
void vrrp_fw_clear(struct vrrp_fw *fw, const void *key);
/* Start-up: remove whatever table a predecessor left, then apply the current set. */
void vrrp_fw_reset(struct vrrp_fw *fw);
/* An nft run is in flight or queued (the child waits for it before exiting). */
bool vrrp_fw_busy(const struct vrrp_fw *fw);
/* Forgets everything (a running nft is killed: its transaction is all or nothing). */
void vrrp_fw_free(struct vrrp_fw *fw);

#endif
