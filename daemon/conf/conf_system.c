/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_system: the checks of a loaded model against this machine, run for
 * -t and at start-up (conf_load_opts.check_system): every interface the
 * configuration needs must exist (FATAL, or WARNING with
 * dynamic_interfaces), and scripts that would run as root must be safe.
 *
 * Script security follows keepalived 2.2.7 -t: a configured script that
 * exists and would run as root while enable_script_security is off is a
 * SECURITY diagnostic ("scripts are being executed but script_security not
 * enabled", exit 6); with enable_script_security, a script whose file or a
 * parent directory can be changed by a non-root user is SECURITY too, and
 * without script_user (or user keepalived_script) root scripts are refused.
 * Configuration files a non-root user could change get a WARNING (vigil's
 * addition; keepalived says nothing).
 * Only reads the system (if_nametoindex, stat, getpwnam); never changes it.
 */
#include "config.h"

#include <limits.h>
#include <net/if.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/conf_model_priv.h"

struct sys_ctx {
	struct conf_parse_ctx *ctx;
	struct conf_strlist seen; /* interfaces already reported */
	bool any_root_script, any_insecure;
	struct conf_loc first_root; /* where the first script run as root is configured */
};

static void
need_if(struct sys_ctx *s, const char *ifname, const struct conf_loc *loc, const char *what,
	bool fatal)
{
	const struct conf_global *g = &s->ctx->conf->global;

	if (!ifname || if_nametoindex(ifname) || conf_strlist_has(&s->seen, ifname))
		return;
	conf_strlist_add(s->ctx->conf, &s->seen, ifname);
	conf_diag_at(s->ctx, fatal && !g->dynamic_interfaces ? CONF_DIAG_FATAL : CONF_DIAG_WARNING,
		     loc, "interface %s (%s) does not exist", ifname, what);
}

static void
check_routes(struct sys_ctx *s, const struct conf_routelist *l, const char *what)
{
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		need_if(s, l->v[i].dev, &l->v[i].loc, what, true);
		for (j = 0; j < l->v[i].nnexthops; j++)
			need_if(s, l->v[i].nexthops[j].dev, &l->v[i].loc, what, true);
	}
}

static void
check_iplist(struct sys_ctx *s, const struct conf_iplist *l, const char *what)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		need_if(s, l->v[i].dev, &l->v[i].loc, what, true);
}

static void
check_vrrp_ifs(struct sys_ctx *s, const struct conf_vrrp *v)
{
	char what[128];
	size_t i;

	snprintf(what, sizeof(what), "vrrp_instance %s", v->name);
	need_if(s, v->ifname, &v->loc, what, true);
	for (i = 0; i < v->track_if.n; i++)
		need_if(s, v->track_if.v[i].name, &v->track_if.v[i].loc, what, true);
	check_iplist(s, &v->vips, what);
	check_iplist(s, &v->evips, what);
	check_routes(s, &v->vroutes, what);
}

static void
check_interfaces(struct sys_ctx *s)
{
	const struct conf *conf = s->ctx->conf;
	size_t i, j;

	for (i = 0; i < conf->nvrrp; i++)
		check_vrrp_ifs(s, conf->vrrp[i]);
	for (i = 0; i < conf->nsync_groups; i++)
		for (j = 0; j < conf->sync_groups[i]->track_if.n; j++)
			need_if(s, conf->sync_groups[i]->track_if.v[j].name,
				&conf->sync_groups[i]->track_if.v[j].loc, "vrrp_sync_group", true);
	check_iplist(s, &conf->static_addrs, "static_ipaddress");
	check_routes(s, &conf->static_routes, "static_routes");
	for (i = 0; i < conf->ngarp_groups; i++)
		for (j = 0; j < conf->garp_groups[i]->interfaces.n; j++)
			need_if(s, conf->garp_groups[i]->interfaces.v[j],
				&conf->garp_groups[i]->loc, "garp_group", true);
	need_if(s, conf->global.lvs_sync_daemon.ifname, &conf->global.lvs_sync_daemon.loc,
		"lvs_sync_daemon", true);
	for (i = 0; i < conf->nlinkbeat; i++)
		need_if(s, conf->linkbeat[i].ifname, &conf->linkbeat[i].loc, "linkbeat_interfaces",
			false);
	for (i = 0; i < conf->nupdown; i++)
		need_if(s, conf->updown[i].ifname, &conf->updown[i].loc, "interface_up_down_delays",
			false);
}

/* ---- scripts ---- */

/* The executable a command runs: absolute, relative to cwd, or found in PATH. */
static bool
find_exec(const char *cmd, char *out, size_t len)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];
	const char *p, *end;

	if (strchr(cmd, '/'))
		return realpath(cmd, out) != NULL && len >= PATH_MAX;
	if (!path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	for (p = path; *p; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		snprintf(buf, sizeof(buf), "%.*s/%s", (int)(end - p), p, cmd);
		if (!access(buf, X_OK))
			return realpath(buf, out) != NULL && len >= PATH_MAX;
	}
	return false;
}

/* Writable by someone other than root: the file or any directory above it. */
static bool
writable_by_others(const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return true;
	if (st.st_uid != 0)
		return true;
	/* A sticky directory (/tmp) protects root's entries from other users. */
	return (st.st_mode & (S_IWGRP | S_IWOTH)) &&
	       !(S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX));
}

