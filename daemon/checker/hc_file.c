/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_file: FILE_CHECK. Follows the number in a track_file's file (read at
 * start, then again whenever inotify reports a change to it; a missing or
 * unreadable file counts as 0). Without `dynamic` the checker is up while
 * the value is 0 (non-zero with `reverse`); with `dynamic`, value x weight
 * (negated with `reverse`) is added to the real server's weight, and the
 * checker is down only when that is at or below -2^31. Event driven: no
 * delay_loop, no retries. Never blocks beyond reading a small local file.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "checker/hc_priv.h"
#include "util/log.h"
#include "util/xalloc.h"

struct hc_file {
	struct ev_io io;
	int ifd; /* inotify */
	const struct conf_track_file *tf;
	char base[NAME_MAX + 1];
	long long value;
};

static long long
read_value(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtoll(buf, NULL, 10);
}

/* Verdict and weight for value v. */
static bool
verdict(const struct conf_file_check *fc, long long v, bool *has_weight, int *delta)
{
	long long s;

	*has_weight = false;
	*delta = 0;
	if (!fc->dynamic)
		return (v == 0) != fc->reverse;
	/* |v| is at most 2^63; clamp it first so that v x weight cannot overflow */
	if (v > INT32_MAX)
		v = INT32_MAX;
	if (v < -(long long)INT32_MAX)
		v = -(long long)INT32_MAX;
	s = v * (long long)fc->weight;
	if (fc->reverse)
		s = -s;
	if (s <= INT32_MIN)
		return false;
	*has_weight = true;
	*delta = s > INT32_MAX ? INT32_MAX : (int)s;
	return true;
}

/* Reads the file and applies it; quiet (reload): sets the fields only. */
static void
apply(struct hc_checker *c, bool quiet)
{
	struct hc_file *f = c->priv;
	bool up, has_weight;
	int delta;

	f->value = read_value(f->tf->file);
	up = verdict(&c->conf->u.file, f->value, &has_weight, &delta);
	if (quiet) {
		c->up = up;
		c->has_weight = has_weight;
		c->weight_delta = delta;
		return;
	}
	hc_checker_set_weight(c, has_weight, delta);
	hc_checker_set_state(c, up, "FILE_CHECK on service %s: track file %s value %lld, %s",
			     c->label, f->tf->name, f->value, up ? "up" : "down");
}

static void
file_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct hc_checker *c = arg;
	struct hc_file *f = c->priv;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool ours = false;
	ssize_t n;
	size_t off;

	(void)loop, (void)io, (void)revents;
	while ((n = read(f->ifd, buf, sizeof(buf))) > 0) {
		for (off = 0; off + sizeof(struct inotify_event) <= (size_t)n;) {
			const struct inotify_event *e = (const struct inotify_event *)(buf + off);

			if ((e->len && !strcmp(e->name, f->base)) || (e->mask & IN_IGNORED))
				ours = true;
			off += sizeof(*e) + e->len;
		}
	}
	if (ours)
		apply(c, false);
}

static void
init_file(const struct conf_track_file *tf)
{
	char line[32];
	int fd;

	if (!tf->init_file || (!tf->init_overwrite && access(tf->file, F_OK) == 0))
		return;
	fd = open(tf->file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		log_warn("track file %s: cannot initialise %s", tf->name, tf->file);
		return;
	}
	snprintf(line, sizeof(line), "%ld\n", tf->init_value);
	if (write(fd, line, strlen(line)) < 0)
		log_warn("track file %s: cannot initialise %s", tf->name, tf->file);
	close(fd);
}

static int
watch(struct hc_checker *c, struct hc_file *f)
{
	char dir[PATH_MAX], base[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s", f->tf->file);
	snprintf(base, sizeof(base), "%s", f->tf->file);
	snprintf(f->base, sizeof(f->base), "%s", basename(base));
	f->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (f->ifd < 0)
		return -1;
	if (inotify_add_watch(f->ifd, dirname(dir),
			      IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
				      IN_MODIFY) < 0) {
		log_warn("FILE_CHECK on service %s: cannot watch %s", c->label, f->tf->file);
		close(f->ifd);
		f->ifd = -1;
		return 0; /* keep the value read at start */
	}
	ev_io_init(&f->io, f->ifd, file_io, c);
	return ev_io_start(c->rs->eng->loop, &f->io, EV_READ, 0) < 0 ? -1 : 0;
}

static int
file_init(struct hc_checker *c)
{
	const struct conf_track_file *tf =
		conf_find_track_file(c->rs->eng->conf, c->conf->u.file.track_file);
	struct hc_file *f;

	if (!tf || !tf->file) {
		log_warnx("FILE_CHECK on service %s: track_file %s not found; ignored", c->label,
			  c->conf->u.file.track_file ? c->conf->u.file.track_file : "(none)");
		return -1;
	}
	f = x_new(struct hc_file);
	f->tf = tf;
	f->ifd = -1;
	c->priv = f;
	init_file(tf);
	if (watch(c, f) < 0) {
		log_warn("FILE_CHECK on service %s: inotify", c->label);
		if (f->ifd >= 0)
			close(f->ifd);
		free(f);
		c->priv = NULL;
		return -1;
	}
	apply(c, false);
	return 0;
}

static void
file_start(struct hc_checker *c)
{
	(void)c; /* never scheduled */
}

static void
file_free(struct hc_checker *c)
{
	struct hc_file *f = c->priv;

	if (!f)
		return;
	if (f->ifd >= 0) {
		ev_io_stop(c->rs->eng->loop, &f->io);
		close(f->ifd);
	}
	free(f);
	c->priv = NULL;
}

static void
file_dump(const struct hc_checker *c, FILE *out)
{
	const struct hc_file *f = c->priv;

	fprintf(out, "     track file %s (%s) value %lld\n", f->tf->name, f->tf->file, f->value);
}

/* Reload: the track file's path may have changed under the same name: read it again. */
static void
file_migrate(struct hc_checker *to, const struct hc_checker *from)
{
	(void)from;
	apply(to, true);
}

static bool
file_same_as(const struct conf_checker *a, const struct conf_checker *b)
{
	const struct conf_file_check *x = &a->u.file, *y = &b->u.file;

	return hc_str_eq(x->track_file, y->track_file) && x->weight == y->weight &&
	       x->reverse == y->reverse && x->dynamic == y->dynamic;
}

const struct hc_ops hc_file_ops = {
	.name = "FILE_CHECK",
	.init = file_init,
	.start = file_start,
	.free = file_free,
	.dump = file_dump,
	.same_as = file_same_as,
	.migrate = file_migrate,
	.event_driven = true,
};
