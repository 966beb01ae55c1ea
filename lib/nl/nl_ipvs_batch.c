/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nl_ipvs_batch: the backend-independent half of the IPVS client. Batches
 * (queue, commit through the backend, tolerance, per-operation results), the
 * one-operation helpers, timeouts saved and restored, validation, and the
 * one-line text form of an operation that the fake records and that error
 * messages quote. It never touches a socket: the backend (real or fake) does.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "nl/nl_ipvs_priv.h"
#include "util/xalloc.h"

struct nl_ipvs_batch {
	struct nl_ipvs *h;
	struct nl_ipvs_op *ops;
	int *errors; /* NL_IPVS_PENDING until answered */
	size_t n, ops_cap, errors_cap;
	bool committed;
};

void
nl_ipvs_seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

size_t
nl_ipvs_addr_len(int af)
{
	if (af == AF_INET)
		return 4;
	if (af == AF_INET6)
		return 16;
	return 0;
}

int
nl_ipvs_dest_af(const struct nl_ipvs_service *svc, const struct nl_ipvs_dest *d)
{
	return d->af != 0 ? d->af : svc->af;
}

/* A name field must be NUL-terminated inside its array. */
static bool
name_ok(const char *name, size_t size, bool required)
{
	size_t len = strnlen(name, size);

	return len < size && (len > 0 || !required);
}

static int
check_service(const struct nl_ipvs_service *svc, bool full, char *err, size_t errlen)
{
	if (nl_ipvs_addr_len(svc->af) == 0) {
		nl_ipvs_seterr(err, errlen, "service: address family %d is not IPv4 or IPv6",
			       svc->af);
		return -EAFNOSUPPORT;
	}
	if (svc->fwmark == 0 && svc->protocol != IPPROTO_TCP && svc->protocol != IPPROTO_UDP &&
	    svc->protocol != IPPROTO_SCTP) {
		nl_ipvs_seterr(err, errlen, "service: protocol %u is not tcp, udp or sctp",
			       svc->protocol);
		return -EINVAL;
	}
	if (!full)
		return 0;
	if (!name_ok(svc->sched_name, sizeof(svc->sched_name), true) ||
	    !name_ok(svc->pe_name, sizeof(svc->pe_name), false)) {
		nl_ipvs_seterr(err, errlen, "service: scheduler missing, or a name too long");
		return -EINVAL;
	}
	if (svc->netmask > nl_ipvs_addr_len(svc->af) * 8) {
		nl_ipvs_seterr(err, errlen, "service: netmask /%u too long", svc->netmask);
		return -EINVAL;
	}
	return 0;
}

static int
check_dest(const struct nl_ipvs_service *svc, const struct nl_ipvs_dest *d, bool full, char *err,
	   size_t errlen)
{
	if (nl_ipvs_addr_len(nl_ipvs_dest_af(svc, d)) == 0) {
		nl_ipvs_seterr(err, errlen, "real server: address family %d is not IPv4 or IPv6",
			       d->af);
		return -EAFNOSUPPORT;
	}
	if (full && (d->fwd > NL_IPVS_FWD_DROUTE || d->tun_type > NL_IPVS_TUN_GRE)) {
		nl_ipvs_seterr(err, errlen, "real server: forwarding %u or tunnel type %u unknown",
			       d->fwd, d->tun_type);
		return -EINVAL;
	}
	return 0;
}

static int
check_daemon(const struct nl_ipvs_daemon *d, bool start, char *err, size_t errlen)
{
	if (d->state != NL_IPVS_DAEMON_MASTER && d->state != NL_IPVS_DAEMON_BACKUP) {
		nl_ipvs_seterr(err, errlen, "sync daemon: state %u is not master or backup",
			       d->state);
		return -EINVAL;
	}
	if (start && (!name_ok(d->ifname, sizeof(d->ifname), true) ||
		      (d->mcast_af != 0 && nl_ipvs_addr_len(d->mcast_af) == 0))) {
		nl_ipvs_seterr(err, errlen, "sync daemon: interface name or group family invalid");
		return -EINVAL;
	}
	return 0;
}

