/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nl_ipvs_fake: an IPVS backend for tests. It records every command it is
 * given as one transcript line (nl_ipvs_op_format) and keeps an in-memory
 * table that answers like the kernel: EEXIST for a service or real server
 * that is already there, ESRCH for a missing service (also under a real
 * server command), ENOENT for a missing real server, ESRCH to stop a sync
 * daemon that is not running. Dumps return the table in insertion order.
 * Failures can be injected per command. Touches no kernel, never logs.
 * The dry-run backend is the same fake with its lines handed to a callback
 * instead of kept (a daemon would otherwise grow the transcript forever).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "nl/nl_ipvs_priv.h"
#include "util/xalloc.h"

struct fake_service {
	struct nl_ipvs_service svc;
	struct nl_ipvs_dest *dests;
	size_t ndests, cap;
};

struct fake_fail {
	char *prefix;
	int error; /* positive errno */
};

struct nl_ipvs_fake {
	struct nl_ipvs base;
	struct fake_service *svcs;
	size_t nsvcs, svcs_cap;
	char *transcript;
	size_t tlen, tcap;
	struct fake_fail *fails;
	size_t nfails, fails_cap;
	struct nl_ipvs_timeouts timeouts;
	uint32_t daemons;     /* NL_IPVS_DAEMON_* bits running */
	nl_ipvs_line_fn echo; /* dry run: lines go here, the transcript stays empty */
	void *echo_arg;
};

static const struct nl_ipvs_ops fake_ops;

/* The fake behind h; a real handle here is a caller's bug. */
static struct nl_ipvs_fake *
fake_of(const struct nl_ipvs *h)
{
	if (h->ops != &fake_ops)
		abort();
	return (struct nl_ipvs_fake *)(uintptr_t)h;
}

static void
record(struct nl_ipvs_fake *f, const char *line)
{
	size_t len = strlen(line);

	xgrow((void **)&f->transcript, &f->tcap, f->tlen + len + 2, 1);
	memcpy(f->transcript + f->tlen, line, len);
	f->tlen += len;
	f->transcript[f->tlen++] = '\n';
	f->transcript[f->tlen] = '\0';
}

/* An injected failure for line, consumed; 0 when none. */
static int
injected(struct nl_ipvs_fake *f, const char *line)
{
	size_t i;
	int e;

	for (i = 0; i < f->nfails; i++) {
		if (strncmp(line, f->fails[i].prefix, strlen(f->fails[i].prefix)) != 0)
			continue;
		e = f->fails[i].error;
		free(f->fails[i].prefix);
		f->fails[i] = f->fails[--f->nfails];
		return -e;
	}
	return 0;
}

static struct fake_service *
find_service(struct nl_ipvs_fake *f, const struct nl_ipvs_service *svc)
{
	size_t i;

	for (i = 0; i < f->nsvcs; i++) {
		if (nl_ipvs_service_same(&f->svcs[i].svc, svc))
			return &f->svcs[i];
	}
	return NULL;
}

static struct nl_ipvs_dest *
find_dest(struct fake_service *s, const struct nl_ipvs_dest *d)
{
	size_t i;

	for (i = 0; i < s->ndests; i++) {
		if (nl_ipvs_dest_same(&s->dests[i], d))
			return &s->dests[i];
	}
	return NULL;
}

/*
 * The service as the kernel would keep it: flags merged through the mask over
 * the old ones (none for a new service), HASHED set, no unused key fields.
 */
static struct nl_ipvs_service
stored_service(const struct nl_ipvs_service *svc, const struct nl_ipvs_service *old)
{
	struct nl_ipvs_service s = *svc;
	uint32_t mask = svc->flags_mask != 0 ? svc->flags_mask : 0xffffffffu;
	uint32_t before = old != NULL ? old->flags : 0;

	if (s.fwmark != 0) {
		s.protocol = 0;
		memset(s.addr, 0, sizeof(s.addr));
		s.port = 0;
	}
	s.flags = (before & ~mask) | (svc->flags & mask) | NL_IPVS_SVC_F_HASHED;
	s.flags_mask = 0;
	return s;
}

