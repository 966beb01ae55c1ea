/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_vrrp: the VRRP side of the configuration model: addresses, routes
 * and rules (virtual and static), track scripts and files, sync groups,
 * GARP groups and VRRP instances. Plain data owned by struct conf; the
 * VRRP child wraps these in its runtime objects and never writes to them.
 */
#ifndef VIGIL_DAEMON_CONF_VRRP_H
#define VIGIL_DAEMON_CONF_VRRP_H

#include "conf/conf_model.h"

/* brd on an address line. */
enum conf_brd {
	CONF_BRD_NONE,
	CONF_BRD_ADDR, /* brd ADDR */
	CONF_BRD_SET,  /* brd +: host bits set */
	CONF_BRD_CLEAR /* brd -: host bits cleared */
};

/* One virtual_ipaddress / virtual_ipaddress_excluded / static_ipaddress line. */
struct conf_ipaddr {
	struct conf_prefix addr; /* len defaults to 32 / 128 */
	enum conf_brd brd;
	struct conf_addr brd_addr;
	char *dev;	/* resolved: instance interface or default_interface */
	unsigned scope; /* RT_SCOPE_*, default 0 (global) */
	char *label;
	struct conf_prefix peer; /* family AF_UNSPEC when unset */
	bool home, nodad, mngtmpaddr, noprefixroute, autojoin, no_track;
	bool use_vmac;
	int preferred_lft; /* -1: default, -2: forever, else seconds */
	char *track_group; /* static addresses only */
	struct conf_loc loc;
};

/* An iproute2 option kept as written: "mtu lock 1400", "realms 1/2". */
struct conf_ipopt {
	char *name;
	struct conf_strlist args;
};

struct conf_nexthop {
	struct conf_addr via;
	char *dev;
	unsigned weight; /* 0: unset */
	bool onlink;
};

/* One virtual_routes / static_routes line. */
struct conf_route {
	char *type; /* NULL: unicast; blackhole, unreachable, prohibit, ... */
	struct conf_prefix dst;
	struct conf_prefix src; /* "src" (preferred source) */
	struct conf_addr via;
	char *dev;
	char *table;	 /* name or number as written; NULL = main */
	unsigned metric; /* CONF_UNSET_UINT when unset */
	unsigned scope;	 /* CONF_UNSET_UINT when unset */
	char *protocol;	 /* NULL: keepalived's */
	bool onlink;
	struct conf_nexthop *nexthops; /* multipath ("nexthop", or the old "or") */
	size_t nnexthops;
	struct conf_ipopt *opts; /* other iproute2 options, validated names */
	size_t nopts;
	bool no_track;
	char *track_group;
	bool inet6;
	struct conf_loc loc;
};

/* One virtual_rules / static_rules line. */
struct conf_rule {
	bool not_;
	struct conf_prefix from, to; /* family AF_UNSPEC when absent */
	unsigned preference;	     /* CONF_UNSET_UINT: assigned by the daemon */
	char *table;
	struct conf_ipopt *opts; /* iif, oif, fwmark, tos, goto, ... as written */
	size_t nopts;
	bool no_track;
	char *track_group;
	bool inet6;
	struct conf_loc loc;
};

struct conf_iplist {
	struct conf_ipaddr *v;
	size_t n;
};

struct conf_routelist {
	struct conf_route *v;
	size_t n;
};

struct conf_rulelist {
	struct conf_rule *v;
	size_t n;
};

/* vrrp_script NAME { } */
struct conf_vrrp_script {
	char *name;
	struct conf_script *script;
	uint64_t interval_us; /* default 1 s */
	uint64_t timeout_us;  /* default = interval */
	int weight;	      /* -253..253, default 0 (fault on failure) */
	bool weight_reverse;
	unsigned rise, fall; /* default 1 */
	char *user, *group;
	bool init_fail;
	struct conf_loc loc;
};

/* track_file NAME { } (vrrp_track_file is the old name) */
struct conf_track_file {
	char *name;
	char *file;
	int weight; /* default 1 */
	bool weight_reverse;
	bool init_file;
	long init_value;
	bool init_overwrite;
	struct conf_loc loc;
};

/* An entry of a track_interface / track_script / track_file block. */
struct conf_track {
	char *name;
	int weight; /* resolved: scripts and files inherit their own weight */
	bool reverse;
	struct conf_loc loc;
};

struct conf_tracklist {
	struct conf_track *v;
	size_t n;
};

/* Notify scripts shared by instances and sync groups. */
struct conf_notify {
	struct conf_script *master, *backup, *fault, *stop, *any;
	struct conf_script *deleted;		 /* notify_deleted CMD */
	bool deleted_set;			 /* notify_deleted given (with or without CMD) */
	struct conf_script *master_rx_lower_pri; /* instances only */
};

