/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * main: vigild's entry point. Parses the command line, answers the
 * one-shot modes (-t, -v, -h, --signum), loads the configuration once,
 * refuses to start over a running instance, daemonises unless -n, writes
 * the parent's pid file and hands over to the parent supervisor.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/conf.h"
#include "daemon/conf_load_log.h"
#include "daemon/genhash.h"
#include "daemon/options.h"
#include "daemon/parent.h"
#include "daemon/reload_client.h"
#include "daemon/status.h"
#include "util/log.h"
#include "util/pidfile.h"
#include "util/proctitle.h"

#define DEFAULT_PID_FILE	 VIGIL_RUN_DIR "/vigild.pid"
#define DEFAULT_VRRP_PID_FILE	 VIGIL_RUN_DIR "/vigild_vrrp.pid"
#define DEFAULT_CHECKER_PID_FILE VIGIL_RUN_DIR "/vigild_checker.pid"

static struct conf_load_opts
load_opts(const struct vigil_opts *o)
{
	return (struct conf_load_opts){
		.path = o->conf_file,
		.config_id = o->config_id,
		.all_config = o->all_config,
		.check_system = true,
	};
}

/* -t: every diagnostic to stderr (or the -t=FILE), the dump to stdout with -d. */
static int
config_test(const struct vigil_opts *o)
{
	struct conf_load_opts lo = load_opts(o);
	struct conf_diags diags;
	FILE *out = stderr;
	struct conf *conf;
	int code;

	if (o->config_test_file && !(out = fopen(o->config_test_file, "we"))) {
		fprintf(stderr, "vigild: cannot write %s: %s\n", o->config_test_file,
			strerror(errno));
		return 4;
	}
	conf_diags_init(&diags);
	conf = conf_load(&lo, &diags);
	conf_diags_print(out, &diags);
	code = conf_diags_exit_code(&diags);
	if (conf && o->dump_conf)
		conf_dump(stdout, conf);
	conf_free(conf);
	conf_diags_free(&diags);
	if (out != stderr)
		fclose(out);
	return code;
}

static void
log_dump(const struct conf *conf)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);

	if (!mem)
		return;
	conf_dump_redacted(mem, conf);
	fclose(mem);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		log_info("%s", line);
	free(buf);
}

static int
refuse_if_running(const struct vigil_opts *o)
{
	const char *files[] = {o->pid_file, o->vrrp_pid_file, o->checker_pid_file};

	for (size_t i = 0; i < 3; i++) {
		pid_t pid = pidfile_live(files[i]);

		if (pid) {
			log_err("daemon is already running: %s names live process %ld", files[i],
				(long)pid);
			fprintf(stderr, "vigild: already running (%s: pid %ld)\n", files[i],
				(long)pid);
			return -1;
		}
	}
	return 0;
}

/*
 * Forks into the background. The original process waits until the daemon
 * has written its pid file (so systemd's PIDFile= is valid when it exits).
 * Returns in the daemon with ready_fd set; never returns in the original.
 */
static void
daemonise(int *ready_fd)
{
	int fds[2];
	pid_t pid;
	char byte;

	if (pipe2(fds, O_CLOEXEC) < 0)
		fatalx(VIGIL_EXIT_FATAL, "pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		fatalx(VIGIL_EXIT_FATAL, "fork: %s", strerror(errno));
	if (pid > 0) {
		close(fds[1]);
		_exit(read(fds[0], &byte, 1) == 1 ? byte : VIGIL_EXIT_FATAL);
	}
	close(fds[0]);
	setsid();
	if (chdir("/") < 0)
		log_warn("chdir /");
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		close(null);
	}
	*ready_fd = fds[1];
}

static void
report_ready(int *ready_fd, int code)
{
	char byte = (char)code;

	if (*ready_fd < 0)
		return;
	if (write(*ready_fd, &byte, 1) < 0)
		log_warn("cannot report start-up to the launching process");
	close(*ready_fd);
	*ready_fd = -1;
}

static int
run_daemon(struct vigil_opts *o)
{
	struct conf *conf;
	int ready_fd = -1, code, err, worst;

	for (size_t i = 0; i < o->nlater; i++)
		log_warnx("option accepted but without effect: %s", o->later[i]);
	conf = conf_load_logged(o, CONF_DIAG_NOTE, &worst);
	code = !conf ? VIGIL_EXIT_NO_CONFIG : worst == CONF_DIAG_FATAL ? VIGIL_EXIT_CONFIG : 0;
	if (code) {
		log_err("Stopping: configuration %s cannot be used", o->conf_file);
		conf_free(conf);
		return code;
	}
	if (o->dump_conf)
		log_dump(conf);
	if (refuse_if_running(o) < 0) {
		conf_free(conf);
		return VIGIL_EXIT_FATAL;
	}
	if (!o->dont_fork)
		daemonise(&ready_fd);
	err = pidfile_write(o->pid_file, getpid());
	if (err < 0) {
		log_err("cannot write pid file %s: %s", o->pid_file, strerror(-err));
		report_ready(&ready_fd, VIGIL_EXIT_FATAL);
		conf_free(conf);
		return VIGIL_EXIT_FATAL;
	}
	report_ready(&ready_fd, VIGIL_EXIT_OK);
	log_info("Starting vigild %s (keepalived-compatible), config %s", PACKAGE_VERSION,
		 o->conf_file);
	code = parent_run(o, conf);
	pidfile_remove(o->pid_file);
	log_info("Stopped vigild");
	return code;
}

int
main(int argc, char **argv)
{
	struct vigil_opts o;
	char err[256];

	if (genhash_wanted(argc, argv)) /* vigil-genhash, or vigild --genhash ... */
		return genhash_main(argc, argv);
	proctitle_init(argc, argv);
	if (options_parse(argc, argv, &o, err, sizeof(err)) < 0) {
		fprintf(stderr, "vigild: %s\n", err);
		return VIGIL_EXIT_FATAL;
	}
	switch (o.action) {
	case VIGIL_HELP:
		options_usage("vigild", stdout);
		return 0;
	case VIGIL_VERSION:
		printf("vigild %s (keepalived 2.2 compatible)\n", PACKAGE_VERSION);
		return 0;
	case VIGIL_SIGNUM:
		printf("%d\n", o.signum);
		return 0;
	case VIGIL_CONF_TEST:
		return config_test(&o);
	case VIGIL_STATUS:
		return status_client_run(
			o.vrrp_pid_file ? o.vrrp_pid_file : DEFAULT_VRRP_PID_FILE,
			o.checker_pid_file ? o.checker_pid_file : DEFAULT_CHECKER_PID_FILE, o.json);
	case VIGIL_RUN:
	case VIGIL_RELOAD:
		break;
	}
	o.pid_file = o.pid_file ? o.pid_file : DEFAULT_PID_FILE;
	o.vrrp_pid_file = o.vrrp_pid_file ? o.vrrp_pid_file : DEFAULT_VRRP_PID_FILE;
	o.checker_pid_file = o.checker_pid_file ? o.checker_pid_file : DEFAULT_CHECKER_PID_FILE;
	if (o.action == VIGIL_RELOAD)
		return reload_client_run(&o);
	if (o.umask_val >= 0)
		umask((mode_t)o.umask_val);
	log_init(&(struct log_opts){.console = o.log_console,
				    .no_syslog = o.no_syslog,
				    .detail = o.log_detail,
				    .facility = o.log_facility,
				    .file = o.log_file},
		 LOG_PROC_PARENT);
	return run_daemon(&o);
}