static int
service_op(struct nl_ipvs_fake *f, const struct nl_ipvs_op *op)
{
	struct fake_service *s = find_service(f, &op->svc);

	switch (op->cmd) {
	case NL_IPVS_SERVICE_ADD:
		if (s != NULL)
			return -EEXIST;
		xgrow((void **)&f->svcs, &f->svcs_cap, f->nsvcs + 1, sizeof(*f->svcs));
		f->svcs[f->nsvcs++] = (struct fake_service){.svc = stored_service(&op->svc, NULL)};
		return 0;
	case NL_IPVS_SERVICE_EDIT:
		if (s == NULL)
			return -ESRCH;
		s->svc = stored_service(&op->svc, &s->svc);
		return 0;
	default:
		if (s == NULL)
			return -ESRCH;
		free(s->dests);
		f->nsvcs--;
		memmove(s, s + 1, (size_t)(f->svcs + f->nsvcs - s) * sizeof(*s));
		return 0;
	}
}

static int
dest_op(struct nl_ipvs_fake *f, const struct nl_ipvs_op *op)
{
	struct fake_service *s = find_service(f, &op->svc);
	struct nl_ipvs_dest d = op->dest, *have;

	if (s == NULL)
		return -ESRCH;
	d.af = nl_ipvs_dest_af(&op->svc, &op->dest);
	if (d.fwd != NL_IPVS_FWD_TUNNEL)
		d.tun_type = d.tun_port = d.tun_flags = 0;
	have = find_dest(s, &d);
	switch (op->cmd) {
	case NL_IPVS_DEST_ADD:
		if (have != NULL)
			return -EEXIST;
		xgrow((void **)&s->dests, &s->cap, s->ndests + 1, sizeof(*s->dests));
		s->dests[s->ndests++] = d;
		return 0;
	case NL_IPVS_DEST_EDIT:
		if (have == NULL)
			return -ENOENT;
		*have = d;
		return 0;
	default:
		if (have == NULL)
			return -ENOENT;
		s->ndests--;
		memmove(have, have + 1, (size_t)(s->dests + s->ndests - have) * sizeof(*have));
		return 0;
	}
}

static void
flush(struct nl_ipvs_fake *f)
{
	size_t i;

	for (i = 0; i < f->nsvcs; i++)
		free(f->svcs[i].dests);
	f->nsvcs = 0;
}

static int
apply(struct nl_ipvs_fake *f, const struct nl_ipvs_op *op)
{
	uint32_t state = op->daemon.state;

	switch (op->cmd) {
	case NL_IPVS_SERVICE_ADD:
	case NL_IPVS_SERVICE_EDIT:
	case NL_IPVS_SERVICE_DEL:
		return service_op(f, op);
	case NL_IPVS_DEST_ADD:
	case NL_IPVS_DEST_EDIT:
	case NL_IPVS_DEST_DEL:
		return dest_op(f, op);
	case NL_IPVS_FLUSH:
		flush(f);
		return 0;
	case NL_IPVS_TIMEOUTS_SET:
		f->timeouts.tcp = op->timeouts.tcp ? op->timeouts.tcp : f->timeouts.tcp;
		f->timeouts.tcp_fin =
			op->timeouts.tcp_fin ? op->timeouts.tcp_fin : f->timeouts.tcp_fin;
		f->timeouts.udp = op->timeouts.udp ? op->timeouts.udp : f->timeouts.udp;
		return 0;
	case NL_IPVS_DAEMON_START:
		if (f->daemons & state)
			return -EEXIST;
		f->daemons |= state;
		return 0;
	case NL_IPVS_DAEMON_STOP:
		if (!(f->daemons & state))
			return -ESRCH;
		f->daemons &= ~state;
		return 0;
	}
	return -EINVAL;
}

static int
fake_commit(struct nl_ipvs *h, const struct nl_ipvs_op *ops, int *errors, size_t n, char *err,
	    size_t errlen)
{
	struct nl_ipvs_fake *f = fake_of(h);
	char line[512];
	size_t i;

	(void)err;
	(void)errlen;
	for (i = 0; i < n; i++) {
		if (errors[i] != NL_IPVS_PENDING)
			continue;
		nl_ipvs_op_format(&ops[i], line, sizeof(line));
		if (f->echo)
			f->echo(line, f->echo_arg);
		else
			record(f, line);
		errors[i] = injected(f, line);
		if (errors[i] == 0)
			errors[i] = apply(f, &ops[i]);
	}
	return 0;
}

