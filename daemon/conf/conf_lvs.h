/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_lvs: the IPVS side of the configuration model: virtual server
 * groups, virtual servers, real servers and their health checkers. Plain
 * data owned by struct conf. After validation every value a checker needs
 * is resolved (virtual_server -> real_server -> checker inheritance done),
 * so the checker child never looks "up" the tree for a default.
 */
#ifndef VIGIL_DAEMON_CONF_LVS_H
#define VIGIL_DAEMON_CONF_LVS_H

#include "conf/conf_model.h"

/* One line of a virtual_server_group. */
struct conf_vsg_entry {
	bool is_fwmark;
	uint32_t fwmark;
	int fwmark_family;     /* AF_UNSPEC, AF_INET or AF_INET6 (fwmark N inet6) */
	struct conf_addr addr; /* first address */
	uint32_t range;	       /* addresses after the first (a.b.c.d-e: e - d); 0 = single */
	uint16_t port;
	struct conf_loc loc;
};

struct conf_vsg {
	char *name;
	struct conf_vsg_entry *v;
	size_t n;
	struct conf_loc loc;
};

enum conf_fwd_method {
	CONF_FWD_UNSET,
	CONF_FWD_NAT,
	CONF_FWD_DR,
	CONF_FWD_TUN,
};

enum conf_tun_type {
	CONF_TUN_IPIP,
	CONF_TUN_GUE,
	CONF_TUN_GRE,
};

enum conf_tun_csum {
	CONF_TUN_CSUM_DEFAULT,
	CONF_TUN_NOCSUM,
	CONF_TUN_CSUM,
	CONF_TUN_REMCSUM,
};

/* lvs_method / lb_kind / sorry_server_lvs_method */
struct conf_fwd {
	enum conf_fwd_method method;
	enum conf_tun_type tun_type;
	uint16_t tun_port; /* GUE */
	enum conf_tun_csum tun_csum;
};

enum conf_checker_type {
	CONF_CHECK_HTTP,
	CONF_CHECK_SSL,
	CONF_CHECK_TCP,
	CONF_CHECK_MISC,
	CONF_CHECK_SMTP,
	CONF_CHECK_DNS,
	CONF_CHECK_UDP,
	CONF_CHECK_PING,
	CONF_CHECK_FILE,
	CONF_CHECK_BFD,
};

struct conf_status_range {
	unsigned lo, hi;
};

/* url { } of HTTP_GET / SSL_GET */
struct conf_url {
	char *path;
	char *digest;			  /* 32 lowercase hex digits, or NULL */
	struct conf_status_range *status; /* resolved: 200-299 when unset */
	size_t nstatus;
	char *virtualhost; /* resolved: url -> checker -> real -> virtual server */
	char *regex;
	bool regex_no_match;
	struct conf_strlist regex_options;
	unsigned regex_stack_start, regex_stack_max;
	unsigned regex_min_offset, regex_max_offset; /* max 0: unlimited */
	struct conf_loc loc;
};

enum conf_http_proto {
	CONF_HTTP_1_0,
	CONF_HTTP_1_0C,
	CONF_HTTP_1_1,
};

struct conf_http_check {
	enum conf_http_proto proto;
	bool fast_recovery;
	char *virtualhost; /* as configured on the checker; urls hold the resolved value */
	bool enable_sni;
	char *sni_name;
	bool tls_compliant;
	struct conf_url *urls;
	size_t nurls;
};

struct conf_misc_check {
	struct conf_script *script;
	uint64_t timeout_us; /* resolved: delay_loop */
	bool dynamic;
	char *user, *group;
};

enum conf_dns_type {
	CONF_DNS_A,
	CONF_DNS_NS,
	CONF_DNS_CNAME,
	CONF_DNS_SOA,
	CONF_DNS_MX,
	CONF_DNS_TXT,
	CONF_DNS_AAAA,
};

struct conf_bytes {
	uint8_t *v;
	size_t n;
};

struct conf_udp_check {
	struct conf_bytes payload; /* empty: random payload */
	bool require_reply;
	struct conf_bytes reply;      /* bytes to match, may be empty */
	struct conf_bytes reply_mask; /* 0xf nibbles that must match ('X' = 0) */
	unsigned min_reply_length, max_reply_length;
};

