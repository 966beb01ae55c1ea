/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sdnotify: tell systemd about the daemon's state (READY=1, RELOADING=1,
 * STOPPING=1) when it runs under a Type=notify unit. Built against
 * libsystemd when configure found it, else a no-op (the unit is then
 * Type=forking).
 */
#ifndef VIGIL_UTIL_SDNOTIFY_H
#define VIGIL_UTIL_SDNOTIFY_H

/* Sends state (e.g. "READY=1") to $NOTIFY_SOCKET if set; never fails the caller. */
void sdnotify(const char *state);

#endif
