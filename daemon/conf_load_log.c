/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_load_log: configuration loading with diagnostics sent to the log.
 * The model itself never logs; this is the one place daemon code turns its
 * diagnostics into log lines.
 */
#include "config.h"

#include <stdlib.h> /* defines __GLIBC__ on glibc */
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "conf/conf.h"
#include "daemon/conf_load_log.h"
#include "util/log.h"

struct conf *
conf_load_logged(const struct vigil_opts *opts, enum conf_diag_level min_level, int *worst)
{
	struct conf_load_opts lo = {
		.path = opts->conf_file,
		.config_id = opts->config_id,
		.all_config = opts->all_config,
		.check_system = true,
	};
	struct conf_diags diags;
	struct conf *conf;

	conf_diags_init(&diags);
	conf = conf_load(&lo, &diags);
	*worst = -1;
	for (size_t i = 0; i < diags.n; i++) {
		const struct conf_diag *d = &diags.v[i];

		/*
		 * A script security problem keeps the script from running but not
		 * the daemon, at start-up as on reload: it must not make a reload
		 * of a configuration that is already running be refused.
		 */
		if (d->level != CONF_DIAG_SECURITY && (int)d->level > *worst)
			*worst = (int)d->level;
		if (d->level < min_level)
			continue;
		if (d->level >= CONF_DIAG_ERROR)
			log_err("%s:%u: %s: %s", d->file ? d->file : opts->conf_file, d->line,
				conf_diag_level_name(d->level), d->msg);
		else
			log_info("%s:%u: %s: %s", d->file ? d->file : opts->conf_file, d->line,
				 conf_diag_level_name(d->level), d->msg);
	}
	conf_diags_free(&diags);
	conf_release_memory();
	return conf;
}

void
conf_release_memory(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}
