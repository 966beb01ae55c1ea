/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fifo_readers: the notify FIFO reader scripts, run by the parent. One
 * struct fifo_reader per started script; slot[] points at the current one
 * of each kind, and the list holds every reader not yet reaped (current and
 * retired ones), which is what shutdown waits for.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conf/conf.h"
#include "daemon/fifo_readers.h"
#include "ev/ev.h"
#include "notify/notify_fifo.h"
#include "notify/notify_script.h"
#include "util/log.h"
#include "util/spawn.h"
#include "util/xalloc.h"

#define FIFO_KINDS	3
#define READER_DRAIN_US (1 * EV_USEC_PER_SEC) /* end of file, then SIGTERM */

static const char *const kind_name[FIFO_KINDS] = {
	"notify_fifo_script",
	"vrrp_notify_fifo_script",
	"lvs_notify_fifo_script",
};

struct fifo_reader {
	struct fifo_readers *owner;
	struct fifo_reader *next;
	const char *what;
	char *key[6]; /* path, FIFO user, FIFO group, command, script user, script group */
	int hold_fd;  /* the parent's write end: no end of file while it is open */
	bool retired; /* replaced or stopped on purpose: its exit is expected */
	pid_t pid;
	struct spawn_proc proc;
};

struct fifo_readers {
	struct ev_loop *loop;
	fifo_readers_gone_cb gone_cb;
	void *gone_arg;
	struct fifo_reader *slot[FIFO_KINDS];
	struct fifo_reader *list;
	size_t nlive;
	bool stopping;
	struct ev_timer drain;
};

static const struct conf_fifo *
kind_fifo(const struct conf *conf, size_t kind)
{
	const struct conf_fifo *f[FIFO_KINDS] = {
		&conf->global.notify_fifo,
		&conf->global.vrrp_notify_fifo,
		&conf->global.lvs_notify_fifo,
	};

	return f[kind];
}

static void
fifo_key(const struct conf_fifo *f, const char *key[6])
{
	key[0] = f->path;
	key[1] = f->user;
	key[2] = f->group;
	key[3] = f->script->cmd;
	key[4] = f->script->user;
	key[5] = f->script->group;
}

static bool
same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool
reader_matches(const struct fifo_reader *r, const struct conf_fifo *f)
{
	const char *key[6];

	fifo_key(f, key);
	for (size_t i = 0; i < 6; i++)
		if (!same_str(r->key[i], key[i]))
			return false;
	return true;
}

static void
reader_close_hold(struct fifo_reader *r)
{
	if (r->hold_fd >= 0)
		close(r->hold_fd);
	r->hold_fd = -1;
}

static void
reader_free(struct fifo_reader *r)
{
	reader_close_hold(r);
	for (size_t i = 0; i < 6; i++)
		free(r->key[i]);
	free(r);
}

static void
reader_unlink(struct fifo_readers *fr, struct fifo_reader *r)
{
	for (struct fifo_reader **pp = &fr->list; *pp; pp = &(*pp)->next) {
		if (*pp == r) {
			*pp = r->next;
			fr->nlive--;
			break;
		}
	}
	for (size_t i = 0; i < FIFO_KINDS; i++)
		if (fr->slot[i] == r)
			fr->slot[i] = NULL;
}

static void
reader_done(struct spawn_proc *p, const struct spawn_result *res, void *arg)
{
	struct fifo_reader *r = arg;
	struct fifo_readers *fr = r->owner;

	(void)p;
	if (!r->retired && !fr->stopping) {
		if (WIFSIGNALED(res->status))
			log_warnx("%s (pid %ld) for %s died on signal %d; not restarted", r->what,
				  (long)r->pid, r->key[0], WTERMSIG(res->status));
		else
			log_warnx("%s (pid %ld) for %s exited with status %d; not restarted",
				  r->what, (long)r->pid, r->key[0], WEXITSTATUS(res->status));
	} else {
		log_detail("%s (pid %ld) for %s has stopped", r->what, (long)r->pid, r->key[0]);
	}
	reader_unlink(fr, r);
	reader_free(r);
	if (fr->stopping && fr->nlive == 0) {
		ev_timer_stop(fr->loop, &fr->drain);
		if (fr->gone_cb)
			fr->gone_cb(fr->gone_arg);
	}
}

/* Creates the FIFO if missing, owned by the FIFO's user if one is named, else the reader's. */
static int
reader_make_fifo(const struct conf_fifo *f, const struct script_cmd *cmd, const char *what)
{
	uid_t uid = cmd->uid;
	gid_t gid = cmd->gid;
	char err[256];
	bool created;

	if (notify_fifo_create(f->path, &created) < 0)
		return -1;
	if (!created)
		return 0;
	if (f->user && spawn_lookup_user(f->user, f->group, &uid, &gid, err, sizeof(err)) < 0) {
		log_err("%s: FIFO %s: %s", what, f->path, err);
		return 0;
	}
	if ((uid != geteuid() || gid != getegid()) && chown(f->path, uid, gid) < 0)
		log_warn("%s: cannot give FIFO %s to %ld:%ld", what, f->path, (long)uid, (long)gid);
	return 0;
}

