/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nl_ipvs_priv: what the IPVS backends (nl_ipvs.c, nl_ipvs_fake.c) share with
 * the backend-independent layer (nl_ipvs_batch.c): the ops table each backend
 * fills, the handle header, validation and error helpers. Only lib/nl and its
 * tests include it. No libnl types here: see nl_ipvs_encode.h for those.
 */
#ifndef VIGIL_NL_IPVS_PRIV_H
#define VIGIL_NL_IPVS_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "nl/nl_ipvs.h"

/* errors[i] of an operation that has not been answered yet */
#define NL_IPVS_PENDING 1

/*
 * A backend. commit handles every operation whose errors[i] is
 * NL_IPVS_PENDING, setting it to the kernel's answer (0 or -errno); it
 * returns 0, or a negative errno when the transport failed (unanswered
 * operations then hold that errno). The others return 0 or -errno.
 */
struct nl_ipvs_ops {
	int (*commit)(struct nl_ipvs *h, const struct nl_ipvs_op *ops, int *errors, size_t n,
		      char *err, size_t errlen);
	int (*get_info)(struct nl_ipvs *h, struct nl_ipvs_info *info, char *err, size_t errlen);
	int (*get_timeouts)(struct nl_ipvs *h, struct nl_ipvs_timeouts *t, char *err,
			    size_t errlen);
	int (*dump_services)(struct nl_ipvs *h, struct nl_ipvs_service **out, size_t *n, char *err,
			     size_t errlen);
	int (*dump_dests)(struct nl_ipvs *h, const struct nl_ipvs_service *svc,
			  struct nl_ipvs_dest **out, size_t *n, char *err, size_t errlen);
	void (*free)(struct nl_ipvs *h);
};

/* The first member of each backend's handle. */
struct nl_ipvs {
	const struct nl_ipvs_ops *ops;
	bool timeouts_saved; /* saved_timeouts holds the values before our first set */
	struct nl_ipvs_timeouts saved_timeouts;
};

/* snprintf into err when err is not NULL. */
void nl_ipvs_seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * Checks that op can be encoded: families, protocol, names, ranges.
 * 0, or -EINVAL / -EAFNOSUPPORT with the reason in err.
 */
int nl_ipvs_op_check(const struct nl_ipvs_op *op, char *err, size_t errlen);
/* 4, 16, or 0 for another family. */
size_t nl_ipvs_addr_len(int af);
/* The family a destination really has (its own, or its service's when 0). */
int nl_ipvs_dest_af(const struct nl_ipvs_service *svc, const struct nl_ipvs_dest *d);

#endif
