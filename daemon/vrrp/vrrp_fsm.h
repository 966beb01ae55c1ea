/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_fsm: the VRRP state machine of one instance (RFC 5798 section 6.4,
 * RFC 3768 for VRRPv2), with keepalived's extensions (nopreempt,
 * preempt_delay, down_timer_adverts, split-brain healing on lower priority
 * adverts). Pure: input is events carrying `now`, output is calls through
 * struct vrrp_actions. It must not log, do I/O, read clocks or use globals.
 */
#ifndef VIGIL_VRRP_FSM_H
#define VIGIL_VRRP_FSM_H

#include <stdbool.h>
#include <stdint.h>

#define VRRP_PRIO_OWNER		    255 /* address owner (RFC 5798 5.2.4) */
#define VRRP_PRIO_STOP		    0	/* "stop participating" (RFC 5798 5.2.4) */
#define VRRP_FSM_DOWN_TIMER_ADVERTS 3	/* RFC value of down_timer_adverts */

/* STOP is entered on SHUTDOWN only; it exists so notifies can say "STOP". */
enum vrrp_state {
	VRRP_STATE_INIT,
	VRRP_STATE_BACKUP,
	VRRP_STATE_MASTER,
	VRRP_STATE_FAULT,
	VRRP_STATE_STOP,
	VRRP_STATE_COUNT
};

enum vrrp_fsm_event_type {
	VRRP_FSM_EV_STARTUP,	      /* leave INIT (or STOP): RFC 5798 6.4.1 */
	VRRP_FSM_EV_ADVER_TIMER,      /* the single timer expired (adver or master-down) */
	VRRP_FSM_EV_ADVERT_RX,	      /* a validated advert: u.advert */
	VRRP_FSM_EV_FAULT,	      /* interface / weight-0 tracker down */
	VRRP_FSM_EV_FAULT_CLEARED,    /* every fault reason cleared */
	VRRP_FSM_EV_PRIORITY_CHANGED, /* tracking weights: u.priority = new effective */
	VRRP_FSM_EV_SHUTDOWN,	      /* daemon stops: priority 0 if master, release */
	VRRP_FSM_EV_ADMIN,	      /* u.admin */
	VRRP_FSM_EV_COUNT
};

enum vrrp_fsm_admin_op {
	VRRP_FSM_ADMIN_GOTO_MASTER, /* BACKUP: become master now (sync group agreed) */
	VRRP_FSM_ADMIN_GOTO_BACKUP, /* MASTER: step down quietly (sync group member lost) */
	VRRP_FSM_ADMIN_RELEASE,	    /* MASTER: a VIP was deleted under us: priority 0,
				       release, BACKUP with a Skew_Time down timer */
	VRRP_FSM_ADMIN_RELOAD	    /* any state: adopt u.admin.config (reload) */
};

/* An address as bytes in network order; family is AF_INET or AF_INET6. */
struct vrrp_fsm_addr {
	int family;
	uint8_t bytes[16]; /* IPv4 uses the first 4 */
};

/* What the FSM needs of a received advert, already validated by the codec. */
struct vrrp_fsm_advert {
	unsigned priority;	    /* 0..255 */
	uint64_t adver_int_us;	    /* v3: the advert's interval; v2: ignored */
	struct vrrp_fsm_addr saddr; /* sender's primary address */
};

struct vrrp_fsm_event {
	enum vrrp_fsm_event_type type;
	uint64_t now; /* monotonic microseconds */
	union {
		struct vrrp_fsm_advert advert; /* ADVERT_RX */
		unsigned priority;	       /* PRIORITY_CHANGED */
		struct {
			enum vrrp_fsm_admin_op op;
			const struct vrrp_fsm_config *config; /* RELOAD: copied */
		} admin;
	} u;
};

/* Config-derived parameters (plain data, copied by vrrp_fsm_init). */
struct vrrp_fsm_config {
	unsigned priority;		 /* configured 1..255; 255 = address owner */
	bool init_master;		 /* "state MASTER": immediate only at 255 */
	bool resume_master;		 /* startup: a crashed predecessor was MASTER and its
					    VIPs are still in place: take over at once */
	unsigned version;		 /* 2 or 3 */
	uint64_t adver_int_us;		 /* Advertisement_Interval, > 0 */
	unsigned down_timer_adverts;	 /* 1..100; 0 means 3 */
	bool nopreempt;			 /* Preempt_Mode = False */
	uint64_t preempt_delay_us;	 /* 0: none */
	struct vrrp_fsm_addr saddr;	 /* our primary address, for ties */
	bool lower_prio_no_advert;	 /* master: no advert after a lower one */
	bool higher_prio_send_advert;	 /* master: advert before yielding */
	unsigned garp_master_repeat;	 /* burst on becoming master (0: none) */
	uint64_t garp_master_delay_us;	 /* second burst after that (0: none) */
	unsigned garp_lower_prio_repeat; /* burst after a lower advert (0: none) */
	uint64_t garp_lower_prio_delay_us;
	uint64_t garp_master_refresh_us; /* periodic burst while master (0: off) */
	unsigned garp_master_refresh_repeat;
};

