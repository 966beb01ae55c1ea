/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_script: turns a configured command (notify_up/notify_down, misc_path)
 * into something lib/util/spawn runs: keepalived's word splitting, a shell
 * only when the line needs one, the user it runs as, and the script
 * security check. Forks nothing itself (spawn.c does) and never logs:
 * callers log with their own wording.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "checker/hc_priv.h"

static int
pick_user(const struct conf *conf, const struct conf_script *sc, const char *user,
	  const char *group, struct hc_script *out, char *err, size_t errlen)
{
	const char *name = sc->user ? sc->user : user ? user : conf->global.script_user;
	const char *grp = sc->user ? sc->group : user ? group : conf->global.script_group;

	out->set_ids = geteuid() == 0;
	if (name)
		return spawn_lookup_user(name, grp, &out->uid, &out->gid, err, errlen);
	if (spawn_lookup_user("keepalived_script", NULL, &out->uid, &out->gid, err, errlen) == 0)
		return 0;
	out->uid = 0;
	out->gid = 0;
	return 0;
}

int
hc_script_prepare(const struct conf *conf, const struct conf_script *sc, const char *user,
		  const char *group, struct hc_script *out, bool *insecure, char *err,
		  size_t errlen)
{
	char path[PATH_MAX];
	bool shell = false;
	int r;

	memset(out, 0, sizeof(*out));
	*insecure = false;
	if (!sc || !sc->cmd) {
		snprintf(err, errlen, "no command");
		return -1;
	}
	if (spawn_argv_split(sc->cmd, &out->argv, &shell, err, errlen) < 0)
		return -1;
	out->use_shell = shell;
	out->cmd = sc->cmd;
	if (pick_user(conf, sc, user, group, out, err, errlen) < 0)
		goto fail;
	if (shell)
		return 0;
	r = spawn_resolve_exec(out->argv[0], out->set_ids ? out->uid : geteuid(),
			       out->set_ids ? out->gid : getegid(), path, sizeof(path));
	if (r < 0) {
		snprintf(err, errlen, "not found or not executable");
		goto fail;
	}
	if (conf->global.enable_script_security && (!out->set_ids || out->uid == 0) &&
	    spawn_check_security(path, err, errlen) < 0) {
		*insecure = true;
		goto fail;
	}
	return 0;
fail:
	hc_script_clear(out);
	return -1;
}

void
hc_script_clear(struct hc_script *s)
{
	spawn_argv_free(s->argv);
	s->argv = NULL;
}

int
hc_script_run(struct ev_loop *loop, struct spawn_proc *p, const struct hc_script *s,
	      uint64_t timeout_us, spawn_done_cb cb, void *arg)
{
	struct spawn_req req = {
		.argv = s->argv,
		.use_shell = s->use_shell,
		.shell_line = s->cmd,
		.set_ids = s->set_ids,
		.uid = s->uid,
		.gid = s->gid,
		.timeout_us = timeout_us,
	};

	return spawn_start(loop, p, &req, cb, arg);
}