static int
fake_get_info(struct nl_ipvs *h, struct nl_ipvs_info *info, char *err, size_t errlen)
{
	(void)h;
	(void)err;
	(void)errlen;
	info->version = 0x010201;
	info->conn_tab_size = 4096;
	return 0;
}

static int
fake_get_timeouts(struct nl_ipvs *h, struct nl_ipvs_timeouts *t, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	*t = fake_of(h)->timeouts;
	return 0;
}

static int
fake_dump_services(struct nl_ipvs *h, struct nl_ipvs_service **out, size_t *n, char *err,
		   size_t errlen)
{
	struct nl_ipvs_fake *f = fake_of(h);
	size_t i;

	(void)err;
	(void)errlen;
	*out = NULL;
	*n = f->nsvcs;
	if (f->nsvcs == 0)
		return 0;
	*out = xcalloc(f->nsvcs, sizeof(**out));
	for (i = 0; i < f->nsvcs; i++)
		(*out)[i] = f->svcs[i].svc;
	return 0;
}

static int
fake_dump_dests(struct nl_ipvs *h, const struct nl_ipvs_service *svc, struct nl_ipvs_dest **out,
		size_t *n, char *err, size_t errlen)
{
	struct fake_service *s = find_service(fake_of(h), svc);

	(void)err;
	(void)errlen;
	*out = NULL;
	*n = 0;
	if (s == NULL || s->ndests == 0)
		return 0;
	*out = xcalloc(s->ndests, sizeof(**out));
	memcpy(*out, s->dests, s->ndests * sizeof(**out));
	*n = s->ndests;
	return 0;
}

static void
fake_free(struct nl_ipvs *h)
{
	struct nl_ipvs_fake *f = fake_of(h);
	size_t i;

	flush(f);
	free(f->svcs);
	free(f->transcript);
	for (i = 0; i < f->nfails; i++)
		free(f->fails[i].prefix);
	free(f->fails);
	free(f);
}

static const struct nl_ipvs_ops fake_ops = {
	.commit = fake_commit,
	.get_info = fake_get_info,
	.get_timeouts = fake_get_timeouts,
	.dump_services = fake_dump_services,
	.dump_dests = fake_dump_dests,
	.free = fake_free,
};

struct nl_ipvs *
nl_ipvs_fake_new(void)
{
	struct nl_ipvs_fake *f = x_new(struct nl_ipvs_fake);

	f->base.ops = &fake_ops;
	/* the kernel's defaults */
	f->timeouts = (struct nl_ipvs_timeouts){.tcp = 900, .tcp_fin = 120, .udp = 300};
	f->transcript = xcalloc(1, 1);
	f->tcap = 1;
	return &f->base;
}

const char *
nl_ipvs_fake_transcript(const struct nl_ipvs *h)
{
	return fake_of(h)->transcript;
}

void
nl_ipvs_fake_clear_transcript(struct nl_ipvs *h)
{
	struct nl_ipvs_fake *f = fake_of(h);

	f->tlen = 0;
	f->transcript[0] = '\0';
}

void
nl_ipvs_fake_fail(struct nl_ipvs *h, const char *prefix, int err)
{
	struct nl_ipvs_fake *f = fake_of(h);

	xgrow((void **)&f->fails, &f->fails_cap, f->nfails + 1, sizeof(*f->fails));
	f->fails[f->nfails++] = (struct fake_fail){.prefix = xstrdup(prefix), .error = err};
}

struct nl_ipvs *
nl_ipvs_dryrun_new(nl_ipvs_line_fn fn, void *arg)
{
	struct nl_ipvs *h = nl_ipvs_fake_new();
	struct nl_ipvs_fake *f = fake_of(h);

	f->echo = fn;
	f->echo_arg = arg;
	return h;
}
