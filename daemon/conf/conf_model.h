/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_model: the plain-data configuration model shared by every part of
 * the daemon: addresses, scripts, global_defs and the top-level struct conf.
 * The VRRP side is in conf_vrrp.h, the IPVS side in conf_lvs.h. Everything
 * here is owned by the struct conf it hangs from and is immutable once
 * conf_load() returns; nothing here holds an fd, a timer or a pid.
 *
 * Conventions: times are microseconds (uint64_t, "_us"); a string is NULL
 * when unset; after conf_load() every inherited value is resolved.
 */
#ifndef VIGIL_DAEMON_CONF_MODEL_H
#define VIGIL_DAEMON_CONF_MODEL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sentinels for "not configured" while parsing; resolved by validation. */
#define CONF_UNSET_INT	(-2147483647 - 1)
#define CONF_UNSET_UINT 0xffffffffu
#define CONF_UNSET_U64	UINT64_MAX
#define CONF_UNSET_TRI	(-1)

/* Where a configuration object was written. */
struct conf_loc {
	const char *file; /* owned by struct conf */
	unsigned line;
};

struct conf_addr {
	int family; /* AF_UNSPEC when unset, AF_INET or AF_INET6 */
	union {
		struct in_addr in4;
		struct in6_addr in6;
	} u;
};

struct conf_prefix {
	struct conf_addr addr;
	unsigned len; /* 0..32 or 0..128 */
};

struct conf_strlist {
	char **v;
	size_t n;
};

/* A command the daemon runs: notify scripts, vrrp_script, misc_path. */
struct conf_script {
	char *cmd;   /* the command line as configured, one string */
	char **argv; /* cmd split into words (single/double quotes group), NULL-terminated */
	size_t argc;
	char *user;  /* NULL: global script_user */
	char *group; /* NULL: the user's primary group */
	struct conf_loc loc;
};

/* An uninterpreted statement kept for the dump (keywords vigil does not support). */
struct conf_raw {
	char **argv;
	size_t argc;
	bool block;
	struct conf_raw *children;
	size_t nchildren;
	struct conf_loc loc;
};

struct conf_rawlist {
	struct conf_raw *v;
	size_t n;
};

struct conf_fifo {
	char *path; /* NULL: no FIFO */
	char *user;
	char *group;
	struct conf_script *script;
};

/* Per-child process tuning (vrrp_*, checker_* in global_defs). */
struct conf_sched {
	int priority;		   /* nice -20..19 */
	bool no_swap;		   /* mlockall */
	unsigned rt_priority;	   /* 0 = no realtime scheduling, 1..99 */
	uint64_t rlimit_rttime_us; /* RLIMIT_RTTIME when realtime */
	struct conf_strlist cpu_affinity;
};

enum conf_lvs_flush_stop {
	CONF_LVS_FLUSH_STOP_NONE,
	CONF_LVS_FLUSH_STOP_ALL, /* lvs_flush_on_stop */
	CONF_LVS_FLUSH_STOP_VS,	 /* lvs_flush_on_stop VS */
};

struct conf_lvs_syncd {
	char *ifname;		/* NULL: no sync daemon */
	char *vrrp_instance;	/* NULL: run master and backup daemons always */
	unsigned syncid;	/* CONF_UNSET_UINT: the instance's VRID, else 0 */
	unsigned maxlen;	/* 0: kernel default */
	unsigned port;		/* default 8848 */
	unsigned ttl;		/* 0: kernel default */
	struct conf_addr group; /* default 224.0.0.81 */
	struct conf_loc loc;
};

struct conf_lvs_timeouts {
	unsigned tcp, tcpfin, udp; /* seconds; 0 = leave unchanged */
};

enum conf_rx_bufs_policy {
	CONF_RX_BUFS_DEFAULT,
	CONF_RX_BUFS_MTU,
	CONF_RX_BUFS_ADVERT,
	CONF_RX_BUFS_SIZE,
};

/* smtp_starttls: STARTTLS on the SMTP relay connection. */
enum conf_smtp_tls {
	CONF_SMTP_TLS_OFF,	/* keepalived's behaviour: plain SMTP */
	CONF_SMTP_TLS_OPTIONAL, /* STARTTLS when the relay offers it */
	CONF_SMTP_TLS_REQUIRED, /* never send without STARTTLS */
};

#define CONF_METRICS_PORT 9650

