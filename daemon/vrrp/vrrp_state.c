/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_state: the VRRP child's state record (see vrrp_state.h). Plain text,
 * one line per instance, written to a temporary file and renamed.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "conf/conf.h"
#include "conf/conf_vrrp.h"
#include "util/log.h"
#include "vrrp/vrrp_inst.h"
#include "vrrp/vrrp_state.h"

void
vrrp_state_save(const char *path, struct vrrp_inst *const *inst, size_t n)
{
	static bool warned;
	char tmp[4096];
	FILE *f;

	if (!path || snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return;
	f = fopen(tmp, "we");
	if (!f) {
		if (!warned)
			log_warn("cannot write the VRRP state record %s", tmp);
		warned = true;
		return;
	}
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s %u %s\n", inst[i]->conf->name, inst[i]->conf->vrid,
			vrrp_fsm_state_name(inst[i]->fsm.state));
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		unlink(tmp);
}

bool
vrrp_state_was_master(const char *path, const char *name, unsigned vrid, unsigned max_age_s)
{
	char line[512], rname[256], rstate[32];
	unsigned rvrid;
	struct stat st;
	bool found = false;
	FILE *f;

	if (!path || stat(path, &st) < 0 || time(NULL) - st.st_mtime > (time_t)max_age_s)
		return false;
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%255s %u %31s", rname, &rvrid, rstate) == 3 &&
			!strcmp(rname, name) && rvrid == vrid && !strcmp(rstate, "MASTER");
	fclose(f);
	return found;
}

void
vrrp_state_remove(const char *path)
{
	if (path)
		unlink(path);
}