/* The file or a directory above it that a non-root user could change, or NULL. */
static const char *
insecure_part(char *path)
{
	char *slash;

	for (;;) {
		if (writable_by_others(path))
			return path;
		slash = strrchr(path, '/');
		if (!slash || (slash == path && !path[1]))
			return NULL;
		if (slash == path)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
}

static uid_t
script_uid(struct sys_ctx *s, const struct conf_script *sc, const char *user, bool *known)
{
	const struct conf_global *g = &s->ctx->conf->global;
	const char *name = sc->user ? sc->user : user ? user : g->script_user;
	struct passwd *pw;

	*known = true;
	if (!name) {
		pw = getpwnam("keepalived_script");
		if (pw)
			return pw->pw_uid;
		*known = !g->enable_script_security;
		return geteuid();
	}
	pw = getpwnam(name);
	if (!pw) {
		conf_diag_at(s->ctx, CONF_DIAG_ERROR, &sc->loc,
			     "script user '%s' does not exist; the script will not run", name);
		*known = false;
		return (uid_t)-1;
	}
	return pw->pw_uid;
}

static void
check_script(struct sys_ctx *s, const struct conf_script *sc, const char *user)
{
	char path[PATH_MAX], copy[PATH_MAX];
	const char *bad;
	bool known;
	uid_t uid;

	if (!sc)
		return;
	if (!find_exec(sc->argv[0], path, sizeof(path))) {
		conf_diag_at(s->ctx, CONF_DIAG_WARNING, &sc->loc,
			     "script '%s' not found or not executable", sc->argv[0]);
		return;
	}
	uid = script_uid(s, sc, user, &known);
	if (!known && uid != (uid_t)-1) {
		conf_diag_at(s->ctx, CONF_DIAG_ERROR, &sc->loc,
			     "enable_script_security: '%s' would run as root without a script_user "
			     "(and user keepalived_script does not exist); it will not run",
			     sc->argv[0]);
		return;
	}
	if (!known || uid != 0)
		return;
	if (!s->any_root_script)
		s->first_root = sc->loc;
	s->any_root_script = true;
	strcpy(copy, path);
	bad = insecure_part(copy);
	if (!bad)
		return;
	s->any_insecure = true;
	if (s->ctx->conf->global.enable_script_security)
		conf_diag_at(s->ctx, CONF_DIAG_SECURITY, &sc->loc,
			     "script '%s' runs as root but %s is writable by a non-root user; it "
			     "will not run",
			     sc->argv[0], bad);
}

static void
check_notify(struct sys_ctx *s, const struct conf_notify *n)
{
	check_script(s, n->master, NULL);
	check_script(s, n->backup, NULL);
	check_script(s, n->fault, NULL);
	check_script(s, n->stop, NULL);
	check_script(s, n->any, NULL);
	check_script(s, n->deleted, NULL);
	check_script(s, n->master_rx_lower_pri, NULL);
}

static void
check_lvs_scripts(struct sys_ctx *s)
{
	const struct conf *conf = s->ctx->conf;
	size_t i, j, k;

	for (i = 0; i < conf->nvs; i++) {
		check_script(s, conf->vs[i]->quorum_up, NULL);
		check_script(s, conf->vs[i]->quorum_down, NULL);
		for (j = 0; j < conf->vs[i]->nrs; j++) {
			const struct conf_rs *rs = conf->vs[i]->rs[j];

			check_script(s, rs->notify_up, NULL);
			check_script(s, rs->notify_down, NULL);
			for (k = 0; k < rs->ncheckers; k++)
				if (rs->checkers[k]->type == CONF_CHECK_MISC)
					check_script(s, rs->checkers[k]->u.misc.script,
						     rs->checkers[k]->u.misc.user);
		}
	}
}

static void
check_scripts(struct sys_ctx *s)
{
	const struct conf *conf = s->ctx->conf;
	const struct conf_global *g = &conf->global;
	size_t i;

	for (i = 0; i < conf->nscripts; i++)
		check_script(s, conf->scripts[i]->script, conf->scripts[i]->user);
	for (i = 0; i < conf->nvrrp; i++)
		check_notify(s, &conf->vrrp[i]->notify);
	for (i = 0; i < conf->nsync_groups; i++)
		check_notify(s, &conf->sync_groups[i]->notify);
	check_lvs_scripts(s);
	check_script(s, g->startup_script, NULL);
	check_script(s, g->shutdown_script, NULL);
	check_script(s, g->notify_fifo.script, NULL);
	check_script(s, g->vrrp_notify_fifo.script, NULL);
	check_script(s, g->lvs_notify_fifo.script, NULL);
	if (s->any_root_script && !g->enable_script_security)
		conf_diag_at(s->ctx, CONF_DIAG_SECURITY, &s->first_root,
			     "SECURITY VIOLATION - scripts are being executed but script_security "
			     "not enabled.%s",
			     s->any_insecure ? " There are insecure scripts." : "");
}

/*
 * Whoever can change a configuration file read by root can make root run
 * any command (notify scripts, MISC_CHECK): a warning for each file that a
 * non-root user could change, or whose directory they could. Not an error:
 * keepalived accepts such files, and an operator may have reasons.
 */
static void
check_conf_files(struct sys_ctx *s)
{
	const struct conf *conf = s->ctx->conf;
	char copy[PATH_MAX];
	const char *bad;

	for (size_t i = 0; i < conf->nfiles; i++) {
		struct conf_loc loc = {.file = conf->files[i], .line = 0};

		if (!realpath(conf->files[i], copy))
			continue;
		bad = insecure_part(copy);
		if (bad)
			conf_diag_at(s->ctx, CONF_DIAG_WARNING, &loc,
				     "%s is writable by a non-root user, who could make vigild run "
				     "commands as root; make it owned by root and not group- or "
				     "world-writable",
				     bad);
	}
}

void
conf_check_system(struct conf_parse_ctx *ctx)
{
	struct sys_ctx s = {.ctx = ctx};

	check_interfaces(&s);
	if (geteuid() == 0) {
		check_conf_files(&s);
		check_scripts(&s);
	}
}