int
nl_ipvs_op_check(const struct nl_ipvs_op *op, char *err, size_t errlen)
{
	int rc;

	switch (op->cmd) {
	case NL_IPVS_SERVICE_ADD:
	case NL_IPVS_SERVICE_EDIT:
	case NL_IPVS_SERVICE_DEL:
		return check_service(&op->svc, op->cmd != NL_IPVS_SERVICE_DEL, err, errlen);
	case NL_IPVS_DEST_ADD:
	case NL_IPVS_DEST_EDIT:
	case NL_IPVS_DEST_DEL:
		rc = check_service(&op->svc, false, err, errlen);
		if (rc == 0)
			rc = check_dest(&op->svc, &op->dest, op->cmd != NL_IPVS_DEST_DEL, err,
					errlen);
		return rc;
	case NL_IPVS_FLUSH:
	case NL_IPVS_TIMEOUTS_SET:
		return 0;
	case NL_IPVS_DAEMON_START:
	case NL_IPVS_DAEMON_STOP:
		return check_daemon(&op->daemon, op->cmd == NL_IPVS_DAEMON_START, err, errlen);
	}
	nl_ipvs_seterr(err, errlen, "unknown IPVS operation %d", (int)op->cmd);
	return -EINVAL;
}

/* Batches. */

struct nl_ipvs_batch *
nl_ipvs_batch_begin(struct nl_ipvs *h)
{
	struct nl_ipvs_batch *b = x_new(struct nl_ipvs_batch);

	b->h = h;
	return b;
}

size_t
nl_ipvs_batch_add(struct nl_ipvs_batch *b, const struct nl_ipvs_op *op)
{
	xgrow((void **)&b->ops, &b->ops_cap, b->n + 1, sizeof(*b->ops));
	xgrow((void **)&b->errors, &b->errors_cap, b->n + 1, sizeof(*b->errors));
	b->ops[b->n] = *op;
	b->errors[b->n] = NL_IPVS_PENDING;
	return b->n++;
}

size_t
nl_ipvs_batch_service(struct nl_ipvs_batch *b, enum nl_ipvs_cmd cmd,
		      const struct nl_ipvs_service *svc, unsigned int flags)
{
	struct nl_ipvs_op op = {.cmd = cmd, .flags = flags, .svc = *svc};

	return nl_ipvs_batch_add(b, &op);
}

size_t
nl_ipvs_batch_dest(struct nl_ipvs_batch *b, enum nl_ipvs_cmd cmd, const struct nl_ipvs_service *svc,
		   const struct nl_ipvs_dest *dest, unsigned int flags)
{
	struct nl_ipvs_op op = {.cmd = cmd, .flags = flags, .svc = *svc, .dest = *dest};

	return nl_ipvs_batch_add(b, &op);
}

size_t
nl_ipvs_batch_len(const struct nl_ipvs_batch *b)
{
	return b->n;
}

int
nl_ipvs_batch_error(const struct nl_ipvs_batch *b, size_t i)
{
	return i < b->n ? b->errors[i] : -EINVAL;
}

/* EEXIST on add and ENOENT/ESRCH on delete are success when the op says so. */
static int
tolerate(const struct nl_ipvs_op *op, int error)
{
	if (error == -EEXIST && (op->flags & NL_IPVS_OP_IGNORE_EXIST))
		return 0;
	if ((error == -ENOENT || error == -ESRCH) && (op->flags & NL_IPVS_OP_IGNORE_MISSING))
		return 0;
	return error;
}

int
nl_ipvs_batch_result(const struct nl_ipvs_batch *b, size_t i)
{
	return i < b->n ? tolerate(&b->ops[i], b->errors[i]) : -EINVAL;
}

/* "N of M IPVS operations failed; first: <op>: <reason>" */
static void
describe_failure(const struct nl_ipvs_batch *b, size_t failed, size_t first, char *err,
		 size_t errlen)
{
	char line[256], why[160];
	int e = b->errors[first];

	if (nl_ipvs_op_check(&b->ops[first], why, sizeof(why)) == 0)
		snprintf(why, sizeof(why), "%s", strerror(-e));
	nl_ipvs_op_format(&b->ops[first], line, sizeof(line));
	nl_ipvs_seterr(err, errlen, "%zu of %zu IPVS operations failed; first: %s: %s", failed,
		       b->n, line, why);
}

int
nl_ipvs_batch_commit(struct nl_ipvs_batch *b, char *err, size_t errlen)
{
	size_t i, failed = 0, first = 0;
	int rc;

	if (b->committed) {
		nl_ipvs_seterr(err, errlen, "IPVS batch already committed");
		return -EALREADY;
	}
	b->committed = true;
	for (i = 0; i < b->n; i++) {
		rc = nl_ipvs_op_check(&b->ops[i], NULL, 0);
		b->errors[i] = rc < 0 ? rc : NL_IPVS_PENDING;
	}
	rc = b->n > 0 ? b->h->ops->commit(b->h, b->ops, b->errors, b->n, err, errlen) : 0;
	if (rc < 0)
		return rc;
	for (i = 0; i < b->n; i++) {
		if (tolerate(&b->ops[i], b->errors[i]) == 0)
			continue;
		if (failed++ == 0)
			first = i;
	}
	if (failed > 0)
		describe_failure(b, failed, first, err, errlen);
	return (int)failed;
}

