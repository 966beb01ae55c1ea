/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * log: syslog, console and log-file output with keepalived's idents. One
 * state record per process; a forked child calls log_set_process() so its
 * lines carry its own ident and go to its own log file.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"
#include "util/xalloc.h"

static struct {
	struct log_opts opts;
	enum log_process proc;
	char *base_file; /* -g as given */
	FILE *file;
	bool syslog_open;
} log_state = {
	.opts = {.facility = LOG_DAEMON},
};

const char *
log_ident(enum log_process proc)
{
	switch (proc) {
	case LOG_PROC_VRRP:
		return "Keepalived_vrrp";
	case LOG_PROC_CHECKER:
		return "Keepalived_healthcheckers";
	case LOG_PROC_PARENT:
		break;
	}
	return "Keepalived";
}

char *
log_child_file_name(const char *file, enum log_process proc)
{
	const char *suffix = proc == LOG_PROC_VRRP	? "_vrrp"
			     : proc == LOG_PROC_CHECKER ? "_healthcheckers"
							: "";
	const char *slash = strrchr(file, '/');
	const char *dot = strrchr(slash ? slash + 1 : file, '.');

	if (!dot || dot == (slash ? slash + 1 : file))
		return xasprintf("%s%s", file, suffix);
	return xasprintf("%.*s%s%s", (int)(dot - file), file, suffix, dot);
}

int
log_parse_facility(const char *arg)
{
	static const int local[] = {LOG_LOCAL0, LOG_LOCAL1, LOG_LOCAL2, LOG_LOCAL3,
				    LOG_LOCAL4, LOG_LOCAL5, LOG_LOCAL6, LOG_LOCAL7};

	if (arg[0] >= '0' && arg[0] <= '7' && arg[1] == '\0')
		return local[arg[0] - '0'];
	if (!strncasecmp(arg, "local", 5) && arg[5] >= '0' && arg[5] <= '7' && arg[6] == '\0')
		return local[arg[5] - '0'];
	if (!strcasecmp(arg, "user"))
		return LOG_USER;
	if (!strcasecmp(arg, "daemon"))
		return LOG_DAEMON;
	return -1;
}

static void
log_open_outputs(void)
{
	if (log_state.syslog_open)
		closelog();
	log_state.syslog_open = false;
	if (!log_state.opts.no_syslog) {
		openlog(log_ident(log_state.proc), LOG_PID, log_state.opts.facility);
		log_state.syslog_open = true;
	}
	if (log_state.file) {
		fclose(log_state.file);
		log_state.file = NULL;
	}
	if (log_state.base_file) {
		char *name = log_state.proc == LOG_PROC_PARENT
				     ? xstrdup(log_state.base_file)
				     : log_child_file_name(log_state.base_file, log_state.proc);

		log_state.file = fopen(name, "ae");
		if (log_state.file)
			setvbuf(log_state.file, NULL, _IOLBF, 0);
		else
			fprintf(stderr, "%s: cannot open log file %s: %s\n",
				log_ident(log_state.proc), name, strerror(errno));
		free(name);
	}
}

void
log_init(const struct log_opts *opts, enum log_process proc)
{
	log_state.opts = *opts;
	if (!log_state.opts.facility)
		log_state.opts.facility = LOG_DAEMON;
	free(log_state.base_file);
	log_state.base_file = opts->file ? xstrdup(opts->file) : NULL;
	log_state.opts.file = log_state.base_file;
	log_state.proc = proc;
	log_open_outputs();
}

void
log_set_process(enum log_process proc)
{
	log_state.proc = proc;
	log_open_outputs();
}

void
log_close(void)
{
	if (log_state.syslog_open)
		closelog();
	log_state.syslog_open = false;
	if (log_state.file)
		fclose(log_state.file);
	log_state.file = NULL;
}

static void
log_write(int prio, const char *fmt, va_list ap, int errnum)
{
	char msg[2048];
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);

	if (n >= 0 && errnum && (size_t)n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - (size_t)n, ": %s", strerror(errnum));
	if (log_state.syslog_open)
		syslog(prio, "%s", msg);
	if (log_state.opts.console || log_state.file) {
		char stamp[32];
		struct timespec ts;
		struct tm tm;

		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
		strftime(stamp, sizeof(stamp), "%a %b %e %H:%M:%S %Y", &tm);
		if (log_state.opts.console)
			fprintf(stderr, "%s: %s: %s\n", stamp, log_ident(log_state.proc), msg);
		if (log_state.file)
			fprintf(log_state.file, "%s: %s: %s\n", stamp, log_ident(log_state.proc),
				msg);
	}
}

#define LOG_BODY(prio, errnum)                                                                     \
	do {                                                                                       \
		va_list ap;                                                                        \
		va_start(ap, fmt);                                                                 \
		log_write(prio, fmt, ap, errnum);                                                  \
		va_end(ap);                                                                        \
	} while (0)

void
log_info(const char *fmt, ...)
{
	LOG_BODY(LOG_INFO, 0);
}

void
log_notice(const char *fmt, ...)
{
	LOG_BODY(LOG_NOTICE, 0);
}

void
log_warn(const char *fmt, ...)
{
	int e = errno;

	LOG_BODY(LOG_WARNING, e);
}

void
log_warnx(const char *fmt, ...)
{
	LOG_BODY(LOG_WARNING, 0);
}

void
log_err(const char *fmt, ...)
{
	LOG_BODY(LOG_ERR, 0);
}

void
log_detail(const char *fmt, ...)
{
	if (!log_state.opts.detail)
		return;
	LOG_BODY(LOG_INFO, 0);
}

void
log_debug(const char *fmt, ...)
{
	if (!log_state.opts.debug)
		return;
	LOG_BODY(LOG_DEBUG, 0);
}

void
fatalx(int code, const char *fmt, ...)
{
	LOG_BODY(LOG_CRIT, 0);
	exit(code);
}
