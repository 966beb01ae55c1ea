/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nl_ipvs: the IPVS table through generic netlink (family "IPVS"), and a fake
 * with the same API that records each command as one text line. Services,
 * destinations, flush, connection timeouts, the sync daemon, dumps and info.
 * Changes go through batches: many operations per send, each answered on its
 * own, EEXIST/ENOENT tolerated per operation when asked. Plain data in, plain
 * data out: callers never see libnl. Never logs: errors are a negative errno
 * plus a message in the caller's buffer.
 */
#ifndef VIGIL_NL_IPVS_H
#define VIGIL_NL_IPVS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nl_ipvs;
struct nl_ipvs_batch;

/* Service flags: the kernel's IP_VS_SVC_F_* values. */
enum nl_ipvs_svc_flag {
	NL_IPVS_SVC_F_PERSISTENT = 0x0001,
	NL_IPVS_SVC_F_HASHED = 0x0002, /* kernel-owned: reported by dumps, never sent */
	NL_IPVS_SVC_F_ONEPACKET = 0x0004,
	NL_IPVS_SVC_F_SCHED1 = 0x0008,
	NL_IPVS_SVC_F_SCHED2 = 0x0010,
	NL_IPVS_SVC_F_SCHED3 = 0x0020,
	NL_IPVS_SVC_F_SH_FALLBACK = NL_IPVS_SVC_F_SCHED1,
	NL_IPVS_SVC_F_SH_PORT = NL_IPVS_SVC_F_SCHED2,
	NL_IPVS_SVC_F_MH_FALLBACK = NL_IPVS_SVC_F_SCHED1,
	NL_IPVS_SVC_F_MH_PORT = NL_IPVS_SVC_F_SCHED2,
};

/* Forwarding methods: the kernel's IP_VS_CONN_F_* values (lb_kind). */
enum nl_ipvs_fwd {
	NL_IPVS_FWD_MASQ = 0,	/* NAT */
	NL_IPVS_FWD_LOCAL = 1,	/* chosen by the kernel for local addresses */
	NL_IPVS_FWD_TUNNEL = 2, /* TUN */
	NL_IPVS_FWD_DROUTE = 3, /* DR */
};

/* Tunnel types and flags (with NL_IPVS_FWD_TUNNEL; Linux >= 5.2). */
enum nl_ipvs_tun_type {
	NL_IPVS_TUN_IPIP = 0,
	NL_IPVS_TUN_GUE = 1,
	NL_IPVS_TUN_GRE = 2,
};

enum nl_ipvs_tun_flag {
	NL_IPVS_TUN_F_CSUM = 0x1,
	NL_IPVS_TUN_F_REMCSUM = 0x2,
};

/* Sync daemon states (bits: both may run at once). */
enum nl_ipvs_daemon_state {
	NL_IPVS_DAEMON_MASTER = 1,
	NL_IPVS_DAEMON_BACKUP = 2,
};

/*
 * A virtual service. Identity: af + fwmark when fwmark != 0, else af +
 * protocol + addr + port. Addresses are in network order, IPv4 in the first
 * 4 bytes with the other 12 zero; ports are in host order.
 */
struct nl_ipvs_service {
	int af;		   /* AF_INET or AF_INET6 */
	uint16_t protocol; /* IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP; unused with fwmark */
	uint8_t addr[16];
	uint16_t port;
	uint32_t fwmark;     /* non-zero: a fwmark service */
	char sched_name[16]; /* "rr", "wlc" ...: required by add and edit */
	uint32_t flags;	     /* NL_IPVS_SVC_F_* */
	uint32_t flags_mask; /* flags the kernel takes from `flags`; 0 means all */
	uint32_t timeout;    /* persistence_timeout, seconds (with F_PERSISTENT) */
	uint8_t netmask;     /* persistence_granularity as a prefix; 0 = host (/32, /128) */
	char pe_name[16];    /* persistence engine ("sip") or "" */
};

/*
 * A real server of a service. Identity: af + addr + port. af 0 means the
 * service's family (a different family needs TUN and Linux >= 3.18).
 */
