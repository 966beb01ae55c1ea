/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_track_file: track_file for the VRRP child. Each track_file that a
 * vrrp_instance or vrrp_sync_group tracks is created or overwritten first
 * when it has init_file (overwrite only when the child starts, not on a
 * reload), then read, and read again whenever inotify reports that its name
 * in the watched directory was written and closed, created, moved or
 * deleted (so an atomic replace by rename is seen too). Truncation alone
 * (IN_MODIFY) is not acted on: "echo 1 > f" would otherwise read an empty
 * file first. The value is an integer in text; a missing, unreadable or
 * non-numeric file reads as 0.
 */
#include "config.h"

#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "conf/conf.h"
#include "conf/conf_vrrp.h"
#include "ev/ev.h"
#include "util/log.h"
#include "util/xalloc.h"
#include "vrrp/vrrp_track.h"

#define TF_EVENTS (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE)
#define TF_LIMIT  253 /* keepalived: beyond -253 faults, and no more than 253 is added */

struct tfile {
	const struct conf_track_file *conf;
	int wd; /* -1: not watched */
	char base[NAME_MAX + 1];
	long long value;
};

struct vrrp_tfiles {
	struct ev_loop *loop;
	vrrp_track_changed_cb cb;
	void *arg;
	int ifd; /* inotify, -1 when nothing is watched */
	struct ev_io io;
	struct tfile *v;
	size_t n;
};

/* init_file overwrites only when the child starts, never on a reload. */
static bool tf_started;

static bool
list_has(const struct conf_tracklist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			return true;
	return false;
}

/* The manual: a file is only read if something monitors it. */
static bool
tfile_used(const struct conf *conf, const char *name)
{
	for (size_t i = 0; i < conf->nvrrp; i++)
		if (list_has(&conf->vrrp[i]->track_file, name))
			return true;
	for (size_t i = 0; i < conf->nsync_groups; i++)
		if (list_has(&conf->sync_groups[i]->track_file, name))
			return true;
	return false;
}

static long long
tfile_read(const char *path)
{
	char buf[64];
	ssize_t n;
	long long v;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	v = strtoll(buf, NULL, 10);
	/* clamped so that value x weight (|weight| < 2^31) cannot overflow */
	if (v > INT32_MAX)
		v = INT32_MAX;
	if (v < -(long long)INT32_MAX)
		v = -(long long)INT32_MAX;
	return v;
}

static void
tfile_init(const struct conf_track_file *tf, bool overwrite)
{
	char line[32];
	int fd, len;

	if (!tf->init_file || ((!overwrite || !tf->init_overwrite) && access(tf->file, F_OK) == 0))
		return;
	fd = open(tf->file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0644);
	if (fd < 0) {
		log_warn("Track file %s: cannot initialise %s", tf->name, tf->file);
		return;
	}
	len = snprintf(line, sizeof(line), "%ld\n", tf->init_value);
	if (write(fd, line, (size_t)len) != len)
		log_warn("Track file %s: cannot initialise %s", tf->name, tf->file);
	close(fd);
}

static void
tfile_watch(struct vrrp_tfiles *f, struct tfile *tf)
{
	char dir[PATH_MAX], base[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s", tf->conf->file);
	snprintf(base, sizeof(base), "%s", tf->conf->file);
	snprintf(tf->base, sizeof(tf->base), "%s", basename(base));
	tf->wd = -1;
	if (f->ifd < 0)
		return;
	tf->wd = inotify_add_watch(f->ifd, dirname(dir), TF_EVENTS);
	if (tf->wd < 0)
		log_warn("Track file %s: cannot watch the directory of %s; value %lld kept",
			 tf->conf->name, tf->conf->file, tf->value);
}

/* Re-reads tf; true when its value changed. */
static bool
tfile_update(struct tfile *tf)
{
	long long v = tfile_read(tf->conf->file);

	if (v == tf->value)
		return false;
	log_info("Track file %s: value changed from %lld to %lld", tf->conf->name, tf->value, v);
	tf->value = v;
	return true;
}

/* Which files an inotify event concerns: re-read them (all on an overflow). */
static bool
tfiles_event(struct vrrp_tfiles *f, const struct inotify_event *e)
{
	bool changed = false;

	for (size_t i = 0; i < f->n; i++) {
		struct tfile *tf = &f->v[i];

		if (!(e->mask & IN_Q_OVERFLOW) && tf->wd != e->wd)
			continue;
		if (e->mask & IN_IGNORED) {
			log_warnx("Track file %s: the directory of %s is gone; no longer watched",
				  tf->conf->name, tf->conf->file);
			tf->wd = -1;
		} else if (!(e->mask & IN_Q_OVERFLOW) && (!e->len || strcmp(e->name, tf->base))) {
			continue;
		}
		changed |= tfile_update(tf);
	}
	return changed;
}

static void
tfiles_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct vrrp_tfiles *f = arg;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool changed = false;
	ssize_t n;

	(void)loop, (void)io, (void)revents;
	while ((n = read(f->ifd, buf, sizeof(buf))) > 0) {
		for (size_t off = 0; off + sizeof(struct inotify_event) <= (size_t)n;) {
			const struct inotify_event *e = (const struct inotify_event *)(buf + off);

			changed |= tfiles_event(f, e);
			off += sizeof(*e) + e->len;
		}
	}
	if (changed)
		f->cb(f->arg);
}

struct vrrp_tfiles *
vrrp_tfiles_new(struct ev_loop *loop, const struct conf *conf, vrrp_track_changed_cb cb, void *arg)
{
	struct vrrp_tfiles *f = xcalloc(1, sizeof(*f));
	bool overwrite = !tf_started, tried = false;

	tf_started = true;
	f->loop = loop;
	f->cb = cb;
	f->arg = arg;
	f->ifd = -1;
	f->v = xcalloc(conf->ntrack_files ? conf->ntrack_files : 1, sizeof(*f->v));
	for (size_t i = 0; i < conf->ntrack_files; i++) {
		const struct conf_track_file *c = conf->track_files[i];
		struct tfile *tf;

		if (!c->file || !tfile_used(conf, c->name))
			continue;
		if (!tried) {
			tried = true;
			f->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
			if (f->ifd < 0)
				log_warn("Track files: inotify; values are read once");
		}
		tf = &f->v[f->n++];
		tf->conf = c;
		tfile_init(c, overwrite);
		tfile_watch(f, tf); /* before the first read: no change is lost */
		tf->value = tfile_read(c->file);
	}
	if (f->ifd >= 0) {
		ev_io_init(&f->io, f->ifd, tfiles_io, f);
		if (ev_io_start(loop, &f->io, EV_READ, 0) < 0)
			log_warnx("Track files: cannot watch the inotify descriptor");
	}
	return f;
}

void
vrrp_tfiles_free(struct vrrp_tfiles *f)
{
	if (!f)
		return;
	if (f->ifd >= 0) {
		ev_io_stop(f->loop, &f->io);
		close(f->ifd);
	}
	free(f->v);
	free(f);
}

int
vrrp_tfiles_weigh(const struct vrrp_tfiles *f, const struct conf_track *tr, bool *fault)
{
	long long v = 0, s;

	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].conf->name, tr->name))
			v = f->v[i].value;
	if (tr->weight == 0) {
		if ((v != 0) != tr->reverse)
			*fault = true;
		return 0;
	}
	s = v * tr->weight;
	if (tr->reverse)
		s = -s;
	if (s < -TF_LIMIT) {
		*fault = true;
		return 0;
	}
	return s > TF_LIMIT ? TF_LIMIT : (int)s;
}