struct conf_file_check {
	char *track_file;
	int weight;
	bool reverse;
	bool dynamic;
};

/* One checker block of a real_server. */
struct conf_checker {
	enum conf_checker_type type;
	/* connection (not MISC, FILE, BFD); resolved to the real server's when unset */
	struct conf_addr connect_ip;
	uint16_t connect_port;
	struct conf_addr bindto;
	uint16_t bind_port;
	char *bind_if;
	uint32_t fwmark;
	uint64_t connect_timeout_us;
	/* scheduling (not FILE, BFD), resolved */
	int alpha;
	unsigned retry;
	uint64_t delay_before_retry_us, warmup_us, delay_loop_us;
	int log_all_failures;
	union {
		struct conf_http_check http; /* HTTP_GET, SSL_GET */
		struct conf_misc_check misc;
		struct {
			char *helo_name;
		} smtp;
		struct {
			enum conf_dns_type type;
			char *name;
		} dns;
		struct conf_udp_check udp;
		struct conf_file_check file;
		struct {
			char *name;
		} bfd;
	} u;
	struct conf_rawlist unsupported;
	struct conf_loc loc;
};

struct conf_rs {
	struct conf_addr addr;
	uint16_t port;
	int weight;
	struct conf_fwd fwd;
	struct conf_script *notify_up, *notify_down;
	unsigned uthreshold, lthreshold;
	int smtp_alert;
	char *virtualhost;
	char *snmp_name;
	int alpha, inhibit_on_failure;
	uint64_t connect_timeout_us, delay_before_retry_us, warmup_us, delay_loop_us;
	unsigned retry;
	struct conf_checker **checkers;
	size_t ncheckers;
	struct conf_rawlist unsupported;
	struct conf_loc loc;
};

enum conf_vs_kind {
	CONF_VS_ADDR,
	CONF_VS_FWMARK,
	CONF_VS_GROUP,
};

enum conf_proto {
	CONF_PROTO_UNSET,
	CONF_PROTO_TCP,
	CONF_PROTO_UDP,
	CONF_PROTO_SCTP,
};

/* Scheduler flags, as ipvsadm -b. */
#define CONF_VS_FLAG_1	    0x01u
#define CONF_VS_FLAG_2	    0x02u
#define CONF_VS_FLAG_3	    0x04u
#define CONF_VS_FLAG_OPS    0x08u
#define CONF_VS_FLAG_HASHED 0x10u
/* sh-port/mh-port are flag-2, sh-fallback/mh-fallback are flag-1 for those schedulers. */

struct conf_vs {
	enum conf_vs_kind kind;
	struct conf_addr addr;
	uint16_t port;
	uint32_t fwmark;
	char *group;
	const struct conf_vsg *vsg; /* resolved group */
	int family;		    /* resolved address family */
	char *sched;		    /* resolved: wlc when unset */
	unsigned flags;		    /* CONF_VS_FLAG_* */
	struct conf_fwd fwd;	    /* resolved: NAT when unset */
	char *persistence_engine;
	unsigned persistence_timeout;		  /* 0: not persistent */
	struct conf_addr persistence_granularity; /* IPv4 mask; IPv6: len in granularity_len */
	unsigned persistence_granularity_len;
	enum conf_proto protocol; /* resolved: UDP when unset, as keepalived */
	bool ha_suspend;
	int smtp_alert;
	char *virtualhost;
	char *snmp_name;
	bool alpha, omega;
	unsigned quorum, hysteresis;
	struct conf_script *quorum_up, *quorum_down;
	int ip_family; /* AF_UNSPEC unless ip_family given */
	struct conf_rs *sorry_server;
	bool sorry_server_inhibit;
	uint64_t connect_timeout_us, delay_before_retry_us, warmup_us, delay_loop_us;
	unsigned retry;
	bool inhibit_on_failure;
	int weight; /* default real server weight */
	struct conf_rs **rs;
	size_t nrs;
	struct conf_rawlist unsupported;
	struct conf_loc loc;
};

#endif
