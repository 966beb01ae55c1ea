/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lvs_reconcile: diffs a desired IPVS table against the kernel's and sends
 * the difference as one batch; releases vigil's entries on exit (its
 * services, one batch). Reads the kernel once per pass (one service dump,
 * one destination dump per owned service present, or per owned service
 * changed since the previous pass for lvs_reconcile_changes). Never touches
 * a service outside the desired and previous tables, and never logs (the
 * caller's callback sees every result).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "checker/lvs_reconcile.h"
#include "util/xalloc.h"

/* The operations of one pass, kept so that each result can be reported. */
struct ops {
	struct nl_ipvs_op *v;
	size_t n, cap;
};

static void
push(struct ops *o, enum nl_ipvs_cmd cmd, unsigned flags, const struct nl_ipvs_service *svc,
     const struct nl_ipvs_dest *dest)
{
	struct nl_ipvs_op *op;

	xgrow((void **)&o->v, &o->cap, o->n + 1, sizeof(*o->v));
	op = &o->v[o->n++];
	memset(op, 0, sizeof(*op));
	op->cmd = cmd;
	op->flags = flags;
	op->svc = *svc;
	if (dest)
		op->dest = *dest;
}

static bool
service_differs(const struct nl_ipvs_service *want, const struct nl_ipvs_service *have)
{
	uint32_t mask = ~(uint32_t)NL_IPVS_SVC_F_HASHED;

	if (strcmp(want->sched_name, have->sched_name) || strcmp(want->pe_name, have->pe_name))
		return true;
	if ((want->flags & mask) != (have->flags & mask) || want->netmask != have->netmask)
		return true;
	return (want->flags & NL_IPVS_SVC_F_PERSISTENT) && want->timeout != have->timeout;
}

static bool
dest_differs(const struct nl_ipvs_dest *want, const struct nl_ipvs_dest *have)
{
	/* The kernel reports any forwarding to a local address as LOCAL. */
	if (have->fwd != want->fwd && have->fwd != NL_IPVS_FWD_LOCAL)
		return true;
	if (want->weight != have->weight || want->u_threshold != have->u_threshold ||
	    want->l_threshold != have->l_threshold)
		return true;
	if (want->fwd != NL_IPVS_FWD_TUNNEL || have->fwd != NL_IPVS_FWD_TUNNEL)
		return false;
	return want->tun_type != have->tun_type || want->tun_flags != have->tun_flags ||
	       (want->tun_type == NL_IPVS_TUN_GUE && want->tun_port != have->tun_port);
}

static const struct nl_ipvs_dest *
find_dest(const struct nl_ipvs_dest *v, size_t n, const struct nl_ipvs_dest *d)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (nl_ipvs_dest_same(&v[i], d))
			return &v[i];
	return NULL;
}

/* A desired service the kernel already has: edit it and diff its destinations. */
static int
diff_present(struct nl_ipvs *h, const struct lvs_svc *s, const struct nl_ipvs_service *have,
	     struct ops *o, char *err, size_t errlen)
{
	struct nl_ipvs_dest *kd = NULL;
	const struct nl_ipvs_dest *d;
	size_t nkd = 0, i;
	int rc;

	if (service_differs(&s->svc, have))
		push(o, NL_IPVS_SERVICE_EDIT, 0, &s->svc, NULL);
	rc = nl_ipvs_dump_dests(h, &s->svc, &kd, &nkd, err, errlen);
	if (rc < 0)
		return rc;
	for (i = 0; i < s->ndest; i++) {
		d = find_dest(kd, nkd, &s->dest[i]);
		if (!d)
			push(o, NL_IPVS_DEST_ADD, NL_IPVS_OP_IGNORE_EXIST, &s->svc, &s->dest[i]);
		else if (dest_differs(&s->dest[i], d))
			push(o, NL_IPVS_DEST_EDIT, 0, &s->svc, &s->dest[i]);
	}
	for (i = 0; i < nkd; i++)
		if (!find_dest(s->dest, s->ndest, &kd[i]))
			push(o, NL_IPVS_DEST_DEL, NL_IPVS_OP_IGNORE_MISSING, &s->svc, &kd[i]);
	free(kd);
	return 0;
}

