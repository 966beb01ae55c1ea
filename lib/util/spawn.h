/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spawn: the one place that runs external commands (notify, vrrp_script,
 * MISC_CHECK, startup/shutdown scripts). Splits a configured command line as
 * keepalived does, checks that a script run as root cannot be modified by a
 * non-root user (enable_script_security), resolves script_user, and runs a
 * command from an event loop in its own process group with a clean
 * environment, a timeout (SIGTERM, then SIGKILL to the group) and reaping
 * through ev_child. Nothing here logs or exits: errors are returned.
 *
 * spawn_argv.c and spawn_sec.c are pure (no fork, no ev) and live in
 * libutil.a; spawn.c needs lib/ev and lives in libspawn.a.
 */
#ifndef VIGIL_UTIL_SPAWN_H
#define VIGIL_UTIL_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ev/ev.h"

/* The only PATH a spawned command sees, and where bare command names are looked up. */
#define SPAWN_PATH "/usr/sbin:/usr/bin:/sbin:/bin"
/* Time between SIGTERM and SIGKILL to the group when none is configured (keepalived: 2 s). */
#define SPAWN_GRACE_US (2 * EV_USEC_PER_SEC)

/* --- command lines (spawn_argv.c, pure) ------------------------------------------------- */

/*
 * Splits cmdline into words the way keepalived splits a script command
 * (its second split, of the command string the config lexer already
 * unquoted: `script "/bin/x -a 'b c'"` arrives here as `/bin/x -a 'b c'`):
 * unquoted blanks separate words; single and double quotes group and may
 * appear mid-word; backslash escapes (\a \b \E \f \n \r \t \v \nnn octal,
 * \xHH, \cC, else the character itself) work inside and outside quotes; ""
 * is an empty word. *needs_shell is set when unquoted, unescaped shell
 * syntax appears: one of | & ; < > ( ) $ ` * ? [ ] { } or a newline, ~ or #
 * starting a word, or NAME= starting the first word: the command is then
 * meant for /bin/sh -c cmdline (keepalived itself never uses a shell for
 * such lines; it passes "|" etc. to the program as words).
 * On success *argv_out is an owned NULL-terminated array (free with
 * spawn_argv_free) with at least one word. Returns 0, or -1 with err set
 * (unbalanced quote, trailing backslash, empty command).
 */
int spawn_argv_split(const char *cmdline, char ***argv_out, bool *needs_shell, char *err,
		     size_t errlen);
/* Frees an array from spawn_argv_split(); NULL is a no-op. */
void spawn_argv_free(char **argv);
/* Number of words in a NULL-terminated array (NULL: 0). */
size_t spawn_argv_count(char *const *argv);
/*
 * Appends s to the shell command line buf (length *len, capacity cap) as
 * one single-quoted word preceded by a space. Returns 0, or -1 when it does
 * not fit (buf is then unchanged).
 */
int spawn_shell_quote(char *buf, size_t *len, size_t cap, const char *s);

/* --- files and users (spawn_sec.c, pure apart from stat and the user database) --------- */

/*
 * Resolves the executable for name: a name containing '/' is taken as is, a
 * bare name is looked up in SPAWN_PATH. The file must be a regular file that
 * uid/gid may execute (root: any execute bit). Writes the path to out.
 * Returns 0, -ENOENT (not found), -EACCES (found, not executable) or
 * -ENAMETOOLONG.
 */
int spawn_resolve_exec(const char *name, uid_t uid, gid_t gid, char *out, size_t outlen);
/*
 * enable_script_security: checks that no non-root user can modify or replace
 * the script path (bare names are resolved as spawn_resolve_exec does for
 * root). Every component of the path as written, from "/" to the file, and
 * every component of its canonical path (after symlinks) must be owned by
 * root; directories must not be group-writable (unless the group is root)
 * or world-writable, unless sticky (like /tmp); the file must not be
 * either. Returns 0 (secure), -EPERM (insecure; err names the component) or
 * -ENOENT (cannot be resolved or examined; err says why).
 */
int spawn_check_security(const char *path, char *err, size_t errlen);
/*
 * script_user USER [GROUP]: looks user up in the user database; gid is
 * GROUP's when group is non-NULL, else the user's primary group. Returns 0,
 * or -1 with err set (no such user or group, lookup error).
 */
int spawn_lookup_user(const char *user, const char *group, uid_t *uid, gid_t *gid, char *err,
		      size_t errlen);

