/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * notify_script: one place that turns a configured script into a running
 * process: user resolution (script's own user, else global script_user,
 * else keepalived_script if it exists, else root), keepalived's security
 * rule for scripts run as root under enable_script_security, argv
 * splitting, and bookkeeping of running scripts so none becomes a zombie.
 */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "conf/conf.h"
#include "notify/notify_script.h"
#include "util/log.h"
#include "util/spawn.h"
#include "util/xalloc.h"

struct notify_job {
	struct notify_runner *runner;
	struct spawn_proc proc;
	char **argv;
	char *what;
	struct notify_job *next;
};

struct notify_runner {
	struct ev_loop *loop;
	const struct conf *conf;
	struct notify_job *jobs;
	size_t njobs;
};

struct notify_runner *
notify_runner_new(struct ev_loop *loop, const struct conf *conf)
{
	struct notify_runner *r = xcalloc(1, sizeof(*r));

	r->loop = loop;
	r->conf = conf;
	return r;
}

void
notify_runner_set_conf(struct notify_runner *r, const struct conf *conf)
{
	r->conf = conf;
}

static void
job_free(struct notify_job *j)
{
	spawn_argv_free(j->argv);
	free(j->what);
	free(j);
}

static void
job_unlink(struct notify_runner *r, struct notify_job *j)
{
	for (struct notify_job **pp = &r->jobs; *pp; pp = &(*pp)->next) {
		if (*pp == j) {
			*pp = j->next;
			r->njobs--;
			return;
		}
	}
}

void
notify_runner_free(struct notify_runner *r)
{
	if (!r)
		return;
	while (r->jobs) {
		struct notify_job *j = r->jobs;

		r->jobs = j->next;
		spawn_stop(&j->proc);
		job_free(j);
	}
	free(r);
}

size_t
notify_running(const struct notify_runner *r)
{
	return r->njobs;
}

static void
job_done(struct spawn_proc *p, const struct spawn_result *res, void *arg)
{
	struct notify_job *j = arg;

	(void)p;
	if (res->timed_out || res->killed)
		log_warnx("%s was killed", j->what);
	else if (WIFEXITED(res->status) && WEXITSTATUS(res->status))
		log_detail("%s exited with status %d", j->what, WEXITSTATUS(res->status));
	job_unlink(j->runner, j);
	job_free(j);
}

/* Who runs s: the given user, its own, the global script_user, keepalived_script, or root. */
static int
script_ids(const struct conf *conf, const struct conf_script *s, const char *user,
	   const char *group, const char *what, uid_t *uid, gid_t *gid)
{
	char err[256];

	if (!user) {
		user = s->user ? s->user : conf->global.script_user;
		group = s->user ? s->group : conf->global.script_group;
	}
	if (!user && getpwnam("keepalived_script"))
		user = "keepalived_script";
	if (!user && conf->global.enable_script_security) {
		/* keepalived: "Unable to set default user keepalived_script" - removed */
		log_err("%s: enable_script_security without script_user, and user "
			"keepalived_script does not exist: not run",
			what);
		return -1;
	}
	if (!user)
		user = "root";
	if (spawn_lookup_user(user, group, uid, gid, err, sizeof(err)) < 0) {
		log_err("%s: %s", what, err);
		return -1;
	}
	return 0;
}

void
script_cmd_free(struct script_cmd *c)
{
	spawn_argv_free(c->argv);
	c->argv = NULL;
}

int
script_cmd_prepare(const struct conf *conf, const struct conf_script *s, const char *user,
		   const char *group, const char *what, struct script_cmd *out)
{
	char err[256], path[4096];
	int rc;

	memset(out, 0, sizeof(*out));
	out->cmd = s->cmd;
	if (script_ids(conf, s, user, group, what, &out->uid, &out->gid) < 0)
		return -1;
	if (spawn_argv_split(s->cmd, &out->argv, &out->shell, err, sizeof(err)) < 0) {
		log_err("%s: %s", what, err);
		return -1;
	}
	if (out->shell)
		return 0;
	rc = spawn_resolve_exec(out->argv[0], out->uid, out->gid, path, sizeof(path));
	if (rc < 0) {
		log_err("%s: cannot run %s: %s", what, out->argv[0], strerror(-rc));
		goto fail;
	}
	if (conf->global.enable_script_security && (out->uid == 0 || out->gid == 0) &&
	    spawn_check_security(path, err, sizeof(err)) < 0) {
		log_err("%s: refused by script security: %s", what, err);
		goto fail;
	}
	free(out->argv[0]);
	out->argv[0] = xstrdup(path);
	return 0;
fail:
	script_cmd_free(out);
	return -1;
}

int
notify_run(struct notify_runner *r, const struct conf_script *s, char *const *extra_args,
	   const char *what)
{
	struct notify_job *j;
	struct script_cmd cmd;
	struct spawn_req req = {.extra_args = extra_args, .set_ids = true};
	int rc;

	if (!s || !s->cmd)
		return 0;
	if (script_cmd_prepare(r->conf, s, NULL, NULL, what, &cmd) < 0)
		return -1;
	j = xcalloc(1, sizeof(*j));
	j->runner = r;
	j->what = xstrdup(what);
	j->argv = cmd.argv;
	req.argv = cmd.argv;
	req.use_shell = cmd.shell;
	req.shell_line = cmd.cmd;
	req.uid = cmd.uid;
	req.gid = cmd.gid;
	rc = spawn_start(r->loop, &j->proc, &req, job_done, j);
	if (rc < 0) {
		log_err("%s: cannot start %s: %s", what, s->cmd, strerror(-rc));
		job_free(j);
		return -1;
	}
	log_detail("%s: started %s", what, s->cmd);
	j->next = r->jobs;
	r->jobs = j;
	r->njobs++;
	return 0;
}
