/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * reload_client: vigild --reload (see reload_client.c): a reload whose exit
 * status tells whether the running daemon applied the configuration.
 */
#ifndef VIGIL_DAEMON_RELOAD_CLIENT_H
#define VIGIL_DAEMON_RELOAD_CLIENT_H

struct vigil_opts;

enum reload_exit {
	RELOAD_EXIT_OK = 0,	     /* the parent and every child applied it */
	RELOAD_EXIT_CONFIG = 1,	     /* the configuration has errors: nothing signalled */
	RELOAD_EXIT_NOT_RUNNING = 3, /* no live process in the pid file */
	RELOAD_EXIT_NOT_APPLIED = 4, /* refused by the daemon, or not confirmed in time */
};

/* Validates, signals and waits; opts has its pid files resolved. Returns an enum reload_exit. */
int reload_client_run(const struct vigil_opts *opts);

#endif