/* vrrp_sync_group NAME { } */
struct conf_sync_group {
	char *name;
	struct conf_strlist instances;
	struct conf_tracklist track_if, track_script, track_file;
	struct conf_notify notify;
	int smtp_alert;			 /* resolved 0/1 */
	int notify_priority_changes;	 /* resolved 0/1 */
	bool sync_group_tracking_weight; /* also global_tracking (old name) */
	struct conf_rawlist unsupported;
	struct conf_loc loc;
};

/* garp_group { } */
struct conf_garp_group {
	uint64_t garp_interval_us, gna_interval_us;
	struct conf_strlist interfaces; /* "interface IF" or "interfaces { }" */
	struct conf_loc loc;
};

enum conf_vrrp_state {
	CONF_VRRP_STATE_UNSET,
	CONF_VRRP_STATE_BACKUP,
	CONF_VRRP_STATE_MASTER,
};

enum conf_auth_type {
	CONF_AUTH_NONE,
	CONF_AUTH_PASS,
	CONF_AUTH_AH,
};

struct conf_unicast_peer {
	struct conf_addr addr;
	int min_ttl, max_ttl; /* -1: unset */
	struct conf_loc loc;
};

enum conf_ipvlan_mode {
	CONF_IPVLAN_BRIDGE,
	CONF_IPVLAN_PRIVATE,
	CONF_IPVLAN_VEPA,
};

/* vrrp_instance NAME { } — after validation every field is resolved. */
struct conf_vrrp {
	char *name;
	enum conf_vrrp_state state; /* resolved: BACKUP or MASTER */
	char *ifname;		    /* NULL only with unicast peers */
	char *vrf;
	unsigned vrid;
	unsigned priority;	/* 1..255; 255 when MASTER and unset, else 100 */
	uint64_t advert_int_us; /* rounded: v2 whole seconds, v3 centiseconds */
	unsigned version;	/* 2 or 3 */
	int family;		/* AF_INET or AF_INET6, from the VIPs */
	bool native_ipv6;	/* old keyword: force IPv6 */

	/* addresses */
	struct conf_iplist vips, evips;
	struct conf_routelist vroutes;
	struct conf_rulelist vrules;
	bool promote_secondaries;
	struct conf_addr src_ip; /* mcast_src_ip / unicast_src_ip */
	struct conf_addr mcast_dst_ip;
	bool track_src_ip;
	struct conf_unicast_peer *peers;
	size_t npeers;
	bool unicast_fault_no_peer, check_unicast_src;
	int unicast_ttl;	  /* CONF_UNSET_INT: kernel default */
	int old_unicast_checksum; /* 0 off, 1 on, 2 never */

	/* vmac / ipvlan */
	bool use_vmac;
	char *vmac_ifname;
	char *vmac_mac; /* as written */
	bool use_vmac_addr, vmac_xmit_base;
	bool use_ipvlan;
	char *ipvlan_ifname;
	struct conf_prefix ipvlan_addr;
	enum conf_ipvlan_mode ipvlan_mode;

	/* election */
	bool nopreempt;
	uint64_t preempt_delay_us;
	int accept;		 /* resolved 0/1 */
	int strict_mode;	 /* resolved 0/1 */
	int skip_check_adv_addr; /* resolved 0/1 */
	enum conf_auth_type auth_type;
	char *auth_pass; /* secret; at most 8 characters */
	unsigned down_timer_adverts;
	int lower_prio_no_advert, higher_prio_send_advert; /* resolved 0/1 */

	/* gratuitous ARP / NA */
	unsigned garp_master_delay, garp_master_repeat, garp_master_refresh;
	unsigned garp_master_refresh_repeat, garp_lower_prio_delay, garp_lower_prio_repeat;
	unsigned garp_extra_if;
	bool garp_extra_if_all;

	/* tracking */
	bool dont_track_primary;
	struct conf_tracklist track_if, track_script, track_file;
	bool linkbeat_use_polling;

	/* notification */
	struct conf_notify notify;
	int smtp_alert;		     /* resolved 0/1 */
	int notify_priority_changes; /* resolved 0/1 */

	unsigned kernel_rx_buf_size; /* CONF_UNSET_UINT: default */
	unsigned debug;		     /* CONF_UNSET_UINT; unused, as in keepalived */
	char *sync_group;	     /* set by validation: the group this instance is in */

	struct conf_rawlist unsupported;
	struct conf_loc loc;
};

#endif
