/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_main: the checker child's life cycle hooks. Until the checkers and the
 * IPVS reconciler land (issues 5 and 6) the child only runs its event loop
 * and says plainly that it neither checks servers nor programs IPVS yet.
 */
#include "config.h"

#include "checker/hc_main.h"
#include "daemon/child.h"

static int
hc_start(struct child_ctx *ctx)
{
	(void)ctx;
	log_warnx("health checkers and IPVS programming not implemented yet: "
		  "the IPVS table is left untouched");
	return 0;
}

static void
hc_reload(struct child_ctx *ctx, const struct conf *old)
{
	(void)ctx, (void)old;
}

static void
hc_stop(struct child_ctx *ctx)
{
	(void)ctx;
}

const struct child_ops hc_child_ops = {
	.name = "Healthcheck",
	.title = "vigild: checker",
	.log_proc = LOG_PROC_CHECKER,
	.start = hc_start,
	.reload = hc_reload,
	.stop = hc_stop,
};