/*
 * The outputs. Every pointer may be NULL (the call is skipped); ctx is passed
 * back untouched. Calls happen synchronously inside the vrrp_fsm_* functions
 * and must not re-enter the FSM.
 */
struct vrrp_actions {
	void *ctx;
	void (*send_advert)(void *ctx, unsigned priority);
	void (*vips_add)(void *ctx);
	/* Remove VIPs (absent ones are fine) and cancel pending GARP/NA bursts. */
	void (*vips_del)(void *ctx);
	/* GARP/NA burst of `repeat` per VIP now, and again after delay_us if > 0. */
	void (*garp)(void *ctx, unsigned repeat, uint64_t delay_us);
	/* Notify scripts, FIFO, SMTP for the state just entered (after its actions). */
	void (*notify)(void *ctx, enum vrrp_state state);
	void (*notify_master_rx_lower_pri)(void *ctx);
	/* Called exactly once per state change, before the new state's actions:
	 * the adapter logs "(VI_1) Entering MASTER STATE" and drives sync groups. */
	void (*transition)(void *ctx, enum vrrp_state from, enum vrrp_state to);
	/* Optional sync-group veto; NULL means yes. Asked before taking over. */
	bool (*may_become_master)(void *ctx);
	/* The instance's single timer: (re)arm at an absolute time, or cancel. */
	void (*set_timer)(void *ctx, uint64_t at_us);
	void (*cancel_timer)(void *ctx);
};

struct vrrp_fsm_stats {
	uint64_t entered[VRRP_STATE_COUNT]; /* transitions into each state */
	uint64_t adverts_sent, adverts_rcvd;
	uint64_t pri_zero_sent, pri_zero_rcvd;
	uint64_t become_master, release_master;
	uint64_t lower_prio_rcvd; /* as master: lower adverts (split brain) */
	uint64_t addr_conflicts;  /* equal priority, address not comparable */
	uint64_t events_ignored;  /* no handler for (state, event), or stale timer */
};

struct vrrp_fsm {
	struct vrrp_fsm_config cfg;
	const struct vrrp_actions *act;

	enum vrrp_state state;
	unsigned effective_priority;  /* 1..255 */
	uint64_t master_adver_int_us; /* RFC 5798 6.1: learned from the master (v3) */
	uint64_t skew_time_us;	      /* RFC 5798 6.1 */
	uint64_t master_down_interval_us;
	uint64_t next_timer_us;	       /* the armed deadline; 0: none */
	bool preempt_armed;	       /* preempt_delay window running */
	uint64_t preempt_deadline_us;  /* lower adverts accepted until then */
	bool wants_master;	       /* down timer expired, sync group vetoed */
	uint64_t next_garp_refresh_us; /* 0: none */
	unsigned master_priority;      /* last accepted master's priority */
	struct vrrp_fsm_stats stats;
};

/*
 * Sets up fsm in INIT from cfg (copied) with the given actions (borrowed:
 * must outlive fsm). No action is called. Returns 0, or -EINVAL for a
 * config the FSM cannot run (version, priority, interval out of range).
 */
int vrrp_fsm_init(struct vrrp_fsm *fsm, const struct vrrp_fsm_config *cfg,
		  const struct vrrp_actions *act);

/* Feeds one event. Returns 0, or -EINVAL for a malformed event. */
int vrrp_fsm_handle(struct vrrp_fsm *fsm, const struct vrrp_fsm_event *ev);

/* Convenience wrappers around vrrp_fsm_handle(). */
int vrrp_fsm_startup(struct vrrp_fsm *fsm, uint64_t now);
int vrrp_fsm_timer_expired(struct vrrp_fsm *fsm, uint64_t now);
int vrrp_fsm_advert_rx(struct vrrp_fsm *fsm, uint64_t now, const struct vrrp_fsm_advert *adv);
int vrrp_fsm_fault(struct vrrp_fsm *fsm, uint64_t now);
int vrrp_fsm_fault_cleared(struct vrrp_fsm *fsm, uint64_t now);
int vrrp_fsm_priority_changed(struct vrrp_fsm *fsm, uint64_t now, unsigned priority);
int vrrp_fsm_shutdown(struct vrrp_fsm *fsm, uint64_t now);
int vrrp_fsm_admin(struct vrrp_fsm *fsm, uint64_t now, enum vrrp_fsm_admin_op op,
		   const struct vrrp_fsm_config *config);

/* RFC 5798 6.1 timers for a priority and Master_Adver_Interval (v2: RFC 3768 6.1). */
uint64_t vrrp_fsm_skew_time(unsigned version, unsigned priority, uint64_t master_adver_int_us);
uint64_t vrrp_fsm_master_down_interval(unsigned version, unsigned priority,
				       uint64_t master_adver_int_us, unsigned down_timer_adverts);

/*
 * How a received advert compares with us as a master would judge it: > 0 it
 * wins (higher priority, or equal and a higher address), < 0 it loses, 0 a
 * tie (our own address). Pure; for adapters that act on the verdict too.
 */
int vrrp_fsm_advert_compare(const struct vrrp_fsm *fsm, const struct vrrp_fsm_advert *adv);

/* "INIT", "BACKUP", "MASTER", "FAULT", "STOP" (keepalived's spelling). */
const char *vrrp_fsm_state_name(enum vrrp_state state);

#endif