/* --- running (spawn.c, needs lib/ev) --------------------------------------------------- */

/*
 * What to run. Zero-initialise and set what you need; nothing is kept after
 * spawn_start() returns (all memory is borrowed for the call only).
 */
struct spawn_req {
	char *const *argv;	 /* command words (argv[0] resolved with spawn_resolve_exec) */
	bool use_shell;		 /* run /bin/sh -c shell_line instead of argv */
	const char *shell_line;	 /* the command line for /bin/sh -c */
	char *const *extra_args; /* NULL-terminated, appended (shell: single-quoted) */
	char *const *env;	 /* NULL-terminated NAME=VALUE; no PATH, IFS, LD_* */
	bool set_ids;		 /* switch to uid/gid (needs root unless they are ours) */
	uid_t uid;
	gid_t gid;
	const gid_t *groups; /* supplementary groups when set_ids (NULL/0: none) */
	size_t ngroups;
	uint64_t timeout_us; /* 0: none; then SIGTERM to the group */
	uint64_t grace_us;   /* SIGTERM to SIGKILL; 0: SPAWN_GRACE_US */
	int stdout_fd;	     /* > 0: becomes the child's stdout; 0: /dev/null */
	int stderr_fd;	     /* > 0: becomes the child's stderr; 0: /dev/null */
};

/* How a command ended. */
struct spawn_result {
	int status;	/* as from waitpid(): WIFEXITED() etc. */
	bool timed_out; /* the timeout fired (SIGTERM, maybe SIGKILL, was sent) */
	bool killed;	/* spawn_kill() was called */
};

struct spawn_proc;
/* Runs once per spawn_start(); may free or restart p. */
typedef void (*spawn_done_cb)(struct spawn_proc *p, const struct spawn_result *r, void *arg);

/*
 * A running command; embed it in its owner and zero it before the first
 * spawn_start() (it is reusable once its callback ran or spawn_stop()).
 * Fields are private.
 */
struct spawn_proc {
	struct ev_loop *loop;
	struct ev_child child;
	struct ev_timer timer; /* timeout, then the SIGTERM-to-SIGKILL grace */
	pid_t pid;	       /* also the process group; 0 when not running */
	uint64_t grace_us;
	int status;	/* the leader's, once exited */
	bool exited;	/* reaped; the rest of its group may still be in its grace time */
	bool term_sent; /* the group got SIGTERM (timeout or spawn_kill) */
	bool timed_out;
	bool killed;
	spawn_done_cb cb;
	void *arg;
};

/*
 * Forks and execs req in a new process group: signal dispositions default,
 * empty signal mask, fds >= 3 closed, stdin /dev/null, ids switched when
 * asked, environment PATH=SPAWN_PATH plus req->env, parent-death signal
 * SIGTERM. A file that is not a binary and has no #! line is run with
 * /bin/sh, as execvp() does. Blocks only until the child has exec'd (its
 * setup and exec errors come back here). When the timeout fires the group
 * gets SIGTERM, then SIGKILL after the grace time if the command is still
 * running. cb runs once the command is reaped; after a SIGTERM, if others in
 * its group are still alive then, cb waits for the end of the grace time
 * and the group's SIGKILL. Processes a command leaves behind after a normal
 * exit are not touched (keepalived does not either).
 * Returns 0 once the command is running (cb will run exactly once, from the
 * loop, unless spawn_stop() is called first), or -errno when nothing runs:
 * -EBUSY (p is running), -EINVAL (bad req), -ENOENT/-EACCES (argv[0]), fork
 * errors, or the child's setup or exec errno (the child is reaped).
 * p must stay valid until cb runs or spawn_stop().
 */
int spawn_start(struct ev_loop *loop, struct spawn_proc *p, const struct spawn_req *req,
		spawn_done_cb cb, void *arg);
/* True between a successful spawn_start() and its callback / spawn_stop(). */
bool spawn_running(const struct spawn_proc *p);
/*
 * Reload/shutdown: SIGTERM to the group now, SIGKILL after the grace time;
 * cb still runs when the command is reaped (r->killed set). No-op if p is
 * not running.
 */
void spawn_kill(struct spawn_proc *p);
/*
 * For an owner's _free(): SIGKILL to the group and forget the command; cb
 * never runs. The loop still reaps the process. No-op if p is not running.
 */
void spawn_stop(struct spawn_proc *p);

#endif