struct nl_ipvs_dest {
	int af;
	uint8_t addr[16];
	uint16_t port; /* host order; DR/TUN real servers use the service port by convention */
	uint32_t fwd;  /* enum nl_ipvs_fwd */
	int32_t weight;
	uint32_t u_threshold;
	uint32_t l_threshold;
	uint8_t tun_type;   /* enum nl_ipvs_tun_type, TUN only */
	uint16_t tun_port;  /* host order, GUE only */
	uint16_t tun_flags; /* NL_IPVS_TUN_F_*, TUN only */
	/* dumps only */
	uint32_t active_conns;
	uint32_t inact_conns;
	uint32_t persist_conns;
};

/* Connection timeouts in seconds (ipvsadm --set). In a set, 0 keeps the value. */
struct nl_ipvs_timeouts {
	uint32_t tcp;
	uint32_t tcp_fin;
	uint32_t udp;
};

/*
 * A sync daemon (lvs_sync_daemon). state, ifname and syncid are always sent;
 * the rest only when non-zero (Linux >= 4.3; older kernels ignore them).
 */
struct nl_ipvs_daemon {
	uint32_t state; /* enum nl_ipvs_daemon_state: one of them */
	char ifname[16];
	uint32_t syncid;
	uint16_t sync_maxlen;	 /* UDP payload size */
	int mcast_af;		 /* 0, AF_INET or AF_INET6: mcast_group is set */
	uint8_t mcast_group[16]; /* network order */
	uint16_t mcast_port;	 /* host order */
	uint8_t mcast_ttl;
};

struct nl_ipvs_info {
	uint32_t version; /* 0x010201 is 1.2.1 */
	uint32_t conn_tab_size;
};

enum nl_ipvs_cmd {
	NL_IPVS_SERVICE_ADD,
	NL_IPVS_SERVICE_EDIT,
	NL_IPVS_SERVICE_DEL,
	NL_IPVS_DEST_ADD, /* svc names the service, dest the real server */
	NL_IPVS_DEST_EDIT,
	NL_IPVS_DEST_DEL,
	NL_IPVS_FLUSH,	      /* every service and destination */
	NL_IPVS_TIMEOUTS_SET, /* timeouts */
	NL_IPVS_DAEMON_START, /* daemon */
	NL_IPVS_DAEMON_STOP,  /* daemon.state only */
};

/* Per-operation flags. */
enum nl_ipvs_op_flag {
	NL_IPVS_OP_IGNORE_EXIST = 0x1,	 /* EEXIST counts as success (add, start) */
	NL_IPVS_OP_IGNORE_MISSING = 0x2, /* ENOENT and ESRCH count as success (del, stop) */
};

/* One operation. Only the members its cmd names are read. */
struct nl_ipvs_op {
	enum nl_ipvs_cmd cmd;
	unsigned int flags; /* NL_IPVS_OP_* */
	struct nl_ipvs_service svc;
	struct nl_ipvs_dest dest;
	struct nl_ipvs_timeouts timeouts;
	struct nl_ipvs_daemon daemon;
};

/*
 * Opens the real backend: one generic netlink socket, the "IPVS" family
 * resolved (after `modprobe ip_vs` when it is missing) and checked with
 * IPVS_CMD_GET_INFO. Returns 0 with an owned *hp, -EAFNOSUPPORT when the
 * family is still missing, -EPERM without CAP_NET_ADMIN, or another -errno.
 */
int nl_ipvs_open(struct nl_ipvs **hp, char *err, size_t errlen);
/*
 * The fake backend: an in-memory table with the kernel's answers (EEXIST,
 * ESRCH, ENOENT) and a transcript of one line per command (nl_ipvs_op_format).
 */
struct nl_ipvs *nl_ipvs_fake_new(void);
/* The transcript so far, lines ending in '\n'; borrowed, valid until the next op. */
const char *nl_ipvs_fake_transcript(const struct nl_ipvs *h);
void nl_ipvs_fake_clear_transcript(struct nl_ipvs *h);
/* The next command whose line starts with prefix fails with -err (err > 0), once. */
void nl_ipvs_fake_fail(struct nl_ipvs *h, const char *prefix, int err);
/*
 * The dry-run backend (vigild --ipvs-dry-run): the fake's table and answers,
 * but each command's transcript line goes to fn (nothing is kept), so a
 * checker without IPVS in the kernel logs what it would send.
 */
typedef void (*nl_ipvs_line_fn)(const char *line, void *arg);
struct nl_ipvs *nl_ipvs_dryrun_new(nl_ipvs_line_fn fn, void *arg);
/* Closes either backend (does not restore timeouts: see nl_ipvs_restore_timeouts). */
void nl_ipvs_close(struct nl_ipvs *h);