struct conf_global {
	/* identity and mail */
	char *router_id;
	struct conf_strlist emails;
	char *email_from;
	char *smtp_server; /* address or host name */
	unsigned smtp_port;
	char *smtp_helo_name;
	uint64_t smtp_connect_timeout_us;
	int smtp_alert, smtp_alert_vrrp, smtp_alert_checker; /* CONF_UNSET_TRI or 0/1 */
	bool checker_log_all_failures, no_email_faults, no_checker_emails, rs_init_notifies;
	/* SMTP transport security (vigil extensions) */
	enum conf_smtp_tls smtp_starttls;
	int smtp_tls_verify; /* CONF_UNSET_TRI (= verify) or 0/1 */
	char *smtp_tls_ca;   /* CA bundle; NULL: the system's */
	char *smtp_username;
	char *smtp_password; /* secret: never logged, dumped as <hidden> */

	/* Prometheus metrics (vigil extension): served by the parent */
	struct conf_addr metrics_addr; /* AF_UNSPEC: no listener */
	unsigned metrics_port;

	/* processes and scripts */
	bool process_names;
	char *process_name, *vrrp_process_name, *checker_process_name;
	struct conf_sched vrrp_sched, checker_sched;
	int max_auto_priority; /* -1..99 */
	uint64_t min_auto_priority_delay_us;
	struct conf_script *startup_script, *shutdown_script;
	unsigned startup_script_timeout, shutdown_script_timeout;
	char *script_user, *script_group;
	bool enable_script_security;
	struct conf_fifo notify_fifo, vrrp_notify_fifo, lvs_notify_fifo;
	bool fifo_write_vrrp_states_on_reload;
	int umask; /* -1: default */

	/* VRRP defaults */
	struct conf_addr mcast_group4, mcast_group6;
	char *default_interface;
	unsigned vrrp_version;
	bool vrrp_strict, vrrp_skip_check_adv_addr, vrrp_check_unicast_src;
	unsigned garp_master_delay, garp_master_repeat, garp_master_refresh;
	unsigned garp_master_refresh_repeat, garp_lower_prio_delay, garp_lower_prio_repeat;
	uint64_t garp_interval_us, gna_interval_us; /* 0: no spacing */
	bool vrrp_min_garp;
	unsigned garp_extra_if; /* seconds, 0 = off */
	bool garp_extra_if_all;
	unsigned down_timer_adverts;
	bool lower_prio_no_advert, higher_prio_send_advert;
	bool vrrp_notify_priority_changes, log_unknown_vrids;
	uint64_t vrrp_startup_delay_us;
	char *vmac_prefix, *vmac_addr_prefix;
	bool dynamic_interfaces, allow_if_changes;
	enum conf_rx_bufs_policy rx_bufs_policy;
	unsigned rx_bufs_size, rx_bufs_multiplier;
	unsigned vrrp_netlink_cmd_rcv_bufs, vrrp_netlink_monitor_rcv_bufs;
	unsigned lvs_netlink_cmd_rcv_bufs, lvs_netlink_monitor_rcv_bufs, process_monitor_rcv_bufs;
	bool vrrp_netlink_cmd_rcv_bufs_force, vrrp_netlink_monitor_rcv_bufs_force;
	bool lvs_netlink_cmd_rcv_bufs_force, lvs_netlink_monitor_rcv_bufs_force;
	bool process_monitor_rcv_bufs_force;

	/* IPVS */
	struct conf_lvs_syncd lvs_sync_daemon;
	struct conf_lvs_timeouts lvs_timeouts;
	bool lvs_flush;
	enum conf_lvs_flush_stop lvs_flush_on_stop;

	/* reload, files */
	bool reload_check_config;
	char *reload_check_config_log;
	char *reload_time_file;
	bool reload_repeat;
	bool reload_file_set;
	char *reload_file; /* NULL with reload_file_set: default name */
	char *tmp_config_directory, *config_save_dir;
	bool data_use_instance;
	unsigned random_seed; /* CONF_UNSET_UINT: time based */
	char *iproute_usr_dir, *iproute_etc_dir;
	char *include_check; /* as written; the language layer applies -e */

	struct conf_rawlist unsupported;
	struct conf_loc loc;
};

/* linkbeat_interfaces entries. */
enum conf_linkbeat_type {
	CONF_LINKBEAT_DEFAULT,
	CONF_LINKBEAT_MII,
	CONF_LINKBEAT_ETHTOOL,
	CONF_LINKBEAT_IOCTL,
};

struct conf_linkbeat_if {
	char *ifname;
	enum conf_linkbeat_type type;
	struct conf_loc loc;
};

/* interface_up_down_delays entries. */
struct conf_updown_delay {
	char *ifname;
	uint64_t down_us, up_us;
	struct conf_loc loc;
};

/* track_group NAME { group { VI ... } } */
struct conf_track_group {
	char *name;
	struct conf_strlist instances;
	struct conf_loc loc;
};

/* SSL { } for SSL_GET. */
struct conf_ssl {
	char *password; /* secret */
	char *ca, *certificate, *key;
	struct conf_loc loc;
};

#endif
