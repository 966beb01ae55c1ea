/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_state: the VRRP child's state record (see vrrp_state.h). Plain text,
 * one line per instance, written to a temporary file and renamed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
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

void
vrrp_state_touch(const char *path)
{
	if (path)
		(void)utimensat(AT_FDCWD, path, NULL, 0);
}

/* Microseconds since the file's modification; UINT64_MAX when in the future. */
static uint64_t
age_us(const struct stat *st)
{
	struct timespec now;
	int64_t us;

	clock_gettime(CLOCK_REALTIME, &now);
	us = (int64_t)(now.tv_sec - st->st_mtim.tv_sec) * 1000000 +
	     (now.tv_nsec - st->st_mtim.tv_nsec) / 1000;
	return us < 0 ? UINT64_MAX : (uint64_t)us;
}

bool
vrrp_state_was_master(const char *path, const char *name, unsigned vrid, uint64_t max_age_us)
{
	char line[512], rname[256], rstate[32];
	unsigned rvrid;
	struct stat st;
	bool found = false;
	FILE *f;

	if (!path || stat(path, &st) < 0 || age_us(&st) > max_age_us)
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
