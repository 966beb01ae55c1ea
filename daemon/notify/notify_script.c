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

/* Who runs s: its own user, the global script_user, keepalived_script, or root. */
static int
script_ids(const struct notify_runner *r, const struct conf_script *s, uid_t *uid, gid_t *gid,
	   const char *what)
{
	const char *user = s->user ? s->user : r->conf->global.script_user;
	const char *group = s->user ? s->group : r->conf->global.script_group;
	char err[256];

	if (!user)
		user = getpwnam("keepalived_script") ? "keepalived_script" : "root";
	if (spawn_lookup_user(user, group, uid, gid, err, sizeof(err)) < 0) {
		log_err("%s: %s", what, err);
		return -1;
	}
	return 0;
}

/* Splits s into argv with argv[0] resolved to a path; security-checks root scripts. */
static int
script_argv(const struct notify_runner *r, const struct conf_script *s, uid_t uid, gid_t gid,
	    const char *what, char ***argv, bool *shell)
{
	char err[256], path[4096];
	int rc;

	if (spawn_argv_split(s->cmd, argv, shell, err, sizeof(err)) < 0) {
		log_err("%s: %s", what, err);
		return -1;
	}
	if (*shell)
		return 0;
	rc = spawn_resolve_exec((*argv)[0], uid, gid, path, sizeof(path));
	if (rc < 0) {
		log_err("%s: cannot run %s: %s", what, (*argv)[0], strerror(-rc));
		goto fail;
	}
	if (r->conf->global.enable_script_security && (uid == 0 || gid == 0) &&
	    spawn_check_security(path, err, sizeof(err)) < 0) {
		log_err("%s: refused by script security: %s", what, err);
		goto fail;
	}
	free((*argv)[0]);
	(*argv)[0] = xstrdup(path);
	return 0;
fail:
	spawn_argv_free(*argv);
	*argv = NULL;
	return -1;
}

int
notify_run(struct notify_runner *r, const struct conf_script *s, char *const *extra_args,
	   const char *what)
{
	struct notify_job *j;
	struct spawn_req req = {.extra_args = extra_args, .set_ids = true};
	bool shell;
	int rc;

	if (!s || !s->cmd)
		return 0;
	if (script_ids(r, s, &req.uid, &req.gid, what) < 0)
		return -1;
	j = xcalloc(1, sizeof(*j));
	j->runner = r;
	j->what = xstrdup(what);
	if (script_argv(r, s, req.uid, req.gid, what, &j->argv, &shell) < 0) {
		job_free(j);
		return -1;
	}
	req.argv = j->argv;
	req.use_shell = shell;
	req.shell_line = s->cmd;
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