/*
 * Kernel services are sorted by identity (the order nl_ipvs_service_same
 * implies: a fwmark service is its family and mark) and searched by
 * bisection: with thousands of services a linear search per desired service
 * costs more than the dumps.
 */
static int
service_cmp(const void *pa, const void *pb)
{
	const struct nl_ipvs_service *a = pa, *b = pb;

	if (a->af != b->af)
		return a->af < b->af ? -1 : 1;
	if (a->fwmark != b->fwmark)
		return a->fwmark < b->fwmark ? -1 : 1;
	if (a->fwmark != 0)
		return 0;
	if (a->protocol != b->protocol)
		return a->protocol < b->protocol ? -1 : 1;
	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	return memcmp(a->addr, b->addr, a->af == AF_INET6 ? 16 : 4);
}

static const struct nl_ipvs_service *
find_service(const struct nl_ipvs_service *sorted, size_t n, const struct nl_ipvs_service *s)
{
	return n ? bsearch(s, sorted, n, sizeof(*sorted), service_cmp) : NULL;
}

/* The service of t like svc, tried at index hint first (tables keep config order). */
static const struct lvs_svc *
table_find(const struct lvs_table *t, const struct nl_ipvs_service *svc, size_t hint)
{
	if (t && hint < t->nsvc && nl_ipvs_service_same(&t->svc[hint].svc, svc))
		return &t->svc[hint];
	return lvs_table_find(t, svc);
}

/* Whether a desired service equals the previous pass's (same destinations in the same order). */
static bool
svc_unchanged(const struct lvs_svc *s, const struct lvs_svc *p)
{
	size_t i;

	if (!p || s->ndest != p->ndest || service_differs(&s->svc, &p->svc) ||
	    service_differs(&p->svc, &s->svc))
		return false;
	for (i = 0; i < s->ndest; i++)
		if (!nl_ipvs_dest_same(&s->dest[i], &p->dest[i]) ||
		    dest_differs(&s->dest[i], &p->dest[i]) || p->dest[i].fwd != s->dest[i].fwd)
			return false;
	return true;
}

/*
 * Fills o with what turns the kernel's table into desired. trust_prev: a
 * service present in the kernel and unchanged since prev is not read back.
 */
static int
plan(struct nl_ipvs *h, const struct lvs_table *desired, const struct lvs_table *prev,
     bool trust_prev, struct ops *o, char *err, size_t errlen)
{
	struct nl_ipvs_service *ks = NULL;
	const struct nl_ipvs_service *k;
	size_t nks = 0, i, j;
	int rc;

	rc = nl_ipvs_dump_services(h, &ks, &nks, err, errlen);
	if (rc < 0)
		return rc;
	if (nks > 1) /* an empty dump may be NULL, which qsort must not get */
		qsort(ks, nks, sizeof(*ks), service_cmp);
	for (i = 0; i < desired->nsvc && rc == 0; i++) {
		const struct lvs_svc *s = &desired->svc[i];

		k = find_service(ks, nks, &s->svc);
		if (k && trust_prev && svc_unchanged(s, table_find(prev, &s->svc, i)))
			continue;
		if (k) {
			rc = diff_present(h, s, k, o, err, errlen);
			continue;
		}
		push(o, NL_IPVS_SERVICE_ADD, NL_IPVS_OP_IGNORE_EXIST, &s->svc, NULL);
		for (j = 0; j < s->ndest; j++)
			push(o, NL_IPVS_DEST_ADD, NL_IPVS_OP_IGNORE_EXIST, &s->svc, &s->dest[j]);
	}
	for (i = 0; prev && i < prev->nsvc && rc == 0; i++) {
		const struct nl_ipvs_service *p = &prev->svc[i].svc;

		if (!table_find(desired, p, i) && find_service(ks, nks, p))
			push(o, NL_IPVS_SERVICE_DEL, NL_IPVS_OP_IGNORE_MISSING, p, NULL);
	}
	free(ks);
	return rc;
}

/*
 * Sends o as one batch and reports each result. Destination edits the
 * kernel refused with ENOENT (gone meanwhile) go into retry as adds.
 */
