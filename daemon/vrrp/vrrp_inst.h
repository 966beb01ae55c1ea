/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_inst: one running VRRP instance. Wraps the instance's configuration
 * (borrowed from struct conf) with its runtime: the pure state machine, its
 * socket, timers, GARP/NA senders and the VIPs it owns in the kernel. It
 * implements the state machine's actions and feeds it timer and packet
 * events; it decides nothing about VRRP itself.
 */
#ifndef VIGIL_VRRP_INST_H
#define VIGIL_VRRP_INST_H

#include <stdbool.h>
#include <stdint.h>

#include "ev/ev.h"
#include "nl/nl_rtnl.h"
#include "vrrp/vrrp_arp.h"
#include "vrrp/vrrp_fsm.h"
#include "vrrp/vrrp_ndisc.h"
#include "vrrp/vrrp_params.h"
#include "vrrp/vrrp_pkt.h"
#include "vrrp/vrrp_sock.h"

struct conf;
struct conf_vrrp;
struct conf_notify;
struct conf_script;
struct notify_runner;
struct notify_fifo;
struct smtp;
struct vrrp_sync;
struct vrrp_fw;
struct vrrp_lvs_sync;

/* What every instance of the child shares. */
struct vrrp_env {
	struct ev_loop *loop;
	struct nl_rtnl *rtnl;
	struct notify_runner *notify;
	struct notify_fifo *fifo[2];	/* notify_fifo and vrrp_notify_fifo (either may be NULL) */
	struct smtp *smtp;		/* SMTP alerts (NULL: none) */
	struct vrrp_fw *fw;		/* no_accept drop rules (NULL: none) */
	struct vrrp_lvs_sync *lvs_sync; /* lvs_sync_daemon tied to an instance (NULL: none) */
	bool dont_release;		/* -V: keep VIPs on exit */
	const char *state_path;		/* the state record (vrrp_state.h), or NULL */
	/* Called after every state change of any instance (the engine saves the record). */
	void (*on_transition)(void *arg);
	void *on_transition_arg;
};

struct vrrp_inst {
	const struct conf_vrrp *conf; /* borrowed; replaced on reload */
	const struct vrrp_env *env;
	struct vrrp_params params;
	struct vrrp_fsm fsm;
	struct vrrp_actions act;
	struct vrrp_sock sock;
	struct vrrp_arp arp;
	struct vrrp_ndisc ndisc;
	int ifindex;
	uint8_t mac[6];
	struct vrrp_pkt_addr src; /* our advert source */
	struct ev_io rx_io;
	struct ev_timer timer;	    /* the FSM's single timer */
	struct ev_timer garp_timer; /* the delayed second GARP/NA burst */
	unsigned garp_repeat;	    /* burst size for garp_timer */
	/* A burst spaced by vrrp_garp_interval / vrrp_gna_interval (or garp_group's). */
	uint64_t garp_spacing_us; /* 0: a burst goes out at once */
	struct ev_timer gq_timer;
	size_t gq_sent, gq_total;
	uint32_t ah_seq; /* AH: our send counter and the replay floor */
	bool ah_cycled;	 /* AH: the counter reached its end (vrrp_pkt_ah_seq_next) */
	uint16_t ip_id;
	bool ndisc_router; /* NA Router flag: the interface forwards IPv6 */
	bool stopping;
	bool fw_drop;				   /* its no_accept drop rules are in vrrp_fw */
	struct vrrp_sync *sync;			   /* the instance's sync group, or NULL */
	bool track_fault;			   /* its own tracking's last verdict */
	uint64_t rx_reason[VRRP_PKT_REASON_COUNT]; /* received adverts by verdict */
	uint64_t rx_other_vrid;
};

/*
 * Starts instance v: resolves its interface and source address, opens its
 * sockets and enters the state machine (INIT -> BACKUP, or MASTER for an
 * address owner). Returns 0, or -1 with a message in err (nothing is left
 * open). vi must stay at a fixed address until vrrp_inst_free().
 */
int vrrp_inst_start(struct vrrp_inst *vi, const struct vrrp_env *env, const struct conf *conf,
		    const struct conf_vrrp *v, char *err, size_t errlen);
/*
 * Applies a tracking verdict: fault enters (or leaves) FAULT, delta moves the
 * effective priority to the configured one plus delta (clamped to 1..254;
 * an address owner's 255 never moves).
 */
void vrrp_inst_track_update(struct vrrp_inst *vi, bool fault, int delta);
/* The notify_master/backup/fault/stop script of n for state, or NULL. */
const struct conf_script *vrrp_notify_script(const struct conf_notify *n, enum vrrp_state state);
/*
 * Reload identity (keepalived's): VRID, family, interface, unicast or not,
 * and the unicast source or the multicast group.
 */
bool vrrp_inst_same_identity(const struct conf_vrrp *a, const struct conf_vrrp *b);
/*
 * Reload pass 1 (every instance first): a master removes VIPs v no longer
 * has, but those another master on its interface keeps: held[0..nheld) are
 * the new configurations of the masters (NULL entries are skipped).
 */
void vrrp_inst_reload_remove(struct vrrp_inst *vi, const struct conf_vrrp *v,
			     const struct conf_vrrp *const *held, size_t nheld);
/*
 * Reload pass 2: a master adds v's new VIPs (with GARP/NA for those only),
 * but not those a master on its interface already held: held[0..nheld) are
 * the masters' old configurations. The instance adopts v without a state
 * change. Returns 0, or -1 with err (the instance then keeps running on its
 * old configuration).
 */
int vrrp_inst_reload_apply(struct vrrp_inst *vi, const struct conf *conf, const struct conf_vrrp *v,
			   const struct conf_vrrp *const *held, size_t nheld, char *err,
			   size_t errlen);
/* Shutdown: a master sends priority 0 and releases its VIPs (unless -V). */
void vrrp_inst_shutdown(struct vrrp_inst *vi);
/* Closes everything; the instance's addresses are left as they are. */
void vrrp_inst_free(struct vrrp_inst *vi);

#endif
