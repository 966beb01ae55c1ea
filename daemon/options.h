/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * options: vigild's command line, keepalived-compatible. Parsing is pure:
 * it fills struct vigil_opts and an error message, never exits or logs, so
 * main.c decides what to print and tests can drive it directly.
 */
#ifndef VIGIL_DAEMON_OPTIONS_H
#define VIGIL_DAEMON_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* keepalived's process exit codes (systemd.exec conventions). */
enum vigil_exit {
	VIGIL_EXIT_OK = 0,
	VIGIL_EXIT_FATAL = 1,
	VIGIL_EXIT_CONFIG = 2,
	VIGIL_EXIT_MISSING_PERMISSION = 4,
	VIGIL_EXIT_NO_CONFIG = 6,
	VIGIL_EXIT_PROGRAM_ERROR = 70,
};

enum vigil_action {
	VIGIL_RUN,	 /* run the daemon */
	VIGIL_CONF_TEST, /* -t: validate and exit 0/4/5/6 */
	VIGIL_VERSION,	 /* -v */
	VIGIL_HELP,	 /* -h */
	VIGIL_SIGNUM,	 /* --signum=NAME: print the number and exit */
	VIGIL_STATUS,	 /* --status: ask the running children, exit 0 or 3 */
	VIGIL_RELOAD,	 /* --reload: validate, SIGHUP the daemon, wait until applied */
};

struct vigil_opts {
	enum vigil_action action;
	const char *conf_file;	      /* -f */
	bool vrrp_only;		      /* -P */
	bool checker_only;	      /* -C */
	bool all_children;	      /* --all */
	bool log_console;	      /* -l */
	bool log_detail;	      /* -D */
	int log_facility;	      /* -S, 0 = default (daemon) */
	const char *log_file;	      /* -g */
	bool flush_log_file;	      /* --flush-log-file */
	bool no_syslog;		      /* -G */
	bool release_vips;	      /* -X */
	bool dont_release_vrrp;	      /* -V */
	bool dont_release_ipvs;	      /* -I */
	bool dont_respawn;	      /* -R */
	bool dont_fork;		      /* -n */
	bool dump_conf;		      /* -d */
	const char *pid_file;	      /* -p */
	const char *vrrp_pid_file;    /* -r */
	const char *checker_pid_file; /* -c */
	const char *namespace;	      /* -s */
	bool all_config;	      /* -e */
	const char *config_id;	      /* -i */
	const char *config_test_file; /* -t=FILE: diagnostics go there */
	int signum;		      /* --signum result */
	bool ignore_sigint;	      /* --ignore-sigint */
	bool json;		      /* --json (with --status) */
	int umask_val;		      /* -u, -1 = unchanged */
	bool ipvs_dry_run;	      /* --ipvs-dry-run: log IPVS commands, send none */
	/* Accepted for compatibility; each one names the issue that brings it. */
	const char *later[16];
	size_t nlater;
};

/*
 * Parses argv into opts (argv is not modified beyond getopt's permutation).
 * Returns 0, or -1 with a one-line message in err.
 */
int options_parse(int argc, char **argv, struct vigil_opts *opts, char *err, size_t errlen);
/* Signal number for a keepalived --signum name (STOP, RELOAD, DATA, STATS ...), or -1. */
int options_signum(const char *name);
/* Usage text. */
void options_usage(const char *prog, FILE *out);

#endif
