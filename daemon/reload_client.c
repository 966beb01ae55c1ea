/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * reload_client: vigild --reload, the ExecReload= of the systemd unit. It
 * validates the configuration with the daemon's own loader (diagnostics on
 * stderr as file:line) and signals nothing when it has errors. Otherwise it
 * asks the parent and each running child for their reload generation
 * (status socket request "reload"), sends one SIGHUP to the pid in the pid
 * file, and waits, bounded, until the parent and then every child that was
 * running report a newer generation. A status answer is built between two
 * events of the answering process, so a newer generation proves a reload
 * that started after the snapshot, hence read the file validated here.
 * Runs in the invoking process only; never touches the network.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "conf/conf.h"
#include "daemon/options.h"
#include "daemon/reload_client.h"
#include "daemon/status.h"
#include "util/pidfile.h"

#define RELOAD_WAIT_S  60
#define RELOAD_POLL_NS (10 * 1000 * 1000)

struct reload_peer {
	const char *what; /* "vigild", "VRRP child", "checker child" */
	char path[512];	  /* its status socket */
	bool present;	  /* answered before the signal */
	bool done, refused;
	unsigned long long gen;
	long pid;
};

/* One "reload" request; returns 0 with the answer, or -1 when nobody answered. */
static int
ask_reload(const char *path, unsigned long long *gen, bool *refused, long *pid)
{
	char buf[128], res[16];
	size_t len = 0;
	ssize_t n;
	int fd = status_connect(path);

	if (fd < 0)
		return -1;
	if (send(fd, "reload\n", 7, MSG_NOSIGNAL) != 7) {
		close(fd);
		return -1;
	}
	while (len < sizeof(buf) - 1 && (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	if (sscanf(buf, "reload %llu %15s %ld", gen, res, pid) != 3)
		return -1;
	*refused = strcmp(res, "ok") != 0;
	return 0;
}

/* The daemon's own loader and verdict: any error (or worse) refuses the reload. */
static int
validate(const struct vigil_opts *o)
{
	struct conf_load_opts lo = {
		.path = o->conf_file,
		.config_id = o->config_id,
		.all_config = o->all_config,
		.check_system = true,
	};
	struct conf_diags diags;
	struct conf *conf;
	size_t errors;

	conf_diags_init(&diags);
	conf = conf_load(&lo, &diags);
	conf_diags_print(stderr, &diags);
	/* As the daemon: script security problems are printed but do not block. */
	errors = diags.count[CONF_DIAG_ERROR] + diags.count[CONF_DIAG_FATAL];
	conf_diags_free(&diags);
	if (!conf || errors) {
		fprintf(stderr,
			"vigild: %s has errors: reload refused, the daemon was not signalled "
			"and keeps running on its configuration\n",
			o->conf_file);
		conf_free(conf);
		return -1;
	}
	conf_free(conf);
	return 0;
}

/* Polls one peer; true once it has taken the reload (or was replaced). */
static bool
peer_taken(struct reload_peer *p)
{
	unsigned long long gen;
	bool refused;
	long pid;

	if (p->done)
		return true;
	if (ask_reload(p->path, &gen, &refused, &pid) < 0)
		return false; /* not answering (respawning): keep waiting */
	/* A new process started after the snapshot; the parent forks it from
	 * its current configuration (or forwards it the SIGHUP). */
	if (pid != p->pid || gen > p->gen) {
		p->done = true;
		p->refused = pid == p->pid && refused;
	}
	return p->done;
}

static int
wait_applied(struct reload_peer *peers, size_t n, pid_t daemon_pid)
{
	const struct timespec tick = {.tv_nsec = RELOAD_POLL_NS};
	time_t deadline = time(NULL) + RELOAD_WAIT_S;
	bool all;

	do {
		all = peer_taken(&peers[0]);
		if (all && peers[0].refused) {
			fprintf(stderr,
				"vigild: the daemon refused the configuration (see its log); "
				"it keeps running on the previous one\n");
			return RELOAD_EXIT_NOT_APPLIED;
		}
		for (size_t i = 1; all && i < n; i++)
			all = !peers[i].present || peer_taken(&peers[i]);
		if (all)
			break;
		if (kill(daemon_pid, 0) < 0 && errno == ESRCH) {
			fprintf(stderr, "vigild: the daemon (pid %ld) exited during the reload\n",
				(long)daemon_pid);
			return RELOAD_EXIT_NOT_APPLIED;
		}
		nanosleep(&tick, NULL);
	} while (time(NULL) <= deadline);
	for (size_t i = 0; i < n; i++) {
		if (peers[i].present && !peers[i].done)
			fprintf(stderr, "vigild: %s did not confirm the reload within %d s\n",
				peers[i].what, RELOAD_WAIT_S);
		else if (peers[i].refused)
			fprintf(stderr, "vigild: %s refused the configuration (see its log)\n",
				peers[i].what);
	}
	for (size_t i = 0; i < n; i++)
		if ((peers[i].present && !peers[i].done) || peers[i].refused)
			return RELOAD_EXIT_NOT_APPLIED;
	return RELOAD_EXIT_OK;
}

int
reload_client_run(const struct vigil_opts *o)
{
	struct reload_peer peers[] = {
		{.what = "vigild"},
		{.what = "VRRP child"},
		{.what = "checker child"},
	};
	const char *pid_files[] = {o->pid_file, o->vrrp_pid_file, o->checker_pid_file};
	size_t n = sizeof(peers) / sizeof(peers[0]);
	pid_t pid;

	if (validate(o) < 0)
		return RELOAD_EXIT_CONFIG;
	pid = pidfile_live(o->pid_file);
	if (!pid) {
		fprintf(stderr, "vigild: no running daemon (pid file %s)\n", o->pid_file);
		return RELOAD_EXIT_NOT_RUNNING;
	}
	for (size_t i = 0; i < n; i++)
		peers[i].present =
			status_sock_path(peers[i].path, sizeof(peers[i].path), pid_files[i]) &&
			ask_reload(peers[i].path, &peers[i].gen, &peers[i].refused,
				   &peers[i].pid) == 0;
	if (kill(pid, SIGHUP) < 0) {
		fprintf(stderr, "vigild: cannot signal pid %ld: %s\n", (long)pid, strerror(errno));
		return RELOAD_EXIT_NOT_APPLIED;
	}
	if (!peers[0].present) {
		fprintf(stderr,
			"vigild: signalled pid %ld, but it has no status socket (%s): "
			"cannot confirm the reload\n",
			(long)pid, peers[0].path);
		return RELOAD_EXIT_NOT_APPLIED;
	}
	return wait_applied(peers, n, pid);
}
