/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * log: the daemon's logging. syslog with keepalived's ident per process
 * (Keepalived, Keepalived_vrrp, Keepalived_healthcheckers), optionally also
 * the console (-l) and a log file (-g); -G disables syslog, -S picks the
 * facility, -D enables detail messages. Only daemon code logs: lib/ and the
 * pure modules fill error buffers instead.
 */
#ifndef VIGIL_UTIL_LOG_H
#define VIGIL_UTIL_LOG_H

#include <stdarg.h>
#include <stdbool.h>

enum log_process {
	LOG_PROC_PARENT,
	LOG_PROC_VRRP,
	LOG_PROC_CHECKER,
};

struct log_opts {
	bool console;	  /* -l: also write to stderr */
	bool no_syslog;	  /* -G */
	bool detail;	  /* -D: log_detail() messages are emitted */
	bool debug;	  /* log_debug() messages are emitted */
	int facility;	  /* -S: syslog facility (LOG_DAEMON by default) */
	const char *file; /* -g: also append to this file (children insert a suffix) */
};

/* Sets options for this process and opens syslog with the process's ident. */
void log_init(const struct log_opts *opts, enum log_process proc);
/* Re-opens for a forked child (new ident, child-specific log file name). */
void log_set_process(enum log_process proc);
void log_close(void);
/* The syslog ident for proc ("Keepalived_vrrp" ...). */
const char *log_ident(enum log_process proc);
/*
 * The -g file name a child writes to: FILE with "_vrrp" or
 * "_healthcheckers" inserted before the extension. Owned result.
 */
char *log_child_file_name(const char *file, enum log_process proc);
/* Parses a -S argument: 0-7, local0-local7, user or daemon. Returns -1 if unknown. */
int log_parse_facility(const char *arg);

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Appends ": strerror(errno)". */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_detail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Start-up failures and broken invariants only; exits with code. */
void fatalx(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));

#endif
