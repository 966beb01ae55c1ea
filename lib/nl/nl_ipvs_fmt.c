/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nl_ipvs_fmt: the one-line text form of IPVS operations (the fake's
 * transcript, and the context of error messages) and the identity
 * comparisons of services and real servers. Pure string work: the format is
 * what policy tests compare, so change it only with those tests.
 *
 *   service add tcp 10.0.0.100:80 rr persistent 300 netmask /24 ops flag-2 pe sip
 *   service del fwmark 1 inet6
 *   dest add tcp 10.0.0.100:80 -> 192.168.1.1:80 masq w1 u100 l10
 *   dest edit udp [2001:db8::1]:53 -> [2001:db8::11]:53 tun w0 gue:6080 csum
 *   flush | timeouts tcp 900 tcpfin 120 udp 300
 *   daemon start master eth0 id 5 maxlen 1472 group 224.0.0.81 port 8848 ttl 1
 *   daemon stop backup
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "nl/nl_ipvs_priv.h"

/* An appender that counts like snprintf past the end of the buffer. */
struct fmt {
	char *buf;
	size_t len;
	size_t pos;
};

static void fmt_add(struct fmt *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
fmt_add(struct fmt *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(f->pos < f->len ? f->buf + f->pos : NULL,
		      f->pos < f->len ? f->len - f->pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		f->pos += (size_t)n;
}

static void
fmt_addr(struct fmt *f, int af, const uint8_t *addr, uint16_t port)
{
	char a[INET6_ADDRSTRLEN];

	if (inet_ntop(af, addr, a, sizeof(a)) == NULL)
		snprintf(a, sizeof(a), "?");
	if (af == AF_INET6)
		fmt_add(f, "[%s]:%u", a, port);
	else
		fmt_add(f, "%s:%u", a, port);
}

static void
fmt_service(struct fmt *f, const struct nl_ipvs_service *svc)
{
	if (svc->fwmark != 0) {
		fmt_add(f, "fwmark %u%s", svc->fwmark, svc->af == AF_INET6 ? " inet6" : "");
		return;
	}
	switch (svc->protocol) {
	case IPPROTO_TCP:
		fmt_add(f, "tcp ");
		break;
	case IPPROTO_UDP:
		fmt_add(f, "udp ");
		break;
	case IPPROTO_SCTP:
		fmt_add(f, "sctp ");
		break;
	default:
		fmt_add(f, "proto%u ", svc->protocol);
		break;
	}
	fmt_addr(f, svc->af, svc->addr, svc->port);
}

static void
fmt_service_settings(struct fmt *f, const struct nl_ipvs_service *svc)
{
	static const struct {
		uint32_t flag;
		const char *name;
	} names[] = {
		{NL_IPVS_SVC_F_ONEPACKET, "ops"},
		{NL_IPVS_SVC_F_SCHED1, "flag-1"},
		{NL_IPVS_SVC_F_SCHED2, "flag-2"},
		{NL_IPVS_SVC_F_SCHED3, "flag-3"},
	};
	size_t i;

	fmt_add(f, " %s", svc->sched_name);
	if (svc->flags & NL_IPVS_SVC_F_PERSISTENT)
		fmt_add(f, " persistent %u", svc->timeout);
	if (svc->netmask != 0)
		fmt_add(f, " netmask /%u", svc->netmask);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (svc->flags & names[i].flag)
			fmt_add(f, " %s", names[i].name);
	}
	if (svc->flags_mask != 0 && svc->flags_mask != 0xffffffffu)
		fmt_add(f, " mask 0x%x", svc->flags_mask);
	if (svc->pe_name[0] != '\0')
		fmt_add(f, " pe %s", svc->pe_name);
}

static void
fmt_dest_settings(struct fmt *f, const struct nl_ipvs_dest *d)
{
	static const char *const fwd[] = {"masq", "local", "tun", "dr"};
	static const char *const tun[] = {"ipip", "gue", "gre"};

	fmt_add(f, " %s w%d", d->fwd < 4 ? fwd[d->fwd] : "?", d->weight);
	if (d->u_threshold != 0)
		fmt_add(f, " u%u", d->u_threshold);
	if (d->l_threshold != 0)
		fmt_add(f, " l%u", d->l_threshold);
	if (d->fwd != NL_IPVS_FWD_TUNNEL)
		return;
	fmt_add(f, " %s", d->tun_type < 3 ? tun[d->tun_type] : "?");
	if (d->tun_type == NL_IPVS_TUN_GUE)
		fmt_add(f, ":%u", d->tun_port);
	if (d->tun_flags & NL_IPVS_TUN_F_CSUM)
		fmt_add(f, " csum");
	if (d->tun_flags & NL_IPVS_TUN_F_REMCSUM)
		fmt_add(f, " remcsum");
}

static void
fmt_daemon(struct fmt *f, const struct nl_ipvs_daemon *d, bool start)
{
	fmt_add(f, "daemon %s %s", start ? "start" : "stop",
		d->state == NL_IPVS_DAEMON_MASTER   ? "master"
		: d->state == NL_IPVS_DAEMON_BACKUP ? "backup"
						    : "?");
	if (!start)
		return;
	fmt_add(f, " %s id %u", d->ifname, d->syncid);
	if (d->sync_maxlen != 0)
		fmt_add(f, " maxlen %u", d->sync_maxlen);
	if (d->mcast_af != 0) {
		char a[INET6_ADDRSTRLEN];

		if (inet_ntop(d->mcast_af, d->mcast_group, a, sizeof(a)) == NULL)
			snprintf(a, sizeof(a), "?");
		fmt_add(f, " group %s", a);
	}
	if (d->mcast_port != 0)
		fmt_add(f, " port %u", d->mcast_port);
	if (d->mcast_ttl != 0)
		fmt_add(f, " ttl %u", d->mcast_ttl);
}

static const char *
verb(enum nl_ipvs_cmd cmd)
{
	switch (cmd) {
	case NL_IPVS_SERVICE_ADD:
	case NL_IPVS_DEST_ADD:
		return "add";
	case NL_IPVS_SERVICE_EDIT:
	case NL_IPVS_DEST_EDIT:
		return "edit";
	default:
		return "del";
	}
}

int
nl_ipvs_op_format(const struct nl_ipvs_op *op, char *buf, size_t len)
{
	struct fmt f = {buf, len, 0};

	if (len > 0)
		buf[0] = '\0';
	switch (op->cmd) {
	case NL_IPVS_SERVICE_ADD:
	case NL_IPVS_SERVICE_EDIT:
	case NL_IPVS_SERVICE_DEL:
		fmt_add(&f, "service %s ", verb(op->cmd));
		fmt_service(&f, &op->svc);
		if (op->cmd != NL_IPVS_SERVICE_DEL)
			fmt_service_settings(&f, &op->svc);
		break;
	case NL_IPVS_DEST_ADD:
	case NL_IPVS_DEST_EDIT:
	case NL_IPVS_DEST_DEL:
		fmt_add(&f, "dest %s ", verb(op->cmd));
		fmt_service(&f, &op->svc);
		fmt_add(&f, " -> ");
		fmt_addr(&f, nl_ipvs_dest_af(&op->svc, &op->dest), op->dest.addr, op->dest.port);
		if (op->cmd != NL_IPVS_DEST_DEL)
			fmt_dest_settings(&f, &op->dest);
		break;
	case NL_IPVS_FLUSH:
		fmt_add(&f, "flush");
		break;
	case NL_IPVS_TIMEOUTS_SET:
		fmt_add(&f, "timeouts tcp %u tcpfin %u udp %u", op->timeouts.tcp,
			op->timeouts.tcp_fin, op->timeouts.udp);
		break;
	case NL_IPVS_DAEMON_START:
	case NL_IPVS_DAEMON_STOP:
		fmt_daemon(&f, &op->daemon, op->cmd == NL_IPVS_DAEMON_START);
		break;
	default:
		fmt_add(&f, "op%d", (int)op->cmd);
		break;
	}
	return (int)f.pos;
}

int
nl_ipvs_service_format(const struct nl_ipvs_service *svc, char *buf, size_t len)
{
	struct fmt f = {buf, len, 0};

	if (len > 0)
		buf[0] = '\0';
	fmt_service(&f, svc);
	return (int)f.pos;
}

bool
nl_ipvs_service_same(const struct nl_ipvs_service *a, const struct nl_ipvs_service *b)
{
	if (a->af != b->af || a->fwmark != b->fwmark)
		return false;
	if (a->fwmark != 0)
		return true;
	return a->protocol == b->protocol && a->port == b->port &&
	       memcmp(a->addr, b->addr, nl_ipvs_addr_len(a->af)) == 0;
}

/* A family of 0 (the service's) matches any: callers compare within one service. */
bool
nl_ipvs_dest_same(const struct nl_ipvs_dest *a, const struct nl_ipvs_dest *b)
{
	int af = a->af != 0 ? a->af : b->af;

	if (a->af != 0 && b->af != 0 && a->af != b->af)
		return false;
	if (a->port != b->port)
		return false;
	if (af == 0)
		return memcmp(a->addr, b->addr, sizeof(a->addr)) == 0;
	return memcmp(a->addr, b->addr, nl_ipvs_addr_len(af)) == 0;
}
