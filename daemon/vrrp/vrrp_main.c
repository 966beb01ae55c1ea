/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_main: the VRRP child's life cycle hooks. At start every instance's
 * interface must exist (keepalived's VRRP child exits with its configuration
 * code otherwise, which stops the daemon). Until the VRRP engine lands
 * (issue 4) the child then only runs its event loop and says plainly that it
 * does not elect a master or own any address yet.
 */
#include "config.h"

#include <net/if.h>

#include "conf/conf.h"
#include "daemon/child.h"
#include "vrrp/vrrp_main.h"

/* Returns 0 when every configured interface exists, else VIGIL_EXIT_CONFIG. */
static int
vrrp_resolve_interfaces(const struct conf *conf)
{
	int rc = 0;

	for (size_t i = 0; i < conf->nvrrp; i++) {
		const struct conf_vrrp *v = conf->vrrp[i];

		if (v->ifname && if_nametoindex(v->ifname) == 0) {
			log_err("(%s) interface %s does not exist", v->name, v->ifname);
			rc = VIGIL_EXIT_CONFIG;
		}
	}
	return rc;
}

static int
vrrp_start(struct child_ctx *ctx)
{
	int rc = vrrp_resolve_interfaces(ctx->conf);

	if (rc)
		return rc;
	log_warnx("VRRP engine not implemented yet: no adverts are sent and no "
		  "virtual address is configured");
	return 0;
}

static void
vrrp_reload(struct child_ctx *ctx, const struct conf *old)
{
	(void)ctx, (void)old;
}

static void
vrrp_stop(struct child_ctx *ctx)
{
	(void)ctx;
}

const struct child_ops vrrp_child_ops = {
	.name = "VRRP",
	.title = "vigild: vrrp",
	.log_proc = LOG_PROC_VRRP,
	.start = vrrp_start,
	.reload = vrrp_reload,
	.stop = vrrp_stop,
};
