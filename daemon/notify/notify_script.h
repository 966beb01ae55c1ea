/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * notify_script: run configured scripts (notify_master, notify, notify_up,
 * quorum_up ...) through the spawner, as the configured script user, with
 * keepalived's script-security rule. Fire and forget: the runner owns each
 * running script until it exits and reaps it; nothing waits for a script.
 */
#ifndef VIGIL_NOTIFY_SCRIPT_H
#define VIGIL_NOTIFY_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct ev_loop;
struct conf;
struct conf_script;
struct notify_runner;

/* A configured script made ready to spawn. */
struct script_cmd {
	char **argv; /* owned; argv[0] resolved to a path unless shell */
	bool shell;  /* run cmd with /bin/sh -c */
	const char *cmd;
	uid_t uid;
	gid_t gid;
};

/*
 * Prepares s to run: the user (user/group if given, else s's own, else the
 * global script_user, else keepalived_script if it exists, else root), argv
 * splitting, and keepalived's security rule for scripts run as root under
 * enable_script_security. Returns 0, or -1 after logging why (what names the
 * script in the log). Free with script_cmd_free().
 */
int script_cmd_prepare(const struct conf *conf, const struct conf_script *s, const char *user,
		       const char *group, const char *what, struct script_cmd *out);
void script_cmd_free(struct script_cmd *c);

/* A runner for the scripts of conf (borrowed; see notify_runner_set_conf). */
struct notify_runner *notify_runner_new(struct ev_loop *loop, const struct conf *conf);
/* After a reload: later scripts use the new global script settings. */
void notify_runner_set_conf(struct notify_runner *r, const struct conf *conf);
/* Kills every script still running (their process groups) and frees the runner. */
void notify_runner_free(struct notify_runner *r);
/*
 * Starts script s with extra_args (NULL-terminated, may be NULL) appended.
 * what names it in log lines ("(VI_1) notify_master"). Returns 0 when it was
 * started, -1 when it was refused or could not start (logged).
 */
int notify_run(struct notify_runner *r, const struct conf_script *s, char *const *extra_args,
	       const char *what);
/* Scripts currently running (tests, stats). */
size_t notify_running(const struct notify_runner *r);

#endif