/* Batches. begin returns an owned batch bound to h (which must outlive it). */
struct nl_ipvs_batch *nl_ipvs_batch_begin(struct nl_ipvs *h);
/* Queues a copy of op; returns its index. */
size_t nl_ipvs_batch_add(struct nl_ipvs_batch *b, const struct nl_ipvs_op *op);
size_t nl_ipvs_batch_service(struct nl_ipvs_batch *b, enum nl_ipvs_cmd cmd,
			     const struct nl_ipvs_service *svc, unsigned int flags);
size_t nl_ipvs_batch_dest(struct nl_ipvs_batch *b, enum nl_ipvs_cmd cmd,
			  const struct nl_ipvs_service *svc, const struct nl_ipvs_dest *dest,
			  unsigned int flags);
/*
 * Sends every queued operation (pipelined) and collects each answer. Returns
 * the number of operations that failed after tolerance (0: all done), with
 * the first failure described in err, or a negative errno when the socket
 * itself failed (unanswered operations then hold that errno). Once only.
 */
int nl_ipvs_batch_commit(struct nl_ipvs_batch *b, char *err, size_t errlen);
size_t nl_ipvs_batch_len(const struct nl_ipvs_batch *b);
/* The kernel's answer to operation i (0 or -errno); 1 before commit. */
int nl_ipvs_batch_error(const struct nl_ipvs_batch *b, size_t i);
/* The same with the operation's tolerance applied. */
int nl_ipvs_batch_result(const struct nl_ipvs_batch *b, size_t i);
void nl_ipvs_batch_free(struct nl_ipvs_batch *b);

/* One-operation helpers: 0 or -errno (flush and timeouts tolerate nothing). */
int nl_ipvs_flush(struct nl_ipvs *h, char *err, size_t errlen);
/* Starting a running daemon is -EEXIST; stopping a stopped one is not an error. */
int nl_ipvs_daemon_start(struct nl_ipvs *h, const struct nl_ipvs_daemon *d, char *err,
			 size_t errlen);
int nl_ipvs_daemon_stop(struct nl_ipvs *h, uint32_t state, char *err, size_t errlen);

/* Queries. */
int nl_ipvs_get_info(struct nl_ipvs *h, struct nl_ipvs_info *info, char *err, size_t errlen);
int nl_ipvs_get_timeouts(struct nl_ipvs *h, struct nl_ipvs_timeouts *t, char *err, size_t errlen);
/*
 * Sets timeouts (lvs_timeouts). The first call saves the kernel's values so
 * that nl_ipvs_restore_timeouts() (a no-op when nothing was set) puts them back.
 */
int nl_ipvs_set_timeouts(struct nl_ipvs *h, const struct nl_ipvs_timeouts *t, char *err,
			 size_t errlen);
int nl_ipvs_restore_timeouts(struct nl_ipvs *h, char *err, size_t errlen);
/*
 * Dumps. *out is an owned array of *n entries (free() it; NULL when empty),
 * in the kernel's order. Dumping the real servers of a missing service gives 0.
 */
int nl_ipvs_dump_services(struct nl_ipvs *h, struct nl_ipvs_service **out, size_t *n, char *err,
			  size_t errlen);
int nl_ipvs_dump_dests(struct nl_ipvs *h, const struct nl_ipvs_service *svc,
		       struct nl_ipvs_dest **out, size_t *n, char *err, size_t errlen);

/* Identity comparisons (the keys above). */
bool nl_ipvs_service_same(const struct nl_ipvs_service *a, const struct nl_ipvs_service *b);
bool nl_ipvs_dest_same(const struct nl_ipvs_dest *a, const struct nl_ipvs_dest *b);
/*
 * Formats op as one transcript line without newline, e.g.
 * "service add tcp 10.0.0.100:80 rr" or
 * "dest add tcp 10.0.0.100:80 -> 192.168.1.1:80 masq w1". Returns like snprintf.
 */
int nl_ipvs_op_format(const struct nl_ipvs_op *op, char *buf, size_t len);
/* "tcp 10.0.0.100:80", "udp [2001:db8::1]:53", "fwmark 1", "fwmark 1 inet6". */
int nl_ipvs_service_format(const struct nl_ipvs_service *svc, char *buf, size_t len);

#endif