static void
reader_start(struct fifo_readers *fr, const struct conf *conf, size_t kind)
{
	const struct conf_fifo *f = kind_fifo(conf, kind);
	const char *key[6];
	char *extra[2] = {f->path, NULL};
	struct spawn_req req = {.extra_args = extra, .set_ids = true};
	struct script_cmd cmd;
	struct fifo_reader *r;
	int rc;

	if (script_cmd_prepare(conf, f->script, NULL, NULL, kind_name[kind], &cmd) < 0)
		return;
	if (reader_make_fifo(f, &cmd, kind_name[kind]) < 0) {
		script_cmd_free(&cmd);
		return;
	}
	r = xcalloc(1, sizeof(*r));
	r->owner = fr;
	r->what = kind_name[kind];
	fifo_key(f, key);
	for (size_t i = 0; i < 6; i++)
		r->key[i] = key[i] ? xstrdup(key[i]) : NULL;
	r->hold_fd = open(f->path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (r->hold_fd < 0)
		log_warn("%s: cannot open FIFO %s", r->what, f->path);
	req.argv = cmd.argv;
	req.use_shell = cmd.shell;
	req.shell_line = cmd.cmd;
	req.uid = cmd.uid;
	req.gid = cmd.gid;
	rc = spawn_start(fr->loop, &r->proc, &req, reader_done, r);
	script_cmd_free(&cmd);
	if (rc < 0) {
		log_err("%s: cannot start %s: %s", r->what, f->script->cmd, strerror(-rc));
		reader_free(r);
		return;
	}
	r->pid = r->proc.pid;
	log_info("%s: started %s %s (pid %ld)", r->what, f->script->cmd, f->path, (long)r->pid);
	r->next = fr->list;
	fr->list = r;
	fr->nlive++;
	fr->slot[kind] = r;
}

/* SIGTERM to r's group; it stays listed until reaped. */
static void
reader_retire(struct fifo_readers *fr, struct fifo_reader *r)
{
	for (size_t i = 0; i < FIFO_KINDS; i++)
		if (fr->slot[i] == r)
			fr->slot[i] = NULL;
	r->retired = true;
	reader_close_hold(r);
	spawn_kill(&r->proc);
}

struct fifo_readers *
fifo_readers_new(struct ev_loop *loop, fifo_readers_gone_cb cb, void *arg)
{
	struct fifo_readers *fr = xcalloc(1, sizeof(*fr));

	fr->loop = loop;
	fr->gone_cb = cb;
	fr->gone_arg = arg;
	return fr;
}

void
fifo_readers_apply(struct fifo_readers *fr, const struct conf *conf)
{
	if (fr->stopping)
		return;
	for (size_t kind = 0; kind < FIFO_KINDS; kind++) {
		const struct conf_fifo *f = kind_fifo(conf, kind);
		bool wanted = f->path && f->script && f->script->cmd;
		struct fifo_reader *r = fr->slot[kind];

		if (r && wanted && reader_matches(r, f))
			continue;
		if (r) {
			log_info("%s for %s: configuration changed, stopping it", r->what,
				 r->key[0]);
			reader_retire(fr, r);
		}
		if (wanted)
			reader_start(fr, conf, kind);
	}
}

static void
drain_over(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct fifo_readers *fr = arg;

	(void)loop, (void)t;
	for (struct fifo_reader *r = fr->list; r; r = r->next)
		spawn_kill(&r->proc);
}

void
fifo_readers_stop(struct fifo_readers *fr)
{
	if (fr->stopping)
		return;
	fr->stopping = true;
	for (struct fifo_reader *r = fr->list; r; r = r->next)
		reader_close_hold(r);
	if (fr->nlive) {
		ev_timer_init(&fr->drain, drain_over, fr);
		ev_timer_start(fr->loop, &fr->drain, READER_DRAIN_US);
	}
}

size_t
fifo_readers_running(const struct fifo_readers *fr)
{
	return fr ? fr->nlive : 0;
}

void
fifo_readers_close_after_fork(struct fifo_readers *fr)
{
	if (!fr)
		return;
	for (struct fifo_reader *r = fr->list; r; r = r->next)
		if (r->hold_fd >= 0)
			close(r->hold_fd);
}

void
fifo_readers_free(struct fifo_readers *fr)
{
	if (!fr)
		return;
	ev_timer_stop(fr->loop, &fr->drain);
	while (fr->list) {
		struct fifo_reader *r = fr->list;

		fr->list = r->next;
		spawn_stop(&r->proc);
		reader_free(r);
	}
	free(fr);
}