void
nl_ipvs_batch_free(struct nl_ipvs_batch *b)
{
	if (b == NULL)
		return;
	free(b->ops);
	free(b->errors);
	free(b);
}

/* One-operation helpers. */

static int
run_one(struct nl_ipvs *h, const struct nl_ipvs_op *op, char *err, size_t errlen)
{
	struct nl_ipvs_batch *b = nl_ipvs_batch_begin(h);
	int rc;

	nl_ipvs_batch_add(b, op);
	rc = nl_ipvs_batch_commit(b, err, errlen);
	if (rc > 0)
		rc = nl_ipvs_batch_result(b, 0);
	nl_ipvs_batch_free(b);
	return rc;
}

int
nl_ipvs_flush(struct nl_ipvs *h, char *err, size_t errlen)
{
	struct nl_ipvs_op op = {.cmd = NL_IPVS_FLUSH};

	return run_one(h, &op, err, errlen);
}

int
nl_ipvs_daemon_start(struct nl_ipvs *h, const struct nl_ipvs_daemon *d, char *err, size_t errlen)
{
	struct nl_ipvs_op op = {.cmd = NL_IPVS_DAEMON_START, .daemon = *d};

	return run_one(h, &op, err, errlen);
}

int
nl_ipvs_daemon_stop(struct nl_ipvs *h, uint32_t state, char *err, size_t errlen)
{
	struct nl_ipvs_op op = {
		.cmd = NL_IPVS_DAEMON_STOP,
		.flags = NL_IPVS_OP_IGNORE_MISSING,
		.daemon = {.state = state},
	};

	return run_one(h, &op, err, errlen);
}

int
nl_ipvs_set_timeouts(struct nl_ipvs *h, const struct nl_ipvs_timeouts *t, char *err, size_t errlen)
{
	struct nl_ipvs_op op = {.cmd = NL_IPVS_TIMEOUTS_SET, .timeouts = *t};
	int rc;

	if (!h->timeouts_saved) {
		rc = h->ops->get_timeouts(h, &h->saved_timeouts, err, errlen);
		if (rc < 0)
			return rc;
		h->timeouts_saved = true;
	}
	return run_one(h, &op, err, errlen);
}

int
nl_ipvs_restore_timeouts(struct nl_ipvs *h, char *err, size_t errlen)
{
	struct nl_ipvs_op op = {.cmd = NL_IPVS_TIMEOUTS_SET, .timeouts = h->saved_timeouts};
	int rc;

	if (!h->timeouts_saved)
		return 0;
	rc = run_one(h, &op, err, errlen);
	if (rc == 0)
		h->timeouts_saved = false;
	return rc;
}

/* Queries go straight to the backend. */

int
nl_ipvs_get_info(struct nl_ipvs *h, struct nl_ipvs_info *info, char *err, size_t errlen)
{
	return h->ops->get_info(h, info, err, errlen);
}

int
nl_ipvs_get_timeouts(struct nl_ipvs *h, struct nl_ipvs_timeouts *t, char *err, size_t errlen)
{
	return h->ops->get_timeouts(h, t, err, errlen);
}

int
nl_ipvs_dump_services(struct nl_ipvs *h, struct nl_ipvs_service **out, size_t *n, char *err,
		      size_t errlen)
{
	*out = NULL;
	*n = 0;
	return h->ops->dump_services(h, out, n, err, errlen);
}

int
nl_ipvs_dump_dests(struct nl_ipvs *h, const struct nl_ipvs_service *svc, struct nl_ipvs_dest **out,
		   size_t *n, char *err, size_t errlen)
{
	struct nl_ipvs_op op = {.cmd = NL_IPVS_SERVICE_DEL, .svc = *svc};
	int rc = nl_ipvs_op_check(&op, err, errlen);

	*out = NULL;
	*n = 0;
	return rc < 0 ? rc : h->ops->dump_dests(h, svc, out, n, err, errlen);
}

void
nl_ipvs_close(struct nl_ipvs *h)
{
	if (h != NULL)
		h->ops->free(h);
}
