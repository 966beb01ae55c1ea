/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * parent: vigild's supervising process. It forks the VRRP and checker
 * children the configuration needs, writes pid files, respawns children with
 * back-off, forwards SIGHUP/SIGUSR1/SIGUSR2, validates a new configuration
 * before a reload, and stops everything on SIGTERM/SIGINT or when a child
 * exits with a permanent error. It never touches VRRP or IPVS; its only
 * listeners are its status socket and, when configured, the local metrics
 * endpoint (doc/design.md).
 */
#ifndef VIGIL_DAEMON_PARENT_H
#define VIGIL_DAEMON_PARENT_H

#include "daemon/options.h"

struct conf;

/*
 * Runs the daemon on conf (taken over) until it stops; returns the process
 * exit code. Assumes logging is initialised and the process is daemonised
 * as the options ask.
 */
int parent_run(const struct vigil_opts *opts, struct conf *conf);

/* Respawn delay in seconds after a child ran for ran_s seconds; prev is the last delay. */
unsigned parent_respawn_delay(unsigned prev, double ran_s);

#endif
