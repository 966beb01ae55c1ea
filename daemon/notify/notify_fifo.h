/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * notify_fifo: keepalived's notify FIFOs (notify_fifo, vrrp_notify_fifo,
 * lvs_notify_fifo). One line per event, e.g. `INSTANCE "VI_1" MASTER 100`.
 * A FIFO with no reader never blocks or fails the daemon: lines are dropped.
 */
#ifndef VIGIL_NOTIFY_FIFO_H
#define VIGIL_NOTIFY_FIFO_H

#include <stdbool.h>

struct notify_fifo;

/*
 * Creates the FIFO at path (mode 0600) unless it exists; fails (logged) when
 * it cannot be made or path is not a FIFO. *created (may be NULL): made now.
 */
int notify_fifo_create(const char *path, bool *created);

/* Creates the FIFO at path if missing (mode 0600) and opens it. NULL path: NULL. Owned. */
struct notify_fifo *notify_fifo_open(const char *path);
void notify_fifo_close(struct notify_fifo *f);
/* Writes one line (a newline is added). A NULL fifo is a no-op. */
void notify_fifo_write(struct notify_fifo *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