static int
send_ops(struct nl_ipvs *h, const struct ops *o, struct ops *retry, lvs_op_fn fn, void *arg,
	 char *err, size_t errlen)
{
	struct nl_ipvs_batch *b;
	size_t i;
	int rc, r;

	if (!o->n)
		return 0;
	b = nl_ipvs_batch_begin(h);
	for (i = 0; i < o->n; i++)
		nl_ipvs_batch_add(b, &o->v[i]);
	rc = nl_ipvs_batch_commit(b, err, errlen);
	for (i = 0; i < o->n; i++) {
		r = nl_ipvs_batch_result(b, i);
		if (r == -ENOENT && retry && o->v[i].cmd == NL_IPVS_DEST_EDIT) {
			push(retry, NL_IPVS_DEST_ADD, NL_IPVS_OP_IGNORE_EXIST, &o->v[i].svc,
			     &o->v[i].dest);
			rc = rc > 0 ? rc - 1 : rc;
			continue;
		}
		if (fn)
			fn(&o->v[i], r, arg);
	}
	nl_ipvs_batch_free(b);
	return rc;
}

static int
reconcile(struct nl_ipvs *h, const struct lvs_table *desired, const struct lvs_table *prev,
	  bool trust_prev, lvs_op_fn fn, void *arg, char *err, size_t errlen)
{
	struct ops o = {0}, retry = {0};
	int rc, rc2;

	if (errlen)
		err[0] = '\0';
	rc = plan(h, desired, prev, trust_prev, &o, err, errlen);
	if (rc == 0)
		rc = send_ops(h, &o, &retry, fn, arg, err, errlen);
	if (rc >= 0 && retry.n) {
		rc2 = send_ops(h, &retry, NULL, fn, arg, err, errlen);
		rc = rc2 < 0 ? rc2 : rc + rc2;
	}
	free(o.v);
	free(retry.v);
	return rc;
}

int
lvs_reconcile(struct nl_ipvs *h, const struct lvs_table *desired, const struct lvs_table *prev,
	      lvs_op_fn fn, void *arg, char *err, size_t errlen)
{
	return reconcile(h, desired, prev, false, fn, arg, err, errlen);
}

int
lvs_reconcile_changes(struct nl_ipvs *h, const struct lvs_table *desired,
		      const struct lvs_table *prev, lvs_op_fn fn, void *arg, char *err,
		      size_t errlen)
{
	return reconcile(h, desired, prev, prev != NULL, fn, arg, err, errlen);
}

static int
flush_all(struct nl_ipvs *h, lvs_op_fn fn, void *arg, char *err, size_t errlen)
{
	struct nl_ipvs_op op = {.cmd = NL_IPVS_FLUSH};
	int rc = nl_ipvs_flush(h, err, errlen);

	if (fn)
		fn(&op, rc, arg);
	return rc;
}

int
lvs_reconcile_start(struct nl_ipvs *h, const struct lvs_table *desired, bool flush, lvs_op_fn fn,
		    void *arg, char *err, size_t errlen)
{
	int failed = flush && flush_all(h, fn, arg, err, errlen) < 0 ? 1 : 0;
	int rc = lvs_reconcile(h, desired, NULL, fn, arg, err, errlen);

	return rc < 0 ? rc : rc + failed;
}

int
lvs_reconcile_release(struct nl_ipvs *h, const struct lvs_table *cur, enum lvs_release how,
		      lvs_op_fn fn, void *arg, char *err, size_t errlen)
{
	struct ops o = {0};
	size_t i;
	int rc;

	if (errlen)
		err[0] = '\0';
	if (how == LVS_RELEASE_KEEP || !cur)
		return 0;
	if (how == LVS_RELEASE_FLUSH)
		return flush_all(h, fn, arg, err, errlen) < 0 ? 1 : 0;
	/* services only: the kernel unlinks their destinations itself */
	for (i = 0; i < cur->nsvc; i++)
		push(&o, NL_IPVS_SERVICE_DEL, NL_IPVS_OP_IGNORE_MISSING, &cur->svc[i].svc, NULL);
	rc = send_ops(h, &o, NULL, fn, arg, err, errlen);
	free(o.v);
	return rc;
}
